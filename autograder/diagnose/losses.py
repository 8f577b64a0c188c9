"""Which loss is this? The losses students compute instead of the course's sum of squared
errors (the mean, the root, absolute errors, the cross-entropy of logistic regression, ...),
tried on the same predictions: used for `sse_loss` (stage 3) and for the losses a training
loop records (stage 5), where the predictions of each step are known.

    name_loss(Y_hat, Y, [value]) -> "the binary cross-entropy (log loss), ..." or None
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from autograder.diagnose.base import matches
from autograder.i18n import N_, tr


def _cross_entropy(Y_hat: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return -(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat))


#: (what it is, in words; the loss of predictions Y_hat for targets Y). The course's own
#: loss, np.sum((Y - Y_hat) ** 2), is not among them.
FAMILY: list[tuple[str, Callable[[np.ndarray, np.ndarray], float]]] = [
    (N_("the mean of the squared errors, np.mean((Y - Y_hat) ** 2)"),
     lambda p, y: np.mean((y - p) ** 2)),
    (N_("half the sum of squared errors"), lambda p, y: 0.5 * np.sum((y - p) ** 2)),
    (N_("the square root of the mean squared error"),
     lambda p, y: np.sqrt(np.mean((y - p) ** 2))),
    (N_("the square root of the sum of squared errors"),
     lambda p, y: np.sqrt(np.sum((y - p) ** 2))),
    (N_("the mean absolute error, np.mean(np.abs(Y - Y_hat))"),
     lambda p, y: np.mean(np.abs(y - p))),
    (N_("the sum of the absolute errors, np.sum(np.abs(Y - Y_hat))"),
     lambda p, y: np.sum(np.abs(y - p))),
    (N_("the binary cross-entropy (log loss), -np.sum(Y * np.log(Y_hat) + (1 - Y) * "
        "np.log(1 - Y_hat))"), lambda p, y: np.sum(_cross_entropy(p, y))),
    (N_("the mean binary cross-entropy (log loss)"), lambda p, y: np.mean(_cross_entropy(p, y))),
    (N_("the sum of the errors without squaring them, np.sum(Y - Y_hat)"),
     lambda p, y: np.sum(y - p)),
    (N_("the sum of the errors without squaring them, np.sum(Y_hat - Y)"),
     lambda p, y: np.sum(p - y)),
]


def name_loss(predictions: Sequence[np.ndarray], Y: np.ndarray,
              values: Sequence[float]) -> str | None:
    """The one loss of :data:`FAMILY` that gives ``values[i]`` for ``predictions[i]`` for
    every i (in the current language), or None when none or several do."""
    if not values or len(values) != len(predictions):
        return None
    got = np.asarray(values, dtype=np.float64)
    if got.ndim != 1 or not np.all(np.isfinite(got)):
        return None
    fitting = []
    with np.errstate(all="ignore"):
        for words, loss in FAMILY:
            try:
                candidate = np.array([float(loss(np.asarray(p, np.float64),
                                                 np.asarray(Y, np.float64)))
                                      for p in predictions])
            except (ValueError, TypeError, FloatingPointError):
                continue
            if matches(got, candidate):
                fitting.append(words)
    return tr(fitting[0]) if len(fitting) == 1 else None
