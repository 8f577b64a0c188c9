"""Stage 6: tanh, relu, leaky_relu and their derivatives; a network with biases; learning rates.

    tanh(z), relu(z), leaky_relu(z, alpha=0.01)     -> arrays of z's shape
    <name>_derivative(z[, alpha])                     -> derivative with respect to z
    feedforward_with_bias(X, W1, b1, W2, b2, activation="sigmoid") -> (A1 (n, h), Y_hat (n, o))
    backprop_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid")
        -> (dW1 (d, h), db1 (1, h), dW2 (h, o), db2 (1, o)), gradients of the sse loss
    train_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid", learning_rate=1.0,
                    iterations=1500) -> (W1, b1, W2, b2, losses (iterations,))

relu and leaky_relu have a kink at 0, where no derivative exists: derivative checks never
probe z = 0 (inputs are kept at least 0.05 away from it), and the kink check accepts any
subgradient there (a value between the slopes on either side).
"""

import numpy as np

from autograder import diagnose
from autograder.checks.base import (
    CheckFailure,
    as_array,
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
from course_data import X as COURSE_X
from course_data import Y as COURSE_Y
from course_data import load_initial_weights
from solutions.bias_network import ACTIVATIONS as REFERENCE
from solutions.bias_network import backprop_with_bias as ref_backprop
from solutions.bias_network import feedforward_with_bias as ref_feedforward
from solutions.bias_network import train_with_bias as ref_train
from solutions.loss import sse_loss as ref_sse_loss

#: Shapes of z for the activation checks: a vector, a matrix, a 3-D array.
Z_SHAPES = [(7,), (3, 4), (2, 3, 2)]
#: (n, d, h, o): the seed's 4-3-4-1 and sizes where n, h and o differ (so a bias gradient
#: summed over the wrong axis has a wrong shape), then a single sample.
SHAPES = [(4, 3, 4, 1), (5, 2, 3, 2), (6, 4, 5, 3), (1, 3, 4, 1)]
HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu")
#: Largest CS231n relative error accepted against the reference's analytic gradients.
TOLERANCE = 1e-7
#: Largest relative error (in norm) accepted against central differences.
NUMERICAL_TOLERANCE = 1e-6
#: Keep probes of the kinked activations this far from 0.
KINK_MARGIN = 0.05
RTOL = 1e-6
#: train_with_bias's defaults: learning_rate=1.0, iterations=1500 (as train's in stage 5).
DEFAULT_ITERATIONS = 1500
#: How many of the default run's losses are compared with the reference's.
COMPARED = 50
#: (learning rate, what the loss on the seed's data must do in 1500 steps, sigmoid hidden).
#: (At 10 the loss jumps about chaotically: where it ends depends on rounding, so 30, where
#: every implementation saturates after one step, is the "too large" rate checked.)
TOO_SMALL, GOOD, TOO_LARGE = 0.01, 1.0, 30.0


def draw_z(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random z of the shape, both signs, every entry at least KINK_MARGIN away from 0."""
    magnitude = KINK_MARGIN + np.abs(rng.normal(scale=3.0, size=shape))
    return np.where(rng.uniform(size=shape) < 0.5, -magnitude, magnitude)


def draw(rng: np.random.Generator, n: int, d: int, h: int, o: int) -> list[np.ndarray]:
    """Random X (n, d), Y (n, o) in [0, 1], W1 (d, h), b1 (1, h), W2 (h, o), b2 (1, o)."""
    return [rng.normal(size=(n, d)), rng.uniform(size=(n, o)), rng.normal(size=(d, h)),
            rng.normal(size=(1, h)), rng.normal(size=(h, o)), rng.normal(size=(1, o))]


def central_difference(f, z: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """(f(z + eps) - f(z - eps)) / (2 * eps), entry by entry (f is element-wise)."""
    return (f(z + eps) - f(z - eps)) / (2.0 * eps)


# --- activations ------------------------------------------------------------------------

def check_activation(impl, rng: np.random.Generator, name: str, **kwargs: float) -> None:
    """Fail unless the student's ``name``(z, **kwargs) equals the reference's, shape kept."""
    alpha = kwargs.get("alpha", 0.01)
    f = REFERENCE[name][0]
    for z in [draw_z(rng, s) for s in Z_SHAPES] + [float(rng.normal()), np.zeros((2, 2))]:
        setting = "".join(f", {k}={v:g}" for k, v in kwargs.items())
        what = (tr("`{name}` of a float{setting}", name=name, setting=setting)
                if isinstance(z, float) else
                tr("`{name}` of an array of shape {shape}{setting}", name=name,
                   shape=np.shape(z), setting=setting))
        got = as_array(call(impl, name, z, **kwargs), what)
        expected = f(z, **kwargs)
        require_shape(got, expected.shape, what,
                      tr(" (an activation works entry by entry and keeps the shape)"))
        if not values_match(got, expected):
            found = diagnose.activation(name, np.asarray(z), got, alpha)
            raise with_diagnosis(CheckFailure(tr("{what} is wrong{mismatch}", what=what,
                                                 mismatch=first_mismatch(got, expected, 1e-7,
                                                                         1e-12))), found)


def check_derivative(impl, rng: np.random.Generator, name: str, **kwargs: float) -> None:
    """Fail unless ``name``_derivative matches central differences of the true ``name``."""
    f = REFERENCE[name][0]
    alpha = kwargs.get("alpha", 0.01)
    for z in [draw_z(rng, s) for s in Z_SHAPES]:
        setting = "".join(f", {k}={v:g}" for k, v in kwargs.items())
        what = tr("`{name}` of z of shape {shape}{setting}", name=f"{name}_derivative",
                  shape=z.shape, setting=setting)
        got = as_array(call(impl, f"{name}_derivative", z, **kwargs), what)
        require_shape(got, z.shape, what)
        numeric = central_difference(lambda v: f(v, **kwargs), z)
        if not values_match(got, numeric, rtol=1e-5, atol=1e-8):
            failure = CheckFailure(tr("`{name}_derivative` disagrees with the slope of {name} "
                                      "(central differences) for z of shape {shape}{setting}"
                                      "{mismatch}", name=name, shape=z.shape, setting=setting,
                                      mismatch=first_mismatch(got, numeric, 1e-5, 1e-8)))
            raise with_diagnosis(failure, diagnose.activation_derivative(name, z, got, alpha))


@register(stage=6, points=1, visibility="visible")
def check_tanh_values(impl, rng: np.random.Generator) -> None:
    """tanh(z) equals np.tanh(z) entry by entry and keeps z's shape (floats too)."""
    check_activation(impl, rng, "tanh")


@register(stage=6, points=1, visibility="visible")
def check_relu_values(impl, rng: np.random.Generator) -> None:
    """relu(z) = max(0, z) entry by entry and keeps z's shape (floats too)."""
    check_activation(impl, rng, "relu")


@register(stage=6, points=1, visibility="visible")
def check_leaky_relu_values(impl, rng: np.random.Generator) -> None:
    """leaky_relu(z) is z for z > 0 and alpha * z elsewhere, alpha 0.01 or as given."""
    check_activation(impl, rng, "leaky_relu")
    check_activation(impl, rng, "leaky_relu", alpha=float(rng.uniform(0.1, 0.3)))


@register(stage=6, points=1, visibility="visible")
def check_tanh_derivative(impl, rng: np.random.Generator) -> None:
    """tanh_derivative(z) matches the slope of tanh (central differences)."""
    check_derivative(impl, rng, "tanh")


@register(stage=6, points=1, visibility="visible")
def check_relu_derivative(impl, rng: np.random.Generator) -> None:
    """relu_derivative(z) matches the slope of relu away from its kink at 0."""
    check_derivative(impl, rng, "relu")


@register(stage=6, points=1, visibility="visible")
def check_leaky_relu_derivative(impl, rng: np.random.Generator) -> None:
    """leaky_relu_derivative(z, alpha) matches the slope of leaky_relu away from 0."""
    check_derivative(impl, rng, "leaky_relu")
    check_derivative(impl, rng, "leaky_relu", alpha=float(rng.uniform(0.1, 0.3)))


@register(stage=6, points=1, visibility="hidden")
def check_derivatives_at_the_kink(impl, rng: np.random.Generator) -> None:
    """At z = 0 the relu derivatives give a subgradient: a number between the two slopes."""
    alpha = float(rng.uniform(0.1, 0.3))
    z = draw_z(rng, (3, 4))
    z[rng.integers(0, 3), :] = 0.0
    for name, kwargs, low in (("relu", {}, 0.0), ("leaky_relu", {"alpha": alpha}, alpha)):
        # the calls written out, arguments included: a setting glued to a name reads badly
        setting = f", alpha={alpha:g}" if kwargs else ""
        on_array, at_zero = f"`{name}_derivative(z{setting})`", f"`{name}_derivative(0.0{setting})`"
        got = as_array(call(impl, f"{name}_derivative", z, **kwargs), on_array)
        require_shape(got, z.shape, on_array)
        at_kink = got[z == 0.0]
        require_finite(at_kink, at_zero,
                       tr(" (any value between the slopes on either side, {low:g} and 1, is a "
                          "valid choice at the kink; avoid dividing by z)", low=low))
        if not np.all((at_kink >= low - 1e-12) & (at_kink <= 1.0 + 1e-12)):
            raise CheckFailure(tr("{call} gives {got:.6g}; at the kink choose a value between "
                                  "the slopes on either side, {low:g} and 1 (usually the "
                                  "smaller one, {low:g})", call=at_zero,
                                  got=float(at_kink[0]), low=low))


# --- feedforward_with_bias --------------------------------------------------------------

def run_feedforward(impl, X, W1, b1, W2, b2, activation: str | None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The student's feedforward_with_bias as (A1, Y_hat); None uses the default activation."""
    kwargs = {} if activation is None else {"activation": activation}
    setting = f"activation={activation!r}" if activation else tr("the default activation")
    try:
        A1, Y_hat = as_sequence(call(impl, "feedforward_with_bias", X, W1, b1, W2, b2,
                                     **kwargs), "`feedforward_with_bias`", ("A1", "Y_hat"))
    except CheckFailure as failure:
        raise with_context(failure, tr("with {setting}, {names} of shapes {shapes}",
                                       setting=setting, names=names_text("X, W1, b1, W2, b2"),
                                       shapes=shape_text(X, W1, b1, W2, b2))) from None
    return A1, Y_hat


@register(stage=6, points=1, visibility="visible")
def check_feedforward_with_bias_shapes(impl, rng: np.random.Generator) -> None:
    """feedforward_with_bias returns (A1 (n, h), Y_hat (n, o)) for several layer sizes."""
    for shape in SHAPES:
        X, _, W1, b1, W2, b2 = draw(rng, *shape)
        A1, Y_hat = run_feedforward(impl, X, W1, b1, W2, b2, None)
        context = tr(" for {names} of shapes {shapes}", names=names_text("X, W1, b1, W2, b2"),
                     shapes=shape_text(X, W1, b1, W2, b2))
        require_shape(A1, (X.shape[0], W1.shape[1]), "A1", context)
        require_shape(Y_hat, (X.shape[0], W2.shape[1]), "Y_hat", context)


@register(stage=6, points=2, visibility="visible")
def check_feedforward_with_bias_values(impl, rng: np.random.Generator) -> None:
    """A1 = f(X @ W1 + b1) and the output sigmoid(A1 @ W2 + b2), for every activation."""
    for activation in (None, *HIDDEN):
        X, _, W1, b1, W2, b2 = draw(rng, *SHAPES[1])
        A1, Y_hat = run_feedforward(impl, X, W1, b1, W2, b2, activation)
        name = activation or "sigmoid"
        R1, R_hat = ref_feedforward(X, W1, b1, W2, b2, activation=name)
        setting = (tr(" with {arguments}", arguments=f"activation={activation!r}")
                   if activation else tr(" by default"))
        for label, got, expected in (("A1", A1, R1), ("Y_hat", Y_hat, R_hat)):
            require_shape(got, expected.shape, label, setting)
            if not values_match(got, expected):
                found = diagnose.feedforward_with_bias(X, W1, b1, W2, b2, name, A1, Y_hat)
                raise with_diagnosis(CheckFailure(tr(
                    "{what} is wrong{context}{mismatch}", what=label, context=setting,
                    mismatch=first_mismatch(got, expected, 1e-7, 1e-12))), found)


# --- backprop_with_bias -----------------------------------------------------------------

NAMES = ("dW1", "db1", "dW2", "db2")


def run_backprop(impl, X, Y, W1, b1, W2, b2, activation: str) -> list[np.ndarray]:
    """The student's backprop_with_bias(...) as four float64 arrays."""
    try:
        return as_sequence(call(impl, "backprop_with_bias", X, Y, W1, b1, W2, b2,
                                activation=activation), "`backprop_with_bias`", NAMES)
    except CheckFailure as failure:
        raise with_context(failure, tr("with {setting}, {names} of shapes {shapes}",
                                       setting=f"activation={activation!r}",
                                       names=names_text("X, Y, W1, b1, W2, b2"),
                                       shapes=shape_text(X, Y, W1, b1, W2, b2))) from None


def square_probe_diagnosis(impl, rng: np.random.Generator, activation: str
                           ) -> diagnose.Diagnosis | None:
    """Run backprop_with_bias with every dimension 3 (so `*` and a dropped `.T` compute)."""
    X, Y, W1, b1, W2, b2 = draw(rng, 3, 3, 3, 3)
    try:
        got = run_backprop(impl, X, Y, W1, b1, W2, b2, activation)
    except CheckFailure:
        return None
    expected = list(ref_backprop(X, Y, W1, b1, W2, b2, activation=activation))
    if [g.shape for g in got] != [e.shape for e in expected]:
        return shapes.order("backprop_with_bias", NAMES, got, expected)
    return (shapes.order("backprop_with_bias", NAMES, got, expected)
            or diagnose.backprop_with_bias(X, Y, W1, b1, W2, b2, activation, got))


def diagnosed(failure: CheckFailure, impl, rng: np.random.Generator, activation: str
              ) -> CheckFailure:
    """A failure without a named mistake, with the square-shape probe's diagnosis if any."""
    if failure.mistake is not None:
        return failure
    return with_diagnosis(failure, square_probe_diagnosis(impl, rng, activation))


def as_row(gradient: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """A bias gradient of shape (k,) read as (1, k) (the shape check asks for (1, k))."""
    return gradient.reshape(bias.shape) if gradient.shape == bias.shape[1:] else gradient


@register(stage=6, points=1, visibility="visible")
def check_backprop_with_bias_shapes(impl, rng: np.random.Generator) -> None:
    """The four gradients have the shapes of W1, b1 (1, h), W2 and b2 (1, o)."""
    for shape in SHAPES:
        X, Y, W1, b1, W2, b2 = draw(rng, *shape)
        try:
            grads = run_backprop(impl, X, Y, W1, b1, W2, b2, "sigmoid")
        except CheckFailure as failure:
            raise diagnosed(failure, impl, rng, "sigmoid") from None
        context = tr(" for {names} of shapes {shapes}", names=names_text("X, Y, W1, b1, W2, b2"),
                     shapes=shape_text(X, Y, W1, b1, W2, b2))
        for name, got, param in zip(NAMES, grads, (W1, b1, W2, b2), strict=True):
            if got.shape != param.shape:
                found = (diagnose.bias_gradient_shape(name, got.shape, X.shape[0],
                                                      param.shape[1])
                         if name.startswith("db") else None)
                found = found or square_probe_diagnosis(impl, rng, "sigmoid")
                failure = CheckFailure(tr("{what} has shape {shape}, expected {expected}"
                                          "{context} (a gradient has its parameter's shape)",
                                          what=name, shape=got.shape, expected=param.shape,
                                          context=context))
                raise with_diagnosis(failure, found)


def compare_gradients(impl, rng: np.random.Generator, which: tuple[int, ...]) -> None:
    """Fail unless the gradients ``which`` (indices into NAMES) match the reference's."""
    for activation in HIDDEN:
        right_with_one_output = False
        for shape in SHAPES[:3]:
            X, Y, W1, b1, W2, b2 = draw(rng, *shape)
            try:
                got = run_backprop(impl, X, Y, W1, b1, W2, b2, activation)
            except CheckFailure as failure:
                raise diagnosed(failure, impl, rng, activation) from None
            got = [as_row(g, p) for g, p in zip(got, (W1, b1, W2, b2), strict=True)]
            expected = ref_backprop(X, Y, W1, b1, W2, b2, activation=activation)
            context = tr(" with {setting} for {names} of shapes {shapes}",
                         setting=f"activation={activation!r}",
                         names=names_text("X, Y, W1, b1, W2, b2"),
                         shapes=shape_text(X, Y, W1, b1, W2, b2))
            for i in which:
                if got[i].shape != expected[i].shape:
                    found = (diagnose.bias_gradient_shape(NAMES[i], got[i].shape, X.shape[0],
                                                          expected[i].shape[1])
                             if i in (1, 3) else None)
                    found = found or square_probe_diagnosis(impl, rng, activation)
                    raise with_diagnosis(CheckFailure(tr(
                        "{what} has shape {shape}, expected {expected}", what=NAMES[i],
                        shape=got[i].shape, expected=expected[i].shape) + context), found)
                error = rel_error(got[i], expected[i])
                if error < TOLERANCE:
                    right_with_one_output |= Y.shape[1] == 1
                    continue
                found = diagnose.backprop_with_bias(X, Y, W1, b1, W2, b2, activation, got)
                if right_with_one_output and Y.shape[1] > 1 and (
                        found is None or found.mistake == "hidden_gradient_wrong"):
                    found = shapes.one_output_only(NAMES[i], Y.shape[1], matrix_product=True)
                if found is None:
                    require_finite(got[i], NAMES[i], context)
                raise with_diagnosis(CheckFailure(tr(
                    "{what} is wrong{context}: relative error {error:.2g} (at most "
                    "{tolerance:g} allowed)", what=NAMES[i], context=context, error=error,
                    tolerance=TOLERANCE)), found)


@register(stage=6, points=2, visibility="visible")
def check_backprop_with_bias_weights(impl, rng: np.random.Generator) -> None:
    """dW1 and dW2 match the reference for every hidden activation."""
    compare_gradients(impl, rng, (2, 0))


@register(stage=6, points=2, visibility="visible")
def check_backprop_with_bias_biases(impl, rng: np.random.Generator) -> None:
    """db1 and db2 match the reference: per-sample terms summed over the samples."""
    compare_gradients(impl, rng, (1, 3))


def numerical_gradients(X, Y, params: list[np.ndarray], activation: str, h: float = 1e-5
                        ) -> list[np.ndarray]:
    """Central differences of the reference loss with respect to each of the 4 parameters."""
    params = [p.copy() for p in params]
    grads = []
    for P in params:
        G = np.zeros_like(P)
        for index in np.ndindex(P.shape):
            old = P[index]
            P[index] = old + h
            up = ref_sse_loss(ref_feedforward(X, *params, activation=activation)[1], Y)
            P[index] = old - h
            down = ref_sse_loss(ref_feedforward(X, *params, activation=activation)[1], Y)
            P[index] = old
            G[index] = (up - down) / (2 * h)
        grads.append(G)
    return grads


def norm_error(got: np.ndarray, expected: np.ndarray) -> float:
    """|got - expected| / (|got| + |expected|) in the Frobenius norm (0 when both are 0)."""
    total = float(np.linalg.norm(got) + np.linalg.norm(expected))
    return float(np.linalg.norm(got - expected)) / total if total > 0 else 0.0


@register(stage=6, points=2, visibility="hidden")
def check_backprop_with_bias_numerical(impl, rng: np.random.Generator) -> None:
    """All four gradients match central differences of the loss on the course's data."""
    for activation in ("tanh", "relu"):
        while True:  # central differences need the hidden inputs away from relu's kink
            params = [rng.normal(size=(3, 4)), rng.normal(size=(1, 4)),
                      rng.normal(size=(4, 1)), rng.normal(size=(1, 1))]
            if np.min(np.abs(COURSE_X @ params[0] + params[1])) > 1e-3:
                break
        got = run_backprop(impl, COURSE_X, COURSE_Y, *params, activation)
        numeric = numerical_gradients(COURSE_X, COURSE_Y, params, activation)
        for name, g, expected in zip(NAMES, got, numeric, strict=True):
            g = g.reshape(expected.shape) if g.shape == expected.shape[1:] else g
            require_shape(g, expected.shape, name,
                          tr(" with {arguments}", arguments=f"activation={activation!r}"))
            error = norm_error(g, expected)
            if not error < NUMERICAL_TOLERANCE:
                found = diagnose.backprop_with_bias(COURSE_X, COURSE_Y, *params, activation,
                                                    [as_row(a, p) for a, p in
                                                     zip(got, params, strict=True)])
                raise with_diagnosis(CheckFailure(tr(
                    "{name} disagrees with the numerical gradient (central differences of the "
                    "loss) with {arguments}: relative error {error:.2g}", name=name,
                    arguments=f"activation={activation!r}", error=error)), found)


# --- train_with_bias --------------------------------------------------------------------

def run_train(impl, X, Y, params: list[np.ndarray], **kwargs) -> list[np.ndarray]:
    """The student's train_with_bias(...) as (W1, b1, W2, b2, losses (1-D))."""
    context = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    if "iterations" not in kwargs:
        context = tr("{arguments} and the default learning_rate and iterations (1.0 and 1500)",
                     arguments=context)
    out, losses = run_bias_training(impl, "train_with_bias", (X, Y), params, kwargs, context)
    iterations = kwargs.get("iterations", DEFAULT_ITERATIONS)
    if losses.size != iterations:
        given = "iterations" in kwargs
        raise CheckFailure(tr("`{function}` with iterations={iterations} returned {count} "
                              "losses, expected {iterations}: record the loss once per "
                              "iteration, before the update", function="train_with_bias",
                              iterations=iterations, count=losses.size),
                           "default_argument_wrong" if not given else
                           "stopped_early" if losses.size < iterations else "too_many_losses")
    return [*out, losses.ravel()]


def defaults_diagnosis(impl, params: list[np.ndarray]) -> diagnose.Diagnosis | None:
    """Is train_with_bias wrong only through its default learning_rate (3 steps)?"""
    try:
        implicit = run_train(impl, COURSE_X, COURSE_Y, params, activation="sigmoid",
                             iterations=3)[-1]
        explicit = run_train(impl, COURSE_X, COURSE_Y, params, activation="sigmoid",
                             iterations=3, learning_rate=1.0)[-1]
    except CheckFailure:
        return None
    reference = ref_train(COURSE_X, COURSE_Y, *params, activation="sigmoid",
                          learning_rate=1.0, iterations=3)[-1]
    return diagnose.learning.defaults("train_with_bias", "learning_rate", 1.0, implicit,
                                      explicit, np.asarray(reference))


def one_step(impl, X, Y, params: list[np.ndarray], lr: float, activation: str
             ) -> list[np.ndarray] | None:
    """The parameters the student's train_with_bias returns after one iteration, or None."""
    try:
        return run_train(impl, X, Y, params, activation=activation, learning_rate=lr,
                         iterations=1)[:4]
    except CheckFailure:
        return None


def course_parameters() -> list[np.ndarray]:
    """The course's fixed W1 (3, 4), W2 (4, 1) with zero biases b1 (1, 4), b2 (1, 1)."""
    W1, W2 = load_initial_weights()
    return [W1, np.zeros((1, 4)), W2, np.zeros((1, 1))]


@register(stage=6, points=1, visibility="visible")
def check_train_with_bias_returns(impl, rng: np.random.Generator) -> None:
    """train_with_bias returns (W1, b1, W2, b2, losses) with one loss per iteration."""
    for iterations in (7, 1):
        params = [rng.uniform(size=s) for s in ((3, 4), (1, 4), (4, 1), (1, 1))]
        run_train(impl, COURSE_X, COURSE_Y, params, activation="tanh", learning_rate=0.5,
                  iterations=iterations)


@register(stage=6, points=2, visibility="visible")
def check_learning_rates(impl, rng: np.random.Generator) -> None:
    """On the seed's data: rate 0.01 is slow, 1.0 (the default) converges, 30 overshoots."""
    params = course_parameters()
    final = {}
    for lr in (GOOD, TOO_SMALL, TOO_LARGE):
        rate = {} if lr == GOOD else {"learning_rate": lr, "iterations": 1500}
        *_, losses = run_train(impl, COURSE_X, COURSE_Y, params, activation="sigmoid", **rate)
        require_finite(losses, tr("the losses"),
                       tr(" (with {arguments})", arguments=f"learning_rate={lr:g}"))
        final[lr] = losses[-1]
        rises = np.diff(losses) > 1e-9

        def failure(message: str, lr: float = lr, losses: np.ndarray = losses) -> CheckFailure:
            return with_diagnosis(CheckFailure(message), (
                defaults_diagnosis(impl, params) if lr == GOOD else None)
                or diagnose.bias_training(COURSE_X, COURSE_Y, params, lr, "sigmoid", losses,
                                          one_step(impl, COURSE_X, COURSE_Y, params, lr,
                                                   "sigmoid")))

        if lr == GOOD:
            reference = ref_train(COURSE_X, COURSE_Y, *params, activation="sigmoid",
                                  learning_rate=GOOD, iterations=COMPARED)[-1]
            if not np.allclose(losses[:COMPARED], reference, rtol=RTOL, atol=0.0):
                raise failure(tr("with the default learning_rate the losses differ from the "
                                 "reference's with learning_rate={lr:g} (the default)"
                                 "{mismatch}", lr=GOOD, mismatch=first_mismatch(
                                     losses[:COMPARED], reference, RTOL, 0.0)))
        if lr == GOOD and not losses[-1] < 0.01:
            raise failure(tr("with learning_rate={lr:g} the loss should fall below 0.01 in "
                             "1500 steps, as the reference's does, but it ends at {last:.4g}",
                             lr=lr, last=float(losses[-1])))
        if lr == TOO_SMALL and (np.any(rises) or not losses[-1] > 0.5):
            raise failure(tr("with learning_rate={lr:g} the loss should fall slowly at every "
                             "step and still be above 0.5 after 1500 steps (the reference's "
                             "ends near 1.0), but it ends at {last:.4g}{rises}", lr=lr,
                             last=float(losses[-1]),
                             rises=tr(" and rises at some steps") if np.any(rises) else ""))
        if lr == TOO_LARGE and not (np.any(rises) and losses[-1] > final[GOOD]):
            raise failure(tr("with learning_rate={lr:g} the steps are far too long: the loss "
                             "should jump up (the sigmoid saturates) and end above the loss "
                             "reached with rate 1.0, but it ends at {last:.4g}{rises}", lr=lr,
                             last=float(losses[-1]),
                             rises="" if np.any(rises) else tr(" and never rises")))


@register(stage=6, points=2, visibility="hidden")
def check_train_with_bias_trajectory(impl, rng: np.random.Generator) -> None:
    """Losses and all four parameters match the reference for several activations and rates."""
    for activation, lr, iterations in (("tanh", 0.3, 40), ("relu", 0.1, 30),
                                       ("sigmoid", float(rng.uniform(0.5, 2.0)), 50),
                                       ("leaky_relu", 0.2, 25)):
        params = [rng.normal(size=s) for s in ((3, 4), (1, 4), (4, 1), (1, 1))]
        *got, losses = run_train(impl, COURSE_X, COURSE_Y, params, activation=activation,
                                 learning_rate=lr, iterations=iterations)
        *expected, ref_losses = ref_train(COURSE_X, COURSE_Y, *params, activation=activation,
                                          learning_rate=lr, iterations=iterations)
        setting = tr("with {arguments}",
                     arguments=f"activation={activation!r}, learning_rate={lr:.4g}")
        if not np.allclose(losses, ref_losses, rtol=RTOL, atol=0.0):
            raise with_diagnosis(CheckFailure(tr(
                "the losses differ from the reference's {setting}{mismatch}", setting=setting,
                mismatch=first_mismatch(losses, ref_losses, RTOL, 0.0))),
                diagnose.bias_training(COURSE_X, COURSE_Y, params, lr, activation, losses,
                                       one_step(impl, COURSE_X, COURSE_Y, params, lr,
                                                activation)))
        for name, g, e in zip(("W1", "b1", "W2", "b2"), got, expected, strict=True):
            if not np.allclose(g, e, rtol=RTOL, atol=1e-9):
                raise CheckFailure(tr("the trained {name} differs from the reference's "
                                      "{setting}{mismatch}", name=name, setting=setting,
                                      mismatch=first_mismatch(g, e, RTOL, 1e-9)))


@register(stage=6, points=1, visibility="hidden")
def check_bias_functions_leave_inputs_unchanged(impl, rng: np.random.Generator) -> None:
    """feedforward_with_bias, backprop_with_bias and train_with_bias leave their inputs alone."""
    originals = draw(rng, 5, 3, 4, 2)
    X, Y, *params = originals
    calls = (("feedforward_with_bias", lambda a: (a[0], *a[2:]), {"activation": "tanh"},
              ("A1", "Y_hat")),
             ("backprop_with_bias", lambda a: a, {"activation": "tanh"}, NAMES),
             ("train_with_bias", lambda a: a, {"activation": "tanh", "learning_rate": 0.5,
                                               "iterations": 3},
              ("W1", "b1", "W2", "b2", "losses")))
    for name, pick, kwargs, returned in calls:
        copies = [a.copy() for a in originals]
        as_sequence(call_raw(impl, name, *pick(copies), **kwargs), f"`{name}`", returned)
        for label, before, after in zip(("X", "Y", "W1", "b1", "W2", "b2"), originals, copies,
                                        strict=True):
            if not np.array_equal(before, after):
                raise CheckFailure(tr("`{name}` changed its argument {label}; compute new "
                                      "arrays (or start from copies) instead of modifying the "
                                      "inputs", name=name, label=label), "inputs_modified")
