"""A cgroup per submission: caps on processes and memory over all of its processes, and a
kill that reaches every one of them.

    home = find_home()                   # None if no cgroup can be made here
    group = home.new_group(256, 2 * 1024**3)
    group.join_files                     # write a pid into each to move it in
    group.kill(); usage = group.usage(); group.remove()

The grader makes a folder ``scratchnet-<pid>`` under its own cgroup, in each hierarchy it
needs, and one subfolder per submission in it (a child of its own cgroup: nothing else on
the machine is touched, and the grader's own limits still hold above). Two layouts:

- cgroup v1 (separate ``pids`` and ``memory`` hierarchies): ``pids.max``,
  ``memory.limit_in_bytes`` and, where swap accounting exists, ``memory.memsw.limit_in_bytes``
  at the same value (no swap). The kill signals every pid in ``cgroup.procs`` until none is
  left (``pids.max`` bounds how many a fork loop can add meanwhile).
- cgroup v2 (one unified hierarchy, with ``pids`` and ``memory`` delegated to us: root, or
  a user whose systemd gives a delegated scope, ``systemd-run --user --scope -p
  Delegate=yes``): ``pids.max``, ``memory.max``, ``memory.swap.max = 0``, and the kill is
  ``cgroup.kill``. A v2 cgroup holding processes cannot hand controllers to children, so
  the grader first moves the processes of its own cgroup into a leaf ``scratchnet-grader``.

Everything is detected by trying (a folder that cannot be made or a limit that cannot be
written means no cgroup), never assumed. Folders left by a grader that was killed are
removed by the next one (``sweep``).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import errno
import itertools
import multiprocessing.util
import os
import signal
import threading
import time
from dataclasses import dataclass, field

from autograder.workers import Background

CGROUP_ROOT = "/sys/fs/cgroup"
PREFIX = "scratchnet-"
LEAF = "scratchnet-grader"  # v2: where the grader's own processes go
KILL_ROUNDS = 200


class CgroupError(OSError):
    """A cgroup could not be made, limited, joined or removed."""


def _read(path: str) -> str:
    with open(path) as handle:
        return handle.read()


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


@dataclass
class Usage:
    """What a submission's processes reached together (None: not measured)."""

    peak_processes: int | None = None
    peak_memory: int | None = None
    oom_kills: int = 0


# ----------------------------------------------------------------------------- finding

def _mounts(mountinfo: str) -> list[tuple[str, str, set[str]]]:
    """(mount point, fstype, super options) of the cgroup mounts in /proc/self/mountinfo."""
    found = []
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 3 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        point = fields[4].replace("\\040", " ")
        found.append((point, tail[0], set(tail[2].split(","))))
    return found


def _memberships(text: str) -> dict[str, str]:
    """Controller (or "" for v2) -> this process's cgroup path, from /proc/self/cgroup."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        for name in controllers.split(",") if controllers else [""]:
            found[name] = path
    return found


def _v1_dirs(mounts, members) -> dict[str, str] | None:
    """The grader's own v1 cgroup folder for pids and for memory, or None."""
    dirs = {}
    for controller in ("pids", "memory"):
        point = next((p for p, kind, opts in mounts if kind == "cgroup" and controller in opts),
                     None)
        if point is None or controller not in members:
            return None
        dirs[controller] = os.path.join(point, members[controller].lstrip("/"))
    return dirs


def _v2_dir(mounts, members) -> str | None:
    """The grader's own v2 cgroup folder, if pids and memory are available in it."""
    point = next((p for p, kind, _ in mounts if kind == "cgroup2"), None)
    if point is None or "" not in members:
        return None
    own = os.path.join(point, members[""].lstrip("/"))
    if os.path.basename(own) == LEAF:  # a worker of a grader that made the leaf
        own = os.path.dirname(own)
    try:
        available = _read(os.path.join(own, "cgroup.controllers")).split()
    except OSError:
        return None
    return own if {"pids", "memory"} <= set(available) else None


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def sweep(parent: str) -> None:
    """Remove the empty ``scratchnet-<pid>`` folders of graders that are gone."""
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        pid = name[len(PREFIX):]
        if name.startswith(PREFIX) and pid.isdigit() and not _pid_alive(int(pid)):
            _remove_tree(os.path.join(parent, name))


def _remove_tree(top: str) -> None:
    """rmdir ``top`` and its subfolders, deepest first (cgroup folders only hold files
    the kernel removes with them). Processes still inside are killed first."""
    for folder, _subdirs, _ in os.walk(top, topdown=False):
        try:
            for pid in _pids(folder):
                os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.rmdir(folder)
        except OSError:
            pass


def _pids(folder: str) -> list[int]:
    return [int(p) for p in _read(os.path.join(folder, "cgroup.procs")).split()]


# ----------------------------------------------------------------------------- the home

class Home:
    """The grader's ``scratchnet-<pid>`` folder(s), under which submissions' groups go.

    version: 1 or 2. dirs: the folders (v1: one per hierarchy; v2: one).
    """

    def __init__(self, version: int, dirs: list[str], origin: list[str]):
        self.version = version
        self.dirs = dirs
        self.origin = origin  # the grader's own cgroup folders (where helpers go back to)
        self.counter = itertools.count(1)
        self.groups: set[Group] = set()
        self.lock = threading.Lock()

    @property
    def description(self) -> str:
        return f"cgroup v{self.version}"

    def new_group(self, max_processes: int, memory_bytes: int) -> Group:
        """A fresh group with these caps (CgroupError if it cannot be made)."""
        name = f"s{next(self.counter)}"
        made: list[str] = []
        try:
            for top in self.dirs:
                folder = os.path.join(top, name)
                os.mkdir(folder)
                made.append(folder)
            group = Group(self.version, made)
            group.limit(max_processes, memory_bytes)
        except OSError as error:
            for folder in made:
                try:
                    os.rmdir(folder)
                except OSError:
                    pass
            raise CgroupError(error.errno, f"a submission's cgroup could not be made: "
                                           f"{error}") from None
        with self.lock:
            self.groups.add(group)
        group.home = self
        return group

    def return_files(self) -> list[str]:
        """The procs files that put a process back where the grader is."""
        return [os.path.join(folder, "cgroup.procs") for folder in self.origin]

    def kill_all(self) -> None:
        """Kill every submission's processes (the grader is going away)."""
        with self.lock:
            groups = list(self.groups)
        for group in groups:
            group.kill(wait=False)

    def remove(self) -> None:
        """Kill what is left and remove every folder made (at exit)."""
        with self.lock:
            groups = list(self.groups)
        for group in groups:
            group.kill()
            group.remove()
        for top in self.dirs:
            _remove_tree(top)


@dataclass(eq=False)
class Group:
    """One submission's cgroup (a folder per hierarchy)."""

    version: int
    dirs: list[str]
    home: Home | None = field(default=None, repr=False)
    removed: bool = False
    caps: tuple[int, int] = (0, 0)

    def _find(self, name: str) -> str | None:
        for folder in self.dirs:
            path = os.path.join(folder, name)
            if os.path.exists(path):
                return path
        return None

    def _need(self, name: str) -> str:
        path = self._find(name)
        if path is None:
            raise CgroupError(errno.ENOENT, f"no {name} in the submission's cgroup")
        return path

    def limit(self, max_processes: int, memory_bytes: int) -> None:
        """Set the caps (OSError if a required one cannot be set)."""
        self.caps = (max_processes, memory_bytes)
        _write(self._need("pids.max"), str(max_processes))
        if self.version == 2:
            _write(self._need("memory.max"), str(memory_bytes))
            swap = os.path.join(self.dirs[0], "memory.swap.max")
            if os.path.exists(swap):
                _write(swap, "0")
            return
        _write(self._need("memory.limit_in_bytes"), str(memory_bytes))
        memsw = self._find("memory.memsw.limit_in_bytes")
        if memsw is not None:
            _write(memsw, str(memory_bytes))

    @property
    def join_files(self) -> list[str]:
        """The procs files: writing a pid to each moves that process in."""
        return [os.path.join(folder, "cgroup.procs") for folder in self.dirs]

    def add(self, pid: int) -> None:
        for path in self.join_files:
            _write(path, str(pid))

    def pids(self) -> list[int]:
        found: set[int] = set()
        for folder in self.dirs:
            try:
                found.update(_pids(folder))
            except OSError:
                pass
        return sorted(found)

    def kill(self, wait: bool = True) -> None:
        """SIGKILL every process in the group; with ``wait``, until none is left (~1 s)."""
        if self.removed:
            return
        if self.version == 2:
            try:
                _write(os.path.join(self.dirs[0], "cgroup.kill"), "1")
            except OSError:
                pass
        for _ in range(KILL_ROUNDS if wait else 1):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.001)

    def usage(self) -> Usage:
        """Peak processes and memory (bytes) reached, and the OOM kills, from the kernel."""
        usage = Usage()
        names = ([("pids.peak", "peak_processes"), ("memory.peak", "peak_memory")]
                 if self.version == 2 else
                 [("pids.peak", "peak_processes"), ("memory.max_usage_in_bytes", "peak_memory")])
        for name, attribute in names:
            path = self._find(name)
            if path is not None:
                try:
                    setattr(usage, attribute, int(_read(path).split()[0]))
                except (OSError, ValueError, IndexError):
                    pass
        events = self._find("memory.events" if self.version == 2 else "memory.oom_control")
        if events is not None:
            try:
                for line in _read(events).splitlines():
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        usage.oom_kills = int(value)
            except (OSError, ValueError):
                pass
        return usage

    def remove(self) -> None:
        """Remove the group's folders (it must be empty: call ``kill`` first)."""
        if self.removed:
            return
        for folder in self.dirs:
            for _ in range(100):
                try:
                    os.rmdir(folder)
                    break
                except FileNotFoundError:
                    break
                except OSError as error:
                    if error.errno != errno.EBUSY:
                        break
                    time.sleep(0.002)  # an exiting process is still being released
        self.removed = True
        if self.home is not None:
            with self.home.lock:
                self.home.groups.discard(self)


_disposer = Background("scratchnet-cgroup-end")


def dispose(group: Group) -> concurrent.futures.Future:
    """End a submission's group: SIGKILL everything in it now, then, in the background,
    until none is left, and remove it (waiting for dying processes is not the next
    submission's business)."""
    group.kill(wait=False)

    def finish() -> None:
        group.kill()
        group.remove()

    return _disposer.submit(finish)


# ----------------------------------------------------------------------------- setting up

def _make_v1(dirs: dict[str, str]) -> Home:
    made: list[str] = []
    try:
        for folder in dirs.values():
            sweep(folder)
            home = os.path.join(folder, f"{PREFIX}{os.getpid()}")
            os.makedirs(home, exist_ok=True)
            made.append(home)
    except OSError as error:
        for folder in made:
            _remove_tree(folder)
        raise CgroupError(error.errno, f"cgroup v1: {error}") from None
    return Home(1, made, list(dirs.values()))


def _make_v2(own: str) -> Home:
    """The v2 home under ``own``; the grader's processes move to a leaf if they must."""
    control = os.path.join(own, "cgroup.subtree_control")
    try:
        if not {"pids", "memory"} <= set(_read(control).split()):
            try:
                _write(control, "+pids +memory")
            except OSError as error:
                if error.errno != errno.EBUSY:
                    raise
                leaf = os.path.join(own, LEAF)
                os.makedirs(leaf, exist_ok=True)
                for pid in _pids(own):
                    try:
                        _write(os.path.join(leaf, "cgroup.procs"), str(pid))
                    except ProcessLookupError:
                        pass
                _write(control, "+pids +memory")
        sweep(own)
        home = os.path.join(own, f"{PREFIX}{os.getpid()}")
        os.makedirs(home, exist_ok=True)
        _write(os.path.join(home, "cgroup.subtree_control"), "+pids +memory")
    except OSError as error:
        raise CgroupError(error.errno, f"cgroup v2: {error}") from None
    leaf = os.path.join(own, LEAF)
    origin = leaf if os.path.isdir(leaf) and str(os.getpid()) in _read(
        os.path.join(leaf, "cgroup.procs")).split() else own
    return Home(2, [home], [origin])


def make_home(mountinfo: str, cgroups: str) -> Home:
    """A home from this process's mount table and cgroup list (CgroupError if none works).

    v2 is tried first where it has both controllers, then v1.
    """
    mounts, members = _mounts(mountinfo), _memberships(cgroups)
    reasons = []
    own = _v2_dir(mounts, members)
    if own is not None:
        try:
            return _checked(_make_v2(own))
        except CgroupError as error:
            reasons.append(str(error))
    dirs = _v1_dirs(mounts, members)
    if dirs is not None:
        try:
            return _checked(_make_v1(dirs))
        except CgroupError as error:
            reasons.append(str(error))
    raise CgroupError(errno.ENOENT, "; ".join(reasons) or
                      "no cgroup hierarchy with the pids and memory controllers")


def _checked(home: Home) -> Home:
    """The home, once a trial group could be made and limited in it (else CgroupError)."""
    try:
        trial = home.new_group(1, 64 * 1024**2)
        trial.remove()
    except CgroupError:
        home.remove()
        raise
    return home


_lock = threading.Lock()
_homes: dict[int, Home | CgroupError] = {}


def find_home() -> Home:
    """This process's home (made once per process; CgroupError if no cgroup works here)."""
    with _lock:
        pid = os.getpid()
        if pid not in _homes:
            try:
                home: Home | CgroupError = make_home(_read("/proc/self/mountinfo"),
                                                     _read("/proc/self/cgroup"))
            except (CgroupError, OSError) as error:
                home = error if isinstance(error, CgroupError) else CgroupError(
                    error.errno, str(error))
            else:
                atexit.register(home.remove)
                # multiprocessing's workers end with os._exit: no atexit, but finalizers
                multiprocessing.util.Finalize(None, home.remove, exitpriority=10)
            _homes[pid] = home
        found = _homes[pid]
    if isinstance(found, CgroupError):
        raise found
    return found


def current_home() -> Home | None:
    """The home made by this process, if any (without making one)."""
    found = _homes.get(os.getpid())
    return found if isinstance(found, Home) else None
