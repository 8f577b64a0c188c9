"""Stage 5: train(X, Y, W1, W2, iterations, learning_rate) and the NeuralNetwork class."""

from functools import cache

import numpy as np

from autograder import diagnose
from autograder.checks.base import (
    CheckFailure,
    as_array,
    as_sequence,
    call,
    call_method,
    call_raw,
    first_mismatch,
    get_attribute,
    get_function,
    register,
    repeat_methods,
    require_finite,
    require_shape,
    set_attribute,
    with_context,
    with_diagnosis,
)
from autograder.diagnose import behaviour, relations
from autograder.diagnose.probes import HINTS as PROBE_HINTS
from autograder.diagnose.shapes import WRONG_ORDER
from autograder.diagnose.stage5_training import LOSS_ONCE, first_step
from autograder.i18n import tr
from course_data import X as COURSE_X
from course_data import Y as COURSE_Y
from course_data import load_initial_weights
from solutions import backprop as ref_backprop
from solutions import feedforward as ref_feedforward
from solutions import sse_loss as ref_sse_loss
from solutions import train as ref_train

#: The seed's experiment: 1500 iterations at learning rate 1.0 from the course's weights.
ITERATIONS = 1500
#: Iterations after which NeuralNetwork checks read nn.output (a few reads, not 1500).
CHECKPOINTS = (0, 1, 2, 3, 4, 5, 10, 30, 100, 300, 1000, 1499)
#: The first CHECKPOINTS, one per step, that diagnoses compare with known mistakes.
EARLY = 6
RTOL = 1e-6
#: How much one step's loss may rise (rounding) before "the loss must fall" fails.
RISE = 1e-9
#: One iteration of the seed's training loop: nn.feedforward(), then nn.backprop().
SEED_LOOP = (("feedforward", {}), ("backprop", {}))


@cache
def course_reference() -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """The reference's 1500 iterations on the course: (W1, W2, losses, outputs at CHECKPOINTS)."""
    W1, W2 = load_initial_weights()
    states = diagnose.trajectory(COURSE_X, COURSE_Y, W1, W2, 1.0, ITERATIONS)
    outputs = tuple(ref_feedforward(COURSE_X, *states[i])[1] for i in CHECKPOINTS)
    losses = np.array([ref_sse_loss(ref_feedforward(COURSE_X, *W)[1], COURSE_Y)
                       for W in states[:-1]])
    return states[-1][0], states[-1][1], losses, outputs


def run_train(impl, X, Y, W1, W2, **kwargs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The student's train(...) as float64 (W1, W2, losses); losses is flattened to 1-D."""
    context = (", ".join(f"{k}={v!r}" for k, v in kwargs.items())
               or tr("the default arguments"))
    try:
        returned = call(impl, "train", X, Y, W1, W2, **kwargs)
        only_losses(returned, kwargs.get("iterations", ITERATIONS), context)
        W1_out, W2_out, losses = as_sequence(returned, "`train`", ("W1", "W2", "losses"))
    except CheckFailure as failure:
        raise with_context(failure, tr("with {arguments}", arguments=context)) from None
    with_arguments = tr(" (with {arguments})", arguments=context)
    returned_in_order(W1_out, W2_out, losses, W1, W2, context)
    require_shape(W1_out, W1.shape, tr("the {name} `train` returned", name="W1"), with_arguments)
    require_shape(W2_out, W2.shape, tr("the {name} `train` returned", name="W2"), with_arguments)
    if losses.ndim == 0:
        raise CheckFailure(tr("`train` should return the losses as a list or 1-D array, but "
                              "it returned one number (with {arguments}). Each iteration's "
                              "loss replaces the one before instead of joining the others: "
                              "collect them, for example with `losses.append(loss)`.",
                              arguments=context), "losses_overwritten")
    if max(losses.shape) != losses.size:
        raise CheckFailure(tr("`train` should return the losses as a list or 1-D array, but "
                              "they have shape {shape} (with {arguments})", shape=losses.shape,
                              arguments=context))
    return W1_out, W2_out, losses.ravel()


def only_losses(returned, iterations: int, context: str) -> None:
    """A failure if train returned just its losses (one number per iteration)."""
    try:
        values = np.asarray(returned, dtype=float)
    except (TypeError, ValueError):
        return
    if values.ndim == 1 and values.size == iterations:
        raise CheckFailure(tr("`train` returned only the losses ({count} numbers, with "
                              "{arguments}); it should return the trained weights too: "
                              "`return W1, W2, losses`.", count=values.size,
                              arguments=context), WRONG_ORDER)


def returned_in_order(W1_out, W2_out, losses, W1, W2, context: str) -> None:
    """A failure if train's three results are the right ones in another order (by shape)."""
    got = [np.shape(v) for v in (W1_out, W2_out, losses)]
    if got[0] == W1.shape and got[1] == W2.shape:
        return
    labels = ["W1" if shape == W1.shape else "W2" if shape == W2.shape else
              "losses" if len(shape) == 1 or (len(shape) == 2 and 1 in shape) else None
              for shape in got]
    if sorted(map(str, labels)) == ["W1", "W2", "losses"]:
        raise CheckFailure(tr("`train` returns ({order}) with {arguments}: the right results "
                              "in another order; the course expects `return W1, W2, losses`.",
                              order=", ".join(labels), arguments=context), WRONG_ORDER)


def require_loss_count(losses: np.ndarray, iterations: int) -> None:
    """Fail unless there is exactly one loss per iteration."""
    if losses.size == iterations:
        return
    mistake = ("one_iteration_too_few" if losses.size == iterations - 1 else
               "stopped_early" if losses.size < iterations else "too_many_losses")
    advice = (tr(": the loop runs one iteration too few (use range(iterations))")
              if mistake == "one_iteration_too_few"
              else tr("; record the loss once per iteration, before the update"))
    if losses.size == 1 and iterations > 2:
        mistake = LOSS_ONCE
        advice = tr(": one loss whatever the number of iterations, as if it were recorded "
                    "once, outside the loop. Append it inside the loop, at every iteration.")
    every = _interval(losses.size, iterations)
    if every and mistake == "stopped_early":
        mistake = "losses_recorded_every_few"
        advice = tr(": that is one loss every {every} iterations, as if the loss were recorded "
                    "only when i % {every} == 0. Record it at every iteration (a print can "
                    "stay inside the `if`).", every=every)
    raise CheckFailure(tr("`train` with iterations={iterations} returned {count} losses, "
                          "expected {iterations}{advice}", iterations=iterations,
                          count=losses.size, advice=advice), mistake)


def _interval(count: int, iterations: int) -> int | None:
    """The k for which `count` losses out of `iterations` are those of every k-th iteration
    (i % k == 0), for the round intervals students print at (100, 10, 1000, 50, ...); else
    None."""
    if count < 2:
        return None
    return next((k for k in (100, 10, 1000, 50, 500, 20, 200, 25, 250)
                 if -(-iterations // k) == count), None)


def require_losses_of(impl, W1, W2, losses: np.ndarray, iterations: int) -> None:
    """``require_loss_count``; when it fails, is it because train ignores `iterations`?"""
    try:
        require_loss_count(losses, iterations)
    except CheckFailure:
        found = behaviour.ignored_argument(
            "train", lambda a: run_train(impl, COURSE_X, COURSE_Y, W1, W2, **a),
            dict(iterations=2, learning_rate=1.0), dict(iterations=5))
        if found is None:
            raise
        raise with_diagnosis(CheckFailure(tr(
            "`train` with iterations={iterations} returned {count} losses, expected "
            "{iterations}{advice}", iterations=iterations, count=losses.size, advice="")),
            found) from None


def one_step(impl, X, Y, W1, W2, lr: float) -> list[np.ndarray] | None:
    """The (W1, W2) the student's train returns after one iteration, or None if it fails."""
    try:
        W1_out, W2_out, _ = run_train(impl, X, Y, W1, W2, iterations=1, learning_rate=lr)
    except CheckFailure:
        return None
    return [W1_out, W2_out]


def training_failure(message: str, X, Y, W1, W2, lr: float, losses: np.ndarray,
                     impl=None) -> CheckFailure:
    """A failure about the loss trajectory, with a diagnosed mistake where one fits.

    With ``impl`` the student's train also runs one step, so each parameter's step is
    measured when no catalogued mistake fits.
    """
    stepped = one_step(impl, X, Y, W1, W2, lr) if impl is not None else None
    return with_diagnosis(CheckFailure(message),
                          diagnose.training(X, Y, W1, W2, lr, losses, stepped))


def defaults_diagnosis(impl, W1, W2) -> diagnose.Diagnosis | None:
    """Is train wrong only through its default learning_rate (3 steps with and without)?"""
    try:
        _, _, implicit = run_train(impl, COURSE_X, COURSE_Y, W1, W2, iterations=3)
        _, _, explicit = run_train(impl, COURSE_X, COURSE_Y, W1, W2, iterations=3,
                                   learning_rate=1.0)
    except CheckFailure:
        return None
    reference = ref_train(COURSE_X, COURSE_Y, W1, W2, iterations=3, learning_rate=1.0)[2]
    return diagnose.learning.defaults("train", "learning_rate", 1.0, implicit, explicit,
                                      np.asarray(reference))


def counts_right(impl, W1, W2) -> bool:
    """Does train return one loss per iteration when `iterations` is written out (3)?"""
    try:
        _, _, losses = run_train(impl, COURSE_X, COURSE_Y, W1, W2, iterations=3,
                                 learning_rate=1.0)
    except CheckFailure:
        return False
    return losses.size == 3


@register(stage=5, points=1, visibility="visible")
def check_train_returns_triple(impl, rng: np.random.Generator) -> None:
    """train returns (W1, W2, losses) with W1 and W2 of the input weights' shapes."""
    W1, W2 = rng.uniform(size=(3, 4)), rng.uniform(size=(4, 1))
    run_train(impl, COURSE_X, COURSE_Y, W1, W2, iterations=5, learning_rate=1.0)


@register(stage=5, points=1, visibility="visible")
def check_train_loss_count(impl, rng: np.random.Generator) -> None:
    """train returns exactly `iterations` losses (for 1, 7 and 30 iterations)."""
    for iterations in (7, 1, 30):
        W1, W2 = rng.uniform(size=(3, 4)), rng.uniform(size=(4, 1))
        _, _, losses = run_train(impl, COURSE_X, COURSE_Y, W1, W2, iterations=iterations,
                                 learning_rate=1.0)
        require_losses_of(impl, W1, W2, losses, iterations)


@register(stage=5, points=2, visibility="visible")
def check_train_course_result(impl, rng: np.random.Generator) -> None:
    """train with its defaults (1500 steps, rate 1.0) on the course: loss falls, ends < 0.01."""
    W1, W2 = load_initial_weights()
    W1_out, W2_out, losses = run_train(impl, COURSE_X, COURSE_Y, W1, W2)
    if losses.size != ITERATIONS and losses.size != ITERATIONS - 1:
        if not counts_right(impl, W1, W2):
            require_loss_count(losses, ITERATIONS)  # wrong whatever the iterations: not the default
        raise CheckFailure(tr("`train` with its default arguments returned {count} losses: its "
                              "default iterations should be {iterations}", count=losses.size,
                              iterations=ITERATIONS), "default_argument_wrong")
    try:
        course_result(impl, W1, W2, W1_out, W2_out, losses)
    except CheckFailure as failure:
        if failure.mistake is not None and failure.mistake not in PROBE_HINTS:
            raise  # a catalogued mistake: its name stands
        default = defaults_diagnosis(impl, W1, W2)
        raise (with_diagnosis(failure, default) if default else failure) from None


def course_result(impl, W1, W2, W1_out, W2_out, losses: np.ndarray) -> None:
    """Fail unless the default run's losses fall, end below 0.01 and the predictions are right."""
    require_loss_count(losses, ITERATIONS)
    require_finite(losses, tr("the losses"))
    rise = np.diff(losses)
    if np.any(rise > RISE):
        step = int(np.argmax(rise > RISE))
        raise training_failure(tr("the loss rose at step {step}: from {before:.8g} to "
                                  "{after:.8g}; gradient descent should make it fall at every "
                                  "step here", step=step + 1, before=float(losses[step]),
                                  after=float(losses[step + 1])),
                               COURSE_X, COURSE_Y, W1, W2, 1.0, losses, impl)
    final = ref_sse_loss(ref_feedforward(COURSE_X, W1_out, W2_out)[1], COURSE_Y)
    if losses[-1] < 0.01 <= final and np.array_equal(W1_out, W1) and np.array_equal(W2_out, W2):
        raise CheckFailure(tr(
            "after {iterations} iterations the last recorded loss is {last:.4g}, but the "
            "weights `train` returned are the initial ones, exactly as it was given them (their "
            "loss is {final:.4g}): the training happened on other variables, and those are "
            "not the ones returned. Return the weights you updated.", iterations=ITERATIONS,
            last=float(losses[-1]), final=float(final)), "returns_given_weights")
    if not (losses[-1] < 0.01 and final < 0.01):
        raise training_failure(tr("after {iterations} iterations the loss is {final:.4g} (last "
                                  "recorded {last:.4g}); it should be below 0.01",
                                  iterations=ITERATIONS, final=float(final),
                                  last=float(losses[-1])),
                               COURSE_X, COURSE_Y, W1, W2, 1.0, losses, impl)
    predictions = np.round(ref_feedforward(COURSE_X, W1_out, W2_out)[1])
    if not np.array_equal(predictions, COURSE_Y):
        raise CheckFailure(tr("the trained network predicts {predictions} (rounded) for "
                              "targets {targets}", predictions=predictions.ravel().tolist(),
                              targets=COURSE_Y.ravel().tolist()))


@register(stage=5, points=2, visibility="hidden")
def check_train_trajectory(impl, rng: np.random.Generator) -> None:
    """Losses and weights match the reference for rates 1.0 and 0.5 and other iteration counts."""
    for iterations, lr in ((120, 1.0), (80, 0.5), (37, float(rng.uniform(0.2, 2.0)))):
        W1, W2 = rng.uniform(size=(3, 4)), rng.uniform(size=(4, 1))
        W1_out, W2_out, losses = run_train(impl, COURSE_X, COURSE_Y, W1, W2,
                                           iterations=iterations, learning_rate=lr)
        require_losses_of(impl, W1, W2, losses, iterations)
        R1, R2, ref_losses = ref_train(COURSE_X, COURSE_Y, W1, W2, iterations=iterations,
                                       learning_rate=lr)
        setting = tr("with {arguments}",
                     arguments=f"iterations={iterations}, learning_rate={lr:.4g}")
        if not np.allclose(losses, ref_losses, rtol=RTOL, atol=0.0):
            raise training_failure(tr("the losses differ from the reference's {setting}"
                                      "{mismatch}", setting=setting,
                                      mismatch=first_mismatch(losses, ref_losses, RTOL, 0.0)),
                                   COURSE_X, COURSE_Y, W1, W2, lr, losses, impl)
        for name, got, expected in (("W1", W1_out, R1), ("W2", W2_out, R2)):
            if not np.allclose(got, expected, rtol=RTOL, atol=1e-9):
                stepped = one_step(impl, COURSE_X, COURSE_Y, W1, W2, lr)
                found = stepped and first_step(COURSE_X, COURSE_Y, W1, W2, lr, stepped)
                raise with_diagnosis(CheckFailure(
                    tr("the trained {name} differs from the reference's {setting}{mismatch}",
                       name=name, setting=setting,
                       mismatch=first_mismatch(got, expected, RTOL, 1e-9))), found)


@register(stage=5, points=1, visibility="hidden")
def check_train_inputs_unchanged(impl, rng: np.random.Generator) -> None:
    """train leaves X, Y, W1 and W2 as they were (it trains copies)."""
    originals = (COURSE_X.copy(), COURSE_Y.copy(),
                 rng.uniform(size=(3, 4)), rng.uniform(size=(4, 1)))
    copies = [a.copy() for a in originals]
    as_sequence(call_raw(impl, "train", *copies, iterations=3, learning_rate=1.0), "`train`",
                ("W1", "W2", "losses"))
    for name, before, after in zip(("X", "Y", "W1", "W2"), originals, copies, strict=True):
        if not np.array_equal(before, after):
            raise CheckFailure(tr("`train` changed its argument {name}; start from copies, e.g. "
                                  "W1 = W1.copy(), so the caller's arrays stay as they were",
                                  name=name), "inputs_modified")


# --- NeuralNetwork ----------------------------------------------------------------------

def construct(impl, X: np.ndarray, Y: np.ndarray):
    """A student's NeuralNetwork(X, Y) (arrays passed as copies)."""
    get_function(impl, "NeuralNetwork")
    return call(impl, "NeuralNetwork", X, Y)


def read(nn, attribute: str) -> np.ndarray:
    """nn.<attribute> as a float64 array."""
    return as_array(get_attribute(nn, "NeuralNetwork", attribute), f"`nn.{attribute}`")


def step(nn, learning_rate: float | None = None) -> None:
    """One iteration as the seed runs it: nn.feedforward(), then nn.backprop()."""
    call_method(nn, "NeuralNetwork", "feedforward")
    if learning_rate is None:
        call_method(nn, "NeuralNetwork", "backprop")
    else:
        call_method(nn, "NeuralNetwork", "backprop", learning_rate=learning_rate)


def network_step(impl, W1, W2, learning_rate: float | None) -> list[np.ndarray] | None:
    """(weights1, weights2) after one feedforward() and backprop() from W1, W2, or None.

    learning_rate None calls backprop() with its default.
    """
    try:
        nn = construct(impl, COURSE_X, COURSE_Y)
        set_attribute(nn, "NeuralNetwork", "weights1", W1.copy())
        set_attribute(nn, "NeuralNetwork", "weights2", W2.copy())
        step(nn, learning_rate)
        return [read(nn, "weights1"), read(nn, "weights2")]
    except CheckFailure:
        return None


def network_probe(impl, W1, W2, lr: float) -> diagnose.Diagnosis | None:
    """How one step of the student's network moves each weight matrix; its default rate."""
    stepped = network_step(impl, W1, W2, lr)
    if stepped is None:
        return None
    gradients = list(ref_backprop(COURSE_X, COURSE_Y, W1, W2))
    found = diagnose.learning.first_step(("weights1", "weights2"), [W1, W2], stepped,
                                         gradients, lr) or relations.search(
        relations.TRAIN_STEP_GRAPH,
        dict(X=COURSE_X, Y=COURSE_Y, W1=W1, W2=W2, lr=np.float64(lr)),
        dict(W1_new=stepped[0], W2_new=stepped[1]))
    if found is not None or lr != 1.0:
        return found
    implicit = network_step(impl, W1, W2, None)
    if implicit is None:
        return None
    return diagnose.learning.defaults(
        "NeuralNetwork.backprop", "learning_rate", 1.0, np.concatenate(
            [w.ravel() for w in implicit]), np.concatenate([w.ravel() for w in stepped]),
        np.concatenate([(w - lr * g).ravel() for w, g in zip((W1, W2), gradients,
                                                              strict=True)]))


def network_failure(message: str, W1, W2, lr: float, early: list[np.ndarray],
                    impl=None) -> CheckFailure:
    """A failure about a NeuralNetwork trajectory, with a diagnosed mistake where one fits.

    With ``impl`` a fresh network takes one step, so each weight's step is measured (and
    the default learning rate) when no catalogued mistake fits.
    """
    found = diagnose.network(COURSE_X, COURSE_Y, W1, W2, lr, early) if early else None
    if found is None and impl is not None:
        found = network_probe(impl, W1, W2, lr)
    return with_diagnosis(CheckFailure(message), found)


@register(stage=5, points=1, visibility="visible")
def check_network_attributes(impl, rng: np.random.Generator) -> None:
    """NeuralNetwork(x, y) keeps input and y, and makes weights1 (features, 4), weights2 (4, 1)."""
    for n, d in ((4, 3), (6, 5)):
        X = COURSE_X if d == 3 else rng.normal(size=(n, d))
        Y = COURSE_Y if d == 3 else rng.integers(0, 2, size=(n, 1)).astype(float)
        nn = construct(impl, X, Y)
        for name, expected in (("input", X), ("y", Y)):
            got = read(nn, name)
            if not (got.shape == expected.shape and np.array_equal(got, expected)):
                raise CheckFailure(tr("`nn.{name}` should be the {name} given to NeuralNetwork "
                                      "(shape {expected}), but it is {shape}", name=name,
                                      expected=expected.shape, shape=got.shape))
        weights1, weights2 = read(nn, "weights1"), read(nn, "weights2")
        if weights1.ndim == 2 and weights1.shape[0] == d and weights1.shape[1] != 4:
            raise CheckFailure(tr("`nn.weights1` has shape {shape} for x of shape {x_shape}: "
                                  "your network has {hidden} hidden units, and the article's "
                                  "has 4", shape=weights1.shape, x_shape=X.shape,
                                  hidden=weights1.shape[1]), "hidden_units_wrong")
        require_shape(weights1, (d, 4), "`nn.weights1`",
                      tr(" for x of shape {shape}; it should be (number of features, 4)",
                         shape=X.shape))
        require_shape(weights2, (4, 1), "`nn.weights2`")
        require_shape(read(nn, "output"), Y.shape, "`nn.output`", tr(" before training"))


@register(stage=5, points=1, visibility="visible")
def check_network_feedforward(impl, rng: np.random.Generator) -> None:
    """nn.feedforward() sets nn.output to sigmoid(sigmoid(x @ weights1) @ weights2)."""
    W1, W2 = rng.normal(size=(3, 4)), rng.normal(size=(4, 1))
    nn = construct(impl, COURSE_X, COURSE_Y)
    set_attribute(nn, "NeuralNetwork", "weights1", W1.copy())
    set_attribute(nn, "NeuralNetwork", "weights2", W2.copy())
    call_method(nn, "NeuralNetwork", "feedforward")
    got, expected = read(nn, "output"), ref_feedforward(COURSE_X, W1, W2)[1]
    require_shape(got, expected.shape, "`nn.output`")
    if not np.allclose(got, expected, rtol=1e-7, atol=1e-12):
        raise CheckFailure(tr("`nn.output` after feedforward() is wrong{mismatch}",
                              mismatch=first_mismatch(got, expected, 1e-7, 1e-12)))


@register(stage=5, points=2, visibility="visible")
def check_network_training(impl, rng: np.random.Generator) -> None:
    """The seed's loop (feedforward(), backprop(), 1500 times) follows the reference's path."""
    W1, W2 = load_initial_weights()
    R1, R2, _, ref_outputs = course_reference()
    nn = construct(impl, COURSE_X, COURSE_Y)
    set_attribute(nn, "NeuralNetwork", "weights1", W1.copy())
    set_attribute(nn, "NeuralNetwork", "weights2", W2.copy())
    early: list[np.ndarray] = []
    previous = np.inf

    def checkpoint(k: int, value) -> None:
        """nn.output right after feedforward() in iteration CHECKPOINTS[k]."""
        nonlocal previous
        i = CHECKPOINTS[k]
        output = as_array(value, "`nn.output`")
        require_shape(output, COURSE_Y.shape, "`nn.output`")
        if k < EARLY:
            early.append(output)
        loss = ref_sse_loss(output, COURSE_Y)
        if not loss < previous + RISE:
            raise network_failure(tr("the loss of nn.output rose from {before:.6g} to "
                                     "{after:.6g} by iteration {i}; it should fall",
                                     before=float(previous), after=float(loss), i=i),
                                  W1, W2, 1.0, early, impl)
        previous = loss
        if not np.allclose(output, ref_outputs[k], rtol=RTOL, atol=1e-9):
            raise network_failure(tr("`nn.output` at iteration {i} differs from the "
                                     "reference's{mismatch}", i=i,
                                     mismatch=first_mismatch(output, ref_outputs[k], RTOL,
                                                             1e-9)),
                                  W1, W2, 1.0, early, impl)

    repeat_methods(nn, "NeuralNetwork", SEED_LOOP, ITERATIONS,
                   [(i, 0, "output") for i in CHECKPOINTS], checkpoint)
    for name, expected in (("weights1", R1), ("weights2", R2)):
        got = read(nn, name)
        require_shape(got, expected.shape, f"`nn.{name}`")
        if not np.allclose(got, expected, rtol=RTOL, atol=1e-9):
            raise CheckFailure(tr("`nn.{name}` after {iterations} iterations differs from the "
                                  "reference's{mismatch}", name=name, iterations=ITERATIONS,
                                  mismatch=first_mismatch(got, expected, RTOL, 1e-9)))


@register(stage=5, points=1, visibility="hidden")
def check_network_learning_rate(impl, rng: np.random.Generator) -> None:
    """nn.backprop(learning_rate=0.5) takes steps half as long (20 iterations, random weights)."""
    W1, W2 = rng.uniform(size=(3, 4)), rng.uniform(size=(4, 1))
    lr, iterations = 0.5, 20
    states = diagnose.trajectory(COURSE_X, COURSE_Y, W1, W2, lr, iterations)
    nn = construct(impl, COURSE_X, COURSE_Y)
    set_attribute(nn, "NeuralNetwork", "weights1", W1.copy())
    set_attribute(nn, "NeuralNetwork", "weights2", W2.copy())
    early: list[np.ndarray] = []
    steps = [("feedforward", {}), ("backprop", {"learning_rate": lr})]
    repeat_methods(nn, "NeuralNetwork", steps, iterations,
                   [(i, 0, "output") for i in range(EARLY)],
                   lambda _k, value: early.append(as_array(value, "`nn.output`")))
    for name, expected in (("weights1", states[-1][0]), ("weights2", states[-1][1])):
        got = read(nn, name)
        require_shape(got, expected.shape, f"`nn.{name}`")
        if not np.allclose(got, expected, rtol=RTOL, atol=1e-9):
            raise network_failure(tr("`nn.{name}` after {iterations} calls of "
                                     "backprop(learning_rate={lr}) differs from the "
                                     "reference's{mismatch}", name=name, iterations=iterations,
                                     lr=lr, mismatch=first_mismatch(got, expected, RTOL, 1e-9)),
                                  W1, W2, lr, early, impl)
