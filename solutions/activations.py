"""The sigmoid activation and its derivative."""

import numpy as np
from numpy.typing import ArrayLike


def sigmoid(z: ArrayLike) -> np.ndarray:
    """sigma(z) = 1 / (1 + exp(-z)), element by element.

    z: a float or an array of any shape. Returns float64 of z's shape
    (a 0-d array for a scalar input).

    Written so that exp never sees a large positive argument: for z >= 0 we use
    1 / (1 + exp(-z)), for z < 0 the equal form exp(z) / (1 + exp(z)).
    No overflow warning and no NaN for any finite z, including |z| = 1000.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1], never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    """d sigma / dz = sigma(z) * (1 - sigma(z)), taken at the pre-activation z.

    z: a float or an array of any shape. Returns float64 of z's shape.
    (The seed article instead passes the activation a = sigma(z) and computes
    a * (1 - a); both give the same number, but our contract takes z.)
    """
    s = sigmoid(z)
    return s * (1.0 - s)
