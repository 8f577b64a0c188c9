"""Stage 5's catalogue: train and NeuralNetwork mistakes, named from losses and outputs."""

from __future__ import annotations

import numpy as np

from autograder.diagnose import learning, relations
from autograder.diagnose import losses as losses_module
from autograder.diagnose.base import Diagnosis, matches
from autograder.diagnose.probes import hint
from autograder.i18n import N_, tr
from solutions import backprop as reference_backprop
from solutions import feedforward as reference_feedforward
from solutions import sse_loss as reference_sse_loss


#: How each training mistake updates the weights: (dW1, dW2, W1, W2, lr, X, Y) -> (W1, W2).
def _step(kind: str, X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray,
          lr: float) -> tuple[np.ndarray, np.ndarray]:
    """One training step as the mistake ``kind`` takes it (``"reference"`` for the right one)."""
    dW1, dW2 = reference_backprop(X, Y, W1, W2)
    if kind == "reference":
        return W1 - lr * dW1, W2 - lr * dW2
    if kind == "gradient_ascent":
        return W1 + lr * dW1, W2 + lr * dW2
    if kind == "learning_rate_ignored":
        return W1 - dW1, W2 - dW2
    if kind == "w1_never_updated":
        return W1, W2 - lr * dW2
    if kind == "dw1_uses_updated_w2":
        W2 = W2 - lr * dW2
        return W1 - lr * reference_backprop(X, Y, W1, W2)[0], W2
    if kind == "never_updates":
        return W1, W2
    raise ValueError(kind)


TRAINING_MISTAKES = {
    "gradient_ascent": N_("your weights move uphill, so the loss grows: the update adds the "
                       "gradient. Gradient descent subtracts it: W = W - learning_rate * dW."),
    "learning_rate_ignored": N_("your training behaves as if learning_rate were always 1.0: "
                             "multiply each gradient by learning_rate in the update."),
    "w1_never_updated": N_("your training updates W2 but never W1: both weight matrices need "
                        "W = W - learning_rate * dW at every step."),
    "dw1_uses_updated_w2": N_("your dW1 is computed after W2 was already updated: compute both "
                           "gradients from the same weights first, then update both."),
    "never_updates": N_("your weights never change: the update's result is not stored back "
                     "(write W = W - learning_rate * dW, or W -= learning_rate * dW)."),
}


ANOTHER_LOSS_RECORDED = hint("another_loss_recorded", N_(
    "Record the course's loss in the training loop, `sse_loss(Y_hat, Y)` of the current "
    "predictions, not another measure of the error (a mean, absolute errors, a "
    "cross-entropy): the checks compare your losses with it."))


LOSS_ONCE = hint("loss_recorded_once", N_(
    "`losses.append(...)` belongs inside the training loop, so that each iteration adds its "
    "loss; written before or after the loop it runs once."))


def trajectory(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray, lr: float,
               steps: int, kind: str = "reference") -> list[tuple[np.ndarray, np.ndarray]]:
    """The weights before each of ``steps`` steps and after the last: steps + 1 pairs."""
    states = [(W1, W2)]
    for _ in range(steps):
        states.append(_step(kind, X, Y, *states[-1], lr))
    return states


def _loss(X: np.ndarray, Y: np.ndarray, W: tuple[np.ndarray, np.ndarray]) -> float:
    return reference_sse_loss(reference_feedforward(X, *W)[1], Y)


def first_step(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray, lr: float,
               stepped: list[np.ndarray]) -> Diagnosis | None:
    """What one iteration of the student's train did: how each parameter moved (a step
    that is right but for its size, none, uphill), else one step of the course's iteration
    done differently (found by search)."""
    return learning.first_step(("W1", "W2"), [W1, W2], stepped,
                               list(reference_backprop(X, Y, W1, W2)), lr) or relations.search(
        relations.TRAIN_STEP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2, lr=np.float64(lr)),
        dict(W1_new=stepped[0], W2_new=stepped[1]))


def training(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray, lr: float,
             losses: np.ndarray, stepped: list[np.ndarray] | None = None
             ) -> Diagnosis | None:
    """Name a known training mistake from the first few losses train(...) returned.

    losses: the student's losses (any length); the first 6 are compared with the known
    mistakes. stepped: the (W1, W2) the student's train returned after one iteration from
    (W1, W2), when the check could get them: each parameter's step is then measured.
    """
    k = min(losses.size, 6)
    if k == 0:
        return None
    got = losses[:k]
    whole = whole_numbers(losses)
    if whole:
        return whole
    for kind, explanation in TRAINING_MISTAKES.items():
        if kind == "learning_rate_ignored" and lr == 1.0:
            continue
        states = trajectory(X, Y, W1, W2, lr, k - 1, kind)
        if matches(got, np.array([_loss(X, Y, W) for W in states])):
            if kind == "never_updates" and _moved(W1, W2, stepped):
                return Diagnosis("losses_of_starting_weights", tr(
                    "your weights do change at every step, but every loss you record is the "
                    "loss of the starting weights: compute each loss inside the loop, from the "
                    "current weights, before updating them."))
            name = "train_never_updates" if kind == "never_updates" else kind
            return Diagnosis(name, tr(explanation))
    states = trajectory(X, Y, W1, W2, lr, k)
    if matches(got, np.array([_loss(X, Y, W) for W in states[1:]])):
        return Diagnosis("losses_after_update",
                         tr("your losses[i] is the loss after update i; record the loss "
                         "before updating the weights, so losses[0] is the starting loss."))
    recorded = losses_module.name_loss(
        [reference_feedforward(X, *W)[1] for W in states[:k]], Y, list(got))
    if recorded is not None:
        return Diagnosis(ANOTHER_LOSS_RECORDED, tr(
            "each loss you record is {loss}, computed on that step's predictions, while the "
            "course records sse_loss(Y_hat, Y), the sum of squared errors: record that.",
            loss=recorded))
    found = None if stepped is None else first_step(X, Y, W1, W2, lr, stepped)
    return learning.explain(losses, np.array(
        [_loss(X, Y, W) for W in trajectory(X, Y, W1, W2, lr, losses.size - 1)]), found)


def _moved(W1: np.ndarray, W2: np.ndarray, stepped: list[np.ndarray] | None) -> bool:
    """Did one step of the student's train change the weights (known only with ``stepped``)?"""
    return stepped is not None and not (np.allclose(stepped[0], W1, rtol=0, atol=0)
                                        and np.allclose(stepped[1], W2, rtol=0, atol=0))


def whole_numbers(losses: np.ndarray) -> Diagnosis | None:
    """Every loss a whole number (a sum of squared errors of sigmoid outputs almost never is):
    they were stored in an integer array, which cuts off the fractions."""
    if losses.size < 2 or not np.all(np.isfinite(losses)) or np.any(losses != np.round(losses)):
        return None
    return Diagnosis("losses_stored_as_integers", tr(
        "every loss you recorded is a whole number, so the fractions were cut off: the losses "
        "are stored in an integer array (for example `np.zeros(iterations, dtype=int)`). Use "
        "a float array, `np.zeros(iterations)`, or a list."))


def network(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray, lr: float,
            outputs: list[np.ndarray]) -> Diagnosis | None:
    """Name a known NeuralNetwork mistake from nn.output after the first few feedforward()s.

    outputs[i]: the output read after the feedforward() of iteration i (before backprop).
    """
    k = len(outputs)
    got = np.concatenate([o.ravel() for o in outputs]) if all(
        o.shape == outputs[0].shape for o in outputs) else np.array([np.nan])
    for kind, explanation in TRAINING_MISTAKES.items():
        if kind == "learning_rate_ignored" and lr == 1.0:
            continue
        states = trajectory(X, Y, W1, W2, lr, k - 1, kind)
        expected = np.concatenate([reference_feedforward(X, *W)[1].ravel() for W in states])
        if matches(got, expected):
            name = "network_backprop_never_updates" if kind == "never_updates" else kind
            if kind == "never_updates":
                explanation = N_("your NeuralNetwork.backprop() never changes the weights: "
                                 "assign the result back, self.weights1 = self.weights1 - "
                                 "learning_rate * d_weights1 (the same for weights2).")
            return Diagnosis(name, tr(explanation))
    return None
