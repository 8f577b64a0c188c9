"""Stage 1, the sigmoid: the code cells of 01_sigmoid.ipynb (format: README.md).

The notebook's order is the one text/<lang>/01_sigmoid.md gives, between its Markdown.
"""

# Not in the notebook: the names the cells take from the generated setup cell.
import matplotlib.pyplot as plt
import numpy as np


# %% setup given generate="course_setup"


# %% draw_network given
# Drawing code for the pictures of the network (given; nothing to do here).
def draw_network(ax, values=None, title=""):
    """Draw the 3-4-1 network on ax; values = (x (3,), a1 (4,), y_hat (1,)) colours the nodes."""
    layers = [3, 4, 1]
    names = [[r"$x_1$", r"$x_2$", r"$x_3=1$"],
             [rf"$a_{j}$" for j in range(1, 5)],
             [r"$\hat y$"]]
    pos = [[(i, (n - 1) / 2 - k) for k in range(n)] for i, n in enumerate(layers)]
    for i, weights in enumerate([r"$W_1$ (3×4)", r"$W_2$ (4×1)"]):
        for p in pos[i]:
            for q in pos[i + 1]:
                ax.plot([p[0], q[0]], [p[1], q[1]], color="0.75", lw=1, zorder=1)
        ax.text(i + 0.5, 2.0, weights, ha="center", fontsize=11)
    for i, layer in enumerate(pos):
        for k, (px, py) in enumerate(layer):
            v = None if values is None else float(np.ravel(values[i])[k])
            face = "white" if v is None else plt.cm.viridis(v)
            ax.scatter([px], [py], s=1400, color=face, edgecolor="black", zorder=2)
            label = names[i][k] if v is None else f"{v:.2f}"
            ink = "black" if v is None or v > 0.5 else "white"
            ax.text(px, py, label, ha="center", va="center", fontsize=10, color=ink, zorder=3)
    for i, text in enumerate(["input layer", "hidden layer", "output layer"]):
        ax.text(i, -2.2, text, ha="center", fontsize=10)
    ax.set_xlim(-0.5, 2.5)
    ax.set_ylim(-2.5, 2.4)
    ax.set_title(title)
    ax.axis("off")


# %% figure_network figure
fig, ax = plt.subplots(figsize=(7, 4.5))
draw_network(ax, title="The course's 2-layer network: 3 inputs, 4 hidden neurons, 1 output")
plt.show()


# %% sigmoid solution
def sigmoid(z):
    """The sigmoid 1 / (1 + exp(-z)), applied to every entry of z.

    z: a number or a numpy array of any shape.
    Returns a float array of the same shape as z, every entry between 0 and 1.
    """
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    # 1 / (1 + exp(-z)) = exp(-log(1 + exp(-z))), and np.logaddexp(0, -z) computes
    # log(exp(0) + exp(-z)) without overflowing, even for z = -1000.
    return np.exp(-np.logaddexp(0.0, -z))
    ### END SOLUTION


# %% test_sigmoid check
# Checks for sigmoid: run this cell after running yours.
z = np.array([[-2.0, 0.0, 1.0], [3.0, -0.5, 10.0]])
try:
    got = sigmoid(z)
except NotImplementedError:
    raise AssertionError("sigmoid is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
assert isinstance(got, np.ndarray), \
    f"sigmoid(array) should return a numpy array, got {type(got).__name__}"
assert got.shape == z.shape, \
    f"sigmoid should keep the input's shape {z.shape}, got shape {got.shape}"
s0 = sigmoid(0.0)
assert np.ndim(s0) == 0, f"sigmoid(0.0) should be a single number, got shape {np.shape(s0)}"
assert np.isclose(s0, 0.5), f"sigmoid(0) should be 0.5, got {s0}"
expected = 1.0 / (1.0 + np.exp(-z))
if np.allclose(got, 1.0 / (1.0 + np.exp(z))):
    raise AssertionError("sigmoid(z) gives 1 / (1 + exp(z)): the sign in the exponent is "
                         "flipped, it should be exp(-z)")
assert np.allclose(got, expected, rtol=1e-7), \
    f"sigmoid({z.tolist()}) should be {np.round(expected, 6).tolist()}, " \
    f"got {np.round(got, 6).tolist()}"
with np.errstate(over="ignore"):  # the overflow warning is harmless here
    big = sigmoid(np.array([-1000.0, 1000.0]))
assert np.all(np.isfinite(big)) and np.allclose(big, [0.0, 1.0]), \
    f"sigmoid([-1000, 1000]) should be close to [0, 1], got {big}"
print("sigmoid passes these checks.")


# %% sigmoid_derivative solution
def sigmoid_derivative(z):
    """The slope of the sigmoid at z: sigmoid(z) * (1 - sigmoid(z)).

    z: a number or a numpy array of any shape (the input of the sigmoid, not its output).
    Returns a float array of the same shape as z.
    """
    ### BEGIN SOLUTION
    s = sigmoid(z)
    return s * (1.0 - s)
    ### END SOLUTION


# %% test_sigmoid_derivative check
# Checks for sigmoid_derivative: run this cell after running yours.
z = np.array([[-3.0, 0.0], [0.5, 2.0]])
try:
    got = sigmoid_derivative(z)
except NotImplementedError:
    raise AssertionError("sigmoid_derivative (or the sigmoid it uses) is not implemented yet: "
                         "replace `raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
assert isinstance(got, np.ndarray), \
    f"sigmoid_derivative(array) should return a numpy array, got {type(got).__name__}"
assert got.shape == z.shape, \
    f"sigmoid_derivative should keep the input's shape {z.shape}, got shape {got.shape}"
if np.allclose(got, z * (1.0 - z)):
    raise AssertionError("sigmoid_derivative(z) gives z * (1 - z): take the sigmoid first, "
                         "s = sigmoid(z), then return s * (1 - s)")
d0 = sigmoid_derivative(0.0)
assert np.isclose(d0, 0.25), f"sigmoid_derivative(0) should be 0.25, got {d0}"
s = 1.0 / (1.0 + np.exp(-z))
expected = s * (1.0 - s)
assert np.allclose(got, expected, rtol=1e-7), \
    f"sigmoid_derivative({z.tolist()}) should be {np.round(expected, 6).tolist()}, " \
    f"got {np.round(got, 6).tolist()}"
with np.errstate(all="ignore"):  # the overflow warning is harmless here
    big = sigmoid_derivative(np.array([-1000.0, 1000.0]))
assert np.all(np.isfinite(big)) and np.allclose(big, [0.0, 0.0]), \
    f"sigmoid_derivative([-1000, 1000]) should be close to [0, 0], got {big}: " \
    "np.exp overflows there; compute s = sigmoid(z), then s * (1 - s)"
print("sigmoid_derivative passes these checks.")


# %% figure_sigmoid figure
z = np.linspace(-8, 8, 401)
fig, ax = plt.subplots(figsize=(7, 4))
try:
    ax.plot(z, sigmoid(z), lw=2, label=r"$\sigma(z)$, your sigmoid")
    ax.plot(z, sigmoid_derivative(z), lw=2, label=r"$\sigma'(z)$, your sigmoid_derivative")
    ax.legend(loc="upper left")
except NotImplementedError:
    ax.text(0, 0.5, "Write sigmoid and sigmoid_derivative above, then run this cell again.",
            ha="center")
except Exception as error:  # a mistake: the check above names it
    ax.text(0, 0.5, f"Not drawn ({type(error).__name__}): the check above says why.", ha="center")
ax.axhline(0, color="0.8", lw=1)
ax.axvline(0, color="0.8", lw=1)
ax.set_xlim(-8, 8)
ax.set_ylim(-0.05, 1.05)
ax.set_xlabel("$z$")
ax.set_title("The sigmoid squeezes every number into (0, 1)")
plt.show()
