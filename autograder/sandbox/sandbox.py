"""One submission's sandbox: start the child, load the cells, serve the proxy's requests.

    with Sandbox(cells, limits) as impl:      # cells: the student's Python source, in order
        impl.sigmoid(np.array([0.0]))         # runs in the child; the value comes back
    sandbox.notes                             # "cell 3 skipped: SyntaxError: ... (line 2)"

Loading: the cells run in order in one namespace; a cell that does not compile or raises is
skipped with a note and the rest still run. A cell that hangs is interrupted after
``call_timeout`` (in the child) and skipped. A cell that kills the whole process (or hangs
beyond the in-child timeout) is noted, and the child is restarted without it (at most
``MAX_LOAD_ATTEMPTS`` starts), so one hostile or broken cell costs only itself.

Calls: an exception in the student's code arrives as a StudentError (NotImplementedError as
itself) and the child lives on. A call that outlives ``call_timeout`` raises CallTimeout.
A call that kills the child (``os._exit``, a signal, a hang that ignores the interrupt, a
malformed reply) raises ChildDied, CallTimeout or ProtocolError; the child is then started
again for the calls that follow, after every such death (within the submission's total
time; at most ``MAX_RESTARTS`` times), so a student loses only what broke. Either way,
later calls of the *same* function fail at once with the same error. When the restarts or
the submission's total time are used up, the sandbox has failed: every later call raises
the same SandboxError at once (``failure``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from autograder.i18n import tr
from autograder.sandbox import callback, cgroup, child, containment, wire, zygote
from autograder.sandbox.errors import (
    CallTimeout,
    ChildDied,
    MemoryLimit,
    ProtocolError,
    SandboxClosed,
    SandboxError,
    SandboxStartError,
    SubmissionTimeout,
    Unrepresentable,
    make_student_error,
)
from autograder.sandbox.launch import bwrap_plan, join_prefix, plain_plan, probe_bwrap
from autograder.sandbox.limits import Limits, rlimit_settings
from autograder.sandbox.process import Capture, ChildProcess, Gone, Timeout
from autograder.sandbox.proxy import (
    RemoteClass,
    RemoteFunction,
    RemoteObject,
    SandboxProxy,
    Stopped,
)
from autograder.sandbox.replay import ReplayMemo

MAX_LOAD_ATTEMPTS = 3
#: A child that dies during a call is started again for the calls that follow: after every
#: such death (each function can break it once: its later calls fail at once), bounded by the
#: submission's total time and, against a pathological submission, by this many restarts.
MAX_RESTARTS = 40
START_TIMEOUT = 30.0
#: While stand-ins answer from the grader (attribution re-runs), a call may take this many
#: times ``call_timeout``: its time includes the grader's round trips, not only the student's.
STAND_IN_SLACK = 5
MAX_NOTE = 500
#: The most rounds and reads one ``repeat`` request may ask for.
MAX_ROUNDS = 1_000_000
MAX_READS = 10_000
#: Warm children inherit the zygote's imports (about 256 MiB of address space).
WARM_MIN_MEMORY = 512 * 1024**2
log = logging.getLogger("autograder.sandbox")


def warm_allowed(limits: Limits) -> bool:
    """Whether children may be forked from a zygote under ``limits`` (not turned off by
    SCRATCHNET_SANDBOX_WARM=0, and memory enough for the zygote's imports)."""
    return (os.environ.get("SCRATCHNET_SANDBOX_WARM") != "0"
            and limits.memory_bytes >= WARM_MIN_MEMORY)


def child_sources() -> dict[str, str]:
    """The source text the child runs (it never imports the autograder package)."""
    return child.sources()


class Sandbox:
    """The student's code, loaded in a child process; use as a context manager.

    cells:        the student's code cells (plain Python source), in order.
    limits:       resource limits (defaults: ``Limits()``).
    bubblewrap:   True: require bubblewrap; False: resource limits only; None: bubblewrap
                  where it works.
    module_name:  ``__name__`` inside the cells ("__main__", as in a notebook).
    warm:         under bubblewrap, fork the child from a warm zygote (numpy and matplotlib
                  already imported; see zygote.py). None: where it works (unless the
                  environment sets SCRATCHNET_SANDBOX_WARM=0); False: never.
    confine:      without bubblewrap, have the child confine itself (a network namespace,
                  Landlock: writes only in its scratch folder); None: unless the environment
                  sets SCRATCHNET_UNCONFINED=1. ``isolation`` says what took effect.
    modules:      the student's own module names, one per file, in the order the cells
                  run them: each file is a module of its own, importable by its name, and
                  the last one's namespace (with the others' names) is the one read.
    module_cells: how many of ``cells`` each of ``modules`` holds.
    seed:         seeds ``random`` and numpy's global generator in the child before the
                  cells run (the grading seed: unseeded randomness gives the same feedback
                  on every run).

    After ``__enter__``: ``notes`` (load notes for the student), ``isolation``
    ("bubblewrap" or "rlimits only"), ``containment`` (see containment.py: "cgroup v1 per
    submission", "unprivileged user nobody", "resource limits only"), ``stdout``/``stderr``
    (captured, capped text), ``failure`` (the SandboxError that ended the child early, or
    None). After ``close``: ``usage``, the peak processes and memory the submission's
    processes reached together (from its cgroup; None where there is none).
    Use it from one thread: the child is tied to the thread that started it.
    """

    def __init__(self, cells: Sequence[str], limits: Limits | None = None, *,
                 bubblewrap: bool | None = None, module_name: str = "__main__",
                 warm: bool | None = None, seed: int | None = None,
                 modules: Sequence[str] = (), module_cells: Sequence[int] = (),
                 confine: bool | None = None):
        self.cells = [str(cell) for cell in cells]
        self.modules = [str(m) for m in modules]
        self.module_cells = [int(n) for n in module_cells]
        # without bubblewrap: Landlock and a network namespace (unless SCRATCHNET_UNCONFINED=1)
        self.confine = (os.environ.get("SCRATCHNET_UNCONFINED") != "1" if confine is None
                        else confine)
        self.seed = int(seed or 0)
        self.containment = ""
        self.usage = cgroup.Usage()
        self._contained: containment.Containment | None = None
        self._group: cgroup.Group | None = None
        self._prefix: tuple[str, ...] = ()
        self.limits = limits or Limits()
        self.bubblewrap = bubblewrap
        self.warm = warm
        self.module_name = module_name
        self.isolation = ""
        self.failure: SandboxError | None = None
        self._notes: list[tuple[int, str]] = []
        self._child: ChildProcess | None = None
        self._workdir: str | None = None
        self._captures: list[tuple[Capture, Capture]] = []
        self._broken: dict[str, SandboxError] = {}
        self._methods: dict[int, set[str]] = {}
        self._memo = ReplayMemo()
        self._callables: dict[str, tuple[int, Any]] = {}
        self._replaying = False
        self._respond: callback.Respond | None = None
        self._skip: set[int] = set()
        self._bwrap: str | None = None
        self._restarts = 0
        self._last_timeout = self.limits.call_timeout
        self.generation = 0
        self._lock = threading.RLock()
        self._deadline = float("inf")
        self._state = "new"

    # ------------------------------------------------------------------ public

    @property
    def notes(self) -> list[str]:
        return [text for _, text in sorted(self._notes, key=lambda note: note[0])]

    @property
    def stdout(self) -> str:
        return "".join(out.text() for out, _ in self._captures)

    @property
    def stderr(self) -> str:
        return "".join(err.text() for _, err in self._captures)

    def __enter__(self) -> SandboxProxy:
        self.start()
        return SandboxProxy(self)

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the child and load the cells; SandboxError if that is impossible."""
        if self._state != "new":
            raise SandboxError("a sandbox can be started only once")
        self._state = "starting"
        self._deadline = time.monotonic() + self.limits.total_timeout
        try:
            self._contained = containment.current()
        except containment.ContainmentError as error:
            self._state = "closed"
            raise SandboxStartError(str(error)) from None
        self.containment = self._contained.description
        self._prefix = tuple(self._contained.setpriv())
        allowed = self.bubblewrap is not False and self._contained.bubblewrap
        bwrap = probe_bwrap(self._prefix) if allowed else None
        if self.bubblewrap and bwrap is None:
            self._state = "closed"
            raise SandboxStartError("bubblewrap was required, but it does not work here")
        self._bwrap = bwrap
        self.isolation = "bubblewrap" if bwrap else "rlimits only"
        try:
            for _ in range(MAX_LOAD_ATTEMPTS):
                culprit = self._load_once(bwrap, self._skip)
                if culprit is None:
                    self._state = "ready"
                    return
                if culprit == 0 or isinstance(self.failure, SubmissionTimeout):
                    break
                self._skip.add(culprit)
                self._end_child()
                self.failure = None
        except BaseException:
            self.close()
            raise
        failure = self.failure or SandboxError("the code could not be loaded")
        self.close()
        raise failure

    def close(self) -> None:
        """End the child and everything it started; idempotent."""
        with self._lock:
            self._end_child()
            if self.failure is None:
                self.failure = SandboxClosed("the sandbox is closed")
            self._state = "closed"

    # ------------------------------------------------------------------ loading

    def _warm_zygote(self, bwrap: str | None):
        """A zygote to fork from (bubblewrap, warm starts allowed, enough memory), or None."""
        if not bwrap or self.warm is False or not warm_allowed(self.limits):
            return None
        return zygote.acquire(bwrap, child_sources(), self.limits.workspace_bytes,
                              self._prefix)

    def _new_group(self) -> cgroup.Group | None:
        """The submission's cgroup (None when the containment has none)."""
        home = self._contained.home if self._contained else None
        if home is None:
            return None
        try:
            return home.new_group(self.limits.max_processes, self.limits.memory_bytes)
        except cgroup.CgroupError as error:
            raise SandboxStartError(f"the sandbox could not start: {error}") from None

    def _spawn(self, bwrap: str | None, boot: dict) -> tuple[ChildProcess, bool]:
        """A started child, and whether it still needs its boot message."""
        child = None
        home = self._contained.home if self._contained else None
        warm = self._warm_zygote(bwrap)
        if warm is not None:
            spec = {key: boot[key] for key in ("rlimits", "module_name", "max_request_bytes",
                                               "seed")}
            spec["workspace_bytes"] = self.limits.workspace_bytes
            try:
                if home is not None:  # the zygote is in it already, or joins it now
                    self._group = warm.take_group(home, self.limits.max_processes,
                                                  self.limits.memory_bytes)
                child = ChildProcess.fork_from(warm, spec, self.limits.output_cap,
                                               self.limits.max_reply_bytes, self._group)
            except (zygote.ZygoteError, OSError) as error:
                zygote.release(warm, healthy=False)
                if self._group is not None:
                    self._group.kill()
                    self._group.remove()
                    self._group = None
                log.info("scratchnet sandbox: a zygote failed (%s); starting afresh", error)
        if child is None:
            self._group = group = self._new_group()
            if bwrap:
                plan = bwrap_plan(bwrap, self.limits.workspace_bytes)
            else:
                self._workdir = tempfile.mkdtemp(prefix="scratchnet-sandbox-")
                user = self._contained.user if self._contained else None
                if user is not None:
                    os.chown(self._workdir, user.uid, user.gid)
                plan = plain_plan(self._workdir)
            prefix = join_prefix(group.join_files if group else []) + list(self._prefix)
            try:
                child = ChildProcess.start(plan, self.limits.output_cap,
                                           self.limits.max_reply_bytes, prefix)
            except OSError as error:
                raise SandboxStartError(f"the sandbox could not start: {error}") from None
        self._child = child
        self._captures.append((child.stdout, child.stderr))
        return child, isinstance(child.process, zygote.ZygoteProcess)

    def _load_once(self, bwrap: str | None, skip: set[int]) -> int | None:
        """One start and load. None on success; else the 1-based cell that killed the
        child (0 if unknown), with ``self.failure`` set and a note added."""
        user = self._contained.user if self._contained else None
        uid = user.uid if user is not None else os.getuid()
        boot = {"sources": child_sources(),
                "rlimits": rlimit_settings(self.limits, uid), "module_name": self.module_name,
                "max_request_bytes": 1 << 30, "supervise": bwrap is None, "seed": self.seed,
                "parent": os.getpid()}
        child, forked = self._spawn(bwrap, boot)
        if bwrap is None and self.confine:  # its scratch folder exists now
            boot["confine"] = self._workdir
        if not forked:  # a warm child has its imports already: only a fresh one needs paths
            boot["path"] = self._site(bwrap)
        cells = [None if i in skip else c for i, c in enumerate(self.cells, start=1)]
        load = {"op": "load", "cells": cells, "cell_timeout": self.limits.call_timeout,
                "modules": self.modules, "module_cells": self.module_cells}
        start_deadline = min(self._deadline, time.monotonic() + START_TIMEOUT)
        try:
            if not forked:
                child.send(wire.pack(boot), start_deadline)
            child.send(wire.pack(load), start_deadline)
            header, _ = child.receive(start_deadline)
            if header.get("op") != "ready" or type(header.get("pid")) is not int:
                raise wire.WireError("no ready message")
            if not bwrap:
                self.isolation = confinement_of(header.get("confined"))
            if not bwrap:  # the worker's pid is real (no PID namespace): watch the worker
                child.watch(header["pid"])
        except (Gone, Timeout, wire.WireError) as error:
            if forked and child.exit_status(wait=1.0) == zygote.ISOLATION_FAILED:
                zygote.disable((bwrap, self._prefix), "a forked child could not isolate itself")
                self._end_child()
                return self._load_once(bwrap, skip)
            tail = child.stderr.text().strip().splitlines()[-3:]
            detail = " / ".join(tail) or type(error).__name__
            raise SandboxStartError(f"the sandbox could not start ({detail})") from None
        current = 0
        while True:
            deadline = min(self._deadline, time.monotonic() + self.limits.call_timeout
                           + self._grace())
            try:
                header, _ = child.receive(deadline)
            except Timeout:
                if time.monotonic() >= self._deadline:
                    self.failure = SubmissionTimeout(self._total_message())
                    self._note(current, f"cell {current} was still running when the "
                               f"submission's time ran out")
                else:
                    seconds = self.limits.call_timeout
                    self.failure = CallTimeout(f"cell {current} was still running after "
                                               f"{seconds:g} s (an endless loop?)")
                    self._note(current, f"cell {current} skipped: still running after "
                               f"{seconds:g} s and could not be interrupted")
                return current
            except Gone:
                reason = self._exit_reason()
                self.failure = ChildDied(f"the program stopped while loading: {reason}")
                if current:
                    self._note(current, f"cell {current} skipped: it stopped the program "
                               f"({reason})")
                else:
                    self._note(0, f"the program stopped while loading ({reason})")
                return current
            except wire.WireError as error:
                self.failure = ProtocolError(f"the program sent an invalid message ({error})")
                self._note(0, "loading failed: the program sent an invalid message")
                return 0
            if header.get("op") == "cell" and type(header.get("index")) is int:
                current = header["index"]
                continue
            if header.get("ok") is True and self._take_notes(header.get("notes")):
                if isinstance(child.process, zygote.ZygoteProcess):
                    modules = header.get("modules")
                    child.process.modules = modules if type(modules) is list else []
                return None
            self.failure = ProtocolError("the program sent an invalid message while loading")
            return 0

    def _take_notes(self, notes: Any) -> bool:
        if type(notes) is not list:
            return False
        for entry in notes[:len(self.cells)]:
            if (type(entry) is not list or len(entry) != 2 or type(entry[0]) is not int
                    or type(entry[1]) is not str):
                return False
            self._note(entry[0], entry[1])
        return True

    def _note(self, index: int, text: str) -> None:
        text = text if len(text) <= MAX_NOTE else text[:MAX_NOTE - 3] + "..."
        if (index, text) not in self._notes:
            self._notes.append((index, text))

    def _site(self, bwrap: str | None) -> list[str]:
        if bwrap:
            return bwrap_plan(bwrap, self.limits.workspace_bytes).site
        return plain_plan(self._workdir or "/").site

    def _grace(self) -> float:
        return min(2.0, max(0.5, 0.2 * self.limits.call_timeout))

    def _total_message(self) -> str:
        return tr("the submission used up its time limit of {seconds} s",
                  seconds=f"{self.limits.total_timeout:g}")

    # ------------------------------------------------------------------ the child's end

    def _exit_reason(self) -> str:
        """How the child ended, for a student: "exited with status 3", "killed by ..."."""
        code = self._child.exit_status(wait=2.0) if self._child else None
        if self._group is not None and self._group.usage().oom_kills:
            gib = self.limits.memory_bytes / 1024**3
            return tr("it ran out of memory (its processes may use {gib} GiB together)",
                      gib=f"{gib:g}")
        if code is None:
            return tr("it stopped responding")
        if 0 <= code <= 128:
            return tr("it exited with status {code}", code=code)
        number = -code if code < 0 else code - 128
        if number == signal.SIGXCPU:
            return tr("it used up its CPU time limit of {seconds} s",
                      seconds=self.limits.cpu_seconds)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "unknown signal"
        return tr("it was killed by signal {number} ({name})", number=number, name=name)

    def _end_child(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None
        if self._group is not None:  # whatever is left in the cgroup: killed, then removed
            group, self._group = self._group, None
            self._add_usage(group.usage())
            cgroup.dispose(group)
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _add_usage(self, usage: cgroup.Usage) -> None:
        """Keep the highest peaks of all the children this sandbox started."""
        for name in ("peak_processes", "peak_memory"):
            value = getattr(usage, name)
            if value is not None:
                setattr(self.usage, name, max(value, getattr(self.usage, name) or 0))
        self.usage.oom_kills += usage.oom_kills

    def _crashed(self, error: SandboxError, key: str) -> SandboxError:
        """The child ended during a request for ``key``: remember it, end what is left,
        and plan a restart if any remain. Returns the error to raise."""
        self._broken[key] = error
        self._end_child()
        if (isinstance(error, SubmissionTimeout) or self._restarts >= MAX_RESTARTS
                or time.monotonic() >= self._deadline):
            self.failure = error
            self._note(10**9, error.reason)
        else:
            self._restarts += 1
            self._state = "restart"
            self._note(10**9 - MAX_RESTARTS + self._restarts,
                       tr("{reason}; the program was restarted for the remaining checks",
                          reason=error.reason))
        return error

    def _fail(self, error: SandboxError) -> SandboxError:
        """Record a fatal error, end the child, and return the error to raise."""
        self.failure = error
        self._note(10**9, error.reason)
        self._end_child()
        return error

    def _restart(self) -> None:
        """Start a fresh child with the same cells (after one died during a call)."""
        self._state = "starting"
        try:
            culprit = self._load_once(self._bwrap, self._skip)
        except SandboxError as error:
            self.failure = error
            raise
        if culprit is not None:
            self._end_child()
            self.failure = self.failure or ChildDied("the program could not be restarted")
            raise type(self.failure)(self.failure.reason)
        self._state = "ready"
        self.generation += 1
        self._methods.clear()
        self._memo.clear()

    # ------------------------------------------------------------------ requests

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

    def _decoder(self, blobs: list[np.ndarray]) -> wire.Decoder:
        generation = self.generation
        return wire.Decoder(blobs, lambda handle: RemoteObject(self, handle, generation),
                            Unrepresentable)

    def _invalid(self, label: str, error: Exception) -> SandboxError:
        return self._crashed(ProtocolError(
            f"`{label}` sent back something that is not a valid value ({error})"), label)

    def _value(self, node: Any, blobs: list[np.ndarray], label: str) -> Any:
        try:
            return self._decoder(blobs).decode(node)
        except wire.WireError as error:
            raise self._invalid(label, error) from None

    def _described(self, header: dict, blobs: list[np.ndarray], target: dict, label: str) -> Any:
        kind = header.get("kind")
        generation = self.generation if "handle" in target else None
        if kind == "function":
            return RemoteFunction(self, target, label, generation)
        if kind == "class":
            return RemoteClass(self, target, label, generation)
        if kind == "value":
            return self._value(header.get("value"), blobs, label)
        raise self._invalid(label, wire.WireError(f"described as {kind!r}"))

    def _encode(self, value: Any, blobs: list[np.ndarray],
                arrays: dict[int, tuple[int, np.ndarray]]) -> Any:
        def other(item: Any) -> Any:
            if isinstance(item, RemoteObject) and item._sandbox is self:
                self._check_generation(item._generation)
                return {"h": item._handle}
            raise TypeError(f"a {type(item).__name__} cannot be sent to the student's code")
        return wire.encode(value, blobs, other, arrays)

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

    def _write_back(self, mutated: Any, decoder: wire.Decoder,
                    arrays: dict[int, tuple[int, np.ndarray]]) -> None:
        """Copy the child's in-place changes of array arguments into the caller's arrays."""
        if type(mutated) is not list:
            raise wire.WireError("invalid list of modified arguments")
        sent = {index: array for index, array in arrays.values()}
        for entry in mutated:
            if type(entry) is not list or len(entry) != 2 or entry[0] not in sent:
                raise wire.WireError("invalid modified argument")
            original, changed = sent[entry[0]], decoder.array(entry[1])
            if original.flags.writeable and original.shape == changed.shape:
                try:
                    np.copyto(original, changed, casting="same_kind")
                except (TypeError, ValueError):
                    pass

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
        decoder = wire.Decoder(blobs_back, _refuse_handle, Unrepresentable)
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


def confinement_of(confined: Any) -> str:
    """The isolation a child without bubblewrap reported: what of its confinement took effect."""
    known = ("network namespace", "landlock")
    took = [c for c in known if type(confined) is list and c in confined]
    return " + ".join(["rlimits"] + took) if took else "rlimits only"


def _refuse_handle(handle: int) -> Any:
    raise wire.WireError("a read value cannot be one of the student's objects")
