"""One submission's sandbox, its life: start the child, load the cells, restart, close.

    with Sandbox(cells, limits) as impl:      # cells: the student's Python source, in order
        impl.sigmoid(np.array([0.0]))         # runs in the child; the value comes back
    sandbox.notes                             # "cell 3 skipped: SyntaxError: ... (line 2)"

Loading: the cells run in order in one namespace; a cell that does not compile or raises is
skipped with a note and the rest still run. A cell that hangs is interrupted after
``call_timeout`` (in the child) and skipped. A cell that kills the whole process (or hangs
beyond the in-child timeout) is noted, and the child is restarted without it (at most
``MAX_LOAD_ATTEMPTS`` starts), so one hostile or broken cell costs only itself.

Calls, and what a call that breaks the child costs: ``requests.py``. Values sent and
received: ``codec.py`` (the format: ``wire.py``).

A child that dies during a call is started again for the calls that follow, after every
such death (within the submission's total time; at most ``MAX_RESTARTS`` times). When the
restarts or the submission's total time are used up, the sandbox has failed: every later
call raises the same SandboxError at once (``failure``).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Sequence
from typing import Any

from autograder.i18n import tr
from autograder.sandbox import callback, cgroup, child, containment, wire, zygote
from autograder.sandbox.codec import Codec
from autograder.sandbox.errors import (
    CallTimeout,
    ChildDied,
    ProtocolError,
    SandboxClosed,
    SandboxError,
    SandboxStartError,
    SubmissionTimeout,
)
from autograder.sandbox.launch import bwrap_plan, join_prefix, plain_plan, probe_bwrap
from autograder.sandbox.limits import Limits, rlimit_settings
from autograder.sandbox.process import Capture, ChildProcess, Gone, Timeout
from autograder.sandbox.proxy import SandboxProxy
from autograder.sandbox.replay import ReplayMemo
from autograder.sandbox.requests import Requests

MAX_LOAD_ATTEMPTS = 3
#: A child that dies during a call is started again for the calls that follow: after every
#: such death (each function can break it once: its later calls fail at once), bounded by the
#: submission's total time and, against a pathological submission, by this many restarts.
MAX_RESTARTS = 40
START_TIMEOUT = 30.0
MAX_NOTE = 500
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


class Sandbox(Requests, Codec):
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

def confinement_of(confined: Any) -> str:
    """The isolation a child without bubblewrap reported: what of its confinement took effect."""
    known = ("network namespace", "landlock")
    took = [c for c in known if type(confined) is list and c in confined]
    return " + ".join(["rlimits"] + took) if took else "rlimits only"
