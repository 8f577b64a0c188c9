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


# --- stage 6 ---------------------------------------------------------------------------

def _reference_activation(name: str) -> tuple[Callable, Callable]:
    """(activation, derivative) of the reference for "sigmoid", "tanh", "relu", "leaky_relu"."""
    from solutions.bias_network import ACTIVATIONS

    return ACTIVATIONS[name]


TANH_ONE_MINUS_Z_SQUARED = ("your tanh derivative computes 1 - z**2 on the pre-activation z; "
                            "that formula is only right for the activation a = tanh(z). "
                            "Compute t = tanh(z) first and return 1 - t**2.")


def activation(name: str, z: np.ndarray, got: np.ndarray, alpha: float = 0.01
               ) -> Diagnosis | None:
    """Name a known mistake from ``name``(z) == got (tanh, relu or leaky_relu)."""
    if name == "tanh":
        return first_match(got, [
            ("tanh_is_sigmoid", lambda: reference_sigmoid(z),
             "your tanh returns sigmoid(z); tanh is (e^z - e^-z) / (e^z + e^-z), or np.tanh(z), "
             "and its values lie between -1 and 1."),
        ])
    if name == "relu":
        return first_match(got, [
            ("relu_wrong_side", lambda: np.minimum(0.0, z),
             "your relu keeps the negative inputs: relu(z) = max(0, z), use np.maximum(0, z)."),
        ])
    return first_match(got, [
        ("leaky_relu_alpha_ignored", lambda: np.maximum(0.0, z),
         "your leaky_relu returns 0 for negative inputs, like relu: it should return "
         "alpha * z there."),
        ("leaky_relu_alpha_ignored", lambda: np.where(z > 0, z, 0.01 * z),
         f"your leaky_relu uses 0.01 whatever alpha is passed (here alpha={alpha:g}); use "
         "the alpha argument."),
    ])


def activation_derivative(name: str, z: np.ndarray, got: np.ndarray, alpha: float = 0.01
                          ) -> Diagnosis | None:
    """Name a known mistake from ``name``_derivative(z) == got, z never exactly 0."""
    f, df = _reference_activation(name)
    negative = z < 0
    if name == "tanh":
        return first_match(got, [
            ("tanh_derivative_one_minus_z_squared", lambda: 1.0 - z**2,
             TANH_ONE_MINUS_Z_SQUARED),
            ("derivative_applied_to_activation", lambda: df(f(z)),
             "your values equal tanh'(tanh(z)): the derivative was applied to the activation "
             "instead of the pre-activation z."),
            ("derivative_sign_flipped", lambda: -df(z),
             "your derivative has the opposite sign: 1 - tanh(z)**2 is never negative."),
        ])
    if got.shape == z.shape and np.all(np.isfinite(got)) and np.any(negative) \
            and matches(got[~negative], df(z)[~negative]):
        wrong = got[negative]
        expected = 0.0 if name == "relu" else alpha
        if not np.allclose(wrong, expected):
            what = ("-1 (the sign of z)" if np.allclose(wrong, -1.0) else
                    "1" if np.allclose(wrong, 1.0) else "z itself"
                    if np.allclose(wrong, z[negative]) else "other values")
            return Diagnosis("relu_derivative_negative",
                             f"your {name}_derivative is right for positive z but gives {what} "
                             f"for negative z, where the slope is {expected:g}: the function "
                             "is flat there" + (" (relu)." if name == "relu" else
                                                f" except for the factor alpha={alpha:g}."))
    return None


def _bias_gradients(X, Y, W1, b1, W2, b2, activation: str, *,
                    derivative: Callable | None = None, on_activation: bool = False,
                    reduce: Callable | None = None) -> list[np.ndarray]:
    """The reference's backprop_with_bias with one step changed: (dW1, db1, dW2, db2).

    derivative: the hidden layer's f' (default the reference's). on_activation: apply it to
    A1 instead of Z1. reduce: dZ -> db (default: sum over the samples, keeping (1, k)).
    """
    f, df = _reference_activation(activation)
    df = derivative or df
    reduce = reduce or (lambda dZ: dZ.sum(axis=0, keepdims=True))
    Z1 = X @ W1 + b1
    A1 = f(Z1)
    Z2 = A1 @ W2 + b2
    dZ2 = -2.0 * (Y - reference_sigmoid(Z2)) * reference_sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ W2.T) * df(A1 if on_activation else Z1)
    return [X.T @ dZ1, reduce(dZ1), A1.T @ dZ2, reduce(dZ2)]


def bias_gradient_shape(name: str, got_shape: tuple[int, ...], n: int, k: int
                        ) -> Diagnosis | None:
    """Name a bias gradient's wrong shape: (n, k) not summed, (n, 1) or (n,) summed over k."""
    if got_shape == (n, k) and n > 1:
        return Diagnosis("bias_gradient_not_summed",
                         f"your {name} has one row per sample: a bias is added to every sample, so "
                         "its gradient is the sum of the per-sample terms, "
                         "dZ.sum(axis=0, keepdims=True), of shape (1, k).")
    if got_shape in ((n, 1), (n,)) and n > 1 and k > 1:
        return Diagnosis("bias_gradient_wrong_axis",
                         f"your {name} has one entry per sample: it was summed over the units "
                         "(axis=1). Sum over the samples instead: "
                         "dZ.sum(axis=0, keepdims=True), of shape (1, k).")
    if got_shape == (k,):
        return Diagnosis("bias_gradient_shape",
                         f"your {name} lost its row dimension: keep the bias's shape (1, k) with "
                         "dZ.sum(axis=0, keepdims=True).")
    return None


def backprop_with_bias(X, Y, W1, b1, W2, b2, activation: str,
                       grads: list[np.ndarray]) -> Diagnosis | None:
    """Name a known mistake from backprop_with_bias(...) == grads (dW1, db1, dW2, db2)."""
    shapes = [W1.shape, b1.shape, W2.shape, b2.shape]
    if [g.shape for g in grads] != shapes:
        return None
    reference = _bias_gradients(X, Y, W1, b1, W2, b2, activation)
    got = np.concatenate([g.ravel() for g in grads])
    ratio = scale_factor(got, np.concatenate([g.ravel() for g in reference]))
    if ratio is not None and abs(ratio - 1.0) > 1e-6:
        return _ratio_diagnosis(ratio, X.shape[0])
    for which, name in ((1, "db1"), (3, "db2")):
        r = scale_factor(grads[which], reference[which])
        if r is not None and X.shape[0] > 1 and abs(r - 1.0 / X.shape[0]) < 1e-6:
            return Diagnosis("bias_gradient_averaged",
                             f"your {name} is the mean of the per-sample terms; the loss adds "
                             "the errors up, so the bias gradient is their sum, "
                             "dZ.sum(axis=0, keepdims=True).")

    def candidate(**changes: object) -> Callable[[], np.ndarray]:
        return lambda: np.concatenate([g.ravel() for g in _bias_gradients(
            X, Y, W1, b1, W2, b2, activation, **changes)])

    candidates: list[Candidate] = [
        ("derivative_applied_to_activation", candidate(on_activation=True),
         f"your backprop applies {activation}_derivative to the activation A1; it takes the "
         f"pre-activation Z1 = X @ W1 + b1: use {activation}_derivative(Z1)."),
    ]
    if activation == "tanh":
        candidates.append(("tanh_derivative_one_minus_z_squared",
                           candidate(derivative=lambda z: 1.0 - z**2),
                           TANH_ONE_MINUS_Z_SQUARED))
    if activation in ("relu", "leaky_relu"):
        candidates += [
            ("relu_derivative_negative", candidate(derivative=lambda z: np.ones_like(z)),
             f"your backprop uses a slope of 1 for negative Z1 too; {activation}'s slope is "
             f"{0 if activation == 'relu' else 'alpha'} there."),
            ("relu_derivative_negative", candidate(derivative=np.sign),
             f"your backprop uses a slope of -1 for negative Z1; {activation}'s slope is "
             f"{0 if activation == 'relu' else 'alpha'} there."),
        ]
    if activation != "sigmoid":
        candidates.append(("activation_ignored",
                           candidate(derivative=reference_sigmoid_derivative),
                           f"your backprop uses the sigmoid's derivative although the hidden "
                           f"layer is {activation}: pick the derivative that belongs to the "
                           "activation argument."))
    return first_match(got, candidates)


def feedforward_with_bias(X, W1, b1, W2, b2, activation: str, A1: np.ndarray,
                          Y_hat: np.ndarray) -> Diagnosis | None:
    """Name a known mistake from feedforward_with_bias(...) == (A1, Y_hat)."""
    f, _ = _reference_activation(activation)
    found = first_match(A1, [
        ("bias_missing", lambda: f(X @ W1),
         "your hidden layer equals f(X @ W1): the bias b1 is missing. It should be "
         "A1 = f(X @ W1 + b1)."),
        ("activation_ignored", lambda: reference_sigmoid(X @ W1 + b1),
         f"your hidden layer uses the sigmoid although activation={activation!r}: apply the "
         "activation the argument names."),
    ]) if activation != "sigmoid" else first_match(A1, [
        ("bias_missing", lambda: f(X @ W1),
         "your hidden layer equals sigmoid(X @ W1): the bias b1 is missing. It should be "
         "A1 = sigmoid(X @ W1 + b1)."),
    ])
    if found:
        return found
    A1_ref = f(X @ W1 + b1)
    if not matches(A1, A1_ref):
        return None
    return first_match(Y_hat, [
        ("bias_missing", lambda: reference_sigmoid(A1_ref @ W2),
         "your output equals sigmoid(A1 @ W2): the bias b2 is missing. The output layer "
         "adds it before the sigmoid: sigmoid(A1 @ W2 + b2)."),
        ("output_activation_changed", lambda: f(A1_ref @ W2 + b2),
         f"your output layer uses {activation} too; the activation argument is for the "
         "hidden layer only, the output stays sigmoid(A1 @ W2 + b2)."),
    ])


def _bias_step(kind: str, X, Y, params: list[np.ndarray], lr: float, activation: str
               ) -> list[np.ndarray]:
    """One train_with_bias step as the mistake ``kind`` takes it ("reference": the right one)."""
    from solutions.bias_network import backprop_with_bias as reference_bias_backprop

    grads = reference_bias_backprop(X, Y, *params, activation=activation)
    if kind == "biases_never_updated":
        return [p - lr * g if i % 2 == 0 else p
                for i, (p, g) in enumerate(zip(params, grads, strict=True))]
    factor = {"reference": -lr, "gradient_ascent": lr, "learning_rate_ignored": -1.0}[kind]
    return [p + factor * g for p, g in zip(params, grads, strict=True)]


BIAS_TRAINING_MISTAKES = {
    "biases_never_updated": "your training updates W1 and W2 but never the biases: b1 and b2 "
                            "need b = b - learning_rate * db at every step too.",
    "gradient_ascent": TRAINING_MISTAKES["gradient_ascent"],
    "learning_rate_ignored": TRAINING_MISTAKES["learning_rate_ignored"],
}


def bias_training(X, Y, params: list[np.ndarray], lr: float, activation: str,
                  losses: np.ndarray) -> Diagnosis | None:
    """Name a known train_with_bias mistake from the first few losses it returned."""
    from solutions.bias_network import feedforward_with_bias as reference_bias_forward

    k = min(losses.size, 6)
    if k == 0:
        return None

    def path(kind: str, steps: int) -> np.ndarray:
        states = [params]
        for _ in range(steps):
            states.append(_bias_step(kind, X, Y, states[-1], lr, activation))
        return np.array([reference_sse_loss(
            reference_bias_forward(X, *s, activation=activation)[1], Y) for s in states])

    for kind, explanation in BIAS_TRAINING_MISTAKES.items():
        if kind == "learning_rate_ignored" and lr == 1.0:
            continue
        if matches(losses[:k], path(kind, k - 1)):
            return Diagnosis(kind, explanation)
    if matches(losses[:k], path("reference", k)[1:]):
        return Diagnosis("losses_after_update",
                         "your losses[i] is the loss after update i; record the loss "
                         "before updating the parameters, so losses[0] is the starting loss.")
    return None


# --- stage 7 ---------------------------------------------------------------------------

def softmax(Z: np.ndarray, got: np.ndarray) -> Diagnosis | None:
    """Name a known softmax mistake from softmax(Z) == got."""
    def over(axis: int | None) -> Callable[[], np.ndarray]:
        def compute() -> np.ndarray:
            E = np.exp(Z - Z.max(axis=axis, keepdims=True))
            return E / E.sum(axis=axis, keepdims=True)
        return compute

    if got.shape == Z.shape and not np.all(np.isfinite(got)):
        with np.errstate(all="ignore"):
            naive = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
        if np.array_equal(np.isfinite(got), np.isfinite(naive)):
            return Diagnosis("softmax_unstable",
                             "exp of a large score overflows to infinity and inf / inf is "
                             "NaN. Subtract each row's maximum first, "
                             "Z - Z.max(axis=1, keepdims=True): that leaves the probabilities "
                             "unchanged and keeps every exp between 0 and 1.")
    return first_match(got, [
        ("softmax_wrong_axis", over(0),
         "your softmax normalises each column (axis=0), so the columns sum to 1. Each row is "
         "one sample's scores: use axis=1 with keepdims=True in both the max and the sum."),
        ("softmax_wrong_axis", over(None),
         "your softmax normalises over the whole matrix, so all entries together sum to 1. "
         "Normalise each row (one sample's scores): axis=1, keepdims=True."),
    ])


def cross_entropy(P: np.ndarray, labels: np.ndarray, got: float) -> Diagnosis | None:
    """Name a known cross-entropy mistake from cross_entropy(P, labels) == got."""
    picked = P[np.arange(P.shape[0]), labels]
    return first_match(np.float64(got), [
        ("cross_entropy_sum_instead_of_mean", lambda: -np.sum(np.log(picked)),
         "your loss adds -log P[i, label] up; the course's cross-entropy is their mean "
         f"(here {P.shape[0]} samples), so the loss does not grow with the data set."),
        ("cross_entropy_sign_flipped", lambda: np.mean(np.log(picked)),
         "your loss is negative: the cross-entropy is minus the mean log-probability of the "
         "right class, -np.mean(np.log(...))."),
    ])


def _classifier_gradients(X, labels, W1, b1, W2, b2, *, targets: str = "one_hot"
                          ) -> list[np.ndarray]:
    """The reference's backprop_classifier; targets="labels" subtracts labels[:, None]."""
    from solutions.classifier import one_hot
    from solutions.classifier import softmax as reference_softmax

    n, k = X.shape[0], W2.shape[1]
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    P = reference_softmax(A1 @ W2 + b2)
    T = one_hot(labels, k) if targets == "one_hot" else labels[:, None].astype(float)
    dZ2 = (P - T) / n
    dZ1 = (dZ2 @ W2.T) * (1.0 - A1**2)
    return [X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2,
            dZ2.sum(axis=0, keepdims=True)]


def backprop_classifier(X, labels, W1, b1, W2, b2, grads: list[np.ndarray]
                        ) -> Diagnosis | None:
    """Name a known mistake from backprop_classifier(...) == grads (dW1, db1, dW2, db2)."""
    if [g.shape for g in grads] != [W1.shape, b1.shape, W2.shape, b2.shape]:
        return None
    n = X.shape[0]
    got = np.concatenate([g.ravel() for g in grads])
    reference = np.concatenate([g.ravel() for g in _classifier_gradients(X, labels, W1, b1,
                                                                         W2, b2)])
    ratio = scale_factor(got, reference)
    if ratio is not None and n > 1 and abs(ratio - n) < 1e-6 * n:
        return Diagnosis("gradient_not_divided_by_n",
                         f"your gradient is {n} times the right one: the loss is the mean "
                         "over the samples, so dL/dZ2 = (P - one_hot(labels)) / n; the "
                         "division by n is missing.")
    if ratio is not None and n > 1 and abs(ratio - 1.0 / n) < 1e-6:
        return Diagnosis("gradient_divided_twice",
                         f"your gradient is 1/{n} of the right one: it is divided by n twice. "
                         "Divide once, in dL/dZ2 = (P - one_hot(labels)) / n.")
    if ratio is not None and abs(ratio + 1.0) < 1e-6:
        return Diagnosis("classifier_gradient_sign_flipped",
                         "your gradient has the opposite sign: dL/dZ2 = P - one_hot(labels) "
                         "(divided by n), probabilities minus targets.")
    return first_match(got, [
        ("labels_not_one_hot", lambda: np.concatenate([g.ravel() for g in _classifier_gradients(
            X, labels, W1, b1, W2, b2, targets="labels")]),
         "your dZ2 subtracts the integer label from every column of P. The targets must be "
         "one-hot rows: T = np.eye(k)[labels] (a 1 in the column of the right class), then "
         "dZ2 = (P - T) / n."),
    ])


def classifier_training(X, labels, params: list[np.ndarray], lr: float,
                        losses: np.ndarray) -> Diagnosis | None:
    """Name a known train_classifier mistake from the first few losses it returned."""
    from solutions.classifier import backprop_classifier as reference_classifier_backprop
    from solutions.classifier import cross_entropy as reference_cross_entropy
    from solutions.classifier import forward_classifier as reference_classifier_forward

    k = min(losses.size, 6)
    if k == 0:
        return None

    def path(kind: str, steps: int) -> np.ndarray:
        states = [params]
        for _ in range(steps):
            grads = reference_classifier_backprop(X, labels, *states[-1])
            factor = {"reference": -lr, "gradient_ascent": lr, "learning_rate_ignored": -1.0,
                      "biases_never_updated": -lr}[kind]
            states.append([p if kind == "biases_never_updated" and i % 2 else p + factor * g
                           for i, (p, g) in enumerate(zip(states[-1], grads, strict=True))])
        return np.array([reference_cross_entropy(reference_classifier_forward(X, *s)[1], labels)
                         for s in states])

    for kind in ("biases_never_updated", "gradient_ascent", "learning_rate_ignored"):
        if kind == "learning_rate_ignored" and lr == 1.0:
            continue
        if matches(losses[:k], path(kind, k - 1)):
            return Diagnosis(kind, BIAS_TRAINING_MISTAKES[kind])
    if matches(losses[:k], path("reference", k)[1:]):
        return Diagnosis("losses_after_update",
                         "your losses[i] is the loss after update i; record the loss "
                         "before updating the parameters, so losses[0] is the starting loss.")
    return None


def accuracy(predicted: np.ndarray, labels: np.ndarray, got: float) -> Diagnosis | None:
    """Name a known accuracy mistake from accuracy(predicted, labels) == got."""
    right = np.sum(predicted == labels)
    return first_match(np.float64(got), [
        ("accuracy_not_a_fraction", lambda: np.float64(right),
         "your accuracy is the number of right predictions; divide by the number of samples "
         "to get a fraction between 0 and 1: np.mean(predicted == labels)."),
        ("accuracy_not_a_fraction", lambda: np.float64(100.0 * right / labels.size),
         "your accuracy is a percentage; return the fraction between 0 and 1 instead."),
        ("accuracy_not_a_fraction", lambda: np.float64(1.0 - right / labels.size),
         "your accuracy is the fraction of wrong predictions (the error rate)."),
    ])
