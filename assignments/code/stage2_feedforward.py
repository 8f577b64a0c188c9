"""Stage 2, the forward pass: the code cells of 02_feedforward.ipynb (format: README.md).

The notebook's order is the one text/<lang>/02_feedforward.md gives, between its Markdown.
"""

# Not in the notebook: the names the cells take from the generated setup cell.
import matplotlib.pyplot as plt
import numpy as np

from .setup_cells import W1_start, W2_start, X, Y


# %% setup given generate="course_setup"


# %% given_functions given
from .stage1_sigmoid import sigmoid, sigmoid_derivative


# %% draw_network given
from .stage1_sigmoid import draw_network


# %% feedforward solution
def feedforward(X, W1, W2):
    """The forward pass of the two-layer network, for every sample at once.

    X:  (n, d) inputs, one sample per row.
    W1: (d, h) weights from the d inputs to the h hidden neurons.
    W2: (h, o) weights from the h hidden neurons to the o outputs.
    Returns (A1, Y_hat): A1 = sigmoid(X @ W1) of shape (n, h),
                         Y_hat = sigmoid(A1 @ W2) of shape (n, o).
    """
    ### BEGIN SOLUTION
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat
    ### END SOLUTION


# %% test_feedforward check
# Checks for feedforward: run this cell after running yours.
rng = np.random.default_rng(0)
X_t, W1_t, W2_t = rng.normal(size=(2, 3)), rng.normal(size=(3, 5)), rng.normal(size=(5, 2))
try:
    out = feedforward(X_t, W1_t, W2_t)
except NotImplementedError:
    raise AssertionError("feedforward is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
assert isinstance(out, (tuple, list)) and len(out) == 2, \
    f"feedforward should return a tuple (A1, Y_hat), got {type(out).__name__}"
A1_t, Y_hat_t = out
for name, value in [("A1", A1_t), ("Y_hat", Y_hat_t)]:
    assert isinstance(value, np.ndarray), \
        f"{name} should be a numpy array, got {type(value).__name__}"
assert A1_t.shape == (2, 5), \
    f"with X (2, 3), W1 (3, 5), W2 (5, 2): A1 should have shape (n, h) = (2, 5), " \
    f"got {A1_t.shape}"
assert Y_hat_t.shape == (2, 2), \
    f"with X (2, 3), W1 (3, 5), W2 (5, 2): Y_hat should have shape (n, o) = (2, 2), " \
    f"got {Y_hat_t.shape}"
A1_expected = 1.0 / (1.0 + np.exp(-(X_t @ W1_t)))
Y_hat_expected = 1.0 / (1.0 + np.exp(-(A1_expected @ W2_t)))
if np.allclose(A1_t, X_t @ W1_t):
    raise AssertionError("A1 equals X @ W1: apply the sigmoid to the hidden layer")
assert np.allclose(A1_t, A1_expected, rtol=1e-7), \
    f"A1 should be sigmoid(X @ W1) = {np.round(A1_expected, 4).tolist()}, " \
    f"got {np.round(A1_t, 4).tolist()}"
if np.allclose(Y_hat_t, A1_expected @ W2_t):
    raise AssertionError("Y_hat equals A1 @ W2: apply the sigmoid to the output layer too")
assert np.allclose(Y_hat_t, Y_hat_expected, rtol=1e-7), \
    f"Y_hat should be sigmoid(A1 @ W2) = {np.round(Y_hat_expected, 4).tolist()}, " \
    f"got {np.round(Y_hat_t, 4).tolist()}"
A1_c, Y_hat_c = feedforward(X, W1_start, W2_start)
assert A1_c.shape == (4, 4) and Y_hat_c.shape == (4, 1), \
    f"on the course data A1 should be (4, 4) and Y_hat (4, 1), " \
    f"got {A1_c.shape} and {Y_hat_c.shape}"
print("feedforward passes these checks.")


# %% figure_network figure
fig, ax = plt.subplots(figsize=(7, 4.5))
try:
    A1_start, Y_hat_start = feedforward(X, W1_start, W2_start)
    draw_network(ax, values=(X[1], A1_start[1], Y_hat_start[1]),
                 title="Sample x = (0, 1, 1) through the untrained network")
except NotImplementedError:
    draw_network(ax, title="Write feedforward above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    draw_network(ax, title=f"Not drawn ({type(error).__name__}): the check above says why.")
plt.show()


# %% figure_predictions figure
fig, ax = plt.subplots(figsize=(7, 3.5))
samples = np.arange(len(X))
ax.bar(samples - 0.2, Y.ravel(), width=0.4, label="target $y$")
try:
    ax.bar(samples + 0.2, feedforward(X, W1_start, W2_start)[1].ravel(), width=0.4,
           label=r"prediction $\hat y$ (your feedforward)")
except NotImplementedError:
    ax.set_title("Write feedforward above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    ax.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
ax.set_xticks(samples, [str(row) for row in X.astype(int).tolist()])
ax.set_xlabel("input $x$")
ax.set_ylim(0, 1.3)
ax.legend(loc="upper center", ncol=2)
plt.show()
