"""What train's checks say about mistakes in how the losses and weights are kept."""

import types
from pathlib import Path

import pytest

from autograder.checks.runner import run_checks

ADA = (Path(__file__).resolve().parents[1] / "course_data" / "sample_submissions" / "ada.py"
       ).read_text().split('if __name__')[0]


def graded(old: str, new: str) -> list:
    """Stage 5's failed checks on ada.py (correct) with ``old`` replaced by ``new``."""
    assert old in ADA
    module = types.ModuleType("student")
    exec(compile(ADA.replace(old, new), "student.py", "exec"), module.__dict__)
    return [r for r in run_checks(module, [5], seed=0) if not r.passed]


def test_correct_training_says_nothing():
    assert graded("losses = []", "losses = []") == []


@pytest.mark.parametrize("old, new, mistake, words", [
    ("losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))",
     "losses = sse_loss(feedforward(X, W1, W2)[1], Y)", "losses_overwritten", "losses.append"),
    ("    for _ in range(iterations):\n        losses.append(",
     "    for i in range(iterations):\n        if i % 100 == 0:\n            losses.append(",
     "losses_recorded_every_few", "every 100 iterations"),
    ("    return W1, W2, np.array(losses)", "    return W1_in, W2_in, np.array(losses)",
     "returns_given_weights", "the initial ones"),
    ("np.array(losses)", "np.array(losses).astype(int)", "losses_stored_as_integers",
     "whole number"),
    ("self.output = np.zeros(self.y.shape)", "self.output = np.zeros(len(self.y))",
     "flat_instead_of_column", "flat (1-D)"),
])
def test_a_training_mistake_is_named(old, new, mistake, words):
    source = (old, new)
    if "W1_in" in new:  # keep the given weights under other names, train copies
        source = ("    W1 = W1.copy()", "    W1_in, W2_in = W1, W2\n    W1 = W1.copy()")
        failed = graded_two(source, (old, new))
    else:
        failed = graded(*source)
    assert failed, "the mistake should cost points"
    named = [r for r in failed if r.mistake == mistake]
    assert named and words in named[0].message, [(r.name, r.mistake, r.message) for r in failed]


def graded_two(first: tuple[str, str], second: tuple[str, str]) -> list:
    global ADA
    saved = ADA
    try:
        ADA = ADA.replace(*first)
        return graded(*second)
    finally:
        ADA = saved


def loss_failures(new_body: str) -> list:
    module = types.ModuleType("student")
    exec(compile(ADA.replace("    return float(np.sum((Y - Y_hat) ** 2))", new_body),
                 "student.py", "exec"), module.__dict__)
    return [r for r in run_checks(module, [3], seed=0) if not r.passed]


def test_a_loss_summed_along_one_axis_is_named():
    failed = loss_failures("    return np.sum((Y - Y_hat) ** 2, axis=0)")
    named = [r for r in failed if r.mistake == "loss_summed_over_one_axis"]
    assert named and "axis=0" in named[0].message and "column" in named[0].message


def test_a_loss_that_keeps_a_running_total_is_named():
    failed = loss_failures("    global TOTAL\n    TOTAL = globals().get('TOTAL', 0.0) + "
                           "float(np.sum((Y - Y_hat) ** 2))\n    return TOTAL")
    assert any(r.mistake == "hidden_state" for r in failed), [r.message for r in failed]
    assert loss_failures("    return float(np.sum((Y - Y_hat) ** 2))") == []


def test_losses_that_stay_at_the_starting_loss_while_the_weights_train_are_named():
    failed = graded("    for _ in range(iterations):\n        losses.append(sse_loss("
                    "feedforward(X, W1, W2)[1], Y))",
                    "    start = sse_loss(feedforward(X, W1, W2)[1], Y)\n"
                    "    for _ in range(iterations):\n        losses.append(start)")
    mistakes = {r.mistake for r in failed}
    assert "losses_of_starting_weights" in mistakes and "train_never_updates" not in mistakes


def test_a_transposed_weight_shape_is_named():
    failed = graded("self.weights2 = np.random.rand(4, 1)", "self.weights2 = np.random.rand(1, 4)")
    named = [r for r in failed if r.mistake == "transposed_shape"]
    assert named and "swapped" in named[0].message


def test_a_loss_recorded_once_outside_the_loop_is_not_blamed_on_the_default():
    failed = graded("    for _ in range(iterations):\n        losses.append(sse_loss("
                    "feedforward(X, W1, W2)[1], Y))\n",
                    "    losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))\n"
                    "    for _ in range(iterations):\n")
    mistakes = {r.name: r.mistake for r in failed}
    assert mistakes["train_loss_count"] == "loss_recorded_once", failed
    assert mistakes["train_course_result"] == "loss_recorded_once", failed


def test_a_wrong_default_iterations_is_still_named_as_the_default():
    failed = graded("iterations=1500", "iterations=150")
    assert {r.name: r.mistake for r in failed}["train_course_result"] == \
        "default_argument_wrong", failed


@pytest.mark.parametrize("returned, words", [
    ("np.array(losses), W1, W2", "returns (losses, W1, W2)"),
    ("W2, W1, np.array(losses)", "returns (W2, W1, losses)"),
    ("losses", "returned only the losses"),
])
def test_trains_results_in_another_order_are_named(returned, words):
    failed = graded("    return W1, W2, np.array(losses)", f"    return {returned}")
    first = failed[0]
    assert first.mistake == "results_in_wrong_order" and words in first.message, failed


def test_another_well_known_loss_in_sse_loss_is_named():
    failed = loss_failures("    P = np.clip(Y_hat, 1e-12, 1 - 1e-12)\n"
                           "    return float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))")
    named = [r for r in failed if r.mistake == "another_loss"]
    assert named and "cross-entropy" in named[0].message, [r.message for r in failed]


def test_another_loss_recorded_while_training_is_named():
    failed = graded("losses.append(sse_loss(feedforward(X, W1, W2)[1], Y))",
                    "losses.append(float(np.sqrt(np.mean((Y - feedforward(X, W1, W2)[1]) "
                    "** 2))))")
    named = [r for r in failed if r.mistake == "another_loss_recorded"]
    assert named and "square root of the mean squared error" in named[0].message, \
        [(r.mistake, r.message) for r in failed]
