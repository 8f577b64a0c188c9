"""Stage 7: a two-class classifier with a tanh hidden layer, softmax outputs, cross-entropy.

    softmax(Z (n, k))                        -> P (n, k), rows sum to 1, stable for large Z
    cross_entropy(P (n, k), labels (n,))     -> float, mean of -log P[i, labels[i]]
    forward_classifier(X, W1, b1, W2, b2)    -> (A1 = tanh(X @ W1 + b1), P = softmax(A1 @ W2 + b2))
    backprop_classifier(X, labels, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)
    train_classifier(X, labels, W1, b1, W2, b2, learning_rate=0.5, iterations=2000)
                                             -> (W1, b1, W2, b2, losses (iterations,))
    predict(X, W1, b1, W2, b2)               -> (n,) class of largest probability
    accuracy(predicted (n,), labels (n,))    -> float in [0, 1]
"""

from functools import cache

import numpy as np

from autograder import diagnose
from autograder.checks.base import (
    CheckFailure,
    as_array,
    as_number,
    as_sequence,
    call,
    call_raw,
    first_mismatch,
    names_text,
    register,
    rel_error,
    require_finite,
    require_shape,
    run_bias_training,
    shape_text,
    values_match,
    with_context,
    with_diagnosis,
)
from autograder.diagnose import shapes
from autograder.i18n import tr
from course_data.moons import classifier_weights, load_moons
from solutions.classifier import accuracy as ref_accuracy
from solutions.classifier import backprop_classifier as ref_backprop
from solutions.classifier import cross_entropy as ref_cross_entropy
from solutions.classifier import forward_classifier as ref_forward
from solutions.classifier import predict as ref_predict
from solutions.classifier import softmax as ref_softmax
from solutions.classifier import train_classifier as ref_train

#: (n, d, h, k): the course's 2-8-2 network, and other sizes (n, h, k all different).
SHAPES = [(10, 2, 8, 2), (5, 3, 4, 3), (7, 2, 3, 4), (1, 2, 5, 2)]
NAMES = ("dW1", "db1", "dW2", "db2")
TOLERANCE = 1e-7
NUMERICAL_TOLERANCE = 1e-6
RTOL = 1e-6
#: The reference reaches 0.95 on the moons' test set (course_data/README_moons.md).
ACCURACY_FLOOR = 0.90
#: train_classifier's defaults: learning_rate=0.5, iterations=2000.
DEFAULT_ITERATIONS = 2000
#: How many of the default run's losses are compared with the reference's.
COMPARED = 50


@cache
def moons() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The shipped half-moons split: X_train (200, 2), y_train (200,), X_test, y_test."""
    return load_moons()


def draw(rng: np.random.Generator, n: int, d: int, h: int, k: int) -> list[np.ndarray]:
    """Random X (n, d), labels (n,) in 0..k-1 (every class present when n >= k),
    W1 (d, h), b1 (1, h), W2 (h, k), b2 (1, k)."""
    labels = rng.permutation(np.arange(n) % k)
    return [rng.normal(size=(n, d)), labels, rng.normal(size=(d, h)), rng.normal(size=(1, h)),
            rng.normal(size=(h, k)), rng.normal(size=(1, k))]


def random_probabilities(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """(n, k) rows of probabilities, none of them tiny."""
    P = rng.uniform(0.05, 1.0, size=(n, k))
    return P / P.sum(axis=1, keepdims=True)


# --- softmax and cross_entropy ----------------------------------------------------------

def run_softmax(impl, Z: np.ndarray, context: str) -> np.ndarray:
    what = tr("`{name}` of {inputs}", name="softmax", inputs=context)
    got = as_array(call(impl, "softmax", Z), what)
    require_shape(got, Z.shape, what, tr(" (one probability per score)"))
    return got


@register(stage=7, points=2, visibility="visible")
def check_softmax_values(impl, rng: np.random.Generator) -> None:
    """softmax(Z) matches the reference row by row, and each row sums to 1."""
    for n, k in ((5, 2), (3, 4), (1, 3), (6, 3)):
        Z = rng.normal(scale=2.0, size=(n, k))
        got = run_softmax(impl, Z, tr("Z of shape {shape}", shape=Z.shape))
        expected = ref_softmax(Z)
        if not values_match(got, expected):
            found = diagnose.softmax(Z, got)
            sums = got.sum(axis=1)
            detail = ("" if np.allclose(sums, 1.0) else
                      tr("; its rows sum to {sums} instead of 1", sums=np.round(sums, 4).tolist()))
            raise with_diagnosis(CheckFailure(tr(
                "`softmax` is wrong for Z of shape {shape}{mismatch}{detail}", shape=Z.shape,
                mismatch=first_mismatch(got, expected, 1e-7, 1e-12), detail=detail)), found)


@register(stage=7, points=2, visibility="visible")
def check_softmax_stable(impl, rng: np.random.Generator) -> None:
    """softmax stays finite and right for scores like 1000 and -1000, and Z + c gives the same."""
    big = np.array([[1000.0, 0.0], [-1000.0, 1000.0], [3.0, 3.0], [800.0, 799.0]])
    shifted = rng.normal(size=(4, 3)) + float(rng.uniform(700.0, 900.0))
    for Z, what in ((big, tr("scores as large as 1000")), (shifted, tr("every score near 800")),
                    (-shifted, tr("every score near -800"))):
        got = run_softmax(impl, Z, what)
        expected = ref_softmax(Z)
        if not values_match(got, expected, atol=1e-12):
            found = diagnose.softmax(Z, got)
            require_shape(got, expected.shape, "`softmax`")
            bad = "" if np.all(np.isfinite(got)) else tr(" (it contains NaN or infinity)")
            raise with_diagnosis(CheckFailure(tr(
                "`softmax` fails for {inputs}{bad}{mismatch}", inputs=what, bad=bad,
                mismatch=first_mismatch(got, expected, 1e-7, 1e-12))), found)


@register(stage=7, points=2, visibility="visible")
def check_cross_entropy_values(impl, rng: np.random.Generator) -> None:
    """cross_entropy(P, labels) is the mean over samples of -log P[i, labels[i]]."""
    for n, k in ((6, 2), (4, 3), (1, 2), (9, 4)):
        P = random_probabilities(rng, n, k)
        labels = rng.integers(0, k, size=n)
        context = tr("for P of shape {shape} and labels {labels}", shape=P.shape,
                     labels=labels.tolist())
        try:
            got = as_number(call(impl, "cross_entropy", P, labels), "`cross_entropy(P, labels)`")
        except CheckFailure as failure:
            raise with_context(failure, context) from None
        expected = ref_cross_entropy(P, labels)
        if not (np.isfinite(got) and abs(got - expected) <= 1e-7 * abs(expected) + 1e-12):
            raise with_diagnosis(CheckFailure(tr(
                "`cross_entropy` is wrong {context}: expected {expected:.8g}, got {got:.8g}",
                context=context, expected=expected, got=got)),
                diagnose.cross_entropy(P, labels, got))


# --- forward_classifier, predict, accuracy ------------------------------------------------

@register(stage=7, points=2, visibility="visible")
def check_forward_classifier(impl, rng: np.random.Generator) -> None:
    """forward_classifier returns A1 = tanh(X @ W1 + b1) and P = softmax(A1 @ W2 + b2)."""
    for shape in SHAPES:
        X, _, W1, b1, W2, b2 = draw(rng, *shape)
        context = tr(" for {names} of shapes {shapes}", names=names_text("X, W1, b1, W2, b2"),
                     shapes=shape_text(X, W1, b1, W2, b2))
        try:
            A1, P = as_sequence(call(impl, "forward_classifier", X, W1, b1, W2, b2),
                                "`forward_classifier`", ("A1", "P"))
        except CheckFailure as failure:
            raise with_context(failure, context.strip()) from None
        R1, RP = ref_forward(X, W1, b1, W2, b2)
        for label, got, expected in (("A1", A1, R1), ("P", P, RP)):
            require_shape(got, expected.shape, label, context)
            if not values_match(got, expected):
                found = diagnose.forward_classifier(X, W1, b1, W2, b2, A1, P)
                raise with_diagnosis(CheckFailure(tr(
                    "{what} is wrong{context}{mismatch}", what=label, context=context,
                    mismatch=first_mismatch(got, expected, 1e-7, 1e-12))), found)


@register(stage=7, points=1, visibility="visible")
def check_predict(impl, rng: np.random.Generator) -> None:
    """predict returns (n,) classes: the column of the largest probability in each row."""
    for shape in SHAPES:
        X, _, W1, b1, W2, b2 = draw(rng, *shape)
        context = tr(" for {names} of shapes {shapes}", names=names_text("X, W1, b1, W2, b2"),
                     shapes=shape_text(X, W1, b1, W2, b2))
        got = as_array(call(impl, "predict", X, W1, b1, W2, b2), "`predict(X, W1, b1, W2, b2)`")
        expected = ref_predict(X, W1, b1, W2, b2)
        found = (None if got.shape == expected.shape and np.array_equal(got, expected)
                 else diagnose.predict(ref_forward(X, W1, b1, W2, b2)[1], got))
        if got.shape == (X.shape[0], W2.shape[1]):
            raise with_diagnosis(CheckFailure(tr(
                "`predict` returned the probabilities{context}; return the class of the "
                "largest one in each row, np.argmax(P, axis=1)", context=context)), found)
        try:
            require_shape(got, expected.shape, "`predict(X, W1, b1, W2, b2)`",
                          context + tr(" (one class per sample, a 1-D array)"))
        except CheckFailure as failure:
            raise with_diagnosis(failure, found) from None
        if not np.array_equal(got, expected):
            raise with_diagnosis(CheckFailure(tr(
                "`predict` is wrong{context}{mismatch}", context=context,
                mismatch=first_mismatch(got, expected.astype(float), 0.0, 0.0))), found)


@register(stage=7, points=1, visibility="visible")
def check_accuracy(impl, rng: np.random.Generator) -> None:
    """accuracy(predicted, labels) is the fraction of equal entries, a float in [0, 1].

    Two classes and then three and four, where comparing one-hot rows entry by entry no
    longer gives the fraction of right predictions.
    """
    for n, k in ((10, 2), (7, 2), (1, 2), (12, 3), (9, 4)):
        labels = rng.integers(0, k, size=n)
        wrong = (labels + rng.integers(1, k, size=n)) % k  # another class
        predicted = np.where(rng.uniform(size=n) < 0.7, labels, wrong)
        if n > 1:
            predicted[0], predicted[1] = labels[0], wrong[1]  # at least one right, one wrong
        got = as_number(call(impl, "accuracy", predicted, labels), "`accuracy(predicted, labels)`")
        expected = ref_accuracy(predicted, labels)
        if not abs(got - expected) < 1e-12:
            raise with_diagnosis(CheckFailure(tr(
                "`accuracy` is wrong for predicted {predicted} and labels {labels}: expected "
                "{expected:.6g}, got {got:.6g}", predicted=predicted.tolist(),
                labels=labels.tolist(), expected=expected, got=got)),
                diagnose.accuracy(predicted, labels, got))


# --- backprop_classifier ------------------------------------------------------------------

def run_backprop(impl, X, labels, W1, b1, W2, b2) -> list[np.ndarray]:
    """The student's backprop_classifier(...) as four float64 arrays."""
    try:
        return as_sequence(call(impl, "backprop_classifier", X, labels, W1, b1, W2, b2),
                           "`backprop_classifier`", NAMES)
    except CheckFailure as failure:
        raise with_context(failure, tr("for {names} of shapes {shapes}",
                                       names=names_text("X, labels, W1, b1, W2, b2"),
                                       shapes=shape_text(X, labels, W1, b1, W2, b2))) from None


def square_probe_diagnosis(impl, rng: np.random.Generator) -> diagnose.Diagnosis | None:
    """Run backprop_classifier with n = d = h = k = 3 (so `*` and a dropped `.T` compute)."""
    X, labels, *params = draw(rng, 3, 3, 3, 3)
    try:
        got = run_backprop(impl, X, labels, *params)
    except CheckFailure:
        return None
    expected = list(ref_backprop(X, labels, *params))
    return (shapes.order("backprop_classifier", NAMES, got, expected)
            or diagnose.backprop_classifier(X, labels, *params, got))


def backprop_or_diagnosed(impl, rng: np.random.Generator, X, labels, params
                          ) -> list[np.ndarray]:
    """run_backprop, its failure given the square-shape probe's diagnosis if it has none."""
    try:
        return run_backprop(impl, X, labels, *params)
    except CheckFailure as failure:
        if failure.mistake is not None:
            raise
        raise with_diagnosis(failure, square_probe_diagnosis(impl, rng)) from None


@register(stage=7, points=1, visibility="visible")
def check_backprop_classifier_shapes(impl, rng: np.random.Generator) -> None:
    """The four gradients have the shapes of W1, b1 (1, h), W2 and b2 (1, k)."""
    for shape in SHAPES:
        X, labels, *params = draw(rng, *shape)
        grads = backprop_or_diagnosed(impl, rng, X, labels, params)
        context = tr(" for {names} of shapes {shapes}", names=names_text("X, W1, b1, W2, b2"),
                     shapes=shape_text(X, *params))
        for name, got, param in zip(NAMES, grads, params, strict=True):
            if got.shape != param.shape:
                found = (diagnose.bias_gradient_shape(name, got.shape, X.shape[0],
                                                      param.shape[1])
                         if name.startswith("db") else None) or square_probe_diagnosis(impl, rng)
                raise with_diagnosis(CheckFailure(tr(
                    "{what} has shape {shape}, expected {expected}", what=name,
                    shape=got.shape, expected=param.shape) + context), found)


@register(stage=7, points=3, visibility="visible")
def check_backprop_classifier_gradients(impl, rng: np.random.Generator) -> None:
    """All four gradients match the reference's softmax-plus-cross-entropy gradients."""
    for shape in SHAPES:
        X, labels, *params = draw(rng, *shape)
        got = backprop_or_diagnosed(impl, rng, X, labels, params)
        expected = ref_backprop(X, labels, *params)
        context = tr(" for {names} of shapes {shapes}", names=names_text("X, W1, b1, W2, b2"),
                     shapes=shape_text(X, *params))
        for name, g, e in zip(NAMES, got, expected, strict=True):
            require_shape(g, e.shape, name, context)
        for i in (2, 3, 0, 1):
            error = rel_error(got[i], expected[i])
            if error < TOLERANCE:
                continue
            found = diagnose.backprop_classifier(X, labels, *params, got)
            if found is None:
                require_finite(got[i], NAMES[i], context)
            raise with_diagnosis(CheckFailure(tr(
                "{what} is wrong{context}: relative error {error:.2g} (at most "
                "{tolerance:g} allowed)", what=NAMES[i], context=context, error=error,
                tolerance=TOLERANCE)), found)


def numerical_gradients(X, labels, params: list[np.ndarray], h: float = 1e-5
                        ) -> list[np.ndarray]:
    """Central differences of the reference cross-entropy for each of the 4 parameters."""
    params = [p.copy() for p in params]
    grads = []
    for P in params:
        G = np.zeros_like(P)
        for index in np.ndindex(P.shape):
            old = P[index]
            P[index] = old + h
            up = ref_cross_entropy(ref_forward(X, *params)[1], labels)
            P[index] = old - h
            down = ref_cross_entropy(ref_forward(X, *params)[1], labels)
            P[index] = old
            G[index] = (up - down) / (2 * h)
        grads.append(G)
    return grads


@register(stage=7, points=2, visibility="hidden")
def check_backprop_classifier_numerical(impl, rng: np.random.Generator) -> None:
    """All four gradients match central differences of the loss on 30 half-moons points."""
    X_train, y_train, _, _ = moons()
    pick = rng.choice(len(y_train), size=30, replace=False)
    X, labels = X_train[pick], y_train[pick]
    params = [rng.normal(size=s) for s in ((2, 5), (1, 5), (5, 2), (1, 2))]
    got = run_backprop(impl, X, labels, *params)
    numeric = numerical_gradients(X, labels, params)
    for name, g, e in zip(NAMES, got, numeric, strict=True):
        require_shape(g, e.shape, name, tr(" on the half-moons points"))
        total = float(np.linalg.norm(g) + np.linalg.norm(e))
        error = float(np.linalg.norm(g - e)) / total if total > 0 else 0.0
        if not error < NUMERICAL_TOLERANCE:
            raise with_diagnosis(CheckFailure(tr(
                "{name} disagrees with the numerical gradient (central differences of the "
                "cross-entropy) on half-moons points: relative error {error:.2g}", name=name,
                error=error)),
                diagnose.backprop_classifier(X, labels, *params, got))


# --- train_classifier -------------------------------------------------------------------

def run_train(impl, X, labels, params: list[np.ndarray], **kwargs) -> list[np.ndarray]:
    """The student's train_classifier(...) as (W1, b1, W2, b2, losses (1-D))."""
    context = (", ".join(f"{k}={v!r}" for k, v in kwargs.items())
               or tr("the default learning_rate and iterations (0.5 and 2000)"))
    out, losses = run_bias_training(impl, "train_classifier", (X, labels), params, kwargs,
                                    context)
    iterations = kwargs.get("iterations", DEFAULT_ITERATIONS)
    if losses.size != iterations:
        raise CheckFailure(tr("`{function}` with {arguments} returned {count} losses, "
                              "expected {iterations}: record the loss once per iteration, "
                              "before the update", function="train_classifier",
                              arguments=context, count=losses.size, iterations=iterations),
                           count_mistake(losses.size, iterations, "iterations" in kwargs))
    return [*out, losses.ravel()]


def count_mistake(got: int, iterations: int, given: bool) -> str:
    """The mistake a wrong number of losses names: a default, or stopping early or late."""
    if not given:
        return "default_argument_wrong"
    return "stopped_early" if got < iterations else "too_many_losses"


def defaults_diagnosis(impl, X, labels, params) -> diagnose.Diagnosis | None:
    """Is train_classifier wrong only through its default learning_rate (3 steps)?"""
    try:
        implicit = run_train(impl, X, labels, params, iterations=3)[-1]
        explicit = run_train(impl, X, labels, params, iterations=3, learning_rate=0.5)[-1]
    except CheckFailure:
        return None
    reference = ref_train(X, labels, *params, learning_rate=0.5, iterations=3)[-1]
    return diagnose.learning.defaults("train_classifier", "learning_rate", 0.5, implicit,
                                      explicit, np.asarray(reference))


def one_step(impl, X, labels, params: list[np.ndarray], lr: float) -> list[np.ndarray] | None:
    """The parameters the student's train_classifier returns after one iteration, or None."""
    try:
        return run_train(impl, X, labels, params, learning_rate=lr, iterations=1)[:4]
    except CheckFailure:
        return None


@register(stage=7, points=1, visibility="visible")
def check_train_classifier_returns(impl, rng: np.random.Generator) -> None:
    """train_classifier returns (W1, b1, W2, b2, losses) with one loss per iteration."""
    X_train, y_train, _, _ = moons()
    for iterations in (5, 1):
        run_train(impl, X_train, y_train, list(classifier_weights(int(rng.integers(1000)))),
                  learning_rate=0.5, iterations=iterations)


@register(stage=7, points=2, visibility="hidden")
def check_train_classifier_trajectory(impl, rng: np.random.Generator) -> None:
    """Losses and parameters match the reference for several rates and iteration counts."""
    X_train, y_train, _, _ = moons()
    for lr, iterations in ((0.5, 40), (float(rng.uniform(0.05, 2.0)), 25)):
        params = list(classifier_weights(int(rng.integers(1000))))
        params[1], params[3] = rng.normal(size=params[1].shape), rng.normal(size=(1, 2))
        *got, losses = run_train(impl, X_train, y_train, params, learning_rate=lr,
                                 iterations=iterations)
        *expected, ref_losses = ref_train(X_train, y_train, *params, learning_rate=lr,
                                          iterations=iterations)
        setting = tr("with {arguments}",
                     arguments=f"learning_rate={lr:.4g}, iterations={iterations}")
        if not np.allclose(losses, ref_losses, rtol=RTOL, atol=0.0):
            raise with_diagnosis(CheckFailure(tr(
                "the losses differ from the reference's {setting}{mismatch}", setting=setting,
                mismatch=first_mismatch(losses, ref_losses, RTOL, 0.0))),
                diagnose.classifier_training(X_train, y_train, params, lr, losses,
                                             one_step(impl, X_train, y_train, params, lr)))
        for name, g, e in zip(("W1", "b1", "W2", "b2"), got, expected, strict=True):
            if not np.allclose(g, e, rtol=RTOL, atol=1e-9):
                raise CheckFailure(tr("the trained {name} differs from the reference's "
                                      "{setting}{mismatch}", name=name, setting=setting,
                                      mismatch=first_mismatch(g, e, RTOL, 1e-9)))


@register(stage=7, points=2, visibility="visible")
def check_moons_test_accuracy(impl, rng: np.random.Generator) -> None:
    """Trained on the half-moons (default rate 0.5, 2000 steps) it gets >= 90% of the test set."""
    X_train, y_train, X_test, y_test = moons()
    params = list(classifier_weights())
    *trained, losses = run_train(impl, X_train, y_train, params)
    require_finite(losses, tr("the losses"))
    reference = ref_train(X_train, y_train, *params, learning_rate=0.5, iterations=COMPARED)[-1]
    if not np.allclose(losses[:COMPARED], reference, rtol=RTOL, atol=0.0):
        raise with_diagnosis(CheckFailure(tr(
            "with the default learning_rate the losses differ from the reference's with "
            "learning_rate={lr:g} (the default){mismatch}", lr=0.5,
            mismatch=first_mismatch(losses[:COMPARED], reference, RTOL, 0.0))),
            defaults_diagnosis(impl, X_train, y_train, params)
            or diagnose.classifier_training(X_train, y_train, params, 0.5, losses,
                                            one_step(impl, X_train, y_train, params, 0.5)))
    test = ref_accuracy(ref_predict(X_test, *trained), y_test)
    if not test >= ACCURACY_FLOOR:
        train = ref_accuracy(ref_predict(X_train, *trained), y_train)
        raise with_diagnosis(CheckFailure(tr(
            "after training, the network classifies {test:.1%} of the test points right "
            "({train:.1%} of the training points); it should reach at least {floor:.0%} (the "
            "reference reaches 95%)", test=test, train=train, floor=ACCURACY_FLOOR)),
            diagnose.classifier_training(X_train, y_train, params, 0.5, losses,
                                         one_step(impl, X_train, y_train, params, 0.5)))


@register(stage=7, points=1, visibility="hidden")
def check_classifier_functions_leave_inputs_unchanged(impl, rng: np.random.Generator) -> None:
    """forward_classifier, backprop_classifier and train_classifier leave their inputs alone."""
    originals = draw(rng, 6, 2, 4, 2)
    calls = (("forward_classifier", lambda a: (a[0], *a[2:]), {}, ("A1", "P")),
             ("backprop_classifier", lambda a: a, {}, NAMES),
             ("train_classifier", lambda a: a, {"learning_rate": 0.5, "iterations": 3},
              ("W1", "b1", "W2", "b2", "losses")))
    for name, pick, kwargs, returned in calls:
        copies = [a.copy() for a in originals]
        as_sequence(call_raw(impl, name, *pick(copies), **kwargs), f"`{name}`", returned)
        for label, before, after in zip(("X", "labels", "W1", "b1", "W2", "b2"), originals,
                                        copies, strict=True):
            if not np.array_equal(before, after):
                raise CheckFailure(tr("`{name}` changed its argument {label}; compute new "
                                      "arrays (or start from copies) instead of modifying the "
                                      "inputs", name=name, label=label), "inputs_modified")
