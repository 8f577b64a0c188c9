"""Stage 2: feedforward(X, W1, W2) -> (A1, Y_hat)."""

import numpy as np

from autograder import diagnose
from autograder.checks.base import (
    CheckFailure,
    as_pair,
    call,
    call_raw,
    first_mismatch,
    names_text,
    register,
    require_2d,
    require_finite,
    require_shape,
    shape_text,
    values_match,
    with_context,
    with_diagnosis,
)
from autograder.diagnose import shapes
from autograder.i18n import tr
from solutions import feedforward as ref_feedforward

#: (n, d, h, o): samples, inputs, hidden units, outputs. The seed's 4-3-4-1 first; others
#: make hard-wired shapes fail, and n = 1 catches code that drops the batch axis.
SHAPES = [(4, 3, 4, 1), (1, 3, 4, 1), (6, 5, 3, 2), (2, 4, 7, 3)]
RTOL, ATOL = 1e-7, 1e-12


def draw(rng: np.random.Generator, n: int, d: int, h: int, o: int
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random X (n, d), W1 (d, h), W2 (h, o) that keep the sigmoids away from saturation."""
    return rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=(h, o))


def run(impl, X: np.ndarray, W1: np.ndarray, W2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The student's feedforward(X, W1, W2) as two float64 arrays; failures say the shapes."""
    try:
        return as_pair(call(impl, "feedforward", X, W1, W2), "`feedforward`", ("A1", "Y_hat"))
    except CheckFailure as failure:
        raise with_context(failure, tr("for {names} of shapes {shapes}",
                                       names=names_text("X, W1, W2"),
                                       shapes=shape_text(X, W1, W2))) from None


def square_probe_diagnosis(impl, rng: np.random.Generator) -> diagnose.Diagnosis | None:
    """Run feedforward with every dimension 3, where `*` and `.T` do not crash, and measure."""
    X, W1, W2 = draw(rng, 3, 3, 3, 3)
    try:
        A1, Y_hat = run(impl, X, W1, W2)
    except CheckFailure:
        return None
    return (shapes.order("feedforward", ("A1", "Y_hat"), [A1, Y_hat],
                         list(ref_feedforward(X, W1, W2)))
            or diagnose.feedforward(X, W1, W2, A1, Y_hat))


@register(stage=2, points=1, visibility="visible")
def check_feedforward_returns_pair(impl, rng: np.random.Generator) -> None:
    """feedforward returns two 2-D arrays, (A1, Y_hat), for the article's data (4 x 3)."""
    try:
        require_2d(run(impl, *draw(rng, *SHAPES[0])), ("A1", "Y_hat"), "`feedforward`")
    except CheckFailure as failure:
        if failure.mistake is not None:
            raise
        raise with_diagnosis(failure, square_probe_diagnosis(impl, rng)) from None


@register(stage=2, points=2, visibility="visible")
def check_feedforward_shapes(impl, rng: np.random.Generator) -> None:
    """A1 has shape (n, hidden) and Y_hat (n, outputs) for several layer sizes, n = 1 included."""
    for n, d, h, o in SHAPES:
        X, W1, W2 = draw(rng, n, d, h, o)
        try:
            A1, Y_hat = run(impl, X, W1, W2)
            context = tr(" for {names} of shapes {shapes}", names=names_text("X, W1, W2"),
                         shapes=shape_text(X, W1, W2))
            require_shape(A1, (n, h), "A1", context)
            require_shape(Y_hat, (n, o), "Y_hat", context)
        except CheckFailure as failure:
            raise with_diagnosis(failure, square_probe_diagnosis(impl, rng)) from None


@register(stage=2, points=3, visibility="visible")
def check_feedforward_values(impl, rng: np.random.Generator) -> None:
    """A1 = sigmoid(X @ W1) and Y_hat = sigmoid(A1 @ W2) match the reference (rtol 1e-7)."""
    for shape in SHAPES:
        X, W1, W2 = draw(rng, *shape)
        try:
            A1, Y_hat = run(impl, X, W1, W2)
        except CheckFailure as failure:
            raise with_diagnosis(failure, square_probe_diagnosis(impl, rng)) from None
        A1_ref, Y_ref = ref_feedforward(X, W1, W2)
        context = tr(" for {names} of shapes {shapes}", names=names_text("X, W1, W2"),
                     shapes=shape_text(X, W1, W2))
        for got, expected, name in ((A1, A1_ref, "A1"), (Y_hat, Y_ref, "Y_hat")):
            if values_match(got, expected, RTOL, ATOL):
                continue
            found = diagnose.feedforward(X, W1, W2, A1, Y_hat)
            if found is None and got.shape != expected.shape:
                found = square_probe_diagnosis(impl, rng)
            mismatch = (first_mismatch(got, expected, RTOL, ATOL) if got.shape == expected.shape
                        else tr(": shape {shape}, expected {expected}", shape=got.shape,
                                expected=expected.shape))
            failure = CheckFailure(tr("{what} is wrong{context}{mismatch}", what=name,
                                      context=context, mismatch=mismatch))
            if found is None:
                require_finite(got, name, context)
            raise with_diagnosis(failure, found)


@register(stage=2, points=1, visibility="hidden")
def check_feedforward_rows_independent(impl, rng: np.random.Generator) -> None:
    """Row i of Y_hat depends only on row i of X (one sample alone, or rows shuffled)."""
    X, W1, W2 = draw(rng, 6, 3, 4, 1)
    _, full = run(impl, X, W1, W2)
    require_shape(full, (6, 1), "Y_hat", tr(" for {n} samples", n=6))
    order = rng.permutation(6)
    _, shuffled = run(impl, X[order], W1, W2)
    _, alone = run(impl, X[2:3], W1, W2)
    if not (values_match(shuffled, full[order], 1e-9, 1e-12)
            and values_match(alone, full[2:3], 1e-9, 1e-12)):
        raise CheckFailure(tr("each sample's prediction should depend only on its own row of X, "
                              "but shuffling the rows of X (or passing one row alone) changed "
                              "the predictions of the rows themselves"))


@register(stage=2, points=1, visibility="hidden")
def check_feedforward_inputs_unchanged(impl, rng: np.random.Generator) -> None:
    """feedforward leaves X, W1 and W2 as they were."""
    originals = draw(rng, 5, 3, 4, 2)
    copies = [a.copy() for a in originals]
    result = as_pair(call_raw(impl, "feedforward", *copies), "`feedforward`", ("A1", "Y_hat"))
    require_2d(result, ("A1", "Y_hat"), "`feedforward`")
    for name, before, after in zip(("X", "W1", "W2"), originals, copies, strict=True):
        if not np.array_equal(before, after):
            raise CheckFailure(tr("`feedforward` changed its argument {name}; work on new arrays "
                                  "(e.g. z = X @ W1) instead of modifying the inputs in place",
                                  name=name), "inputs_modified")
