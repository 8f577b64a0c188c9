"""The course's data: the seed article's four samples and the fixed initial weights.

    X  (4, 3)  inputs; the third column is the constant 1 that stands in for a bias
    Y  (4, 1)  targets [[0], [1], [1], [0]]
    W1 (3, 4)  initial input-to-hidden weights, uniform on [0, 1)
    W2 (4, 1)  initial hidden-to-output weights, uniform on [0, 1)

The weights are drawn by ``make_weights(WEIGHT_SEED)``; ``course_data/choose_seed.py``
explains how the seed was chosen and writes its figures to ``course_data/README.md``.
"""

from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent

#: The seed of the course's initial weights (chosen by choose_seed.py).
WEIGHT_SEED = 173

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
Y = np.array([[0], [1], [1], [0]], dtype=np.float64)


def load_dataset() -> tuple[np.ndarray, np.ndarray]:
    """Return fresh copies of (X (4, 3), Y (4, 1)), float64."""
    return X.copy(), Y.copy()


def make_weights(seed: int, n_features: int = 3, n_hidden: int = 4, n_outputs: int = 1
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Draw W1 (n_features, n_hidden) then W2 (n_hidden, n_outputs) uniformly from [0, 1).

    Uses numpy's PCG64 generator, ``np.random.default_rng(seed)``, so the same seed
    gives the same weights on every machine and numpy version that keeps PCG64.
    """
    rng = np.random.default_rng(seed)
    W1 = rng.random((n_features, n_hidden))
    W2 = rng.random((n_hidden, n_outputs))
    return W1, W2


def load_initial_weights() -> tuple[np.ndarray, np.ndarray]:
    """Return the course's fixed initial weights (W1 (3, 4), W2 (4, 1)) as fresh arrays."""
    return make_weights(WEIGHT_SEED)
