"""Training probes: where a training run parts from the reference's, and which parameter
moves wrongly.

``parting`` compares the student's losses with the reference's step by step (the first
loss wrong: the given weights or the loss itself; only the last wrong: the last iteration
not run or not recorded; fewer or more losses than iterations). ``first_step`` measures how
each parameter moved in one training step against learning_rate times its gradient (never
moves, moves uphill, ignores the learning rate, moves by another factor). ``defaults``
compares a run with the default arguments against one with the defaults written out.
"""

from __future__ import annotations

import numpy as np

from autograder.diagnose.base import Diagnosis, scale_factor
from autograder.diagnose.probes import close, hint
from autograder.i18n import N_, tr

INITIAL_LOSS_WRONG = hint("initial_loss_wrong", (
    N_("losses[0] must be the loss of the weights passed in, before any update: start from "
    "the given W1 and W2 (copies of them, not new random ones) and record the loss of the "
    "contract, before updating.")))
LAST_LOSS_WRONG = hint("last_loss_wrong", (
    N_("Every iteration records its loss: loop with `for i in range(iterations):` and fill "
    "losses[i] inside the loop, so the last entry is written too.")))
LOSSES_PART = hint("losses_part_at_step", (
    N_("Your first losses are right, so the start is right and an update is wrong. Run one "
    "step by hand: compute the gradients with the stage's backpropagation function "
    "(backprop in stage 5, backprop_with_bias in stage 6, backprop_classifier in stage 7) "
    "and check that every parameter P has become P - learning_rate * dP.")))
STOPPED_EARLY = hint("stopped_early", (
    N_("Run exactly `iterations` updates and record one loss in each, with no early exit "
    "(no break or return inside the loop).")))
TOO_MANY_LOSSES = hint("too_many_losses", (
    N_("Record one loss per iteration, before the update, and nothing else: no loss "
    "appended after the loop and none recorded twice.")))


def parting(losses: np.ndarray, reference: np.ndarray) -> Diagnosis | None:
    """Where the student's losses leave the reference's (same start, same settings)."""
    if losses.size < reference.size:
        return Diagnosis(STOPPED_EARLY, tr(
            "your training recorded {got} losses for {expected} iterations: it stops early.",
            got=losses.size, expected=reference.size))
    if losses.size > reference.size:
        return Diagnosis(TOO_MANY_LOSSES, tr(
            "your training recorded {got} losses for {expected} iterations: some are "
            "recorded more than once or after the loop.",
            got=losses.size, expected=reference.size))
    same = close(losses, reference) & np.isfinite(losses)
    if np.all(same):
        return None
    k = int(np.argmin(same))
    values = {"step": k, "got": float(losses[k]), "expected": float(reference[k])}
    if k == 0:
        return Diagnosis(INITIAL_LOSS_WRONG, (
            tr("your losses[0] is {got:.6g} but the loss of the starting weights is "
            "{expected:.6g}: the first loss is not the loss of the given weights (they were "
            "not used, or a different loss is recorded).")).format(**values))
    if k == losses.size - 1 and k >= 2:
        return Diagnosis(LAST_LOSS_WRONG, (
            tr("your losses agree with the reference's except the last one, losses[{step}] "
            "({got:.6g} instead of {expected:.6g}): the last iteration is not run or its "
            "loss is not recorded.")).format(**values))
    return Diagnosis(LOSSES_PART, (
        tr("your losses agree with the reference's until losses[{step}], which is {got:.6g} "
        "instead of {expected:.6g}: the start is right and an update is wrong.")
    ).format(**values))


NEVER_MOVES = hint("parameter_never_moves", (
    N_("Every parameter learns: after the gradients are computed, update each one with "
    "P = P - learning_rate * dP and keep the result (assign it back).")))
MOVES_UPHILL = hint("parameter_moves_uphill", (
    N_("Gradient descent subtracts the gradient: P = P - learning_rate * dP (or P -= ...). "
    "Adding it climbs the loss.")))
WRONG_STEP = hint("wrong_step_size", (
    N_("Each step is exactly learning_rate times the gradient: P = P - learning_rate * dP. "
    "Check that the same learning rate multiplies every parameter's gradient once.")))


def first_step(names: tuple[str, ...], before: list[np.ndarray], after: list[np.ndarray],
               gradients: list[np.ndarray], lr: float) -> Diagnosis | None:
    """How each parameter moved in one step, against -lr * its gradient.

    before, after: the parameters passed in and returned by one training iteration;
    gradients: the reference's gradients at ``before``.
    """
    for name, b, a, g in zip(names, before, after, gradients, strict=True):
        step, right = a - b, -lr * g
        if a.shape != b.shape or not np.all(np.isfinite(a)) or not np.any(right):
            continue
        if np.all(close(step, right)):
            continue
        if not np.any(step):
            return Diagnosis(NEVER_MOVES, tr("your {name} does not change in a training step: it "
                                          "is never updated.",
                                             name=name))
        r = scale_factor(step, right)
        if r is None:
            continue
        if abs(r + 1.0) < 1e-6:
            return Diagnosis(MOVES_UPHILL, tr(
                "your {name} moves by +learning_rate times its gradient in a training step: "
                "it is updated uphill (the gradient is added).",
                name=name))
        return Diagnosis(WRONG_STEP, tr(
            "your {name} moves {factor:.5g} times the right step (learning_rate={lr:g} times "
            "its gradient) in a training step.",
            name=name, factor=r, lr=lr))
    return None


DEFAULT_WRONG = hint("default_argument_wrong", (
    N_("Give the function the contract's defaults exactly, in its def line: for example "
    "train(X, Y, W1, W2, iterations=1500, learning_rate=1.0).")))


def defaults(function: str, argument: str, value: object, implicit: np.ndarray,
             explicit: np.ndarray, reference: np.ndarray) -> Diagnosis | None:
    """A run without ``argument`` differs from one with ``argument=value``, which is right."""
    if implicit.shape == explicit.shape and np.all(close(implicit, explicit)):
        return None
    if explicit.shape != reference.shape or not np.all(close(explicit, reference)):
        return None
    return Diagnosis(DEFAULT_WRONG, tr(
        "your {function} is right with {argument}={value!r} written out but gives other "
        "results when {argument} is left out: its default {argument} is not {value!r}.",
        function=function, argument=argument, value=value))


def explain(losses: np.ndarray, reference: np.ndarray,
            step: Diagnosis | None = None) -> Diagnosis | None:
    """Where the losses part, with ``step`` (a first_step finding) preferred to "part at step".

    The start and the end are the more telling: a wrong first loss, a wrong last loss or
    the wrong number of losses name themselves even when a one-iteration run moves
    nothing; otherwise how a parameter moved says more than where the losses parted.
    """
    parted = parting(losses, reference)
    if parted is not None and parted.mistake != LOSSES_PART:
        return parted
    return step or parted
