"""``backprop`` ends the process with ``os._exit(3)``: its checks fail with "exited with
status 3"; the stages before it are graded normally."""

# %%
import os


def backprop(X, Y, W1, W2):
    os._exit(3)
