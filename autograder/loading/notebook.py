"""Reading a Jupyter notebook (nbformat 4) into code cells, without trusting it.

Only code cells are kept, in order, with IPython syntax translated (see `magics`). Cells
nbgrader marks as tests (``grade: true, solution: false``) that are worth points are left
out: they are the course's graded checks, not the student's code. A test cell worth 0 points
is a visible check the student runs (it only makes nbgrader's Validate report its failure):
it is kept and runs as plain code, as it does under `nbgrader autograde`; if it fails, the
sandbox skips it with a note and runs the rest. The course's figure cells, unchanged, are
left out when no other cell needs them (`figures`: they only draw). Anything that is not a
readable nbformat-4 notebook raises LoadError with a reason a student can act on.
"""

import json
from pathlib import Path

from autograder.i18n import tr
from autograder.loading.figures import course_figure, left_out
from autograder.loading.files import read_regular
from autograder.loading.magics import translate_cell
from autograder.loading.model import MAX_NOTEBOOK_BYTES, MAX_SOURCE_BYTES, CodeUnit, LoadError
from autograder.loading.stages import stage_from_metadata, stage_from_name
from autograder.text_safety import printable


def read_notebook(path: Path, label: str, stage: int | None = None,
                  base: Path | None = None) -> CodeUnit:
    """The code of the notebook at `path` as a CodeUnit.

    label: the name used in messages. stage: the stage its folder names, if any; the
    notebook's own metadata comes first, then `stage`, then the file name. base: the
    trusted folder above `path` (nothing below it is followed if a link; None: its parent).
    """
    notebook = _parse(path, base)
    metadata = notebook.get("metadata")
    stage = stage_from_metadata(metadata) or stage or stage_from_name(path.name)
    cells: list[str] = []
    names: list[str] = []
    notes: list[str] = []
    figures: set[int] = set()  # indices in `cells` of the course's unchanged figure cells
    number = 0
    for cell in notebook["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        if _is_nbgrader_test(cell):
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            notes.append(tr("code cell {number} was skipped: its source is not text",
                            number=number))
            continue
        code, cell_notes = translate_cell(source)
        notes.extend(tr("code cell {number}, {note}",
                        number=number, note=note) for note in cell_notes)
        if code is not None and code.strip():
            if course_figure(cell, source):
                figures.add(len(cells))
            cells.append(code)
            names.append(tr("code cell {number}",
                            number=number))
    skipped = left_out(cells, figures)  # the course's figure cells, if nothing needs them
    cells = [c for i, c in enumerate(cells) if i not in skipped]
    names = [n for i, n in enumerate(names) if i not in skipped]
    if sum(len(c) for c in cells) > MAX_SOURCE_BYTES:
        raise LoadError(tr("{label} holds more than {value} KiB of code, which is far more than "
                           "this course needs; it was not graded",
                           label=label, value=MAX_SOURCE_BYTES // 1024))
    return CodeUnit(label=label, cells=cells, stage=stage, notes=notes, cell_names=names)


def _parse(path: Path, base: Path | None = None) -> dict:
    """The notebook's JSON, checked to be nbformat 4 with a list of cells."""
    size, raw = read_regular(path, base, MAX_NOTEBOOK_BYTES)
    name = printable(path.name)
    if size == 0:
        raise LoadError(tr("{name} is empty (0 bytes): save the notebook in Jupyter and resubmit",
                           name=name))
    if size > MAX_NOTEBOOK_BYTES:
        raise LoadError(
            tr("{name} is {value:.0f} MiB, over the {value2} MiB limit (large notebooks are "
               "nearly all saved outputs such as images): clear the outputs (Edit > Clear Outputs"
               " of All Cells), save, and resubmit",
               name=name, value=size / 2 ** 20, value2=MAX_NOTEBOOK_BYTES // 2 ** 20)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoadError(tr("{name} is not a notebook: it is not UTF-8 text (a binary file, or a "
                           "notebook saved in another encoding)",
                           name=name)) from None
    try:
        notebook = json.loads(text)
    except (RecursionError, MemoryError):
        raise LoadError(tr("{name} is nested too deeply to read (lists or objects inside one "
                           "another thousands of levels deep); a notebook saved by Jupyter never "
                           "is. Open it in Jupyter, save it, and resubmit",
                           name=name)) from None
    except json.JSONDecodeError as error:
        where = tr(" (line {lineno}, column {colno})",
                   lineno=error.lineno, colno=error.colno)
        raise LoadError(tr("{name} is not a valid notebook: it is not JSON{where}; it may be cut "
                           "short or edited by hand. Open it in Jupyter, save it, and resubmit",
                           name=name, where=where)
                        ) from None
    if not isinstance(notebook, dict):
        raise LoadError(tr("{name} is not a notebook: its JSON is not a notebook object",
                           name=name))
    version = notebook.get("nbformat")
    if version == 3 or "worksheets" in notebook:
        raise LoadError(tr("{name} is an old nbformat 3 notebook: open it in Jupyter 4 or later "
                           "and save it (that converts it to nbformat 4), then resubmit",
                           name=name))
    if version != 4:
        raise LoadError(tr("{name} is not an nbformat 4 notebook (nbformat is {version})",
                           name=name, version=repr(version)))
    if not isinstance(notebook.get("cells"), list):
        raise LoadError(tr("{name} is not a valid notebook: it has no list of cells",
                           name=name))
    return notebook


def _is_nbgrader_test(cell: dict) -> bool:
    """True for a cell nbgrader marks as an autograder test (graded, not a solution) that
    is worth points; a 0-point test cell (a visible check) is the student's code to run."""
    metadata = cell.get("metadata")
    nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    if not isinstance(nbgrader, dict):
        return False
    if not nbgrader.get("grade") or nbgrader.get("solution"):
        return False
    points = nbgrader.get("points")
    worth_nothing = type(points) in (int, float) and points == 0
    return not worth_nothing
