"""Grading many submissions: parallel workers, a progress bar, results saved as they come.

    grade_batch(submissions, out_dir, ...) -> BatchOutcome

Each finished submission is written at once (results.json and feedback.md, atomically) to
``<out>/<student>/``; the gradebook is written when the batch ends. With ``resume=True``
a submission whose content hash and stage selection already have a result in ``out_dir`` is
not graded again, so a killed run continued with ``--resume`` ends with every student
exactly once. Student code runs in sandboxes started by the workers, never in a worker.
Each worker also draws its students' feedback figures, from values measured in the sandbox
that graded them before it closed (``grade_and_draw``); this process only writes files.
"""

import concurrent.futures as futures
import logging
import multiprocessing
import os
import select
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from autograder.atomic import write_text_atomic
from autograder.checks.runner import prepare_in_background
from autograder.config import DEMO_SECRET
from autograder.feedback.figures import Figure
from autograder.feedback.html import write_feedback_html
from autograder.feedback.markdown import FEEDBACK_NAME, render_markdown
from autograder.feedback.observe import Observations
from autograder.figures.painter import Painter
from autograder.gradescope.results import RESULTS_NAME, read_results, write_results_json
from autograder.grading import GradeResult, grade_submission
from autograder.i18n import tr
from autograder.loading import Submission
from autograder.report import write_report
from autograder.sandbox import Limits
from autograder.workers import default_workers, die_with_parent, grades_here

log = logging.getLogger("autograder.batch")

@dataclass
class BatchOutcome:
    """results: one GradeResult per submission that has one, in submission order.
    resumed: students whose earlier result was reused.
    failures: (student, what went wrong) for submissions the grader itself could not grade.
    """

    results: list[GradeResult] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def selection_key(stages: tuple[int, ...] | None) -> str:
    """How a stage selection is recorded in results ("all", or "1,3")."""
    return "all" if stages is None else ",".join(map(str, stages))


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
        earlier = read_results(out_dir)
        for submission in submissions:
            found = earlier.get(submission.student)
            if found and found[0].content_hash == submission.content_hash \
                    and found[1] == selection:
                done[submission.student] = found[0]
                outcome.resumed.append(submission.student)
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

    with _progress(console, len(submissions), len(submissions) - len(pending)) as advance:
        _run(pending, (stages, secret, limits, lang), workers or default_workers(), finished,
             failed, advance, report, painter)
    return outcome


def save_result(out_dir: Path, result: GradeResult, selection: str = "all",
                figures: list[Figure] | tuple[()] = ()) -> None:
    """Write one student's feedback.md and feedback.html (with `figures`), then
    results.json (the file `--resume` trusts)."""
    folder = out_dir / result.student
    write_text_atomic(folder / FEEDBACK_NAME, render_markdown(result))
    write_feedback_html(folder, result, figures=list(figures))
    write_results_json(folder / RESULTS_NAME, result, selection)


def grade_and_draw(submission: Submission, stages: tuple[int, ...] | None, secret: str,
                   limits: Limits | None, lang: str = "en"
                   ) -> tuple[GradeResult, list[Figure]]:
    """Grade one submission and draw its feedback figures, all in the calling process."""
    result, found = grade_and_observe(submission, stages, secret, limits, lang)
    return result, draw_feedback(found, result.lang, result.student)


def grade_and_observe(submission: Submission, stages: tuple[int, ...] | None, secret: str,
                      limits: Limits | None, lang: str = "en"
                      ) -> tuple[GradeResult, Observations]:
    """Grade one submission, and the values its feedback figures show.

    The figures' values are measured in each unit's grading sandbox after its checks ran
    (``observe.observe_loaded``), so no second sandbox starts for them.
    """
    from autograder.feedback.observe import observe_loaded

    found = Observations()

    def observer(impl, unit_stages, results, label) -> None:
        observe_loaded(impl, unit_stages, results, found, label)

    return grade_submission(submission, stages, secret, limits, observer, lang), found


def draw_feedback(found: Observations, lang: str, student: str = "") -> list[Figure]:
    """The feedback figures of `found` in `lang` (none, logged, if drawing fails: a figure
    is never worth losing the result)."""
    from autograder.feedback.figures import figures_for
    from autograder.i18n import language

    try:
        with language(lang):
            return figures_for(found)
    except Exception as error:
        log.warning("feedback figures for %s could not be drawn: %s", student, error)
        return []


def _run(pending: list[Submission], job: tuple, workers: int, finished: Callable,
         failed: Callable, advance: Callable, then: Callable[[Callable], None],
         painter: Painter | None = None) -> None:
    """Grade `pending` in this process (workers == 1) or in a pool of worker processes,
    then call ``then(draw_map)``: a ``map`` that uses the pool while it is still there.

    job: (stages, secret, limits, lang), the arguments every grading shares. painter: where
    this process's figures are drawn (None: here).
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
            then(_pool_map(pool))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _here(func: Callable, *args):
    return func(*args)


def _pool_map(pool: futures.Executor) -> Callable:
    """``map`` over the pool's workers, or in this process if the pool cannot."""
    def draw_map(func: Callable, *iterables) -> list:
        try:
            return list(pool.map(func, *iterables))
        except Exception as error:  # e.g. a worker died: draw here instead
            log.warning("drawing in this process (the worker pool failed: %s)", error)
            return list(map(func, *iterables))
    return draw_map


def _worker_init(grader: int) -> None:
    """In each worker: die with the grader (pid ``grader``), and leave Ctrl-C to it.

    A worker's parent is multiprocessing's fork server, which lives as long as a worker
    does (each holds its liveness pipe), so a parent-death signal alone would never fire
    when the grader is killed: a thread watches the grader itself.
    """
    die_with_parent()
    threading.Thread(target=_die_with, args=(grader,), daemon=True,
                     name="scratchnet-grader-watch").start()
    prepare_in_background()  # while the worker's first sandbox starts


def _die_with(grader: int) -> None:
    """Wait for process ``grader`` to end, then end this worker and every submission it is
    grading (their cgroups; zygotes and bubblewrap die with the worker)."""
    try:
        pidfd = os.pidfd_open(grader)
        select.select([pidfd], [], [])
    except (AttributeError, OSError):  # no pidfd (an old kernel): poll
        while True:
            try:
                os.kill(grader, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(0.2)
    from autograder.sandbox import cgroup

    home = cgroup.current_home()
    if home is not None:
        home.kill_all()
        home.remove()
        for folder in home.dirs:  # and the dead grader's own (empty) home beside it
            cgroup.sweep(os.path.dirname(folder))
    os._exit(1)


class _progress:
    """Progress on `console` (or nothing); entering gives `advance()`.

    On a terminal: a rich progress bar (redrawn 4 times a second). Elsewhere (a log file,
    CI): a plain line at every tenth of the batch, so the log shows the grader moving.
    """

    def __init__(self, console: Console | None, total: int, completed: int) -> None:
        self.bar = None
        self.console, self.total, self.done = console, total, completed
        self.started = time.perf_counter()
        self.step = max(10, total // 10)
        if console is not None and total > 1 and console.is_terminal:
            self.bar = Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=console, transient=True,
                                refresh_per_second=4)
            self.task = self.bar.add_task("grading", total=total, completed=completed)

    def __enter__(self) -> Callable[[], None]:
        if self.bar is not None:
            self.bar.start()
            return lambda: self.bar.advance(self.task)
        if self.console is None or self.total <= 1:
            return lambda: None
        return self._line

    def _line(self) -> None:
        self.done += 1
        if self.done % self.step == 0 or self.done == self.total:
            elapsed = time.perf_counter() - self.started
            self.console.print(tr("grading: {done}/{total} done ({seconds:.0f} s)",
                                  done=self.done, total=self.total, seconds=elapsed),
                               markup=False, highlight=False)

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.stop()
