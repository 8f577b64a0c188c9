"""The code the course hands every student, per stage: never evidence of copying.

    release_code(stage) -> str     # the code cells of the stage's release notebook

Read from the nbgrader source notebook `assignments/source/<stage>/<stage>.ipynb` as
`nbgrader generate_assignment` releases it: each solution region becomes the stub
(`# YOUR CODE HERE` / `raise NotImplementedError()`), hidden tests are left out. That is
the given code (the data, earlier stages' functions), the stubs with their docstrings, the
visible checks and the figure cells.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from autograder.loading import STAGES

SOURCE = Path(__file__).resolve().parents[2] / "assignments" / "source"
_SOLUTION = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$",
                       re.MULTILINE | re.DOTALL)
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*$",
                     re.MULTILINE | re.DOTALL)


def stage_folder(stage: int) -> str:
    """"04_backprop" for 4."""
    return f"{stage:02d}_{STAGES[stage]}"


@functools.cache
def release_code(stage: int, source: Path = SOURCE) -> str:
    """Every code cell of stage `stage`'s release notebook, joined; "" if it is not there."""
    path = source / stage_folder(stage) / f"{stage_folder(stage)}.ipynb"
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else str(text)
        text = _SOLUTION.sub(lambda m: f"{m.group(1)}# YOUR CODE HERE\n"
                                       f"{m.group(1)}raise NotImplementedError()", text)
        cells.append(_HIDDEN.sub("", text))
    return "\n\n".join(cells)


def course_code(source: Path = SOURCE) -> list[str]:
    """The release code of every stage: what the course hands out to the whole class."""
    return [code for stage in STAGES if (code := release_code(stage, source))]
