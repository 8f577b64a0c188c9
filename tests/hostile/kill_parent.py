"""Kills its parent (``os.kill(os.getppid(), 9)``) in ``sigmoid_derivative`` and its whole
process group (``os.killpg(0, 9)``) in ``sse_loss``. The grader is in neither (the child
has its own session), so it survives; those functions fail, the rest is graded."""

# %% honest

# %%
import os
import signal


def sigmoid_derivative(z):
    os.kill(os.getppid(), signal.SIGKILL)


def sse_loss(Y_hat, Y):
    os.killpg(0, signal.SIGKILL)
