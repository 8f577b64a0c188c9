"""Where a mistake lives: attribution (stand-ins in the sandbox and in process), exceptions
said at the student's line, and each cause said once."""

import types
from pathlib import Path

import numpy as np
import pytest

from autograder.checks.runner import CheckResult, run_checks_noted, say_each_cause_once
from autograder.diagnose import attribution, exceptions
from autograder.sandbox import ProtocolError, Sandbox, SandboxError, StudentError
from solutions import backprop as ref_backprop
from solutions import sse_loss as ref_sse_loss

#: A whole course whose only mistake is backprop's missing factor 2: train and the class are right.
HALF_GRADIENT = '''
import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))

def feedforward(X, W1, W2):
    A1 = sigmoid(X @ W1)
    return A1, sigmoid(A1 @ W2)

def sse_loss(Y_hat, Y):
    return float(np.sum((Y - Y_hat) ** 2))

def backprop(X, Y, W1, W2):
    A1, Y_hat = feedforward(X, W1, W2)
    d2 = -(Y - Y_hat) * Y_hat * (1 - Y_hat)
    d1 = (d2 @ W2.T) * A1 * (1 - A1)
    return X.T @ d1, A1.T @ d2

def train(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
    losses = []
    for _ in range(iterations):
        losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))
        dW1, dW2 = backprop(X, Y, W1, W2)
        W1, W2 = W1 - learning_rate * dW1, W2 - learning_rate * dW2
    return W1, W2, losses
'''


def module_of(source: str) -> types.ModuleType:
    module = types.ModuleType("student")
    exec(compile(source, "<student>", "exec"), module.__dict__)
    return module


def stage_points(results, stage):
    return sum(r.points for r in results if r.stage == stage), \
        sum(r.max_points for r in results if r.stage == stage)


def test_in_process_a_right_train_keeps_its_points_and_the_note_names_backprop():
    results, notes = run_checks_noted(module_of(HALF_GRADIENT), (4, 5), seed=3)
    train = [r for r in results if r.name.startswith("train")]
    assert all(r.passed for r in train)
    assert stage_points(results, 4)[0] < stage_points(results, 4)[1]
    assert len(notes) == 1 and "`train_trajectory`" in notes[0] and "`backprop`" in notes[0]


def test_in_process_a_train_with_its_own_mistake_still_fails():
    source = HALF_GRADIENT.replace("W1 - learning_rate * dW1", "W1 - dW1")
    results, notes = run_checks_noted(module_of(source), (4, 5), seed=3)
    assert not all(r.passed for r in results if r.name == "train_trajectory")
    assert all("train_trajectory" not in note for note in notes)  # its own mistake


def test_the_standins_are_gone_afterwards():
    module = module_of(HALF_GRADIENT)
    own = module.backprop
    with attribution.standing_in(module, ["backprop", "sse_loss"]) as possible:
        assert possible and module.backprop is ref_backprop
    assert module.backprop is own and module.sse_loss is not ref_sse_loss


def test_correct_work_is_never_re_run():
    calls = []
    passed = [CheckResult("train_trajectory", 5, 2, 2, True, "", None, "hidden")]
    out, notes = attribution.attribute(object(), passed, 0, lambda *a: calls.append(a))
    assert out == passed and notes == [] and calls == []


@pytest.mark.sandbox
def test_in_the_sandbox_a_standin_asks_the_grader():
    cells = [HALF_GRADIENT]
    with Sandbox(cells) as impl:
        X, Y = np.random.default_rng(0).normal(size=(4, 3)), np.ones((4, 1))
        W1, W2 = np.ones((3, 4)) * 0.1, np.ones((4, 1)) * 0.2
        asked = []

        def respond(name, args, kwargs):
            asked.append(name)
            return attribution.respond(name, args, kwargs)

        with impl.stand_in(["backprop"], respond):
            W1_out, _, _ = impl.train(X, Y, W1, W2, iterations=1, learning_rate=1.0)
        assert asked == ["backprop"]
        np.testing.assert_allclose(W1_out, W1 - ref_backprop(X, Y, W1, W2)[0])
        # the student's own backprop is back: half the reference's gradient
        np.testing.assert_allclose(impl.backprop(X, Y, W1, W2)[0],
                                   ref_backprop(X, Y, W1, W2)[0] / 2)


@pytest.mark.sandbox
def test_a_standin_given_wrong_arguments_raises_in_the_students_code():
    cells = [HALF_GRADIENT + "\ndef calls_badly(X):\n    return backprop(X)\n"]
    with Sandbox(cells) as impl, impl.stand_in(["backprop"], attribution.respond):
        with pytest.raises(StudentError) as raised:
            impl.calls_badly(np.ones((2, 3)))
        assert type(raised.value).__name__ == "TypeError"


@pytest.mark.sandbox
def test_a_standin_kept_and_called_later_ends_that_child_not_the_grader():
    cells = ["kept = []\ndef keep():\n    kept.append(sigmoid)\n"
             "def use():\n    return kept[0](1.0)\n"]
    sandbox = Sandbox(cells)
    with sandbox as impl:
        with impl.stand_in(["sigmoid"], attribution.respond):
            impl.keep()
        with pytest.raises(SandboxError) as raised:
            impl.use()
        assert isinstance(raised.value, ProtocolError)


@pytest.mark.sandbox
def test_an_exception_is_said_at_the_students_line_with_its_operands():
    cells = ["import math\nimport numpy as np\n\ndef sigmoid(z):\n"
             "    return 1 / (1 + math.exp(-z))\n"]
    with Sandbox(cells) as impl:
        with pytest.raises(StudentError) as raised:
            impl.sigmoid(np.zeros((4, 3)))
    said = exceptions.at_line(raised.value)
    assert "in `sigmoid`, at line 5" in said and "math.exp(-z)" in said
    assert "z is an array of shape (4, 3)" in said
    mistake, sentence = exceptions.cause(raised.value)
    assert mistake == "scalar_math_on_arrays" and "np.exp" in sentence


def test_an_exception_without_a_student_line_says_nothing_more():
    assert exceptions.at_line(ValueError("x")) == "" and exceptions.cause(ValueError()) is None
    error = StudentError("TypeError", "bad", "cell 1, line 2, in f\nwhere: y = f(x)")
    assert exceptions.cause(error) is None  # no array among the operands: nothing named


def test_each_cause_is_said_once():
    def failed(name, mistake, plain):
        return CheckResult(name, 4, 0, 2, False, plain + ". Your gradient is half.", mistake,
                           "visible", plain=plain)

    results = [failed("a", "factor_2_missing", "dW2 is wrong"),
               failed("b", "factor_2_missing", "dW1 is wrong"),
               failed("c", "other", "dW1 is off")]
    say_each_cause_once(results)
    assert "half" in results[0].message and not results[0].repeats
    assert results[1].repeats == "a" and "half" not in results[1].message
    assert "`a`" in results[1].message and not results[2].repeats


@pytest.mark.sandbox
def test_the_star_for_matmul_hint_is_left_out_when_the_line_has_no_star():
    from autograder.checks.base import broadcast_hint, call

    cells = ["import numpy as np\n\ndef feedforward(X, W1, W2):\n"
             "    b1 = np.zeros((1, 6))\n    A1 = X @ W1 + b1\n    return A1, A1 @ W2\n"]
    with Sandbox(cells) as impl:
        with pytest.raises(Exception) as raised:
            call(impl, "feedforward", np.ones((4, 3)), np.ones((3, 4)), np.ones((4, 1)))
    message = raised.value.message
    assert "X @ W1 + b1" in message and "b1 is an array of shape (1, 6)" in message
    assert broadcast_hint() not in message


def _raised(cells, name, *args):
    with Sandbox(cells) as impl:
        with pytest.raises(StudentError) as raised:
            getattr(impl, name)(*args)
    return raised.value


@pytest.mark.sandbox
def test_a_matrix_product_that_does_not_fit_is_said_with_the_transpose_that_would():
    cells = ["import numpy as np\n\ndef back(delta2, W2, Z1):\n"
             "    delta1 = (delta2 @ W2) * Z1\n    return delta1\n"]
    error = _raised(cells, "back", np.ones((4, 1)), np.ones((4, 1)), np.ones((4, 4)))
    mistake, sentence = exceptions.cause(error)
    assert mistake == "matmul_shapes_mismatch"
    # of the products that fit, the one giving the shape the line multiplies it with
    assert "`delta2 @ W2.T` fits" in sentence and "(4, 4)" in sentence


@pytest.mark.sandbox
def test_a_matrix_product_of_two_arrays_of_one_shape_is_said_as_element_wise():
    cells = ["import numpy as np\n\ndef sigmoid_derivative(z):\n    return z * (1 - z)\n\n"
             "def back(delta2, W2, z1):\n"
             "    delta1 = np.dot(np.dot(delta2, W2.T), sigmoid_derivative(z1))\n"
             "    return delta1\n"]
    error = _raised(cells, "back", np.ones((1, 1)), np.ones((4, 1)), np.ones((1, 4)))
    mistake, sentence = exceptions.cause(error)
    assert mistake == "elementwise_as_matrix_product", sentence
    assert "both have shape (1, 4)" in sentence
    assert "np.dot(delta2, W2.T) * sigmoid_derivative(z1)" in sentence


@pytest.mark.sandbox
def test_two_arrays_of_unrelated_shapes_added_are_said_with_their_shapes():
    cells = ["import numpy as np\n\ndef step(W1, dW2, learning_rate):\n"
             "    W1 = W1 - learning_rate * dW2\n    return W1\n",
             "def forward(X, W1, b1):\n    return X @ W1 + b1\n"]
    error = _raised(cells, "step", np.ones((3, 4)), np.ones((4, 1)), 1.0)
    mistake, sentence = exceptions.cause(error)
    assert mistake == "added_shapes_mismatch" and "(3, 4)" in sentence and "(4, 1)" in sentence
    error = _raised(cells, "forward", np.ones((4, 3)), np.ones((3, 4)), np.zeros((1, 6)))
    mistake, sentence = exceptions.cause(error)  # a bias sized for 6 hidden units, not 4
    assert "`X @ W1` has shape (4, 4) and `b1` has shape (1, 6)" in sentence


@pytest.mark.sandbox
def test_shapes_that_fit_name_nothing():
    cells = ["import numpy as np\n\ndef f(A, B):\n    C = A @ B\n    raise ValueError('shapes')\n"]
    assert exceptions.cause(_raised(cells, "f", np.ones((2, 3)), np.ones((3, 2)))) is None


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
@pytest.mark.sandbox
def test_a_standin_whose_answer_comes_after_its_call_timed_out_leaves_the_child_in_step():
    """The grader's answer reaches the child after the call it was for ran out of time: the
    child drops it, so the next replies still answer the next requests (a loaded machine
    made the restore after attribution fail with "unknown request None")."""
    import time

    from autograder.sandbox import CallTimeout, Limits
    from autograder.sandbox.requests import STAND_IN_SLACK

    cells = ["def asks():\n    return sigmoid(0.0)\n", "def fine():\n    return 2\n"]

    def slow(name, args, kwargs):  # slower than the call may take even with stand-ins
        time.sleep(0.4 * STAND_IN_SLACK + 0.6)
        return attribution.respond(name, args, kwargs)

    with Sandbox(cells, Limits(call_timeout=0.4)) as impl:
        with impl.stand_in(["sigmoid"], slow):
            with pytest.raises(CallTimeout):
                impl.asks()
        assert impl.fine() == 2


# --- a wrong call, not a wrong callee (diagnose/callers.py) --------------------------------

RIGHT = (Path(__file__).parents[1] / "course_data" / "sample_submissions" / "ada.py"
         ).read_text().split("if __name__")[0]  # right everywhere


@pytest.mark.sandbox
@pytest.mark.parametrize("old, new, callee, caller", [
    ("dW1, dW2 = backprop(X, Y, W1, W2)", "dW1, dW2 = backprop(X, Y, W2, W1)", "backprop",
     "train"),
    ("    Y_hat = sigmoid(Z2)\n", "    A1, Y_hat = feedforward(X, W2, W1)\n", "feedforward",
     "backprop"),
])
def test_an_error_inside_a_right_function_is_said_as_its_callers_wrong_call(old, new, callee,
                                                                             caller):
    assert old in RIGHT
    with Sandbox([RIGHT.replace(old, new)]) as impl:
        results, _ = run_checks_noted(impl, (2, 4, 5), seed=0)
    failed = [r for r in results if not r.passed]
    assert failed and {r.stage for r in failed} == {4 if caller == "backprop" else 5}
    first = failed[0]
    assert first.mistake == "call_arguments_wrong", first.message
    assert f"Your `{callee}` passes its own checks" in first.message
    assert f"`{caller}` calls it at line" in first.message
    assert "fits:" not in first.message  # no transpose offered for the callee's line


@pytest.mark.sandbox
def test_an_error_inside_a_function_that_fails_its_own_checks_is_not_blamed_on_the_call():
    wrong = RIGHT.replace("dW2 = -(A1.T @ delta2)", "dW2 = -(A1 @ delta2)")
    with Sandbox([wrong]) as impl:
        results, _ = run_checks_noted(impl, (4, 5), seed=0)
    assert any(not r.passed for r in results if r.stage == 4)
    assert all(r.mistake != "call_arguments_wrong" for r in results)


@pytest.mark.sandbox
def test_right_work_is_never_said_to_call_wrongly():
    with Sandbox([RIGHT]) as impl:
        results, _ = run_checks_noted(impl, (2, 4, 5), seed=0)
    assert all(r.passed for r in results)


@pytest.mark.sandbox
def test_a_question_asked_again_is_answered_in_the_child_with_fresh_values():
    """A re-run check asks a stand-in the same questions again (the same data, the same
    weights): the child keeps the grader's answers, so only new questions cross."""
    cells = [HALF_GRADIENT + "\ndef twice(X, Y, W1, W2):\n"
             "    first = backprop(X, Y, W1, W2)\n    first[0][0, 0] = 99.0\n"
             "    return first, backprop(X, Y, W1, W2), backprop(X, Y, W1, 2 * W2)\n"]
    X, Y = np.random.default_rng(0).normal(size=(4, 3)), np.ones((4, 1))
    W1, W2 = np.ones((3, 4)) * 0.1, np.ones((4, 1)) * 0.2
    asked = []

    def respond(name, args, kwargs):
        asked.append(name)
        return attribution.respond(name, args, kwargs)

    with Sandbox(cells) as impl:
        with impl.stand_in(["backprop"], respond):
            _, again, other = impl.twice(X, Y, W1, W2)
        with impl.stand_in(["backprop"], respond):
            impl.twice(X, Y, W1, W2)
    assert asked == ["backprop", "backprop"]  # two distinct questions, each asked once
    np.testing.assert_allclose(again[0], ref_backprop(X, Y, W1, W2)[0])  # not the 99
    np.testing.assert_allclose(other[1], ref_backprop(X, Y, W1, 2 * W2)[1])
