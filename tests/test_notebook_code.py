"""assignments/code/: the notebooks' code as Python, one file per stage, each piece written once.

Fast: reads the files, builds no notebook (tests/test_notebooks.py checks the notebooks).
"""

import ast
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "assignments") not in sys.path:
    sys.path.insert(0, str(ROOT / "assignments"))

from tests.lazy import LazyModule  # noqa: E402

notebook_code = LazyModule("notebook_code")  # imports nbformat: only when a test runs

CODE = ROOT / "assignments" / "code"
FILES = sorted(CODE.glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_each_file_is_python(path):
    ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_each_function_and_class_is_defined_once_in_the_whole_course():
    """A contract function, a check's helper, a drawing function: written once, included
    where another cell needs it (loss_at and numerical_gradient were two copies each, and
    the gradient figure had a third under another name)."""
    defined = Counter()
    for path in FILES:
        for cell in notebook_code.read_cells(path.stem).values():
            tree = ast.parse(cell.code)
            defined.update(node.name for node in tree.body
                           if isinstance(node, ast.FunctionDef | ast.ClassDef))
    # the checks' own numpy helpers of one stage, named alike in another on purpose
    twice = {name for name, count in defined.items() if count > 1} - {"loss_t"}
    assert not twice, f"defined in more than one cell: {sorted(twice)}"


def test_every_stage_gives_the_earlier_functions_from_their_own_stage():
    for stage in notebook_code.STAGE_FUNCTIONS:
        cells = notebook_code.read_cells(notebook_code.stage_file(stage))
        if "given_functions" not in cells:
            continue
        given = cells["given_functions"].code.split("\n")
        assert all(notebook_code.INCLUDE.fullmatch(line) for line in given), given
        code = notebook_code.expand(cells["given_functions"].code)
        for name in re.findall(r"^def (\w+)", code, re.MULTILINE):
            assert notebook_code.reference_code(name).strip("\n") in code


def test_an_include_becomes_the_cells_it_names_spaced_as_pep8_wants():
    code = "x = 1\nfrom .shared import loss_at, numerical_gradient\ny = 2"
    expanded = notebook_code.expand(code)
    parts = expanded.split("\n\n\n")
    assert parts[0] == "x = 1" and parts[-1] == "y = 2"
    assert parts[1].startswith("def loss_at(") and parts[2].startswith("def numerical_gradient(")


def test_a_solution_is_included_without_its_solution_markers():
    expanded = notebook_code.expand("from .stage1_sigmoid import sigmoid")
    assert expanded == notebook_code.reference_code("sigmoid").strip("\n")
    assert "### BEGIN SOLUTION" not in expanded


@pytest.mark.parametrize("line", ["from .shared import loss_at  # the loss",
                                  "from .shared import (loss_at)"])
def test_an_include_the_build_cannot_read_is_an_error(line):
    with pytest.raises(ValueError, match="not an include"):
        notebook_code.expand(line)


def test_a_line_like_a_marker_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "stage9_x.py").write_text("# %% a given\nx = 1\n# %% b gvien\ny = 2\n",
                                          encoding="utf-8")
    monkeypatch.setattr(notebook_code, "CODE", tmp_path)
    with pytest.raises(ValueError, match="not a marker line"):
        notebook_code.read_cells.__wrapped__("stage9_x")


def test_a_check_cell_checks_the_solutions_above_it():
    cells = notebook_code.stage_cells(6)
    test = next(cell for cell in cells
                if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_bias_network")
    assert 'check(["feedforward_with_bias", "backprop_with_bias"], globals()' in test.source
