"""Values that lie: an ndarray subclass and a float subclass whose ``__eq__`` is always true
and whose ``__float__``/``__array__`` report the expected answers, an object of its own with
an ``__array__``, and a generator. The grader sees the true values, a remote object that
refuses to be an array, or an unrepresentable stand-in."""

# %% honest

# %%
import numpy as np


class AlwaysEqual(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __array__(self, dtype=None, copy=None):
        return np.full(self.shape, 0.5)


class LyingFloat(float):
    def __eq__(self, other):
        return True

    def __float__(self):
        return 1.2345


class Impostor:
    def __array__(self, dtype=None, copy=None):
        return np.full((4, 1), 0.5)

    def __eq__(self, other):
        return True


def sigmoid(z):
    return np.zeros(np.shape(z)).view(AlwaysEqual)


def sse_loss(Y_hat, Y):
    return LyingFloat(-1.0)


def feedforward(X, W1, W2):
    return Impostor(), Impostor()


def make_generator():
    return (0.5 for _ in range(3))
