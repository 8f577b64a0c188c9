"""Activations beyond sigmoid (stage 6): tanh, ReLU, leaky ReLU and their derivatives.

Every function takes z, a float or an array of any shape, and returns float64 of z's shape.
Derivatives are taken with respect to the pre-activation z.
"""

import numpy as np
from numpy.typing import ArrayLike


def tanh(z: ArrayLike) -> np.ndarray:
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1)."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_derivative(z: ArrayLike) -> np.ndarray:
    """d tanh / dz = 1 - tanh(z)**2 (of tanh(z), not of z)."""
    t = tanh(z)
    return 1.0 - t**2


def relu(z: ArrayLike) -> np.ndarray:
    """relu(z) = max(0, z)."""
    return np.maximum(0.0, np.asarray(z, dtype=np.float64))


def relu_derivative(z: ArrayLike) -> np.ndarray:
    """1 where z > 0, else 0. At the kink z = 0 we choose 0 (any value in [0, 1] is a
    valid subgradient; the checks never test exactly 0)."""
    return (np.asarray(z, dtype=np.float64) > 0).astype(np.float64)


def leaky_relu(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    """z where z > 0, alpha * z elsewhere."""
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    """1 where z > 0, alpha elsewhere (alpha at the kink z = 0, by the same choice as relu)."""
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, 1.0, alpha)
