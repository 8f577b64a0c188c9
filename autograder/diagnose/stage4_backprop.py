"""Stage 4's catalogue: backprop mistakes, named from dW1 and dW2."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.diagnose import intermediates, probes, relations
from autograder.diagnose.base import Diagnosis, first_match, is_right, scale_factor
from autograder.i18n import tr
from solutions import sigmoid as reference_sigmoid
from solutions import sigmoid_derivative as reference_sigmoid_derivative


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


def ratio_diagnosis(r: float, n: int, what: str = "gradient") -> Diagnosis:
    """Name the factor r between the student's gradients and the right ones."""
    if abs(r + 1.0) < 1e-6:
        return Diagnosis("gradient_sign_flipped",
                         tr("your gradient has the opposite sign: it points uphill. Return "
                         "dL/dW = -2 (Y - Y_hat) ...; the seed article's `weights += ...` "
                         "form adds minus the gradient."))
    if abs(r - 0.5) < 1e-6:
        return Diagnosis("factor_2_missing",
                         tr("your gradient is exactly half the right one: the factor 2 from "
                         "d/dY_hat (Y - Y_hat)**2 = -2 (Y - Y_hat) is missing."))
    if abs(r + 0.5) < 1e-6:
        return Diagnosis("gradient_sign_flipped",
                         tr("your gradient is minus one half of the right one: the sign is "
                         "flipped and the factor 2 is missing."))
    if n > 1 and abs(r - 1.0 / n) < 1e-6:
        return Diagnosis("gradient_of_mean_loss",
                         tr("your gradient is 1/{n} of the right one: it is the gradient of the "
                            "mean loss, but the course's loss is the sum.",
                            n=n))
    known = probes.known_factor(r, n)
    if known:
        name, sentence = known
        return Diagnosis(name, sentence.format(what=what, factor=r, n=n, n2=n * n))
    return Diagnosis("gradient_scaled",
                     tr("your gradient is exactly {r:.4g} times the right one: a constant factor "
                        "is off.",
                        r=r))


def backprop(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray,
             dW1: np.ndarray, dW2: np.ndarray) -> Diagnosis | None:
    """Name a known backprop mistake from backprop(X, Y, W1, W2) == (dW1, dW2)."""
    ref1, ref2 = _gradients(X, Y, W1, W2)
    if is_right(dW1, ref1) and is_right(dW2, ref2):
        return None  # right values are never diagnosed
    r1, r2 = scale_factor(dW1, ref1), scale_factor(dW2, ref2)
    if r1 is not None and r2 is not None and abs(r1 - r2) < 1e-6 and abs(r1 - 1.0) > 1e-6:
        return ratio_diagnosis(r1, X.shape[0])
    if r2 is not None and abs(r2 - 1.0) > 1e-6:
        return ratio_diagnosis(r2, X.shape[0], "dW2")
    both = np.concatenate([dW1.ravel(), dW2.ravel()]) if dW1.shape == W1.shape \
        and dW2.shape == W2.shape else np.array([np.nan])

    def pair(**changes: object) -> Callable[[], np.ndarray]:
        return lambda: np.concatenate([g.ravel() for g in _gradients(X, Y, W1, W2, **changes)])

    return first_match(both, [
        ("derivative_applied_to_activation", pair(on_activation=True),
         tr("your backprop applies sigmoid_derivative to the activations (A1, Y_hat). Our "
         "sigmoid_derivative takes the pre-activation z: use sigmoid_derivative(Z2) and "
         "sigmoid_derivative(Z1), or a * (1 - a) on the activations.")),
        ("hidden_derivative_missing", pair(hidden_derivative=False),
         tr("your dW2 is right but dW1 misses the hidden layer's derivative: dL/dZ1 = "
         "(dL/dZ2 @ W2.T) * sigmoid_derivative(Z1).")),
        ("article_backprop_copied", lambda: -pair(on_activation=True)(),
         tr("your dW1 and dW2 are the article's d_weights: 2 (Y - Y_hat) times "
            "sigmoid_derivative of the activations (Y_hat, A1). That is minus the gradient "
            "(the article adds it to the weights), and our sigmoid_derivative takes the "
            "pre-activation: return -2 (Y - Y_hat) * sigmoid_derivative(Z2) ..., with Z2 and "
            "Z1 where the article has output and layer1.")),
        ("derivative_z_times_one_minus_z",
         pair(derivative=lambda z: z * (1.0 - z)),
         tr("your backprop uses z * (1 - z) on the pre-activations as the sigmoid's "
         "derivative; that formula needs the activation a = sigmoid(z).")),
    ]) or measured(X, Y, W1, W2, [dW1, dW2], [ref1, ref2])


def measured(X, Y, W1, W2, grads: list[np.ndarray], right: list[np.ndarray],
             b1=None, b2=None, net: intermediates.Network | None = None,
             names: tuple[str, ...] = ("dW1", "dW2")) -> Diagnosis | None:
    """No catalogued mistake fits: the first wrong intermediate, else the values measured.

    grads, right: the student's and the reference's gradients in the order of ``names``;
    the output layer's are measured first (an error there runs on into the hidden layer).
    """
    plain = net is None and b1 is None and names == ("dW1", "dW2")
    net = net or intermediates.Network()
    found = intermediates.backward_pass(net, X, Y, W1, W2, grads, b1, b2)
    if found:
        return found
    if plain:  # one step of the course's computation done differently, found by search
        found = relations.search(relations.BACKPROP_GRAPH, dict(X=X, Y=Y, W1=W1, W2=W2),
                                 dict(dW1=grads[0], dW2=grads[1]))
        if found:
            return found
    for i in reversed(range(len(names))):
        found = probes.values(names[i], grads[i], right[i], n=X.shape[0])
        if found:
            return found
    return intermediates.hidden_layer_only(net, X, Y, W1, W2, grads, b1, b2)
