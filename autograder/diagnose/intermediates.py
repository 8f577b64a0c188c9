"""Which step of a two-layer pass is the first wrong one: the usual wrong intermediates.

One parametrised forward pass and one backward pass of the course's two-layer network
(stages 2, 4, 6, 7: with or without biases, any hidden activation, a sigmoid output with the
sum-of-squares loss or a softmax output with the cross-entropy) that can take ONE step the
way a student commonly gets it wrong: the pre-activation kept instead of the activation, an
activation and its derivative mixed up, a derivative missing, a bias added after the
activation, the error added instead of subtracted, a transpose dropped or `*` for `@` (these
two only run where every dimension is equal, so the shapes allow them). The student's
result is compared with each; a match names the step. When none matches, a gradient that is
right for the output layer and wrong for the hidden one says where the mistake is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograder.diagnose.base import Diagnosis, matches
from autograder.diagnose.probes import hint
from autograder.i18n import N_, tr
from solutions import sigmoid, sigmoid_derivative

#: The hidden activations and their derivatives (the reference's).
ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {}


def activation_pair(name: str) -> tuple[Callable, Callable]:
    """(f, f') of the reference for "sigmoid", "tanh", "relu" or "leaky_relu"."""
    if not ACTIVATIONS:
        from solutions.bias_network import ACTIVATIONS as reference

        ACTIVATIONS.update(reference)
    return ACTIVATIONS[name]


@dataclass(frozen=True)
class Network:
    """Which two-layer network: hidden activation name, output "sse" or "softmax"."""

    hidden: str = "sigmoid"
    output: str = "sse"


# --- the steps that can go wrong, each with its sentence and hint --------------------------

HIDDEN_ACTIVATION_MISSING = "hidden_activation_missing"  # the catalogue's (hints.py)
OUTPUT_ACTIVATION_MISSING = "output_activation_missing"  # the catalogue's (hints.py)
HIDDEN_DERIVATIVE_MISSING = "hidden_derivative_missing"  # the catalogue's (hints.py)
ELEMENTWISE = "elementwise_instead_of_matmul"  # the catalogue's (hints.py)
DERIVATIVE_AS_ACTIVATION = hint("derivative_used_as_activation", (
    N_("An activation and its derivative are two different functions: the layer's output is "
    "f(Z), and only backprop multiplies by f'(Z). Check which of the two each line calls.")))
ACTIVATION_AS_DERIVATIVE = hint("activation_used_as_derivative", (
    N_("The chain rule multiplies by the slope of the activation, f'(Z) (for the sigmoid "
    "s * (1 - s)), not by the activation f(Z) itself.")))
OUTPUT_DERIVATIVE_MISSING = hint("output_derivative_missing", (
    N_("The output layer's error goes through the output sigmoid too: "
    "dZ2 = -2 * (Y - Y_hat) * sigmoid_derivative(Z2); without the last factor the "
    "gradients are too big and point the wrong way.")))
ERROR_ADDED = hint("error_added_not_subtracted", (
    N_("The error is a difference: Y - Y_hat (for the classifier P - T). A + there makes the "
    "gradient grow with the targets instead of with the mistakes.")))
DIVIDED_BY_DERIVATIVE = hint("divided_by_derivative", (
    N_("The chain rule multiplies the slopes along the way: dZ = dA * f'(Z). Dividing by "
    "f'(Z) instead blows up wherever the slope is small.")))
TRANSPOSE_MISSING = hint("transpose_missing", (
    N_("Going backwards the matrices appear transposed: dW1 = X.T @ dZ1, dW2 = A1.T @ dZ2 and "
    "dA1 = dZ2 @ W2.T. Write the shapes beside each line: (d, n) @ (n, h) -> (d, h).")))
BIAS_AFTER_ACTIVATION = hint("bias_after_activation", (
    N_("The bias belongs inside the activation: A1 = f(X @ W1 + b1), not f(X @ W1) + b1; the "
    "bias shifts the pre-activation, before the non-linearity.")))
HIDDEN_GRADIENT_WRONG = hint("hidden_gradient_wrong", (
    N_("The output layer's gradients are right, so dZ2 is right: the mistake is in the step "
    "back through the hidden layer. Check dA1 = dZ2 @ W2.T, dZ1 = dA1 * f'(Z1) with the "
    "pre-activation Z1, and dW1 = X.T @ dZ1.")))
ACTIVATION_TWICE = hint("activation_applied_twice", (
    N_("Apply each activation once per layer: A1 = f(X @ W1 + b1). A second f on top "
    "squeezes the values again.")))
OUTPUT_LAYER_WRONG = hint("output_layer_wrong", (
    N_("The hidden layer A1 is right, so the mistake is in the output layer's line: "
    "the product with W2 (A1 @ W2), its bias, or the output activation.")))

#: change -> (mistake name, sentence; {f} is the hidden activation's name)
CHANGES: dict[str, tuple[str, str]] = {
    "A1 = Z1": (HIDDEN_ACTIVATION_MISSING,
                N_("your values are what the network gives when A1 is the pre-activation "
                "Z1 = X @ W1 itself: the hidden layer's {f} is missing.")),
    "A1 = f'(Z1)": (DERIVATIVE_AS_ACTIVATION,
                    N_("your values are what the network gives with A1 = {f}_derivative(Z1): "
                    "the hidden layer uses the derivative where {f}(Z1) belongs.")),
    "A1 = f(f(Z1))": (ACTIVATION_TWICE,
                      N_("your values are what the network gives with A1 = {f}({f}(Z1)): the "
                      "hidden activation is applied twice.")),
    "A1 = f(X @ W1) + b1": (BIAS_AFTER_ACTIVATION,
                            N_("your values are what the network gives with A1 = "
                            "{f}(X @ W1) + b1: the bias is added after the activation "
                            "instead of inside it.")),
    "Y_hat = Z2": (OUTPUT_ACTIVATION_MISSING,
                   N_("your values are what the network gives when the output is the "
                   "pre-activation Z2 itself: the output layer's sigmoid is missing.")),
    "Y_hat = s'(Z2)": (DERIVATIVE_AS_ACTIVATION,
                       N_("your values are what the network gives with Y_hat = "
                       "sigmoid_derivative(Z2): the output uses the derivative where "
                       "sigmoid(Z2) belongs.")),
    "Y_hat = s(A1 @ W2) + b2": (BIAS_AFTER_ACTIVATION,
                                N_("your values are what the network gives with Y_hat = "
                                "sigmoid(A1 @ W2) + b2: the output bias is added after the "
                                "sigmoid instead of inside it.")),
    "dZ2 without s'": (OUTPUT_DERIVATIVE_MISSING,
                       N_("your gradients are what backprop gives with dZ2 = -2 * (Y - Y_hat): "
                       "the output sigmoid's derivative sigmoid_derivative(Z2) is missing.")),
    "dZ2 with s": (ACTIVATION_AS_DERIVATIVE,
                   N_("your gradients are what backprop gives with dZ2 = -2 * (Y - Y_hat) * "
                   "sigmoid(Z2): the output layer multiplies by the sigmoid where its "
                   "derivative belongs.")),
    "dZ2 / s'": (DIVIDED_BY_DERIVATIVE,
                 N_("your gradients are what backprop gives when dZ2 divides by "
                 "sigmoid_derivative(Z2) where the chain rule multiplies.")),
    "Y + Y_hat": (ERROR_ADDED,
                  N_("your gradients are what backprop gives with the error Y + Y_hat: the "
                  "error is the difference Y - Y_hat.")),
    "P + T": (ERROR_ADDED,
              N_("your gradients are what backprop gives with dZ2 = (P + T) / n: the error is "
              "the difference P - T.")),
    "dZ1 with f": (ACTIVATION_AS_DERIVATIVE,
                   N_("your gradients are what backprop gives with dZ1 = (dZ2 @ W2.T) * "
                   "{f}(Z1): the hidden layer multiplies by {f} where {f}_derivative "
                   "belongs.")),
    "dZ1 without f'": (HIDDEN_DERIVATIVE_MISSING,
                       N_("your gradients are what backprop gives with dZ1 = dZ2 @ W2.T: the "
                       "hidden layer's derivative {f}_derivative(Z1) is missing.")),
    "dZ1 / f'": (DIVIDED_BY_DERIVATIVE,
                 N_("your gradients are what backprop gives when dZ1 divides by "
                 "{f}_derivative(Z1) where the chain rule multiplies.")),
    "dZ2 @ W2": (TRANSPOSE_MISSING,
                 N_("your gradients are what backprop gives with dA1 = dZ2 @ W2: the transpose "
                 "of W2 is missing (dZ2 @ W2.T).")),
    "X @ dZ1": (TRANSPOSE_MISSING,
                N_("your gradients are what backprop gives with dW1 = X @ dZ1: the transpose "
                "of X is missing (X.T @ dZ1).")),
    "A1 @ dZ2": (TRANSPOSE_MISSING,
                 N_("your gradients are what backprop gives with dW2 = A1 @ dZ2: the transpose "
                 "of A1 is missing (A1.T @ dZ2).")),
    "X.T * dZ1": (ELEMENTWISE,
                  N_("your gradients are what backprop gives with dW1 = X.T * dZ1: `*` "
                  "multiplies entry by entry where the matrix product `@` belongs.")),
    "A1.T * dZ2": (ELEMENTWISE,
                   N_("your gradients are what backprop gives with dW2 = A1.T * dZ2: `*` "
                   "multiplies entry by entry where the matrix product `@` belongs.")),
    "dZ2 * W2.T": (ELEMENTWISE,
                   N_("your gradients are what backprop gives with dA1 = dZ2 * W2.T: `*` "
                   "multiplies entry by entry where the matrix product `@` belongs.")),
    "X * W1": (ELEMENTWISE,
               N_("your values are what the network gives with X * W1: `*` multiplies entry "
               "by entry where the matrix product `@` belongs.")),
    "A1 * W2": (ELEMENTWISE,
                N_("your values are what the network gives with A1 * W2: `*` multiplies entry "
                "by entry where the matrix product `@` belongs.")),
}
FORWARD = ["A1 = Z1", "A1 = f'(Z1)", "A1 = f(f(Z1))", "A1 = f(X @ W1) + b1", "Y_hat = Z2",
           "Y_hat = s'(Z2)", "Y_hat = s(A1 @ W2) + b2", "X * W1", "A1 * W2"]
BACKWARD = FORWARD[:3] + ["A1 = f(X @ W1) + b1", "Y_hat = Z2", "Y_hat = s'(Z2)",
                          "dZ2 without s'", "dZ2 with s", "dZ2 / s'", "Y + Y_hat", "P + T",
                          "dZ1 with f", "dZ1 without f'", "dZ1 / f'", "dZ2 @ W2", "X @ dZ1",
                          "A1 @ dZ2", "X.T * dZ1", "A1.T * dZ2", "dZ2 * W2.T", "X * W1",
                          "A1 * W2"]
#: The changes only the classifier's output (softmax) or only the sigmoid output has.
SSE_ONLY = {"Y_hat = Z2", "Y_hat = s'(Z2)", "Y_hat = s(A1 @ W2) + b2", "dZ2 without s'",
            "dZ2 with s", "dZ2 / s'", "Y + Y_hat"}
SOFTMAX_ONLY = {"P + T"}
BIAS_ONLY = {"A1 = f(X @ W1) + b1", "Y_hat = s(A1 @ W2) + b2"}


def _softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def forward(net: Network, X, W1, W2, b1=None, b2=None, change: str = ""
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(Z1, A1, Z2, out) with one step changed; out is Y_hat (sse) or P (softmax)."""
    f, df = activation_pair(net.hidden)
    c1 = 0.0 if b1 is None else b1
    c2 = 0.0 if b2 is None else b2
    Z1 = (X * W1 if change == "X * W1" else X @ W1) + c1
    A1 = {"A1 = Z1": lambda: Z1, "A1 = f'(Z1)": lambda: df(Z1),
          "A1 = f(f(Z1))": lambda: f(f(Z1)),
          "A1 = f(X @ W1) + b1": lambda: f(Z1 - c1) + c1}.get(change, lambda: f(Z1))()
    Z2 = (A1 * W2 if change == "A1 * W2" else A1 @ W2) + c2
    if net.output == "softmax":
        return Z1, A1, Z2, _softmax(Z2)
    out = {"Y_hat = Z2": lambda: Z2, "Y_hat = s'(Z2)": lambda: sigmoid_derivative(Z2),
           "Y_hat = s(A1 @ W2) + b2": lambda: sigmoid(Z2 - c2) + c2
           }.get(change, lambda: sigmoid(Z2))()
    return Z1, A1, Z2, out


def backward(net: Network, X, Y, W1, W2, b1=None, b2=None, change: str = ""
             ) -> list[np.ndarray]:
    """The gradients [dW1, (db1,) dW2, (db2)] with one step changed (biases when given).

    Y: targets (n, o) for "sse", integer labels (n,) for "softmax".
    """
    f, df = activation_pair(net.hidden)
    Z1, A1, Z2, out = forward(net, X, W1, W2, b1, b2, change)
    n = X.shape[0]
    if net.output == "softmax":
        T = np.eye(W2.shape[1])[np.asarray(Y, dtype=int)]
        dZ2 = ((out + T) if change == "P + T" else (out - T)) / n
    else:
        error = Y + out if change == "Y + Y_hat" else Y - out
        slope = {"dZ2 without s'": lambda: 1.0, "dZ2 with s": lambda: sigmoid(Z2)
                 }.get(change, lambda: sigmoid_derivative(Z2))()
        dZ2 = -2.0 * error / slope if change == "dZ2 / s'" else -2.0 * error * slope
    dA1 = {"dZ2 @ W2": lambda: dZ2 @ W2, "dZ2 * W2.T": lambda: dZ2 * W2.T
           }.get(change, lambda: dZ2 @ W2.T)()
    slope1 = {"dZ1 with f": lambda: f(Z1), "dZ1 without f'": lambda: 1.0
              }.get(change, lambda: df(Z1))()
    dZ1 = dA1 / slope1 if change == "dZ1 / f'" else dA1 * slope1
    dW1 = {"X @ dZ1": lambda: X @ dZ1, "X.T * dZ1": lambda: X.T * dZ1
           }.get(change, lambda: X.T @ dZ1)()
    dW2 = {"A1 @ dZ2": lambda: A1 @ dZ2, "A1.T * dZ2": lambda: A1.T * dZ2
           }.get(change, lambda: A1.T @ dZ2)()
    if b1 is None:
        return [dW1, dW2]
    return [dW1, dZ1.sum(axis=0, keepdims=True), dW2, dZ2.sum(axis=0, keepdims=True)]


def _applies(net: Network, change: str, biases: bool) -> bool:
    if change in SSE_ONLY and net.output != "sse":
        return False
    if change in SOFTMAX_ONLY and net.output != "softmax":
        return False
    return biases or change not in BIAS_ONLY


def _named(change: str, net: Network) -> Diagnosis:
    mistake, sentence = CHANGES[change]
    return Diagnosis(mistake, tr(sentence, f=net.hidden))


def _try(compute: Callable[[], list[np.ndarray]], got: list[np.ndarray]) -> bool:
    try:
        with np.errstate(all="ignore"):
            candidate = compute()
    except (ValueError, FloatingPointError, IndexError):
        return False  # this change cannot even run on these shapes
    if [c.shape for c in candidate] != [g.shape for g in got]:
        return False
    return matches(np.concatenate([g.ravel() for g in got]),
                   np.concatenate([c.ravel() for c in candidate]))


def forward_pass(net: Network, X, W1, W2, A1: np.ndarray, out: np.ndarray,
                 b1=None, b2=None) -> Diagnosis | None:
    """Name the wrong step of a forward pass from the student's (A1, output).

    A change that gives the right values on these shapes (`*` for `@` with one output
    column, say) is never a diagnosis: right values are never diagnosed.
    """
    if _try(lambda: list(forward(net, X, W1, W2, b1, b2)[1::2]), [A1, out]):
        return None
    for change in FORWARD:
        if _applies(net, change, b1 is not None) and _try(
                lambda c=change: list(forward(net, X, W1, W2, b1, b2, c)[1::2]), [A1, out]):
            return _named(change, net)
    return None


def output_layer_only(net: Network, X, W1, W2, A1: np.ndarray, out: np.ndarray,
                      b1=None, b2=None) -> Diagnosis | None:
    """A1 is right and the output wrong: the mistake is in the output layer's line."""
    _, A1_ref, _, out_ref = forward(net, X, W1, W2, b1, b2)
    if A1.shape == A1_ref.shape and matches(A1, A1_ref) and not (
            out.shape == out_ref.shape and matches(out, out_ref)):
        return Diagnosis(OUTPUT_LAYER_WRONG, tr("your A1 is right and your output is wrong: the "
                                             "mistake is in the output layer's line."))
    return None


def backward_pass(net: Network, X, Y, W1, W2, grads: list[np.ndarray], b1=None, b2=None
                  ) -> Diagnosis | None:
    """Name the wrong step of a backward pass from the student's gradients.

    grads: [dW1, dW2] or, with biases, [dW1, db1, dW2, db2]. Right gradients are never
    diagnosed, even where a change gives the same values on these shapes.
    """
    if _try(lambda: backward(net, X, Y, W1, W2, b1, b2), grads):
        return None
    for change in BACKWARD:
        if _applies(net, change, b1 is not None) and _try(
                lambda c=change: backward(net, X, Y, W1, W2, b1, b2, c), grads):
            return _named(change, net)
    return None


def hidden_layer_only(net: Network, X, Y, W1, W2, grads: list[np.ndarray], b1=None, b2=None
                      ) -> Diagnosis | None:
    """The output layer's gradients are right and the hidden layer's wrong: say where."""
    right = backward(net, X, Y, W1, W2, b1, b2)
    output_layer = slice(1, 2) if b1 is None else slice(2, 4)
    hidden_layer = slice(0, 1) if b1 is None else slice(0, 2)
    if _try(lambda: right[output_layer], grads[output_layer]) and not _try(
            lambda: right[hidden_layer], grads[hidden_layer]):
        names = "dW2" if b1 is None else "dW2 and db2"
        return Diagnosis(HIDDEN_GRADIENT_WRONG, tr(
            "your {names} (the output layer's) are right and your hidden layer's gradient "
            "is wrong: the mistake is in the step back through the hidden layer.",
            names=names))
    return None
