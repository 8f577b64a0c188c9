"""Stage 3's catalogue: sse_loss mistakes, named from the returned number."""

from __future__ import annotations

import numpy as np

from autograder.diagnose import losses, probes, relations
from autograder.diagnose.base import Diagnosis, first_match, is_right
from autograder.i18n import N_, tr

WRONG_POWER = probes.hint("wrong_power", (
    N_("The loss squares each error: np.sum((Y - Y_hat) ** 2). Check the operator (** not *) "
    "and the power (2).")))


def sse_loss(Y_hat: np.ndarray, Y: np.ndarray, got: float) -> Diagnosis | None:
    """Name a known loss mistake from sse_loss(Y_hat, Y) == got, else measure the factor."""
    error = Y - Y_hat
    if is_right(np.float64(got), np.sum(error ** 2)):
        return None  # right values are never diagnosed
    return first_match(np.float64(got), [
        ("mean_instead_of_sum", lambda: np.mean(error ** 2),
         tr("your loss is the mean of the squared errors; the course's loss is their sum, the "
            "mean times the number of entries (here {size}).",
            size=error.size)),
        ("absolute_instead_of_squared", lambda: np.sum(np.abs(error)),
         tr("your loss adds up |Y - Y_hat|; it should add up (Y - Y_hat) ** 2.")),
        ("error_not_squared", lambda: np.sum(error),
         tr("your loss adds up Y - Y_hat without squaring, so errors of opposite signs "
         "cancel out; square each error before summing.")),
        ("error_not_squared", lambda: np.sum(-error),
         tr("your loss adds up Y_hat - Y without squaring, so errors of opposite signs "
         "cancel out; square each error before summing.")),
        ("half_sse", lambda: 0.5 * np.sum(error ** 2),
         tr("your loss is half the sum of squares; the course's loss has no factor 1/2.")),
        ("mean_instead_of_sum", lambda: np.mean(np.sum(error ** 2, axis=-1)),
         tr("your loss averages over the samples; the course's loss is the plain sum.")),
        ("error_added_not_subtracted", lambda: np.sum((Y + Y_hat) ** 2),
         tr("your loss adds up (Y + Y_hat) ** 2; the error is the difference Y - Y_hat.")),
        (WRONG_POWER, lambda: np.sum(error * 2),
         tr("your loss adds up (Y - Y_hat) * 2: it multiplies by 2 where ** 2 squares.")),
        *[(WRONG_POWER, lambda p=p: np.sum(error ** p),
           tr("your loss adds up (Y - Y_hat) ** {power}; the course's loss squares the errors, "
           "(Y - Y_hat) ** 2.",
              power=p)) for p in (3, 4, 1.5)],
        (WRONG_POWER, lambda: np.float64(error.size),
         tr("your loss equals the number of entries, {n}: each error is raised to the power 0 "
         "(** 0) where ** 2 belongs.",
            n=error.size)),
    ]) or _another_loss(Y_hat, Y, got) \
        or relations.search(relations.LOSS_GRAPH, dict(Y_hat=Y_hat, Y=Y),
                           dict(L=np.float64(got))) \
        or probes.values("sse_loss", np.float64(got), np.sum(error ** 2), n=Y.shape[0])


ANOTHER_LOSS = probes.hint("another_loss", (
    N_("The course's loss is the sum of squared errors, np.sum((Y - Y_hat) ** 2): other "
       "losses (the mean, absolute errors, the cross-entropy) have other values and other "
       "gradients, and the backpropagation of this course is the gradient of this one.")))


def _another_loss(Y_hat: np.ndarray, Y: np.ndarray, got: float) -> Diagnosis | None:
    """Another well-known loss of the same predictions (the cross-entropy, say)."""
    words = losses.name_loss([Y_hat], Y, [float(got)])
    if words is None:
        return None
    return Diagnosis(ANOTHER_LOSS, tr(
        "your loss is {loss}, another loss than the course's sum of squared errors, "
        "np.sum((Y - Y_hat) ** 2).", loss=words))
