"""What loading produces: submissions found on disk, and the code units read from them."""

from dataclasses import dataclass, field
from pathlib import Path

#: A notebook larger than this is refused (it is outputs, not code): 20 MiB.
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
#: A .py file, or the code of one notebook, larger than this is refused: 1 MiB.
MAX_SOURCE_BYTES = 1024 * 1024


class LoadError(Exception):
    """A file that cannot be graded; str(error) is the student-facing reason."""


@dataclass(frozen=True)
class SubmittedFile:
    """One notebook or .py file of a submission.

    path:  where it is on disk.
    label: its path relative to the submission's folder ("01_sigmoid.ipynb"), for messages.
    stage: the stage its folder names (nbgrader's `<student>/<assignment>/`), else None.
    base:  the folder the instructor named, above `path`: every name between it and the
           file is the student's and is never followed if it is a link (None: `path`'s
           parent).
    """

    path: Path
    label: str
    stage: int | None = None
    base: Path | None = None


@dataclass(frozen=True)
class Submission:
    """One student's work as found on disk, before anything is read as code.

    student:      the student's id: their name (a file's stem or a folder's name) made safe
                  as a folder name, unique in the batch (see `discover`); results, feedback
                  and gradebook rows are filed under it.
    root:         the file or folder that was submitted.
    files:        the notebooks and .py files to grade, sorted by label (may be empty).
    content_hash: sha256 hex over every file's label and bytes; the key of `--resume`.
    name:         the name as found on disk (nbgrader's student id), "" if unknown.
    notes:        what discovery found wrong (links, limits, a name clash), student-facing.
    unread:       (stage or None, note) for the notes that say what was left unread (a
                  linked folder, one too deep): the reason that stage (None: any stage)
                  gets zero when nothing else supplied it.
    """

    student: str
    root: Path
    files: tuple[SubmittedFile, ...]
    content_hash: str
    name: str = ""
    notes: tuple[str, ...] = ()
    unread: tuple[tuple[int | None, str], ...] = ()


@dataclass
class CodeUnit:
    """The code of one file, ready for a sandbox.

    label:  the file it came from ("alice/01_sigmoid.ipynb").
    cells:  plain Python source strings, in the order they run.
    stage:  the stage the file is for, or None when it names none (then it covers every stage).
    notes:  what loading left out (magics, shell commands, test cells), student-facing.
    cell_names: how a student finds each cell ("code cell 7", "the code at line 12"),
            one per entry of `cells`.
    modules: for a student's files run together, their module names ("helpers" for
            helpers.py), in the order they run: each file is a module of its own.
    module_cells: how many of `cells` each of `modules` holds.
    """

    label: str
    cells: list[str]
    stage: int | None = None
    notes: list[str] = field(default_factory=list)
    cell_names: list[str] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)
    module_cells: list[int] = field(default_factory=list)

    def file_of(self, index: int) -> str:
        """The label of the student's file that holds cells[index] (this unit's own label
        when it is one file)."""
        end = 0
        for label, size in self.files():
            end += size
            if index < end:
                return label
        return self.label

    def files(self) -> list[tuple[str, int]]:
        """[(label, number of cells)] of the student's files run together; [] for one file."""
        labels = self.label.split(" + ")
        if len(labels) != len(self.module_cells) or len(labels) < 2:
            return []
        return list(zip(labels, self.module_cells, strict=True))

    def cell_name(self, number: int) -> str:
        """The name of cells[number - 1] (sandbox notes count cells from 1)."""
        if 1 <= number <= len(self.cell_names):
            return self.cell_names[number - 1]
        return f"cell {number}"
