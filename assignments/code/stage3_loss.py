"""Stage 3, the loss: the code cells of 03_loss.ipynb (format: README.md).

The notebook's order is the one text/<lang>/03_loss.md gives, between its Markdown.
"""

# Not in the notebook: the names the cells take from the generated setup cell.
import matplotlib.pyplot as plt
import numpy as np

from .setup_cells import W1_start, W2_start, X, Y


# %% setup given generate="course_setup"


# %% given_functions given
from .stage1_sigmoid import sigmoid, sigmoid_derivative
from .stage2_feedforward import feedforward


# %% sse_loss solution
def sse_loss(Y_hat, Y):
    """The sum-of-squares loss: the sum over every entry of (Y - Y_hat) ** 2.

    Y_hat: (n, o) predictions.  Y: (n, o) targets.
    Returns a single Python float.
    """
    ### BEGIN SOLUTION
    return float(np.sum((Y - Y_hat) ** 2))
    ### END SOLUTION


# %% test_sse_loss check
# Checks for sse_loss: run this cell after running yours.
Y_hat_t = np.array([[0.9], [0.2], [0.6]])
Y_t = np.array([[1.0], [0.0], [1.0]])
try:
    L = sse_loss(Y_hat_t, Y_t)
except NotImplementedError:
    raise AssertionError("sse_loss is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
assert isinstance(L, (int, float, np.integer, np.floating, np.ndarray)), \
    f"sse_loss should return a single number (a float), got {type(L).__name__}"
assert np.ndim(L) == 0, \
    f"sse_loss should return a single number, got an array of shape {np.shape(L)}: " \
    f"add up all the squared errors"
# The errors are 0.1, 0.2 and 0.4: their squares add up to 0.01 + 0.04 + 0.16 = 0.21.
hints = {0.07: "that is the mean of the squared errors; the loss is their sum",
         0.7: "that is the sum of absolute errors; square each error instead",
         0.3: "that is the sum of the errors themselves; square each error before adding",
         -0.3: "that is the sum of the errors themselves; square each error before adding"}
for wrong, hint in hints.items():
    if np.isclose(L, wrong):
        raise AssertionError(f"sse_loss gives {float(L):.4f} where 0.21 was expected: {hint}")
assert np.isclose(L, 0.21), \
    f"sse_loss([[0.9], [0.2], [0.6]], [[1], [0], [1]]) should be 0.21, got {L}"
assert np.isclose(sse_loss(Y_t, Y_t), 0.0), \
    f"the loss of perfect predictions should be 0, got {sse_loss(Y_t, Y_t)}"
L2 = sse_loss(np.array([[0.5, 1.0, 0.0], [0.0, 0.0, 0.5]]), np.ones((2, 3)))
assert np.isclose(L2, 3.5), \
    f"with predictions and targets of shape (2, 3), the loss adds up all 6 squared errors " \
    f"and should be 3.5, got {L2}"
print("sse_loss passes these checks.")


# %% figure_loss_curve figure
w_values = np.linspace(-8, 8, 161)
fig, ax = plt.subplots(figsize=(7, 4))
try:
    losses_w = []
    for w in w_values:
        W2_try = W2_start.copy()
        W2_try[0, 0] = w
        losses_w.append(sse_loss(feedforward(X, W1_start, W2_try)[1], Y))
    ax.plot(w_values, losses_w, lw=2, label="loss (your sse_loss)")
    ax.plot(W2_start[0, 0], sse_loss(feedforward(X, W1_start, W2_start)[1], Y), "o",
            markersize=9, label="the starting weight")
    ax.legend()
except NotImplementedError:
    ax.set_title("Write sse_loss above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    ax.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
ax.set_xlabel("the weight $(W_2)_{11}$ (all other weights fixed)")
ax.set_ylabel("loss $L$")
plt.show()
