"""Stage 4, backpropagation: the code cells of 04_backprop.ipynb (format: README.md).

The notebook's order is the one text/<lang>/04_backprop.md gives, between its Markdown.
"""

# Not in the notebook: the names the cells take from the generated setup cell.
import matplotlib.pyplot as plt
import numpy as np

from .setup_cells import W1_start, W2_start, X, Y


# %% setup given generate="course_setup"


# %% given_functions given
from .stage1_sigmoid import sigmoid, sigmoid_derivative
from .stage2_feedforward import feedforward
from .stage3_loss import sse_loss


# %% backprop solution
def backprop(X, Y, W1, W2):
    """The gradients of L = sse_loss(feedforward(X, W1, W2)[1], Y) with respect to W1 and W2.

    X: (n, d) inputs.  Y: (n, o) targets.  W1: (d, h) and W2: (h, o) weights.
    Returns (dW1, dW2): dW1 has W1's shape (d, h), dW2 has W2's shape (h, o).
    """
    ### BEGIN SOLUTION
    # Forward pass, keeping every intermediate value.
    Z1 = X @ W1            # (n, h)
    A1 = sigmoid(Z1)       # (n, h)
    Z2 = A1 @ W2           # (n, o)
    Y_hat = sigmoid(Z2)    # (n, o)
    # Backward pass: the chain rule, one step at a time.
    dZ2 = -2.0 * (Y - Y_hat) * sigmoid_derivative(Z2)   # (n, o)
    dW2 = A1.T @ dZ2                                    # (h, o)
    dZ1 = (dZ2 @ W2.T) * sigmoid_derivative(Z1)         # (n, h)
    dW1 = X.T @ dZ1                                     # (d, h)
    return dW1, dW2
    ### END SOLUTION


# %% test_backprop check
# Checks for backprop: run this cell after running yours.
rng = np.random.default_rng(1)
X_t, Y_t = rng.normal(size=(5, 3)), rng.random((5, 2))
W1_t, W2_t = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
copies = [a.copy() for a in (X_t, Y_t, W1_t, W2_t)]
try:
    out = backprop(X_t, Y_t, W1_t, W2_t)
except NotImplementedError:
    raise AssertionError("backprop is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
assert isinstance(out, (tuple, list)) and len(out) == 2, \
    f"backprop should return a tuple (dW1, dW2), got {type(out).__name__}"
dW1_t, dW2_t = out
for name, value in [("dW1", dW1_t), ("dW2", dW2_t)]:
    assert isinstance(value, np.ndarray), \
        f"{name} should be a numpy array, got {type(value).__name__}"
assert dW1_t.shape == W1_t.shape, \
    f"dW1 should have W1's shape {W1_t.shape}, got {dW1_t.shape}"
assert dW2_t.shape == W2_t.shape, \
    f"dW2 should have W2's shape {W2_t.shape}, got {dW2_t.shape}"
assert all(np.array_equal(a, b) for a, b in zip(copies, (X_t, Y_t, W1_t, W2_t), strict=True)), \
    "backprop changed one of its inputs; it should only compute and return the gradients"


from .shared import loss_at, numerical_gradient


numeric = {"dW2": numerical_gradient(W2_t, lambda W: loss_at(W1_t, W)),
           "dW1": numerical_gradient(W1_t, lambda W: loss_at(W, W2_t))}
for name, got in [("dW2", dW2_t), ("dW1", dW1_t)]:
    expected = numeric[name]
    if np.allclose(got, -expected, rtol=1e-5, atol=1e-8):
        raise AssertionError(f"{name} has the right magnitude but the wrong sign: return the "
                             "gradient itself, -2 * (Y - Y_hat) * ..., not its negative")
    if np.allclose(got, 0.5 * expected, rtol=1e-5, atol=1e-8):
        raise AssertionError(f"{name} is half the gradient: the derivative of (Y - Y_hat)**2 "
                             "brings a factor 2")
    error = np.max(np.abs(got - expected) / np.maximum(1e-8, np.abs(got) + np.abs(expected)))
    assert error < 1e-6, \
        f"{name} should match the numerical gradient {np.round(expected, 5).tolist()}, " \
        f"got {np.round(got, 5).tolist()} (largest relative error {error:.1e})"
print("backprop passes these checks.")


# %% figure_gradient figure
def course_loss(W1, W2):
    return sse_loss(feedforward(X, W1, W2)[1], Y)


from .shared import numerical_gradient


fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
try:
    dW1_c, dW2_c = backprop(X, Y, W1_start.copy(), W2_start.copy())  # copies: the data stays
    slopes_W1 = numerical_gradient(W1_start, lambda W: course_loss(W, W2_start))
    slopes_W2 = numerical_gradient(W2_start, lambda W: course_loss(W1_start, W))
    left.plot(slopes_W1.ravel(), dW1_c.ravel(), "o", label="entries of dW1")
    left.plot(slopes_W2.ravel(), dW2_c.ravel(), "s", label="entries of dW2")
    lims = left.get_xlim()
    left.plot(lims, lims, color="0.6", lw=1, zorder=0)
    left.set_xlabel("slope measured by central differences")
    left.set_ylabel("your backprop")
    left.legend()
    etas = np.linspace(0, 3, 61)
    after = [course_loss(W1_start - eta * dW1_c, W2_start - eta * dW2_c) for eta in etas]
    right.plot(etas, after, lw=2)
    right.set_xlabel(r"learning rate $\eta$ (one step)")
    right.set_ylabel("loss after the step")
except NotImplementedError:
    left.set_title("Write backprop above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    left.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
plt.show()
