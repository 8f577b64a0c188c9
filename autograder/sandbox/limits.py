"""Resource limits of one sandbox, and applying them to the child process."""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one submission may use.

    cpu_seconds:     CPU time of the child process (RLIMIT_CPU; SIGXCPU, then SIGKILL).
    memory_bytes:    address space of each process (RLIMIT_AS), and with a cgroup the memory
                     of all the submission's processes together, without swap; 2 GiB.
    max_processes:   processes of the submission: with a cgroup, all of them together
                     (pids.max); without, RLIMIT_NPROC, counted on top of the tasks the
                     child's user already runs (the kernel counts per user, and never
                     limits root).
    max_file_bytes:  largest file the child may write (RLIMIT_FSIZE; EFBIG beyond).
    call_timeout:    wall-clock seconds per call into the child, and per cell while loading.
    total_timeout:   wall-clock seconds for the whole submission, start to close.
    output_cap:      bytes of stdout and of stderr kept (the rest is counted, then dropped).
    max_reply_bytes: the largest message the child may send back (arrays included).
    workspace_bytes: size of the in-memory working directory under bubblewrap.
    """

    cpu_seconds: int = 60
    memory_bytes: int = 2 * 1024**3
    max_processes: int = 256
    max_file_bytes: int = 16 * 1024**2
    call_timeout: float = 10.0
    total_timeout: float = 120.0
    output_cap: int = 64 * 1024
    max_reply_bytes: int = 64 * 1024**2
    workspace_bytes: int = 64 * 1024**2


def running_tasks() -> int:
    """Tasks (processes and threads) running on the machine now, from /proc/loadavg."""
    try:
        with open("/proc/loadavg") as loadavg:
            return int(loadavg.read().split()[3].split("/")[1])
    except (OSError, IndexError, ValueError):
        return 4096


def user_tasks(uid: int) -> int:
    """Tasks (threads included) of the processes owned by ``uid``, from /proc."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry}/task"))
            except OSError:
                pass
    return count


def rlimit_settings(limits: Limits, uid: int | None = None) -> list[tuple[int, int, int]]:
    """(resource, soft, hard) triples the child sets on itself before any student code runs.

    uid: the user the child runs as: RLIMIT_NPROC counts that user's tasks, so the cap is
    what it runs now plus ``max_processes`` (root is exempt: the machine's tasks, unused).
    Lowering one's own limits needs no privilege, so this works inside bubblewrap too.
    """
    base = user_tasks(uid) if uid else running_tasks()
    return [
        (resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1),
        (resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes),
        (resource.RLIMIT_NPROC, base + limits.max_processes, base + limits.max_processes),
        (resource.RLIMIT_FSIZE, limits.max_file_bytes, limits.max_file_bytes),
        (resource.RLIMIT_CORE, 0, 0),
    ]
