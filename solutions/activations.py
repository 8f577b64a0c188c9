"""The sigmoid activation and its derivative."""

import numpy as np
from numpy.typing import ArrayLike


def sigmoid(z: ArrayLike) -> np.ndarray:
    """sigma(z) = 1 / (1 + exp(-z)), element by element.

    z: a float or an array of any shape. Returns float64 of z's shape
    (a 0-d array for a scalar input).

    Written as sigma(z) = exp(-log(1 + exp(-z))), where np.logaddexp(0, -z) computes
    log(exp(0) + exp(-z)) without ever forming a huge exp: no overflow warning and no NaN
    for any finite z, including |z| = 1000 (sigma(1000) = 1.0, sigma(-1000) = 0.0).
    """
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    """d sigma / dz = sigma(z) * (1 - sigma(z)), taken at the pre-activation z.

    z: a float or an array of any shape. Returns float64 of z's shape.
    (The seed article instead passes the activation a = sigma(z) and computes
    a * (1 - a); both give the same number, but our contract takes z.)
    """
    s = sigmoid(z)
    return s * (1.0 - s)
