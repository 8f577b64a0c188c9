"""The sum-of-squares loss."""

import numpy as np


def sse_loss(Y_hat: np.ndarray, Y: np.ndarray) -> float:
    """L = sum over every entry of (Y - Y_hat)**2.

    Y_hat: (n, o) predictions; Y: (n, o) targets. Returns a Python float.
    A sum, not a mean: this is the loss the seed article differentiates.
    """
    return float(np.sum((Y - Y_hat) ** 2))
