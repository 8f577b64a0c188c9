"""Drawing processes begun early: matplotlib is imported there while grading goes on.

    painter = Painter(processes=1)      # forks now; each child imports matplotlib at once
    painter.call(func, *args)           # func(*args), run there (here if the painter broke)
    painter.map(func, *iterables)       # the same, a drop-in for map (several at a time)
    painter.close()

Before its first figure a grader spends about 0.6 s of CPU importing matplotlib and
loading fonts, which a student grading one notebook would wait for after grading. A
painter's processes do it at the same time as the grading, on the other core, and then
draw the figures. Create it before any thread starts: a fork copies only the thread that
forks. Its processes die with the grader and leave Ctrl-C to it. Whatever goes wrong in a
painter (it cannot start, a process dies) is logged and the work is done here instead, so
a figure is never lost to it.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable
from typing import Any

from autograder.workers import die_with_parent

log = logging.getLogger("autograder.figures.painter")


class Painter:
    """A pool of `processes` drawing processes, forked when it is created."""

    def __init__(self, processes: int = 1) -> None:
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        try:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=processes, mp_context=multiprocessing.get_context("fork"),
                initializer=_warm)
            self.pool.submit(int)  # forks every process now, not at the first figure
        except (OSError, ValueError) as error:
            self._broken(error)

    def call(self, func: Callable, *args: Any) -> Any:
        """``func(*args)``, in a painter process if it can."""
        if self.pool is not None:
            try:
                return self.pool.submit(func, *args).result()
            except concurrent.futures.process.BrokenProcessPool as error:
                self._broken(error)
        return func(*args)

    def map(self, func: Callable, *iterables: Any) -> list:
        """``list(map(func, *iterables))``, in the painter, forked once per core there."""
        jobs = list(zip(*iterables, strict=True))
        if self.pool is not None:
            try:
                return self.pool.submit(fan_out, func, jobs).result()
            except concurrent.futures.process.BrokenProcessPool as error:
                self._broken(error)
        return [func(*args) for args in jobs]

    def close(self) -> None:
        """Wait for the figures being drawn, then end the painter's processes."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Painter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _broken(self, error: BaseException) -> None:
        log.warning("drawing in this process (the painter failed: %s)", error)
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None


def fan_out(func: Callable, jobs: list[tuple], ways: int | None = None) -> list:
    """``[func(*args) for args in jobs]``, shared out among this process and forks of it
    (`ways` in all; default: the cores), which inherit what it has imported and drawn. A
    fork that fails leaves its jobs to this process."""
    if not jobs:
        return []
    ways = max(1, min(len(jobs), ways or len(os.sched_getaffinity(0))))
    forks = []
    for part in range(1, ways):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the fork: its share of the jobs, pickled into the pipe, then gone
            os.close(read)
            die_with_parent()
            code = 0
            try:
                with os.fdopen(write, "wb") as out:
                    pickle.dump([func(*args) for args in jobs[part::ways]], out)
            except BaseException:  # noqa: BLE001  (the parent does it instead)
                code = 1
            os._exit(code)
        os.close(write)
        forks.append((part, pid, read))
    results: list = [None] * len(jobs)
    results[0::ways] = [func(*args) for args in jobs[0::ways]]
    for part, pid, read in forks:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            done = pickle.loads(data) if status == 0 else None
        except Exception:  # noqa: BLE001
            done = None
        if done is None or len(done) != len(jobs[part::ways]):
            done = [func(*args) for args in jobs[part::ways]]
        results[part::ways] = done
    return results


def _warm() -> None:
    """In each painter process: die with the grader, then import matplotlib and load the
    fonts by drawing a word in Latin and Chinese letters (the first text drawn loads them)."""
    die_with_parent()
    from autograder.figures.canvas import figure, png

    fig = figure((1.0, 0.5))
    fig.text(0.1, 0.5, "loss 损失")
    png(fig)
