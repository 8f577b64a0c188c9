"""The seven stage notebooks: built from the script, sound nbgrader metadata, graded cells that
match the check registry, solution code identical to `solutions/`, visible checks that pass
the reference and explain the stub, and every source notebook running top to bottom.

A visible check cell has two paths: the grader's own checks when scratchnet is importable
(`autograder.notebook_checks`; they raise only while nbgrader runs the notebook) and its
numpy checks otherwise; the `check_path` fixture runs a test on each, as Validate runs it.
The check cells' behaviour before hand-in is in test_notebook_checks.py.

The real nbgrader pipeline (generate, autograde, gradebook) is in test_nbgrader_pipeline.py.
"""

import ast
import functools
import importlib.util
import logging
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import solutions
from autograder import notebook_checks
from autograder.checks import REGISTRY
from autograder.checks.runner import max_points
from autograder.nbgrader import hook as nbgrader_hook
from tests.lazy import LazyModule
from tests.mistakes import catalogue
from tests.sweeps import one_per_stage

pytestmark = pytest.mark.usefixtures("agg")  # the figure cells run in this process below
nbformat = LazyModule("nbformat")
matplotlib = LazyModule("matplotlib")
ROOT = Path(__file__).resolve().parents[1]
STAGES = [1, 2, 3, 4, 5, 6, 7]


def load_build():
    """assignments/build_notebooks.py as a module (it is a script, not a package)."""
    if "build_notebooks" not in sys.modules:
        path = ROOT / "assignments" / "build_notebooks.py"
        spec = importlib.util.spec_from_file_location("build_notebooks", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["build_notebooks"] = module  # dataclasses need the module registered
        spec.loader.exec_module(module)
    return sys.modules["build_notebooks"]


build = LazyModule(load_build)


def read(stage: int) -> "nbformat.NotebookNode":
    return nbformat.read(build.notebook_path(stage), as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def kind_of(cell) -> str:
    """What a code cell is: "solution", "graded" (a registry check, worth points), "visible"
    (a visible check: an nbgrader test cell worth 0 points), "given" (locked: setup and
    earlier stages' code) or "open" (figures: neither locked nor graded)."""
    meta = nbgrader_meta(cell)
    if meta.get("solution"):
        return "solution"
    if meta.get("grade"):
        return "visible" if meta.get("points") == 0 else "graded"
    return "given" if meta.get("locked") else "open"


def cells_of(nb, kind: str) -> list:
    """The code cells of one kind (see kind_of), in order."""
    return [c for c in nb.cells if c.cell_type == "code" and kind_of(c) == kind]


def grade_id(cell) -> str:
    """The nbgrader grade id, or the name the build script gives an open cell (a figure)."""
    return build.cell_name(cell)


# --- the files -------------------------------------------------------------------------------

@pytest.mark.parametrize("stage", STAGES)
def test_notebook_is_what_the_build_script_writes(stage):
    assert build.notebook_path(stage).read_text() == build.render(stage), (
        f"{build.notebook_path(stage)} is out of date: run python assignments/build_notebooks.py"
    )


@pytest.mark.parametrize("stage", STAGES)
def test_nbgrader_metadata(stage):
    nb = read(stage)
    nbformat.validate(nb)
    ids = [grade_id(c) for c in nb.cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids)), f"duplicate grade ids: {ids}"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = nbgrader_meta(cell)
        assert cell.outputs == [] and cell.execution_count is None, "outputs must be cleared"
        if not meta:  # an open cell: a figure
            assert grade_id(cell).startswith(("figure_", "run_")), cell.source
            continue
        assert meta["schema_version"] == 3
        if grade_id(cell).startswith("test_"):  # a visible check: Validate must see it fail
            assert meta["grade"] and meta["locked"] and meta["points"] == 0, meta
            assert not meta["solution"] and "HIDDEN TESTS" not in cell.source
        if meta["solution"]:
            assert not meta["locked"] and not meta["grade"]
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        else:
            assert "BEGIN SOLUTION" not in cell.source
    assert [grade_id(c) for c in cells_of(nb, "solution")] == build.STAGE_FUNCTIONS[stage]
    assert cells_of(nb, "visible") and all(
        grade_id(c).startswith("test_") for c in cells_of(nb, "visible"))
    assert {grade_id(c) for c in cells_of(nb, "given")} <= {
        "setup", "given_functions", "draw_network"}


@pytest.mark.parametrize("stage", STAGES)
def test_given_code_is_locked_and_comes_before_the_students_work(stage):
    """nbgrader (0.9.6) re-inserts a deleted graded cell (a registry check or a 0-point
    visible check) after the nbgrader cell before it, and crashes if that one is a locked
    cell: so every graded cell follows a graded or solution cell, and no locked cell that
    is neither follows a solution cell."""
    kinds = [("solution" if nbgrader_meta(c)["solution"] else
              "graded" if nbgrader_meta(c)["grade"] else "locked")
             for c in read(stage).cells if nbgrader_meta(c).get("locked")
             or nbgrader_meta(c).get("solution") or nbgrader_meta(c).get("grade")]
    first_solution = kinds.index("solution")
    assert "locked" not in kinds[first_solution:], kinds
    assert set(kinds[:first_solution]) == {"locked"}
    for before, kind in zip(kinds[:-1], kinds[1:], strict=True):
        if kind == "graded":
            assert before in ("graded", "solution"), kinds


def graded_checks(nb) -> list[tuple[str, int]]:
    """(check name, cell points) for every graded cell, checking each cell's layout."""
    found = []
    for cell in cells_of(nb, "graded"):
        hidden = cell.source.split("### BEGIN HIDDEN TESTS", 1)
        assert len(hidden) == 2 and "### END HIDDEN TESTS" in hidden[1], cell.source
        names = build.CHECK_CALL.findall(hidden[1].split("### END HIDDEN TESTS")[0])
        assert len(names) == 1, f"a graded cell runs exactly one check: {cell.source}"
        assert "autograder" not in hidden[0], "the call into autograder must be hidden"
        assert grade_id(cell) == f"check_{names[0]}"
        found.append((names[0], nbgrader_meta(cell)["points"]))
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_graded_cells_are_the_registry_checks_with_their_points(stage):
    found = graded_checks(read(stage))
    expected = [(c.name, c.points) for c in REGISTRY if c.stage == stage]
    assert found == expected
    assert all(points == nbgrader_hook.points(name) for name, points in found)
    assert sum(points for _, points in found) == max_points(stage)
    # the visible checks are graded cells worth nothing: the notebook's total is the registry's
    graded_cells = [c for c in read(stage).cells if nbgrader_meta(c).get("grade")]
    assert sum(nbgrader_meta(c)["points"] for c in graded_cells) == max_points(stage)


# --- the code in the notebooks -----------------------------------------------------------------

def namespace_for(stage: int, solution_code: dict[str, str] | None = None) -> dict:
    """Run the setup, given and solution cells of a stage; solution_code replaces the
    solution cells by grade id (the student's work)."""
    nb = read(stage)
    ns: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = grade_id(cell)
        if gid in ("setup", "given_functions", "draw_network"):
            exec(cell.source, ns)
        elif nbgrader_meta(cell).get("solution"):
            exec(solution_code[gid] if solution_code else cell.source, ns)
    return ns


def stub_code(stage: int) -> dict[str, str]:
    """The solution cells as nbgrader's release has them (nbgrader's own ClearSolutions)."""
    from nbgrader.preprocessors import ClearSolutions

    nb, _ = ClearSolutions().preprocess(read(stage), {})
    return {grade_id(c): c.source for c in cells_of(nb, "solution")}


def random_arrays(rng, count=6):
    """Arrays of 0 to 3 dimensions, spanning small and extreme values."""
    shapes = [(), (1,), (7,), (3, 4), (2, 3, 5), (1, 1)]
    for shape in shapes[:count]:
        yield rng.normal(scale=6.0, size=shape)
    yield np.array([-1000.0, -40.0, -1e-9, 0.0, 1e-9, 40.0, 1000.0])


def assert_identical(got, expected):
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def random_network(rng):
    n, d, h, o = rng.integers(1, 7, size=4)
    return (rng.normal(size=(n, d)), rng.random((n, o)), rng.normal(size=(d, h)),
            rng.normal(size=(h, o)))


@pytest.mark.parametrize("stage", STAGES)
def test_solution_code_is_identical_to_the_reference(stage):
    ns = namespace_for(stage)
    rng = np.random.default_rng(stage)
    names = build.STAGE_FUNCTIONS[stage]
    for name in (n for n in names if n in ("sigmoid", "sigmoid_derivative")):
        for z in random_arrays(rng):
            assert_identical(ns[name](z), getattr(solutions, name)(z))
        assert_identical(ns[name](0.5), getattr(solutions, name)(0.5))
    for _ in range(8):
        X, Y, W1, W2 = random_network(rng)
        if "feedforward" in names:
            for got, expected in zip(ns["feedforward"](X, W1, W2),
                                     solutions.feedforward(X, W1, W2), strict=True):
                assert_identical(got, expected)
        if "sse_loss" in names:
            Y_hat = rng.random(Y.shape)
            got = ns["sse_loss"](Y_hat, Y)
            assert type(got) is float and got == solutions.sse_loss(Y_hat, Y)
        if "backprop" in names:
            for got, expected in zip(ns["backprop"](X, Y, W1, W2),
                                     solutions.backprop(X, Y, W1, W2), strict=True):
                assert_identical(got, expected)
        if "train" in names:
            copies = [a.copy() for a in (X, Y, W1, W2)]
            iterations, rate = int(rng.integers(1, 30)), float(rng.uniform(0.1, 2.0))
            for got, expected in zip(ns["train"](X, Y, W1, W2, iterations, rate),
                                     solutions.train(X, Y, W1, W2, iterations, rate),
                                     strict=True):
                assert_identical(got, expected)
            assert all(np.array_equal(a, b) for a, b in zip(copies, (X, Y, W1, W2), strict=True))
    check_extension_functions(ns, names, rng)
    if "NeuralNetwork" in names:
        for seed in range(4):
            X, Y, _, _ = random_network(rng)
            Y = Y[:, :1]
            np.random.seed(seed)
            got = ns["NeuralNetwork"](X, Y)
            np.random.seed(seed)
            expected = solutions.NeuralNetwork(X, Y)
            for step in range(5):
                for attribute in ("input", "y", "weights1", "weights2", "output"):
                    assert_identical(getattr(got, attribute), getattr(expected, attribute))
                got.feedforward()
                expected.feedforward()
                assert_identical(got.layer1, expected.layer1)
                got.backprop(0.5 * step)
                expected.backprop(0.5 * step)


def check_extension_functions(ns: dict, names: list[str], rng) -> None:
    """Stages 6-7: the notebook's functions give exactly the reference's results."""
    from autograder.contract import NAMES
    from solutions import bias_network, classifier, more_activations

    for name in (n for n in names if n in NAMES[6] + NAMES[7]):
        module = next(m for m in (more_activations, bias_network, classifier)
                      if name in vars(m) and getattr(m, name).__module__ == m.__name__)
        ref, got = getattr(module, name), ns[name]
        for _ in range(4):
            n, d, h, k = (int(v) for v in rng.integers(1, 6, size=4))
            X, Y = rng.normal(size=(n, d)), rng.random((n, k))
            params = [rng.normal(size=s) for s in ((d, h), (1, h), (h, k), (1, k))]
            labels = rng.integers(0, k, size=n)
            if module is more_activations:
                calls = [((z,), {}) for z in random_arrays(rng, 4)]
                if "leaky" in name:
                    calls.append(((X,), {"alpha": 0.2}))
            elif name == "train_with_bias":
                calls = [((X, Y, *params), {"activation": a, "learning_rate": 0.4,
                                            "iterations": 7}) for a in bias_network.ACTIVATIONS]
            elif module is bias_network:
                calls = [((X, *params) if name.startswith("feed") else (X, Y, *params),
                          {"activation": a}) for a in bias_network.ACTIVATIONS]
            elif name == "softmax":
                calls = [((X * 300,), {}), ((X,), {})]
            elif name == "cross_entropy":
                calls = [((classifier.softmax(X @ params[0]), rng.integers(0, h, size=n)), {})]
            elif name == "train_classifier":
                calls = [((X, labels, *params), {"learning_rate": 0.3, "iterations": 6})]
            elif name == "backprop_classifier":
                calls = [((X, labels, *params), {})]
            elif name == "accuracy":
                calls = [((labels, rng.integers(0, k, size=n)), {})]
            else:
                calls = [((X, *params), {})]
            for args, kwargs in calls:
                expected = ref(*[a.copy() if isinstance(a, np.ndarray) else a for a in args],
                               **kwargs)
                result = got(*args, **kwargs)
                if isinstance(expected, tuple):
                    assert len(result) == len(expected), name
                    for g, e in zip(result, expected, strict=True):
                        assert_identical(g, e)
                elif type(expected) is float:
                    assert type(result) is float and result == expected, name
                else:
                    assert_identical(result, expected)


# --- the visible checks and the figures ----------------------------------------------------

@pytest.fixture(params=["grader", "numpy"])
def check_path(request, monkeypatch):
    """The check cells as nbgrader's Validate runs them (a failed check raises), on the
    grader's checks (scratchnet importable) or, with that import made to fail, the numpy
    checks."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    if request.param == "numpy":
        monkeypatch.setitem(sys.modules, "autograder.notebook_checks", None)
    return request.param


@pytest.fixture
def numpy_path(monkeypatch):
    """The check cells without scratchnet: their numpy checks."""
    monkeypatch.setitem(sys.modules, "autograder.notebook_checks", None)


def run_cells(ns: dict, cells) -> dict[str, BaseException | None]:
    """Run each cell in ns; what each raised (None if nothing), by grade id."""
    outcome = {}
    for cell in cells:
        try:
            with np.errstate(all="ignore"):
                exec(cell.source, ns)
            outcome[grade_id(cell)] = None
        except Exception as exc:  # noqa: BLE001 - what a student would see
            outcome[grade_id(cell)] = exc
    return outcome


def visible_tests(stage):
    return cells_of(read(stage), "visible")


def figures(stage):
    return [c for c in cells_of(read(stage), "open")
            if grade_id(c).startswith(("figure_", "run_"))]


@pytest.mark.parametrize("stage", STAGES)
def test_visible_checks_pass_the_reference(stage, capsys, check_path):
    ns = namespace_for(stage)
    outcome = run_cells(ns, visible_tests(stage))
    assert outcome and all(exc is None for exc in outcome.values()), outcome
    out = capsys.readouterr().out
    if check_path == "numpy":
        assert out.count("passes these checks") == len(outcome)
    else:  # one report per cell, every check passed
        assert out.count("✓ `") == len(outcome) + len(checks_of_stage(stage)) and "✗" not in out


def checks_of_stage(stage: int) -> list:
    return [c for c in REGISTRY if c.stage == stage]


@pytest.mark.nbgrader
@pytest.mark.parametrize("stage", STAGES)
def test_visible_checks_say_not_implemented_for_the_stub(stage, check_path):
    ns = namespace_for(stage, stub_code(stage))
    for gid, exc in run_cells(ns, visible_tests(stage)).items():
        assert isinstance(exc, AssertionError), f"{gid}: {exc!r}"
        assert "not implemented yet" in str(exc), f"{gid}: {exc}"


MISTAKES = [m for m in catalogue() if m.STAGE in STAGES]
#: The stub as nbgrader releases it (its ClearSolutions, run here)
STUB = pytest.param("stub", marks=pytest.mark.nbgrader)


def mistake_code(module, name: str) -> str:
    """The cell a student making this mistake would hand in for contract name `name`."""
    import inspect
    import textwrap

    obj = getattr(module, name)
    if getattr(obj, "__module__", None) != module.__name__:
        return build.reference_code(name)  # the mistake module reuses the reference here
    source = textwrap.dedent(inspect.getsource(obj))
    if "ACTIVATIONS[" in source and "ACTIVATIONS =" not in source:  # the table the cell has
        table = build.reference_code("feedforward_with_bias").split("\ndef ")[0].strip()
        source = table + "\n\n\n" + source
    if "ReferenceNetwork" in source:  # a subclass of the reference class: ship both
        parent = build.reference_code("NeuralNetwork").replace(
            "class NeuralNetwork", "class ReferenceNetwork", 1)
        source = parent + "\n\n" + source
    return source


@functools.cache
def registry_failures(mistake) -> tuple:
    """The registry's checks of the mistake's stage that fail on it (run once per session)."""
    from autograder.checks.runner import run_checks

    return tuple(r for r in run_checks(mistake, [mistake.STAGE]) if not r.passed)


def mistake_cells(mistake) -> dict[str, str]:
    """The solution cells of a student who makes this mistake, by grade id."""
    return {name: mistake_code(mistake, name) for name in build.STAGE_FUNCTIONS[mistake.STAGE]}


@functools.cache
def grader_path(mistake) -> tuple[frozenset[str], frozenset[str], frozenset[tuple]]:
    """The check cells' grader path on the mistake, as Validate runs it, on the registry's
    seed (once per session): (the cells that raised, the cells whose report has a failed
    check, the (check, named mistake) of every failed check reported)."""
    reports = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "autograder.notebook_checks", notebook_checks)
        patch.setenv("NBGRADER_EXECUTION", "validate")
        patch.setattr(notebook_checks, "show", reports.append)
        patch.setattr(notebook_checks.secrets, "randbits", lambda bits: 0)  # run_checks' seed
        outcome = run_cells(namespace_for(mistake.STAGE, mistake_cells(mistake)),
                            visible_tests(mistake.STAGE))
    assert len(reports) == len(outcome), "one report per check cell"
    raised = frozenset(gid for gid, exc in outcome.items() if exc is not None)
    failing = frozenset(gid for gid, report in zip(outcome, reports, strict=True)
                        if report.failed)
    reported = frozenset((r.name, r.mistake) for report in reports for r in report.failed)
    return raised, failing, reported


@pytest.mark.parametrize("mistake", one_per_stage(MISTAKES))
def test_visible_checks_catch_each_catalogued_mistake(mistake, check_path):
    """A mistake the registry's visible checks catch, the notebook's own checks catch too (a
    mistake only hidden checks catch may pass what students can run). The grader's path
    raises in exactly the cells whose report has a failed check, and reports each visible
    check the registry fails on the mistake, with the same named mistake; the numpy checks
    raise in some of those cells (the mistaken function's, or one that calls it)."""
    visible = {(r.name, r.mistake) for r in registry_failures(mistake)
               if r.visibility == "visible"}
    if not visible:
        pytest.skip("only the registry's hidden checks catch this mistake")
    raised, failing, reported = grader_path(mistake)
    if check_path == "grader":
        assert raised == failing and raised, (raised, failing)
        assert visible <= reported, f"not reported: {visible - reported}"
        return
    outcome = run_cells(namespace_for(mistake.STAGE, mistake_cells(mistake)),
                        visible_tests(mistake.STAGE))
    failed = {gid for gid, exc in outcome.items() if exc is not None}
    assert failed, f"no numpy check of stage {mistake.STAGE} notices {mistake.MISTAKE}"
    assert failed <= raised, f"{failed - raised} fail only in the numpy checks"


# Mistakes the visible checks name in so many words (the message students see).
NAMED = {
    "sigmoid_sign_flipped": "sign in the exponent is flipped",
    "derivative_z_times_one_minus_z": "take the sigmoid first",
    "hidden_activation_missing": "apply the sigmoid to the hidden layer",
    "output_activation_missing": "apply the sigmoid to the output layer",
    "mean_instead_of_sum": "mean of the squared errors",
    "absolute_instead_of_squared": "sum of absolute errors",
    "error_not_squared": "square each error before adding",
    "gradient_sign_flipped": "wrong sign",
    "factor_2_missing": "factor 2",
    "gradient_ascent": "moved uphill",
    "learning_rate_ignored": "multiply the gradient by learning_rate",
    "w1_never_updated": "W1 has not changed",
    "network_backprop_never_updates": "did not change self.weights1",
}


@pytest.mark.parametrize("name, phrase", NAMED.items(), ids=list(NAMED))
def test_visible_checks_name_common_mistakes(name, phrase, numpy_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    mistake = {m.MISTAKE: m for m in MISTAKES}.get(name)
    assert mistake is not None, f"{name} is no longer in the mistake catalogue"
    code = {n: mistake_code(mistake, n) for n in build.STAGE_FUNCTIONS[mistake.STAGE]}
    outcome = run_cells(namespace_for(mistake.STAGE, code), visible_tests(mistake.STAGE))
    messages = [str(exc) for exc in outcome.values() if isinstance(exc, AssertionError)]
    assert any(phrase in m for m in messages), messages


@pytest.mark.parametrize("mistake", one_per_stage(MISTAKES))
def test_the_check_cells_and_grading_agree_on_each_catalogued_mistake(mistake, monkeypatch):
    """With scratchnet importable, the check cells run the grader's checks of their stage
    (visible and hidden) on the notebook's functions: the same checks fail as when the
    notebook's code is graded, with the same named mistakes, and each named mistake is
    shown; it is the catalogued mistake itself unless the stage's reference code given with
    it calls the wrong function (low_precision's sigmoid_derivative calls its sigmoid)."""
    from types import SimpleNamespace

    from autograder import notebook_checks
    from autograder.checks.runner import run_checks_noted
    from autograder.hints import mistake_label

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    reports = []
    monkeypatch.setattr(notebook_checks, "show", reports.append)
    monkeypatch.setattr(notebook_checks.secrets, "randbits", lambda bits: 7)
    stage = mistake.STAGE
    code = {name: mistake_code(mistake, name) for name in build.STAGE_FUNCTIONS[stage]}
    ns = namespace_for(stage, code)
    outcome = run_cells(ns, visible_tests(stage))
    assert all(exc is None for exc in outcome.values()), outcome  # interactive: no raise
    in_notebook = {(r.name, r.mistake) for report in reports for r in report.failed}
    impl = SimpleNamespace(**{k: v for k, v in ns.items() if not k.startswith("_")})
    graded = {(r.name, r.mistake) for r in run_checks_noted(impl, [stage], 7)[0]
              if not r.passed}
    assert in_notebook == graded
    assert mistake.MISTAKE in {m for _, m in in_notebook}
    shown = "".join(report.text() for report in reports)
    assert all(mistake_label(m) in shown for _, m in graded if m), shown


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("work", ["reference", STUB])
def test_figures_draw_for_the_reference_and_for_the_stub(stage, work):
    import matplotlib.pyplot as plt

    ns = namespace_for(stage, stub_code(stage) if work == "stub" else None)
    try:
        outcome = run_cells(ns, figures(stage))
    finally:
        plt.close("all")
    assert outcome and all(exc is None for exc in outcome.values()), outcome


# --- the whole notebook, in a real kernel --------------------------------------------------

@pytest.mark.nbgrader
@pytest.mark.slow
@pytest.mark.parametrize("stage", STAGES)
def test_source_notebook_runs_top_to_bottom(stage):
    from nbclient import NotebookClient

    nb = read(stage)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        streams = [o for o in cell.outputs if o.output_type == "stream"]
        assert not any(o.name == "stderr" for o in streams), (grade_id(cell), streams)
        if kind_of(cell) == "graded":
            assert "passed:" in "".join(o.text for o in streams), grade_id(cell)
        elif kind_of(cell) == "visible":  # the grader's checks (scratchnet is importable)
            shown = "".join(o.data["text/plain"] for o in cell.outputs
                            if o.output_type == "display_data")
            assert shown.startswith("✓") and "✗" not in shown, (grade_id(cell), shown)
    images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                 for o in c.outputs)
    assert images == len([g for g in map(grade_id, cells_of(nb, "open"))
                          if g.startswith("figure_")])


# --- the configuration ---------------------------------------------------------------------

def course_config():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(ROOT / "assignments")).load_config()


def graded_cell_with(outputs: list) -> "nbformat.NotebookNode":
    cell = nbformat.v4.new_code_cell("x = 1", outputs=outputs)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                 "grade_id": "check_x", "points": 2, "schema_version": 3}
    return cell


@pytest.mark.nbgrader
def test_config_keeps_numpy_warnings_from_zeroing_a_test():
    from nbgrader.preprocessors import IgnorePattern
    from nbgrader.utils import determine_grade

    warning = nbformat.v4.new_output(
        "stream", name="stderr",
        text="/tmp/x.py:3: RuntimeWarning: overflow encountered in exp\n  return 1/(1+e)\n")
    ignore = IgnorePattern(config=course_config())
    assert ignore.enabled
    nb = nbformat.v4.new_notebook(cells=[graded_cell_with([warning])])
    assert determine_grade(nb.cells[0]) == (0, 2)  # what nbgrader does without the setting
    nb, _ = ignore(nb, {})
    assert determine_grade(nb.cells[0]) == (2, 2)

    error = nbformat.v4.new_output("error", ename="AssertionError", evalue="wrong",
                                   traceback=["AssertionError: wrong"])
    nb, _ = ignore(nbformat.v4.new_notebook(cells=[graded_cell_with([warning, error])]), {})
    assert determine_grade(nb.cells[0]) == (0, 2)  # a failed check still fails


@pytest.mark.nbgrader
def test_config_sets_timeout_missing_cells_and_hidden_feedback():
    from nbgrader.preprocessors import ClearHiddenTests

    config = course_config()
    assert 0 < config.Execute.timeout <= 300
    assert config.OverwriteCells.add_missing_cells is True
    assert ClearHiddenTests in config.GenerateFeedback.preprocessors


@pytest.mark.nbgrader
def test_release_imports_only_numpy_and_matplotlib():
    """The student's version (nbgrader's own preprocessors, in-process) needs nothing else:
    the check cells import scratchnet's `autograder` only where an ImportError is caught."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    for stage in STAGES:
        nb, resources = ClearSolutions().preprocess(read(stage), {})
        nb, _ = ClearHiddenTests().preprocess(nb, resources)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert imported_modules(cell.source) <= {"numpy", "matplotlib"}, cell.source
                if kind_of(cell) == "visible":
                    assert imported_modules(cell.source, guarded=True) == {"autograder"}


def imported_modules(source: str, guarded: bool = False) -> set[str]:
    """Top-level package of every import statement in the code, leaving out (or, with
    ``guarded``, only counting) those in a `try` whose handler catches ImportError."""
    tree = ast.parse(source)
    optional = {id(node) for trying in ast.walk(tree) if isinstance(trying, ast.Try)
                and any(isinstance(h.type, ast.Name) and h.type.id == "ImportError"
                        for h in trying.handlers)
                for statement in trying.body for node in ast.walk(statement)}
    found = set()
    for node in ast.walk(tree):
        if (id(node) in optional) != guarded:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add((node.module or "").split(".")[0])
    return found


# --- the Chinese course: the same notebooks, translated ----------------------------------------

sys.path.insert(0, str(ROOT / "assignments"))  # the build's modules (the build adds it too)
import code_text  # noqa: E402
import documents  # noqa: E402

ZH = "zh"
CJK = code_text.CJK


def read_zh(stage: int) -> "nbformat.NotebookNode":
    return nbformat.read(build.notebook_path(stage, ZH), as_version=4)


@pytest.mark.parametrize("stage", STAGES)
def test_chinese_notebook_is_what_the_build_script_writes(stage):
    path = build.notebook_path(stage, ZH)
    assert path.read_text(encoding="utf-8") == build.render(stage, ZH), (
        f"{path} is out of date: run python assignments/build_notebooks.py")


@pytest.mark.parametrize("stage", STAGES)
def test_chinese_notebook_says_its_language(stage):
    assert read_zh(stage).metadata["scratchnet"] == {"lang": "zh"}
    assert "scratchnet" not in read(stage).metadata  # English is the default


@pytest.mark.parametrize("stage", STAGES)
def test_languages_have_the_same_cells(stage):
    """Same cells, same order, same types and ids, the same nbgrader metadata (grade ids,
    points, locked and solution flags)."""
    en, zh = read(stage).cells, read_zh(stage).cells
    assert [(c.cell_type, c.id) for c in zh] == [(c.cell_type, c.id) for c in en]
    for a, b in zip(en, zh, strict=True):  # a figure cell's fingerprint is of its own text
        assert _without_fingerprint(b.metadata) == _without_fingerprint(a.metadata), a.id


def _without_fingerprint(metadata: dict) -> dict:
    ours = {k: v for k, v in metadata.get("scratchnet", {}).items() if k != "figure"}
    return {**metadata, "scratchnet": ours} if "scratchnet" in metadata else dict(metadata)


def skeleton(source: str) -> str:
    """The code's syntax tree with every string emptied and every f-string reduced to its
    {...} expressions (sorted): comments, docstrings and messages removed."""
    class Strip(ast.NodeTransformer):
        def visit_Constant(self, node):
            return ast.Constant("") if isinstance(node.value, str) else node

        def visit_JoinedStr(self, node):
            values = [self.visit(v) for v in node.values if isinstance(v, ast.FormattedValue)]
            return ast.JoinedStr(sorted(values, key=ast.dump))

    return ast.dump(Strip().visit(ast.parse(source)))


@pytest.mark.parametrize("stage", STAGES)
def test_languages_have_the_same_code(stage):
    """Apart from comments and the text students read, the code is the same: the syntax
    trees without strings agree, and the strings the code uses (names, keys, formats) and
    nbgrader's ### markers are unchanged (code_text.differences)."""
    en, zh = read(stage).cells, read_zh(stage).cells
    for a, b in zip(en, zh, strict=True):
        if a.cell_type != "code":
            continue
        english = build.notebook_code.localise(a.source, ZH)  # the check call's language
        assert skeleton(b.source) == skeleton(english), grade_id(a)
        assert code_text.differences(english, b.source) == [], grade_id(a)
        assert ('lang="en"' in a.source) == ('lang="zh"' in b.source) == (
            kind_of(a) == "visible"), grade_id(a)


def test_the_drift_checks_catch_changed_code():
    """Each way a translation could change code is caught, and text-only changes are not."""
    english = ('def f(x):\n    """Twice x.\n\n    x: a number.\n    """\n'
               '    # Double it.\n    ### BEGIN SOLUTION\n    y = {"twice": 2 * x}\n'
               '    ### END SOLUTION\n    assert y, f"x is {x} and y is {y}"\n'
               '    return y["twice"]\n')
    translated = ('def f(x):\n    """x 的两倍。\n\n    x：一个数。\n    """\n'
                  '    # 乘以 2。\n    ### BEGIN SOLUTION\n    y = {"twice": 2 * x}\n'
                  '    ### END SOLUTION\n    assert y, f"y 是 {y}，x 是 {x}"\n'
                  '    return y["twice"]\n')
    assert skeleton(translated) == skeleton(english)
    assert code_text.differences(english, translated) == []
    wrong = {
        "code": translated.replace("2 * x", "3 * x"),
        "key": translated.replace('y["twice"]', 'y["两倍"]'),
        "placeholder": translated.replace("x 是 {x}", "x 是 {x + 1}"),
        "marker": translated.replace("    ### END SOLUTION\n", ""),
        "syntax": translated.replace('f"y 是', 'f"y 是"是'),
    }
    for what, code in wrong.items():
        assert code_text.differences(english, code), what


def test_translation_pairs_replace_text_and_keep_the_layout():
    english = ('# Checks for f: run this cell.\n'
               'assert ok, \\\n    f"f({x}) should be {y}, " \\\n    f"got {z}"\n'
               'ax.set_title("The sigmoid squeezes numbers")  # a title\n')
    table = {"Checks for f: run this cell.": "检查 f：\n运行这个单元。",
             "f({x}) should be {y}, got {z}": "f({x}) 应为 {y}，\n实际得到 {z}",
             "The sigmoid squeezes numbers": "sigmoid 把数压进 (0, 1)",
             "a title": "标题"}
    got, missing = code_text.translate(english, table)
    assert got == ('# 检查 f：\n# 运行这个单元。\n'
                   'assert ok, \\\n    f"f({x}) 应为 {y}，" \\\n    f"实际得到 {z}"\n'
                   'ax.set_title("sigmoid 把数压进 (0, 1)")  # 标题\n')
    assert missing == [] and code_text.differences(english, got) == []
    # a text without its pair is reported; a string the code uses is not text
    assert [p.text for p in code_text.translate('print("two words", ha="center")', {})[1]] \
        == ["two words"]


def test_the_build_refuses_a_translation_that_changes_code(tmp_path, monkeypatch):
    text = build.document_path(3, ZH).read_text(encoding="utf-8")
    name = next(c.name for c in REGISTRY if c.stage == 3)
    pair = f'\n```en\n{name}\n```\n```zh\n损失\n```\n'  # a check's name is code, not text
    (tmp_path / ZH).mkdir()
    for stage in STAGES:
        source = build.document_path(stage, ZH)
        (tmp_path / ZH / source.name).write_text(
            text + pair if stage == 3 else source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(build, "TEXT", tmp_path)
    with pytest.raises(documents.DocumentError, match="changes the code"):
        build.build(3, ZH)


@pytest.mark.parametrize("bad, message", [
    ("<!-- code nope -->\n", "no code cell 'nope'"),
    ("<!-- cod setup -->\n", "unknown marker"),
    ("<!-- code setup -->\n", "appears twice"),
])
def test_a_broken_document_stops_the_build_with_its_line(tmp_path, monkeypatch, bad, message):
    source = build.document_path(1, "en")
    (tmp_path / "en").mkdir()
    for stage in STAGES:
        path = build.document_path(stage, "en")
        (tmp_path / "en" / path.name).write_text(path.read_text(encoding="utf-8"))
    (tmp_path / "en" / source.name).write_text(source.read_text() + bad)
    monkeypatch.setattr(build, "TEXT", tmp_path)
    with pytest.raises(documents.DocumentError, match=message):
        build.build(1)
    # a dropped cell is an error too
    (tmp_path / "en" / source.name).write_text(
        source.read_text().replace("<!-- code draw_network -->\n", ""))
    with pytest.raises(documents.DocumentError, match="never placed: draw_network"):
        build.build(1)


def test_no_translation_pair_is_stale():
    assert build.unused_translations(ZH) == []


@pytest.mark.parametrize("stage", STAGES)
def test_chinese_notebook_is_translated(stage):
    """Every Markdown cell and every text of the code cells (comments, docstrings, messages,
    labels) has Chinese in it."""
    english = [c.source[:60] for c in read_zh(stage).cells
               if c.cell_type == "markdown" and not CJK.search(c.source)]
    assert english == [], "Markdown cells still in English"
    pending = [f"{name} ({piece.kind}): {piece.text[:60]}"
               for s, name, piece in build.untranslated(ZH) if s == stage]
    assert pending == [], "texts in code cells still in English"
    table = build.translations(ZH)
    assert all(CJK.search(table[p.text]) for c in read(stage).cells if c.cell_type == "code"
               for p in code_text.pieces(c.source) if p.is_text), "a translation with no Chinese"


# --- the Chinese notebooks run, and their figures have real glyphs ------------------------------

def zh_namespace(stage: int, stub: bool) -> dict:
    """Run the Chinese notebook's setup, given and solution cells (or nbgrader's stubs)."""
    from nbgrader.preprocessors import ClearSolutions

    nb = read_zh(stage)
    if stub:
        nb, _ = ClearSolutions().preprocess(nb, {})
    ns: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and (grade_id(cell) in ("setup", "given_functions",
                                                           "draw_network")
                                         or nbgrader_meta(cell).get("solution")):
            exec(cell.source, ns)
    return ns


@pytest.mark.nbgrader
@pytest.mark.parametrize("stage", STAGES)
def test_chinese_visible_checks_pass_the_reference_and_stop_the_stub(stage, check_path):
    checks = cells_of(read_zh(stage), "visible")
    assert all(e is None for e in run_cells(zh_namespace(stage, False), checks).values())
    stub = run_cells(zh_namespace(stage, True), checks)
    assert all(isinstance(e, AssertionError) and str(e) for e in stub.values()), stub


class GlyphWarnings(logging.Handler):
    """matplotlib's logged font warnings: mathtext's missing glyphs, fonts not found."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def draw_strictly(cells, ns) -> tuple[list[str], list[str]]:
    """Run the figure cells and draw every figure they leave open, warnings as errors.
    Returns (the problems, the text drawn in the figures)."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    problems, texts = [], []
    handler = GlyphWarnings()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        for cell in cells:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                try:
                    with np.errstate(all="ignore"):
                        exec(cell.source, ns)
                    for number in plt.get_fignums():
                        fig = plt.figure(number)
                        fig.canvas.draw()
                        texts += [t.get_text() for t in fig.findobj(Text)]
                except Exception as exc:  # noqa: BLE001 - a Glyph missing warning, raised
                    problems.append(f"{grade_id(cell)}: {exc}")
                finally:
                    plt.close("all")
    finally:
        logger.removeHandler(handler)
    return problems + handler.messages, texts


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("work", ["reference", STUB])
def test_chinese_figures_draw_with_real_glyphs(stage, work):
    cells = [c for c in cells_of(read_zh(stage), "open")
             if grade_id(c).startswith(("figure_", "run_"))]
    problems, _ = draw_strictly(cells, zh_namespace(stage, work == "stub"))
    assert problems == []


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
@pytest.mark.parametrize("stage", STAGES)
def test_chinese_figures_have_chinese_labels(stage):
    cells = [c for c in cells_of(read_zh(stage), "open") if grade_id(c).startswith("figure_")]
    _, texts = draw_strictly(cells, zh_namespace(stage, False))
    assert any(CJK.search(t) for t in texts), texts


def test_without_the_font_setup_chinese_labels_have_no_glyphs():
    """The figure test can fail: matplotlib's default font has no Chinese, and the setup
    cell's fallback is what gives the labels glyphs."""
    setup = next(c for c in read_zh(1).cells if grade_id(c) == "setup")
    label = nbformat.v4.new_code_cell(
        'fig, ax = plt.subplots()\nax.set_title("损失函数随迭代下降")\nax.set_xlabel("迭代")')
    label.metadata["scratchnet"] = {"cell": "figure_label"}
    with matplotlib.rc_context({"font.family": matplotlib.rcParamsDefault["font.family"]}):
        ns: dict = {}
        without = setup.source.replace('plt.rcParams["font.family"] =', "_families =")
        assert without != setup.source
        exec(without, ns)
        problems, _ = draw_strictly([label], ns)
        assert problems and "Glyph" in problems[0], problems
    with matplotlib.rc_context():
        ns = {}
        exec(setup.source, ns)
        assert "Noto Sans CJK SC" in matplotlib.rcParams["font.family"]
        assert draw_strictly([label], ns)[0] == []


@pytest.mark.nbgrader
@pytest.mark.slow
@pytest.mark.parametrize("stage", STAGES)
def test_chinese_source_notebook_runs_top_to_bottom(stage):
    """In a real kernel: no error, nothing on stderr (a font warning would be), every
    figure drawn."""
    from nbclient import NotebookClient

    nb = read_zh(stage)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"
                        or o.get("name") == "stderr"], (grade_id(cell), cell.outputs)
    images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                 for o in c.outputs)
    assert images == len([g for g in map(grade_id, cells_of(nb, "open"))
                          if g.startswith("figure_")])
