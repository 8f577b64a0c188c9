"""The student's path through a released stage, in a real JupyterLab in a real browser.

For each stage: release it with nbgrader, open the notebook in JupyterLab, Run All Cells,
see the first visible check stop with the friendly "not implemented" message and
nbgrader's Validate button refuse the untouched notebook; paste a correct implementation
into every answer cell, Run All again, see every cell run cleanly, every visible check pass
and every figure render; press Validate and read "Success!"; find the answers saved.

The correct implementation is the instructor's own: the solution regions of the source
notebook, markers removed. It goes in through the clipboard (click in the cell's editor,
Ctrl+A, Ctrl+V), as a student pasting code would; typing it key by key would let
CodeMirror's auto-indent add a second indent to every line.

Screenshots of each step (and of any failure) go to browser-artifacts/<test id>/.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_config import ASSIGNMENTS, CHROMIUM

pytestmark = [
    pytest.mark.browser, pytest.mark.nbgrader, pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: install Debian's "
                       "chromium (CI does) to run the browser test"),
]
pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from notebook_ui import NotebookUI  # noqa: E402  (needs Playwright)

MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)
TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True)
class Stage:
    """What the student should meet in one stage."""

    name: str
    stub_message: str  # what the first visible check says about the untouched notebook
    passes: tuple[str, ...]  # what the visible checks print once the answers are right
    figure: str  # a piece of the source of the stage's main figure cell
    lang: str = "en"
    checked: tuple[str, ...] = ()  # the functions whose check cells print `passes`

    @property
    def id(self) -> str:
        return self.name if self.lang == "en" else f"{self.lang}-{self.name}"

    def source(self) -> Path:
        course = ASSIGNMENTS if self.lang == "en" else ASSIGNMENTS / self.lang
        return course / "source" / self.name / f"{self.name}.ipynb"


def in_chinese(stage: Stage) -> Stage:
    """The same stage in the Chinese course: its messages as the Chinese documents
    translate them (the start of each translated text, as the student's screen shows it)."""
    import sys

    sys.path.insert(0, str(ASSIGNMENTS))
    import build_notebooks
    import code_text

    table = build_notebooks.translations("zh")

    def translated(english: str, length: int = 16) -> str:
        texts = [text for text in table if english in text]
        assert texts, f"no text of the code cells contains {english!r}"
        first = code_text.wrapped(table[texts[0]])[0]  # as the code has it, and as shown
        return first.split("{")[0][:length]  # what comes before any placeholder

    return Stage(stage.name, not_implemented(stage.checked[0], "zh"),
                 tuple(passed(name, "zh") for name in stage.checked),
                 figure=translated(stage.figure, 12), lang="zh", checked=stage.checked)


def not_implemented(name: str, lang: str = "en") -> str:
    """What a check cell (and Validate) says of a stub, backticks left out."""
    from autograder.i18n import language, tr

    with language(lang):
        return tr("`{what}` is not implemented yet", what=name).replace("`", "")


def passed(name: str, lang: str = "en") -> str:
    """The start of what a check cell says when all the grader's checks of `name` pass
    (scratchnet is installed in this kernel), backticks left out."""
    from autograder.i18n import language, ntr

    with language(lang):
        text = ntr("{names}: the grader's {n} check passed (new random inputs each run).",
                   "{names}: all {n} of the grader's checks passed (new random inputs each "
                   "run).", 2, names=name)
    return text.split(" 2 ")[0]


STAGES = [
    Stage("01_sigmoid", "sigmoid is not implemented yet",
          (passed("sigmoid"), passed("sigmoid_derivative")),
          figure="The sigmoid squeezes every number", checked=("sigmoid", "sigmoid_derivative")),
    Stage("05_training", "train is not implemented yet",
          (passed("train"), passed("NeuralNetwork")),
          figure="ax.semilogy(losses", checked=("train", "NeuralNetwork")),  # the loss curve
]
#: The stages the test walks, by id: a Chinese stage too (its text, checks and figure), made
#: from the translations only when its test runs.
STAGE_IDS = [s.id for s in STAGES] + [f"zh-{STAGES[0].name}"]


@functools.cache
def stage_of(stage_id: str) -> Stage:
    english = next(s for s in STAGES if stage_id.endswith(s.name))
    return english if stage_id == english.id else in_chinese(english)


@dataclass
class Cell:
    """A cell of the released notebook, with what the test needs to know about it."""

    index: int
    kind: str  # "code" or "markdown"
    source: str
    grade_id: str  # "" for a cell nbgrader does not track
    solution: bool
    editable: bool  # what the release asks for (nbgrader sets editable: false on locked cells)

    @property
    def label(self) -> str:
        return self.grade_id or f"code cell {self.index + 1} ({self.source[:40]!r}...)"


def released_cells(path: Path) -> list[Cell]:
    """The cells of a released notebook, in order."""
    cells = []
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        meta = cell["metadata"].get("nbgrader", {})
        cells.append(Cell(index, cell["cell_type"], "".join(cell["source"]),
                          meta.get("grade_id", ""), bool(meta.get("solution")),
                          cell["metadata"].get("editable", True)))
    return cells


def correct_answers(stage: Stage) -> dict[str, str]:
    """grade_id -> the instructor's solution for every answer cell (markers removed)."""
    notebook = json.loads(stage.source().read_text(encoding="utf-8"))
    answers = {}
    for cell in notebook["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            source = "".join(cell["source"])
            answers[meta["grade_id"]] = MARKER.sub("", source).rstrip("\n")
    return answers


CJK = re.compile(r"[\u4e00-\u9fff]")


def check_chinese(cells: list[Cell]) -> None:
    """The Chinese release is Chinese: its Markdown, and the labels of its figures."""
    markdown = [c for c in cells if c.kind == "markdown"]
    assert markdown and all(CJK.search(c.source) for c in markdown), "Markdown not in Chinese"
    figures = [c for c in code_cells(cells) if "plt.show()" in c.source]
    assert figures and any(CJK.search(c.source) for c in figures), "figures not in Chinese"


def by_id(cells: list[Cell], grade_id: str) -> Cell:
    found = [c for c in cells if c.grade_id == grade_id]
    assert found, f"the released notebook has no cell with grade_id {grade_id!r}"
    return found[0]


def by_source(cells: list[Cell], text: str) -> Cell:
    found = [c for c in code_cells(cells) if text in c.source]
    assert found, f"the released notebook has no code cell containing {text!r}"
    return found[0]


@pytest.mark.parametrize("stage_id", STAGE_IDS)
def test_student_path(stage_id: str, release, lab, chromium, student_dir: Path, shots: Path):
    stage = stage_of(stage_id)
    assert stage.id == stage_id
    laps = Laps()
    notebook = release(stage.name, stage.lang)
    laps.lap("release")
    cells = released_cells(student_dir / notebook)
    if stage.lang == "zh":
        check_chinese(cells)
    answers = correct_answers(stage)
    assert answers, f"{stage.name} has no answer cells"

    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=lab.base_url)
    problems: list[str] = []  # page and console errors, requests off the local server, ...
    context.on("request", lambda r: _note_request(r.url, lab.base_url, problems))
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    ui = NotebookUI(page, shots, stage.id)
    try:
        page.goto(lab.notebook_url(notebook, stage.id))
        ui.wait_until_ready(len(cells))
        laps.lap("open")
        ui.screenshot("1-opened")
        check_editable(ui, cells)

        ui.run_all()
        laps.lap("run all (untouched)")
        check_untouched_run(ui, cells, stage)
        # Validate on the untouched notebook must fail and say why. (Recorded and asserted
        # at the end, so that one run shows everything else on the path too.)
        verdict, text = ui.validate()
        ui.screenshot("2-stub-validated")
        if verdict != "validation-failed" or \
                f"Error: {stage.stub_message}" not in text.replace("`", ""):
            problems.append(f"Validate on the untouched notebook says ({verdict}): {text}")
        ui.close_dialog()
        laps.lap("validate (untouched)")

        for grade_id, answer in answers.items():
            paste_answer(ui, by_id(cells, grade_id), answer)
        laps.lap("paste answers")
        ui.run_all()
        laps.lap("run all (answered)")
        check_answered_run(ui, cells, stage)

        verdict, text = ui.validate()  # saves the notebook first, as a student's click does
        ui.screenshot("5-validated")
        assert verdict == "validation-success", f"Validate says ({verdict}):\n{text}"
        assert "Success! Your notebook passes all the tests." in text
        ui.close_dialog()
        laps.lap("validate (answered)")
        check_saved(student_dir / notebook, cells, answers)

        assert not problems, "problems on the student's path:\n" + "\n".join(problems)
    except BaseException:
        with contextlib.suppress(Exception):
            ui.screenshot("failure")
        (shots / "problems.txt").write_text("\n".join(problems))
        raise
    finally:
        (shots / "time.txt").write_text(laps.report())
        context.close()


class Laps:
    """Wall-clock time of each step, for browser-artifacts/<test id>/time.txt."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()
        self.steps: list[tuple[str, float]] = []

    def lap(self, step: str) -> None:
        now = time.monotonic()
        self.steps.append((step, now - self.last))
        self.last = now

    def report(self) -> str:
        lines = [f"{seconds:6.1f} s  {step}" for step, seconds in self.steps]
        return "\n".join([*lines, f"{time.monotonic() - self.start:6.1f} s  total"]) + "\n"


def check_editable(ui: NotebookUI, cells: list[Cell]) -> None:
    """Every answer cell can be edited; JupyterLab keeps the release's read-only cells so."""
    for cell in code_cells(cells):
        assert cell.editable or not cell.solution, f"answer cell {cell.label} is locked"
        editable = ui.is_editable(cell.index)
        assert editable == cell.editable, (
            f"cell {cell.label} is {'editable' if editable else 'read-only'} in "
            f"JupyterLab, but the release says editable={cell.editable}")


def check_untouched_run(ui: NotebookUI, cells: list[Cell], stage: Stage) -> None:
    """Run All on the untouched notebook goes on to the end (a failed check shows its report
    and does not stop Run All: scratchnet is installed in this kernel), and the first check
    after the first answer cell shows the friendly "not implemented" message."""
    code = code_cells(cells)
    not_run = [c.label for c in code if ui.execution_count(c.index) is None]
    assert not not_run, f"Run All stopped before {not_run}"
    raised = [c.label for c in code if TRACEBACK in ui.output_text(c.index)]
    assert not raised, f"cells that raised on the untouched notebook: {raised}"
    first_answer = next(c for c in code if c.solution)
    told = next((c for c in code if c.index > first_answer.index
                 and stage.stub_message in ui.output_text(c.index).replace("`", "")), None)
    assert told is not None, f"no check after {first_answer.label} says {stage.stub_message!r}"
    ui.screenshot_output(told.index, "2-stub-check")


def paste_answer(ui: NotebookUI, cell: Cell, answer: str) -> None:
    """The student replaces an answer cell's content with `answer`."""
    ui.paste_into_cell(cell.index, answer)
    shown = ui.editor_text(cell.index)
    assert shown == answer, f"the editor of {cell.label} does not hold the code:\n{shown}"


def check_answered_run(ui: NotebookUI, cells: list[Cell], stage: Stage) -> None:
    """With the answers, every cell runs once, in order, cleanly; the checks say they pass;
    every figure renders."""
    code = code_cells(cells)
    counts = [ui.execution_count(c.index) for c in code]
    not_run = [c.label for c, n in zip(code, counts, strict=True) if n is None]
    assert not not_run, f"cells that did not run: {not_run}"
    assert counts == list(range(counts[0], counts[0] + len(code))), (
        f"cells did not run once each, in order: {counts}")
    outputs = [ui.output_text(c.index) for c in code]
    for cell, out in zip(code, outputs, strict=True):
        assert TRACEBACK not in out, f"{cell.label} fails with the answers:\n{out}"
        assert not ui.has_stderr(cell.index), f"{cell.label} writes to stderr:\n{out}"
        if "plt.show()" in cell.source:
            images = ui.images(cell.index)
            assert images and all(w > 100 and h > 100 for w, h in images), (
                f"{cell.label} shows no rendered figure: {images}")
    plain = [out.replace("`", "") for out in outputs]
    for message in stage.passes:
        assert any(message in out for out in plain), f"no cell says {message!r}"
    first_pass = next(c for c, out in zip(code, plain, strict=True) if stage.passes[0] in out)
    ui.screenshot_output(first_pass.index, "3-check-passes")
    ui.screenshot_output(by_source(cells, stage.figure).index, "4-figure")


def check_saved(path: Path, cells: list[Cell], answers: dict[str, str]) -> None:
    """The notebook on disk (saved from the page) holds the student's answers."""
    saved = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for grade_id, answer in answers.items():
        source = "".join(saved[by_id(cells, grade_id).index]["source"])
        assert source.rstrip("\n") == answer, f"{grade_id!r} was not saved as typed:\n{source}"


def code_cells(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if c.kind == "code"]


def _note_request(url: str, base_url: str, problems: list[str]) -> None:
    """Record any request that would leave the local server."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != urlsplit(base_url).netloc:
        problems.append(f"request off the local server: {url}")
