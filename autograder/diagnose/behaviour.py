"""Behaviour over calls: what a function does when the same inputs come twice.

A function of the contract depends only on its arguments. Called twice with the same
inputs, with another call in between (feedforward on other data, or the same function on
other inputs), it must give the same values; if not, it reads something an earlier call
left behind (a global variable, an attribute of a module or function) instead of computing
it from its own arguments. ``hidden_state`` measures exactly that.

    hidden_state(name, again, disturb) -> Diagnosis | None
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from autograder.diagnose.base import Diagnosis
from autograder.diagnose.probes import hint
from autograder.i18n import N_, tr

HIDDEN_STATE = hint("hidden_state", (
    N_("A function of the course computes everything it uses from its own arguments. Values "
       "kept in a global variable between calls belong to whichever call ran last: compute "
       "them inside the function (or return them and pass them in).")))


def hidden_state(name: str, again: Callable[[], Sequence[np.ndarray]],
                 disturb: Sequence[Callable[[], object]]) -> Diagnosis | None:
    """Call ``again()`` (the student's function on fixed inputs), then each of ``disturb``
    (other calls on other inputs) and ``again()`` once more; a difference is hidden state.

    Every failure of the student's code is silence here: this is only a measurement.
    """
    try:
        first = [np.asarray(v, dtype=float) for v in again()]
        for call in disturb:
            call()
            second = [np.asarray(v, dtype=float) for v in again()]
            if len(first) != len(second) or any(
                    a.shape != b.shape or not np.allclose(a, b, rtol=1e-12, atol=0, equal_nan=True)
                    for a, b in zip(first, second, strict=True)):
                return Diagnosis(HIDDEN_STATE, tr(
                    "`{name}` gave different results for the same inputs after other calls "
                    "ran in between: it uses a value left over from an earlier call (a global "
                    "variable?) instead of computing it from its own arguments.", name=name))
    except Exception:  # noqa: BLE001  (the student's code may fail in any way)
        return None
    return None


IGNORED_ARGUMENT = hint("argument_ignored", (
    N_("Each argument of a contract function changes its result: use the parameter itself "
       "inside the function, not a value written in (1500, 1.0) or a global variable of the "
       "same name.")))


def ignored_argument(name: str, run: Callable[[dict], Sequence[np.ndarray]], base: dict,
                     other: dict) -> Diagnosis | None:
    """Vary one argument at a time (``other[k]`` for ``base[k]``): an argument whose change
    leaves the student's result exactly as it was is ignored (the caller has checked that
    the right result does change)."""
    try:
        first = [np.asarray(v, dtype=float) for v in run(base)]
        for argument, value in other.items():
            again = [np.asarray(v, dtype=float) for v in run({**base, argument: value})]
            if len(first) == len(again) and all(
                    a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
                    for a, b in zip(first, again, strict=True)):
                return Diagnosis(IGNORED_ARGUMENT, tr(
                    "`{name}` gives exactly the same result whatever `{argument}` is (tried "
                    "{old!r} and {new!r}): it ignores that argument.", name=name,
                    argument=argument, old=base[argument], new=value))
    except Exception:  # noqa: BLE001  (the student's code may fail in any way)
        return None
    return None
