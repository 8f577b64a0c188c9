"""The code of the course's notebooks, written once for every language.

The build (build_notebooks.py) takes the Markdown cells and their order from the per-stage
documents under text/<lang>/ and the code cells from here, by id: each ``stageN()`` returns
the code cells of stage N. A code cell's comments, docstrings and messages are English here;
another language's document translates them (see text/README.md), never the code itself.

Cell kinds (helpers below):

    given(grade_id, code)             read-only code (nbgrader "locked"): setup, earlier stages
    solution(grade_id, code)          the student's cell; nbgrader replaces each
                                      ### BEGIN SOLUTION / ### END SOLUTION region with a stub
    visible_test(grade_id, code)      checks students run; a 0-point graded cell, so
                                      nbgrader's Validate reports their failures. Its code
                                      (grader_checks) runs the grader's checks where
                                      scratchnet is installed, else numpy checks
    figure(grade_id, code)            plotting code that draws the student's own results
    graded_checks(stage)              one graded cell per registry check of the stage; the call
                                      into `autograder` sits in a ### BEGIN HIDDEN TESTS region

The functions' code is written once (``FUNCTIONS``) and appears as a solution in its own stage
and as given code in later stages, so the two can never differ.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import nbformat

# --- cells ------------------------------------------------------------------------------

def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          points: int | None = None) -> dict:
    """nbgrader cell metadata, schema 3."""
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _code(source: str, metadata: dict) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source=source.strip("\n"), metadata=metadata)


def given(grade_id: str, code: str) -> nbformat.NotebookNode:
    """Read-only code the student runs but does not change (restored from the source
    when graded)."""
    return _code(code, _meta(grade_id, locked=True))


def solution(grade_id: str, code: str) -> nbformat.NotebookNode:
    """The cell the student writes in."""
    return _code(code, _meta(grade_id, solution=True))


def visible_test(grade_id: str, code: str) -> nbformat.NotebookNode:
    """Checks the student can read and run; they teach and give instant feedback.

    An nbgrader autograder-test cell worth 0 points (locked, as nbgrader locks test cells):
    nbgrader's Validate (the JupyterLab button and `nbgrader validate`) only counts errors
    in graded cells, so this is what makes Validate say "failed" while a check fails. Worth
    nothing, they change no score; the graded checks are the hidden-test cells.
    nbgrader's add_missing_cells puts a deleted graded cell back after the nbgrader cell
    before it, which must be a graded or solution cell (a locked one makes it fail with
    KeyError): every visible check comes right after the solution cell it checks.
    """
    return _code(code, _meta(grade_id, grade=True, locked=True, points=0))


#: What a visible check cell passes for the notebook's language; the build writes each
#: language's code into its notebooks (``localise``), the one difference between them.
LANG_ARGUMENT = 'lang="{lang}"'


def localise(code: str, lang: str) -> str:
    """A cell's code for the notebooks of ``lang``: the check call says the language."""
    english = LANG_ARGUMENT.format(lang="en")
    return code.replace(english, LANG_ARGUMENT.format(lang=lang)) if lang != "en" else code


def grader_checks(names: list[str], numpy_checks: str) -> str:
    """A visible check cell: the grader's own checks of ``names`` when scratchnet is installed
    in the kernel (``autograder.notebook_checks``), else the hand-written ``numpy_checks``.

    The first comment line of ``numpy_checks`` (what the cell checks) stays at the top.
    """
    first, _, rest = numpy_checks.strip("\n").partition("\n")
    if not first.startswith("#"):
        first, rest = "", numpy_checks.strip("\n")
    quoted = [f'"{name}"' for name in names]
    which = quoted[0] if len(names) == 1 else "[" + ", ".join(quoted) + "]"
    if len(which) > 60:  # keep the call within ruff's 100 columns
        which = "[" + textwrap.fill(", ".join(quoted), 80, subsequent_indent=" " * 11) + "]"
    fallback = "\n".join(f"    {line}" if line else "" for line in rest.split("\n"))
    return f'''
{first}
try:  # with scratchnet installed: the grader's own checks, which name the mistake
    from autograder.notebook_checks import check
except ImportError:  # numpy only: the short checks below
    check = None
if check:
    check({which}, globals(), {LANG_ARGUMENT.format(lang="en")})
else:
    print("Installing scratchnet gives fuller feedback here: the grader's own checks.")
{fallback}
'''


def figure(grade_id: str, code: str) -> nbformat.NotebookNode:
    """Plotting code, given; it draws the student's own results once their functions work.

    Not locked, on purpose: locked cells after a solution cell would break nbgrader's
    add_missing_cells (see visible_test). Such cells carry no nbgrader metadata at all
    (nbgrader 0.9.6 would strip the grade id of a cell with no role and then crash on it);
    their name is kept under "scratchnet" for the project's tests.
    """
    return _code(code, {"scratchnet": {"cell": grade_id}})


#: The comment of a graded-check cell, in English. A translation gives these texts once for
#: the course, as pairs in the graded-checks section of its first stage's document; the
#: check's description comes from the grader's message catalog (text/README.md), so the
#: notebook and the grader's feedback show the same sentence.
CHECK_COMMENT = ("Graded check `{name}` ({points}, {visibility}):\n"
                 "{description}\n"
                 "The grader adds the code that runs this check when your work is graded.")
#: {points} in CHECK_COMMENT: one point, several points.
CHECK_POINTS = ("{n} point", "{n} points")
#: {visibility} in CHECK_COMMENT, by the registry's visibility.
CHECK_VISIBILITY = ("visible", "hidden")
#: {description} of a hidden check (its own description stays with the instructor).
HIDDEN_DESCRIPTION = "a hidden check: it tests your work further, on inputs you have not seen."
#: Every text of the graded-check comment that a translation gives.
CHECK_FRAME = (CHECK_COMMENT, *CHECK_POINTS, *CHECK_VISIBILITY, HIDDEN_DESCRIPTION)


def check_comment(name: str, points: int, visibility: str, description: str,
                  frame: dict[str, str] | None = None) -> str:
    """The text of a graded-check cell's comment (without the "# "): in English, or in
    another language when ``frame`` maps each text of CHECK_FRAME to its translation and
    ``description`` is already translated."""
    say = frame or {text: text for text in CHECK_FRAME}
    if visibility == "visible" and description:
        what = description if frame else description.rstrip(".") + "."
    else:  # a hidden check's description stays with the instructor
        what = say[HIDDEN_DESCRIPTION]
    return say[CHECK_COMMENT].format(
        name=name, points=say[CHECK_POINTS[points != 1]].format(n=points),
        visibility=say[visibility], description=what)


def graded_check(name: str, points: int, visibility: str, description: str
                 ) -> nbformat.NotebookNode:
    """One nbgrader autograder-test cell that runs one registry check.

    nbgrader grades a test cell all-or-nothing, so one cell per check gives partial credit;
    the cell's points are the check's points. The call into `autograder` is a hidden-test
    region: the student's release shows only the comment lines.
    """
    comment = "\n".join(f"# {line}" for line in
                        check_comment(name, points, visibility, description).split("\n"))
    source = (
        f"{comment}\n"
        "### BEGIN HIDDEN TESTS\n"
        "from autograder.nbgrader.hook import run as _run_check\n\n"
        f'_run_check(globals(), "{name}")\n'
        "### END HIDDEN TESTS"
    )
    return _code(source, _meta(f"check_{name}", grade=True, locked=True, points=points))


CHECK_CALL = re.compile(r'_run_check\(globals\(\), "(\w+)"\)')


def graded_checks(stage: int) -> list[nbformat.NotebookNode]:
    """One graded cell per registry check of ``stage``, in registry order."""
    from autograder.checks import REGISTRY  # the instructor's side only

    checks = [check for check in REGISTRY if check.stage == stage]
    if not checks:
        raise RuntimeError(f"the registry has no checks for stage {stage}")
    return [graded_check(c.name, c.points, c.visibility, c.description) for c in checks]


# --- the functions, written once ----------------------------------------------------------

@dataclass(frozen=True)
class Function:
    """A function of the student contract: its header (signature and docstring) and body.

    ``as_solution()`` wraps the body in a solution region (the student's cell);
    ``as_given()`` is the same code, complete, for later stages.
    """

    header: str
    body: str

    def as_solution(self) -> str:
        body = self.body.strip("\n")
        indent = re.match(r" *", body).group(0)
        return (f"{self.header.strip()}\n{indent}### BEGIN SOLUTION\n"
                f"{body.rstrip()}\n{indent}### END SOLUTION\n")

    def as_given(self) -> str:
        return f"{self.header.strip()}\n{self.body.strip(chr(10)).rstrip()}\n"


FUNCTIONS = {
    "sigmoid": Function(
        header='''
def sigmoid(z):
    """The sigmoid 1 / (1 + exp(-z)), applied to every entry of z.

    z: a number or a numpy array of any shape.
    Returns a float array of the same shape as z, every entry between 0 and 1.
    """
''',
        body='''
    z = np.asarray(z, dtype=float)
    # 1 / (1 + exp(-z)) = exp(-log(1 + exp(-z))), and np.logaddexp(0, -z) computes
    # log(exp(0) + exp(-z)) without overflowing, even for z = -1000.
    return np.exp(-np.logaddexp(0.0, -z))
'''),
    "sigmoid_derivative": Function(
        header='''
def sigmoid_derivative(z):
    """The slope of the sigmoid at z: sigmoid(z) * (1 - sigmoid(z)).

    z: a number or a numpy array of any shape (the input of the sigmoid, not its output).
    Returns a float array of the same shape as z.
    """
''',
        body='''
    s = sigmoid(z)
    return s * (1.0 - s)
'''),
    "feedforward": Function(
        header='''
def feedforward(X, W1, W2):
    """The forward pass of the two-layer network, for every sample at once.

    X:  (n, d) inputs, one sample per row.
    W1: (d, h) weights from the d inputs to the h hidden neurons.
    W2: (h, o) weights from the h hidden neurons to the o outputs.
    Returns (A1, Y_hat): A1 = sigmoid(X @ W1) of shape (n, h),
                         Y_hat = sigmoid(A1 @ W2) of shape (n, o).
    """
''',
        body='''
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat
'''),
    "sse_loss": Function(
        header='''
def sse_loss(Y_hat, Y):
    """The sum-of-squares loss: the sum over every entry of (Y - Y_hat) ** 2.

    Y_hat: (n, o) predictions.  Y: (n, o) targets.
    Returns a single Python float.
    """
''',
        body='''
    return float(np.sum((Y - Y_hat) ** 2))
'''),
    "backprop": Function(
        header='''
def backprop(X, Y, W1, W2):
    """The gradients of L = sse_loss(feedforward(X, W1, W2)[1], Y) with respect to W1 and W2.

    X: (n, d) inputs.  Y: (n, o) targets.  W1: (d, h) and W2: (h, o) weights.
    Returns (dW1, dW2): dW1 has W1's shape (d, h), dW2 has W2's shape (h, o).
    """
''',
        body='''
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
'''),
    "train": Function(
        header='''
def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    """Plain gradient descent: repeat W <- W - learning_rate * dW for both weight matrices.

    X: (n, d) inputs.  Y: (n, o) targets.  W1: (d, h) and W2: (h, o) starting weights,
    which are left unchanged (work on copies).
    Returns (W1, W2, losses): the trained weights (same shapes) and losses, an array of
    shape (iterations,) where losses[i] is the loss *before* update i.
    """
''',
        body='''
    W1 = np.array(W1, dtype=float)  # copies: the caller's arrays stay as they were
    W2 = np.array(W2, dtype=float)
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward(X, W1, W2)[1], Y)
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 -= learning_rate * dW1
        W2 -= learning_rate * dW2
    return W1, W2, losses
'''),
}

NEURAL_NETWORK = '''
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
'''

#: The contract names each stage asks the student to write, in order.
STAGE_FUNCTIONS = {
    1: ["sigmoid", "sigmoid_derivative"],
    2: ["feedforward"],
    3: ["sse_loss"],
    4: ["backprop"],
    5: ["train", "NeuralNetwork"],
}


# --- stages 6 and 7: the "what next" stages ------------------------------------------------

FUNCTIONS.update({
    "tanh": Function(
        header='''
def tanh(z):
    """The hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), applied to every entry of z.

    z: a number or a numpy array of any shape.
    Returns a float array of the same shape as z, every entry between -1 and 1.
    """
''',
        body='''
    return np.tanh(np.asarray(z, dtype=float))
'''),
    "tanh_derivative": Function(
        header='''
def tanh_derivative(z):
    """The slope of tanh at z: 1 - tanh(z) ** 2 (z is tanh's input, not its output).

    z: a number or a numpy array of any shape. Returns a float array of z's shape.
    """
''',
        body='''
    t = tanh(z)
    return 1.0 - t**2
'''),
    "relu": Function(
        header='''
def relu(z):
    """The rectified linear unit max(0, z), applied to every entry of z.

    z: a number or a numpy array of any shape. Returns a float array of z's shape.
    """
''',
        body='''
    return np.maximum(0.0, np.asarray(z, dtype=float))
'''),
    "relu_derivative": Function(
        header='''
def relu_derivative(z):
    """The slope of relu at z: 1 where z > 0, 0 where z < 0.

    At z = 0 relu has a kink and no slope; any value from 0 to 1 is accepted there.
    z: a number or a numpy array of any shape. Returns a float array of z's shape.
    """
''',
        body='''
    return (np.asarray(z, dtype=float) > 0).astype(float)
'''),
    "leaky_relu": Function(
        header='''
def leaky_relu(z, alpha=0.01):
    """z where z > 0 and alpha * z elsewhere, for every entry of z.

    z: a number or a numpy array of any shape; alpha: the slope for negative z.
    Returns a float array of z's shape.
    """
''',
        body='''
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)
'''),
    "leaky_relu_derivative": Function(
        header='''
def leaky_relu_derivative(z, alpha=0.01):
    """The slope of leaky_relu at z: 1 where z > 0, alpha where z < 0 (either at z = 0).

    z: a number or a numpy array of any shape. Returns a float array of z's shape.
    """
''',
        body='''
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, alpha)
'''),
    "feedforward_with_bias": Function(
        header='''
ACTIVATIONS = {  # name -> (activation, its derivative); used by the next three functions
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
}


def feedforward_with_bias(X, W1, b1, W2, b2, activation="sigmoid"):
    """The forward pass with biases and a choice of hidden activation f.

    X: (n, d) inputs.  W1: (d, h), b1: (1, h), W2: (h, o), b2: (1, o).
    activation: "sigmoid", "tanh", "relu" or "leaky_relu" (the hidden layer only).
    Returns (A1, Y_hat): A1 = f(X @ W1 + b1) of shape (n, h),
                         Y_hat = sigmoid(A1 @ W2 + b2) of shape (n, o).
    """
''',
        body='''
    f, _ = ACTIVATIONS[activation]
    A1 = f(X @ W1 + b1)          # b1 (1, h) is added to every row
    Y_hat = sigmoid(A1 @ W2 + b2)
    return A1, Y_hat
'''),
    "backprop_with_bias": Function(
        header='''
def backprop_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid"):
    """The gradients of the sum-of-squares loss with respect to all four parameters.

    Shapes as in feedforward_with_bias; Y: (n, o) targets.
    Returns (dW1 (d, h), db1 (1, h), dW2 (h, o), db2 (1, o)).
    """
''',
        body='''
    f, df = ACTIVATIONS[activation]
    Z1 = X @ W1 + b1                                    # (n, h)
    A1 = f(Z1)                                          # (n, h)
    Z2 = A1 @ W2 + b2                                   # (n, o)
    Y_hat = sigmoid(Z2)                                 # (n, o)
    dZ2 = -2.0 * (Y - Y_hat) * sigmoid_derivative(Z2)   # (n, o)
    dW2 = A1.T @ dZ2                                    # (h, o)
    db2 = dZ2.sum(axis=0, keepdims=True)                # (1, o): summed over the samples
    dZ1 = (dZ2 @ W2.T) * df(Z1)                         # (n, h)
    dW1 = X.T @ dZ1                                     # (d, h)
    db1 = dZ1.sum(axis=0, keepdims=True)                # (1, h)
    return dW1, db1, dW2, db2
'''),
    "train_with_bias": Function(
        header='''
def train_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid", learning_rate=1.0,
                    iterations=1500):
    """Gradient descent on W1, b1, W2 and b2 (the starting arrays are left unchanged).

    Returns (W1, b1, W2, b2, losses): the trained parameters and losses of shape
    (iterations,), losses[i] the loss before update i.
    """
''',
        body='''
    params = [np.array(p, dtype=float) for p in (W1, b1, W2, b2)]  # copies
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = sse_loss(feedforward_with_bias(X, *params, activation=activation)[1], Y)
        grads = backprop_with_bias(X, Y, *params, activation=activation)
        for p, g in zip(params, grads, strict=True):
            p -= learning_rate * g
    return (*params, losses)
'''),
    "softmax": Function(
        header='''
def softmax(Z):
    """Row-wise softmax: P[i, j] = exp(Z[i, j]) / sum over j' of exp(Z[i, j']).

    Z: (n, k) scores, one row per sample. Returns P (n, k), each row summing to 1.
    Must not overflow for large scores such as 1000.
    """
''',
        body='''
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=1, keepdims=True))   # every exp in (0, 1]
    return E / E.sum(axis=1, keepdims=True)
'''),
    "cross_entropy": Function(
        header='''
def cross_entropy(P, labels):
    """The mean over samples of -log P[i, labels[i]].

    P: (n, k) class probabilities.  labels: (n,) integer classes in 0..k-1.
    Returns a single Python float.
    """
''',
        body='''
    n = P.shape[0]
    return float(-np.mean(np.log(P[np.arange(n), np.asarray(labels, dtype=int)])))
'''),
    "forward_classifier": Function(
        header='''
def forward_classifier(X, W1, b1, W2, b2):
    """The classifier's forward pass: a tanh hidden layer and softmax outputs.

    X: (n, d).  W1: (d, h), b1: (1, h), W2: (h, k), b2: (1, k).
    Returns (A1, P): A1 = tanh(X @ W1 + b1) (n, h), P = softmax(A1 @ W2 + b2) (n, k).
    """
''',
        body='''
    A1 = tanh(X @ W1 + b1)
    P = softmax(A1 @ W2 + b2)
    return A1, P
'''),
    "backprop_classifier": Function(
        header='''
def backprop_classifier(X, labels, W1, b1, W2, b2):
    """The gradients of cross_entropy(forward_classifier(...)[1], labels).

    Returns (dW1 (d, h), db1 (1, h), dW2 (h, k), db2 (1, k)).
    """
''',
        body='''
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
'''),
    "train_classifier": Function(
        header='''
def train_classifier(X, labels, W1, b1, W2, b2, learning_rate=0.5, iterations=2000):
    """Full-batch gradient descent on the four parameters (the starting arrays unchanged).

    Returns (W1, b1, W2, b2, losses), losses (iterations,) the cross-entropy before update i.
    """
''',
        body='''
    params = [np.array(p, dtype=float) for p in (W1, b1, W2, b2)]
    losses = np.empty(iterations)
    for i in range(iterations):
        losses[i] = cross_entropy(forward_classifier(X, *params)[1], labels)
        grads = backprop_classifier(X, labels, *params)
        for p, g in zip(params, grads, strict=True):
            p -= learning_rate * g
    return (*params, losses)
'''),
    "predict": Function(
        header='''
def predict(X, W1, b1, W2, b2):
    """The class of largest probability for each row of X: an integer array of shape (n,)."""
''',
        body='''
    return np.argmax(forward_classifier(X, W1, b1, W2, b2)[1], axis=1)
'''),
    "accuracy": Function(
        header='''
def accuracy(predicted, labels):
    """The fraction of entries where predicted equals labels: a float from 0 to 1."""
''',
        body='''
    return float(np.mean(np.asarray(predicted) == np.asarray(labels)))
'''),
})
STAGE_FUNCTIONS[6] = ["tanh", "tanh_derivative", "relu", "relu_derivative", "leaky_relu",
                      "leaky_relu_derivative", "feedforward_with_bias", "backprop_with_bias",
                      "train_with_bias"]
STAGE_FUNCTIONS[7] = ["softmax", "cross_entropy", "forward_classifier", "backprop_classifier",
                      "train_classifier", "predict", "accuracy"]


def given_functions(stage: int, names: list[str] | None = None) -> nbformat.NotebookNode:
    """Earlier stages' functions as read-only code, so every stage can be done on its own.

    names: the functions to give (default: every function of the earlier stages).
    """
    names = names or [name for s in range(1, stage) for name in STAGE_FUNCTIONS[s]]
    code = "\n\n\n".join(FUNCTIONS[name].as_given().strip("\n") for name in names)
    return given("given_functions", code)


# --- the course data, written into the notebooks as numbers -----------------------------

def font_setup() -> str:
    """The lines of a setup cell that give figures a Chinese font (autograder/figures/fonts.py)."""
    from autograder.figures.fonts import CJK_FAMILIES, LATIN_FAMILY

    lines = ",\n    ".join(", ".join(f'"{f}"' for f in CJK_FAMILIES[i:i + 4])
                           for i in range(0, len(CJK_FAMILIES), 4))
    return f'''
# Figures: Latin text in {LATIN_FAMILY}, Chinese in the first Chinese font installed (Linux:
# Noto Sans CJK SC from fonts-noto-cjk; macOS: PingFang SC; Windows: Microsoft YaHei).
plt.rcParams["font.family"] = ["{LATIN_FAMILY}"] + [family for family in [
    {lines},
] if family in {{font.name for font in matplotlib.font_manager.fontManager.ttflist}}]
'''


def setup_code() -> str:
    """Imports, the article's data set and the course's fixed starting weights."""
    from course_data import X, Y, load_initial_weights

    W1, W2 = load_initial_weights()

    def rows(a) -> str:
        return ",\n    ".join(repr([float(v) for v in row]) for row in a)

    return f'''
import matplotlib.font_manager
import matplotlib.pyplot as plt
import numpy as np
{font_setup()}
# The article's data: 4 samples (rows) with 3 inputs each; the third input is always 1.
X = np.array({X.astype(int).tolist()}, dtype=float)  # (4, 3)
Y = np.array({Y.astype(int).tolist()}, dtype=float)  # (4, 1)

# The course's fixed starting weights, drawn once from [0, 1), so everyone sees the same run.
W1_start = np.array([
    {rows(W1)},
])  # (3, 4)
W2_start = np.array([
    {rows(W2)},
])  # (4, 1)
'''


# The 3-4-1 network drawing, shared by stages 1 and 2.
DRAW_NETWORK = r'''
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
'''


# --- stage 1: the sigmoid ---------------------------------------------------------------

def stage1() -> list[nbformat.NotebookNode]:
    return [
        given("setup", setup_code()),
        given("draw_network", DRAW_NETWORK),
        figure("figure_network", """
fig, ax = plt.subplots(figsize=(7, 4.5))
draw_network(ax, title="The course's 2-layer network: 3 inputs, 4 hidden neurons, 1 output")
plt.show()
"""),
        solution("sigmoid", FUNCTIONS["sigmoid"].as_solution()),
        visible_test("test_sigmoid", grader_checks(["sigmoid"], r'''
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
''')),
        solution("sigmoid_derivative", FUNCTIONS["sigmoid_derivative"].as_solution()),
        visible_test("test_sigmoid_derivative", grader_checks(["sigmoid_derivative"], r'''
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
''')),
        figure("figure_sigmoid", r'''
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
'''),
    ]


# --- stage 2: the forward pass ----------------------------------------------------------

def stage2() -> list[nbformat.NotebookNode]:
    return [
        given("setup", setup_code()),
        given_functions(2),
        given("draw_network", DRAW_NETWORK),
        solution("feedforward", FUNCTIONS["feedforward"].as_solution()),
        visible_test("test_feedforward", grader_checks(["feedforward"], r'''
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
''')),
        figure("figure_network", r'''
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
'''),
        figure("figure_predictions", r'''
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
'''),
    ]


# --- stage 3: the loss --------------------------------------------------------------------

def stage3() -> list[nbformat.NotebookNode]:
    return [
        given("setup", setup_code()),
        given_functions(3),
        solution("sse_loss", FUNCTIONS["sse_loss"].as_solution()),
        visible_test("test_sse_loss", grader_checks(["sse_loss"], r'''
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
''')),
        figure("figure_loss_curve", r'''
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
'''),
    ]


# --- stage 4: backpropagation -----------------------------------------------------------

def stage4() -> list[nbformat.NotebookNode]:
    return [
        given("setup", setup_code()),
        given_functions(4),
        solution("backprop", FUNCTIONS["backprop"].as_solution()),
        visible_test("test_backprop", grader_checks(["backprop"], r'''
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


def loss_at(W1, W2):
    """The loss of the test network, written out with numpy only."""
    A1 = 1.0 / (1.0 + np.exp(-(X_t @ W1)))
    Y_hat = 1.0 / (1.0 + np.exp(-(A1 @ W2)))
    return np.sum((Y_t - Y_hat) ** 2)


def numerical_gradient(W, loss_of_W, eps=1e-5):
    """Central differences (L(W + eps) - L(W - eps)) / (2 * eps), one entry of W at a time."""
    grad = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[index] = eps
        grad[index] = (loss_of_W(W + step) - loss_of_W(W - step)) / (2 * eps)
    return grad


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
''')),
        figure("figure_gradient", r'''
def course_loss(W1, W2):
    return sse_loss(feedforward(X, W1, W2)[1], Y)


def slopes(loss_of_W, W, eps=1e-5):
    """Central differences for every entry of W."""
    grad = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[index] = eps
        grad[index] = (loss_of_W(W + step) - loss_of_W(W - step)) / (2 * eps)
    return grad


fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
try:
    dW1_c, dW2_c = backprop(X, Y, W1_start.copy(), W2_start.copy())  # copies: the data stays
    left.plot(slopes(lambda W: course_loss(W, W2_start), W1_start).ravel(), dW1_c.ravel(),
              "o", label="entries of dW1")
    left.plot(slopes(lambda W: course_loss(W1_start, W), W2_start).ravel(), dW2_c.ravel(),
              "s", label="entries of dW2")
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
'''),
    ]


# --- stage 5: training --------------------------------------------------------------------

def stage5() -> list[nbformat.NotebookNode]:
    return [
        given("setup", setup_code()),
        given_functions(5),
        solution("train", FUNCTIONS["train"].as_solution()),
        visible_test("test_train", grader_checks(["train"], r'''
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


def loss_at(W1, W2):
    """The loss of the test network, written out with numpy only."""
    A1 = 1.0 / (1.0 + np.exp(-(X_t @ W1)))
    return np.sum((Y_t - 1.0 / (1.0 + np.exp(-(A1 @ W2)))) ** 2)


def numerical_gradient(W, loss_of_W, eps=1e-5):
    """Central differences (L(W + eps) - L(W - eps)) / (2 * eps), one entry of W at a time."""
    grad = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        step = np.zeros_like(W)
        step[index] = eps
        grad[index] = (loss_of_W(W + step) - loss_of_W(W - step)) / (2 * eps)
    return grad


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
''')),
        figure("figure_loss", r'''
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
'''),
        figure("figure_predictions", r'''
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
'''),
        solution("NeuralNetwork", NEURAL_NETWORK),
        visible_test("test_NeuralNetwork", grader_checks(["NeuralNetwork"], r'''
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
''')),
        figure("run_NeuralNetwork", r'''
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
'''),
        figure("figure_learning_rates", r'''
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
'''),
    ]


# --- stage 6: learning rates, activations, biases ---------------------------------------------

def stage6() -> list[nbformat.NotebookNode]:
    return [
        given("setup", setup_code()),
        given_functions(6, ["sigmoid", "sigmoid_derivative", "feedforward", "sse_loss",
                             "backprop", "train"]),
        figure("figure_learning_rates", r'''
rates = [0.01, 0.1, 1.0, 3.0, 10.0, 30.0]
fig, (ax, zoom) = plt.subplots(1, 2, figsize=(11, 4))
for rate in rates:
    losses = train(X, Y, W1_start, W2_start, iterations=1500, learning_rate=rate)[2]
    ax.semilogy(losses, lw=1.5, label=f"$\\eta$ = {rate:g}: ends at {losses[-1]:.3g}")
    if rate >= 10:
        zoom.plot(losses[:200], lw=1.5, label=f"$\\eta$ = {rate:g}")
ax.set_xlabel("iteration")
ax.set_ylabel("loss (log scale)")
ax.set_title("1500 iterations of gradient descent")
ax.legend(fontsize=8)
zoom.set_xlabel("iteration")
zoom.set_ylabel("loss")
zoom.set_title("too large: the loss jumps up; at 30 it never recovers")
zoom.legend()
plt.show()
'''),
        *[solution(name, FUNCTIONS[name].as_solution())
          for name in STAGE_FUNCTIONS[6][:6]],
        visible_test("test_activations", grader_checks(STAGE_FUNCTIONS[6][:6], r'''
# Checks for the six activation functions: run this cell after running yours.
z_t = np.array([[-3.0, -0.5, -0.02], [0.03, 0.7, 4.0]])
try:
    values = {name: f(z_t) for name, f in [
        ("tanh", tanh), ("tanh_derivative", tanh_derivative), ("relu", relu),
        ("relu_derivative", relu_derivative), ("leaky_relu", leaky_relu),
        ("leaky_relu_derivative", leaky_relu_derivative)]}
except NotImplementedError:
    raise AssertionError("an activation function is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code in each of the six "
                         "cells, run them, then run this one.") from None
for name, value in values.items():
    assert np.shape(value) == z_t.shape, \
        f"{name} should keep the shape {z_t.shape} of its input, got {np.shape(value)}"
e_p, e_m = np.exp(z_t), np.exp(-z_t)
expected = {"tanh": (e_p - e_m) / (e_p + e_m), "relu": np.where(z_t > 0, z_t, 0.0),
            "leaky_relu": np.where(z_t > 0, z_t, 0.01 * z_t)}
for name, want in expected.items():
    assert np.allclose(values[name], want), \
        f"{name}{z_t.tolist()} should be {np.round(want, 4).tolist()}, " \
        f"got {np.round(values[name], 4).tolist()}"
assert np.allclose(leaky_relu(z_t, alpha=0.2), np.where(z_t > 0, z_t, 0.2 * z_t)), \
    "leaky_relu(z, alpha=0.2) should use the alpha it is given for negative z"
eps = 1e-6
for name, f in [("tanh", tanh), ("relu", relu), ("leaky_relu", leaky_relu)]:
    slope = (f(z_t + eps) - f(z_t - eps)) / (2 * eps)
    got = values[f"{name}_derivative"]
    if name == "tanh" and np.allclose(got, 1 - z_t**2):
        raise AssertionError("tanh_derivative(z) returns 1 - z**2: that formula is for the "
                             "activation a = tanh(z); compute t = tanh(z) first, then 1 - t**2")
    if name != "tanh" and np.allclose(got[z_t > 0], 1) and not np.allclose(
            got[z_t < 0], slope[z_t < 0]):
        raise AssertionError(f"{name}_derivative is wrong for negative z: there the slope is "
                             f"{0 if name == 'relu' else 'alpha'}, got "
                             f"{np.round(got[z_t < 0], 4).tolist()}")
    assert np.allclose(got, slope, atol=1e-6), \
        f"{name}_derivative{z_t.tolist()} should be the slope of {name}, " \
        f"{np.round(slope, 4).tolist()}, got {np.round(got, 4).tolist()}"
at_zero = relu_derivative(np.zeros(3))
assert np.all(np.isfinite(at_zero)) and np.all((at_zero >= 0) & (at_zero <= 1)), \
    f"relu_derivative at z = 0 should be a number from 0 to 1 (0 is usual), got {at_zero}"
print("Each activation function passes these checks.")
''')),
        figure("figure_activations", r'''
z_plot = np.linspace(-4, 4, 401)
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
try:
    pairs = [("sigmoid", sigmoid, sigmoid_derivative), ("tanh", tanh, tanh_derivative),
             ("relu", relu, relu_derivative),
             ("leaky relu, $\\alpha$ = 0.1", lambda z: leaky_relu(z, alpha=0.1),
              lambda z: leaky_relu_derivative(z, alpha=0.1))]
    for label, f, df in pairs:
        left.plot(z_plot, f(z_plot), lw=2, label=label)
        right.plot(z_plot, df(z_plot), lw=2, label=label)
    left.legend()
    right.legend()
except NotImplementedError:
    left.set_title("Write the activation functions above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    left.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
left.set_title(left.get_title() or "activations $f(z)$")
right.set_title("derivatives $f\'(z)$")
for ax in (left, right):
    ax.axhline(0, color="0.7", lw=0.8)
    ax.axvline(0, color="0.7", lw=0.8)
    ax.set_xlabel("$z$")
plt.show()
'''),
        solution("feedforward_with_bias", FUNCTIONS["feedforward_with_bias"].as_solution()),
        solution("backprop_with_bias", FUNCTIONS["backprop_with_bias"].as_solution()),
        visible_test("test_bias_network", grader_checks(STAGE_FUNCTIONS[6][6:8], r'''
# Checks for feedforward_with_bias and backprop_with_bias: run this cell after yours.
rng = np.random.default_rng(6)
X_t, Y_t = rng.normal(size=(5, 3)), rng.random((5, 2))
params_t = [rng.normal(size=s) for s in ((3, 4), (1, 4), (4, 2), (1, 2))]
names_t = ["W1", "b1", "W2", "b2"]
try:
    A1_t, Y_hat_t = feedforward_with_bias(X_t, *params_t, activation="tanh")
    grads_t = backprop_with_bias(X_t, Y_t, *params_t, activation="tanh")
except NotImplementedError:
    raise AssertionError("feedforward_with_bias or backprop_with_bias is not implemented yet: "
                         "write both, run their cells, then run this one.") from None


def loss_t(params, activation="tanh"):
    """The loss of the test network, written out with numpy only."""
    W1, b1, W2, b2 = params
    Z1 = X_t @ W1 + b1
    A1 = {"tanh": np.tanh(Z1), "relu": np.maximum(Z1, 0)}[activation]
    return np.sum((Y_t - 1 / (1 + np.exp(-(A1 @ W2 + b2)))) ** 2)


want_A1 = np.tanh(X_t @ params_t[0] + params_t[1])
assert np.shape(A1_t) == (5, 4) and np.shape(Y_hat_t) == (5, 2), \
    f"feedforward_with_bias should return A1 (5, 4) and Y_hat (5, 2), " \
    f"got {np.shape(A1_t)} and {np.shape(Y_hat_t)}"
if np.allclose(A1_t, np.tanh(X_t @ params_t[0])):
    raise AssertionError("A1 is tanh(X @ W1): add the bias, A1 = f(X @ W1 + b1)")
assert np.allclose(A1_t, want_A1), \
    "with activation='tanh', A1 should be tanh(X @ W1 + b1)"
assert np.allclose(Y_hat_t, 1 / (1 + np.exp(-(want_A1 @ params_t[2] + params_t[3])))), \
    "Y_hat should be sigmoid(A1 @ W2 + b2)"
assert isinstance(grads_t, (tuple, list)) and len(grads_t) == 4, \
    "backprop_with_bias should return a tuple of four gradients (dW1, db1, dW2, db2)"
for name, g, p in zip(names_t, grads_t, params_t, strict=True):
    if name.startswith("b") and np.shape(g) in ((5, p.shape[1]), (5, 1)):
        raise AssertionError(f"d{name} has shape {np.shape(g)}, one row per sample: sum over "
                             "the samples (axis 0) with keepdims=True to get shape "
                             f"{p.shape}")
    assert np.shape(g) == p.shape, \
        f"d{name} should have {name}'s shape {p.shape}, got {np.shape(g)}"
eps = 1e-5
for activation in ("tanh", "relu"):
    grads_a = backprop_with_bias(X_t, Y_t, *params_t, activation=activation)
    for i, name in enumerate(names_t):
        slope = np.zeros_like(params_t[i])
        for index in np.ndindex(slope.shape):
            up = [p.copy() for p in params_t]
            down = [p.copy() for p in params_t]
            up[i][index] += eps
            down[i][index] -= eps
            slope[index] = (loss_t(up, activation) - loss_t(down, activation)) / (2 * eps)
        assert np.allclose(grads_a[i], slope, rtol=1e-4, atol=1e-6), \
            f"with activation={activation!r}, d{name} should be the slope of the loss " \
            f"{np.round(slope, 4).tolist()}, got {np.round(grads_a[i], 4).tolist()}"
print("feedforward_with_bias passes these checks, and so does backprop_with_bias.")
''')),
        solution("train_with_bias", FUNCTIONS["train_with_bias"].as_solution()),
        visible_test("test_train_with_bias", grader_checks(["train_with_bias"], r'''
# Checks for train_with_bias: run this cell after running yours.
rng = np.random.default_rng(7)
X_t, Y_t = rng.normal(size=(5, 3)), rng.random((5, 1))
params_t = [rng.normal(size=s) for s in ((3, 4), (1, 4), (4, 1), (1, 1))]
copies = [p.copy() for p in params_t]
try:
    out = train_with_bias(X_t, Y_t, *params_t, activation="tanh", learning_rate=0.5,
                          iterations=1)
except NotImplementedError:
    raise AssertionError("train_with_bias is not implemented yet: replace "
                         "`raise NotImplementedError()` with your code, run that cell, "
                         "then run this one.") from None
assert isinstance(out, (tuple, list)) and len(out) == 5, \
    "train_with_bias should return (W1, b1, W2, b2, losses)"
assert all(np.array_equal(a, b) for a, b in zip(copies, params_t, strict=True)), \
    "train_with_bias changed the arrays it was given; work on copies"
assert np.shape(out[4]) == (1,), \
    f"with iterations=1 there should be one loss, got losses of shape {np.shape(out[4])}"
grads_t = backprop_with_bias(X_t, Y_t, *params_t, activation="tanh")
for name, new, old, g in zip(["W1", "b1", "W2", "b2"], out[:4], params_t,
                                  grads_t, strict=True):
    if np.allclose(new, old):
        raise AssertionError(f"after one iteration {name} has not changed: update all four "
                             f"parameters, {name} = {name} - learning_rate * d{name}")
    assert np.allclose(new, old - 0.5 * g), \
        f"after one step with learning_rate=0.5, {name} should be {name} - 0.5 * d{name}"
losses_c = train_with_bias(X, Y, W1_start.copy(), np.zeros((1, 4)), W2_start.copy(),
                           np.zeros((1, 1)))[4]
assert np.shape(losses_c) == (1500,), "by default train_with_bias runs 1500 iterations"
assert losses_c[-1] < 0.01, \
    "with the defaults the loss on the article's data should end below 0.01, " \
    f"got {losses_c[-1]:.4f}"
print("train_with_bias passes these checks.")
''')),
        figure("figure_biases", r'''
x_line = np.linspace(-4, 4, 201)[:, None]
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
try:
    for b in (-3.0, 0.0, 3.0):
        A1_line, _ = feedforward_with_bias(x_line, np.array([[2.0]]), np.array([[b]]),
                                           np.array([[1.0]]), np.array([[0.0]]), "tanh")
        left.plot(x_line[:, 0], A1_line[:, 0], lw=2, label=f"bias b = {b:g}")
    left.legend()
    left.set_title("a hidden unit: tanh(2x + b)")
except NotImplementedError:
    left.set_title("Write feedforward_with_bias above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    left.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
left.set_xlabel("input $x$")
X_two = X[:, :2]  # the article's inputs without the column of ones
losses_plain = train(X_two, Y, W1_start[:2], W2_start, iterations=1500)[2]
right.semilogy(losses_plain, lw=2, label="no biases")
try:
    losses_bias = train_with_bias(X_two, Y, W1_start[:2].copy(), np.zeros((1, 4)),
                                  W2_start.copy(), np.zeros((1, 1)), iterations=1500)[4]
    right.semilogy(losses_bias, lw=2, label="with biases (your train_with_bias)")
except NotImplementedError:
    right.set_title("(write train_with_bias above to add its curve)")
except Exception as error:  # a mistake: the check above names it
    right.set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
right.set_xlabel("iteration")
right.set_ylabel("loss (log scale)")
right.legend()
plt.show()
'''),
        figure("figure_activation_training", r'''
W1_signed = np.random.default_rng(0).normal(size=(3, 4))
W2_signed = np.random.default_rng(1).normal(size=(4, 1))
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
try:
    for ax, (W1_0, W2_0, title) in zip(axes, [
            (W1_start, W2_start, "course weights (all positive)"),
            (W1_signed, W2_signed, "weights of both signs")], strict=True):
        for activation in ("sigmoid", "tanh", "relu", "leaky_relu"):
            losses = train_with_bias(X, Y, W1_0.copy(), np.zeros((1, 4)), W2_0.copy(),
                                     np.zeros((1, 1)),
                                     activation=activation, learning_rate=0.5)[4]
            ax.semilogy(losses, lw=2, label=f"{activation}: ends at {losses[-1]:.3g}")
        ax.set_title(title)
        ax.set_xlabel("iteration")
        ax.legend(fontsize=8)
    axes[0].set_ylabel("loss (log scale)")
except NotImplementedError:
    axes[0].set_title("Write train_with_bias above, then run this cell again")
except Exception as error:  # a mistake: the check above names it
    axes[0].set_title(f"Not drawn ({type(error).__name__}): the check above says why.")
plt.show()
'''),
    ]


# --- stage 7: a two-class classifier ------------------------------------------------------------

def moons_setup_code() -> str:
    """Imports, the half-moons train/test split (course_data/moons.py) and starting weights."""
    from course_data.moons import classifier_weights, load_moons

    X_train, y_train, X_test, y_test = load_moons()
    W1, _, W2, _ = classifier_weights()

    def points(X) -> str:
        rows = [", ".join(f"[{x!r}, {y!r}]" for x, y in X[i:i + 4].tolist())
                for i in range(0, len(X), 4)]
        return ",\n    ".join(rows)

    def labels(y) -> str:
        return ",\n    ".join(", ".join(map(str, y[i:i + 25].tolist()))
                               for i in range(0, len(y), 25))

    def rows(a) -> str:
        return ",\n    ".join(
            "[" + ",\n     ".join(", ".join(repr(float(v)) for v in row[j:j + 4])
                                  for j in range(0, len(row), 4)) + "]" for row in a)

    return f'''
import matplotlib.font_manager
import matplotlib.pyplot as plt
import numpy as np
{font_setup()}
# Two interleaved half-moons, 200 training and 200 test points (x, y) with labels 0 and 1,
# drawn once with a fixed seed by the course's course_data/moons.py.
X_train = np.array([
    {points(X_train)},
])  # (200, 2)
y_train = np.array([
    {labels(y_train)},
])  # (200,)
X_test = np.array([
    {points(X_test)},
])  # (200, 2)
y_test = np.array([
    {labels(y_test)},
])  # (200,)

# The course's starting weights for a 2-8-2 network: normal with standard deviation
# 1 / sqrt(inputs of the layer); the biases start at zero.
W1_start = np.array([
    {rows(W1)},
])  # (2, 8)
b1_start = np.zeros((1, 8))
W2_start = np.array([
    {rows(W2)},
])  # (8, 2)
b2_start = np.zeros((1, 2))
'''


DRAW_BOUNDARY = r'''
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
'''


def stage7() -> list[nbformat.NotebookNode]:
    return [
        given("setup", moons_setup_code() + DRAW_BOUNDARY),
        given_functions(7, ["tanh", "tanh_derivative"]),
        figure("figure_data", r'''
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
'''),
        solution("softmax", FUNCTIONS["softmax"].as_solution()),
        visible_test("test_softmax", grader_checks(["softmax"], r'''
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
''')),
        solution("cross_entropy", FUNCTIONS["cross_entropy"].as_solution()),
        visible_test("test_cross_entropy", grader_checks(["cross_entropy"], r'''
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
''')),
        solution("forward_classifier", FUNCTIONS["forward_classifier"].as_solution()),
        solution("backprop_classifier", FUNCTIONS["backprop_classifier"].as_solution()),
        visible_test("test_classifier_gradients", grader_checks(STAGE_FUNCTIONS[7][2:4], r'''
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
''')),
        solution("train_classifier", FUNCTIONS["train_classifier"].as_solution()),
        solution("predict", FUNCTIONS["predict"].as_solution()),
        solution("accuracy", FUNCTIONS["accuracy"].as_solution()),
        visible_test("test_training_and_accuracy", grader_checks(STAGE_FUNCTIONS[7][4:], r'''
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
''')),
        figure("figure_boundary", r'''
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
'''),
        figure("figure_accuracy", r'''
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
'''),
        figure("figure_overfitting", r'''
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
'''),
    ]


# --- the reference as a student would hand it in ------------------------------------------

SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)


def strip_solution_markers(code: str) -> str:
    """The code with its ### BEGIN/END SOLUTION lines removed (the regions' contents kept)."""
    return SOLUTION_MARKER.sub("", code)


def reference_code(name: str) -> str:
    """The complete code of the solution cell for contract name ``name`` (e.g. "backprop")."""
    if name == "NeuralNetwork":
        return strip_solution_markers(NEURAL_NETWORK.strip("\n") + "\n")
    return FUNCTIONS[name].as_given()
