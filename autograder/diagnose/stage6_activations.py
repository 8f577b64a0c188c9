"""Stage 6's catalogue: activations, biases and train_with_bias mistakes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.diagnose import intermediates, learning, probes
from autograder.diagnose.base import (
    Candidate,
    Diagnosis,
    first_match,
    is_right,
    matches,
    scale_factor,
)
from autograder.diagnose.stage4_backprop import measured, ratio_diagnosis
from autograder.diagnose.stage5_training import TRAINING_MISTAKES
from autograder.i18n import N_, tr
from solutions import sigmoid as reference_sigmoid
from solutions import sigmoid_derivative as reference_sigmoid_derivative
from solutions import sse_loss as reference_sse_loss


def _reference_activation(name: str) -> tuple[Callable, Callable]:
    """(activation, derivative) of the reference for "sigmoid", "tanh", "relu", "leaky_relu"."""
    from solutions.bias_network import ACTIVATIONS

    return ACTIVATIONS[name]


TANH_ONE_MINUS_Z_SQUARED = (N_("your tanh derivative computes 1 - z**2 on the pre-activation z; "
                            "that formula is only right for the activation a = tanh(z). "
                            "Compute t = tanh(z) first and return 1 - t**2."))


def activation(name: str, z: np.ndarray, got: np.ndarray, alpha: float = 0.01
               ) -> Diagnosis | None:
    """Name a known mistake from ``name``(z) == got (tanh, relu or leaky_relu), else measure."""
    f, _ = _reference_activation(name)
    expected = f(z, alpha=alpha) if name == "leaky_relu" else f(z)
    if is_right(got, expected):
        return None  # right values are never diagnosed
    return (_activation_catalogue(name, z, got, alpha)
            or probes.values("{name}(z)".format(name=name), got, expected, z=z))


def _activation_catalogue(name: str, z: np.ndarray, got: np.ndarray, alpha: float
                          ) -> Diagnosis | None:
    if name == "tanh":
        return first_match(got, [
            ("tanh_is_sigmoid", lambda: reference_sigmoid(z),
             tr("your tanh returns sigmoid(z); tanh is (e^z - e^-z) / (e^z + e^-z), or np.tanh(z), "
             "and its values lie between -1 and 1.")),
        ])
    if name == "relu":
        return first_match(got, [
            ("relu_wrong_side", lambda: np.minimum(0.0, z),
             tr("your relu keeps the negative inputs: relu(z) = max(0, z), use np.maximum(0, z).")),
        ])
    return first_match(got, [
        ("leaky_relu_alpha_ignored", lambda: np.maximum(0.0, z),
         tr("your leaky_relu returns 0 for negative inputs, like relu: it should return "
         "alpha * z there.")),
        ("leaky_relu_alpha_ignored", lambda: np.where(z > 0, z, 0.01 * z),
         tr("your leaky_relu uses 0.01 whatever alpha is passed (here alpha={alpha:g}); use the "
            "alpha argument.",
            alpha=alpha)),
    ])


def activation_derivative(name: str, z: np.ndarray, got: np.ndarray, alpha: float = 0.01
                          ) -> Diagnosis | None:
    """Name a known mistake from ``name``_derivative(z) == got, z never exactly 0; else measure."""
    _, df = _reference_activation(name)
    expected = df(z, alpha=alpha) if name == "leaky_relu" else df(z)
    if is_right(got, expected):
        return None  # right values are never diagnosed
    return (_derivative_catalogue(name, z, got, alpha)
            or probes.values("{name}_derivative(z)".format(name=name), got, expected, z=z))


def _derivative_catalogue(name: str, z: np.ndarray, got: np.ndarray, alpha: float
                          ) -> Diagnosis | None:
    f, df = _reference_activation(name)
    negative = z < 0
    if name == "tanh":
        return first_match(got, [
            ("tanh_derivative_one_minus_z_squared", lambda: 1.0 - z**2,
             tr(TANH_ONE_MINUS_Z_SQUARED)),
            ("derivative_applied_to_activation", lambda: df(f(z)),
             tr("your values equal tanh'(tanh(z)): the derivative was applied to the activation "
             "instead of the pre-activation z.")),
            ("derivative_sign_flipped", lambda: -df(z),
             tr("your derivative has the opposite sign: 1 - tanh(z)**2 is never negative.")),
            ("activation_used_as_derivative", lambda: f(z),
             tr("your tanh_derivative returns tanh(z) itself; the derivative is 1 - t**2 with "
             "t = tanh(z).")),
        ])
    if got.shape == z.shape and np.all(np.isfinite(got)) and np.any(negative) \
            and matches(got[~negative], df(z)[~negative]):
        wrong = got[negative]
        expected = 0.0 if name == "relu" else alpha
        if not np.allclose(wrong, expected):
            what = (tr("-1 (the sign of z)") if np.allclose(wrong, -1.0) else
                    "1" if np.allclose(wrong, 1.0) else tr("z itself")
                    if np.allclose(wrong, z[negative]) else tr("other values"))
            line = (tr(": relu is flat for z < 0.") if name == "relu" else
                    tr(": leaky_relu is a line of slope alpha={alpha:g} for z < 0.",
                       alpha=alpha))
            return Diagnosis("relu_derivative_negative",
                             tr("your {name}_derivative is right for positive z but gives {what} "
                                "for negative z, where the slope is {expected:g}{line}",
                                name=name, what=what, expected=expected, line=line))
    return None


def _bias_gradients(X, Y, W1, b1, W2, b2, activation: str, *,
                    derivative: Callable | None = None, on_activation: bool = False,
                    reduce: Callable | None = None) -> list[np.ndarray]:
    """The reference's backprop_with_bias with one step changed: (dW1, db1, dW2, db2).

    derivative: the hidden layer's f' (default the reference's). on_activation: apply it to
    A1 instead of Z1. reduce: dZ -> db (default: sum over the samples, keeping the bias's
    shape: one row).
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
                         tr("your {name} has one row per sample: a bias is added to every sample,"
                            " so its gradient is the sum of the per-sample terms, dZ.sum(axis=0, "
                            "keepdims=True), of shape (1, {k}).",
                            name=name, k=k))
    if got_shape in ((n, 1), (n,)) and n > 1 and k > 1:
        return Diagnosis("bias_gradient_wrong_axis",
                         tr("your {name} has one entry per sample: it was summed over the units "
                            "(axis=1). Sum over the samples instead: dZ.sum(axis=0, "
                            "keepdims=True), of shape (1, {k}).",
                            name=name, k=k))
    if got_shape == (k,):
        return Diagnosis("bias_gradient_shape",
                         tr("your {name} lost its row dimension: keep the bias's shape "
                            "(1, {k}) with dZ.sum(axis=0, keepdims=True).",
                            name=name, k=k))
    return None


def backprop_with_bias(X, Y, W1, b1, W2, b2, activation: str,
                       grads: list[np.ndarray]) -> Diagnosis | None:
    """Name a known mistake from backprop_with_bias(...) == grads (dW1, db1, dW2, db2)."""
    shapes = [W1.shape, b1.shape, W2.shape, b2.shape]
    if [g.shape for g in grads] != shapes:
        return None
    reference = _bias_gradients(X, Y, W1, b1, W2, b2, activation)
    if all(is_right(g, r) for g, r in zip(grads, reference, strict=True)):
        return None  # right values are never diagnosed
    got = np.concatenate([g.ravel() for g in grads])
    ratio = scale_factor(got, np.concatenate([g.ravel() for g in reference]))
    if ratio is not None and abs(ratio - 1.0) > 1e-6:
        return ratio_diagnosis(ratio, X.shape[0])
    for which, name in ((1, "db1"), (3, "db2")):
        r = scale_factor(grads[which], reference[which])
        if r is not None and X.shape[0] > 1 and abs(r - 1.0 / X.shape[0]) < 1e-6:
            return Diagnosis("bias_gradient_averaged",
                             tr("your {name} is the mean of the per-sample terms; the loss adds "
                                "the errors up, so the bias gradient is their sum, dZ.sum(axis=0,"
                                " keepdims=True).",
                                name=name))

    def candidate(**changes: object) -> Callable[[], np.ndarray]:
        return lambda: np.concatenate([g.ravel() for g in _bias_gradients(
            X, Y, W1, b1, W2, b2, activation, **changes)])

    candidates: list[Candidate] = [
        ("derivative_applied_to_activation", candidate(on_activation=True),
         tr("your backprop applies {activation}_derivative to the activation A1; it takes the "
            "pre-activation Z1 = X @ W1 + b1: use {activation}_derivative(Z1).",
            activation=activation)),
    ]
    if activation == "tanh":
        candidates.append(("tanh_derivative_one_minus_z_squared",
                           candidate(derivative=lambda z: 1.0 - z**2),
                           tr(TANH_ONE_MINUS_Z_SQUARED)))
    if activation in ("relu", "leaky_relu"):
        candidates += [
            ("relu_derivative_negative", candidate(derivative=lambda z: np.ones_like(z)),
             tr("your backprop uses a slope of 1 for negative Z1 too; {activation}'s slope is "
                "{value} there.",
                activation=activation, value=0 if activation == 'relu' else 'alpha')),
            ("relu_derivative_negative", candidate(derivative=np.sign),
             tr("your backprop uses a slope of -1 for negative Z1; {activation}'s slope is "
                "{value} there.",
                activation=activation, value=0 if activation == 'relu' else 'alpha')),
        ]
    if activation != "sigmoid":
        candidates.append(("activation_ignored",
                           candidate(derivative=reference_sigmoid_derivative),
                           tr("your backprop uses the sigmoid's derivative although the hidden "
                              "layer is {activation}: pick the derivative that belongs to the "
                              "activation argument.",
                              activation=activation)))
    return first_match(got, candidates) or measured(
        X, Y, W1, W2, grads, reference, b1, b2, intermediates.Network(hidden=activation),
        ("dW1", "db1", "dW2", "db2"))


def feedforward_with_bias(X, W1, b1, W2, b2, activation: str, A1: np.ndarray,
                          Y_hat: np.ndarray) -> Diagnosis | None:
    """Name a known mistake from feedforward_with_bias(...) == (A1, Y_hat)."""
    f, _ = _reference_activation(activation)
    if is_right(A1, f(X @ W1 + b1)) and is_right(
            Y_hat, reference_sigmoid(f(X @ W1 + b1) @ W2 + b2)):
        return None  # right values are never diagnosed
    found = first_match(A1, [
        ("bias_missing", lambda: f(X @ W1),
         tr("your hidden layer equals f(X @ W1): the bias b1 is missing. It should be "
         "A1 = f(X @ W1 + b1).")),
        ("activation_ignored", lambda: reference_sigmoid(X @ W1 + b1),
         tr("your hidden layer uses the sigmoid although activation={activation}: apply the "
            "activation the argument names.",
            activation=repr(activation))),
    ]) if activation != "sigmoid" else first_match(A1, [
        ("bias_missing", lambda: f(X @ W1),
         tr("your hidden layer equals sigmoid(X @ W1): the bias b1 is missing. It should be "
         "A1 = sigmoid(X @ W1 + b1).")),
    ])
    if found:
        return found
    net = intermediates.Network(hidden=activation)
    A1_ref = f(X @ W1 + b1)
    if not matches(A1, A1_ref):
        return (intermediates.forward_pass(net, X, W1, W2, A1, Y_hat, b1, b2)
                or probes.values("A1", A1, A1_ref, n=X.shape[0]))
    return first_match(Y_hat, [
        ("bias_missing", lambda: reference_sigmoid(A1_ref @ W2),
         tr("your output equals sigmoid(A1 @ W2): the bias b2 is missing. The output layer "
         "adds it before the sigmoid: sigmoid(A1 @ W2 + b2).")),
        ("output_activation_changed", lambda: f(A1_ref @ W2 + b2),
         tr("your output layer uses {activation} too; the activation argument is for the hidden "
            "layer only, the output stays sigmoid(A1 @ W2 + b2).",
            activation=activation)),
    ]) or intermediates.forward_pass(net, X, W1, W2, A1, Y_hat, b1, b2) \
        or probes.values("Y_hat", Y_hat, reference_sigmoid(A1_ref @ W2 + b2), n=X.shape[0]) \
        or intermediates.output_layer_only(net, X, W1, W2, A1, Y_hat, b1, b2)


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
    "biases_never_updated": N_("your training updates W1 and W2 but never the biases: b1 and b2 "
                            "need b = b - learning_rate * db at every step too."),
    "gradient_ascent": TRAINING_MISTAKES["gradient_ascent"],
    "learning_rate_ignored": TRAINING_MISTAKES["learning_rate_ignored"],
}


def bias_training(X, Y, params: list[np.ndarray], lr: float, activation: str,
                  losses: np.ndarray, stepped: list[np.ndarray] | None = None
                  ) -> Diagnosis | None:
    """Name a known train_with_bias mistake from the first few losses it returned.

    stepped: the four parameters the student's code returned after one iteration from
    ``params``, when the check could get them (each parameter's step is then measured).
    """
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
            return Diagnosis(kind, tr(explanation))
    if matches(losses[:k], path("reference", k)[1:]):
        return Diagnosis("losses_after_update",
                         tr("your losses[i] is the loss after update i; record the loss "
                         "before updating the parameters, so losses[0] is the starting loss."))
    found = None
    if stepped is not None:
        from solutions.bias_network import backprop_with_bias as reference_bias_backprop

        found = learning.first_step(("W1", "b1", "W2", "b2"), params, stepped, list(
            reference_bias_backprop(X, Y, *params, activation=activation)), lr)
    return learning.explain(losses, path("reference", losses.size - 1), found)
