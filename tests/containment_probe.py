"""Measuring a submission's processes from outside it: how many, how much memory, what is left.

Used by tests/test_containment.py and tests/benchmarks/containment.py. Everything is read
from /proc of the processes below a given one (never machine-wide totals: other programs run
on the same machine).

    baseline = descendants(os.getpid())          # the grader's own helpers (zygotes, ...)
    with Sampler(os.getpid(), baseline, memory=True) as sampler:
        ...                                       # run the submission
    sampler.peak_processes, sampler.peak_memory
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

HOSTILE = Path(__file__).parent / "hostile"


def cells_of(name: str) -> list[str]:
    """The cells of tests/hostile/<name>.py (``# %%`` separates them)."""
    parts = re.split(r"^# %%.*$", (HOSTILE / f"{name}.py").read_text(), flags=re.MULTILINE)
    return [cell.removeprefix("\n") for cell in parts[1:]]


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                found += [int(p) for p in listing.read().split()]
    except OSError:
        pass
    return found


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (zombies included)."""
    seen: set[int] = set()
    todo = [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def alive(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


#: The kernel's flag of a task that has begun to exit (include/linux/sched.h).
PF_EXITING = 0x4


def exiting(pid: int) -> bool:
    """Whether ``pid`` has begun to exit (killed, freeing its memory) or is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return bool(int(stat.read().rsplit(")", 1)[1].split()[6]) & PF_EXITING)
    except (OSError, ValueError, IndexError):
        return True


def pss(pid: int) -> int:
    """Proportional set size of ``pid`` in bytes (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class Sampler:
    """Samples the processes below ``root`` that are not in ``baseline`` (and not zombies).

    peak_processes: the most seen at once; peak_memory: the highest sum of their PSS
    (only with ``memory``; over passes in which none of them died or began to exit);
    every: all pids ever seen (to check none is left); owners: the uids that owned the
    processes at the peak.
    """

    def __init__(self, root: int, baseline: set[int], memory: bool = False,
                 interval: float = 0.02):
        self.root, self.baseline, self.memory, self.interval = root, baseline, memory, interval
        self.peak_processes = 0
        self.peak_memory = 0
        self.every: set[int] = set()
        self.owners: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        pids = {p for p in descendants(self.root) - self.baseline if alive(p)}
        self.every |= pids
        if len(pids) > self.peak_processes:
            self.peak_processes = len(pids)
            self.owners = set()
            for pid in pids:
                try:
                    self.owners.add(os.stat(f"/proc/{pid}").st_uid)
                except OSError:
                    pass
        if self.memory:
            total = sum(pss(p) for p in pids)
            # The reads are one after another: a process killed by the OOM killer meanwhile
            # may have handed its memory to another that was read after it (the kernel's own
            # peak covers that moment). Such a pass counts for nothing.
            if all(alive(p) and not exiting(p) for p in pids):
                self.peak_memory = max(self.peak_memory, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(self.interval)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def left(self, wait: float = 5.0) -> list[int]:
        """The pids seen that are still alive ``wait`` s from now at the latest."""
        deadline = time.monotonic() + wait
        while True:
            living = [p for p in self.every if alive(p)]
            if not living or time.monotonic() >= deadline:
                return living
            time.sleep(0.02)
