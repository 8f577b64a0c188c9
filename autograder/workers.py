"""The grader's own processes: how many grade, whether this one grades, how helpers end.

    default_workers() -> int           # the cores this process may use
    grades_here(pending, workers)      # one submission, or one worker: no worker pool
    die_with_parent()                  # in a forked helper: end when the grader ends

Light on purpose: the grade command asks before it imports the grading machinery, so that
a submission graded in this process can have its first sandbox begun meanwhile.
"""

import os
import signal
import sys


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


def die_with_parent() -> None:
    """In a helper process (a painter, the similarity report, a worker): be killed when
    its parent ends (Linux; elsewhere nothing), and leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
