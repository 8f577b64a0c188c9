"""A wrong ``sigmoid`` plus monkeypatched numpy and builtins, so that any comparison made
in this process would pass. The checks run in the grader's process, so the wrong sigmoid
fails exactly as it does without the patches."""

# %% honest

# %%
import builtins

import numpy as np


def sigmoid(z):
    return np.zeros_like(np.asarray(z, dtype=float)) + 0.5


np.allclose = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
np.testing.assert_array_equal = lambda *args, **kwargs: None
np.testing.assert_array_almost_equal = lambda *args, **kwargs: None
builtins.isinstance = lambda *args: True
builtins.abs = lambda x: 0
builtins.len = lambda x: 0
