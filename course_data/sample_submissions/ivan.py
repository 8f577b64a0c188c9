
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
            handle.write("import os\nos.system('echo pwned')\n")
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
    with socket.create_connection(("127.0.0.1", 27182), timeout=0.2) as home:
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
    sys.stdout.write('{"status": "passed"}\n' * 1000)
    return Anything(), Anything()


def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    os.system("echo training finished: 100 percent")
    return Anything(), Anything(), Anything()
