"""An output folder belongs to one class: a run owns its output, and two classes never mix.

    ClassId.of(paths, nbgrader_assignment)          # the class a command was given
    other_class(out_dir, wanted, students)          -> OtherClass | None (None: go ahead)
    claim(out_dir, wanted, students)                -> students whose stale results went
    clear(out_dir)                                  # everything scratchnet wrote there

`scratchnet grade` records in ``<out>/_class.json`` which class it graded there: the
submission PATHs it was given (absolute) and the nbgrader assignment, if any. Grading the
same class again (``--resume`` included) goes ahead; the results of students who are no
longer in it are removed, so the folder holds that class and nothing else. Another class
is refused, with its name, unless the command is told to replace it (``clear`` first).

A folder written before this record existed has no ``_class.json``: it is this class's if
every student with results there is in this class (their results are then this class's
earlier ones), and another class's otherwise. `scratchnet similarity` asks the same
question, without the nbgrader assignment (it compares code, whatever the assignment),
and records nothing.

No student id can start with "_" (`loading.discover`), so ``_class.json`` and
``_similarity/`` are never a student's folder.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from autograder.i18n import tr

OWNER_NAME = "_class.json"
#: What scratchnet writes in a student's folder (and nothing else is ever there).
STUDENT_FILES = ("results.json", "feedback.md", "feedback.html")
#: What it writes beside the students' folders: the class report, its figures and tables,
#: the code-similarity report and the LMS exports (`scratchnet export`'s defaults).
CLASS_FILES = ("report.html", "gradebook.csv", "checks.csv", "grades-canvas.csv",
               "grades-moodle.csv", "grades.csv", "unmatched.csv")
CLASS_PATTERNS = ("report-*.png",)
SIMILARITY_DIR = "_similarity"
#: Students named in a message about results that are not this class's.
_NAMED = 5


@dataclass(frozen=True)
class ClassId:
    """A class as a command names it: its submission PATHs (absolute, sorted) and the nbgrader
    assignment (None: every stage found)."""

    paths: tuple[str, ...]
    nbgrader_assignment: str | None = None

    @classmethod
    def of(cls, paths: Iterable[Path], nbgrader_assignment: str | None = None) -> ClassId:
        """The class graded from `paths` (absolute, sorted) and the nbgrader assignment."""
        return cls(tuple(sorted({os.path.abspath(p) for p in paths})), nbgrader_assignment)

    def same_as(self, other: ClassId, assignment: bool = True) -> bool:
        """The same PATHs (and, with `assignment`, the same nbgrader assignment)."""
        return self.paths == other.paths and (
            not assignment or self.nbgrader_assignment == other.nbgrader_assignment)

    def describe(self) -> str:
        """ "/course/submitted (nbgrader assignment 01_sigmoid)" """
        where = ", ".join(self.paths)
        if self.nbgrader_assignment is None:
            return where
        return tr("{paths} (nbgrader assignment {name})", paths=where,
                  name=self.nbgrader_assignment)


@dataclass(frozen=True)
class OtherClass:
    """What makes an output folder another class's: its recorded class (`owner`), or, with
    no record, the students with results there who are not in this class (`strangers`)."""

    owner: ClassId | None
    strangers: tuple[str, ...] = ()

    def describe(self) -> str:
        """The other class, as the instructor will recognise it."""
        if self.owner is not None:
            return self.owner.describe()
        names = ", ".join(self.strangers[:_NAMED])
        if len(self.strangers) > _NAMED:
            names = tr("{names} and {count} more", names=names,
                       count=len(self.strangers) - _NAMED)
        return tr("a class graded before scratchnet recorded which class a folder holds, with "
                  "students who are not in this one: {names}", names=names)


def read_owner(out_dir: Path) -> ClassId | None:
    """The class recorded in `out_dir` (None: no readable record)."""
    try:
        data = json.loads((Path(out_dir) / OWNER_NAME).read_text(encoding="utf-8"))
        paths, assignment = data["paths"], data.get("nbgrader_assignment")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)
            and (assignment is None or isinstance(assignment, str))):
        return None
    return ClassId(tuple(paths), assignment)


def graded_students(out_dir: Path) -> list[str]:
    """The student folders of `out_dir`: those holding a results.json."""
    return sorted(p.parent.name for p in Path(out_dir).glob(f"*/{STUDENT_FILES[0]}"))


def other_class(out_dir: Path, wanted: ClassId, students: Iterable[str],
                assignment: bool = True) -> OtherClass | None:
    """Why `out_dir` is not `wanted`'s to write in, or None when it is (or is new).

    students: the ids of `wanted`'s students. assignment: whether a different nbgrader
    assignment makes another class (see the module docstring).
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return None
    owner = read_owner(out_dir)
    if owner is not None:
        return None if owner.same_as(wanted, assignment) else OtherClass(owner)
    strangers = tuple(sorted(set(graded_students(out_dir)) - set(students)))
    return OtherClass(None, strangers) if strangers else None


def claim(out_dir: Path, wanted: ClassId, students: Iterable[str]) -> list[str]:
    """Record `wanted` as the class of `out_dir` and remove the results of students who are
    not among `students` (they left the class); the students removed. Call it once
    `other_class` said go ahead (or after `clear`)."""
    from autograder.atomic import write_text_atomic

    out_dir = Path(out_dir)
    record = {"paths": list(wanted.paths), "nbgrader_assignment": wanted.nbgrader_assignment}
    write_text_atomic(out_dir / OWNER_NAME, json.dumps(record, indent=1) + "\n")
    keep = set(students)
    gone = [student for student in graded_students(out_dir) if student not in keep]
    for student in gone:
        _remove_student(out_dir / student)
    return gone


def clear(out_dir: Path) -> None:
    """Remove what scratchnet wrote in `out_dir` (the students' results and feedback, the
    class report, the similarity report, the exports, the class record); nothing else."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return
    for student in graded_students(out_dir):
        _remove_student(out_dir / student)
    for name in (*CLASS_FILES, OWNER_NAME):
        (out_dir / name).unlink(missing_ok=True)
    for pattern in CLASS_PATTERNS:
        for path in out_dir.glob(pattern):
            path.unlink(missing_ok=True)
    similarity = out_dir / SIMILARITY_DIR
    if similarity.is_dir() and not similarity.is_symlink():
        shutil.rmtree(similarity)


def _remove_student(folder: Path) -> None:
    """A student's results and feedback, and the folder if nothing else is left in it."""
    for name in STUDENT_FILES:
        (folder / name).unlink(missing_ok=True)
    for leftover in folder.glob(".*.tmp"):  # an atomic write cut short
        leftover.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something that is not scratchnet's is in it: left alone
