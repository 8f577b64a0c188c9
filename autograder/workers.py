"""The grader's own processes and threads: how many grade, whether this one grades, how
helpers end, and the threads that do work off a submission's critical path.

    default_workers() -> int           # the cores this process may use
    grades_here(pending, workers)      # one submission, or one worker: no worker pool
    die_with_parent()                  # in a forked helper: end when the grader ends
    die_with_parent(grader, then)      # ... and when process `grader` ends: then(), exit
    thread = Background("scratchnet-x")  # one named thread, started on first use
    thread.submit(func, *args)         # -> concurrent.futures.Future

Light on purpose: the grade command asks before it imports the grading machinery, so that
a submission graded in this process can have its first sandbox begun meanwhile.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import os
import select
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.loading import Submission
    from autograder.sandbox import Limits


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def grades_here(pending: int, workers: int | None) -> bool:
    """Whether `pending` submissions with `workers` (None: the cores) are graded in this
    process, not in a pool of worker processes."""
    return (workers or default_workers()) <= 1 or pending <= 1


# ----------------------------------------------------------------------------- helpers' end

def die_with_parent(grader: int | None = None, then: Callable[[], None] | None = None) -> None:
    """In a helper process (a painter, the similarity report, a worker): be killed when
    its parent ends (Linux; elsewhere nothing), and leave Ctrl-C to the parent.

    grader: a process other than the parent to end with (a pool worker's parent is
    multiprocessing's fork server, which lives as long as a worker does, so a parent-death
    signal alone would never fire when the grader is killed): a daemon thread waits for it
    to end, then calls ``then()`` (if given) and ends this process with status 1.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if grader is not None:
        threading.Thread(target=_die_with, args=(grader, then), daemon=True,
                         name="scratchnet-grader-watch").start()


def _die_with(grader: int, then: Callable[[], None] | None) -> None:
    """Wait for process ``grader`` to end, then ``then()`` and end this process."""
    wait_for_exit(grader)
    try:
        if then is not None:
            then()
    finally:
        os._exit(1)


def wait_for_exit(pid: int) -> None:
    """Return once process ``pid`` has ended (a pidfd where there is one, else polling)."""
    try:
        pidfd = os.pidfd_open(pid)
        select.select([pidfd], [], [])
    except (AttributeError, OSError):  # no pidfd (an old kernel): poll
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(0.2)


# ----------------------------------------------------------------------------- threads

_all: weakref.WeakSet[Background] = weakref.WeakSet()


class Background:
    """One named thread for work off the critical path (a single-thread executor).

    The thread starts on the first ``submit`` and lives until the process exits, when it
    finishes what it was given (``shutdown``, registered with atexit). A forked child that
    submits gets a thread of its own (the parent's does not exist there). Work that must
    come from one long-lived thread (bubblewrap's --die-with-parent follows the thread that
    started it) can rely on it: it is always the same thread in a process.
    """

    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        _all.add(self)

    def submit(self, func: Callable, /, *args, **kwargs) -> concurrent.futures.Future:
        with self._lock:
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix=self.name)
            executor = self._executor
        return executor.submit(func, *args, **kwargs)

    def shutdown(self, wait: bool = True) -> None:
        """End the thread once its work is done (a later ``submit`` starts another)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait)

    def _forget(self) -> None:
        """In a forked child: the parent's thread is not here (nor is its lock's holder)."""
        self._lock = threading.Lock()
        self._executor = None


def _shutdown_all() -> None:
    for background in list(_all):
        background.shutdown()


def _after_fork() -> None:
    for background in list(_all):
        background._forget()


atexit.register(_shutdown_all)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def begin_grading(limits: Limits | None = None,
                  submissions: list[Submission] | None = None) -> None:
    """For a process about to grade one submission: begin the first sandbox's slow parts
    (containment, the bubblewrap probe, a warm zygote) and the reference's training in the
    background, while the rest of the grader is imported (and matplotlib.pyplot in the
    sandbox's zygote when the code of `submissions` names it). Call it after choosing the
    isolation (``containment.use_user``), before any other thread starts a sandbox."""
    from autograder.checks.runner import prepare_in_background
    from autograder.sandbox import prestart

    prestart(limits, _likely_imports(submissions or []))
    prepare_in_background()


#: Modules the zygote imports early when the submission's code names them (see
#: ``begin_grading``): matplotlib.pyplot costs a child 0.4 s.
WARM_WHEN_NAMED = {b"matplotlib": ("matplotlib", "matplotlib.pyplot")}


def _likely_imports(submissions: list[Submission], most_files: int = 20) -> tuple[str, ...]:
    """The modules the first sandbox will likely import: those of WARM_WHEN_NAMED whose name
    the submissions' files hold (at most `most_files` files of up to 2 MiB read; links
    never followed; a file that cannot be read counts for nothing)."""
    from autograder.loading.files import read_regular

    files = [f for s in submissions for f in s.files][:most_files]
    found: list[str] = []
    for file in files:
        try:
            _, data = read_regular(file.path, file.base, 2 << 20)
        except Exception:  # noqa: BLE001  (the loader says what is wrong with it)
            continue
        for word, modules in WARM_WHEN_NAMED.items():
            if word in data:
                found += [m for m in modules if m not in found]
    return tuple(found)
