"""Reading the student's code (autograder.diagnose.source): each detector fires on its mistake,
at the right line, once; all stay silent on correct code; nothing raises, and it is fast."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from autograder.diagnose.source import Finding, read_source
from autograder.i18n import language
from autograder.loading import read_notebook, read_python
from autograder.loading.stages import stage_from_name, stageless_stages

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
VARIANTS = ROOT / "tests" / "variants"
SAMPLES = ROOT / "course_data" / "sample_submissions"
CORE = (1, 2, 3, 4, 5)
ALL = (1, 2, 3, 4, 5, 6, 7)
CJK = re.compile(r"[\u4e00-\u9fff]")


def read(source: str, stages=CORE, files=()) -> list[Finding]:
    """The findings for one cell of source (dedented)."""
    return read_source([textwrap.dedent(source)], stages, files)


def said(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.mistake, f.line) for f in findings]


def only(findings: list[Finding], mistake: str) -> Finding:
    """The one finding of ``mistake`` (and fail if there is not exactly one)."""
    matching = [f for f in findings if f.mistake == mistake]
    assert len(matching) == 1, said(findings)
    return matching[0]


# A correct article-style class, to put single mistakes into.
CLASS = """\
import numpy as np

class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = 1 / (1 + np.exp(-(self.input @ self.weights1)))
        self.output = 1 / (1 + np.exp(-(self.layer1 @ self.weights2)))

    def backprop(self, learning_rate=1.0):
        self.weights1 = self.weights1 - learning_rate * 0.0
"""


def test_the_correct_class_alone_is_silent_on_stage_5():
    assert read(CLASS, stages=(5,)) == []


# --- 1. a contract name under a near-miss name ---------------------------------------------

@pytest.mark.parametrize(("yours", "expected"), [
    ("sigmoid_derivate", "sigmoid_derivative"), ("sigmoidDerivative", "sigmoid_derivative"),
    ("dsigmoid", "sigmoid_derivative"), ("sigmoid_prime", "sigmoid_derivative"),
    ("d_sigmoid", "sigmoid_derivative"), ("feed_forward", "feedforward"),
    ("feedForward", "feedforward"), ("back_prop", "backprop"), ("backpropagation", "backprop"),
    ("backporp", "backprop"), ("loss", "sse_loss"), ("sse", "sse_loss"), ("SSE_loss", "sse_loss"),
    ("trian", "train"), ("sigmod", "sigmoid"),
])
def test_a_function_under_a_near_miss_name_is_named_with_the_expected_one(yours, expected):
    findings = read(f"""\
        import numpy as np

        def {yours}(a, b=None):
            return a
        """)
    found = only(findings, "name_misspelled")
    assert found.line == 3 and found.cell == 0
    assert f"`{yours}`" in found.message and f"`{expected}`" in found.message


@pytest.mark.parametrize("yours", ["Neuralnetwork", "neural_network", "NeuralNet", "NeuralNetWork"])
def test_the_class_under_a_near_miss_name(yours):
    found = only(read(CLASS.replace("NeuralNetwork", yours)), "name_misspelled")
    assert found.line == 3
    assert f"`{yours}`" in found.message and "`NeuralNetwork`" in found.message


def test_a_near_miss_is_not_told_when_the_right_name_is_there_too():
    assert read("""\
        def sigmoid_derivative(z):
            return z

        def dsigmoid(a):
            return a * (1 - a)
        """, stages=(1,)) == []


def test_only_the_graded_stages_names_are_looked_for():
    source = "def feed_forward(X, W1, W2):\n    return X, X\n"
    assert read(source, stages=(1,)) == []
    assert said(read(source, stages=(2,))) == [("name_misspelled", 1)]


def test_a_near_miss_must_be_of_the_right_kind():
    # a variable, not a function, called `loss`: not a sse_loss under another name
    assert read("loss = 0.0\n", stages=(3,)) == []


@pytest.mark.parametrize(("yours", "expected"), [
    ("feed_forward", "feedforward"), ("forward", "feedforward"),
    ("back_propogation", "backprop"), ("backward", "backprop")])
def test_a_method_of_the_class_under_a_near_miss_name(yours, expected):
    source = CLASS.replace(f"def {expected}(", f"def {yours}(")
    found = only(read(source, stages=(5,)), "name_misspelled")
    assert found.line == (11 if expected == "feedforward" else 15)
    assert f"`{yours}`" in found.message and f"`{expected}()`" in found.message


@pytest.mark.parametrize(("yours", "expected", "line"), [
    ("weight1", "weights1", 6), ("W2", "weights2", 7), ("inputs", "input", 5),
    ("target", "y", 8), ("layer2", "output", 9)])
def test_an_attribute_of_the_class_under_a_near_miss_name(yours, expected, line):
    source = re.sub(rf"self\.{expected}\b", f"self.{yours}", CLASS)
    found = only(read(source, stages=(5,)), "name_misspelled")
    assert found.line == line
    assert f"`self.{yours}`" in found.message and f"`self.{expected}`" in found.message


def test_a_near_miss_attribute_is_claimed_by_its_nearest_name_only():
    source = CLASS.replace("self.weights1", "self.weight1").replace(
        "        self.weights2 = np.random.rand(4, 1)\n", "").replace(
        "self.layer1 @ self.weights2", "self.layer1 @ self.weight1")
    findings = read(source, stages=(5,))
    assert said(findings) == [("attribute_never_assigned", 3), ("name_misspelled", 6)]
    assert "`self.weights2`" in findings[0].message
    assert "`self.weight1`" in findings[1].message and "`self.weights1`" in findings[1].message


# --- 2. the constructor under another name -------------------------------------------------

@pytest.mark.parametrize("yours", ["init", "_init_", "__int__", "__init", "initialize",
                                   "__innit__"])
def test_a_misspelled_init_is_named(yours):
    found = only(read(CLASS.replace("__init__", yours), stages=(5,)), "init_misspelled")
    assert found.line == 4
    assert f"`{yours}`" in found.message and "`__init__`" in found.message


def test_the_class_is_not_looked_at_when_stage_5_is_not_graded():
    assert read(CLASS.replace("__init__", "init").replace("(self)", "()"),
                stages=(1, 3)) == []


# --- 3. a method without self ----------------------------------------------------------------

@pytest.mark.parametrize(("written", "line", "suggested"), [
    ("def feedforward():", 11, "def feedforward(self):"),
    ("def backprop(learning_rate=1.0):", 15, "def backprop(self, learning_rate=1.0):"),
    ("def __init__(x, y):", 4, "def __init__(self, x, y):"),
    ("def feedforward(X, W1, W2):", 11, "def feedforward(self, X, W1, W2):"),
])
def test_a_method_without_self_is_named_with_the_line_to_write(written, line, suggested):
    name = written.split("(")[0].removeprefix("def ")
    original = {"feedforward": "def feedforward(self):",
                "backprop": "def backprop(self, learning_rate=1.0):",
                "__init__": "def __init__(self, x, y):"}[name]
    found = only(read(CLASS.replace(original, written), stages=(5,)), "method_without_self")
    assert found.line == line
    assert f"`{suggested}`" in found.message


def test_a_method_without_self_is_the_only_thing_said_of_it():
    # it still writes self.output: that is no second mistake
    found = read_source([CLASS.replace("def feedforward(self):", "def feedforward():")], (5,))
    assert [f.mistake for f in found] == ["method_without_self"], found


def test_self_used_but_received_under_another_name():
    source = CLASS.replace("def backprop(self, learning_rate=1.0):",
                           "def backprop(net, learning_rate=1.0):")
    found = only(read(source, stages=(5,)), "method_without_self")
    assert "`def backprop(self, learning_rate=1.0):`" in found.message


def test_static_and_class_methods_and_another_name_for_self_are_fine():
    source = CLASS + textwrap.indent(textwrap.dedent("""\

        @staticmethod
        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        @classmethod
        def make(cls, x, y):
            return cls(x, y)

        def loss(this):
            return float(((this.y - this.output) ** 2).sum())
        """), "    ")
    assert read(source, stages=(5,)) == []


# --- 4. an attribute the grader reads, never set -------------------------------------------

def test_output_computed_into_a_local_is_named_at_that_line():
    source = CLASS.replace("        self.output = 1 / (1 + np.exp(-(self.layer1",
                           "        output = 1 / (1 + np.exp(-(self.layer1"
                           ).replace("        self.output = np.zeros(self.y.shape)\n", "")
    found = only(read(source, stages=(5,)), "attribute_never_assigned")
    assert found.line == 12
    assert "`feedforward`" in found.message and "`self.output = ...`" in found.message


def test_weights_never_set_are_named_together_at_the_class():
    source = CLASS.replace("        self.weights1 = np.random.rand(self.input.shape[1], 4)\n", ""
                           ).replace("        self.weights2 = np.random.rand(4, 1)\n", "")
    source = source.replace("self.weights1 = self.weights1 -", "pass  #")
    found = only(read(source, stages=(5,)), "attribute_never_assigned")
    assert found.line == 3
    assert "`self.weights1`, `self.weights2`" in found.message and "`__init__`" in found.message


def test_a_local_weights1_in_init_is_named():
    source = CLASS.replace("        self.weights1 = np.random", "        weights1 = np.random")
    source = source.replace("self.weights1 = self.weights1 -", "pass  #")
    found = only(read(source, stages=(5,)), "attribute_never_assigned")
    assert found.line == 6 and "`__init__`" in found.message


def test_attributes_are_not_asked_of_stubs_or_of_classes_that_set_them_dynamically():
    stub = '''\
        class NeuralNetwork:
            def __init__(self, x, y):
                """Keep the data and make the weights."""
                # YOUR CODE HERE
                raise NotImplementedError()

            def feedforward(self):
                raise NotImplementedError
        '''
    assert read(stub, stages=(5,)) == []
    dynamic = '''\
        class NeuralNetwork:
            def __init__(self, x, y):
                for name, value in (("input", x), ("y", y)):
                    setattr(self, name, value)

            def feedforward(self):
                pass
        '''
    assert read(dynamic, stages=(5,)) == []
    inherited = '''\
        from somewhere import Base

        class NeuralNetwork(Base):
            def feedforward(self):
                pass
        '''
    assert "attribute_never_assigned" not in [f.mistake for f in read(inherited, stages=(5,))]


def test_attributes_set_by_the_students_own_base_class_count():
    source = CLASS.replace("class NeuralNetwork:", "class Base:").replace(
        "    def feedforward(self):", "class NeuralNetwork(Base):\n    def feedforward(self):")
    assert read(source, stages=(5,)) == []


# --- 5. math's scalar functions on arrays ----------------------------------------------------

def test_math_exp_in_sigmoid_is_named_once_at_its_first_use():
    findings = read("""\
        import math
        import numpy as np

        def sigmoid(z):
            return 1 / (1 + math.exp(-z))

        def sigmoid_derivative(z):
            return math.exp(-z) / (1 + math.exp(-z)) ** 2
        """, stages=(1,))
    found = only(findings, "scalar_math_on_arrays")
    assert found.line == 5
    assert "`math.exp`" in found.message and "`np.exp`" in found.message


def test_from_math_import_and_other_functions_and_methods():
    findings = read("""\
        from math import exp, tanh
        import math
        import numpy as np

        def feedforward(X, W1, W2):
            A1 = 1 / (1 + exp(-(X @ W1)))
            return A1, np.tanh(A1 @ W2)

        def sse_loss(Y_hat, Y):
            return float(np.sum(math.sqrt((Y - Y_hat) ** 2)))

        class NeuralNetwork:
            def __init__(self, x, y):
                self.input, self.y = x, y
                self.weights1, self.weights2 = np.ones((3, 4)), np.ones((4, 1))
                self.output = np.zeros(y.shape)

            def feedforward(self):
                self.layer1 = 1 / (1 + np.exp(-self.input @ self.weights1))
                self.output = tanh(np.dot(self.layer1, self.weights2))
        """, stages=(2, 3, 5))
    assert said([f for f in findings if f.mistake == "scalar_math_on_arrays"]) == [
        ("scalar_math_on_arrays", 6), ("scalar_math_on_arrays", 10),
        ("scalar_math_on_arrays", 20)]
    assert "`exp`" in findings[0].message and "`feedforward`" in findings[0].message
    assert "`np.sqrt`" in findings[1].message
    assert "`NeuralNetwork.feedforward`" in findings[2].message
    assert "`np.tanh`" in findings[2].message


def test_math_on_single_numbers_is_fine():
    assert read("""\
        import math
        import numpy as np

        def sigmoid(z):
            if np.isscalar(z):
                return 1 / (1 + math.exp(-z))
            return np.array([1 / (1 + math.exp(-v)) for v in np.ravel(z)]).reshape(np.shape(z))

        def sigmoid_derivative(z):
            return np.vectorize(lambda v: math.exp(-v) / (1 + math.exp(-v)) ** 2)(z)

        def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
            scale = 1 / math.sqrt(X.shape[1])
            total = math.log(np.sum(X) + len(X))
            out = np.empty(X.shape)
            for i in range(X.shape[0]):
                out[i, 0] = math.exp(X[i, 0])
            return W1 * scale, W2 * math.sqrt(learning_rate), [total]
        """) == []


# --- 6. a module alias used, never imported --------------------------------------------------

@pytest.mark.parametrize(("source", "line", "words"), [
    ("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n", 2, ["`np.`", "`import numpy as np`"]),
    ("import numpy\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n", 4,
     ["`np.`", "`numpy`", "`numpy.`", "`import numpy as np`"]),
    ("import numpy as np\n\ndef sse_loss(Y_hat, Y):\n    return numpy.sum((Y - Y_hat) ** 2)\n", 4,
     ["`numpy.`", "`np`", "`np.`", "`import numpy`"]),
    ("import numpy as np\n\ndef f(z):\n    return math.pi * z\n", 4, ["`math.`", "`import math`"]),
])
def test_a_module_used_but_not_imported(source, line, words):
    found = only(read(source), "module_not_imported")
    assert found.line == line
    assert all(word in found.message for word in words), found.message


def test_a_module_imported_in_another_cell_or_a_broken_one_counts():
    use = "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"
    assert read_source(["import numpy as np\n", use], CORE) == []
    assert read_source(["%matplotlib inline\nimport numpy as np\nx = (\n", use], CORE) == []


# --- 7. imports the grader cannot satisfy ----------------------------------------------------

def test_an_import_of_the_students_own_file_is_fine_when_it_defines_the_name():
    # a student's folder is one program: helpers.py's names are there (loading/plan.py runs
    # it first, the sandbox makes `helpers` stand for the shared namespace)
    source = """\
        import numpy as np
        from helpers import sigmoid, sigmoid_deriv, plot_all

        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        def sigmoid_derivative(z):
            return sigmoid(z) * (1 - sigmoid(z))

        def show(losses):
            import plots as p
            p.draw(losses)
        """
    findings = read(source, files=["network.py", "helpers.py", "plots.ipynb"])
    assert said(findings) == [("own_file_lacks_name", 2), ("own_file_lacks_name", 2)]
    assert "`sigmoid_deriv`" in findings[0].message
    assert "`sigmoid_derivative`" in findings[0].message  # the near miss it does define
    assert "`plot_all`" in findings[1].message and "helpers.py" in findings[1].message
    # without those files in the folder, the same modules simply do not exist
    assert said(read(source, files=["network.py"])) == [("module_not_available", 2),
                                                        ("module_not_available", 11)]


def test_a_module_that_is_not_available():
    findings = read("""\
        import numpy as np
        import matplotlib.pyplot as plt
        import math, os.path, random
        from mpl_toolkits.mplot3d import Axes3D
        import pandas as pd
        from sklearn.metrics import accuracy_score
        from tqdm import tqdm
        import pandas
        """, files=["network"])
    assert said(findings) == [("module_not_available", 5), ("module_not_available", 6),
                              ("module_not_available", 7)]
    assert "`pandas`" in findings[0].message and "`import pandas as pd`" in findings[0].message


def test_a_file_named_like_the_standard_library_is_not_the_students_module():
    assert read("import random\nimport math\n", files=["random.py", "math"]) == []


# --- 8. the article's class only -------------------------------------------------------------

def test_the_article_class_without_the_course_functions():
    functions = textwrap.dedent("""\
        import numpy as np

        def sigmoid(x):
            return 1 / (1 + np.exp(-x))

        def sigmoid_derivative(x):
            return sigmoid(x) * (1 - sigmoid(x))
        """)
    findings = read(functions + CLASS.replace("import numpy as np\n", ""))
    found = only(findings, "class_form_only")
    assert found.line == 9
    assert "`feedforward(X, W1, W2)`" in found.message
    assert "`backprop(X, Y, W1, W2)`" in found.message


def test_the_class_form_names_only_what_the_graded_stages_ask():
    found = only(read(CLASS, stages=(2,)), "class_form_only")
    assert "`feedforward(X, W1, W2)`" in found.message and "backprop" not in found.message
    assert read(CLASS, stages=(1, 3, 5)) == []


def test_sigmoid_only_as_a_method():
    source = CLASS + "\n    def sigmoid(self, z):\n        return 1 / (1 + np.exp(-z))\n"
    found = only(read(source, stages=(1, 5)), "class_form_only")
    assert "`sigmoid(z)`" in found.message


# --- 9. a contract function indented inside another ----------------------------------------

def test_a_function_indented_inside_another_is_named():
    findings = read("""\
        import numpy as np

        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

            def sigmoid_derivative(z):
                return sigmoid(z) * (1 - sigmoid(z))
        """, stages=(1,))
    found = only(findings, "defined_inside_function")
    assert found.line == 6
    assert "`sigmoid_derivative`" in found.message and "`sigmoid`" in found.message


def test_a_method_indented_inside_another_is_named():
    source = CLASS.replace("    def backprop(self", "        def backprop(self").replace(
        "        self.weights1 = self.weights1 - learning_rate * 0.0",
        "            self.weights1 = self.weights1 - learning_rate * 0.0")
    found = only(read(source, stages=(5,)), "defined_inside_function")
    assert found.line == 15
    assert "`backprop`" in found.message and "`feedforward`" in found.message


# --- each once, in the order of the code ---------------------------------------------------

def test_each_mistake_once_at_its_first_place_in_the_order_of_the_code():
    cells = [
        "import math\n",
        None,
        "def sigmoid(z):\n    return 1 / (1 + math.exp(-z))\n",
        "def broken(:\n",
        "def feedforward(X, W1, W2):\n    A1 = 1 / (1 + math.exp(-(X @ W1)))\n"
        "    return A1, 1 / (1 + math.exp(-(A1 @ W2)))\n",
        "def sigmoid_derivate(z):\n    s = np.exp(-z)\n    return np.exp(-z) * s\n",
    ]
    findings = read_source(cells, (1, 2))
    assert [(f.mistake, f.cell, f.line) for f in findings] == [
        ("scalar_math_on_arrays", 2, 2), ("name_misspelled", 5, 1),
        ("module_not_imported", 5, 2)]


def test_a_name_defined_in_a_cell_that_does_not_parse_is_not_missing():
    cells = ["def sigmoid_derivative(z)\n    return z\n", "def dsigmoid(a):\n    return a\n"]
    assert read_source(cells, (1,)) == []


# --- silent on correct code ------------------------------------------------------------------

def _without_own_imports(text: str) -> tuple[str, list[str]]:
    """``text`` with its imports of this repository's packages blanked (lines kept), and
    the modules they named: the code as one program, the way a student hands it in."""
    lines = text.splitlines()
    modules = []
    for node in ast.parse(text).body:
        if isinstance(node, ast.ImportFrom) and node.module \
                and node.module.split(".")[0] in ("solutions", "autograder", "tests"):
            modules.append(node.module)
            for number in range(node.lineno, node.end_lineno + 1):
                lines[number - 1] = ""
    return "\n".join(lines) + "\n", modules


def reference_program(modules=("activations", "forward", "loss", "gradients", "training",
                               "network")) -> str:
    return "\n".join(_without_own_imports((SOLUTIONS / f"{m}.py").read_text())[0]
                     for m in modules)


def variant_program(path: Path) -> str:
    text, modules = _without_own_imports(path.read_text())
    before = [reference_program() if m.startswith("solutions")
              else variant_program(VARIANTS / (m.rsplit(".", 1)[1] + ".py")) for m in modules]
    return "\n".join([*before, text])


def always_said(findings: list) -> list:
    """The findings said whatever the grades: one with a stage is a mistake only if its
    function is wrong, and grading says it only if that stage loses points (right code
    loses none: test_a_module_variable_is_said_only_when_its_stage_loses_points)."""
    return [f for f in findings if f.stage is None]


def test_silent_on_the_reference_solution():
    assert read_source([reference_program()], CORE) == []
    everything = reference_program(("activations", "forward", "loss", "gradients", "training",
                                    "network", "more_activations", "bias_network", "classifier"))
    assert read_source([everything], ALL) == []


@pytest.mark.parametrize("path", sorted(p for p in VARIANTS.glob("*.py")
                                        if p.name != "__init__.py"), ids=lambda p: p.stem)
def test_silent_on_every_variant(path):
    program = variant_program(path)
    assert always_said(read_source([program], stageless_stages([program]))) == []


@pytest.mark.parametrize("name", ["ada", "mia", "rosa"])
def test_silent_on_the_correct_sample_students(name):
    unit = read_python(SAMPLES / f"{name}.py", f"{name}.py")
    assert always_said(read_source(unit.cells, stageless_stages(unit.cells),
                                   [f"{name}.py"])) == []


@pytest.mark.parametrize("path", sorted((ROOT / "assignments").glob("**/source/*/*.ipynb")),
                         ids=lambda p: str(p.relative_to(ROOT / "assignments")))
def test_silent_on_the_course_notebooks(path):
    unit = read_notebook(path, path.name)
    assert always_said(read_source(unit.cells, (unit.stage or stage_from_name(path.name),))) \
        == []


# --- never raises, and fast ------------------------------------------------------------------

ODD_SOURCES = [
    "", "   \n\n", "# only a comment\n# and another\n", '"""only a docstring"""',
    "def broken(:\n    pass\n", "class NeuralNetwork(\n", "\x00\x01", "\ufeffimport numpy as np\n",
    "def σ(z):\n    return 1 / (1 + np.exp(-z))\n", "def 乙状(数):\n    return 数\n",
    "class NeuralNetwork:\n    def ｆｅｅｄｆｏｒｗａｒｄ(self):\n        self.输出 = 1\n",
    "x = " + "(" * 300 + ")" * 300 + "\n", "x = " + "-" * 50_000 + "1\n",
    "x = " + "1 + " * 20_000 + "1\n",
    "if x:\n" + "".join(" " * i + "if x:\n" for i in range(1, 120)),
    "def " + "a" * 10_000 + "(self):\n    pass\n", "import " + ".".join(["m"] * 2000) + "\n",
    "class NeuralNetwork(NeuralNetwork):\n    def feedforward():\n        self.output = 1\n",
    "class A(B):\n    pass\nclass B(A):\n    pass\nclass NeuralNetwork(A):\n    pass\n",
    "from . import helpers\nfrom .. import *\nfrom math import *\nfrom pylab import *\n",
    "class NeuralNetwork:\n    def __init__():\n        pass\n    def init(*args):\n        pass\n",
    "match x:\n    case [a, *rest] if a:\n        sigmoid_derivate = lambda z: z\n",
    "def sigmoid(z, /, *, k=1):\n    return math.exp(-z)\nimport math\n",
    "lambda: (yield)\n", "async def feedforward(X, W1, W2):\n    await x\n",
    "def sigmoid(z):\n    return 1 / (1 + math.exp(-(" + "z + " * 3000 + "z)))\nimport math\n",
    "\n".join(f"def f{i}(x):\n    return np.exp(x)" for i in range(3000)),
]


@pytest.mark.parametrize("source", [  # reading thousands of lines is slow
    pytest.param(source, marks=pytest.mark.slow) if source.count("\n") > 5000 else source
    for source in ODD_SOURCES], ids=range(len(ODD_SOURCES)))
def test_never_raises_on_odd_sources(source):
    for stages in (CORE, ALL, (), (5,)):
        findings = read_source([source, None, source], stages, ["helpers", "", "a/b.py"])
        assert all(isinstance(f, Finding) and f.message for f in findings)


@pytest.mark.parametrize(("cells", "stages", "files"), [
    ([], CORE, ()), ([None], CORE, ()), (None, CORE, ()), ("def dsigmoid(z): pass", (1,), ()),
    ([b"import numpy", 3, object()], CORE, ()), (["import pandas"], None, None),
    (["import pandas"], [[1]], [None, 3]), (["def dsigmoid(z): pass"], iter([1, 99, -1]), ()),
])
def test_never_raises_on_odd_arguments(cells, stages, files):
    assert isinstance(read_source(cells, stages, files), list)


# --- in Chinese ------------------------------------------------------------------------------

EVERY_MISTAKE = """\
import numpy
import math
import pandas as pd
from helpers import plot_loss

def sigmoid(z):
    return 1 / (1 + math.exp(-z))

def sigmoid_derivate(z):
    return sigmoid(z) * (1 - sigmoid(z))

def sse_loss(Y_hat, Y):
    return np.sum((Y - Y_hat) ** 2)

def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    def backprop(X, Y, W1, W2):
        return W1, W2
    return W1, W2, []

class NeuralNetwork:
    def init(self, x, y):
        self.input, self.y = x, y
        self.weight1 = numpy.ones((3, 4))

    def feedforward():
        self.layer1 = sigmoid(self.input @ self.weight1)
        output = self.layer1

    def backprop(self):
        def feedforward(self):
            pass
"""


def test_every_detector_at_once():
    findings = read(EVERY_MISTAKE, files=["helpers.py", "network.py"])
    assert {f.mistake for f in findings} == {
        "name_misspelled", "init_misspelled", "method_without_self", "attribute_never_assigned",
        "scalar_math_on_arrays", "module_not_imported", "own_file_lacks_name",
        "module_not_available", "class_form_only", "defined_inside_function",
        "keyword_missing"}  # the article's `def backprop(self):` has no learning_rate


def test_a_chinese_run_says_every_finding_in_chinese():
    with language("zh"):
        findings = read(EVERY_MISTAKE, files=["helpers.py"])
        attributes = read(CLASS.replace("self.weights1 = np", "weights1 = np"), stages=(5,))
        never = read(CLASS.replace("self.y = y", "pass"), stages=(5,))
    assert len(findings) >= 10
    for found in findings + attributes + never:
        assert CJK.search(found.message), found.message


def test_an_own_file_imported_after_it_defines_the_names_is_fine():
    helpers = "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"
    network = ("from helpers import sigmoid\n\ndef feedforward(X, W1, W2):\n"
               "    A1 = sigmoid(X @ W1)\n    return A1, sigmoid(A1 @ W2)\n")
    assert read_source([helpers, network], CORE, ["helpers.py", "network.py"]) == []


def test_a_module_imported_only_by_another_file_is_named_in_the_file_that_uses_it():
    helpers = "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"  # no import of its own
    network = ("import numpy as np\nfrom helpers import sigmoid\n\n"
               "def feedforward(X, W1, W2):\n    A1 = sigmoid(X @ W1)\n"
               "    return A1, sigmoid(A1 @ W2)\n")
    files = ["helpers.py", "network.py"]
    # read as one program, the import in network.py hides it; read file by file, it shows
    assert read_source([helpers, network], CORE, files) == []
    found = read_source([helpers, network], CORE, files, [("helpers.py", 1), ("network.py", 1)])
    assert [(f.mistake, f.cell, f.line) for f in found] == [("module_not_imported", 0, 2)]
    assert "helpers.py" in found[0].message and "import numpy as np" in found[0].message
    # each file importing what it uses: nothing to say
    both = ["import numpy as np\n" + helpers, network]
    assert read_source(both, CORE, files, [("helpers.py", 1), ("network.py", 1)]) == []


# --- a function that hands back something else, or takes its parameters in another order ---

def test_a_function_that_prints_its_result_instead_of_returning_it():
    found = read_source(["def sse_loss(Y_hat, Y):\n    print(((Y - Y_hat) ** 2).sum())\n"], CORE)
    assert [(f.mistake, f.line) for f in found] == [("prints_instead_of_returning", 2)]
    # a print beside a return is fine, and so is a print in a nested helper
    assert read_source(["def sse_loss(Y_hat, Y):\n    L = ((Y - Y_hat) ** 2).sum()\n"
                        "    print(L)\n    return L\n"], CORE) == []


def test_a_one_value_function_that_returns_two():
    found = read_source(["def sse_loss(Y_hat, Y):\n    e = Y - Y_hat\n"
                         "    return (e ** 2).sum(), e\n"], CORE)
    assert [f.mistake for f in found] == ["returns_several_values"]
    assert "`return (e ** 2).sum(), e`" in found[0].message
    # feedforward returns a pair by contract
    assert read_source(["def feedforward(X, W1, W2):\n    return X, X\n"], CORE) == []


def test_the_contracts_parameters_in_another_order():
    found = read_source(["def backprop(X, W1, W2, Y):\n    return W1, W2\n"], CORE)
    assert [f.mistake for f in found] == ["parameters_in_another_order"]
    assert "(X, W1, W2, Y)" in found[0].message and "backprop(X, Y, W1, W2)" in found[0].message
    # other names or letter case are the student's choice
    assert read_source(["def backprop(x, y, w1, w2):\n    return w1, w2\n",
                        "def sse_loss(pred, target):\n    return 0.0\n"], CORE) == []


# --- a function's own names, a method at the margin, a return in the loop, a stub below ------

@pytest.mark.parametrize("cells, mistake, words", [
    (["import numpy as np\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-z))\n"],
     "name_from_nowhere", "did you mean `x`"),
    (["def sigmoid_derivative(z):\n    return z\ndef backprop(X, Y, W1, W2):\n"
      "    d = sigmoid_derivativ(X)\n    return d, d\n"], "name_from_nowhere",
     "did you mean `sigmoid_derivative`"),
    (["import numpy as np\nx = np.array([[0, 0, 1]])\ndef feedforward(X, W1, W2):\n"
      "    A1 = x @ W1\n    return A1, A1 @ W2\n"], "name_from_nowhere", "parameter `X`"),
    (["def feedforward(self):\n    self.output = 1\n"], "method_outside_class", "left margin"),
    (["def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):\n    losses = []\n"
      "    for i in range(iterations):\n        losses.append(1)\n        return W1, W2, losses\n"],
     "return_inside_loop", "inside the loop"),
    (["def sigmoid(z):\n    return z\n", "def sigmoid(z):\n    raise NotImplementedError\n"],
     "defined_twice", "delete the stub"),
])
def test_a_structural_mistake_of_a_functions_names_or_layout_is_named(cells, mistake, words):
    found = [f for f in read_source(cells, CORE) if f.mistake == mistake]
    assert found and words in found[0].message, read_source(cells, CORE)


def test_names_bound_in_ways_python_allows_are_not_from_nowhere():
    cells = ["from numpy import *\ndef sigmoid(z):\n    return 1 / (1 + exp(-z))\n",
             "import numpy as np\nDATA = 1\ndef sse_loss(Y_hat, Y):\n    global TOTAL\n"
             "    f = lambda a: a ** 2\n    err = [e for e in (Y - Y_hat).ravel()]\n"
             "    try:\n        pass\n    except ValueError as problem:\n        print(problem)\n"
             "    return float(sum(f(e) for e in err)) + 0 * DATA\n",
             # a correct stub-then-work order: the work is last, nothing to say
             "def feedforward(X, W1, W2):\n    raise NotImplementedError\n",
             "def feedforward(X, W1, W2):\n    return X, X\n"]
    found = read_source(cells, CORE)
    # DATA, a number of the file used in sse_loss: said only if stage 3 loses points
    assert [(f.mistake, f.stage) for f in found] == [("module_variable_read", 3)]


ADA = (SAMPLES / "ada.py").read_text().split("if __name__")[0]


@pytest.mark.parametrize("old, new, mistake", [
    ("self.weights1 = np.random.rand(self.input.shape[1], 4)",
     "self.weight1 = np.random.rand(self.input.shape[1], 4)", "name_misspelled"),
    ("        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)",
     "        self.layer1, out = feedforward(self.input, self.weights1, self.weights2)",
     "output_not_set_by_feedforward"),
    ("    def __init__(self, x, y):", "    def __init__(self, x):", "parameter_count_differs"),
    ("def backprop(X, Y, W1, W2):", "def backprop(X, W1, W2):", "parameter_count_differs"),
])
def test_the_class_and_the_def_lines_are_read_against_the_contract(old, new, mistake):
    assert old in ADA
    found = read_source([ADA.replace(old, new)], CORE)
    assert [f.mistake for f in found] == [mistake], found


def test_a_contract_name_misspelt_is_said_once_not_at_every_call():
    found = read_source([ADA.replace("def sigmoid(z):", "def Sigmoid(z):")], CORE)
    assert [f.mistake for f in found] == ["name_misspelled"]


def test_an_import_of_ones_own_file_under_a_near_name_names_the_file():
    found = read_source(["from nn_helpers import sigmoid\n", "def sigmoid(z):\n    return z\n"],
                        (1, 2), ["network.py", "nn_helper.py"])
    assert [f.mistake for f in found] == ["own_module_misnamed"]
    assert "nn_helper.py" in found[0].message and "`nn_helper`" in found[0].message


def test_an_import_guarded_by_except_importerror_is_the_codes_own_concern():
    guarded = "try:\n    import pandas\nexcept ImportError:\n    pandas = None\n"
    assert read_source([guarded], CORE) == []
    bare = "import pandas\n"
    assert [f.mistake for f in read_source([bare], CORE)] == ["module_not_available"]


@pytest.mark.parametrize("edits, mistake, words", [
    ([("def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):",
       "def train(X, Y, W1, W2, epochs=1500, lr=1.0):"), ("range(iterations)", "range(epochs)"),
      ("learning_rate * dW1\n        W2 = W2 - learning_rate * dW2\n    return",
       "lr * dW1\n        W2 = W2 - lr * dW2\n    return")],
     "keyword_renamed", "by name as `iterations`"),
    ([("def backprop(self, learning_rate=1.0):", "def backprop(self, lr=1.0):"),
      ("self.weights1 - learning_rate * dW1", "self.weights1 - lr * dW1"),
      ("self.weights2 - learning_rate * dW2", "self.weights2 - lr * dW2")],
     "keyword_renamed", "`NeuralNetwork.backprop` calls its parameter `lr`"),
    ([("range(iterations)", "xrange(iterations)")], "name_from_nowhere",
     "Python 3 calls it `range`"),
    ([("import numpy as np\n", "import numpy as np\nlr = 0.5\n"),
      ("learning_rate * dW1\n        W2 = W2 - learning_rate * dW2\n    return",
       "lr * dW1\n        W2 = W2 - lr * dW2\n    return")],
     "name_from_nowhere", "own parameter `learning_rate`"),
])
def test_a_parameter_the_course_names_read_or_written_otherwise_is_named(edits, mistake, words):
    source = ADA
    for old, new in edits:
        assert old in source
        source = source.replace(old, new, 1)
    found = read_source([source], CORE)
    assert [f.mistake for f in found] == [mistake], found
    assert words in found[0].message



def ada_with(*edits: tuple[str, str]) -> str:
    source = ADA
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new, 1)
    return source


@pytest.mark.parametrize("edits, mistake, stage, words", [
    ([("def sigmoid_derivative(z):\n    s = sigmoid(z)\n    return s * (1 - s)\n", ""),
      ("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
       "def sigmoid(z, deriv=False):\n    s = 1 / (1 + np.exp(-z))\n"
       "    return s * (1 - s) if deriv else s")],
     "derivative_as_flag", None, "`def sigmoid_derivative(z): return sigmoid(z, deriv=True)`"),
    ([("self.layer1, self.output = feedforward(", "self.layer1, self.output = self.feedforward2(")],
     None, None, None),  # an unknown method: nothing of the file's to point at
    ([("    def feedforward(self):\n        self.layer1, self.output = feedforward(",
       "    def feedforward(self):\n        self.layer1, self.output = self.helper(")],
     None, None, None),
    ([("def feedforward(self):\n        self.layer1, self.output = feedforward(self.input",
       "def feedforward(self):\n        self.layer1 = self.sigmoid(self.input @ self.weights1)\n"
       "        self.layer1, self.output = feedforward(self.input")],
     "module_function_through_self", None, "without `self.`"),
    ([("def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):",
       "def train(X, Y, W1, W2):"), ("range(iterations)", "range(1500)"),
      ("W1 = W1 - learning_rate * dW1\n        W2 = W2 - learning_rate * dW2\n    return",
       "W1 = W1 - dW1\n        W2 = W2 - dW2\n    return")],
     "keyword_missing", None, "no parameters `iterations`, `learning_rate`"),
    ([("delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)",
       "delta1 = np.multiply(delta2 @ W2.T, sigmoid_derivative(Z1), Z1)")],
     "ufunc_third_argument", 4, "output array (`out`)"),
    ([("    Z1 = X @ W1\n", "    X = np.asmatrix(X)\n    Z1 = X @ W1\n")],
     "numpy_matrix_type", 4, "`*` is a matrix product"),
    ([("self.weights1 = np.random.rand(self.input.shape[1], 4)",
       "self.weights1 = np.random.rand(3, 4)")],
     "weights_sized_by_a_number", 5, "`x.shape[1]`"),
    ([("    return float(np.sum((Y - Y_hat) ** 2))",
       "    total = 0.0\n    for i in range(4):\n"
       "        total += float(np.sum((Y[i] - Y_hat[i]) ** 2))\n"
       "    return total")],
     "fixed_count_loop", 3, "`range(len(X))`"),
    ([("import numpy as np\n", "import numpy as np\nb1 = 0.5\n"),
      ("    A1 = sigmoid(X @ W1)\n", "    A1 = sigmoid(X @ W1 + b1)\n")],
     "module_variable_read", 2, "(no bias)"),
    ([("import numpy as np\n", "import numpy as np\nlosses = []\n"),
      ("    losses = []\n    for", "    for")],
     "module_variable_read", 5, "(`losses = []`)"),
    ([("import numpy as np\n", "import numpy as np\nX_data = np.eye(3)\n"),
      ("    A1 = sigmoid(X @ W1)\n    Y_hat", "    A1 = sigmoid(X_data @ W1)\n    Y_hat")],
     "module_variable_read", 2, "where its parameter `X` (never used) belongs"),
    ([("    Y_hat = sigmoid(A1 @ W2)\n    return A1, Y_hat",
       "    Y_hat = sigmoid(A1 @ W2).reshape(4, 1)\n    return A1, Y_hat")],
     "reshaped_to_a_number", 2, "reshapes to (4, 1)"),
    ([("import numpy as np\n", "import numpy as np\nfrom cmath import exp\n"),
      ("return 1 / (1 + np.exp(-z))", "return 1 / (1 + exp(-z))")],
     "scalar_math_on_arrays", None, "`exp`"),
    ([("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
       "def nonlin(x, deriv=False):\n    if deriv:\n        return x * (1 - x)\n"
       "    return 1 / (1 + np.exp(-x))"),
      ("def sigmoid_derivative(z):\n    s = sigmoid(z)\n    return s * (1 - s)\n", "")],
     "derivative_as_flag", None, "Your `nonlin` gives the sigmoid and its derivative"),
    ([("    W1 = W1.copy()\n", "    W1 = W1.copy()\n    learning_rate = 0.5\n")],
     "keyword_overwritten", 5, "sets its parameter `learning_rate` itself"),
    ([("class NeuralNetwork:\n", "class NeuralNetwork:\n    def sig(self, z):\n"
       "        return 1 / (1 + np.exp(-z))\n\n"),
      ("        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)",
       "        self.layer1 = sig(self.input @ self.weights1)\n"
       "        self.output = sig(self.layer1 @ self.weights2)")],
     "method_called_bare", None, "call it as `self.sig(...)`"),
    ([("    losses = []\n", "")], "name_from_nowhere", 5, "start it with `losses = []`"),
    ([("    Z2 = A1 @ W2\n", "")], "name_from_nowhere", 4, "`Z2`, which is given a value nowhere"),
    ([("def sigmoid_derivative(z):", "def sigmoid(z):\n    return 1 / (1 - np.exp(-z))\n\n\n"
       "def sigmoid_derivative(z):")], "defined_twice", 1, "the one at line 7 is the one graded"),
    ([("        self.weights1 = self.weights1 - learning_rate * dW1",
       "        self.weigths1 = self.weights1 - learning_rate * dW1")],
     "attribute_typo", None, "a typo of `self.weights1`?"),
    ([("return 1 / (1 + np.exp(-z))", "return 1 / (1 + np.exponent(-z))")],
     "numpy_name_unknown", None, "did you mean `np.exp`?"),
    ([("A1 = sigmoid(X @ W1)", "A1 = np.sigmoid(X @ W1)")],
     "numpy_name_unknown", None, "call it as `sigmoid(...)`"),
    ([("    for _ in range(iterations):\n", "    i = 0\n    while i < iterations:\n")],
     "loop_never_ends", None, "add `i += 1`"),
    ([("    for _ in range(iterations):\n", "    while len(losses) < iterations:\n")],
     None, None, None),  # the loop's own appends end it
    ([("    for _ in range(iterations):\n"
       "        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))\n",
       "    i = 0\n    while i < iterations:\n        i += 1\n"
       "        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))\n")],
     None, None, None),
])
def test_a_mistake_of_structure_is_named_from_the_source(edits, mistake, stage, words):
    found = read_source([ada_with(*edits)], CORE)
    if mistake is None:
        assert found == [], found
        return
    assert [(f.mistake, f.stage) for f in found] == [(mistake, stage)], found
    assert words in found[0].message


def test_a_training_loop_at_the_top_level_is_named():
    script = ADA.split("def train(")[0] + (
        "W1, W2 = np.ones((3, 4)), np.ones((4, 1))\nX, Y = np.eye(3), np.ones((3, 1))\n"
        "for _ in range(1500):\n    dW1, dW2 = backprop(X, Y, W1, W2)\n"
        "    W1, W2 = W1 - dW1, W2 - dW2\n")
    found = read_source([script], (1, 2, 3, 4, 5))
    assert [f.mistake for f in found] == ["training_at_top_level"], found
    assert "def train(X, Y, W1, W2" in found[0].message


@pytest.mark.sandbox
@pytest.mark.parametrize("backprop_right", [True, False])
def test_a_module_variable_is_said_only_when_its_stage_loses_points(tmp_path, backprop_right):
    from autograder.grading import grade_submission
    from autograder.loading import discover

    rate = "1.0" if backprop_right else "0.5"
    source = ada_with(("import numpy as np\n", f"import numpy as np\nSCALE = {rate}\n"),
                      ("    return dW1, dW2\n", "    return SCALE * dW1, SCALE * dW2\n"))
    (tmp_path / "kai.py").write_text(source)
    result = grade_submission(discover([tmp_path / "kai.py"])[0], (3, 4))
    said = [n for n in result.notes if "`SCALE`" in n]
    if backprop_right:
        assert result.score == result.max_score and said == [], result.notes
    else:
        assert len(said) == 1 and "module-level variable" in said[0], result.notes


@pytest.mark.sandbox
def test_a_name_defined_in_code_python_cannot_read_is_said_so_at_its_checks(tmp_path):
    from autograder.grading import grade_submission
    from autograder.loading import discover

    (tmp_path / "lin.py").write_text(ada_with(("def sse_loss(Y_hat, Y):",
                                               "def sse_loss(Y_hat, Y)")))
    result = grade_submission(discover([tmp_path / "lin.py"])[0], (3,))
    failed = [c for c in result.checks if not c.passed]
    assert failed and all(c.mistake == "defined_in_code_that_could_not_run" for c in failed)
    assert "expected ':'" in failed[0].message and "lin.py" in failed[0].message


# --- dev4's kinds, in code of other shapes (issue 20) -----------------------------------------

@pytest.mark.parametrize("statement, right", [("import NumPy", "numpy"),
                                              ("from Numpy import exp", "numpy"),
                                              ("import Math", "math"),
                                              ("import nunpy as np", "numpy")])
def test_a_module_name_in_the_wrong_case_or_one_letter_off_is_named(statement, right):
    found = only(read(f"{statement}\n\ndef sigmoid(z):\n    return z\n"), "module_misspelled")
    assert f"`{right}`" in found.message and found.line == 1
    assert read("import numpy as np\nimport math\n") == []


def test_the_constructor_reading_an_attribute_before_setting_it_is_named():
    source = CLASS.replace("""        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)""", """        self.output = np.zeros(self.y.shape)
        self.input = x
        self.y = y
        self.weights1 = np.random.rand(x.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)""")
    found = only(read(source), "attribute_read_before_set")
    assert "`self.y`" in found.message and "before" in found.message and found.line == 5
    # set by a method the constructor calls first: nothing to say
    helper = CLASS.replace("        self.input = x\n", "        self.setup(x)\n").replace(
        "    def feedforward(self):", "    def setup(self, x):\n        self.input = x\n\n"
        "    def feedforward(self):")
    assert [f for f in read(helper) if f.mistake == "attribute_read_before_set"] == []


def test_weights_made_in_a_method_instead_of_the_constructor_are_named():
    source = CLASS.replace("""        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
""", "").replace("    def backprop(self, learning_rate=1.0):\n",
                 "    def backprop(self, learning_rate=1.0):\n"
                 "        self.weights2 = np.random.uniform(size=(4, 1))\n")
    found = only(read(source), "attribute_set_outside_init")
    assert "`self.weights2`" in found.message and "`backprop`" in found.message
    assert "`__init__`" in found.message
    # made by a helper the constructor calls: right
    helper = source.replace("        self.y = y\n", "        self.y = y\n        self.backprop()\n")
    assert [f for f in read(helper) if f.mistake == "attribute_set_outside_init"] == []


def test_a_method_calling_itself_for_the_module_function_is_named():
    source = "def backprop(X, Y, W1, W2):\n    return W1, W2\n\n" + CLASS.replace(
        "        self.weights1 = self.weights1 - learning_rate * 0.0",
        "        d1, d2 = self.backprop(self.input, self.y, self.weights1, self.weights2)\n"
        "        self.weights1 = self.weights1 - learning_rate * d1\n"
        "        self.weights2 = self.weights2 - learning_rate * d2")
    found = only(read(source), "method_shadows_function")
    assert "itself" in found.message and "module-level" in found.message
    # the method called with the arguments it takes: right
    assert [f for f in read(CLASS.replace("learning_rate * 0.0", "learning_rate * 0.0\n"
                                          "        self.feedforward()"))
            if f.mistake == "method_shadows_function"] == []


def test_an_extra_parameter_never_used_is_named_as_extra():
    found = only(read("def feedforward(X, W1, W2, hidden_size):\n    return X @ W1, X @ W2\n"),
                 "parameter_count_differs")
    assert "`hidden_size`" in found.message and "never uses" in found.message
    used = only(read("def feedforward(X, W1, W2, act):\n    return act(X @ W1), X @ W2\n"),
                "parameter_count_differs")
    assert "never uses" not in used.message


def test_a_column_of_ones_added_to_the_input_is_named_with_its_stage():
    source = """\
        import numpy as np
        def backprop(X, Y, W1, W2):
            Xb = np.concatenate((X, np.ones((len(X), 1))), axis=1)
            return Xb.T @ Y, W2
    """
    found = only(read(source), "ones_column_added")
    assert "column of ones" in found.message and found.stage == 4


def test_the_weights_summed_on_the_way_back_are_named_with_their_stage():
    source = """\
        import numpy as np
        def backprop(X, Y, W1, W2):
            d2 = Y - X
            d1 = W2.sum() * d2
            return d1, d2
    """
    found = only(read(source), "weights_summed")
    assert "`W2`" in found.message and "transpose" in found.message and found.stage == 4
    right = source.replace("W2.sum() * d2", "d2 @ W2.T + np.sum(W2 ** 2)")
    assert [f for f in read(right) if f.mistake == "weights_summed"] == []


def test_one_gradient_applied_to_both_weights_is_named_with_its_stage():
    source = CLASS.replace(
        "        self.weights1 = self.weights1 - learning_rate * 0.0",
        "        gw1, gw2 = backprop(self.input, self.y, self.weights1, self.weights2)\n"
        "        self.weights1 -= learning_rate * gw1\n"
        "        self.weights2 -= learning_rate * gw1")
    source = "def backprop(X, Y, W1, W2):\n    return W1, W2\n\n" + source
    found = only(read(source), "gradient_reused")
    assert "`gw2`" in found.message and "copied" in found.message and found.stage == 5
    right = source.replace("self.weights2 -= learning_rate * gw1",
                           "self.weights2 -= learning_rate * gw2")
    assert [f for f in read(right) if f.mistake == "gradient_reused"] == []
