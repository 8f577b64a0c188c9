"""Stage 3: sse_loss(Y_hat, Y) -> float, the sum of (Y - Y_hat)**2."""

import numpy as np

from autograder import diagnose
from autograder.checks.base import (
    CheckFailure,
    as_number,
    call,
    register,
    with_context,
    with_diagnosis,
)
from autograder.diagnose import behaviour, shapes
from autograder.i18n import tr
from solutions import sse_loss as ref_sse_loss

RTOL = 1e-7


def draw(rng: np.random.Generator, n: int, k: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Predictions in (0, 1) and 0/1 targets, both of shape (n, k)."""
    return rng.uniform(0.01, 0.99, size=(n, k)), rng.integers(0, 2, size=(n, k)).astype(float)


def loss(impl, Y_hat: np.ndarray, Y: np.ndarray) -> float:
    """The student's sse_loss(Y_hat, Y) as a Python float."""
    try:
        value = None
        value = call(impl, "sse_loss", Y_hat, Y)
        return as_number(value, "`sse_loss(Y_hat, Y)`")  # the call stands for its value
    except CheckFailure as failure:
        not_summed = type(value) is np.ndarray and value.shape == Y.shape and Y.size > 1
        failure = with_context(failure, tr("for Y_hat and Y of shape {shape}", shape=Y.shape))
        if not_summed:
            failure = CheckFailure(failure.message, "loss_not_summed")
        axis = summed_over_one_axis(value, Y_hat, Y) if not not_summed else None
        if axis is not None:
            failure = CheckFailure(tr(
                "{message}. It holds one sum per {part}: `np.sum(..., axis={axis})` adds up "
                "each {part} separately. The loss adds up every entry: `np.sum(...)` with no "
                "axis.", message=failure.message, axis=axis,
                part=tr("column") if axis == 0 else tr("row")), "loss_summed_over_one_axis")
        raise failure from None


def summed_over_one_axis(value, Y_hat: np.ndarray, Y: np.ndarray) -> int | None:
    """0 or 1 when ``value`` is the squared errors added up along that axis only, else None."""
    if type(value) is not np.ndarray or value.ndim != 1 or Y.ndim != 2:
        return None
    squares = (Y - Y_hat) ** 2
    for axis in (0, 1):
        sums = squares.sum(axis=axis)
        if value.shape == sums.shape and np.allclose(value, sums, rtol=1e-7, atol=0):
            return axis
    return None


def compare(Y_hat: np.ndarray, Y: np.ndarray, got: float, impl=None) -> None:
    """Fail unless got equals the reference loss (rtol 1e-7); name a known mistake if one fits
    (with ``impl``, also a value kept from an earlier call: the same inputs again differ)."""
    expected = ref_sse_loss(Y_hat, Y)
    if np.isfinite(got) and abs(got - expected) <= RTOL * abs(expected) + 1e-12:
        return
    failure = CheckFailure(tr("`sse_loss` for Y_hat and Y of shape {shape} gave {got:.8g}, "
                              "expected {expected:.8g}", shape=Y.shape, got=got,
                              expected=expected))
    found = diagnose.sse_loss(Y_hat, Y, got)
    if found is None and impl is not None:
        other = draw(np.random.default_rng(3), 3)
        found = behaviour.hidden_state("sse_loss", lambda: [loss(impl, Y_hat, Y)],
                                       [lambda: loss(impl, *other)])
    if found is None and got != got:
        failure = CheckFailure(tr("`sse_loss` for Y_hat and Y of shape {shape} gave NaN",
                                  shape=Y.shape))
    raise with_diagnosis(failure, found)


@register(stage=3, points=1, visibility="visible")
def check_sse_loss_returns_number(impl, rng: np.random.Generator) -> None:
    """sse_loss returns a single finite number (a float; numpy scalars are fine)."""
    value = loss(impl, *draw(rng, 4))
    if not np.isfinite(value):
        raise CheckFailure(tr("`sse_loss` returned {value}; it should be a finite number",
                              value=value))


@register(stage=3, points=2, visibility="visible")
def check_sse_loss_values(impl, rng: np.random.Generator) -> None:
    """sse_loss equals the sum of (Y - Y_hat)**2 (relative tolerance 1e-7), n = 1 included."""
    for n in (4, 1, 9):
        Y_hat, Y = draw(rng, n)
        compare(Y_hat, Y, loss(impl, Y_hat, Y), impl)


@register(stage=3, points=1, visibility="hidden")
def check_sse_loss_zero_for_equal(impl, rng: np.random.Generator) -> None:
    """sse_loss of identical predictions and targets is 0."""
    Y = rng.uniform(0.01, 0.99, size=(5, 1))
    got = loss(impl, Y, Y.copy())
    if got != 0.0:
        raise CheckFailure(tr("`sse_loss(Y, Y)` gave {got:.8g}; when the predictions equal the "
                              "targets the loss should be exactly 0", got=got))


@register(stage=3, points=1, visibility="hidden")
def check_sse_loss_multi_output(impl, rng: np.random.Generator) -> None:
    """sse_loss adds up every entry for several outputs, shape (n, k)."""
    for n, k in ((5, 3), (2, 2)):
        Y_hat, Y = draw(rng, n, k)
        try:
            compare(Y_hat, Y, loss(impl, Y_hat, Y), impl)
        except CheckFailure as failure:
            if failure.mistake is not None or not right_with_one_column(impl, rng):
                raise
            raise with_diagnosis(failure, shapes.one_output_only(
                "`sse_loss`", k, matrix_product=False)) from None


def right_with_one_column(impl, rng: np.random.Generator) -> bool:
    """Is the student's sse_loss right for Y_hat and Y of shape (6, 1)?"""
    Y_hat, Y = draw(rng, 6)
    try:
        got = loss(impl, Y_hat, Y)
    except CheckFailure:
        return False
    expected = ref_sse_loss(Y_hat, Y)
    return bool(np.isfinite(got) and abs(got - expected) <= RTOL * abs(expected) + 1e-12)
