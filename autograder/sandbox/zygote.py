"""Warm starts under bubblewrap: a zygote that forks one isolated child per submission.

Starting Python and importing numpy and matplotlib costs far more than grading a stage
(about 0.1 s of CPU for numpy and 0.4 s more for ``matplotlib.pyplot``, per child). A
zygote is an interpreter in its own bubblewrap sandbox that has imported them once; for
each submission it forks a child that, before any student code runs, enters new user,
mount, PID, network, IPC and UTS namespaces, mounts a private tmpfs on /sandbox, drops
every capability and sets its limits (``run_isolated`` in ``child/zygote.py``). The zygote
never runs student code, holds nothing secret (it is started fresh, never forked from the
grader) and cannot be read or signalled from inside a child (it is outside the child's PID
namespace and not dumpable). A zygote serves one sandbox at a time; the pool starts another
when all are busy. Zygotes are started from one long-lived thread (bubblewrap's
--die-with-parent follows the thread that started it), and end with the grader. With a
cgroup per submission the zygote forks from inside the submission's cgroup, so the child
and all it starts are in it, and leaves it right after. Moving a process between cgroups
costs about 10 ms on cgroup v1 (the kernel waits for an RCU grace period), so both moves
are made off the critical path: an idle zygote waits inside the next submission's
(prepared) cgroup, and leaves it in the background once it has forked (``take_group``,
``settle``). Under the "user" containment the zygote's bubblewrap is started as that user
(``prefix``), so every child of it is too. Idle zygotes are closed when the grader exits
(``close_idle``). If a zygote cannot start or its children cannot isolate themselves, the
sandbox falls back to a fresh bubblewrap process (``launch.bwrap_plan``), and says so once
in the log.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import json
import logging
import os
import socket
import subprocess
import tempfile
import threading
import time

from autograder.sandbox import wire
from autograder.sandbox.launch import bwrap_plan
from autograder.workers import Background

log = logging.getLogger("autograder.sandbox")

#: Imported by the zygote at once, so that children start with them loaded. Modules a
#: child turns out to import (matplotlib.pyplot: 0.4 s) are imported by the zygote after
#: that child, for the next ones (see ``Zygote.preload``); a grader that never meets them
#: never pays for them.
PRELOAD = ["numpy", "numpy.random", "random"]  # the last two: seeded in every child
WARMABLE = ("matplotlib", "matplotlib.pyplot")
START_TIMEOUT = 60.0
ISOLATION_FAILED = 97


class ZygoteError(Exception):
    """The zygote could not start or serve a request."""


class Zygote:
    """One warm interpreter under bubblewrap, and the control socket to it."""

    def __init__(self, bwrap: str, sources: dict[str, str], workspace_bytes: int,
                 prefix: tuple[str, ...] = ()):
        self.bwrap = bwrap
        self.key = (bwrap, prefix)
        self.host_pid: int | None = None
        plan = bwrap_plan(bwrap, workspace_bytes)
        boot_r, boot_w = os.pipe()
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.errors = tempfile.TemporaryFile()
        try:
            self.popen = subprocess.Popen(
                [*prefix, *plan.argv, str(boot_r), str(theirs.fileno())], env=plan.env,
                cwd=plan.cwd,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.errors,
                pass_fds=(boot_r, theirs.fileno()), start_new_session=True, close_fds=True)
        finally:
            os.close(boot_r)
            theirs.close()
        self.exits: dict[int, int] = {}
        self.prepared = None  # a cgroup.Group the zygote is already in, for the next child
        self.moving: concurrent.futures.Future | None = None  # a move in the background
        self.preloaded: set[str] = set(PRELOAD)
        self.next_id = 0
        try:
            boot = {"path": plan.site, "sources": sources, "mode": "zygote",
                    "preload": PRELOAD}
            with os.fdopen(boot_w, "wb") as pipe:
                pipe.write(wire.pack(boot))
            message = self._receive(time.monotonic() + START_TIMEOUT)
            if message.get("ready") is not True:
                raise ZygoteError("the zygote did not start")
            self.host_pid = _deepest_descendant(self.popen.pid)
        except (OSError, ZygoteError, ValueError) as error:
            self.close()
            raise ZygoteError(f"the zygote did not start: {error} {self._stderr()}") from None

    def _stderr(self) -> str:
        try:
            self.errors.seek(0)
            return self.errors.read()[-500:].decode("utf-8", "replace")
        except OSError:
            return ""

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def _receive(self, deadline: float) -> dict:
        """The next control message (exit notices are filed on the way)."""
        remaining = deadline - time.monotonic()
        self.sock.settimeout(remaining if remaining > 0 else 0.0)
        try:
            data = self.sock.recv(1 << 16)
        except (TimeoutError, BlockingIOError):
            raise TimeoutError("no answer from the zygote") from None
        except OSError as error:
            raise ZygoteError(f"the zygote's socket failed: {error}") from None
        if not data:
            raise ZygoteError("the zygote ended")
        message = json.loads(data)
        if not isinstance(message, dict):
            raise ZygoteError("the zygote sent an invalid message")
        if "exited" in message:
            self.exits[int(message["exited"])] = int(message["code"])
        return message

    def spawn(self, spec: dict, fds: list[int], group=None) -> int:
        """Fork an isolated child with the four pipe ends ``fds``; its id.

        group: the submission's ``cgroup.Group``, which the zygote is in (``take_group``);
        it leaves it once the child is forked.
        """
        self.next_id += 1
        ident = self.next_id
        request = dict(spec, op="spawn", id=ident)
        try:
            socket.send_fds(self.sock, [json.dumps(request).encode()], fds)
            deadline = time.monotonic() + 30.0  # the zygote may be finishing a preload
            while self._receive(deadline).get("spawned") != ident:
                pass
        except (OSError, ValueError) as error:
            raise ZygoteError(f"the zygote could not fork: {error}") from None
        finally:
            if group is not None:
                self.forked(group)
        return ident

    def _leave(self, group) -> None:
        """Move the zygote back to the grader's own cgroup (after a fork into ``group``)."""
        try:
            for path in group.home.return_files():
                with open(path, "w") as procs:
                    procs.write(str(self.host_pid))
        except (OSError, AttributeError):
            self.popen.kill()  # a zygote stuck in a submission's cgroup must not serve again

    def settle(self) -> None:
        """Wait for the move in the background, if any, to be done."""
        moving, self.moving = self.moving, None
        if moving is not None:
            try:
                moving.result(timeout=10.0)
            except Exception:  # noqa: BLE001 (a failed move ends the zygote instead)
                self.popen.kill()

    def take_group(self, home, max_processes: int, memory_bytes: int):
        """A submission cgroup the zygote is in, ready for ``spawn`` (CgroupError)."""
        self.settle()
        group, self.prepared = self.prepared, None
        if group is not None:
            try:
                group.limit(max_processes, memory_bytes)
                return group
            except OSError:
                group.remove()
        group = home.new_group(max_processes, memory_bytes)
        try:
            group.add(self.host_pid)
        except OSError as error:
            group.remove()
            raise ZygoteError(f"the zygote could not join the cgroup: {error}") from None
        return group

    def forked(self, group) -> None:
        """The child is forked in ``group``: the zygote leaves it, in the background."""
        self.moving = _mover.submit(self._leave, group)

    def prepare(self, home, max_processes: int, memory_bytes: int) -> None:
        """In the background: make the next submission's group and move into it."""
        def move() -> None:
            group = home.new_group(max_processes, memory_bytes)
            try:
                group.add(self.host_pid)
            except OSError:
                group.remove()
                raise
            self.prepared = group

        if self.host_pid is not None:
            self.moving = _mover.submit(move)

    def preload(self, modules: list[str]) -> None:
        """Have the zygote import ``modules`` (those of WARMABLE not yet imported)."""
        wanted = [m for m in WARMABLE if m in modules and m not in self.preloaded]
        if wanted:
            self.preloaded.update(wanted)
            try:
                self.sock.send(json.dumps({"op": "preload", "modules": wanted}).encode())
            except OSError:
                pass

    def kill(self, ident: int) -> None:
        """Kill child ``ident`` (and with it its whole PID namespace)."""
        try:
            self.sock.send(json.dumps({"op": "kill", "id": ident}).encode())
        except OSError:
            pass

    def exit_code(self, ident: int, wait: float) -> int | None:
        """Child ``ident``'s exit code (128 + signal if killed), waiting up to ``wait`` s."""
        deadline = time.monotonic() + wait
        while ident not in self.exits:
            try:
                self._receive(deadline)
            except (TimeoutError, ZygoteError, ValueError):
                break
        return self.exits.get(ident)

    def close(self) -> None:
        """End the zygote and its sandbox (and the cgroup it waited in, if any)."""
        try:
            os.killpg(self.popen.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
        self.popen.wait()
        self.settle()
        if self.prepared is not None:
            self.prepared.kill()
            self.prepared.remove()
            self.prepared = None
        self.sock.close()
        self.errors.close()


class ZygoteProcess:
    """A child forked by a zygote, as ``process.ChildProcess`` controls it."""

    def __init__(self, zygote: Zygote, ident: int):
        self.zygote = zygote
        self.ident = ident
        self.released = False
        self.modules: list[str] = []  # what the child imported that the zygote could too
        self.home = None  # the cgroup home, where the zygote waits for the next child
        self.caps = (0, 0)

    @property
    def pidfd(self) -> int:
        """The control socket: readable when the zygote has news (an exit, say)."""
        return self.zygote.sock.fileno()

    def gone(self) -> bool:
        return self.zygote.exit_code(self.ident, 0.0) is not None

    finished = gone

    def watch(self, pid: int) -> int:
        return self.pidfd

    def returncode(self, wait: float) -> int | None:
        code = self.zygote.exit_code(self.ident, wait)
        if code == ISOLATION_FAILED:
            log.warning("scratchnet sandbox: a warm child could not isolate itself")
        return code

    def stop(self) -> None:
        self.zygote.kill(self.ident)

    kill = stop

    def reap(self) -> None:
        """Wait until the child is gone, then hand the zygote back (or end it)."""
        if self.released:
            return
        self.released = True
        gone = self.zygote.exit_code(self.ident, 2.0) is not None
        self.zygote.exits.pop(self.ident, None)
        self.zygote.settle()  # out of the submission's cgroup before it is killed
        if gone:
            self.zygote.preload(self.modules)
        release(self.zygote, healthy=gone, home=self.home, caps=self.caps)


def _deepest_descendant(pid: int) -> int:
    """The last process down the chain of first children from ``pid`` (bwrap -> its init ->
    the zygote's interpreter)."""
    for _ in range(8):
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as listing:
                children = listing.read().split()
        except OSError:
            break
        if not children:
            break
        pid = int(children[0])
    return pid


_lock = threading.Lock()
_idle: dict[tuple[str, tuple[str, ...]], list[Zygote]] = {}
_broken: set[tuple[str, tuple[str, ...]]] = set()
# bubblewrap's --die-with-parent follows the *thread* that started it, so zygotes are
# started from one thread that lives as long as the grader, whichever thread asks.
_starter = Background("scratchnet-zygote")
# moves of zygotes between cgroups (slow, and never on a submission's critical path)
_mover = Background("scratchnet-cgroup")


def acquire(bwrap: str, sources: dict[str, str], workspace_bytes: int,
            prefix: tuple[str, ...] = ()) -> Zygote | None:
    """An idle zygote for ``bwrap`` started through ``prefix`` (started if none is idle), or
    None if they do not work."""
    key = (bwrap, prefix)
    with _lock:
        if key in _broken:
            return None
        while _idle.get(key):
            zygote = _idle[key].pop()
            if zygote.alive:
                return zygote
            zygote.close()
    try:
        return _starter.submit(Zygote, bwrap, sources, workspace_bytes, prefix).result()
    except ZygoteError as error:
        disable(key, str(error))
        return None


def boot_idle(bwrap: str, sources: dict[str, str], workspace_bytes: int,
              prefix: tuple[str, ...] = (), home=None, caps: tuple[int, int] = (0, 0),
              warm: tuple[str, ...] = ()) -> bool:
    """Boot a zygote now into the idle pool (moving, with a cgroup home, into the next
    submission's group in the background), then have it import `warm` (see
    ``Zygote.preload``): True, or False if it cannot boot, which turns warm starts off as
    in ``acquire``."""
    key = (bwrap, prefix)
    try:
        zygote = _starter.submit(Zygote, bwrap, sources, workspace_bytes, prefix).result()
    except ZygoteError as error:
        disable(key, str(error))
        return False
    zygote.preload(list(warm))
    release(zygote, home=home, caps=caps)
    return True


def release(zygote: Zygote, healthy: bool = True, home=None, caps: tuple[int, int] = (0, 0)
            ) -> None:
    """Give a zygote back to the pool once its child is gone (or end it).

    home, caps: with a cgroup home, the zygote moves into the next submission's group
    (max processes, memory bytes) in the background.
    """
    if healthy and zygote.alive:
        if home is not None:
            zygote.prepare(home, *caps)
        with _lock:
            _idle.setdefault(zygote.key, []).append(zygote)
    else:
        zygote.close()


def close_idle() -> None:
    """End every idle zygote (at exit, so that none is left running unwaited-for)."""
    with _lock:
        idle = [zygote for zygotes in _idle.values() for zygote in zygotes]
        _idle.clear()
    for zygote in idle:
        zygote.close()


atexit.register(close_idle)


def disable(key: tuple[str, tuple[str, ...]], reason: str) -> None:
    """Stop using zygotes for ``key`` (bwrap, prefix) in this process (logged once)."""
    with _lock:
        if key not in _broken:
            _broken.add(key)
            log.warning("scratchnet sandbox: warm starts are off (%s); every submission "
                        "starts a fresh bubblewrap sandbox instead", reason)

