"""Behaviour over calls: state left behind by an earlier call is found and named."""

import numpy as np
import pytest

from autograder.diagnose import behaviour, exceptions
from autograder.sandbox import Sandbox, StudentError

KEEPS = '''
import numpy as np
kept = None

def remember(x):
    global kept
    kept = x * 2
    return kept

def uses(x):
    return x + kept
'''


def test_a_function_that_reads_what_another_call_left_is_named():
    state = {"kept": np.ones(3)}

    def uses(x):
        return [x + state["kept"]]

    def remember():
        state["kept"] = np.full(3, 5.0)

    found = behaviour.hidden_state("uses", lambda: uses(np.zeros(3)), [remember])
    assert found and found.mistake == "hidden_state" and "`uses`" in found.explanation


def test_a_pure_function_is_never_named():
    def pure(x):
        return [x * 2, x.sum()]

    calls = [lambda: pure(np.arange(5.0)) for _ in range(3)]
    assert behaviour.hidden_state("pure", lambda: pure(np.ones(3)), calls) is None
    # and a function that fails is silence, not a diagnosis
    assert behaviour.hidden_state("bad", lambda: 1 / 0, calls) is None


@pytest.mark.sandbox
def test_an_exception_in_a_function_reading_a_global_array_names_it():
    with Sandbox([KEEPS]) as impl:
        impl.remember(np.ones((5, 1)))
        with pytest.raises(StudentError) as raised:
            impl.uses(np.ones((4, 3)))
        mistake, sentence = exceptions.cause(raised.value)
        assert mistake == "hidden_state" and "`kept`" in sentence and "(5, 1)" in sentence
        with pytest.raises(StudentError) as raised:
            impl.remember(None)  # fails too, but only writes the global: not named so
        assert exceptions.cause(raised.value) is None


@pytest.mark.sandbox
def test_a_missing_contract_parameter_is_named_with_its_default():
    cells = ["class NeuralNetwork:\n    def backprop(self):\n        pass\n"]
    with Sandbox(cells) as impl:
        nn = impl.NeuralNetwork()
        with pytest.raises(StudentError) as raised:
            nn.backprop(learning_rate=0.5)
    mistake, sentence = exceptions.cause(raised.value)
    assert mistake == "parameter_missing" and "`learning_rate=1.0`" in sentence


def test_an_argument_that_changes_nothing_is_named_and_a_used_one_is_not():
    from solutions import train

    def fixed(X, Y, W1, W2, iterations=1500, learning_rate=1.0):
        return train(X, Y, W1, W2, iterations=4, learning_rate=learning_rate)

    rng = np.random.default_rng(0)
    X, Y, W1, W2 = rng.normal(size=(4, 3)), rng.uniform(size=(4, 1)), \
        rng.normal(size=(3, 4)), rng.normal(size=(4, 1))
    base, other = dict(iterations=2, learning_rate=1.0), dict(iterations=3, learning_rate=0.5)
    found = behaviour.ignored_argument("train", lambda a: fixed(X, Y, W1, W2, **a), base, other)
    assert found and found.mistake == "argument_ignored" and "`iterations`" in found.explanation
    assert behaviour.ignored_argument("train", lambda a: train(X, Y, W1, W2, **a),
                                      base, other) is None
