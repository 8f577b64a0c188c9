"""The code cells of the course's notebooks, as nbgrader cells, written once for every language.

The code itself is Python in code/, one file per stage in jupytext's percent format
(code/README.md): ``stage_cells(stage)`` reads a stage's file, expands its includes and makes
each cell. The build (build_notebooks.py) places the cells between the Markdown of the
per-stage documents under text/<lang>/, by id. A code cell's comments, docstrings and messages
are English; another language's document translates them (see text/README.md), never the code.

Cell kinds (helpers below; a marker line in code/ names the kind):

    given(grade_id, code)             read-only code (nbgrader "locked"): setup, earlier stages
    solution(grade_id, code)          the student's cell; nbgrader replaces each
                                      ### BEGIN SOLUTION / ### END SOLUTION region with a stub
    visible_test(grade_id, code)      checks students run; a 0-point graded cell, so
                                      nbgrader's Validate reports their failures. Its code
                                      (grader_checks) runs the grader's checks where
                                      scratchnet is installed, else numpy checks
    figure(grade_id, code)            plotting code that draws the student's own results
    graded_checks(stage)              one graded cell per registry check of the stage; the call
                                      into `autograder` sits in a ### BEGIN HIDDEN TESTS region

A contract function is written once, as the solution cell of its stage; later stages include
it as given code (``from .stage1_sigmoid import sigmoid``), so the two can never differ.
"""

from __future__ import annotations

import importlib.util
import json
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat

# --- cells ------------------------------------------------------------------------------

def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          points: int | None = None) -> dict:
    """nbgrader cell metadata, schema 3."""
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _code(source: str, metadata: dict) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source=source.strip("\n"), metadata=metadata)


def given(grade_id: str, code: str) -> nbformat.NotebookNode:
    """Read-only code the student runs but does not change (restored from the source
    when graded)."""
    return _code(code, _meta(grade_id, locked=True))


def solution(grade_id: str, code: str) -> nbformat.NotebookNode:
    """The cell the student writes in."""
    return _code(code, _meta(grade_id, solution=True))


def visible_test(grade_id: str, code: str) -> nbformat.NotebookNode:
    """Checks the student can read and run; they teach and give instant feedback.

    An nbgrader autograder-test cell worth 0 points (locked, as nbgrader locks test cells):
    nbgrader's Validate (the JupyterLab button and `nbgrader validate`) only counts errors
    in graded cells, so this is what makes Validate say "failed" while a check fails. Worth
    nothing, they change no score; the graded checks are the hidden-test cells.
    nbgrader's add_missing_cells puts a deleted graded cell back after the nbgrader cell
    before it, which must be a graded or solution cell (a locked one makes it fail with
    KeyError): every visible check comes right after the solution cell it checks.
    """
    return _code(code, _meta(grade_id, grade=True, locked=True, points=0))


#: What a visible check cell passes for the notebook's language; the build writes each
#: language's code into its notebooks (``localise``), the one difference between them.
LANG_ARGUMENT = 'lang="{lang}"'


def localise(code: str, lang: str) -> str:
    """A cell's code for the notebooks of ``lang``: the check call says the language."""
    english = LANG_ARGUMENT.format(lang="en")
    return code.replace(english, LANG_ARGUMENT.format(lang=lang)) if lang != "en" else code


def grader_checks(names: list[str], numpy_checks: str) -> str:
    """A visible check cell: the grader's own checks of ``names`` when scratchnet is installed
    in the kernel (``autograder.notebook_checks``), else the hand-written ``numpy_checks``.

    The first comment line of ``numpy_checks`` (what the cell checks) stays at the top.
    """
    first, _, rest = numpy_checks.strip("\n").partition("\n")
    if not first.startswith("#"):
        first, rest = "", numpy_checks.strip("\n")
    quoted = [f'"{name}"' for name in names]
    which = quoted[0] if len(names) == 1 else "[" + ", ".join(quoted) + "]"
    if len(which) > 60:  # keep the call within ruff's 100 columns
        which = "[" + textwrap.fill(", ".join(quoted), 80, subsequent_indent=" " * 11) + "]"
    fallback = "\n".join(f"    {line}" if line else "" for line in rest.split("\n"))
    return f'''
{first}
try:  # with scratchnet installed: the grader's own checks, which name the mistake
    from autograder.notebook_checks import check
except ImportError:  # numpy only: the short checks below
    check = None
if check:
    check({which}, globals(), {LANG_ARGUMENT.format(lang="en")})
else:
    print("Installing scratchnet gives fuller feedback here: the grader's own checks.")
{fallback}
'''


def figure(grade_id: str, code: str) -> nbformat.NotebookNode:
    """Plotting code, given; it draws the student's own results once their functions work.

    Not locked, on purpose: locked cells after a solution cell would break nbgrader's
    add_missing_cells (see visible_test). Such cells carry no nbgrader metadata at all
    (nbgrader 0.9.6 would strip the grade id of a cell with no role and then crash on it);
    their name is kept under "scratchnet" for the project's tests.
    """
    return _code(code, {"scratchnet": {"cell": grade_id}})


#: The comment of a graded-check cell, in English. A translation gives these texts once for
#: the course, as pairs in the graded-checks section of its first stage's document; the
#: check's description comes from the grader's message catalog (text/README.md), so the
#: notebook and the grader's feedback show the same sentence.
CHECK_COMMENT = ("Graded check `{name}` ({points}, {visibility}):\n"
                 "{description}\n"
                 "The grader adds the code that runs this check when your work is graded.")
#: {points} in CHECK_COMMENT: one point, several points.
CHECK_POINTS = ("{n} point", "{n} points")
#: {visibility} in CHECK_COMMENT, by the registry's visibility.
CHECK_VISIBILITY = ("visible", "hidden")
#: {description} of a hidden check (its own description stays with the instructor).
HIDDEN_DESCRIPTION = "a hidden check: it tests your work further, on inputs you have not seen."
#: Every text of the graded-check comment that a translation gives.
CHECK_FRAME = (CHECK_COMMENT, *CHECK_POINTS, *CHECK_VISIBILITY, HIDDEN_DESCRIPTION)


def check_comment(name: str, points: int, visibility: str, description: str,
                  frame: dict[str, str] | None = None) -> str:
    """The text of a graded-check cell's comment (without the "# "): in English, or in
    another language when ``frame`` maps each text of CHECK_FRAME to its translation and
    ``description`` is already translated."""
    say = frame or {text: text for text in CHECK_FRAME}
    if visibility == "visible" and description:
        what = description if frame else description.rstrip(".") + "."
    else:  # a hidden check's description stays with the instructor
        what = say[HIDDEN_DESCRIPTION]
    return say[CHECK_COMMENT].format(
        name=name, points=say[CHECK_POINTS[points != 1]].format(n=points),
        visibility=say[visibility], description=what)


def graded_check(name: str, points: int, visibility: str, description: str
                 ) -> nbformat.NotebookNode:
    """One nbgrader autograder-test cell that runs one registry check.

    nbgrader grades a test cell all-or-nothing, so one cell per check gives partial credit;
    the cell's points are the check's points. The call into `autograder` is a hidden-test
    region: the student's release shows only the comment lines.
    """
    comment = "\n".join(f"# {line}" for line in
                        check_comment(name, points, visibility, description).split("\n"))
    source = (
        f"{comment}\n"
        "### BEGIN HIDDEN TESTS\n"
        "from autograder.nbgrader.hook import run as _run_check\n\n"
        f'_run_check(globals(), "{name}")\n'
        "### END HIDDEN TESTS"
    )
    return _code(source, _meta(f"check_{name}", grade=True, locked=True, points=points))


CHECK_CALL = re.compile(r'_run_check\(globals\(\), "(\w+)"\)')


def graded_checks(stage: int) -> list[nbformat.NotebookNode]:
    """One graded cell per registry check of ``stage``, in registry order."""
    from autograder.checks import REGISTRY  # the instructor's side only

    checks = [check for check in REGISTRY if check.stage == stage]
    if not checks:
        raise RuntimeError(f"the registry has no checks for stage {stage}")
    return [graded_check(c.name, c.points, c.visibility, c.description) for c in checks]


# --- the code cells, read from code/ ------------------------------------------------------

#: The cells' code: one file per stage, code/stage<N>_<name>.py, plus code/shared.py (pieces
#: that several cells include) and code/setup_cells.py (the generated setup cells). The
#: format is jupytext's percent format, read by the few lines below (code/README.md).
CODE = Path(__file__).resolve().parent / "code"

#: A cell's marker line: ``# %% <id> <kind>``, then metadata as jupytext writes it,
#: ``key=<JSON value>`` (only ``generate="<function of setup_cells.py>"`` is used).
MARKER = re.compile(r"^# %% (\w+) (given|solution|check|figure|part)((?: \w+=\S+)*)$",
                    re.MULTILINE)
#: A line that includes cells of a sibling file, by id: ``from .stage1_sigmoid import sigmoid``.
INCLUDE = re.compile(r"from \.(\w+) import (\w+(?:, \w+)*)")


@dataclass(frozen=True)
class Cell:
    """One cell as its file writes it: id (nbgrader grade id or figure name), kind, the
    marker's metadata, and its code with includes not yet expanded."""

    id: str
    kind: str
    metadata: dict
    code: str


@cache
def read_cells(file: str) -> dict[str, Cell]:
    """The cells of code/<file>.py by id, in order. The text before the first marker is no
    cell: it declares, for the linter, the names the cells take from elsewhere."""
    text = (CODE / f"{file}.py").read_text(encoding="utf-8")
    wrong = [line for line in re.findall(r"^# ?%%.*$", text, re.MULTILINE)
             if not MARKER.fullmatch(line)]
    if wrong:
        raise ValueError(f"code/{file}.py: not a marker line (code/README.md): {wrong[0]!r}")
    parts = MARKER.split(text)
    cells: dict[str, Cell] = {}
    for name, kind, metadata, code in zip(*[iter(parts[1:])] * 4, strict=True):
        if name in cells:
            raise ValueError(f"code/{file}.py: two cells named {name!r}")
        meta = dict(item.split("=", 1) for item in metadata.split())
        cells[name] = Cell(name, kind, {k: json.loads(v) for k, v in meta.items()},
                           code.strip("\n"))
    return cells


def expand(code: str) -> str:
    """``code`` with its include lines replaced by the cells they name (a solution cell
    without its solution markers): definitions two blank lines apart, as PEP 8 wants."""
    pieces: list[list[str]] = [[]]
    for line in code.split("\n"):
        include = INCLUDE.fullmatch(line)
        if line.startswith("from .") and not include:
            raise ValueError(f"not an include (one per line, nothing after it): {line!r}")
        if include:
            cells = read_cells(include[1])
            pieces += [[strip_solution_markers(expand(cells[name].code) + "\n")]
                       for name in include[2].split(", ")] + [[]]
        else:
            pieces[-1].append(line)
    return "\n\n\n".join(filter(None, ("\n".join(p).strip("\n") for p in pieces)))


def stage_file(stage: int) -> str:
    """The name of stage ``stage``'s file in code/, without .py."""
    found = sorted(CODE.glob(f"stage{stage}_*.py"))
    if len(found) != 1:
        raise FileNotFoundError(f"code/ should hold one stage{stage}_*.py, not {found}")
    return found[0].stem


def generated(function: str) -> str:
    """The code that ``function`` of code/setup_cells.py writes (a setup cell's data)."""
    spec = importlib.util.spec_from_file_location("setup_cells", CODE / "setup_cells.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, function)()


def stage_cells(stage: int) -> list[nbformat.NotebookNode]:
    """The code cells of stage ``stage``, in the order of its file, as nbgrader cells."""
    out = []
    checked: list[str] = []  # the solutions since the last check cell: what the next checks
    for cell in read_cells(stage_file(stage)).values():
        code = expand(cell.code)
        if "generate" in cell.metadata:
            code = "\n\n".join(filter(None, [generated(cell.metadata["generate"]).strip("\n"),
                                             code]))
        if cell.kind == "solution":
            checked.append(cell.id)
            out.append(solution(cell.id, code))
        elif cell.kind == "check":
            if not checked:
                raise ValueError(f"code/{stage_file(stage)}.py: the check cell {cell.id!r} "
                                 "has no solution cell above it to check")
            out.append(visible_test(cell.id, grader_checks(checked, code)))
            checked = []
        elif cell.kind == "given":
            out.append(given(cell.id, code))
        elif cell.kind == "figure":
            out.append(figure(cell.id, code))
        else:
            raise ValueError(f"code/{stage_file(stage)}.py: a {cell.kind} cell, {cell.id!r}, "
                             "belongs in shared.py")
    return out


#: The contract names each stage asks the student to write, in order: its solution cells.
STAGE_FUNCTIONS = {stage: [cell.id for cell in read_cells(stage_file(stage)).values()
                           if cell.kind == "solution"]
                   for stage in sorted(int(re.match(r"stage(\d+)_", path.stem)[1])
                                       for path in CODE.glob("stage*_*.py"))}


# --- the reference as a student would hand it in ------------------------------------------

SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)


def strip_solution_markers(code: str) -> str:
    """The code with its ### BEGIN/END SOLUTION lines removed (the regions' contents kept)."""
    return SOLUTION_MARKER.sub("", code)


def reference_code(name: str) -> str:
    """The complete code of the solution cell for contract name ``name`` (e.g. "backprop")."""
    stage = next(stage for stage, names in STAGE_FUNCTIONS.items() if name in names)
    return strip_solution_markers(expand(read_cells(stage_file(stage))[name].code) + "\n")
