"""Which containment holds a submission's processes here, chosen once per grader and said once.

    current() -> Containment     # level "cgroup", "user" or "rlimits"

Levels, best first (``SCRATCHNET_SANDBOX`` picks one; unset or ``auto``: the best that works):

- ``cgroup``: a cgroup per submission (``cgroup.py``): at most ``Limits.max_processes``
  processes and ``Limits.memory_bytes`` of memory (no swap) over all of its processes
  together, and the kill at the end goes through the cgroup, so nothing outlives it.
- ``user``: no cgroup can be made. The child runs as an unprivileged user, so the kernel's
  ``RLIMIT_NPROC`` binds (it exempts root): if the grader is root, a dedicated user
  (``SCRATCHNET_SANDBOX_USER``, else ``scratchnet-student`` if it exists, else ``nobody``),
  through ``setpriv``; otherwise the grader's own user. Memory is capped per process only.
- ``rlimits``: resource limits only, in the grader's own user, and no bubblewrap (for
  debugging; root ignores ``RLIMIT_NPROC``).

Bubblewrap (namespaces: no network, no view of the files) is independent of the level and
used wherever it works, except at ``rlimits``.
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import threading
from dataclasses import dataclass

from autograder.sandbox import cgroup

log = logging.getLogger("autograder.sandbox")

LEVELS = ("auto", "cgroup", "user", "rlimits")
DEFAULT_USERS = ("scratchnet-student", "nobody")
#: Set in the environment once the choice has been said, so worker processes stay quiet.
SAID = "_SCRATCHNET_CONTAINMENT_SAID"


class ContainmentError(RuntimeError):
    """The level asked for (SCRATCHNET_SANDBOX) cannot be had here."""


@dataclass(frozen=True)
class User:
    """The unprivileged user children run as (uid, gid, name)."""

    uid: int
    gid: int
    name: str


@dataclass(frozen=True)
class Containment:
    """level: "cgroup", "user" or "rlimits". home: where cgroups go (level "cgroup").
    user: the user children switch to (level "user" under a root grader), else None.
    bubblewrap: whether bubblewrap may be used (False only at "rlimits").
    """

    level: str
    home: cgroup.Home | None = None
    user: User | None = None
    bubblewrap: bool = True

    @property
    def description(self) -> str:
        if self.level == "cgroup" and self.home is not None:
            user = f", as user {self.user.name}" if self.user else ""
            return f"{self.home.description} per submission{user}"
        if self.level == "user":
            name = self.user.name if self.user else pwd_name(os.getuid())
            return f"unprivileged user {name}"
        return "resource limits only"

    def setpriv(self) -> list[str]:
        """The command prefix that starts a child as ``user`` ([] if none is needed)."""
        if self.user is None:
            return []
        return [shutil.which("setpriv") or "setpriv", f"--reuid={self.user.uid}",
                f"--regid={self.user.gid}", "--clear-groups", "--no-new-privs", "--"]


def pwd_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def requested() -> str:
    """The level SCRATCHNET_SANDBOX asks for ("auto" if unset or unknown)."""
    value = os.environ.get("SCRATCHNET_SANDBOX", "").strip().lower() or "auto"
    if value not in LEVELS:
        log.warning("scratchnet sandbox: SCRATCHNET_SANDBOX=%s is not one of %s; using auto",
                    value, ", ".join(LEVELS))
        return "auto"
    return value


def sandbox_user(name: str | None = None) -> User | None:
    """The unprivileged user for a root grader (None if none exists or setpriv is missing)."""
    if shutil.which("setpriv") is None:
        return None
    names = [name] if name else [os.environ.get("SCRATCHNET_SANDBOX_USER", "").strip(),
                                 *DEFAULT_USERS]
    for candidate in filter(None, names):
        try:
            entry = pwd.getpwnam(candidate)
        except KeyError:
            continue
        if entry.pw_uid != 0:
            return User(entry.pw_uid, entry.pw_gid, candidate)
    return None


def choose(level: str) -> Containment:
    """The containment for ``level`` (ContainmentError if a forced level is impossible)."""
    if _forced_user is not None and level != "cgroup":  # Gradescope: see use_user
        if level == "auto":
            try:
                return Containment("cgroup", home=cgroup.find_home(), user=_forced_user)
            except cgroup.CgroupError:
                pass
        return Containment("user", user=_forced_user, bubblewrap=level != "rlimits")
    if level == "rlimits":
        return Containment("rlimits", bubblewrap=False)
    reason = ""
    if level in ("auto", "cgroup"):
        try:
            return Containment("cgroup", home=cgroup.find_home(), user=_forced_user)
        except cgroup.CgroupError as error:
            reason = str(error)
            if level == "cgroup":
                raise ContainmentError(f"SCRATCHNET_SANDBOX=cgroup, but no cgroup can be "
                                       f"made here ({reason})") from None
    if os.geteuid() != 0:
        return Containment("user")
    user = sandbox_user()
    if user is not None:
        return Containment("user", user=user)
    if level == "user":
        raise ContainmentError("SCRATCHNET_SANDBOX=user, but there is no unprivileged user "
                               "to run submissions as (or no setpriv)")
    return Containment("rlimits")


_lock = threading.Lock()
_chosen: dict[int, Containment] = {}
_forced_user: User | None = None


def current() -> Containment:
    """This process's containment: chosen on first use, said once on stderr."""
    with _lock:
        pid = os.getpid()
        if pid not in _chosen:
            _chosen[pid] = chosen = choose(requested())
            _say(chosen)
        return _chosen[pid]


def use_user(name: str) -> User:
    """Run every child as ``name`` from now on, whatever the level (KeyError if unknown,
    FileNotFoundError without setpriv). For a root grader without bubblewrap (Gradescope):
    the user keeps the child out of the grader's files; a forced ``rlimits`` level then
    becomes ``user``."""
    global _forced_user
    if shutil.which("setpriv") is None:
        raise FileNotFoundError("setpriv (util-linux) is not installed")
    entry = pwd.getpwnam(name)
    with _lock:
        _forced_user = User(entry.pw_uid, entry.pw_gid, name)
        _chosen.clear()
    return _forced_user


def _say(chosen: Containment) -> None:
    """One line on stderr naming the containment (once per grader, not per worker)."""
    text = chosen.description
    if os.environ.get(SAID) == text:
        return
    os.environ[SAID] = text
    if chosen.level == "cgroup":
        log.warning("scratchnet sandbox: containment: %s (process and memory caps over all "
                    "of a submission's processes)", text)
    elif chosen.level == "user":
        log.warning("scratchnet sandbox: containment: %s, no cgroup (processes capped by "
                    "RLIMIT_NPROC, memory per process only)", text)
    else:
        log.warning("scratchnet sandbox: containment: %s, no cgroup and no separate user "
                    "(a submission can start processes without a cap)", text)
