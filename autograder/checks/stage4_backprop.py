"""Stage 4: backprop(X, Y, W1, W2) -> (dW1, dW2), the gradients of the sum-of-squares loss."""

import numpy as np

from autograder import diagnose
from autograder.checks.base import (
    CheckFailure,
    as_pair,
    call,
    call_raw,
    names_text,
    register,
    rel_error,
    require_2d,
    require_finite,
    require_shape,
    shape_text,
    with_context,
    with_diagnosis,
)
from autograder.diagnose import behaviour, shapes
from autograder.i18n import tr
from solutions import backprop as ref_backprop
from solutions import feedforward as ref_feedforward
from solutions import sse_loss as ref_sse_loss

#: (n, d, h, o) as in stage 2: the seed's 4-3-4-1 first, then other sizes, n = 1 included.
SHAPES = [(4, 3, 4, 1), (1, 3, 4, 1), (6, 5, 3, 2), (3, 2, 5, 3)]
#: Largest CS231n relative error accepted against the reference's analytic gradient.
TOLERANCE = 1e-7
#: ... and against central differences (whose own error is about 1e-9 here).
NUMERICAL_TOLERANCE = 1e-5


def draw(rng: np.random.Generator, n: int, d: int, h: int, o: int
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Random X (n, d), targets Y (n, o) in [0, 1], W1 (d, h), W2 (h, o)."""
    return (rng.normal(size=(n, d)), rng.uniform(size=(n, o)),
            rng.normal(size=(d, h)), rng.normal(size=(h, o)))


def run(impl, X, Y, W1, W2) -> tuple[np.ndarray, np.ndarray]:
    """The student's backprop(X, Y, W1, W2) as two float64 arrays; failures say the shapes."""
    try:
        return as_pair(call(impl, "backprop", X, Y, W1, W2), "`backprop`", ("dW1", "dW2"))
    except CheckFailure as failure:
        raise with_context(failure, tr("for {names} of shapes {shapes}",
                                       names=names_text("X, Y, W1, W2"),
                                       shapes=shape_text(X, Y, W1, W2))) from None


def square_probe_diagnosis(impl, rng: np.random.Generator) -> diagnose.Diagnosis | None:
    """Run backprop with every dimension 3, where `*` and a dropped `.T` compute, and measure."""
    X, Y, W1, W2 = draw(rng, 3, 3, 3, 3)
    try:
        got = list(run(impl, X, Y, W1, W2))
    except CheckFailure:
        return None
    expected = list(ref_backprop(X, Y, W1, W2))
    return (shapes.order("backprop", ("dW1", "dW2"), got, expected)
            or diagnose.backprop(X, Y, W1, W2, *got))


def hidden_state(impl, rng: np.random.Generator, X, Y, W1, W2) -> diagnose.Diagnosis | None:
    """Does backprop give other values for the same inputs after feedforward or backprop
    ran on other data in between (a value kept from an earlier call)?"""
    other = draw(rng, *SHAPES[0])
    return behaviour.hidden_state(
        "backprop", lambda: call(impl, "backprop", X, Y, W1, W2),
        [lambda: call(impl, "feedforward", other[0], other[2], other[3]),
         lambda: call(impl, "backprop", *other)])


def diagnosed(failure: CheckFailure, impl, rng: np.random.Generator) -> CheckFailure:
    """A failure without a named mistake, with the square-shape probe's diagnosis if any."""
    if failure.mistake is not None:
        return failure
    return with_diagnosis(failure, square_probe_diagnosis(impl, rng))


def compare_gradient(impl, rng: np.random.Generator, which: int) -> None:
    """Fail unless gradient ``which`` (0: dW1, 1: dW2) matches the reference for every shape."""
    name = ("dW1", "dW2")[which]
    right_with_one_output = False
    for shape in SHAPES:
        X, Y, W1, W2 = draw(rng, *shape)
        try:
            got = run(impl, X, Y, W1, W2)
            expected = ref_backprop(X, Y, W1, W2)
            context = tr(" for {names} of shapes {shapes}", names=names_text("X, Y, W1, W2"),
                         shapes=shape_text(X, Y, W1, W2))
            require_shape(got[which], expected[which].shape, name, context)
        except CheckFailure as failure:
            raise diagnosed(failure, impl, rng) from None
        error = rel_error(got[which], expected[which])
        if error < TOLERANCE:
            right_with_one_output |= Y.shape[1] == 1
            continue
        found = diagnose.backprop(X, Y, W1, W2, *got) or hidden_state(impl, rng, X, Y, W1, W2)
        if right_with_one_output and Y.shape[1] > 1 and (
                found is None or found.mistake == "hidden_gradient_wrong"):
            found = shapes.one_output_only(name, Y.shape[1], matrix_product=True)
        if found is None:
            require_finite(got[which], name, context)
        failure = CheckFailure(tr("{what} is wrong{context}: relative error {error:.2g} (at "
                                  "most {tolerance:g} allowed)", what=name, context=context,
                                  error=error, tolerance=TOLERANCE))
        raise with_diagnosis(failure, found)


def numerical_gradient(X, Y, W1, W2, which: int, h: float = 1e-5) -> np.ndarray:
    """Central differences of the reference loss with respect to W1 (0) or W2 (1)."""
    weights = [W1.copy(), W2.copy()]
    W = weights[which]
    grad = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        old = W[index]
        W[index] = old + h
        up = ref_sse_loss(ref_feedforward(X, *weights)[1], Y)
        W[index] = old - h
        down = ref_sse_loss(ref_feedforward(X, *weights)[1], Y)
        W[index] = old
        grad[index] = (up - down) / (2 * h)
    return grad


@register(stage=4, points=1, visibility="visible")
def check_backprop_returns_pair(impl, rng: np.random.Generator) -> None:
    """backprop returns two 2-D arrays, (dW1, dW2), for the article's data (4 x 3)."""
    try:
        require_2d(run(impl, *draw(rng, *SHAPES[0])), ("dW1", "dW2"), "`backprop`")
    except CheckFailure as failure:
        raise diagnosed(failure, impl, rng) from None


@register(stage=4, points=2, visibility="visible")
def check_backprop_shapes(impl, rng: np.random.Generator) -> None:
    """dW1 has W1's shape and dW2 has W2's, for several layer sizes."""
    for shape in SHAPES:
        X, Y, W1, W2 = draw(rng, *shape)
        try:
            dW1, dW2 = run(impl, X, Y, W1, W2)
            context = tr(" for {names} of shapes {shapes}", names=names_text("X, Y, W1, W2"),
                         shapes=shape_text(X, Y, W1, W2))
            require_shape(dW1, W1.shape, "dW1",
                          context + tr(" (it must have {name}'s shape)", name="W1"))
            require_shape(dW2, W2.shape, "dW2",
                          context + tr(" (it must have {name}'s shape)", name="W2"))
        except CheckFailure as failure:
            raise diagnosed(failure, impl, rng) from None


@register(stage=4, points=2, visibility="visible")
def check_backprop_dW2(impl, rng: np.random.Generator) -> None:
    """dW2 matches the reference gradient (relative error below 1e-7)."""
    compare_gradient(impl, rng, 1)


@register(stage=4, points=2, visibility="visible")
def check_backprop_dW1(impl, rng: np.random.Generator) -> None:
    """dW1 matches the reference gradient (relative error below 1e-7)."""
    compare_gradient(impl, rng, 0)


@register(stage=4, points=1, visibility="hidden")
def check_backprop_numerical_gradient(impl, rng: np.random.Generator) -> None:
    """dW1 and dW2 match central differences of the loss on the course's inputs."""
    from course_data import X, Y

    W1, W2 = rng.uniform(size=(3, 4)), rng.uniform(size=(4, 1))
    got = run(impl, X, Y, W1, W2)
    for which, name in enumerate(("dW1", "dW2")):
        expected = numerical_gradient(X, Y, W1, W2, which)
        require_shape(got[which], expected.shape, name, tr(" for the course's data"))
        error = rel_error(got[which], expected)
        if not error < NUMERICAL_TOLERANCE:
            failure = CheckFailure(tr("{name} disagrees with the numerical gradient (central "
                                      "differences of the loss): relative error {error:.2g}",
                                      name=name, error=error))
            raise with_diagnosis(failure, diagnose.backprop(X, Y, W1, W2, *got))


@register(stage=4, points=1, visibility="hidden")
def check_backprop_inputs_unchanged(impl, rng: np.random.Generator) -> None:
    """backprop leaves X, Y, W1 and W2 as they were."""
    originals = draw(rng, 5, 3, 4, 2)
    copies = [a.copy() for a in originals]
    result = as_pair(call_raw(impl, "backprop", *copies), "`backprop`", ("dW1", "dW2"))
    require_2d(result, ("dW1", "dW2"), "`backprop`")
    for name, before, after in zip(("X", "Y", "W1", "W2"), originals, copies, strict=True):
        if not np.array_equal(before, after):
            raise CheckFailure(tr("`backprop` changed its argument {name}; compute new arrays "
                                  "instead of modifying the inputs in place", name=name),
                               "inputs_modified")
