"""The pieces every check is built from: Check, CheckFailure, register(), REGISTRY, helpers.

A check is a small function ``check_<name>(impl, rng) -> None``. It calls the student's code
through :func:`call` (so a missing name, a stub or a crash becomes a readable failure),
turns what came back into plain numpy with :func:`as_array` / :func:`as_number` (so a lying
object cannot pass a comparison), compares it with the reference solution on inputs drawn
from ``rng``, and raises :class:`CheckFailure` with a message a student can act on.

``impl`` may be a module, a ``SimpleNamespace`` or the sandbox's proxy to a child process, so
checks only call functions with float64 arrays, Python numbers and keyword arguments,
construct ``impl.NeuralNetwork(X, Y)``, set and read attributes and call methods.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.diagnose import callers, exceptions
from autograder.i18n import listed, tr

VISIBILITIES = ("visible", "hidden")

#: Every registered check in registration order (stage modules are imported in stage order).
REGISTRY: list[Check] = []

CheckFunction = Callable[[Any, np.random.Generator], None]


@dataclass(frozen=True)
class Check:
    """One registered check.

    name: the function's name without its ``check_`` prefix, e.g. ``"sigmoid_values"``.
    stage: 1 sigmoid, 2 feedforward, 3 sse_loss, 4 backprop, 5 train and NeuralNetwork
        (later stages may register more).
    points: what passing earns. visibility: "visible" or "hidden".
    func: ``func(impl, rng)``; returns None on success, raises CheckFailure otherwise.
    description: the first line of the function's docstring (what it checks).
    """

    name: str
    stage: int
    points: int
    visibility: str
    func: CheckFunction
    description: str = ""


class CheckFailure(Exception):
    """A check failed; ``message`` is for the student, ``mistake`` names a known mistake."""

    def __init__(self, message: str, mistake: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.mistake = mistake


def register(stage: int, points: int, visibility: str = "visible"
             ) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: add ``check_<name>(impl, rng)`` to REGISTRY under ``<name>``."""
    if type(stage) is not int or stage < 1:
        raise ValueError(f"stage must be a positive int, not {stage!r}")
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {VISIBILITIES}, not {visibility!r}")
    if points < 1:
        raise ValueError("a check must be worth at least one point")

    def decorate(func: CheckFunction) -> CheckFunction:
        name = func.__name__.removeprefix("check_")
        if any(check.name == name for check in REGISTRY):
            raise ValueError(f"a check named {name!r} is already registered")
        doc = (func.__doc__ or "").strip().splitlines()
        REGISTRY.append(Check(name, stage, points, visibility, func, doc[0] if doc else ""))
        return func

    return decorate


# --- calling student code -------------------------------------------------------------

def describe_exception(what: str, exc: BaseException) -> str:
    """A one-line account of an exception raised by the student's ``what``."""
    text = getattr(exc, "student_message", None)
    if isinstance(text, str) and text:
        return text
    kind = type(exc).__name__
    if _not_implemented(exc):
        return tr("`{what}` is not implemented yet", what=what)
    detail = str(exc).strip().splitlines()
    detail = detail[-1] if detail else ""
    if detail.startswith("matmul: Input operand") and "mismatch" in detail:
        detail = tr("the shapes in a matrix product do not fit")  # numpy's gufunc signature
    if len(detail) > 200:
        detail = detail[:197] + "..."
    line = exceptions.at_line(exc)  # the student's own line, with its operands' shapes
    if detail:
        return tr("`{what}` raised {kind}: {detail}", what=what, kind=kind,
                  detail=detail) + line
    return tr("`{what}` raised {kind}", what=what, kind=kind) + line


def _not_implemented(exc: BaseException) -> bool:
    """True for a NotImplementedError (also one the sandbox re-raised by name)."""
    return isinstance(exc, NotImplementedError) or type(exc).__name__ == "NotImplementedError"


def broadcast_hint() -> str:
    """Added to numpy's broadcasting errors, whose usual cause in this course is `*` for `@`."""
    return tr(" (this usually means `*`, an element-wise product, was used where a matrix "
              "product `@` was needed)")


#: The contract's functions that involve no matrix product: the "`*` for `@`" hint never
#: applies to them.
NO_MATRIX_PRODUCT = frozenset({
    "sigmoid", "sigmoid_derivative", "sse_loss", "tanh", "tanh_derivative", "relu",
    "relu_derivative", "leaky_relu", "leaky_relu_derivative", "softmax", "cross_entropy",
    "accuracy"})


def with_diagnosis(failure: CheckFailure, found: Any) -> CheckFailure:
    """The failure with a diagnosis's explanation appended and its mistake named.

    found: a ``diagnose.Diagnosis`` (mistake, explanation) or None (failure unchanged).
    """
    if found is None:
        return failure
    text = found.explanation[0].upper() + found.explanation[1:]
    plain = getattr(failure, "undiagnosed", failure.message).replace(broadcast_hint(), "")
    diagnosed = CheckFailure(tr("{message}. {diagnosis}", message=plain, diagnosis=text),
                             found.mistake)
    diagnosed.undiagnosed = plain  # a more specific diagnosis may replace this one
    diagnosed.raised_in = getattr(failure, "raised_in", None)
    return diagnosed


def with_context(failure: CheckFailure, context: str) -> CheckFailure:
    """The failure with `` (context)`` appended, except for "not implemented"/"not defined"."""
    if failure.mistake in ("not_implemented", "not_defined"):
        return failure
    placed = CheckFailure(tr("{message} ({context})", message=failure.message, context=context),
                          failure.mistake)
    placed.raised_in = getattr(failure, "raised_in", None)
    if getattr(failure, "undiagnosed", None):  # the observation alone, in its place too
        placed.undiagnosed = tr("{message} ({context})", message=failure.undiagnosed,
                                context=context)
    return placed


#: Exceptions that mean a name was used before it was given a value (or misspelt).
UNDEFINED = ("NameError", "UnboundLocalError")


def _failure_for(what: str, exc: BaseException) -> CheckFailure:
    failure = _failure_said(what, exc)
    failure.raised_in = callers.raised_in(exc, what)  # another function's line: whose fault?
    return failure


def _failure_said(what: str, exc: BaseException) -> CheckFailure:
    message = describe_exception(what, exc)
    told = getattr(exc, "student_message", None)  # the sandbox's own account comes first
    told = isinstance(told, str) and bool(told)
    mistake = "not_implemented" if _not_implemented(exc) and not told else None
    if mistake is None and type(exc).__name__ in UNDEFINED and not told \
            and not exceptions.module_not_imported(exc):
        mistake = "undefined_variable"
    if mistake is None and type(exc).__name__ == "AttributeError" and \
            "'NeuralNetwork' object has no attribute" in str(exc):
        mistake = "attribute_not_set"
    found = exceptions.cause(exc) if mistake is None else None
    if found is not None:
        mistake, sentence = found
        failure = CheckFailure(tr("{message}. {diagnosis}", message=message,
                                  diagnosis=sentence), mistake)
        failure.undiagnosed = message
        return failure
    if mistake is None and "could not be broadcast together" in message and \
            what.split(".")[0] not in NO_MATRIX_PRODUCT and exceptions.may_be_star(exc):
        message += broadcast_hint()
    return CheckFailure(message, mistake)


def get_function(impl: Any, name: str) -> Any:
    """``impl.<name>``, or a CheckFailure saying the name is not defined."""
    try:
        return getattr(impl, name)
    except AttributeError:
        raise CheckFailure(tr("`{name}` is not defined", name=name), "not_defined") from None
    except Exception as exc:  # a proxy or a property may fail in other ways
        raise _failure_for(name, exc) from None


def call(impl: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """Call the student's ``impl.<name>(*args, **kwargs)``; every failure becomes a CheckFailure.

    Array arguments are passed as copies, so nothing the student's code does to them can
    change the caller's arrays (checks that test "inputs are not modified" pass their own
    copies to :func:`call_raw`).
    """
    args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    kwargs = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    return call_raw(impl, name, *args, **kwargs)


def call_raw(impl: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """Like :func:`call` but passes the argument objects themselves."""
    func = get_function(impl, name)
    if not callable(func):
        raise CheckFailure(tr("`{name}` should be a function, but it is {value}", name=name,
                              value=describe(func)))
    try:
        return func(*args, **kwargs)
    except CheckFailure:
        raise
    except (Exception, SystemExit) as exc:  # a student's exit() must not end grading
        raise _failure_for(name, exc) from None


def call_method(obj: Any, owner: str, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``obj.<method>(...)`` on a student's object; ``owner`` names it in messages."""
    what = f"{owner}.{method}"
    try:
        bound = getattr(obj, method)
    except AttributeError:
        raise CheckFailure(tr("`{name}` is not defined", name=what), "not_defined") from None
    except (Exception, SystemExit) as exc:  # a student's exit() must not end grading
        raise _failure_for(what, exc) from None
    try:
        return bound(*args, **kwargs)
    except (Exception, SystemExit) as exc:  # a student's exit() must not end grading
        raise _failure_for(what, exc) from None


def get_attribute(obj: Any, owner: str, attribute: str) -> Any:
    """Read ``obj.<attribute>``; a missing attribute becomes a CheckFailure."""
    try:
        return getattr(obj, attribute)
    except AttributeError:
        raise CheckFailure(tr("`{owner}` has no attribute `{attribute}`", owner=owner,
                              attribute=attribute), "attribute_not_set") from None
    except (Exception, SystemExit) as exc:  # a student's exit() must not end grading
        raise _failure_for(f"{owner}.{attribute}", exc) from None


def set_attribute(obj: Any, owner: str, attribute: str, value: Any) -> None:
    """Set ``obj.<attribute> = value``; a failure becomes a CheckFailure."""
    try:
        setattr(obj, attribute, value)
    except (Exception, SystemExit) as exc:  # a student's exit() must not end grading
        raise _failure_for(tr("setting {owner}.{attribute}", owner=owner, attribute=attribute),
                           exc) from None


def repeat_methods(obj: Any, owner: str, steps: Sequence[tuple[str, dict]], times: int,
                   reads: Sequence[tuple[int, int, str]],
                   each: Callable[[int, Any], None]) -> None:
    """Run ``obj.<method>(**kwargs)`` for each of ``steps``, ``times`` rounds, as a loop would.

    reads: (round, step, attribute) in loop order; ``obj.<attribute>`` is read right after
    that step of that round and handed to ``each(k, value)`` (k indexes ``reads``), which
    checks it and raises CheckFailure to stop. A failing call or read becomes the same
    CheckFailure as :func:`call_method` / :func:`get_attribute` give.

    On the sandbox's proxy the loop runs in the child, in two round trips (each under one
    call timeout): the rounds up to the FIRST_READS-th read, then the rest only if ``each``
    accepted those, so that a network wrong from its first step does not run all its
    rounds (as the plain loop would not). ``each`` sees the values in order, so the outcome
    is the one the plain loop gives; on anything else (a module, a SimpleNamespace) it is
    the plain loop.
    """
    batched = _batched_loop(obj)
    if batched is None:
        k = 0
        for i in range(times):
            for j, (method, kwargs) in enumerate(steps):
                call_method(obj, owner, method, **kwargs)
                while k < len(reads) and reads[k][:2] == (i, j):
                    each(k, get_attribute(obj, owner, reads[k][2]))
                    k += 1
        return
    k = 0
    for start, end in _segments(times, reads):
        part = [(i - start, j, name) for i, j, name in reads if start <= i < end]
        try:
            values, stopped = batched(steps, end - start, part)
        except Exception as exc:
            if not isinstance(getattr(exc, "student_message", None), str):
                raise  # not the student's doing: a fault of the grader
            # the sandbox failed as a whole (a hang that ignored the timeout, a crash)
            raise _failure_for(f"{owner}.{steps[0][0]}", exc) from None
        for value in values:
            each(k, value)
            k += 1
        if stopped is not None:
            raise _stopped_failure(owner, stopped)


#: The batched loop's first round trip ends with the round of this many reads (see
#: ``repeat_methods``).
FIRST_READS = 6


def _segments(times: int, reads: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The rounds [start, end) of each round trip: up to the FIRST_READS-th read's round,
    then the rest (one segment when that is all of them)."""
    if len(reads) <= FIRST_READS:
        return [(0, times)]
    split = reads[FIRST_READS - 1][0] + 1
    return [(0, split), (split, times)] if 0 < split < times else [(0, times)]


def _batched_loop(obj: Any) -> Callable | None:
    """The sandbox's one-round-trip loop for a remote object, or None for anything else."""
    try:
        from autograder.sandbox.proxy import RemoteObject, repeat_methods
    except ImportError:
        return None
    if type(obj) is not RemoteObject:
        return None
    return lambda steps, times, reads: repeat_methods(obj, steps, times, reads)


def _stopped_failure(owner: str, stopped: Any) -> CheckFailure:
    """The CheckFailure the plain loop would have raised where the batched loop stopped."""
    error = stopped.error
    if stopped.phase == "read":
        if isinstance(error, AttributeError):
            return CheckFailure(tr("`{owner}` has no attribute `{attribute}`", owner=owner,
                                   attribute=stopped.name), "attribute_not_set")
        return _failure_for(f"{owner}.{stopped.name}", error)
    what = f"{owner}.{stopped.name}"
    if stopped.phase == "method" and isinstance(error, AttributeError):
        return CheckFailure(tr("`{name}` is not defined", name=what), "not_defined")
    return _failure_for(what, error)


# --- turning returned values into plain numpy, trusting nothing -----------------------

_INT_TYPES = (int, np.int8, np.int16, np.int32, np.int64,
              np.uint8, np.uint16, np.uint32, np.uint64)
_FLOAT_TYPES = (float, np.float16, np.float32, np.float64)
_NUMBER_TYPES = _INT_TYPES + _FLOAT_TYPES


def _is_number(value: Any) -> bool:
    """Exact int/float types only: no bool, no subclasses that could lie about their value."""
    return type(value) in _NUMBER_TYPES


def _is_numeric_array(value: Any) -> bool:
    """A plain ndarray of ints, floats or bools (a bool mask's values are 0 and 1)."""
    return type(value) is np.ndarray and value.dtype.kind in "biuf"


def _none_failure(what: str, expected: str) -> CheckFailure:
    """A function gave None where it should return something: its return is missing."""
    return CheckFailure(tr("{what} should be {expected}, but it is None: the function returns "
                           "nothing (is the `return` line missing?)", what=what,
                           expected=expected), "returns_none")


def describe(value: Any) -> str:
    """A short, safe description of a returned value (never calls the value's own methods)."""
    kind = type(value)
    if value is None:
        return "None"
    if kind is bool:
        return tr("the bool {value}", value=value)
    if _is_number(value):
        return tr("the number {value:.6g}", value=float(value))
    if kind is str:
        text = value if len(value) <= 40 else value[:37] + "..."
        return tr("the string {text}", text=repr(text))
    if kind is np.ndarray:
        return tr("an array of shape {shape} and dtype {dtype}", shape=value.shape,
                  dtype=value.dtype)
    if kind is list:
        return tr("a list of length {length}", length=len(value))
    if kind is tuple:
        return tr("a tuple of length {length}", length=len(value))
    if kind is dict:
        return tr("a dict with {count} keys", count=len(value))
    name = _sandbox_type_name(value)
    if name is None and kind.__name__ == "RemoteObject":  # the sandbox's handle on one
        return tr("an object of your own code (not a number, an array or a list)")
    return tr("an object of type {type}", type=name or kind.__name__)


def _sandbox_type_name(value: Any) -> str | None:
    """The student-side type name of a value the sandbox could not send, else None."""
    try:
        from autograder.sandbox.errors import Unrepresentable
    except ImportError:
        return None
    if type(value) is Unrepresentable and type(value.type_name) is str:
        return value.type_name
    return None


def _plain_nested(value: Any, depth: int = 0) -> bool:
    """True if value is a number or a (nested) list/tuple of numbers only."""
    if _is_number(value):
        return True
    if type(value) in (list, tuple) and depth < 8:
        return all(_plain_nested(v, depth + 1) for v in value)
    return False


def as_array(value: Any, what: str) -> np.ndarray:
    """A fresh float64 copy of a returned array, number, or list of numbers.

    Arrays of bools count as their values 0 and 1 (the contract asks for values, not a
    dtype). Anything else (None, strings, objects, complex or object arrays, ragged lists)
    raises a CheckFailure that says what came back instead.
    """
    if value is None:
        raise _none_failure(what, tr("a numpy array"))
    if _is_numeric_array(value):
        return np.array(value, dtype=np.float64, copy=True)
    if type(value) is np.ndarray:
        raise CheckFailure(tr("{what} should hold real numbers, but it is {value}", what=what,
                              value=describe(value)))
    if _is_number(value):
        return np.array(float(value), dtype=np.float64)
    if type(value) in (list, tuple) and _plain_nested(value):
        try:
            return np.array(value, dtype=np.float64)
        except ValueError:
            raise CheckFailure(tr("{what} is a ragged {kind}; return a numpy array", what=what,
                                  kind=type(value).__name__)) from None
    if type(value) in (list, tuple) and value and all(_is_numeric_array(v) for v in value):
        shapes = {v.shape for v in value}
        if len(shapes) == 1:
            return np.array(np.stack(value), dtype=np.float64, copy=True)
    raise CheckFailure(tr("{what} should be a numpy array, but it is {value}", what=what,
                          value=describe(value)))


def as_number(value: Any, what: str) -> float:
    """A returned single number as a Python float.

    Accepted: Python and numpy ints and floats, and arrays holding exactly one number
    with no dimensions (a 0-d array). Anything else raises a CheckFailure.
    """
    if value is None:
        raise _none_failure(what, tr("a single number"))
    if _is_number(value):
        return float(value)
    if _is_numeric_array(value) and value.ndim == 0:
        return float(value.item())
    if _is_numeric_array(value):
        raise CheckFailure(tr("{what} should be a single number, but it is {value}; did you "
                              "forget to add the entries up?", what=what, value=describe(value)))
    raise CheckFailure(tr("{what} should be a single number, but it is {value}", what=what,
                          value=describe(value)))


def as_pair(value: Any, what: str, names: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """A returned pair (tuple or list of two arrays) as two float64 arrays."""
    return tuple(as_sequence(value, what, names))  # type: ignore[return-value]


def as_sequence(value: Any, what: str, names: tuple[str, ...]) -> list[np.ndarray]:
    """A returned tuple or list of ``len(names)`` arrays as float64 arrays."""
    count = len(names)
    if value is None:
        raise CheckFailure(tr("{what} should return a tuple of {count} arrays ({names}), but it "
                              "returned None: the `return` line is missing", what=what,
                              count=count, names=", ".join(names)), "returns_none")
    if type(value) not in (tuple, list) or len(value) != count:
        raise CheckFailure(tr("{what} should return a tuple of {count} arrays ({names}), but it "
                              "returned {value}", what=what, count=count,
                              names=", ".join(names), value=describe(value)))
    return [as_array(v, tr("{name} from {what}", name=name, what=what))
            for v, name in zip(value, names, strict=True)]


# --- comparing -----------------------------------------------------------------------

def require_shape(array: np.ndarray, shape: tuple[int, ...], what: str, hint: str = "") -> None:
    """Fail unless ``array.shape == shape``."""
    if array.shape != tuple(shape):
        message = tr("{what} has shape {shape}, expected {expected}", what=what,
                     shape=array.shape, expected=tuple(shape)) + hint
        if len(shape) == 2 and shape[1] == 1 and array.shape == tuple(shape[:1]):
            raise CheckFailure(message + tr(". It is a flat (1-D) array of {n} numbers where a "
                                            "column of shape {expected} is expected: "
                                            "`np.zeros(n)` makes a flat one, `np.zeros((n, 1))` "
                                            "(or `np.zeros(y.shape)`) a column.", n=shape[0],
                                            expected=tuple(shape)), "flat_instead_of_column")
        if len(shape) == 2 and shape[0] != shape[1] and array.shape == tuple(shape[::-1]):
            raise CheckFailure(message + tr(". It is the transpose of what is expected: the two "
                                            "sizes are swapped ({rows} rows, {columns} "
                                            "columns are expected).", rows=shape[0],
                                            columns=shape[1]), "transposed_shape")
        raise CheckFailure(message)


def require_2d(arrays: Sequence[np.ndarray], names: Sequence[str], what: str) -> None:
    """Fail unless every returned array is a matrix (2-D), e.g. A1 of shape (n, h)."""
    for array, name in zip(arrays, names, strict=True):
        if array.ndim != 2:
            raise CheckFailure(tr("{name} from {what} should be a 2-D array (a matrix), but it "
                                  "has shape {shape}", name=name, what=what, shape=array.shape))


def require_finite(array: np.ndarray, what: str, context: str = "") -> None:
    """Fail if the array contains NaN or infinity."""
    if not np.all(np.isfinite(array)):
        if np.any(np.isnan(array)):
            raise CheckFailure(tr("{what} contains NaN{context}", what=what, context=context))
        raise CheckFailure(tr("{what} contains infinity{context}", what=what, context=context))


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """CS231n's relative error: max of |a - b| / max(1e-8, |a| + |b|) over all entries."""
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def first_mismatch(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    """Describe the first entry out of tolerance (NaN included): its index, expected and got."""
    outside = ~(np.abs(got - expected) <= atol + rtol * np.abs(expected))
    if got.ndim == 0:
        return tr(": expected {expected:.8g}, got {got:.8g}", expected=float(expected),
                  got=float(got))
    flat = int(np.argmax(outside.ravel())) if np.any(outside) else 0
    index = np.unravel_index(flat, got.shape)
    return tr(" at index {index}: expected {expected:.8g}, got {got:.8g}",
              index=list(map(int, index)), expected=float(expected[index]),
              got=float(got[index]))


def values_match(got: np.ndarray, expected: np.ndarray, rtol: float = 1e-7,
                 atol: float = 1e-12) -> bool:
    """Same shape, no NaN, and within rtol/atol of the expected values everywhere."""
    return (got.shape == expected.shape and bool(np.all(np.isfinite(got)))
            and bool(np.allclose(got, expected, rtol=rtol, atol=atol)))


def shape_text(*arrays: np.ndarray) -> str:
    """'(5, 3), (3, 4)' for the shapes of the given arrays ('(5, 3)、(3, 4)' in Chinese)."""
    return listed(str(a.shape) for a in arrays)


def names_text(names: str) -> str:
    """'X, W1, W2' said as a list of the current language ('X、W1、W2' in Chinese)."""
    return listed(names.split(", "))
