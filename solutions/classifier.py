"""A two-class classifier (stage 7): tanh hidden layer, softmax outputs, cross-entropy.

Shapes: X (n, d) points, labels (n,) integer classes in 0..k-1,
W1 (d, h), b1 (1, h), W2 (h, k), b2 (1, k); P (n, k) class probabilities.
The course uses d = 2 inputs (the point's x and y) and k = 2 outputs, as in the article's
opening example.
"""

import numpy as np

from solutions.more_activations import tanh, tanh_derivative


def softmax(Z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of Z (n, k): P[i, j] = exp(Z[i, j]) / sum_j' exp(Z[i, j']).

    Subtracting each row's maximum first changes nothing mathematically and keeps every
    exp in (0, 1], so large scores cannot overflow. Rows of the result sum to 1.
    """
    Z = np.asarray(Z, dtype=np.float64)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    """(n,) integer labels -> (n, k) matrix with a single 1 per row."""
    return np.eye(k)[np.asarray(labels, dtype=int)]


def cross_entropy(P: np.ndarray, labels: np.ndarray) -> float:
    """Mean over samples of -log P[i, labels[i]]. P (n, k), labels (n,). A Python float."""
    n = P.shape[0]
    return float(-np.mean(np.log(P[np.arange(n), np.asarray(labels, dtype=int)])))


def forward_classifier(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Returns (A1, P): A1 = tanh(X @ W1 + b1) (n, h), P = softmax(A1 @ W2 + b2) (n, k)."""
    A1 = tanh(X @ W1 + b1)
    P = softmax(A1 @ W2 + b2)
    return A1, P


def backprop_classifier(
    X: np.ndarray, labels: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
    b2: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dW1, db1, dW2, db2) of cross_entropy(forward_classifier(...)[1], labels).

    Softmax followed by cross-entropy has the famously simple gradient
    dL/dZ2 = (P - one_hot(labels)) / n, the 1/n because the loss is a mean.
    """
    n, k = X.shape[0], W2.shape[1]
    Z1 = X @ W1 + b1
    A1 = tanh(Z1)
    P = softmax(A1 @ W2 + b2)

    dZ2 = (P - one_hot(labels, k)) / n  # (n, k)
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dZ1 = (dZ2 @ W2.T) * tanh_derivative(Z1)  # (n, h)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2


def train_classifier(
    X: np.ndarray, labels: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
    b2: np.ndarray, learning_rate: float = 0.5, iterations: int = 2000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Full-batch gradient descent; inputs are not modified.

    Returns (W1, b1, W2, b2, losses), losses (iterations,) with losses[i] the
    cross-entropy before update i.
    """
    params = [np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2)]
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = cross_entropy(forward_classifier(X, *params)[1], labels)
        grads = backprop_classifier(X, labels, *params)
        for p, g in zip(params, grads, strict=True):
            p -= learning_rate * g
    return (*params, losses)


def predict(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    """(n,) integer class of largest probability for each row of X."""
    return np.argmax(forward_classifier(X, W1, b1, W2, b2)[1], axis=1)


def accuracy(predicted: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of entries where predicted == labels, a float in [0, 1]."""
    return float(np.mean(np.asarray(predicted) == np.asarray(labels)))
