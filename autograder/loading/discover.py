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

Nothing below PATH is followed if it is a symbolic link (a file, a folder, or PATH itself):
a link is a note for its student and zero for what it would have supplied. Only regular
files are read (see `files`). A student's folder is walked breadth first, without
recursion, to at most MAX_DEPTH folders deep, MAX_ENTRIES entries seen and MAX_FILES graded
files; going past a limit is a note and the rest of the batch goes on.

Identities: each submission's id is its name (a file's stem, a folder's name) made safe as
a folder name. When two submissions would get the same id (ignoring case, so that a
case-insensitive disk keeps them apart too) or an id is the name of a file the batch writes
(report.html, gradebook.csv, ...), the one whose name is already that id keeps it and the
others get "-" and 6 hex digits of the sha256 of their name as found; both get a note and
the clash is one of the discovery's notes. Ids depend only on the names, never on order.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from autograder.i18n import tr
from autograder.loading.files import LINK_NOTE, open_folder, read_regular
from autograder.loading.model import MAX_NOTEBOOK_BYTES, LoadError, Submission, SubmittedFile
from autograder.loading.stages import stage_from_name
from autograder.text_safety import printable

GRADED_SUFFIXES = (".ipynb", ".py")
IGNORED_DIRS = frozenset({".ipynb_checkpoints", "__pycache__", "feedback", "autograded",
                          "release"})
#: Folders below a student's own folder (or assignment folder) that are looked into.
MAX_DEPTH = 8
#: Files and folders listed in one student's folder, all levels together.
MAX_ENTRIES = 5_000
#: Notebooks and .py files graded for one submission (the first, by name).
MAX_FILES = 100
#: Entries listed in one class folder (or nbgrader's submitted/ folder).
MAX_CLASS_ENTRIES = 20_000
#: Characters of a student id (before a clash suffix).
MAX_NAME = 100

#: Anything but letters and digits of any script (Chinese names stay readable), ".", "_", "-".
_UNSAFE = re.compile(r"[^\w.-]+")
# Names of what a batch writes beside the students' folders (autograder/report).
_RESERVED = re.compile(r"^(report|gradebook|checks)\b.*\.(html|csv|png)$", re.IGNORECASE)


class NotASubmission(FileNotFoundError):
    """A PATH that is a file, but not one a submission can be: no submission is there (so
    whatever handles a PATH that does not exist handles it)."""


@dataclass
class Discovery:
    """submissions: in order, each with a unique id. notes: for the instructor (name
    clashes, PATHs that are links, limits of a class folder)."""

    submissions: list[Submission]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Found:
    """A submission before it has an id: its name as found, and where it was found."""

    name: str
    root: Path
    files: list[SubmittedFile]
    unread: list[tuple[int | None, str]]


def discover(paths: list[Path], nbgrader_assignment: str | None = None) -> list[Submission]:
    """Every submission under `paths`, in order, each with a unique id.

    Raises FileNotFoundError for a path that does not exist, NotASubmission (one) for a
    file that is not a notebook or .py file.
    """
    return find_submissions(paths, nbgrader_assignment).submissions


def find_submissions(paths: list[Path], nbgrader_assignment: str | None = None) -> Discovery:
    """`discover`, with the notes for the instructor. Raises FileNotFoundError as it does."""
    found: list[_Found] = []
    notes: list[str] = []
    roots: set[str] = set()
    for path in map(Path, paths):
        if not os.path.lexists(path):
            raise FileNotFoundError(f"no such file or folder: {path}")
        for item in _discover_one(path, nbgrader_assignment, notes):
            key = os.path.abspath(item.root)
            if key not in roots:  # the same submission named twice is graded once
                roots.add(key)
                found.append(item)
    ids, clash_notes = _assign_ids(found, notes)
    submissions = []
    for item, student, extra in zip(found, ids, clash_notes, strict=True):
        files = sorted(item.files, key=lambda f: f.label)
        said = [note for _, note in item.unread]
        submissions.append(Submission(student, item.root, tuple(files), content_hash(files),
                                      name=item.name, notes=tuple(extra + said),
                                      unread=tuple(item.unread)))
    return Discovery(submissions, notes)


def submission_in(folder: Path, student: str) -> Submission:
    """Every notebook and .py file under `folder` (trusted; nothing below it followed if a
    link) as the submission of `student` (used as its id as it is)."""
    files, unread = _walk(Path(folder), (), None)
    files.sort(key=lambda f: f.label)
    return Submission(student, Path(folder), tuple(files), content_hash(files), name=student,
                      notes=tuple(note for _, note in unread), unread=tuple(unread))


def content_hash(files: list[SubmittedFile]) -> str:
    """sha256 hex over each file's label and bytes, in label order (a file that cannot be
    read, or is over the notebook size limit, counts by its size or its error)."""
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.label):
        digest.update(file.label.encode("utf-8", "surrogateescape") + b"\0")
        try:
            size, data = read_regular(file.path, file.base, MAX_NOTEBOOK_BYTES)
        except (OSError, LoadError) as error:
            digest.update(f"unreadable: {type(error).__name__} {error}".encode(
                "utf-8", "surrogateescape"))
            continue
        digest.update(f"{size}\0".encode() + hashlib.sha256(data).digest())
    return digest.hexdigest()


# --- the layouts ------------------------------------------------------------------------------

def _discover_one(path: Path, assignment: str | None, notes: list[str]) -> list[_Found]:
    """The submissions at one PATH (notes for the instructor go to `notes`)."""
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        notes.append(f"{path} is a symbolic link and was not followed (pass the file or "
                     "folder it points to)")
    if not stat.S_ISDIR(mode):
        if not stat.S_ISLNK(mode) and not path.name.endswith(GRADED_SUFFIXES):
            raise NotASubmission(tr("{path} is not a notebook (.ipynb), a Python file (.py) or "
                                    "a folder of them", path=printable(str(path))))
        return [_single(path.parent, path.name)]
    nbgrader_root = _nbgrader_submitted(path)
    if nbgrader_root is not None:
        return _nbgrader_students(nbgrader_root, assignment, notes)
    entries = _class_entries(path, notes)
    graded = [name for name, kind in entries if name.endswith(GRADED_SUFFIXES)
              and kind != "dir"]
    folders = [name for name, kind in entries if kind in ("dir", "dirlink")]
    if not folders and any(stage_from_name(name) for name in graded):
        files, found_notes = _walk(path, (), None)  # one student's stage notebooks
        return [_Found(path.resolve().name or "student", path, files, found_notes)]
    found = [_single(path, name) for name in graded]
    for name, kind in entries:
        if kind == "dir":
            found.append(_Found(name, path / name, *_walk(path, (name,), None)))
        elif kind == "dirlink" and name not in graded:  # (a linked "x.py" is in `graded`)
            found.append(_Found(name, path / name, [],
                                [(None, tr(LINK_NOTE, name=printable(name)))]))
    return sorted(found, key=lambda item: item.name)


def _single(base: Path, name: str) -> _Found:
    """One file as one student's submission (a link or a folder link: a note and zero)."""
    path = base / name
    if name.endswith(GRADED_SUFFIXES) or not os.path.islink(path):
        return _Found(Path(name).stem, path, [SubmittedFile(path, printable(name), None, base)],
                      [])
    return _Found(name, path, [], [(None, tr(LINK_NOTE, name=printable(name)))])


def _nbgrader_submitted(path: Path) -> Path | None:
    """The `submitted` folder if `path` is an nbgrader course or its `submitted` folder."""
    if path.name == "submitted":
        return path
    try:
        if stat.S_ISDIR(os.lstat(path / "submitted").st_mode):
            return path / "submitted"
    except OSError:
        pass
    return None


def _nbgrader_students(submitted: Path, assignment: str | None, notes: list[str]
                       ) -> list[_Found]:
    """One submission per student folder; only `assignment`'s folder if one is named."""
    found = []
    for student, kind in _class_entries(submitted, notes):
        if kind == "dirlink":
            found.append(_Found(student, submitted / student, [],
                                [(None, tr(LINK_NOTE, name=printable(student)))]))
        if kind != "dir":
            continue
        if assignment is None:
            found.append(_Found(student, submitted / student,
                                *_walk(submitted, (student,), None)))
            continue
        folder = submitted / student / assignment
        try:
            mode = os.lstat(folder).st_mode
        except OSError:
            continue  # this student did not submit this assignment
        if stat.S_ISLNK(mode):
            found.append(_Found(student, folder, [],
                                [(stage_from_name(assignment),
                                  tr(LINK_NOTE, name=printable(assignment)))]))
        elif stat.S_ISDIR(mode):
            found.append(_Found(student, folder,
                                *_walk(submitted, (student, assignment), assignment)))
    return found


# --- walking a folder, bounded and without following links ------------------------------------

def _class_entries(folder: Path, notes: list[str]) -> list[tuple[str, str]]:
    """(name, kind) of the class folder's visible entries, sorted; at most
    MAX_CLASS_ENTRIES are listed (a note for the instructor says if there were more)."""
    try:
        fd = open_folder(folder, ())
    except (OSError, LoadError) as error:
        notes.append(f"{folder} could not be read ({_why(error)})")
        return []
    try:
        entries, more = _list(fd, MAX_CLASS_ENTRIES)
    finally:
        os.close(fd)
    if more:
        notes.append(f"{folder} has more than {MAX_CLASS_ENTRIES:,} entries; only "
                     f"{MAX_CLASS_ENTRIES:,} of them were looked at")
    return entries


def _walk(base: Path, top: tuple[str, ...], folder_label: str | None
          ) -> tuple[list[SubmittedFile], list[tuple[int | None, str]]]:
    """(files, unread) of the submission folder base/top/...: every notebook and .py file
    below it, breadth first (hidden and Jupyter's folders skipped), and (stage, note) for
    what was left unread.

    A file's stage is the first stage-named folder on its way down (or `folder_label`'s).
    Links are never followed: a linked notebook or .py file is kept (loading refuses it,
    so its stage gets zero with the reason); a linked folder is a note for the stage its
    name or place says (None: any).
    """
    files: list[SubmittedFile] = []
    notes: list[tuple[int | None, str]] = []
    queue: deque[tuple[str, ...]] = deque([()])
    seen, too_deep = 0, False
    while queue:
        relative = queue.popleft()
        try:
            fd = open_folder(base, top + relative)
        except (OSError, LoadError) as error:
            notes.append((_stage_of(folder_label, relative),
                          _unreadable_folder(relative, error)))
            continue
        try:
            entries, more = _list(fd, MAX_ENTRIES - seen)
        finally:
            os.close(fd)
        seen += len(entries)
        for name, kind in entries:
            below = relative + (name,)
            label = printable("/".join(below))  # for messages; `path` is what is opened
            if kind == "dir":
                if len(below) > MAX_DEPTH:
                    too_deep = True
                else:
                    queue.append(below)
            elif kind == "dirlink":
                notes.append((_stage_of(folder_label, below), tr(LINK_NOTE, name=label)))
            elif name.endswith(GRADED_SUFFIXES):
                stage = _stage_of(folder_label, relative)
                files.append(SubmittedFile(base.joinpath(*top, *below), label, stage, base))
        if more:
            notes.append((None, f"your folder has more than {MAX_ENTRIES:,} files and "
                                f"folders; only the first {MAX_ENTRIES:,} scratchnet came to "
                                "were looked at"))
            break
    if too_deep:
        notes.append((None, f"folders nested more than {MAX_DEPTH} deep were not looked at; "
                            "keep your notebooks and .py files nearer the top of your folder"))
    if len(files) > MAX_FILES:
        files.sort(key=lambda f: f.label)
        notes.append((None, f"your folder has {len(files)} notebooks and .py files; only the "
                            f"first {MAX_FILES} (by name) were graded"))
        files = files[:MAX_FILES]
    return files, notes


def _stage_of(folder_label: str | None, folders: tuple[str, ...]) -> int | None:
    """The stage the first stage-named folder of `folders` (or `folder_label`) names."""
    names = ([folder_label] if folder_label else []) + list(folders)
    return next((s for s in map(stage_from_name, names) if s), None)


def _unreadable_folder(relative: tuple[str, ...], error: Exception) -> str:
    where = printable("/".join(relative)) or "the folder"
    if isinstance(error, LoadError):  # a link (or not a folder) swapped in after listing
        return str(error)
    return f"{where} could not be read ({_why(error)})"


def _list(fd: int, budget: int) -> tuple[list[tuple[str, str]], bool]:
    """(name, kind) of the visible entries of the open folder `fd`, sorted by name, and
    whether listing stopped after `budget` entries (hidden ones count too)."""
    entries = []
    with os.scandir(fd) as listing:
        for count, entry in enumerate(listing):
            if count >= budget:
                return sorted(entries), True
            if entry.name.startswith(".") or entry.name in IGNORED_DIRS:
                continue
            entries.append((entry.name, _kind(entry)))
    return sorted(entries), False


def _kind(entry: os.DirEntry) -> str:
    """"dir", "file", "dirlink" (a link to a folder), "link" (any other link) or "other"
    (a pipe, socket or device), without following links (a link's target is only stat'ed,
    to tell a linked folder from a linked file)."""
    try:
        if entry.is_symlink():
            return "dirlink" if entry.is_dir() else "link"
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        if entry.is_file(follow_symlinks=False):
            return "file"
    except OSError:
        pass
    return "other"


def _why(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


# --- identities -------------------------------------------------------------------------------

def _assign_ids(found: list[_Found], notes: list[str]) -> tuple[list[str], list[list[str]]]:
    """A unique id per submission (see the module's docstring) and the notes on each one
    whose name clashed; the instructor's notes on clashes go to `notes`."""
    safe = [safe_name(item.name) for item in found]
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(safe):
        groups.setdefault(name.casefold(), []).append(i)
    ids = list(safe)
    extra: list[list[str]] = [[] for _ in found]
    for key, members in groups.items():
        reserved = bool(_RESERVED.match(key))
        if len(members) == 1 and not reserved:
            continue
        exact = [i for i in members if found[i].name == safe[i]]
        keep = exact[0] if len(exact) == 1 and not reserved else None
        names = [found[i].name for i in members]
        for i in members:
            if i != keep:  # equal names (from two PATHs) are told apart by where they are
                identity = found[i].name if names.count(found[i].name) == 1 \
                    else str(found[i].root)
                ids[i] = f"{safe[i]}-{_digest(identity)}"
    ids = _distinct(ids)
    for key, members in groups.items():
        reserved = bool(_RESERVED.match(key))
        if len(members) == 1 and not reserved:
            continue
        shared = safe[members[0]]
        why = (f'"{shared}" is the name of a file scratchnet writes beside the students\' '
               "folders" if reserved else f'another submission\'s name is also "{shared}" '
               "once made safe for a folder name")
        for i in members:
            extra[i].append(f"{why}, so this submission ({found[i].name!r}) is filed as "
                            f'"{ids[i]}"' if ids[i] != shared else
                            f"{why}; this submission keeps it")
        notes.append("name clash: " + ", ".join(f"{found[i].root} -> {ids[i]}"
                                                for i in members)
                     + " (each is graded and filed under its own id)")
    return ids, extra


def safe_name(name: str) -> str:
    """A student name usable as a folder name: letters and digits (of any script, in NFC),
    '.', '_' and '-' only, not starting with '.', '_' or '-', at most MAX_NAME characters."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip("._-")
    return cleaned[:MAX_NAME].rstrip("._-") or "student"


def _digest(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:6]


def _distinct(ids: list[str]) -> list[str]:
    """`ids` with any still equal (ignoring case) made distinct by a counter: only when
    two 6-digit digests collide."""
    taken: set[str] = set()
    out = []
    for name in ids:
        candidate, n = name, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{name}-{n}"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out
