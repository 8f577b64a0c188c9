"""The values the feedback figures show, obtained by calling the student's code in a sandbox.

    observe_loaded(impl, stages, results, found)   # in the grading sandbox, after its checks
    observe(submission, result, limits=None) -> Observations   # a fresh re-run, afterwards

The batch measures in the sandbox that graded the unit, right after its checks ran (so no
second sandbox starts, and the work runs in the worker that graded the student). ``observe``
does the same in a fresh sandbox per code unit, for a result graded earlier. Either way the
student's functions are called through the proxy, exactly as the checks call them: student
code never runs in this process; only arrays come back, and the reference values beside
them are computed here from `solutions` on the course's data.

A figure is wanted when it says something: sigmoid against the reference when a sigmoid
check failed, the gradient against the numerical gradient when a backprop check failed,
and the loss curve whenever training was graded (and the student's `train` runs).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from autograder.checks.runner import CheckResult
from autograder.grading import GradeResult
from autograder.loading import CodeUnit, Submission, load
from autograder.sandbox import Limits, Sandbox, SandboxError

#: The sigmoid figure's inputs: [-10, 10].
SIGMOID_Z = np.linspace(-10.0, 10.0, 401)
#: How long the whole re-run of one unit may take (seconds); figures are never worth more.
OBSERVE_TIMEOUT = 60.0


@dataclass
class Observations:
    """What was measured for the figures; a field is None when there is nothing to show.

    sigmoid:   (z (401,), student's sigmoid(z) (401,), reference's (401,)).
    gradients: {"dW1": (student (3, 4), numerical (3, 4)), "dW2": (student (4, 1),
               numerical (4, 1))} on the course's X, Y and initial weights.
    losses:    (student's losses (k,), reference's losses (1500,)) from the course's
               X, Y and initial weights with train's defaults.
    problems:  why a wanted figure could not be made (for logs, not for grading).
    """

    sigmoid: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    gradients: dict[str, tuple[np.ndarray, np.ndarray]] | None = None
    losses: tuple[np.ndarray, np.ndarray] | None = None
    problems: list[str] = field(default_factory=list)


def wanted(result: GradeResult) -> set[str]:
    """Which figures this result calls for: a subset of {"sigmoid", "gradients", "losses"}."""
    return _wanted(result.checks, result.stages)


def _wanted(checks: Iterable[CheckResult], stages: Iterable[int]) -> set[str]:
    failed = {c.name for c in checks if not c.passed}
    want = set()
    if any(n.startswith("sigmoid_") and not n.startswith("sigmoid_derivative") for n in failed):
        want.add("sigmoid")
    if any(n.startswith("backprop_") for n in failed):
        want.add("gradients")
    if 5 in stages:
        want.add("losses")
    return want


_FIGURE_STAGE = {"sigmoid": 1, "gradients": 4, "losses": 5}


def observe(submission: Submission, result: GradeResult, limits: Limits | None = None
            ) -> Observations:
    """Measure what the wanted figures need, one sandbox per code unit involved.

    Never raises for anything the submission does; a figure that cannot be made is left
    out and the reason added to `problems`.
    """
    found = Observations()
    want = wanted(result)
    if not want:
        return found
    try:
        plan = load(submission, result.stages)
    except Exception as error:  # loading is the grader's code, but figures are optional
        found.problems.append(f"could not reload the submission: {error}")
        return found
    for unit, stages in plan.runs:
        needs = {name for name in want if _FIGURE_STAGE[name] in stages}
        if needs and unit.cells:
            _observe_unit(unit, needs, found, limits)
    return found


def observe_loaded(impl, stages: Sequence[int], results: Sequence[CheckResult],
                   found: Observations, label: str = "") -> None:
    """Record in `found` what the figures of one graded unit need, calling into `impl`.

    impl: the unit's loaded code (the grading sandbox's proxy, after its checks ran).
    stages, results: the stages the unit was graded for and its check results. Never
    raises for anything the student's code does; a failed measurement goes to `problems`.
    """
    needs = {name for name in _wanted(results, stages) if _FIGURE_STAGE[name] in stages}
    _measure(impl, needs, found, label)


def _observe_unit(unit: CodeUnit, needs: set[str], found: Observations,
                  limits: Limits | None) -> None:
    """Load one unit in a fresh sandbox and record each needed measurement."""
    base = limits or Limits()
    limits = Limits(**{**base.__dict__, "total_timeout": min(base.total_timeout,
                                                              OBSERVE_TIMEOUT)})
    try:
        with Sandbox(unit.cells, limits=limits) as impl:
            _measure(impl, needs, found, unit.label)
    except SandboxError as error:
        found.problems.append(f"{unit.label}: could not be loaded again: {_short(error)}")


def _measure(impl, needs: set[str], found: Observations, label: str) -> None:
    """Call into `impl` for each needed figure; failures go to `found.problems`."""
    measure = {"sigmoid": _sigmoid, "gradients": _gradients, "losses": _losses}
    for name in sorted(needs):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                setattr(found, name, measure[name](impl))
        except (Exception, SystemExit) as error:  # the student's code failed
            found.problems.append(f"{label}: {name}: {_short(error)}")


def _sigmoid(impl) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    from solutions import sigmoid

    got = _float_array(impl.sigmoid(SIGMOID_Z.copy()), SIGMOID_Z.shape, "sigmoid(z)")
    return SIGMOID_Z.copy(), got, sigmoid(SIGMOID_Z)


def _gradients(impl) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    from autograder.checks.cache import cached_reference
    from autograder.checks.stage4_backprop import numerical_gradient
    from course_data import load_dataset, load_initial_weights

    X, Y = load_dataset()
    W1, W2 = load_initial_weights()
    got = impl.backprop(X.copy(), Y.copy(), W1.copy(), W2.copy())
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise ValueError("backprop did not return a pair")
    return {name: (_float_array(got[which], weights.shape, name),
                   cached_reference(numerical_gradient, X, Y, W1, W2, which))
            for which, (name, weights) in enumerate((("dW1", W1), ("dW2", W2)))}


def _losses(impl) -> tuple[np.ndarray, np.ndarray]:
    from autograder.checks.stage5_training import course_reference
    from course_data import load_dataset, load_initial_weights

    X, Y = load_dataset()
    W1, W2 = load_initial_weights()
    got = impl.train(X.copy(), Y.copy(), W1.copy(), W2.copy())
    if not isinstance(got, tuple | list) or len(got) != 3:
        raise ValueError("train did not return (W1, W2, losses)")
    losses = _float_array(got[2], None, "losses").ravel()
    if losses.size == 0 or losses.size > 100_000:
        raise ValueError(f"losses has {losses.size} entries")
    return losses, course_reference()[2].copy()  # train's defaults: the same iterations


def _float_array(value, shape: tuple[int, ...] | None, name: str) -> np.ndarray:
    """`value` as a float64 array (of `shape` if given); ValueError if it is not one.

    Only plain values are accepted (arrays, numbers, lists): a stand-in for an object that
    lives in the sandbox is refused rather than asked to convert itself.
    """
    if not isinstance(value, np.ndarray | np.generic | int | float | list | tuple):
        raise ValueError(f"{name} is not an array")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not numeric") from None
    if shape is not None and array.shape != shape:
        raise ValueError(f"{name} has shape {array.shape}, expected {shape}")
    return array


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:200]}"
