"""The batch's processes: grading in this process or in a pool of workers, and each
worker's watch on the grader.

    run_all(pending, job, workers, finished, failed, advance, then, painter)
    pool_map(pool) -> map          # over the pool's workers, here if the pool fails

A worker dies with the grader (``die_with_parent`` and a thread that watches the grader's
pid: a worker's parent is the fork server, not the grader) and leaves Ctrl-C to it.
"""

import concurrent.futures as futures
import logging
import multiprocessing
import os
from collections.abc import Callable
from typing import NamedTuple

from autograder.batch.one import draw_feedback, grade_and_draw, grade_and_observe
from autograder.checks.runner import prepare_in_background
from autograder.figures.painter import Painter
from autograder.loading import Submission
from autograder.sandbox import Limits
from autograder.workers import die_with_parent, grades_here

log = logging.getLogger("autograder.batch")


class Job(NamedTuple):
    """What every grading of a batch shares."""

    stages: tuple[int, ...] | None
    secret: str
    limits: Limits | None
    lang: str


def run_all(pending: list[Submission], job: Job, workers: int, finished: Callable,
            failed: Callable, advance: Callable, then: Callable[[Callable], None],
            painter: Painter | None = None) -> None:
    """Grade `pending` in this process (workers == 1) or in a pool of worker processes,
    then call ``then(draw_map)``: a ``map`` that uses the pool while it is still there.

    job: the arguments every grading shares. finished(result, figures) and
    failed(submission, error) are called here for each submission, advance() after each.
    painter: where this process's figures are drawn (None: here).
    """
    stages, secret, limits, lang = job
    if grades_here(len(pending), workers):
        call = painter.call if painter is not None else _here
        for submission in pending:
            try:
                result, found = grade_and_observe(submission, stages, secret, limits, lang)
                finished(result, call(draw_feedback, found, result.lang, result.student))
            except Exception as error:  # a fault of the grader: reported, batch goes on
                failed(submission, error)
            advance()
        then(painter.map if painter is not None else map)
        return
    from autograder.sandbox import containment

    containment.current()  # said once here: the workers (started after) know it was said
    context = multiprocessing.get_context("forkserver")
    # workers start with grading and drawing imported
    context.set_forkserver_preload(["autograder.batch", "autograder.feedback.figures",
                                    "matplotlib.figure", "matplotlib.backends.backend_agg"])
    with futures.ProcessPoolExecutor(max_workers=min(workers, len(pending)),
                                     mp_context=context, initializer=_worker_init,
                                     initargs=(os.getpid(),)) as pool:
        running = {pool.submit(grade_and_draw, s, stages, secret, limits, lang): s
                   for s in pending}
        try:
            for future in futures.as_completed(running):
                try:
                    finished(*future.result())
                except Exception as error:
                    failed(running[future], error)
                advance()
            then(pool_map(pool))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _here(func: Callable, *args):
    """``func(*args)``, in this process (a painter's ``call`` without a painter)."""
    return func(*args)


def pool_map(pool: futures.Executor) -> Callable:
    """``map`` over the pool's workers, or in this process if the pool cannot."""
    def draw_map(func: Callable, *iterables) -> list:
        try:
            return list(pool.map(func, *iterables))
        except Exception as error:  # e.g. a worker died: draw here instead
            log.warning("drawing in this process (the worker pool failed: %s)", error)
            return list(map(func, *iterables))
    return draw_map


def _worker_init(grader: int) -> None:
    """In each worker: die with the grader (pid ``grader``, not its parent: see
    ``workers.die_with_parent``), ending every submission it is grading, and leave Ctrl-C
    to it."""
    die_with_parent(grader, _end_submissions)
    prepare_in_background()  # while the worker's first sandbox starts


def _end_submissions() -> None:
    """The grader is gone: end every submission this worker is grading (their cgroups;
    zygotes and bubblewrap die with the worker)."""
    from autograder.sandbox import cgroup

    home = cgroup.current_home()
    if home is not None:
        home.kill_all()
        home.remove()
        for folder in home.dirs:  # and the dead grader's own (empty) home beside it
            cgroup.sweep(os.path.dirname(folder))
