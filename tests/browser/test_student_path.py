"""The student's path through a released stage, in a real JupyterLab in a real browser.

For each stage: open the released notebook, Run All Cells, see the first visible check stop
with the friendly "not implemented" message, paste a correct implementation into every
answer cell, Run All again, see every cell run, every visible check pass and the figure
render, then press nbgrader's Validate button and read its verdict.

The correct implementation is the instructor's own: the solution regions of the source
notebook, markers removed. It goes in through the clipboard (select all in the cell's
editor, Ctrl+V), as a student pasting code would; typing it key by key would let
CodeMirror's auto-indent add a second indent to every line.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_config import ASSIGNMENTS, CHROMIUM

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent: install Debian's chromium (CI does) to run the browser test",
)
pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from notebook_ui import NotebookUI  # noqa: E402  (needs Playwright)

MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)
TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True)
class Stage:
    """What the student should meet in one stage."""

    name: str
    first_failure: str  # grade_id of the check that stops the untouched notebook's Run All
    stub_message: str  # the friendly message it shows
    figure: str  # grade_id of the stage's main figure (every figure_* cell must render)


STAGES = [
    Stage("01_sigmoid", "test_sigmoid", "sigmoid is not implemented yet", "figure_sigmoid"),
    Stage("05_training", "test_train", "train is not implemented yet", "figure_loss"),
]


@dataclass
class Cell:
    """A cell of the released notebook, with what the test needs to know about it."""

    index: int
    kind: str  # "code" or "markdown"
    grade_id: str
    solution: bool
    editable: bool  # what the release asks for (nbgrader sets editable: false on locked cells)


def released_cells(path: Path) -> list[Cell]:
    """The cells of a released notebook, in order."""
    notebook = json.loads(path.read_text())
    cells = []
    for index, cell in enumerate(notebook["cells"]):
        meta = cell["metadata"].get("nbgrader", {})
        cells.append(Cell(index, cell["cell_type"], meta.get("grade_id", ""),
                          bool(meta.get("solution")), cell["metadata"].get("editable", True)))
    return cells


def correct_answers(stage: str) -> dict[str, str]:
    """grade_id -> the instructor's solution for every answer cell (markers removed)."""
    notebook = json.loads((ASSIGNMENTS / "source" / stage / f"{stage}.ipynb").read_text())
    answers = {}
    for cell in notebook["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            source = "".join(cell["source"])
            answers[meta["grade_id"]] = MARKER.sub("", source).rstrip("\n")
    return answers


def by_id(cells: list[Cell], grade_id: str) -> Cell:
    found = [c for c in cells if c.grade_id == grade_id]
    assert found, f"the released notebook has no cell with grade_id {grade_id!r}"
    return found[0]


@pytest.mark.parametrize("stage", STAGES, ids=[s.name for s in STAGES])
def test_student_path(stage: Stage, release, lab, chromium, student_dir: Path, shots: Path):
    started = time.monotonic()
    notebook = release(stage.name)
    cells = released_cells(student_dir / notebook)
    code = [c for c in cells if c.kind == "code"]
    answers = correct_answers(stage.name)
    assert answers, f"{stage.name} has no answer cells"

    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=lab.base_url)
    problems: list[str] = []  # page and console errors, requests off the local server, ...
    context.on("request", lambda r: _note_request(r.url, lab.base_url, problems))
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    ui = NotebookUI(page, shots, stage.name)
    try:
        page.goto(lab.notebook_url(notebook, stage.name))
        ui.wait_until_ready(len(cells))
        ui.screenshot("1-opened")

        # Every answer cell can be edited; the given (locked) code cannot.
        for cell in code:
            assert cell.editable or not cell.solution, f"answer cell {cell.grade_id!r} is locked"
            editable = ui.is_editable(cell.index)
            assert editable == cell.editable, (
                f"cell {cell.grade_id!r} is {'editable' if editable else 'read-only'} in "
                f"JupyterLab, but the release says editable={cell.editable}")

        # Untouched: Run All stops at the first check, with the friendly message.
        ui.run_all()
        stop = by_id(cells, stage.first_failure)
        for cell in code:
            out = ui.output_text(cell.index)
            if cell.index < stop.index:
                assert ui.execution_count(cell.index), f"{cell.grade_id!r} did not run"
                assert TRACEBACK not in out, f"{cell.grade_id!r} failed untouched:\n{out}"
            elif cell.index > stop.index:
                assert ui.execution_count(cell.index) is None, (
                    f"Run All went on past the failing check to {cell.grade_id!r}")
        stop_text = ui.output_text(stop.index)
        assert stage.stub_message in stop_text, (
            f"{stage.first_failure!r} should say {stage.stub_message!r}; it shows:\n{stop_text}")
        ui.screenshot_cell(stop.index, "2-stub-check")

        # Validate on the untouched notebook must fail and say why. (Checked at the end, so
        # one run shows everything else on the path too.)
        verdict, text = ui.validate()
        ui.screenshot("2-stub-validated")
        if verdict != "validation-failed" or stage.stub_message not in text:
            problems.append(f"Validate on the untouched notebook says ({verdict}): {text}")
        ui.close_dialog()

        # The student pastes a correct implementation into every answer cell.
        for grade_id, answer in answers.items():
            cell = by_id(cells, grade_id)
            ui.paste_into_cell(cell.index, answer)
            assert ui.editor_text(cell.index) == answer, (
                f"the editor of {grade_id!r} does not hold the pasted code:\n"
                f"{ui.editor_text(cell.index)}")

        # Run All again: every cell runs, every check passes, the figure renders.
        ui.run_all()
        counts = [ui.execution_count(c.index) for c in code]
        assert None not in counts, f"cells that did not run: {_not_run(code, counts)}"
        assert counts == list(range(counts[0], counts[0] + len(code))), (
            f"cells did not run once each, in order: {counts}")
        for cell in code:
            out = ui.output_text(cell.index)
            assert TRACEBACK not in out, f"{cell.grade_id!r} fails with the answers:\n{out}"
            assert not ui.has_stderr(cell.index), f"{cell.grade_id!r} writes to stderr:\n{out}"
        for cell in code:
            if cell.grade_id.startswith("test_"):
                assert "passes" in ui.output_text(cell.index), (
                    f"{cell.grade_id!r} does not say it passes: {ui.output_text(cell.index)!r}")
        figure = by_id(cells, stage.figure)
        for cell in code:
            if cell.grade_id.startswith("figure_"):
                images = ui.images(cell.index)
                assert images and all(w > 100 and h > 100 for w, h in images), (
                    f"{cell.grade_id!r} shows no rendered image: {images}")
        ui.screenshot("3-answered")
        ui.screenshot_cell(figure.index, "4-figure")

        # nbgrader's Validate button (the JupyterLab extension is installed with nbgrader).
        verdict, text = ui.validate()
        ui.screenshot("5-validated")
        assert verdict == "validation-success", f"Validate says ({verdict}):\n{text}"
        assert "Success! Your notebook passes all the tests." in text
        ui.close_dialog()

        assert not problems, "problems on the student's path:\n" + "\n".join(problems)
    except BaseException:
        ui.screenshot("failure")
        (shots / "problems.txt").write_text("\n".join(problems))
        raise
    finally:
        (shots / "time.txt").write_text(f"{time.monotonic() - started:.1f} s\n")
        context.close()


def _note_request(url: str, base_url: str, problems: list[str]) -> None:
    """Record any request that would leave the local server."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != urlsplit(base_url).netloc:
        problems.append(f"request off the local server: {url}")


def _not_run(code: list[Cell], counts: list[int | None]) -> list[str]:
    return [c.grade_id for c, n in zip(code, counts, strict=True) if n is None]
