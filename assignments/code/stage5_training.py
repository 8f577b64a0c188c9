"""Stage 5, training: the code cells of 05_training.ipynb (format: README.md).

The notebook's order is the one text/<lang>/05_training.md gives, between its Markdown.
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
from .stage4_backprop import backprop


# %% train solution
def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    """Plain gradient descent: repeat W <- W - learning_rate * dW for both weight matrices.

    X: (n, d) inputs.  Y: (n, o) targets.  W1: (d, h) and W2: (h, o) starting weights,
    which are left unchanged (work on copies).
    Returns (W1, W2, losses): the trained weights (same shapes) and losses, an array of
    shape (iterations,) where losses[i] is the loss *before* update i.
    """
    ### BEGIN SOLUTION
    W1 = np.array(W1, dtype=float)  # copies: the caller's arrays stay as they were
    W2 = np.array(W2, dtype=float)
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, W2, losses
    ### END SOLUTION


# %% test_train check
# Checks for train: run this cell after running yours.
rng = np.random.default_rng(2)
X_t, Y_t = rng.normal(size=(6, 3)), rng.random((6, 2))
W1_t, W2_t = rng.normal(size=(3, 5)), rng.normal(size=(5, 2))
copies = [a.copy() for a in (X_t, Y_t, W1_t, W2_t)]
try:
    out = train(X_t, Y_t, W1_t, W2_t, iterations=1, learning_rate=0.5)
except NotImplementedError:
    raise AssertionError("train is not implemented yet: replace `raise NotImplementedError()` "
                         "with your code, run that cell, then run this one.") from None
assert isinstance(out, (tuple, list)) and len(out) == 3, \
    f"train should return a tuple (W1, W2, losses), got {type(out).__name__}"
W1_1, W2_1, losses_1 = out
assert np.shape(W1_1) == W1_t.shape and np.shape(W2_1) == W2_t.shape, \
    f"the trained weights should keep their shapes {W1_t.shape} and {W2_t.shape}, " \
    f"got {np.shape(W1_1)} and {np.shape(W2_1)}"
assert np.shape(losses_1) == (1,), \
    f"with iterations=1, losses should have shape (1,), got {np.shape(losses_1)}"
assert all(np.array_equal(a, b) for a, b in zip(copies, (X_t, Y_t, W1_t, W2_t), strict=True)), \
    "train changed the arrays it was given; work on copies, e.g. W1 = np.array(W1, dtype=float)"


from .shared import loss_at, numerical_gradient


assert np.isclose(losses_1[0], loss_at(W1_t, W2_t)), \
    f"losses[0] should be the loss before any update, {loss_at(W1_t, W2_t):.6f}, " \
    f"got {losses_1[0]}"
g1 = numerical_gradient(W1_t, lambda W: loss_at(W, W2_t))
g2 = numerical_gradient(W2_t, lambda W: loss_at(W1_t, W))
for name, got, W, g in [("W1", W1_1, W1_t, g1), ("W2", W2_1, W2_t, g2)]:
    if np.allclose(got, W):
        raise AssertionError(f"after one iteration {name} has not changed: update it with "
                             f"{name} -= learning_rate * d{name}")
    if np.allclose(got, W + 0.5 * g, rtol=1e-5, atol=1e-7):
        raise AssertionError(f"{name} moved uphill: subtract the gradient, do not add it")
    if np.allclose(got, W - g, rtol=1e-5, atol=1e-7):
        raise AssertionError(f"{name} moved a full gradient with learning_rate=0.5: "
                             "multiply the gradient by learning_rate")
    assert np.allclose(got, W - 0.5 * g, rtol=1e-5, atol=1e-7), \
        f"after one step with learning_rate=0.5, {name} should be " \
        f"{np.round(W - 0.5 * g, 4).tolist()}, got {np.round(got, 4).tolist()}"
W1_d, W2_d, _ = train(X_t, Y_t, W1_t, W2_t, iterations=1)
assert np.allclose(W1_d, W1_t - g1, rtol=1e-5, atol=1e-7) and \
    np.allclose(W2_d, W2_t - g2, rtol=1e-5, atol=1e-7), \
    "by default train should use learning_rate=1.0: one step moves each W by its whole gradient"
W1_c, W2_c, losses_c = train(X, Y, W1_start.copy(), W2_start.copy())
assert np.shape(losses_c) == (1500,), \
    f"by default train should run 1500 iterations, got {np.shape(losses_c)} losses"
assert np.all(np.diff(losses_c) <= 1e-9), \
    "on the course data the loss should fall at every iteration; it rose at iteration " \
    f"{int(np.argmax(np.diff(losses_c) > 1e-9)) + 1}"
print("train passes these checks.")


# %% figure_loss figure
fig, ax = plt.subplots(figsize=(7, 4))
try:
    # copies: a train that changes its arguments cannot change the course's weights
    W1_trained, W2_trained, losses = train(X, Y, W1_start.copy(), W2_start.copy(),
                                           iterations=1500)
    ax.semilogy(losses, lw=2)
    ax.set_title(f"loss: {losses[0]:.3f} at the start, {losses[-1]:.4f} after 1500 iterations")
except NotImplementedError:
    ax.set_title("Write train above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    ax.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
ax.set_xlabel("iteration")
ax.set_ylabel("loss (log scale)")
plt.show()


# %% figure_predictions figure
fig, ax = plt.subplots(figsize=(7, 3.5))
samples = np.arange(len(X))
ax.bar(samples - 0.2, Y.ravel(), width=0.4, label="target $y$")
try:
    W1_trained, W2_trained, _ = train(X, Y, W1_start.copy(), W2_start.copy(), iterations=1500)
    predictions = feedforward(X, W1_trained, W2_trained)[1]
    ax.bar(samples + 0.2, predictions.ravel(), width=0.4,
           label=r"prediction $\hat y$ after 1500 iterations")
    for i, p in enumerate(predictions.ravel()):
        ax.text(i + 0.2, p + 0.02, f"{p:.3f}", ha="center")
except NotImplementedError:
    ax.set_title("Write train above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    ax.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
ax.set_xticks(samples, [str(row) for row in X.astype(int).tolist()])
ax.set_xlabel("input $x$")
ax.set_ylim(0, 1.3)
ax.legend(loc="upper center", ncol=2)
plt.show()


# %% NeuralNetwork solution
class NeuralNetwork:
    """The article's network: it keeps its data and weights as attributes.

    input:    (n, d) the training inputs x
    y:        (n, 1) the targets
    weights1: (d, 4) random numbers from [0, 1)   (np.random.rand)
    weights2: (4, 1) random numbers from [0, 1)
    output:   (n, 1) the latest predictions; zeros until feedforward() runs
    layer1:   (n, 4) the hidden activations, set by feedforward()
    """

    def __init__(self, x, y):
        ### BEGIN SOLUTION
        self.input = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.output = np.zeros(self.y.shape)
        ### END SOLUTION

    def feedforward(self):
        """Set self.layer1 and self.output from self.input and the current weights."""
        ### BEGIN SOLUTION
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)
        ### END SOLUTION

    def backprop(self, learning_rate=1.0):
        """One step of gradient descent on weights1 and weights2 (uses self.input, self.y)."""
        ### BEGIN SOLUTION
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
        ### END SOLUTION


# %% test_NeuralNetwork check
# Checks for NeuralNetwork: run this cell after running yours.
try:
    nn = NeuralNetwork(X, Y)
except NotImplementedError:
    raise AssertionError("NeuralNetwork.__init__ is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
for attribute, shape in [("input", (4, 3)), ("y", (4, 1)), ("weights1", (3, 4)),
                         ("weights2", (4, 1)), ("output", (4, 1))]:
    assert hasattr(nn, attribute), f"NeuralNetwork(X, Y) should set self.{attribute}"
    assert np.shape(getattr(nn, attribute)) == shape, \
        f"self.{attribute} should have shape {shape}, got {np.shape(getattr(nn, attribute))}"
assert np.all((nn.weights1 >= 0) & (nn.weights1 < 1)), \
    "self.weights1 should start as random numbers from [0, 1), as np.random.rand gives"
nn.weights1, nn.weights2 = W1_start.copy(), W2_start.copy()
try:
    nn.feedforward()
except NotImplementedError:
    raise AssertionError("NeuralNetwork.feedforward is not implemented yet") from None


def forward(W1, W2):
    """The course network's hidden activations and predictions, with numpy only."""
    A1 = 1.0 / (1.0 + np.exp(-(X @ W1)))
    return A1, 1.0 / (1.0 + np.exp(-(A1 @ W2)))


assert np.allclose(nn.output, forward(W1_start, W2_start)[1]), \
    f"after feedforward(), self.output should be {np.round(forward(W1_start, W2_start)[1], 4)}"\
    f", got {np.round(nn.output, 4)}"
try:
    nn.backprop(learning_rate=0.5)
except NotImplementedError:
    raise AssertionError("NeuralNetwork.backprop is not implemented yet") from None
eps = 1e-5
for name, W in [("weights1", W1_start), ("weights2", W2_start)]:
    slope = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[index] = eps
        pair = [(W1_start + s, W2_start) if name == "weights1" else (W1_start, W2_start + s)
                for s in (step, -step)]
        up, down = (np.sum((Y - forward(*p)[1]) ** 2) for p in pair)
        slope[index] = (up - down) / (2 * eps)
    got = getattr(nn, name)
    if np.allclose(got, W):
        raise AssertionError(f"backprop() did not change self.{name}: it should take one step "
                             "of gradient descent")
    assert np.allclose(got, W - 0.5 * slope, rtol=1e-5, atol=1e-7), \
        f"after backprop(learning_rate=0.5), self.{name} should be " \
        f"{np.round(W - 0.5 * slope, 4).tolist()}, got {np.round(got, 4).tolist()}"
print("NeuralNetwork passes these checks.")


# %% run_NeuralNetwork figure
try:
    nn = NeuralNetwork(X, Y)
    nn.weights1, nn.weights2 = W1_start.copy(), W2_start.copy()
    for _ in range(1500):
        nn.feedforward()
        nn.backprop()
    nn.feedforward()
    print("predictions after 1500 iterations:", np.round(nn.output.ravel(), 4))
    print("targets:                          ", Y.ravel())
    W1_trained, W2_trained, _ = train(X, Y, W1_start.copy(), W2_start.copy(), iterations=1500)
    same = np.allclose(nn.weights1, W1_trained) and np.allclose(nn.weights2, W2_trained)
    print("same weights as your train():", same)
except NotImplementedError:
    print("Write NeuralNetwork (and train) above, then run this cell again.")
except Exception as error:  # a mistake: the check above names it
    print(f"Not run ({type(error).__name__}): the checks above say why.")


# %% figure_learning_rates figure
fig, ax = plt.subplots(figsize=(7, 4))
try:
    for rate in (1.0, 0.5, 0.1):
        ax.semilogy(train(X, Y, W1_start.copy(), W2_start.copy(), 1500, rate)[2], lw=2,
                    label=f"learning rate {rate}")
    ax.legend()
except NotImplementedError:
    ax.set_title("Write train above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    ax.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
ax.set_xlabel("iteration")
ax.set_ylabel("loss (log scale)")
plt.show()
