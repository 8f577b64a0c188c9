"""Stage 7, a two-class classifier: the code cells of 07_classifier.ipynb (format: README.md).

The notebook's order is the one text/<lang>/07_classifier.md gives, between its Markdown.
"""

# Not in the notebook: the names the cells take from the generated setup cell.
import matplotlib.pyplot as plt
import numpy as np

from .setup_cells import W1_start, W2_start, X_test, X_train, b1_start, b2_start, y_test, y_train


# %% setup given generate="moons_setup"
def draw_boundary(ax, params, title=""):
    """Colour the plane by the class your predict gives, and draw the training points."""
    xs, ys = np.meshgrid(np.linspace(-1.8, 2.8, 160), np.linspace(-1.4, 1.9, 120))
    grid = np.column_stack([xs.ravel(), ys.ravel()])
    classes = np.asarray(predict(grid, *params)).reshape(xs.shape)
    ax.contourf(xs, ys, classes, levels=[-0.5, 0.5, 1.5], colors=["#c6dbef", "#fdd0a2"])
    ax.scatter(*X_train[y_train == 0].T, s=8, color="#08519c")
    ax.scatter(*X_train[y_train == 1].T, s=8, color="#d94801")
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


# %% given_functions given
from .stage6_activations import tanh, tanh_derivative


# %% figure_data figure
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
for ax, (X_s, y_s, title) in zip(axes, [(X_train, y_train, "training set"),
                                        (X_test, y_test, "test set")], strict=True):
    ax.scatter(*X_s[y_s == 0].T, s=10, color="#08519c", label="class 0")
    ax.scatter(*X_s[y_s == 1].T, s=10, color="#d94801", label="class 1")
    ax.set_title(f"{title}: {len(y_s)} points")
    ax.set_xlabel("$x$")
    ax.legend()
axes[0].set_ylabel("$y$")
plt.show()


# %% softmax solution
def softmax(Z):
    """Row-wise softmax: P[i, j] = exp(Z[i, j]) / sum over j' of exp(Z[i, j']).

    Z: (n, k) scores, one row per sample. Returns P (n, k), each row summing to 1.
    Must not overflow for large scores such as 1000.
    """
    ### BEGIN SOLUTION
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))   # every exp in (0, 1]
    return E / E.sum(axis=1, keepdims=True)
    ### END SOLUTION


# %% test_softmax check
# Checks for softmax: run this cell after running yours.
Z_t = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-1.0, 5.0, 0.5], [2.0, -2.0, 0.0]])
try:
    P_t = softmax(Z_t)
except NotImplementedError:
    raise AssertionError("softmax is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
assert np.shape(P_t) == Z_t.shape, \
    f"softmax should keep the shape {Z_t.shape}, got {np.shape(P_t)}"
want = np.exp(Z_t) / np.exp(Z_t).sum(axis=1, keepdims=True)
if np.allclose(np.sum(P_t, axis=0), 1) and not np.allclose(np.sum(P_t, axis=1), 1):
    raise AssertionError("the columns of your softmax sum to 1; each ROW is one sample's "
                         "scores: use axis=1 (with keepdims=True)")
assert np.allclose(P_t, want), \
    f"softmax({Z_t.tolist()}) should be {np.round(want, 4).tolist()}, " \
    f"got {np.round(P_t, 4).tolist()}"
with np.errstate(all="ignore"):
    big = softmax(np.array([[1000.0, 0.0], [-1000.0, 1000.0], [800.0, 799.0]]))
assert np.all(np.isfinite(big)), \
    "softmax of scores like 1000 gives NaN or infinity: subtract each row's maximum first, " \
    "Z - Z.max(axis=1, keepdims=True)"
assert np.allclose(big, [[1, 0], [0, 1], [1 / (1 + np.exp(-1)), 1 / (1 + np.exp(1))]]), \
    f"softmax of large scores is wrong: got {np.round(big, 4).tolist()}"
print("softmax passes these checks.")


# %% cross_entropy solution
def cross_entropy(P, labels):
    """The mean over samples of -log P[i, labels[i]].

    P: (n, k) class probabilities.  labels: (n,) integer classes in 0..k-1.
    Returns a single Python float.
    """
    ### BEGIN SOLUTION
    n = P.shape[0]
    return float(-np.mean(np.log(P[np.arange(n), np.asarray(labels, dtype=int)])))
    ### END SOLUTION


# %% test_cross_entropy check
# Checks for cross_entropy: run this cell after running yours.
P_t = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.5, 0.5]])
labels_t = np.array([0, 1, 1, 0])
try:
    L_t = cross_entropy(P_t, labels_t)
except NotImplementedError:
    raise AssertionError("cross_entropy is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
want = -np.mean(np.log([0.9, 0.8, 0.4, 0.5]))
assert np.ndim(L_t) == 0, f"cross_entropy should return one number, got shape {np.shape(L_t)}"
if np.isclose(L_t, 4 * want):
    raise AssertionError("your cross-entropy is the sum over the samples; take the mean")
assert np.isclose(L_t, want), f"cross_entropy should be {want:.6f} here, got {L_t}"
print("cross_entropy passes these checks.")


# %% forward_classifier solution
def forward_classifier(X, W1, b1, W2, b2):
    """The classifier's forward pass: a tanh hidden layer and softmax outputs.

    X: (n, d).  W1: (d, h), b1: (1, h), W2: (h, k), b2: (1, k).
    Returns (A1, P): A1 = tanh(X @ W1 + b1) (n, h), P = softmax(A1 @ W2 + b2) (n, k).
    """
    ### BEGIN SOLUTION
    A1 = tanh(X @ W1 + b1)
    P = softmax(A1 @ W2 + b2)
    return A1, P
    ### END SOLUTION


# %% backprop_classifier solution
def backprop_classifier(X, labels, W1, b1, W2, b2):
    """The gradients of cross_entropy(forward_classifier(...)[1], labels).

    Returns (dW1 (d, h), db1 (1, h), dW2 (h, k), db2 (1, k)).
    """
    ### BEGIN SOLUTION
    n, k = X.shape[0], W2.shape[1]
    Z1 = X @ W1 + b1                         # (n, h)
    A1 = tanh(Z1)                            # (n, h)
    P = softmax(A1 @ W2 + b2)                # (n, k)
    T = np.eye(k)[np.asarray(labels, dtype=int)]  # (n, k) one-hot targets
    dZ2 = (P - T) / n                        # (n, k): 1/n because the loss is a mean
    dW2 = A1.T @ dZ2                         # (h, k)
    db2 = dZ2.sum(axis=0, keepdims=True)     # (1, k)
    dZ1 = (dZ2 @ W2.T) * tanh_derivative(Z1)  # (n, h)
    dW1 = X.T @ dZ1                          # (d, h)
    db1 = dZ1.sum(axis=0, keepdims=True)     # (1, h)
    return dW1, db1, dW2, db2
    ### END SOLUTION


# %% test_classifier_gradients check
# Checks for forward_classifier and backprop_classifier: run this cell after yours.
rng = np.random.default_rng(7)
X_t, labels_t = rng.normal(size=(6, 2)), np.array([0, 1, 1, 0, 1, 0])
params_t = [rng.normal(size=s) for s in ((2, 5), (1, 5), (5, 2), (1, 2))]
try:
    A1_t, P_t = forward_classifier(X_t, *params_t)
    grads_t = backprop_classifier(X_t, labels_t, *params_t)
except NotImplementedError:
    raise AssertionError("forward_classifier or backprop_classifier is not implemented yet: "
                         "write both, run their cells, then run this one.") from None


def loss_t(params):
    """The cross-entropy of the test network, written out with numpy only."""
    W1, b1, W2, b2 = params
    S = np.tanh(X_t @ W1 + b1) @ W2 + b2
    S = S - S.max(axis=1, keepdims=True)
    logP = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
    return -np.mean(logP[np.arange(len(labels_t)), labels_t])


A1_want = np.tanh(X_t @ params_t[0] + params_t[1])
assert np.allclose(A1_t, A1_want), "A1 should be tanh(X @ W1 + b1)"
S_t = A1_want @ params_t[2] + params_t[3]
assert np.allclose(P_t, np.exp(S_t) / np.exp(S_t).sum(axis=1, keepdims=True)), \
    "P should be softmax(A1 @ W2 + b2)"
assert isinstance(grads_t, (tuple, list)) and len(grads_t) == 4, \
    "backprop_classifier should return four gradients (dW1, db1, dW2, db2)"
eps = 1e-5
slopes = []
for i, p in enumerate(params_t):
    slope = np.zeros_like(p)
    for index in np.ndindex(p.shape):
        up = [q.copy() for q in params_t]
        down = [q.copy() for q in params_t]
        up[i][index] += eps
        down[i][index] -= eps
        slope[index] = (loss_t(up) - loss_t(down)) / (2 * eps)
    slopes.append(slope)
for name, g, s in zip(["dW1", "db1", "dW2", "db2"], grads_t, slopes, strict=True):
    assert np.shape(g) == s.shape, f"{name} should have shape {s.shape}, got {np.shape(g)}"
    if np.allclose(g, len(labels_t) * s, rtol=1e-4, atol=1e-6):
        raise AssertionError(f"{name} is n = {len(labels_t)} times too big: the loss is a "
                             "mean, so dZ2 = (P - T) / n")
    assert np.allclose(g, s, rtol=1e-4, atol=1e-6), \
        f"{name} should be the slope of the loss {np.round(s, 4).tolist()}, " \
        f"got {np.round(g, 4).tolist()} (are the targets one-hot rows, np.eye(k)[labels]?)"
print("forward_classifier passes these checks, and so does backprop_classifier.")


# %% train_classifier solution
def train_classifier(X, labels, W1, b1, W2, b2, learning_rate=0.5, iterations=2000):
    """Full-batch gradient descent on the four parameters (the starting arrays unchanged).

    Returns (W1, b1, W2, b2, losses), losses (iterations,) the cross-entropy before update i.
    """
    ### BEGIN SOLUTION
    params = [np.array(p, dtype=float) for p in (W1, b1, W2, b2)]
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = cross_entropy(forward_classifier(X, *params)[1], labels)
        grads = backprop_classifier(X, labels, *params)
        for p, g in zip(params, grads, strict=True):
            p -= learning_rate * g
    return (*params, losses)
    ### END SOLUTION


# %% predict solution
def predict(X, W1, b1, W2, b2):
    """The class of largest probability for each row of X: an integer array of shape (n,)."""
    ### BEGIN SOLUTION
    return np.argmax(forward_classifier(X, W1, b1, W2, b2)[1], axis=1)
    ### END SOLUTION


# %% accuracy solution
def accuracy(predicted, labels):
    """The fraction of entries where predicted equals labels: a float from 0 to 1."""
    ### BEGIN SOLUTION
    return float(np.mean(np.asarray(predicted) == np.asarray(labels)))
    ### END SOLUTION


# %% test_training_and_accuracy check
# Checks for train_classifier, predict and accuracy: run this cell after yours.
rng = np.random.default_rng(8)
X_t, labels_t = rng.normal(size=(6, 2)), np.array([0, 1, 1, 0, 1, 0])
params_t = [rng.normal(size=s) for s in ((2, 5), (1, 5), (5, 2), (1, 2))]
copies = [p.copy() for p in params_t]
try:
    out = train_classifier(X_t, labels_t, *params_t, learning_rate=0.3, iterations=1)
    classes_t = predict(X_t, *params_t)
    acc_t = accuracy(np.array([0, 1, 1, 1]), np.array([0, 1, 0, 1]))
    acc_3 = accuracy(np.array([0, 2, 1, 2]), np.array([0, 1, 1, 2]))
except NotImplementedError:
    raise AssertionError("train_classifier, predict or accuracy is not implemented yet: write "
                         "all three, run their cells, then run this one.") from None
assert isinstance(out, (tuple, list)) and len(out) == 5, \
    "train_classifier should return (W1, b1, W2, b2, losses)"
assert all(np.array_equal(a, b) for a, b in zip(copies, params_t, strict=True)), \
    "train_classifier changed the arrays it was given; work on copies"
grads_t = backprop_classifier(X_t, labels_t, *params_t)
for name, new, old, g in zip(["W1", "b1", "W2", "b2"], out[:4], params_t,
                                  grads_t, strict=True):
    assert np.allclose(new, old - 0.3 * g), \
        f"after one step with learning_rate=0.3, {name} should be {name} - 0.3 * d{name}"
assert np.shape(out[4]) == (1,), \
    f"with iterations=1 there should be one loss, got losses of shape {np.shape(out[4])}"
S_t = np.tanh(X_t @ params_t[0] + params_t[1]) @ params_t[2] + params_t[3]
assert np.shape(classes_t) == (6,), \
    f"predict should return shape (6,), got {np.shape(classes_t)}"
assert np.array_equal(classes_t, np.argmax(S_t, axis=1)), \
    "predict should give the class of largest probability, np.argmax(P, axis=1)"
assert np.isclose(acc_t, 0.75), \
    f"3 right out of 4 is an accuracy of 0.75, got {acc_t} (a fraction, not a count)"
assert np.isclose(acc_3, 0.75), \
    f"with three classes, 3 right out of 4 is still 0.75, got {acc_3}: compare the classes " \
    "themselves (predicted == labels), not one-hot rows"
print("train_classifier passes these checks, and so do predict and accuracy.")


# %% figure_boundary figure
fig, axes = plt.subplots(1, 4, figsize=(14, 3.5))
start = (W1_start, b1_start, W2_start, b2_start)  # copied for each run: the data stays
try:
    for ax, steps in zip(axes, (0, 100, 500, 2000), strict=True):
        params = train_classifier(X_train, y_train, *[p.copy() for p in start],
                                  iterations=steps)[:4]
        train_acc = accuracy(predict(X_train, *params), y_train)
        draw_boundary(ax, params, f"{steps} iterations: {train_acc:.0%} of training right")
except NotImplementedError:
    axes[0].set_title("Write the functions above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    axes[0].set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
plt.show()


# %% figure_accuracy figure
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
try:
    steps = list(range(0, 2001, 100))
    params = (W1_start.copy(), b1_start.copy(), W2_start.copy(), b2_start.copy())
    train_accs, test_accs, losses = [], [], []
    for i in range(len(steps)):
        if i > 0:
            *params, part = train_classifier(X_train, y_train, *params, iterations=100)
            losses.extend(part)
        train_accs.append(accuracy(predict(X_train, *params), y_train))
        test_accs.append(accuracy(predict(X_test, *params), y_test))
    left.plot(steps, train_accs, "o-", label="training set")
    left.plot(steps, test_accs, "s-", label="test set")
    left.set_title(f"after 2000 iterations: training {train_accs[-1]:.1%}, "
                   f"test {test_accs[-1]:.1%}", fontsize=10)
    left.legend()
    right.plot(losses, lw=2)
    right.set_title("cross-entropy on the training set")
except NotImplementedError:
    left.set_title("Write the functions above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    left.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
left.set_xlabel("iteration")
left.set_ylabel("accuracy (fraction correct)")
right.set_xlabel("iteration")
plt.show()


# %% figure_overfitting figure
fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
try:
    rng_o = np.random.default_rng(1)
    W1_big, W2_big = rng_o.normal(0, 0.7, size=(2, 50)), rng_o.normal(0, 0.14, size=(50, 2))
    few_X, few_y = X_train[:20], y_train[:20]
    big = train_classifier(few_X, few_y, W1_big, np.zeros((1, 50)), W2_big, np.zeros((1, 2)),
                           learning_rate=1.0, iterations=5000)[:4]
    small = train_classifier(X_train, y_train, W1_start.copy(), b1_start.copy(),
                             W2_start.copy(), b2_start.copy())[:4]
    for ax, params, X_s, y_s, name in [(axes[0], big, few_X, few_y, "2-50-2 on 20 points"),
                                       (axes[1], small, X_train, y_train, "2-8-2 on 200 points")]:
        draw_boundary(ax, params)
        ax.scatter(*X_s.T, s=40, facecolors="none", edgecolors="black", lw=1)
        ax.set_title(f"{name}\ntraining {accuracy(predict(X_s, *params), y_s):.0%} right, "
                     f"test {accuracy(predict(X_test, *params), y_test):.1%} right",
                     fontsize=10)
except NotImplementedError:
    axes[0].set_title("Write the functions above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    axes[0].set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
plt.show()
