"""Finding submissions on disk: single files, class folders, and nbgrader's layout.

Layouts understood (PATH is what the instructor passes):

    alice.ipynb | alice.py                  one student, named after the file
    DIR/<student>.ipynb | DIR/<student>.py  one student per file
    DIR/<student>/**/*.ipynb|*.py           one student per folder, every file in it
    DIR/01_sigmoid.ipynb ... (stage-named files, no folders)  DIR is one student's folder
    COURSE/submitted/<student>/<assignment>/*.ipynb     nbgrader (also PATH = .../submitted)

In nbgrader's layout `nbgrader_assignment` picks one assignment; without it every
assignment folder of a student is graded. A folder named for a stage (`01_sigmoid`, as
nbgrader assignment folders are) tells the stage of the files inside it.
"""

import hashlib
import re
from pathlib import Path

from autograder.loading.model import Submission, SubmittedFile
from autograder.loading.stages import stage_from_name

GRADED_SUFFIXES = (".ipynb", ".py")
_IGNORED_DIRS = {".ipynb_checkpoints", "__pycache__", "feedback", "autograded", "release"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def discover(paths: list[Path], nbgrader_assignment: str | None = None) -> list[Submission]:
    """Every submission under `paths`, in order, each student once (names made unique).

    Raises FileNotFoundError for a path that does not exist.
    """
    found: list[tuple[str, Path, list[SubmittedFile]]] = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        found.extend(_discover_one(path, nbgrader_assignment))
    submissions = []
    taken: set[str] = set()
    for student, root, files in found:
        name = _unique(_safe_name(student), taken)
        files = sorted(files, key=lambda f: f.label)
        submissions.append(Submission(name, root, tuple(files), content_hash(files)))
    return submissions


def content_hash(files: list[SubmittedFile]) -> str:
    """sha256 hex over each file's label and bytes, in label order."""
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.label):
        digest.update(file.label.encode() + b"\0")
        with open(file.path, "rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def _discover_one(path: Path, assignment: str | None) -> list[tuple[str, Path, list]]:
    """(student, root, files) for each submission at one PATH."""
    if path.is_file():
        return [(path.stem, path, [SubmittedFile(path, path.name, None)])]
    nbgrader_root = _nbgrader_submitted(path, assignment)
    if nbgrader_root is not None:
        return _nbgrader_students(nbgrader_root, assignment)
    entries = _visible_entries(path)
    files = [e for e in entries if e.is_file() and e.suffix in GRADED_SUFFIXES]
    folders = [e for e in entries if e.is_dir()]
    if not folders and any(stage_from_name(f.name) for f in files):
        return [(path.name, path, _files_under(path))]  # one student's stage notebooks
    found = [(f.stem, f, [SubmittedFile(f, f.name, None)]) for f in files]
    found += [(d.name, d, _files_under(d)) for d in folders]
    return sorted(found, key=lambda item: item[0])


def _nbgrader_submitted(path: Path, assignment: str | None) -> Path | None:
    """The `submitted` folder if `path` is an nbgrader course or its `submitted` folder."""
    if path.name == "submitted":
        return path
    if (path / "submitted").is_dir():
        return path / "submitted"
    return None


def _nbgrader_students(submitted: Path, assignment: str | None) -> list[tuple[str, Path, list]]:
    """One submission per student folder; only `assignment`'s folder if one is named."""
    found = []
    for student in _visible_entries(submitted):
        if not student.is_dir():
            continue
        if assignment is not None:
            folder = student / assignment
            if folder.is_dir():
                found.append((student.name, folder, _files_under(folder, assignment)))
        else:
            found.append((student.name, student, _files_under(student)))
    return found


def _files_under(folder: Path, folder_label: str | None = None) -> list[SubmittedFile]:
    """Every notebook and .py file below `folder` (hidden and checkpoint folders skipped).

    A file's stage is the first stage-named folder on its way down (or `folder_label`'s).
    """
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.suffix not in GRADED_SUFFIXES or not path.is_file():
            continue
        if any(p.startswith(".") or p in _IGNORED_DIRS for p in relative.parts):
            continue
        stages = [stage_from_name(p) for p in ([folder_label] if folder_label else [])
                  + list(relative.parts[:-1])]
        stage = next((s for s in stages if s), None)
        files.append(SubmittedFile(path, relative.as_posix(), stage))
    return files


def _visible_entries(folder: Path) -> list[Path]:
    """The folder's entries, sorted, without hidden ones and Jupyter's own folders."""
    return sorted(p for p in folder.iterdir()
                  if not p.name.startswith(".") and p.name not in _IGNORED_DIRS)


def _safe_name(name: str) -> str:
    """A student name usable as a folder name: letters, digits, '.', '_' and '-' only."""
    return _UNSAFE.sub("_", name).strip("._") or "student"


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`, ... if it is taken; records the result as taken."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate)
    return candidate
