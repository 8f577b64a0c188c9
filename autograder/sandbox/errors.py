"""What can go wrong across the sandbox boundary, as the parent sees it.

Two families:

- :class:`SandboxError` (and subclasses): the child process as a whole failed: it timed out,
  died, ran out of memory or sent something that is not a valid message. After a fatal one
  every later call on the same sandbox raises the same error at once.
- :class:`StudentError`: the student's code raised an exception inside the child. The child
  stays usable. ``NotImplementedError`` arrives as the builtin ``NotImplementedError``.

Values the child cannot send (a generator, an object with a lying ``__eq__``, ...) arrive
as :class:`Unrepresentable`, an inert stand-in that refuses to become a number or an array.
"""

from __future__ import annotations

import keyword


class SandboxError(Exception):
    """The child process failed as a whole; ``reason`` says how, for a student.

    ``student_message`` is what a check result should show (the runner uses it verbatim).
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
        self.student_message = reason


class SandboxStartError(SandboxError):
    """The child could not be started at all: a fault of the grading machine, not the student."""


class CallTimeout(SandboxError):
    """A call (or a cell while loading) ran longer than its wall-clock limit."""


class SubmissionTimeout(CallTimeout):
    """The submission used up its total wall-clock budget."""


class ChildDied(SandboxError):
    """The child process ended: killed by a signal, exited, or hit a resource limit."""


class MemoryLimit(SandboxError):
    """The student's code ran out of memory (the child may still be alive)."""


class ProtocolError(SandboxError):
    """The child sent bytes that are not a valid message (or a value that is too large)."""


class SandboxClosed(SandboxError):
    """The sandbox was used after it was closed."""


class StudentError(Exception):
    """An exception raised by the student's code in the child.

    type_name: the exception's class name in the child ("ValueError", "ZeroDivisionError").
    message:   str() of the exception, capped.
    traceback: the child's formatted traceback (student frames only), capped; "" if none.

    ``student_error_class(type_name)`` makes a subclass whose ``__name__`` is the child's
    type name, so ``type(error).__name__`` reads as the student would expect.
    """

    def __init__(self, type_name: str, message: str, traceback: str = ""):
        super().__init__(message)
        self.type_name = type_name
        self.message = message
        self.traceback = traceback

    def __str__(self) -> str:
        return self.message


_ERROR_CLASSES: dict[str, type[StudentError]] = {}


def student_error_class(type_name: str) -> type[StudentError]:
    """A StudentError subclass named ``type_name`` (cached); plain StudentError if unusable."""
    if not type_name.isidentifier() or keyword.iskeyword(type_name) or len(type_name) > 80:
        return StudentError
    if type_name not in _ERROR_CLASSES:
        _ERROR_CLASSES[type_name] = type(type_name, (StudentError,), {"__module__": "student"})
    return _ERROR_CLASSES[type_name]


def make_student_error(type_name: str, message: str, traceback: str = "") -> Exception:
    """The parent-side exception for an exception the student's code raised in the child."""
    if type_name == "NotImplementedError":
        return NotImplementedError(message)
    return student_error_class(type_name)(type_name, message, traceback)


class Unrepresentable:
    """A value the child could not send: only its type name and a short repr came back.

    It refuses to act as a number or an array, so a check comparing it fails with a clear
    ``TypeError`` instead of being fooled.
    """

    __slots__ = ("type_name", "repr_snippet")

    def __init__(self, type_name: str, repr_snippet: str):
        self.type_name = type_name
        self.repr_snippet = repr_snippet

    def _refuse(self, *_args, **_kwargs):
        raise TypeError(f"the student's code returned a {self.type_name} object "
                        f"({self.repr_snippet}), which is not a number or an array")

    __array__ = __float__ = __int__ = __index__ = __complex__ = __len__ = __iter__ = _refuse
    __bool__ = _refuse

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"<unrepresentable {self.type_name}: {self.repr_snippet}>"
