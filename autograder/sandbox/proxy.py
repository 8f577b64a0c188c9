"""Parent-side stand-ins for the student's names: functions, classes and objects in the child.

``impl.sigmoid`` asks the child what ``sigmoid`` is *now* and returns a callable, a class
stand-in or the value itself; nothing is cached, so a name the student rebinds is seen
rebound. Calling one sends the arguments over the wire and brings the value back. Arrays
read from a remote object's attribute are copies: write them back with ``obj.attr = value``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from autograder.sandbox.sandbox import Sandbox


class RemoteFunction:
    """A function (or bound method) living in the child; calling it runs it there."""

    def __init__(self, sandbox: Sandbox, target: dict, name: str,
                 generation: int | None = None):
        self._sandbox = sandbox
        self._target = target
        self._generation = generation
        self.__name__ = self.__qualname__ = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._sandbox.call(self._target, args, kwargs, self.__name__, self._generation)

    def __repr__(self) -> str:
        return f"<student function {self.__name__} (in a sandbox)>"


class RemoteClass(RemoteFunction):
    """A class living in the child; calling it creates an object there (a RemoteObject)."""

    def __repr__(self) -> str:
        return f"<student class {self.__name__} (in a sandbox)>"


class RemoteObject:
    """An object living in the child: attribute reads, writes and method calls go there."""

    __slots__ = ("_sandbox", "_handle", "_generation")

    def __init__(self, sandbox: Sandbox, handle: int, generation: int):
        object.__setattr__(self, "_sandbox", sandbox)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_generation", generation)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._sandbox.get_attribute(self._handle, name, self._generation)

    def __setattr__(self, name: str, value: Any) -> None:
        self._sandbox.set_attribute(self._handle, name, value, self._generation)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._sandbox.call({"handle": self._handle}, args, kwargs, "object",
                                  self._generation)

    def __repr__(self) -> str:
        return f"<student object #{self._handle} (in a sandbox)>"

    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        raise TypeError("the student's code returned one of its own objects where a number "
                        "or an array was expected")

    __array__ = __float__ = __int__ = __index__ = __complex__ = _refuse


class SandboxProxy:
    """The implementation under test: ``impl.name`` is the student's ``name`` in the child.

    A name the student did not define raises AttributeError, as a module would.
    """

    __slots__ = ("_sandbox",)

    def __init__(self, sandbox: Sandbox):
        object.__setattr__(self, "_sandbox", sandbox)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._sandbox.lookup(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError("the student's names cannot be replaced from outside the sandbox")

    def __dir__(self) -> list[str]:
        return self._sandbox.names()

    def __repr__(self) -> str:
        return "<student code (in a sandbox)>"

    def stand_in(self, names, respond):
        """Context manager: the student's ``names`` ask ``respond`` (see Sandbox.stand_in)."""
        return self._sandbox.stand_in(names, respond)


@dataclass(frozen=True)
class Stopped:
    """Where and why a repeated sequence of method calls stopped early.

    round, step: 0-based indices of the round and of the step in it.
    phase: "method" (looking the method up), "call" (calling it) or "read" (reading an
    attribute after the step). name: the method's or the attribute's name.
    error: what a single call (or read) through the proxy would have raised there.
    """

    round: int
    step: int
    phase: str
    name: str
    error: Exception


def repeat_methods(obj: RemoteObject, steps: Sequence[tuple[str, dict]], times: int,
                   reads: Sequence[tuple[int, int, str]]) -> tuple[list[Any], Stopped | None]:
    """Run ``obj.<method>(**kwargs)`` for each of ``steps``, ``times`` rounds, in the child.

    One round trip for the whole loop, which the sandbox's call timeout covers as a whole.
    reads: (round, step, attribute) in loop order; ``obj.attribute`` is read right after
    that step of that round. Returns the values read, in order (fewer if the loop stopped
    early), and where it stopped (None if it ran to the end). See ``Sandbox.repeat``.
    """
    return obj._sandbox.repeat(obj._handle, steps, times, reads, obj._generation)
