"""Grading many submissions: parallel workers, a progress bar, results saved as they come.

    grade_batch(submissions, out_dir, ...) -> BatchOutcome

Each finished submission is written at once (results.json and feedback.md, atomically) to
``<out>/<student>/``; the gradebook is written when the batch ends. With ``resume=True``
a submission whose content hash and stage selection already have a result in ``out_dir`` is
not graded again, so a killed run continued with ``--resume`` ends with every student
exactly once. Student code runs in sandboxes started by the workers, never in a worker.
Each worker also draws its students' feedback figures, from values measured in the sandbox
that graded them before it closed (``grade_and_draw``); this process only writes files.

    resume.py    which submissions already have a result (``--resume``)
    one.py       one submission in a worker: graded, observed, its figures drawn
    save.py      one student's files, written as soon as the result is known
    pool.py      this process or a pool of workers; each worker's watch on the grader
    progress.py  the progress bar, or a line per tenth of the batch
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from autograder.batch.one import draw_feedback, grade_and_draw, grade_and_observe
from autograder.batch.pool import Job, run_all
from autograder.batch.progress import BatchProgress
from autograder.batch.resume import earlier_results, selection_key
from autograder.batch.save import save_result
from autograder.config import DEMO_SECRET
from autograder.feedback.figures import Figure
from autograder.figures.painter import Painter
from autograder.grading import GradeResult
from autograder.loading import Submission
from autograder.report import write_report
from autograder.sandbox import Limits
from autograder.workers import default_workers

__all__ = ["BatchOutcome", "draw_feedback", "grade_and_draw", "grade_and_observe",
           "grade_batch", "save_result", "selection_key"]


@dataclass
class BatchOutcome:
    """results: one GradeResult per submission that has one, in submission order.
    resumed: students whose earlier result was reused.
    failures: (student, what went wrong) for submissions the grader itself could not grade.
    """

    results: list[GradeResult] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def grade_batch(submissions: list[Submission], out_dir: Path,
                stages: tuple[int, ...] | None = None, secret: str = DEMO_SECRET,
                limits: Limits | None = None, workers: int | None = None,
                resume: bool = False, console: Console | None = None,
                on_result: Callable[[GradeResult], None] | None = None,
                lang: str = "en", painter: Painter | None = None,
                before_report: Callable[[], None] | None = None) -> BatchOutcome:
    """Grade `submissions` into `out_dir` and return what was graded.

    lang: the run's language (the report's, and each submission's unless its notebooks ask
    for another).

    workers: processes grading in parallel (default: the number of cores; 1 grades in this
    process). console: where the progress bar goes (None: no progress bar). on_result is
    called in this process for each new result, after it is saved. painter: where the
    figures are drawn when the submissions are graded in this process (None: here).
    before_report: called once every result is saved, before the class report is written
    (e.g. to wait for the similarity report it links to).
    """
    out_dir = Path(out_dir)
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    selection = selection_key(stages)
    done: dict[str, GradeResult] = {}
    outcome = BatchOutcome()
    pending = list(submissions)
    if resume:
        done.update(earlier_results(out_dir, submissions, selection))
        outcome.resumed = [s.student for s in submissions if s.student in done]
        pending = [s for s in submissions if s.student not in done]

    def finished(result: GradeResult, figures: list[Figure]) -> None:
        save_result(out_dir, result, selection, figures)
        done[result.student] = result
        if on_result is not None:
            on_result(result)

    def failed(submission: Submission, error: BaseException) -> None:
        outcome.failures.append((submission.student, f"{type(error).__name__}: {error}"))

    def report(draw_map: Callable) -> None:
        if before_report is not None:
            before_report()
        outcome.results = [done[s.student] for s in submissions if s.student in done]
        write_report(out_dir, outcome.results, outcome.failures,
                     time.perf_counter() - started, draw_map, lang)

    with BatchProgress(console, len(submissions), len(submissions) - len(pending)) as advance:
        run_all(pending, Job(stages, secret, limits, lang), workers or default_workers(),
                finished, failed, advance, report, painter)
    return outcome
