"""Shape probes: right on one shape and wrong on another, or the results in the wrong order.

These need more than one call of the student's code, so the checks run the calls (on shapes
where every dimension is equal, so `*` and a dropped `.T` compute instead of crashing, or
with one output column against several) and hand the outcome here to be named.
"""

from __future__ import annotations

import numpy as np

from autograder.diagnose.base import Diagnosis
from autograder.diagnose.probes import hint
from autograder.i18n import N_, tr

ONE_OUTPUT_ONLY = hint("right_for_one_output_only", (
    N_("With one output column many shape mistakes go unnoticed. Write each array's shape "
    "beside its line, (n, h) @ (h, o) -> (n, o), and try o = 2: look for `*` where a "
    "matrix product `@` (often with W.T) belongs, a missing .T, or a squeeze or ravel that "
    "drops the column axis.")))
ONE_OUTPUT_ONLY_NO_MATMUL = hint("right_for_one_column_only", (
    N_("With one column many shape mistakes go unnoticed. Keep every array two-dimensional "
    "(no squeeze or ravel), and reduce over the axis the formula names (axis=0 or axis=1).")))
WRONG_ORDER = hint("results_in_wrong_order", (
    N_("Return the results in the order the contract lists them, for example "
    "`return A1, Y_hat` and `return dW1, dW2`.")))


def one_output_only(what: str, outputs: int, matrix_product: bool) -> Diagnosis:
    """``what`` was right with one output column and wrong with ``outputs`` of them."""
    if matrix_product:
        return Diagnosis(ONE_OUTPUT_ONLY, tr(
            "your {what} is right with one output column but wrong with {outputs}: a shape "
            "mistake that one column hides, like `*` where `@ W.T` belongs, a missing "
            "transpose, or a squeeze.",
            what=what, outputs=outputs))
    return Diagnosis(ONE_OUTPUT_ONLY_NO_MATMUL, tr(
        "your {what} is right with one column but wrong with {outputs}: a shape mistake "
        "that one column hides, like a squeeze or a sum over the wrong axis.",
        what=what, outputs=outputs))


def order(function: str, names: tuple[str, ...], got: list[np.ndarray],
          expected: list[np.ndarray]) -> Diagnosis | None:
    """The returned values are the right ones in another order (checked by shape and value)."""
    if len(got) != len(expected):
        return None
    if [g.shape for g in got] == [e.shape for e in expected]:
        same = [np.allclose(g, e) for g, e in zip(got, expected, strict=True)]
        if all(same):
            return None
    position = []
    for g in got:
        found = [i for i, e in enumerate(expected)
                 if e.shape == g.shape and np.allclose(g, e, rtol=1e-6, atol=1e-10)]
        if not found:
            return None
        position.append(found[0])
    if sorted(position) != list(range(len(expected))) or position == sorted(position):
        return None
    return Diagnosis(WRONG_ORDER, tr(
        "your {function} returns the right values in the order ({got}); the contract's order "
        "is ({expected}).",
        function=function, got=", ".join(names[i] for i in position), expected=", ".join(names)))
