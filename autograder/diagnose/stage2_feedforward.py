"""Stage 2's catalogue: feedforward mistakes, named from A1 and Y_hat."""

from __future__ import annotations

import numpy as np

from autograder.diagnose import intermediates, probes, relations
from autograder.diagnose.base import Diagnosis, first_match, is_right, matches
from autograder.diagnose.stage1_sigmoid import SIGN_FLIPPED
from autograder.i18n import tr
from solutions import sigmoid as reference_sigmoid


def feedforward(X: np.ndarray, W1: np.ndarray, W2: np.ndarray, A1: np.ndarray,
                Y_hat: np.ndarray) -> Diagnosis | None:
    """Name a known forward-pass mistake from feedforward(X, W1, W2) == (A1, Y_hat)."""
    s = reference_sigmoid
    if is_right(A1, s(X @ W1)) and is_right(Y_hat, s(s(X @ W1) @ W2)):
        return None  # right values are never diagnosed
    found = first_match(A1, [
        ("hidden_activation_missing", lambda: X @ W1,
         tr("your hidden layer A1 equals X @ W1: the sigmoid is missing on the hidden layer. "
         "It should be A1 = sigmoid(X @ W1).")),
        ("elementwise_instead_of_matmul", lambda: s(X * W1),
         tr("your hidden layer uses `X * W1`, an element-wise product; a layer needs the "
         "matrix product `X @ W1` (or np.dot(X, W1)).")),
        ("transposed_weights", lambda: s(X @ W1.T),
         tr("your hidden layer uses W1 transposed: with W1 of shape (inputs, hidden) the "
         "layer is X @ W1, not X @ W1.T.")),
        ("sigmoid_sign_flipped", lambda: s(-(X @ W1)), tr(SIGN_FLIPPED)),
    ])
    if found:
        return found
    A1_ref = s(X @ W1)
    searched = relations.search(relations.FEEDFORWARD_GRAPH, dict(X=X, W1=W1, W2=W2),
                                dict(A1=A1, Y_hat=Y_hat))
    if not matches(A1, A1_ref):
        return (intermediates.forward_pass(intermediates.Network(), X, W1, W2, A1, Y_hat)
                or searched or probes.values("A1", A1, A1_ref, n=X.shape[0]))
    return first_match(Y_hat, [
        ("output_activation_missing", lambda: A1_ref @ W2,
         tr("your output equals A1 @ W2: the sigmoid is missing on the output layer. "
         "It should be Y_hat = sigmoid(A1 @ W2).")),
        ("elementwise_instead_of_matmul", lambda: s(A1_ref * W2),
         tr("your output layer uses `A1 * W2`, an element-wise product; it needs the "
         "matrix product `A1 @ W2`.")),
        ("transposed_weights", lambda: s(A1_ref @ W2.T),
         tr("your output layer uses W2 transposed: it should be A1 @ W2.")),
    ]) or intermediates.forward_pass(intermediates.Network(), X, W1, W2, A1, Y_hat) \
        or searched or probes.values("Y_hat", Y_hat, s(A1_ref @ W2), n=X.shape[0]) \
        or intermediates.output_layer_only(intermediates.Network(), X, W1, W2, A1, Y_hat)
