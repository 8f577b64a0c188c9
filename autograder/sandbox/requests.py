"""The requests of one sandbox: what the proxy asks of the student's code, and its replies.

Calls: an exception in the student's code arrives as a StudentError (NotImplementedError as
itself) and the child lives on. A call that outlives ``call_timeout`` raises CallTimeout.
A call that kills the child (``os._exit``, a signal, a hang that ignores the interrupt, a
malformed reply) raises ChildDied, CallTimeout or ProtocolError; the child is then started
again for the calls that follow (see ``sandbox.py``), so a student loses only what broke.
Either way, later calls of the *same* function fail at once with the same error. When the
restarts or the submission's total time are used up, the sandbox has failed: every later
call raises the same SandboxError at once (``failure``).

The ``Requests`` part of ``sandbox.Sandbox``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from autograder.i18n import tr
from autograder.sandbox import callback, wire
from autograder.sandbox.codec import refuse_handle
from autograder.sandbox.errors import (
    CallTimeout,
    ChildDied,
    MemoryLimit,
    ProtocolError,
    SandboxClosed,
    SandboxError,
    SubmissionTimeout,
    Unrepresentable,
    make_student_error,
)
from autograder.sandbox.process import ChildProcess, Gone, Timeout
from autograder.sandbox.proxy import RemoteClass, RemoteFunction, Stopped

#: While stand-ins answer from the grader (attribution re-runs), a call may take this many
#: times ``call_timeout``: its time includes the grader's round trips, not only the student's.
STAND_IN_SLACK = 5
#: The most rounds and reads one ``repeat`` request may ask for.
MAX_ROUNDS = 1_000_000
MAX_READS = 10_000


class Requests:
    """Requests for ``Sandbox``: its child, deadline, memo of replies and broken names."""

    def _usable(self, key: str) -> ChildProcess:
        if self.failure is not None:
            raise type(self.failure)(self.failure.reason)
        if key in self._broken:
            raise type(self._broken[key])(self._broken[key].reason)
        if self._state == "restart":
            self._restart()
        if self._child is None or self._state != "ready":
            raise SandboxClosed("the sandbox is not running")
        return self._child

    def _check_generation(self, generation: int | None) -> None:
        if generation is not None and generation != self.generation:
            raise ChildDied("this object was lost when the program stopped earlier")

    def _request(self, header: dict, blobs: list[np.ndarray], label: str, key: str = ""
                 ) -> tuple[dict, list[np.ndarray]]:
        """Send a request and return the reply; SandboxError if the child fails."""
        key = key or label
        with self._lock:
            child = self._usable(key)
            now = time.monotonic()
            allowed = self.limits.call_timeout * (STAND_IN_SLACK if self._respond else 1)
            timeout = max(0.01, min(allowed, self._deadline - now))
            header["timeout"] = self._last_timeout = timeout
            deadline = min(self._deadline, now + timeout + self._grace())
            try:
                child.send(wire.pack(header, blobs), deadline)
                reply = child.receive(deadline)
                while reply[0].get("op") == "callback":  # a stand-in asks (see stand_in)
                    if self._respond is None:
                        raise wire.WireError("a callback nobody asked for")
                    child.send(callback.answer(*reply, self._respond), deadline)
                    reply = child.receive(deadline)
                return reply
            except Timeout:
                if time.monotonic() >= self._deadline:
                    raise self._fail(SubmissionTimeout(self._total_message())) from None
                raise self._crashed(CallTimeout(tr(
                    "`{label}` was still running after {seconds} s (an endless loop?)",
                    label=label, seconds=f"{timeout:g}")), key) from None
            except Gone:
                reason = self._exit_reason()
                raise self._crashed(ChildDied(tr(
                    "the program stopped while running `{label}`: {reason}", label=label,
                    reason=reason)), key) from None
            except wire.WireError as error:
                raise self._crashed(ProtocolError(
                    f"`{label}` sent back something that is not a valid value ({error})"
                ), key) from None
            except BaseException:
                self._fail(SandboxError("grading was interrupted"))
                raise

    def _reply(self, reply: tuple[dict, list[np.ndarray]], label: str, key: str = ""
               ) -> tuple[dict, list[np.ndarray]]:
        """The reply if it is a success; otherwise raise what the student's code raised."""
        header, blobs = reply
        if header.get("ok") is True:
            return header, blobs
        if header.get("timeout") is True:
            if time.monotonic() >= self._deadline - 0.1:  # cut short by the total limit
                raise self._fail(SubmissionTimeout(self._total_message()))
            error = CallTimeout(tr("`{label}` was still running after {seconds} s (an "
                                   "endless loop?)", label=label,
                                   seconds=f"{self._last_timeout:g}"))
            self._broken[key or label] = error
            raise error
        report = header.get("error")
        if type(report) is not dict or not all(
                type(report.get(k)) is str for k in ("type", "message", "traceback")):
            raise self._crashed(ProtocolError(f"`{label}` sent back an invalid error report"),
                                key or label)
        if report["type"] == "MemoryError":
            gib = self.limits.memory_bytes / 1024**3
            raise MemoryLimit(tr("`{label}` ran out of memory (the limit is {gib} GiB)",
                                 label=label, gib=f"{gib:g}"))
        raise make_student_error(report["type"][:80], report["message"][:500],
                                 report["traceback"][:2000])


    # ------------------------------------------------------------------ the proxy's API

    def lookup(self, name: str) -> Any:
        """The student's ``name``: RemoteFunction, RemoteClass or a value (AttributeError
        if the student did not define it).

        A function or class is described once per child (a check calls it many times); a
        call finds the name in the child again, so it runs what the name holds then.
        """
        known = self._callables.get(name)
        if known is not None and known[0] == self.generation and self.failure is None \
                and self._state == "ready" and name not in self._broken:
            return known[1]
        header, blobs = self._reply(self._request({"op": "describe", "name": name}, [], name),
                                    name)
        if header.get("kind") == "missing":
            raise AttributeError(f"name {name!r} is not defined")
        value = self._described(header, blobs, {"name": name}, name)
        if isinstance(value, RemoteFunction | RemoteClass):
            self._callables[name] = (self.generation, value)
        return value

    def names(self) -> list[str]:
        """The names the student's code defined."""
        header, _ = self._reply(self._request({"op": "dir"}, [], "dir"), "dir")
        names = header.get("names")
        return [n for n in names if type(n) is str] if type(names) is list else []

    def call(self, target: dict, args: tuple, kwargs: dict, label: str,
             generation: int | None = None) -> Any:
        """Call a function, class or method in the child with ``args``/``kwargs``.

        generation: for a method of a remote object, the generation the object belongs to.
        Array arguments the call modified in place are modified here too.
        """
        self._check_generation(generation)
        key = target.get("name") or "." + str(target.get("attr", "()"))
        blobs: list[np.ndarray] = []
        arrays: dict[int, tuple[int, np.ndarray]] = {}
        header = {"op": "call", "target": target,
                  "args": self._encode(tuple(args), blobs, arrays),
                  "kwargs": self._encode(dict(kwargs), blobs, arrays)}
        header["readonly"] = [i for i, a in arrays.values() if not a.flags.writeable]
        remembered = self._memo.recall(header, blobs) if self._replaying else None
        if remembered is not None:
            reply, blobs_back = remembered
        else:
            started = time.monotonic()
            reply, blobs_back = self._reply(self._request(header, blobs, label, key), label,
                                            key)
            if self._respond is None:
                self._memo.remember(header, blobs, (reply, blobs_back),
                                    time.monotonic() - started)
        decoder = self._decoder(blobs_back)
        try:
            value = decoder.decode(reply.get("value"))
            self._write_back(reply.get("mutated"), decoder, arrays)
        except wire.WireError as error:
            raise self._invalid(label, error) from None
        return value

    @contextlib.contextmanager
    def stand_in(self, names: Sequence[str], respond: callback.Respond) -> Iterator[None]:
        """Within: the student's ``names`` call back here, ``respond(name, args, kwargs)``
        answering them (see callback.py); the student's own are back afterwards. Calls are
        neither replayed nor remembered meanwhile (the same call answers differently)."""
        self._reply(self._request({"op": "stand_in", "names": list(names)}, [], "stand_in"),
                    "stand_in")
        self._respond, replaying, self._replaying = respond, self._replaying, False
        try:
            yield
        finally:
            self._respond, self._replaying = None, replaying
            if self._child is not None and self._state == "ready" and self.failure is None:
                self._reply(self._request({"op": "restore"}, [], "restore"), "restore")

    @contextlib.contextmanager
    def replaying(self) -> Iterator[None]:
        """Within: a call identical to a slow one made before (same function, same
        arguments, same child) gets that call's reply again instead of running again."""
        self._replaying = True
        try:
            yield
        finally:
            self._replaying = False


    def get_attribute(self, handle: int, name: str, generation: int | None = None) -> Any:
        """``obj.name`` of remote object ``handle`` (AttributeError if it has none).

        A method of the object's class is remembered, so calling it again (a training
        loop of ``nn.feedforward(); nn.backprop()``) costs one round trip, not two.
        """
        self._check_generation(generation)
        target = {"handle": handle, "attr": name}
        if name in self._methods.get(handle, ()):
            return RemoteFunction(self, target, name, generation)
        request = {"op": "getattr", "handle": handle, "attr": name}
        try:
            header, blobs = self._reply(self._request(request, [], name, "." + name), name,
                                        "." + name)
        except Exception as error:
            if getattr(error, "type_name", None) == "AttributeError":
                raise AttributeError(str(error)) from None
            raise
        if header.get("method") is True and header.get("kind") == "function":
            self._methods.setdefault(handle, set()).add(name)
        return self._described(header, blobs, target, name)

    def set_attribute(self, handle: int, name: str, value: Any,
                      generation: int | None = None) -> None:
        """``obj.name = value`` on remote object ``handle``."""
        self._check_generation(generation)
        self._methods.get(handle, set()).discard(name)
        blobs: list[np.ndarray] = []
        node = self._encode(value, blobs, {})
        request = {"op": "setattr", "handle": handle, "attr": name, "value": node}
        self._reply(self._request(request, blobs, name, "." + name), name, "." + name)

    def repeat(self, handle: int, steps: Sequence[tuple[str, dict]], times: int,
               reads: Sequence[tuple[int, int, str]], generation: int | None = None
               ) -> tuple[list[Any], Stopped | None]:
        """Call methods of remote object ``handle`` many rounds in a row, in one round trip.

        steps: (method, kwargs) called in order each round; times: rounds; reads:
        (round, step, attribute) in loop order, ``obj.attribute`` read right after that
        step of that round. The call timeout covers the whole loop. Returns the values read
        (validated like any other value; remote objects are refused) and, if the loop
        stopped early, a Stopped whose ``error`` is what a single call or read would have
        raised there. A loop that kills or hangs the child raises the SandboxError, and its
        methods fail at once afterwards, as a single call's would.
        """
        self._check_generation(generation)
        steps = [(str(name), dict(kwargs)) for name, kwargs in steps]
        reads = [(int(i), int(j), str(name)) for i, j, name in reads]
        if not steps or not 0 <= times <= MAX_ROUNDS or len(reads) > MAX_READS or any(
                not (0 <= i < times and 0 <= j < len(steps)) for i, j, _ in reads) or \
                reads != sorted(reads, key=lambda r: (r[0], r[1])):
            raise ValueError("invalid repeat request")
        keys = ["." + name for name, _ in steps]
        for j, key in enumerate(keys):
            if key in self._broken:  # an earlier call broke this method: fail at once
                error = self._broken[key]
                return [], Stopped(0, j, "call", steps[j][0], type(error)(error.reason))
        label = "; ".join(f"{name}()" for name, _ in steps)
        blobs: list[np.ndarray] = []
        header = {"op": "repeat", "handle": handle, "times": times,
                  "steps": [[name, self._encode(kwargs, blobs, {})] for name, kwargs in steps],
                  "reads": [list(read) for read in reads]}
        try:
            reply, blobs_back = self._reply(self._request(header, blobs, label, keys[0]),
                                            label, keys[0])
        except SandboxError as error:
            for key in keys:
                self._broken.setdefault(key, error)
            raise
        decoder = wire.Decoder(blobs_back, refuse_handle, Unrepresentable)
        try:
            nodes = reply.get("values")
            if type(nodes) is not list or len(nodes) > len(reads):
                raise wire.WireError("invalid list of values read")
            values = [decoder.decode(node) for node in nodes]
            if reply.get("stopped") is None:
                if len(values) != len(reads):
                    raise wire.WireError("fewer values than reads")
                return values, None
            stop = self._stopped(reply.get("stopped"), reply.get("error"), steps, times,
                                 reads, len(values))
        except wire.WireError as error:
            raise self._invalid(label, error) from None
        return values, stop

    def _stopped(self, where: Any, report: Any, steps: list[tuple[str, dict]], times: int,
                 reads: list[tuple[int, int, str]], done: int) -> Stopped:
        """The Stopped a ``repeat`` reply describes (wire.WireError if it is inconsistent)."""
        if (type(where) is not list or len(where) != 4 or type(where[0]) is not int
                or type(where[1]) is not int or not 0 <= where[0] < times
                or not 0 <= where[1] < len(steps) or type(report) is not dict):
            raise wire.WireError("invalid account of where the loop stopped")
        i, j, phase, name = where
        if phase == "read":
            expected = [r for r in reads if r[:2] == (i, j)]
            before = sum(r[:2] < (i, j) for r in reads)
            if not (before <= done < before + len(expected)
                    and expected[done - before][2] == name):
                raise wire.WireError("invalid account of where the loop stopped")
        elif phase not in ("method", "call") or name != steps[j][0] \
                or done != sum(r[:2] < (i, j) for r in reads):
            raise wire.WireError("invalid account of where the loop stopped")
        key = "." + steps[j][0]
        if report.get("timeout") is True:
            if time.monotonic() >= self._deadline - 0.1:  # cut short by the total limit
                raise self._fail(SubmissionTimeout(self._total_message()))
            calls = ", ".join(f"`{step}()`" for step, _ in steps)
            error: Exception = CallTimeout(tr(
                "{times} rounds of {calls} did not finish within {seconds} s; the time ran out "
                "in round {round}, in `{name}` (an endless loop?)", times=times, calls=calls,
                seconds=f"{self._last_timeout:g}", round=i + 1, name=name))
            self._broken[key] = error
            return Stopped(i, j, phase, name, error)
        try:
            self._reply((report, []), name, key)
        except AttributeError as error:
            return Stopped(i, j, phase, name, error)
        except SandboxError as error:
            if isinstance(error, ProtocolError):
                raise
            return Stopped(i, j, phase, name, error)
        except Exception as error:  # the student's exception, as a single call raises it
            if phase != "call" and getattr(error, "type_name", None) == "AttributeError":
                error = AttributeError(str(error))
            return Stopped(i, j, phase, name, error)
        raise wire.WireError("a loop that stopped without an error")
