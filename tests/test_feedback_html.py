"""The HTML feedback page: self-contained, complete, figures from sandboxed values, no leaks."""

import ast
import base64
import html
import os
import re
from pathlib import Path

import numpy as np
import pytest

from autograder.checks import REGISTRY
from autograder.checks.runner import CheckResult
from autograder.config import DEMO_SECRET
from autograder.feedback.figures import figures_for
from autograder.feedback.html import render_html, write_feedback_html
from autograder.feedback.markdown import render_markdown
from autograder.feedback.observe import observe
from autograder.grading import GradeResult, grade_submission
from autograder.hints import HINTS
from autograder.loading import STAGES, discover, load

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "course_data" / "sample_submissions"
PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _student_file(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.py"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """name -> (GradeResult, html, markdown) for sample students and two made-up ones."""
    folder = tmp_path_factory.mktemp("class")
    correct = (SAMPLES / "ada.py").read_text()
    assert "np.exp(-z)" in correct
    _student_file(folder, "flip", correct.replace("np.exp(-z)", "np.exp(z)"))
    _student_file(folder, "pid", correct.replace(
        "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
        "import os\n\ndef sigmoid(z):\n    return np.full(np.shape(z), float(os.getpid()))"))
    for name in ("ada.py", "dara.ipynb", "fay.ipynb"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    out = tmp_path_factory.mktemp("out")
    found = {}
    for submission in discover([folder]):
        result = grade_submission(submission)
        path = write_feedback_html(out / submission.student, result, submission)
        found[submission.student] = (result, path.read_text(), render_markdown(result),
                                     submission)
    return found


def images(page: str) -> list[bytes]:
    return [base64.b64decode(data) for data in PNG.findall(page)]


@pytest.mark.sandbox
@pytest.mark.slow
def test_page_is_self_contained(pages):
    for _, page, _, _ in pages.values():
        assert page.startswith("<!DOCTYPE html>")
        assert "<style>" in page
        assert "<script" not in page.lower()
        assert "http://" not in page and "https://" not in page
        # every src and href is a data URI: nothing to fetch
        for target in re.findall(r'(?:src|href)="([^"]*)"', page):
            assert target.startswith("data:image/png;base64,"), target
        for png in images(page):
            assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000


@pytest.mark.sandbox
@pytest.mark.slow
def test_page_has_scores_checks_and_hints(pages):
    result, page, _, _ = pages["dara"]
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert f"Score: {result.score} / {result.max_score}" in text
    assert 0 < result.score < result.max_score
    for stage in result.stages:
        points, possible = result.stage_score(stage)
        assert re.search(rf"{stage} {STAGES[stage]}\s+{points} / {possible}", text)
    for check in result.checks:
        assert check.name in text
        assert f"{check.points} / {check.max_points}" in text
    failed = [c for c in result.checks if not c.passed]
    assert text.count("FAILED") == len(failed)
    assert text.count("passed") >= len(result.checks) - len(failed)
    named = {c.mistake for c in failed if c.mistake}
    assert named, "dara's sample makes named mistakes"
    for mistake in named:
        assert mistake.replace("_", " ") in text
        assert " ".join(HINTS[mistake].split())[:60] in " ".join(text.split())
    flat = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    for check in failed:
        assert " ".join(check.message.replace("`", "").split())[:60] in flat


@pytest.mark.sandbox
@pytest.mark.slow
def test_figures_appear_when_they_say_something(pages):
    # correct work: only the loss curve (train runs); wrong backprop: gradient + loss
    assert len(images(pages["ada"][1])) == 1 and "loss curve" in pages["ada"][1]
    dara = pages["dara"][1]
    assert len(images(dara)) == 2
    assert "backprop against the numerical gradient" in dara and "loss curve" in dara
    # wrong sigmoid: the sigmoid picture and the loss curve; backprop keeps its points (it is
    # right with a right sigmoid, diagnose/attribution.py), so no gradient figure
    flip = pages["flip"][1]
    assert "sigmoid on [-10, 10]" in flip
    assert len(images(flip)) == 2 and "backprop against the numerical gradient" not in flip
    assert "The curves differ at" in flip
    # untouched stubs: nothing runs, so no figure, and the page still says why it failed
    assert images(pages["fay"][1]) == []
    assert "not implemented" in pages["fay"][1]


@pytest.mark.slow
@pytest.mark.sandbox
def test_figure_values_come_from_the_sandbox_not_this_process(pages):
    result, _, _, submission = pages["pid"]
    found = observe(submission, result)
    assert found.sigmoid is not None
    z, student, reference = found.sigmoid
    assert z.min() == -10 and z.max() == 10 and z.shape == student.shape == reference.shape
    child_pids = set(student.tolist())
    assert len(child_pids) == 1 and os.getpid() not in child_pids


@pytest.mark.slow
@pytest.mark.sandbox
def test_reference_loss_curve_is_the_reference_training(pages):
    result, _, _, submission = pages["ada"]
    found = observe(submission, result)
    student, reference = found.losses
    assert student.shape == reference.shape == (1500,)
    assert reference[-1] < reference[0] and abs(student[-1] - reference[-1]) < 1e-9
    assert [f.stage for f in figures_for(found)] == [5]


def _code_lines(path: Path) -> set[str]:
    """The source lines of `path` that are code (docstrings left out), 20+ characters."""
    source = path.read_text()
    tree = ast.parse(source)
    doc_lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            doc_lines.update(range(node.lineno, node.end_lineno + 1))
    lines = set()
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if number not in doc_lines and len(stripped) >= 20 and not stripped.startswith("#"):
            lines.add(stripped)
    return lines


@pytest.mark.sandbox
@pytest.mark.slow
def test_no_reference_or_check_source_in_feedback(pages):
    secret = set()
    for folder in ("solutions", "autograder/checks"):
        for path in (ROOT / folder).glob("*.py"):
            secret |= _code_lines(path)
    # a check's description is public by design (the notebooks show it too), and some
    # state the contract as a formula that is also a line of the reference
    public = " ".join(check.description for check in REGISTRY)
    secret = {line for line in secret if line not in public}
    assert len(secret) > 100
    for result, page, markdown, _ in pages.values():
        text = html.unescape(page)
        for line in secret:
            assert line not in text, (result.student, line)
            assert line not in markdown, (result.student, line)


def test_student_text_is_escaped():
    evil = "<script>alert(1)</script> & `<b>`"
    result = GradeResult(student="<img src=x>", content_hash="0", stages=(1,), checks=[
        CheckResult(name="sigmoid_values", stage=1, points=0, max_points=2, passed=False,
                    message=evil, mistake="sigmoid_sign_flipped", visibility="visible")],
        notes=[evil])
    page = render_html(result)
    assert "<script>" not in page and "<img src=x>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    assert "<code>&lt;b&gt;</code>" in page


@pytest.mark.sandbox
@pytest.mark.slow
def test_figures_drawn_while_grading_match_a_fresh_rerun_without_a_second_sandbox(
        pages, monkeypatch):
    """The batch measures in the grading sandbox; the page is the one a re-run gives."""
    from autograder import batch
    from autograder.sandbox import sandbox as sandbox_module

    starts = []
    original = sandbox_module.Sandbox.start
    monkeypatch.setattr(sandbox_module.Sandbox, "start",
                        lambda self: starts.append(1) or original(self))
    for name in ("ada", "dara", "flip", "fay"):
        result, page, _, submission = pages[name]
        starts.clear()
        again, figures = batch.grade_and_draw(submission, None, DEMO_SECRET, None)
        units = len(load(submission, result.stages).runs)
        assert len(starts) == units  # one sandbox per code unit, none more for figures
        assert (again.checks, again.notes, again.stages) == \
            (result.checks, result.notes, result.stages)
        assert render_html(again, figures) == page


def test_a_loss_figure_does_not_depend_on_the_figures_drawn_before_it():
    """Each process redraws one loss figure: the picture must depend only on its data."""
    from autograder.feedback.figures import loss_figure
    from course_data import load_dataset, load_initial_weights
    from solutions import train

    X, Y = load_dataset()
    reference = train(X, Y, *load_initial_weights())[2]
    honest = loss_figure(reference * 1.01, reference).png
    others = [-reference * 1e6, reference[:7], np.r_[reference[:9], np.nan, np.inf], np.ones(3)]
    drawn = [loss_figure(values, reference).png for values in others]
    assert loss_figure(reference * 1.01, reference).png == honest
    assert len(set(drawn + [honest])) == len(others) + 1  # every curve shows
    assert [loss_figure(values, reference).png for values in reversed(others)] == drawn[::-1]


def test_a_gradient_figure_does_not_depend_on_the_figures_drawn_before_it():
    """Each process redraws one gradient figure: the picture must depend only on its data."""
    from autograder.feedback.figures import gradient_figure

    rng = np.random.default_rng(3)
    n1, n2 = rng.normal(size=(3, 4)), rng.normal(size=(4, 1))

    def figure(scale1, scale2=1.0):
        return gradient_figure({"dW1": (n1 * scale1, n1), "dW2": (n2 * scale2, n2)}).png

    honest = figure(1.0)
    others = [(-1.0,), (0.5, 0.25), (1e6,), (np.nan, np.inf), (0.0, 0.0)]
    drawn = [figure(*scales) for scales in others]
    assert figure(1.0) == honest
    assert len(set(drawn + [honest])) == len(others) + 1  # every set of bars shows
    assert [figure(*scales) for scales in reversed(others)] == drawn[::-1]


def test_a_sigmoid_figure_does_not_depend_on_the_figures_drawn_before_it():
    """Each process redraws one sigmoid figure: the picture must depend only on its data."""
    from autograder.feedback.figures import sigmoid_figure

    z = np.linspace(-10.0, 10.0, 401)
    reference = 1 / (1 + np.exp(-z))
    honest = sigmoid_figure(z, reference + 1e-3, reference).png
    others = [2 * reference, -reference, np.where(z > 3, np.nan, reference), np.exp(z)]
    drawn = [sigmoid_figure(z, values, reference).png for values in others]
    assert sigmoid_figure(z, reference + 1e-3, reference).png == honest
    assert len(set(drawn + [honest])) == len(others) + 1  # every curve shows
    assert [sigmoid_figure(z, values, reference).png for values in reversed(others)] == \
        drawn[::-1]


@pytest.mark.parametrize("losses", [[1e308, -1e308], [np.inf], [np.nan], [], [0.0],
                                    [1e-200, 1e300]],
                         ids=["huge", "inf", "nan", "empty", "zero", "wide"])
def test_a_loss_figure_is_drawn_for_any_losses(losses):
    from autograder.feedback.figures import loss_figure

    figure = loss_figure(np.array(losses, dtype=float), np.linspace(1.4, 0.004, 1500))
    assert figure.png.startswith(b"\x89PNG")


@pytest.mark.slow
def test_one_mistake_shows_its_hint_box_once(tmp_path):
    """kim's backprop misses the factor 2: several checks of stage 4 fail for it, and the
    page explains it once (issue 21, item 10), in the markdown as in the HTML."""
    (tmp_path / "kim").mkdir()
    source = Path(__file__).resolve().parents[1] / "course_data/sample_submissions/kim.py"
    (tmp_path / "kim" / "kim.py").write_text(source.read_text())
    result = grade_submission(discover([tmp_path / "kim"])[0], secret=DEMO_SECRET)
    failed = [c for c in result.checks if c.stage == 4 and not c.passed]
    assert len(failed) >= 2
    assert render_html(result).count('class="hint"') == 1
    assert render_markdown(result).count("Diagnosis:") == 1


def test_loss_axis_decades_are_plain_text():
    from autograder.feedback.figures import _power_of_ten

    assert [_power_of_ten(v) for v in (1e-3, 1.0, 100.0)] == ["10⁻³", "10⁰", "10²"]
    assert _power_of_ten(0.002) == "0.002" and _power_of_ten(0.0) == ""
