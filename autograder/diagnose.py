"""Naming known mistakes by measuring what the student's code returned.

Each function takes the inputs a check used and the student's (already plain numpy) outputs,
computes what each known mistake would have produced on the same inputs (or measures a ratio
to the right answer), and returns a :class:`Diagnosis` when one of them fits, else None.
Nothing here reads the student's source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from solutions import backprop as reference_backprop
from solutions import feedforward as reference_feedforward
from solutions import sigmoid as reference_sigmoid
from solutions import sigmoid_derivative as reference_sigmoid_derivative
from solutions import sse_loss as reference_sse_loss

#: How close a student's values must be to a mistake's values to be named after it.
RTOL = 1e-6
ATOL = 1e-10


@dataclass(frozen=True)
class Diagnosis:
    """A named mistake and one or two plain sentences that explain it to the student."""

    mistake: str
    explanation: str


def matches(got: np.ndarray, candidate: np.ndarray) -> bool:
    """Same shape and equal within RTOL/ATOL (NaN never matches)."""
    got, candidate = np.asarray(got), np.asarray(candidate)
    return (got.shape == candidate.shape and bool(np.all(np.isfinite(got)))
            and bool(np.allclose(got, candidate, rtol=RTOL, atol=ATOL)))


Candidate = tuple[str, Callable[[], np.ndarray], str]  # (mistake, compute it, explanation)


def first_match(got: np.ndarray, candidates: list[Candidate]) -> Diagnosis | None:
    """The first candidate whose values equal ``got``; a candidate that fails is skipped."""
    for mistake, compute, explanation in candidates:
        try:
            with np.errstate(all="ignore"):
                value = compute()
        except (ValueError, FloatingPointError):
            continue  # this mistake cannot even run on these shapes
        if matches(got, value):
            return Diagnosis(mistake, explanation)
    return None


def scale_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """The r with got == r * expected (to RTOL), or None when no single factor fits."""
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return None
    norm = float(np.sum(expected * expected))
    if norm == 0.0:
        return None
    r = float(np.sum(got * expected)) / norm
    return r if matches(got, r * expected) else None


# --- stage 1 ---------------------------------------------------------------------------

SIGN_FLIPPED = ("your sigmoid gives sigma(-z): it computes 1 / (1 + exp(z)) instead of "
                "1 / (1 + exp(-z)), so the curve falls where it should rise.")
Z_TIMES_ONE_MINUS_Z = ("your derivative computes z * (1 - z) on the pre-activation z; that "
                       "formula is only right for the activation a = sigmoid(z). Compute "
                       "s = sigmoid(z) first and return s * (1 - s).")
DERIVATIVE_OF_ACTIVATION = ("your values equal sigma'(sigma(z)): the sigmoid's derivative was "
                            "applied to an activation instead of the pre-activation z.")


def sigmoid(z: np.ndarray, got: np.ndarray) -> Diagnosis | None:
    """Name a known sigmoid mistake from sigmoid(z) == got."""
    return first_match(got, [
        ("sigmoid_sign_flipped", lambda: reference_sigmoid(-z), SIGN_FLIPPED),
    ])


def sigmoid_derivative(z: np.ndarray, got: np.ndarray) -> Diagnosis | None:
    """Name a known derivative mistake from sigmoid_derivative(z) == got."""
    return first_match(got, [
        ("derivative_z_times_one_minus_z", lambda: z * (1.0 - z), Z_TIMES_ONE_MINUS_Z),
        ("derivative_applied_to_activation",
         lambda: reference_sigmoid_derivative(reference_sigmoid(z)), DERIVATIVE_OF_ACTIVATION),
        ("derivative_sign_flipped", lambda: -reference_sigmoid_derivative(z),
         "your derivative has the opposite sign: s * (1 - s) is never negative."),
    ])


# --- stage 2 ---------------------------------------------------------------------------

def feedforward(X: np.ndarray, W1: np.ndarray, W2: np.ndarray, A1: np.ndarray,
                Y_hat: np.ndarray) -> Diagnosis | None:
    """Name a known forward-pass mistake from feedforward(X, W1, W2) == (A1, Y_hat)."""
    s = reference_sigmoid
    found = first_match(A1, [
        ("hidden_activation_missing", lambda: X @ W1,
         "your hidden layer A1 equals X @ W1: the sigmoid is missing on the hidden layer. "
         "It should be A1 = sigmoid(X @ W1)."),
        ("elementwise_instead_of_matmul", lambda: s(X * W1),
         "your hidden layer uses `X * W1`, an element-wise product; a layer needs the "
         "matrix product `X @ W1` (or np.dot(X, W1))."),
        ("transposed_weights", lambda: s(X @ W1.T),
         "your hidden layer uses W1 transposed: with W1 of shape (inputs, hidden) the "
         "layer is X @ W1, not X @ W1.T."),
        ("sigmoid_sign_flipped", lambda: s(-(X @ W1)), SIGN_FLIPPED),
    ])
    if found:
        return found
    A1_ref = s(X @ W1)
    if not matches(A1, A1_ref):
        return None
    return first_match(Y_hat, [
        ("output_activation_missing", lambda: A1_ref @ W2,
         "your output equals A1 @ W2: the sigmoid is missing on the output layer. "
         "It should be Y_hat = sigmoid(A1 @ W2)."),
        ("elementwise_instead_of_matmul", lambda: s(A1_ref * W2),
         "your output layer uses `A1 * W2`, an element-wise product; it needs the "
         "matrix product `A1 @ W2`."),
        ("transposed_weights", lambda: s(A1_ref @ W2.T),
         "your output layer uses W2 transposed: it should be A1 @ W2."),
    ])


# --- stage 3 ---------------------------------------------------------------------------

def sse_loss(Y_hat: np.ndarray, Y: np.ndarray, got: float) -> Diagnosis | None:
    """Name a known loss mistake from sse_loss(Y_hat, Y) == got."""
    error = Y - Y_hat
    return first_match(np.float64(got), [
        ("mean_instead_of_sum", lambda: np.mean(error ** 2),
         "your loss is the mean of the squared errors; the course's loss is their sum "
         f"(n times bigger: here {error.size} entries)."),
        ("absolute_instead_of_squared", lambda: np.sum(np.abs(error)),
         "your loss adds up |Y - Y_hat|; it should add up (Y - Y_hat) ** 2."),
        ("error_not_squared", lambda: np.sum(error),
         "your loss adds up Y - Y_hat without squaring, so errors of opposite signs "
         "cancel out; square each error before summing."),
        ("error_not_squared", lambda: np.sum(-error),
         "your loss adds up Y_hat - Y without squaring, so errors of opposite signs "
         "cancel out; square each error before summing."),
        ("half_sse", lambda: 0.5 * np.sum(error ** 2),
         "your loss is half the sum of squares; the course's loss has no factor 1/2."),
        ("mean_instead_of_sum", lambda: np.mean(np.sum(error ** 2, axis=-1)),
         "your loss averages over the samples; the course's loss is the plain sum."),
    ])


# --- stage 4 ---------------------------------------------------------------------------

def _gradients(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray, *,
               derivative: Callable[[np.ndarray], np.ndarray] = reference_sigmoid_derivative,
               on_activation: bool = False, hidden_derivative: bool = True
               ) -> tuple[np.ndarray, np.ndarray]:
    """The reference's backprop with one step changed, to reproduce a known mistake.

    derivative: the function used for sigma'. on_activation: apply it to the activations
    (A1, Y_hat) instead of the pre-activations (Z1, Z2). hidden_derivative: False drops
    sigma'(Z1) from the hidden layer. Returns (dW1 (d, h), dW2 (h, o)).
    """
    Z1 = X @ W1
    A1 = reference_sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = reference_sigmoid(Z2)
    dZ2 = -2.0 * (Y - Y_hat) * derivative(Y_hat if on_activation else Z2)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * derivative(A1 if on_activation else Z1) if hidden_derivative else dA1
    return X.T @ dZ1, A1.T @ dZ2


def _ratio_diagnosis(r: float, n: int) -> Diagnosis:
    if abs(r + 1.0) < 1e-6:
        return Diagnosis("gradient_sign_flipped",
                         "your gradient has the opposite sign: it points uphill. Return "
                         "dL/dW = -2 (Y - Y_hat) ...; the seed article's `weights += ...` "
                         "form adds minus the gradient.")
    if abs(r - 0.5) < 1e-6:
        return Diagnosis("factor_2_missing",
                         "your gradient is exactly half the right one: the factor 2 from "
                         "d/dY_hat (Y - Y_hat)**2 = -2 (Y - Y_hat) is missing.")
    if abs(r + 0.5) < 1e-6:
        return Diagnosis("gradient_sign_flipped",
                         "your gradient is minus one half of the right one: the sign is "
                         "flipped and the factor 2 is missing.")
    if n > 1 and abs(r - 1.0 / n) < 1e-6:
        return Diagnosis("gradient_of_mean_loss",
                         f"your gradient is 1/{n} of the right one: it is the gradient of "
                         "the mean loss, but the course's loss is the sum.")
    return Diagnosis("gradient_scaled",
                     f"your gradient is exactly {r:.4g} times the right one: a constant "
                     "factor is off.")


def backprop(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray,
             dW1: np.ndarray, dW2: np.ndarray) -> Diagnosis | None:
    """Name a known backprop mistake from backprop(X, Y, W1, W2) == (dW1, dW2)."""
    ref1, ref2 = _gradients(X, Y, W1, W2)
    r1, r2 = scale_factor(dW1, ref1), scale_factor(dW2, ref2)
    if r1 is not None and r2 is not None and abs(r1 - r2) < 1e-6 and abs(r1 - 1.0) > 1e-6:
        return _ratio_diagnosis(r1, X.shape[0])
    if r2 is not None and abs(r2 - 1.0) > 1e-6:
        return _ratio_diagnosis(r2, X.shape[0])
    both = np.concatenate([dW1.ravel(), dW2.ravel()]) if dW1.shape == W1.shape \
        and dW2.shape == W2.shape else np.array([np.nan])

    def pair(**changes: object) -> Callable[[], np.ndarray]:
        return lambda: np.concatenate([g.ravel() for g in _gradients(X, Y, W1, W2, **changes)])

    return first_match(both, [
        ("derivative_applied_to_activation", pair(on_activation=True),
         "your backprop applies sigmoid_derivative to the activations (A1, Y_hat). Our "
         "sigmoid_derivative takes the pre-activation z: use sigmoid_derivative(Z2) and "
         "sigmoid_derivative(Z1), or a * (1 - a) on the activations."),
        ("hidden_derivative_missing", pair(hidden_derivative=False),
         "your dW2 is right but dW1 misses the hidden layer's derivative: dL/dZ1 = "
         "(dL/dZ2 @ W2.T) * sigmoid_derivative(Z1)."),
        ("derivative_z_times_one_minus_z",
         pair(derivative=lambda z: z * (1.0 - z)),
         "your backprop uses z * (1 - z) on the pre-activations as the sigmoid's "
         "derivative; that formula needs the activation a = sigmoid(z)."),
    ])


# --- stage 5 ---------------------------------------------------------------------------

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
    "gradient_ascent": "your weights move uphill, so the loss grows: the update adds the "
                       "gradient. Gradient descent subtracts it: W = W - learning_rate * dW.",
    "learning_rate_ignored": "your training behaves as if learning_rate were always 1.0: "
                             "multiply each gradient by learning_rate in the update.",
    "w1_never_updated": "your training updates W2 but never W1: both weight matrices need "
                        "W = W - learning_rate * dW at every step.",
    "dw1_uses_updated_w2": "your dW1 is computed after W2 was already updated: compute both "
                           "gradients from the same weights first, then update both.",
    "never_updates": "your weights never change: the update's result is not stored back "
                     "(write W = W - learning_rate * dW, or W -= learning_rate * dW).",
}


def trajectory(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray, lr: float,
               steps: int, kind: str = "reference") -> list[tuple[np.ndarray, np.ndarray]]:
    """The weights before each of ``steps`` steps and after the last: steps + 1 pairs."""
    states = [(W1, W2)]
    for _ in range(steps):
        states.append(_step(kind, X, Y, *states[-1], lr))
    return states


def _loss(X: np.ndarray, Y: np.ndarray, W: tuple[np.ndarray, np.ndarray]) -> float:
    return reference_sse_loss(reference_feedforward(X, *W)[1], Y)


def training(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray, lr: float,
             losses: np.ndarray) -> Diagnosis | None:
    """Name a known training mistake from the first few losses train(...) returned.

    losses: the student's losses (any length); at most the first 6 are compared.
    """
    k = min(losses.size, 6)
    if k == 0:
        return None
    got = losses[:k]
    for kind, explanation in TRAINING_MISTAKES.items():
        if kind == "learning_rate_ignored" and lr == 1.0:
            continue
        states = trajectory(X, Y, W1, W2, lr, k - 1, kind)
        if matches(got, np.array([_loss(X, Y, W) for W in states])):
            name = "train_never_updates" if kind == "never_updates" else kind
            return Diagnosis(name, explanation)
    states = trajectory(X, Y, W1, W2, lr, k)
    if matches(got, np.array([_loss(X, Y, W) for W in states[1:]])):
        return Diagnosis("losses_after_update",
                         "your losses[i] is the loss after update i; record the loss "
                         "before updating the weights, so losses[0] is the starting loss.")
    return None


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
                explanation = ("your NeuralNetwork.backprop() never changes the weights: "
                               "assign the result back, self.weights1 = self.weights1 - "
                               "learning_rate * d_weights1 (the same for weights2).")
            return Diagnosis(name, explanation)
    return None
