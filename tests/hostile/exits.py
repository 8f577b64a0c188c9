"""``sys.exit`` and ``KeyboardInterrupt`` at import and in functions.

At import the cells are skipped with notes; in a function they are that function's error.
The grader itself neither exits nor stops."""

# %%
import sys

sys.exit("goodbye")

# %%
raise KeyboardInterrupt

# %% honest

# %%
def sigmoid_derivative(z):
    raise KeyboardInterrupt


def sse_loss(Y_hat, Y):
    sys.exit(1)
