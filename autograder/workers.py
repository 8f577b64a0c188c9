"""How many processes grade a batch, and whether this one grades it itself.

    default_workers() -> int           # the cores this process may use
    grades_here(pending, workers)      # one submission, or one worker: no worker pool

Light on purpose: the grade command asks before it imports the grading machinery, so that
a submission graded in this process can have its first sandbox begun meanwhile.
"""

import os


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
