"""Repeated method calls in one round trip: the sandbox's `repeat` and the checks' helper.

The stage-5 network checks run the seed's loop (feedforward(), backprop(), 1500 times)
through `checks.base.repeat_methods`: in the child in one round trip on the sandbox's proxy,
as a plain loop on anything else. Both must give the same results, and a class that hangs,
dies or lies inside the loop must be handled like a single call that does.
"""

import re
import types
from pathlib import Path

import numpy as np
import pytest

from autograder.checks import REGISTRY, CheckFailure
from autograder.checks.base import repeat_methods
from autograder.checks.runner import run_check
from autograder.sandbox import (
    CallTimeout,
    ChildDied,
    Limits,
    ProtocolError,
    Sandbox,
    StudentError,
    Unrepresentable,
)
from autograder.sandbox.proxy import repeat_methods as remote_repeat

pytestmark = pytest.mark.sandbox

HONEST = Path(__file__).parent / "hostile" / "honest.py"
MODES = [pytest.param(False, id="rlimits"),
         pytest.param(True, id="bubblewrap", marks=pytest.mark.bwrap)]
NETWORK_CHECKS = [c for c in REGISTRY if c.name in ("network_training", "network_learning_rate")]

COUNTER = '''
import numpy as np

class Counter:
    def __init__(self):
        self.n = 0
        self.value = np.zeros(2)

    def tick(self, by=1):
        self.n += by
        self.value = np.array([self.n, 2.0 * self.n])

    def rewind(self):
        self.n -= 1
'''


@pytest.fixture(params=MODES)
def bubblewrap(request):
    return request.param


def honest_cells() -> list[str]:
    parts = re.split(r"^# %%.*$", HONEST.read_text(), flags=re.MULTILINE)
    return [cell.removeprefix("\n") for cell in parts[1:]]


def in_process(cells: list[str]) -> types.SimpleNamespace:
    namespace: dict = {}
    for cell in cells:
        exec(cell, namespace)
    return types.SimpleNamespace(**{k: v for k, v in namespace.items()
                                    if not k.startswith("__")})


def outcome(result) -> tuple:
    """What a check gave; the sandbox alone also says the student's line (in process, the
    cells have no source the grader can quote), so that part is left out of the comparison."""
    return result.passed, result.points, AT_LINE.sub("", result.message), result.mistake


AT_LINE = re.compile(r" in `[^`]+`, at line \d+: `[^`]*`(, where [^.(]*)?")


# --- the sandbox operation -----------------------------------------------------------

def test_repeat_runs_the_whole_loop_in_one_round_trip(bubblewrap):
    box = Sandbox([COUNTER], Limits(), bubblewrap=bubblewrap)
    with box as impl:
        counter = impl.Counter()
        requests = []
        send = box._request
        box._request = lambda *args, **kwargs: requests.append(args[0]["op"]) or send(
            *args, **kwargs)
        values, stopped = remote_repeat(counter, [("tick", {"by": 2}), ("rewind", {})], 500,
                                        [(0, 0, "value"), (0, 1, "n"), (499, 0, "value")])
        assert requests == ["repeat"]
        assert stopped is None
        np.testing.assert_array_equal(values[0], [2.0, 4.0])
        assert values[1] == 1
        np.testing.assert_array_equal(values[2], [501.0, 1002.0])  # n = 499 + 2
        assert counter.n == 500  # the object lives on with its new state


def test_errors_inside_the_loop_say_where_the_loop_stopped(bubblewrap):
    cells = [COUNTER, "class Picky(Counter):\n"
                      "    def tick(self, by=1):\n"
                      "        if self.n == 7:\n"
                      "            raise ValueError('seven')\n"
                      "        super().tick(by)\n"]
    with Sandbox(cells, Limits(), bubblewrap=bubblewrap) as impl:
        values, stopped = remote_repeat(impl.Picky(), [("tick", {})], 100,
                                        [(i, 0, "n") for i in range(100)])
        assert values == list(range(1, 8))
        assert (stopped.round, stopped.step, stopped.phase, stopped.name) == (7, 0, "call", "tick")
        assert isinstance(stopped.error, StudentError) and str(stopped.error) == "seven"
        values, stopped = remote_repeat(impl.Counter(), [("tick", {})], 3,
                                        [(1, 0, "n"), (1, 0, "missing")])
        assert values == [2] and (stopped.phase, stopped.name) == ("read", "missing")
        assert isinstance(stopped.error, AttributeError)
        values, stopped = remote_repeat(impl.Counter(), [("tock", {})], 3, [])
        assert (stopped.phase, stopped.name) == ("method", "tock")
        assert isinstance(stopped.error, AttributeError)


def test_a_loop_that_hangs_is_stopped_by_one_timeout_for_the_whole_loop(bubblewrap):
    cells = [COUNTER, "class Slow(Counter):\n"
                      "    def tick(self, by=1):\n"
                      "        super().tick(by)\n"
                      "        while self.n == 30:\n"
                      "            pass\n"]
    with Sandbox(cells, Limits(call_timeout=0.5), bubblewrap=bubblewrap) as impl:
        slow = impl.Slow()
        values, stopped = remote_repeat(slow, [("tick", {})], 1500, [(5, 0, "n"), (40, 0, "n")])
        assert values == [6]
        assert (stopped.round, stopped.name) == (29, "tick")
        assert isinstance(stopped.error, CallTimeout)
        assert "1500 rounds of `tick()` did not finish within 0.5 s" in str(stopped.error)
        assert "round 30, in `tick`" in str(stopped.error)
        with pytest.raises(CallTimeout):  # as after a single call: this method fails at once
            slow.tick()
        assert impl.Counter().n == 0  # the child lives on


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
def test_a_loop_that_cannot_be_interrupted_costs_the_child(bubblewrap):
    cells = [COUNTER, "class Stubborn(Counter):\n"
                      "    def tick(self, by=1):\n"
                      "        while True:\n"
                      "            try:\n"
                      "                while True:\n"
                      "                    pass\n"
                      "            except BaseException:\n"
                      "                pass\n"]
    box = Sandbox(cells, Limits(call_timeout=0.5), bubblewrap=bubblewrap)
    with box as impl:
        with pytest.raises(CallTimeout, match="still running"):
            remote_repeat(impl.Stubborn(), [("tick", {})], 10, [])
        assert impl.Counter().n == 0  # a fresh child, same cells
    assert any("was restarted" in note for note in box.notes)


def test_a_loop_that_kills_the_child_raises_child_died(bubblewrap):
    cells = [COUNTER, "import os\nclass Dying(Counter):\n"
                      "    def tick(self, by=1):\n"
                      "        os._exit(4)\n"]
    with Sandbox(cells, Limits(), bubblewrap=bubblewrap) as impl:
        dying = impl.Dying()
        with pytest.raises(ChildDied, match="status 4"):
            remote_repeat(dying, [("tick", {})], 10, [])
        assert impl.Counter().n == 0


def test_values_read_in_the_loop_cannot_lie_or_smuggle_objects(bubblewrap):
    cells = [COUNTER, "class LyingArray(np.ndarray):\n"
                      "    def __eq__(self, other):\n        return True\n"
                      "    def __array__(self, *args, **kwargs):\n"
                      "        return np.ones(2)\n"
                      "class Liar(Counter):\n"
                      "    def tick(self, by=1):\n"
                      "        super().tick(by)\n"
                      "        self.value = np.array([-1.0, -2.0]).view(LyingArray)\n"
                      "        self.me = self\n"
                      "        self.fn = len\n"]
    with Sandbox(cells, Limits(), bubblewrap=bubblewrap) as impl:
        values, stopped = remote_repeat(impl.Liar(), [("tick", {})], 2,
                                        [(1, 0, "value"), (1, 0, "me"), (1, 0, "fn")])
        assert stopped is None
        assert type(values[0]) is np.ndarray
        np.testing.assert_array_equal(values[0], [-1.0, -2.0])  # its true values
        assert isinstance(values[1], Unrepresentable) and values[1].type_name == "Liar"
        assert isinstance(values[2], Unrepresentable)


def test_a_forged_repeat_reply_is_rejected(bubblewrap):
    forge = ("import gc, os, struct, json\n"
             "def reply(header):\n"
             "    fd = next(o for o in gc.get_objects() if type(o).__name__ == 'Server').resp\n"
             "    text = json.dumps(dict(header, blobs=[])).encode()\n"
             "    os.write(fd, struct.pack('>I', len(text)) + text)\n"
             "    os._exit(0)\n"
             "class Forger:\n"
             "    def too_many(self):\n"
             "        reply({'ok': True, 'values': [1, 2, 3], 'stopped': None})\n"
             "    def handle(self):\n"
             "        reply({'ok': True, 'values': [{'h': 1}], 'stopped': None})\n"
             "    def nowhere(self):\n"
             "        reply({'ok': True, 'values': [], 'stopped': [99, 0, 'call', 'x'],\n"
             "               'error': {'ok': False, 'timeout': True}})\n")
    with Sandbox([forge], Limits(), bubblewrap=bubblewrap) as impl:
        for method in ("too_many", "handle", "nowhere"):
            with pytest.raises(ProtocolError):
                remote_repeat(impl.Forger(), [(method, {})], 5, [(0, 0, "x")])


def test_bad_requests_are_refused_before_anything_runs(bubblewrap):
    with Sandbox([COUNTER], Limits(), bubblewrap=bubblewrap) as impl:
        counter = impl.Counter()
        for steps, times, reads in (([], 5, []), ([("tick", {})], 5, [(5, 0, "n")]),
                                    ([("tick", {})], 5, [(2, 0, "n"), (1, 0, "n")])):
            with pytest.raises(ValueError):
                remote_repeat(counter, steps, times, reads)
        assert counter.n == 0


# --- the checks' helper: the same results in-process and through the sandbox ----------

VARIANTS = {
    "honest": "",
    "never_updates": ("class NeuralNetwork(NeuralNetwork):\n"
                      "    def backprop(self, learning_rate=1.0):\n"
                      "        backprop(self.input, self.y, self.weights1, self.weights2)\n"),
    "ascent": ("class NeuralNetwork(NeuralNetwork):\n"
               "    def backprop(self, learning_rate=1.0):\n"
               "        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)\n"
               "        self.weights1 = self.weights1 + learning_rate * dW1\n"
               "        self.weights2 = self.weights2 + learning_rate * dW2\n"),
    "raises_late": ("class NeuralNetwork(NeuralNetwork):\n"
                    "    calls = 0\n"
                    "    def backprop(self, learning_rate=1.0):\n"
                    "        self.calls += 1\n"
                    "        if self.calls == 700:\n"
                    "            raise ValueError('tired')\n"
                    "        super().backprop(learning_rate)\n"),
    "loses_output": ("class NeuralNetwork(NeuralNetwork):\n"
                     "    calls = 0\n"
                     "    def backprop(self, learning_rate=1.0):\n"
                     "        self.calls += 1\n"
                     "        super().backprop(learning_rate)\n"
                     "    def feedforward(self):\n"
                     "        super().feedforward()\n"
                     "        if self.calls >= 50:\n"
                     "            del self.output\n"),
    "no_backprop": ("class NeuralNetwork(NeuralNetwork):\n"
                    "    backprop = property(lambda self: self.missing)\n"),
    "output_a_list": ("class NeuralNetwork(NeuralNetwork):\n"
                      "    def feedforward(self):\n"
                      "        super().feedforward()\n"
                      "        self.output = self.output.tolist()\n"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_network_checks_give_the_same_results_in_process_and_in_the_sandbox(variant):
    cells = honest_cells() + ([VARIANTS[variant]] if VARIANTS[variant] else [])
    alone = {c.name: outcome(run_check(c, in_process(cells), seed=3)) for c in NETWORK_CHECKS}
    with Sandbox(cells, Limits()) as impl:
        boxed = {c.name: outcome(run_check(c, impl, seed=3)) for c in NETWORK_CHECKS}
    assert boxed == alone
    if variant in ("honest", "output_a_list"):  # a list of numbers is accepted as an array
        assert all(result[0] for result in alone.values()), alone
    else:
        assert not alone["network_training"][0]


def test_expected_messages_for_failures_inside_the_loop():
    cells = honest_cells()
    messages = {}
    for variant in ("raises_late", "loses_output", "no_backprop"):
        with Sandbox(cells + [VARIANTS[variant]], Limits()) as impl:
            messages[variant] = run_check(NETWORK_CHECKS[0], impl, seed=0).message
    assert messages["raises_late"] == ("`NeuralNetwork.backprop` raised ValueError: tired "
                                       "in `backprop`, at line 6: `raise ValueError('tired')`")
    assert messages["loses_output"] == "`NeuralNetwork` has no attribute `output`"
    assert messages["no_backprop"] == "`NeuralNetwork.backprop` is not defined"


def test_a_network_that_hangs_in_the_loop_fails_the_check_with_a_timeout():
    hang = ("class NeuralNetwork(NeuralNetwork):\n"
            "    def backprop(self, learning_rate=1.0):\n"
            "        while True:\n"
            "            pass\n")
    with Sandbox(honest_cells() + [hang], Limits(call_timeout=0.5)) as impl:
        result = run_check(NETWORK_CHECKS[0], impl, seed=0)
    assert not result.passed
    assert "did not finish within 0.5 s" in result.message
    assert "round 1, in `backprop`" in result.message


def test_the_helper_hands_values_over_in_order_and_stops_at_the_first_failure():
    class Plain:
        def __init__(self):
            self.n = 0

        def tick(self):
            self.n += 1

    seen = []

    def each(k, value):
        seen.append((k, value))
        if value == 3:
            raise CheckFailure("three")

    obj = Plain()
    with pytest.raises(CheckFailure, match="three"):
        repeat_methods(obj, "Plain", [("tick", {})], 10, [(i, 0, "n") for i in range(10)], each)
    assert seen == [(0, 1), (1, 2), (2, 3)] and obj.n == 3  # a plain loop stops at once


def test_through_the_sandbox_a_loop_wrong_from_its_first_rounds_stops_early(bubblewrap):
    reads = [(i, 0, "n") for i in (0, 1, 2, 3, 4, 5, 10, 100, 1499)]

    def run(impl, stop_at):
        seen = []

        def each(k, value):
            seen.append((k, value))
            if value == stop_at:
                raise CheckFailure("stop")

        counter = impl.Counter()
        try:
            repeat_methods(counter, "Counter", [("tick", {})], 1500, reads, each)
        except CheckFailure:
            pass
        return seen, counter.n

    with Sandbox([COUNTER], Limits(), bubblewrap=bubblewrap) as impl:
        seen, rounds = run(impl, stop_at=1)
        assert seen == [(0, 1)] and rounds == 6  # the first round trip only, not 1500
        seen, rounds = run(impl, stop_at=None)
        assert seen == [(k, i + 1) for k, (i, _, _) in enumerate(reads)] and rounds == 1500
        seen, rounds = run(impl, stop_at=101)
        assert seen[-1] == (7, 101) and rounds == 1500  # one round trip for the rest
