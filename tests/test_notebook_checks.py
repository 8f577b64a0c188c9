"""The notebooks' visible check cells teach before hand-in (issue 25).

The built notebooks' cells are run in this process, top to bottom as Run All would (the
graded cells left out: a release has only their comments), with a plausible beginner's
mistake in the student's cell. With scratchnet importable the check cell runs the grader's
own checks (autograder/notebook_checks.py) and must name the cause, in the notebook's
language, without raising, so the figures after it still draw; while nbgrader runs the
notebook (NBGRADER_EXECUTION) it must raise, with the essential on a first line of at most
200 characters. Without scratchnet (its import made to fail) the cell runs its numpy checks.
One mistake per language also runs in a real Jupyter kernel.
"""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass

import numpy as np
import pytest

from autograder import notebook_checks
from autograder.checks import REGISTRY
from autograder.hints import mistake_label
from autograder.i18n import language
from tests.lazy import LazyModule
from tests.test_notebooks import ROOT, build, cells_of, grade_id, kind_of, nbgrader_meta

pytestmark = pytest.mark.usefixtures("agg")  # the figure cells run in this process
nbformat = LazyModule("nbformat")

LANGS = ["en", "zh"]


def read(stage: int, lang: str) -> nbformat.NotebookNode:
    return nbformat.read(build.notebook_path(stage, lang), as_version=4)


@dataclass
class Ran:
    """What one cell did: what it raised (None if nothing) and what it printed."""

    error: BaseException | None
    output: str


def run_all(stage: int, lang: str, code: dict[str, str] | None = None,
            order: list[str] | None = None) -> dict[str, Ran]:
    """Run the notebook's code cells in order (or the cells ``order`` names, by id), the
    student's cells replaced by ``code``, as Run All would: an error does not stop the rest
    here, so that what ran after it can be seen (``stopped_at`` says where Run All stops)."""
    import matplotlib.pyplot as plt

    cells = {grade_id(c): c for c in read(stage, lang).cells
             if c.cell_type == "code" and kind_of(c) != "graded"}
    ns: dict = {}
    out = {}
    try:
        for name in order or list(cells):
            source = (code or {}).get(name, cells[name].source)
            printed = io.StringIO()
            error = None
            with contextlib.redirect_stdout(printed), np.errstate(all="ignore"):
                try:
                    exec(source, ns)
                except Exception as exc:  # noqa: BLE001 - what the student would see
                    error = exc
            out[name] = Ran(error, printed.getvalue())
    finally:
        plt.close("all")
    return out


def stopped_at(ran: dict[str, Ran]) -> str | None:
    """The first cell that raised (where Run All stops), or None."""
    return next((name for name, r in ran.items() if r.error is not None), None)


@pytest.fixture
def without_scratchnet(monkeypatch):
    """The kernel of a student without scratchnet: the check cells' import fails."""
    monkeypatch.setitem(sys.modules, "autograder.notebook_checks", None)


@pytest.fixture
def under_validate(monkeypatch):
    """As nbgrader's Validate runs the notebook (nbgrader/validator.py sets this)."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")


@pytest.fixture(autouse=True)
def interactive(monkeypatch):
    """Interactive unless a test says otherwise (the developer's shell may be anywhere)."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


# --- the mistakes: plausible beginners' code for the student's cells ---------------------------

BACKPROP = '''
def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)
    {dZ2}
    dW2 = A1.T @ dZ2
    {dZ1}
    dW1 = X.T @ dZ1
    return dW1, dW2
'''
RIGHT_DZ2 = "dZ2 = -2 * (Y - Y_hat) * sigmoid_derivative(Z2)"
RIGHT_DZ1 = "dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)"


def backprop_with(dZ2: str = RIGHT_DZ2, dZ1: str = RIGHT_DZ1) -> str:
    return BACKPROP.format(dZ2=dZ2, dZ1=dZ1)


TRAIN = '''
def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    {copies}
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= {step}dW1
        W2 -= {step}dW2
    return W1, W2, losses
'''
COPIES = "W1, W2 = W1.copy(), W2.copy()"


def train_with(copies: str = COPIES, step: str = "learning_rate * ") -> str:
    return TRAIN.format(copies=copies, step=step)


@dataclass(frozen=True)
class Mistake:
    """A beginner's mistake: the stage, the student's cell, the grader's name for it."""

    stage: int
    cell: str
    code: str
    named: str  # the mistake name the check cell must give (its label is shown)


MISTAKES = {
    "derivative_of_activations": Mistake(4, "backprop", backprop_with(
        "dZ2 = -2 * (Y - Y_hat) * sigmoid_derivative(Y_hat)",
        "dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(A1)"), "derivative_applied_to_activation"),
    "gradient_divided_by_n": Mistake(4, "backprop", backprop_with(
        "dZ2 = -2 * (Y - Y_hat) * sigmoid_derivative(Z2) / len(X)"), "gradient_of_mean_loss"),
    "hidden_derivative_missing": Mistake(4, "backprop", backprop_with(
        dZ1="dZ1 = dZ2 @ W2.T"), "hidden_derivative_missing"),
    "article_sign": Mistake(4, "backprop", backprop_with(
        "dZ2 = 2 * (Y - Y_hat) * sigmoid_derivative(Z2)"), "gradient_sign_flipped"),
    "article_copied": Mistake(4, "backprop", backprop_with(
        "dZ2 = 2 * (Y - Y_hat) * sigmoid_derivative(Y_hat)",
        "dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(A1)"), "article_backprop_copied"),
    "learning_rate_ignored": Mistake(5, "train", train_with(step=""), "learning_rate_ignored"),
    "derivative_overflows": Mistake(1, "sigmoid_derivative", '''
def sigmoid_derivative(z):
    return np.exp(-z) / (1 + np.exp(-z)) ** 2
''', "derivative_overflows"),
    "train_changes_its_arguments": Mistake(5, "train", train_with(copies="pass"),
                                           "inputs_modified"),
}
IDS = list(MISTAKES)


def run_checks_of(mistake: Mistake, lang: str) -> notebook_checks.Report:
    """The grader's checks of the mistake's function on the notebook's code, with it."""
    cells = {grade_id(c): c.source for c in read(mistake.stage, lang).cells
             if c.cell_type == "code"}
    ns: dict = {}
    for name in ("setup", "given_functions"):
        if name in cells:
            exec(cells[name], ns)
    exec(mistake.code, ns)
    return notebook_checks.run(mistake.cell, ns, seed=0, lang=lang)


def check_cell_of(stage: int, function: str) -> str:
    """The id of the visible check cell that checks ``function`` (the one after its cell)."""
    ids = [grade_id(c) for c in read(stage, "en").cells if c.cell_type == "code"]
    return next(i for i in ids[ids.index(function):] if i.startswith("test_"))


def label(mistake: str, lang: str) -> str:
    with language(lang):
        return mistake_label(mistake)


# --- interactive: the cause named, Run All goes on ----------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", IDS)
def test_the_check_cell_names_the_cause_and_run_all_goes_on(name, lang):
    mistake = MISTAKES[name]
    ran = run_all(mistake.stage, lang, {mistake.cell: mistake.code})
    check = ran[check_cell_of(mistake.stage, mistake.cell)]
    assert label(mistake.named, lang) in check.output, check.output
    assert "✗" in check.output
    assert stopped_at(ran) is None, {n: r.error for n, r in ran.items() if r.error}
    figures = [n for n in ran if n.startswith(("figure_", "run_"))]
    assert figures, "every stage here has a figure after the check"


@pytest.mark.parametrize("lang", LANGS)
def test_the_reference_passes_every_check_cell(lang):
    for stage in (1, 4, 5):
        ran = run_all(stage, lang)
        for name, r in ran.items():
            assert r.error is None, (stage, name, r.error)
            if name.startswith("test_"):
                assert r.output.startswith("✓") and "✗" not in r.output, r.output


def test_the_gradient_figure_draws_after_a_wrong_backprop():
    """04's scatter of the gradient against central differences (the best picture of a wrong
    gradient) runs after the failed check, and draws the student's points."""
    import matplotlib.pyplot as plt

    code = MISTAKES["derivative_of_activations"].code
    cells = {grade_id(c): c.source for c in read(4, "en").cells if c.cell_type == "code"}
    ns: dict = {}
    with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
        for name in ("setup", "given_functions", "backprop", "test_backprop",
                     "figure_gradient"):
            exec(code if name == "backprop" else cells[name], ns)
    try:
        left = plt.gcf().axes[0]
        assert len(left.lines) >= 2 and left.get_xlabel(), left.get_title()
    finally:
        plt.close("all")


@pytest.mark.parametrize("broken", ["returns None", "wrong shapes"])
def test_a_figure_survives_a_backprop_that_returns_nonsense(broken):
    body = "return None" if broken == "returns None" else "return np.zeros(3), np.zeros(2)"
    code = f"def backprop(X, Y, W1, W2):\n    {body}\n"
    ran = run_all(4, "en", {"backprop": code})
    assert stopped_at(ran) is None
    assert "✗" in ran["test_backprop"].output


def test_cell_order_cannot_change_what_the_check_sees():
    """A train that updates W1 and W2 in place, then the loss figure, then the check again:
    the figure leaves the course's weights alone and the check, on its own inputs, still
    names the cause (issue 25, item 5)."""
    mistake = MISTAKES["train_changes_its_arguments"]
    order = ["setup", "given_functions", "train", "figure_loss", "test_train", "figure_loss"]
    ran = run_all(5, "en", {"train": mistake.code}, order)
    assert stopped_at(ran) is None
    assert label("inputs_modified", "en") in ran["test_train"].output
    ns: dict = {}
    cells = {grade_id(c): c.source for c in read(5, "en").cells if c.cell_type == "code"}
    exec(cells["setup"], ns)
    start = ns["W1_start"].copy(), ns["W2_start"].copy()
    for name in ("given_functions", "train", "figure_loss", "figure_predictions",
                 "figure_learning_rates"):
        with np.errstate(all="ignore"):
            exec(mistake.code if name == "train" else cells[name], ns)
    import matplotlib.pyplot as plt

    plt.close("all")
    assert np.array_equal(ns["W1_start"], start[0]) and np.array_equal(ns["W2_start"], start[1])


# --- under nbgrader: Validate sees the failure, in a message it does not cut ---------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", IDS)
def test_under_validate_the_check_raises_a_short_first_line(name, lang, under_validate):
    mistake = MISTAKES[name]
    check = check_cell_of(mistake.stage, mistake.cell)
    ran = run_all(mistake.stage, lang, {mistake.cell: mistake.code})
    assert stopped_at(ran) == check
    error = ran[check].error
    assert isinstance(error, AssertionError)
    first, _, detail = str(error).partition("\n")
    assert len(first) <= 200, first
    # the essential first: the check and the mistake it names, or a message that is the cause
    text = " ".join(str(error).split())
    failed = run_checks_of(mistake, lang).failed
    if failed[0].plain:
        assert first.startswith(f"`{failed[0].name}`"), first
        assert label(failed[0].mistake, lang) in text
    else:
        bare = "".join(str(error).split())  # Chinese wraps between characters
        assert bare.startswith("".join(failed[0].message.split())), text
    assert label(mistake.named, lang) in text or mistake.named == failed[0].mistake
    # nbgrader validate cuts lines at 84 columns after its indent: nothing is cut
    assert notebook_checks.width(first) <= notebook_checks.FIRST_WIDTH, first
    assert all(notebook_checks.width(line) <= notebook_checks.WIDTH
               for line in detail.splitlines()), detail


def test_the_first_line_says_the_cause(under_validate):
    mistake = MISTAKES["derivative_of_activations"]
    ran = run_all(4, "en", {"backprop": mistake.code}, ["setup", "given_functions",
                                                          "backprop", "test_backprop"])
    message = str(ran["test_backprop"].error)
    first = message.splitlines()[0]
    assert first == "`backprop_dW2` failed: derivative applied to activation.", first
    assert "Your backprop applies sigmoid_derivative to the activations" in \
        " ".join(message.split())


@pytest.mark.nbgrader
@pytest.mark.parametrize("lang", LANGS)
def test_under_validate_the_stub_says_not_implemented(lang, under_validate):
    for stage in build.STAGES:
        from nbgrader.preprocessors import ClearSolutions

        nb, _ = ClearSolutions().preprocess(read(stage, lang), {})
        stubs = {grade_id(c): c.source for c in nb.cells if nbgrader_meta(c).get("solution")}
        ran = run_all(stage, lang, stubs)
        for name in (grade_id(c) for c in cells_of(nb, "visible")):
            first = str(ran[name].error).splitlines()[0]
            assert isinstance(ran[name].error, AssertionError) and len(first) <= 200
            assert ("not implemented yet" if lang == "en" else "还没有实现") in first, first


# --- without scratchnet: the numpy checks, as before ---------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["derivative_of_activations", "derivative_overflows",
                                  "train_changes_its_arguments"])
def test_without_scratchnet_the_numpy_checks_run(name, lang, without_scratchnet):
    mistake = MISTAKES[name]
    check = check_cell_of(mistake.stage, mistake.cell)
    ran = run_all(mistake.stage, lang, {mistake.cell: mistake.code})
    assert isinstance(ran[check].error, AssertionError)
    note = ran[check].output.strip().splitlines()[0]
    assert "scratchnet" in note and len(note) <= 100, note


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_without_scratchnet_the_reference_passes(lang, without_scratchnet):
    for stage in build.STAGES:
        ran = run_all(stage, lang)
        assert stopped_at(ran) is None, stage
        for name in (n for n in ran if n.startswith("test_")):
            assert ran[name].output.count("scratchnet") == 1, ran[name].output


# --- the cells and the registry -----------------------------------------------------------------

def test_every_registry_check_runs_in_one_check_cell_of_its_stage():
    """Each check cell names its functions; together they run every check of their stage,
    each in one cell."""
    import re

    call = re.compile(r'check\((\[[^\]]*\]|"\w+"), globals\(\), lang="(\w+)"\)', re.S)
    for lang in LANGS:
        for stage in build.STAGES:
            runs = []
            for cell in cells_of(read(stage, lang), "visible"):
                found = call.findall(cell.source)
                assert len(found) == 1 and found[0][1] == lang, cell.source[:300]
                names = re.findall(r'"(\w+)"', found[0][0])
                runs += [c.name for c in notebook_checks.checks_of(names)]
            expected = [c.name for c in REGISTRY if c.stage == stage]
            assert sorted(runs) == sorted(expected), stage


def test_the_check_cells_use_their_own_inputs():
    """The same seed, a namespace with only the functions: the same results as with every
    notebook variable present, whatever their values."""
    ns: dict = {}
    cells = {grade_id(c): c.source for c in read(5, "en").cells if c.cell_type == "code"}
    exec(cells["setup"], ns)
    exec(cells["given_functions"], ns)
    exec(MISTAKES["learning_rate_ignored"].code, ns)
    functions = {k: v for k, v in ns.items() if callable(v)}
    before = notebook_checks.run("train", ns, seed=3).results
    ns["W1_start"][:] = 0.0
    ns["X"], ns["Y"] = ns["X"][:2], ns["Y"][:2]
    after = notebook_checks.run("train", ns, seed=3).results
    alone = notebook_checks.run("train", functions, seed=3).results
    assert [r.message for r in before] == [r.message for r in after] == \
        [r.message for r in alone]


def test_the_report_escapes_student_text():
    def sigmoid(z):
        raise ValueError("<script>alert(1)</script> `x`")

    report = notebook_checks.run("sigmoid", {"sigmoid": sigmoid}, seed=0)
    assert "<script>" not in report.html() and "&lt;script&gt;" in report.html()
    assert "<script>" in report.text()  # plain text is shown as text


def test_the_check_cells_import_no_grader_inside_the_sandbox(monkeypatch):
    """scratchnet grade runs the check cells in its sandbox as the student's code: there the
    import fails, so the cell runs its numpy checks and the reference stays out."""
    import importlib.util

    def load_a_fresh_copy() -> None:  # under another name: the real module stays as it is
        spec = importlib.util.spec_from_file_location("notebook_checks_copy",
                                                      notebook_checks.__file__)
        copy = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, "notebook_checks_copy", copy)  # for its dataclasses
        spec.loader.exec_module(copy)

    monkeypatch.setitem(sys.modules, "_scratchnet_wire", object())
    with pytest.raises(ImportError):
        load_a_fresh_copy()
    monkeypatch.delitem(sys.modules, "_scratchnet_wire")
    load_a_fresh_copy()


# --- in a real kernel ---------------------------------------------------------------------------

@pytest.mark.nbgrader
@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_in_a_kernel_run_all_shows_the_cause_and_draws_every_figure(lang, monkeypatch):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    mistake = MISTAKES["article_copied"]
    nb = read(4, lang)
    for cell in nb.cells:
        if cell.cell_type == "code" and grade_id(cell) == "backprop":
            cell.source = mistake.code
        if cell.cell_type == "code" and kind_of(cell) == "graded":
            cell.source = "pass"  # the release has only the comments
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    cells = {grade_id(c): c for c in nb.cells if c.cell_type == "code"}
    assert not [n for n, c in cells.items() if any(o.output_type == "error" for o in c.outputs)]
    shown = [o for o in cells["test_backprop"].outputs if o.output_type == "display_data"]
    assert shown and label(mistake.named, lang) in shown[0].data["text/plain"]
    assert "<code>backprop_dW2</code>" in shown[0].data["text/html"]
    assert any("image/png" in o.get("data", {}) for o in cells["figure_gradient"].outputs)

    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    nb = read(4, lang)
    for cell in nb.cells:
        if cell.cell_type == "code" and grade_id(cell) == "backprop":
            cell.source = mistake.code
    with pytest.raises(CellExecutionError) as raised:
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT)}}).execute()
    assert raised.value.ename == "AssertionError"
    first = raised.value.evalue.splitlines()[0]
    assert len(first) <= 200 and "backprop_dW2" in first, first
    shown = str(raised.value)  # the traceback: the message alone, no frame of the grader
    assert "notebook_checks.py" not in shown and f"AssertionError: {first}" in shown
