"""`scratchnet grade`: grade submissions in sandboxes and write Gradescope results,
a gradebook and feedback."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.commands.status import EXIT_STATUS, INTERRUPTED, UNFINISHED, USAGE, HelpFormatter
from autograder.config import ConfigError, load_config
from autograder.i18n import language, tr
from autograder.i18n.choose import default_language
from autograder.loading import find_submissions, parse_stage_option
from autograder.text_safety import terminal
from autograder.workers import grades_here

if TYPE_CHECKING:  # the grading machinery is imported when `grade` runs, not for --help
    from rich.console import Console

    from autograder.batch import BatchOutcome
    from autograder.commands.table import ResultsTable
    from autograder.config import CourseConfig
    from autograder.figures.painter import Painter
    from autograder.grading import GradeResult
    from autograder.loading.discover import Discovery
    from autograder.sandbox import Limits

DEFAULT_OUT = "scratchnet-out"

EPILOG = f"""\
writes, in --out (default {DEFAULT_OUT}/, which holds one class):
  <student>/results.json, feedback.md, feedback.html, and for the class
  gradebook.csv, checks.csv, report.html and _similarity/
With --nbgrader-assignment, also the course's nbgrader gradebook and its
autograded/ folders. Continue an interrupted run with --resume.

The details (which PATHs, student ids, each output, one class per output
folder, the sandbox and SCRATCHNET_SANDBOX, the language, speed) are in
README.md, section "scratchnet grade".

"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the `grade` subcommand to `sub`."""
    p = sub.add_parser(
        "grade",
        help="grade submissions safely and fast",
        description=(
            "Grade student submissions: each runs in a sandboxed child process, the checks "
            "run in the grader. Prints a table of points per stage with the top diagnosis."
        ),
        epilog=EPILOG + EXIT_STATUS,
        formatter_class=HelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path,
                   help="a submission file or a folder of submissions")
    p.add_argument("--stage", default="all", metavar="1-7|all",
                   help="grade only this stage (or a range like 1-3); default all: every "
                        "stage each submission covers")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help=f"submissions graded in parallel (default: the cores, here "
                        f"{len(os.sched_getaffinity(0))})")
    p.add_argument("--out", type=Path, default=Path(DEFAULT_OUT), metavar="DIR",
                   help=f"where results go (default {DEFAULT_OUT})")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="what to print: a table (default), JSON summaries, or the gradebook CSV")
    p.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="seconds allowed per call into a submission (default 10)")
    p.add_argument("--resume", action="store_true",
                   help="skip submissions that already have a result for the same content")
    p.add_argument("--replace", action="store_true",
                   help="if --out holds another class's results, replace them (default: refuse "
                        "and say which class they are)")
    p.add_argument("--nbgrader-assignment", metavar="NAME",
                   help="in nbgrader's submitted/ layout, grade only this assignment and "
                        "write the scores into the course's nbgrader gradebook (per test cell)")
    p.add_argument("--config", type=Path, metavar="FILE",
                   help="the course configuration (default: scratchnet.toml, found upward)")
    p.add_argument("--unconfined", action="store_true",
                   help="grade even where neither bubblewrap nor the kernel (Landlock, a "
                        "network namespace) can confine the students' code")
    p.add_argument("--lang", choices=("en", "zh"), default=None,
                   help="the language of feedback, table and report when a notebook does not "
                        "say (default: lang in scratchnet.toml, else the locale, else en)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run `scratchnet grade` with parsed `args`; the exit status."""
    painter = _early_painter(args.paths)
    try:
        return _run(args, painter)
    finally:
        if painter is not None:
            painter.close()


def _early_painter(paths: list[Path]) -> Painter | None:
    """A painter forked now, before anything else is imported, when PATH is one file (one
    student, graded in this process): matplotlib is then ready when the grading ends."""
    if len(paths) != 1 or not Path(paths[0]).is_file() or Path(paths[0]).is_symlink():
        return None
    from autograder.figures.painter import Painter

    return Painter()


def _run(args: argparse.Namespace, painter: Painter | None) -> int:
    from rich.console import Console

    err = Console(stderr=True, soft_wrap=True)  # a line per message, never cut mid-sentence
    try:
        stages = parse_stage_option(args.stage)
    except ValueError as error:
        return _usage(f"--stage: {error}")
    problem = _bad_option(args)
    if problem:
        return _usage(problem)
    if not args.unconfined:
        from autograder.sandbox.kernel import why_unconfined

        refused = why_unconfined()
        if refused:
            err.print(f"scratchnet grade: {refused}", markup=False, highlight=False)
            return USAGE
    try:
        found = find_submissions(args.paths, args.nbgrader_assignment)
    except FileNotFoundError as error:
        return _usage(str(error))
    for note in found.notes:  # name clashes, PATHs that are links, class folder limits
        err.print(f"scratchnet grade: note: {terminal(note)}", markup=False, highlight=False,
                  soft_wrap=True)
    try:
        config = load_config(args.config)
    except ConfigError as error:
        err.print(f"scratchnet grade: {error}", markup=False)
        return USAGE
    lang = default_language(getattr(args, "lang", None), config.lang)
    with language(lang):
        return _grade(args, stages, found, config, lang, err, painter)


def _grade(args: argparse.Namespace, stages: tuple[int, ...] | None, found: Discovery,
           config: CourseConfig, lang: str, err: Console, painter: Painter | None = None
           ) -> int:
    """Grade and print, in the run's language `lang` (set by the caller). painter: one
    forked early (see _early_painter), closed by the caller."""
    from rich.console import Console

    submissions = found.submissions
    if config.is_demo:
        err.print(tr("note: using the public demo course secret; set course_secret in "
                     "scratchnet.toml for a real class"), markup=False)
    if not submissions:  # nothing to do: as a wrong PATH would be, nothing is written
        err.print(terminal(tr("scratchnet grade: no submissions found in {paths} (no notebook "
                              "or .py file, nor a folder of them); nothing was graded",
                              paths=", ".join(map(str, args.paths)))),
                  markup=False, highlight=False)
        return USAGE
    refused = _take_output(args, submissions)
    if refused is not None:
        return refused
    limits = _limits(args.timeout or config.timeout, config.submission_timeout)
    similarity = _start_similarity(submissions, stages, args.out, err)  # forks: first
    own_painter = None
    if not grades_here(len(submissions), args.workers):
        painter = None  # the workers draw
    else:  # no worker pool: all is done here
        from autograder.figures.painter import Painter
        from autograder.workers import begin_grading

        if painter is None:
            painter = own_painter = Painter()  # first: forks copy only the calling thread
        begin_grading(limits, submissions)  # while the rest of the grader is imported
    from autograder.batch import grade_batch

    try:
        outcome = grade_batch(submissions, args.out, stages, config.secret, limits,
                              args.workers, args.resume, console=err, lang=lang,
                              painter=painter, before_report=similarity)
    except OSError as error:
        err.print(tr("scratchnet grade: cannot write results to {out}: {error}",
                     out=args.out, error=error), markup=False)
        return UNFINISHED
    except KeyboardInterrupt:
        err.print(tr("scratchnet grade: interrupted; the results so far are in {out}/; "
                     "rerun with --resume to grade the rest", out=args.out), markup=False)
        return INTERRUPTED
    finally:
        if own_painter is not None:
            own_painter.close()
    if args.nbgrader_assignment and not _write_nbgrader_gradebook(outcome, args, err):
        return UNFINISHED
    # On a terminal the table fits the window (one line per student where the boxed table
    # would not fit: commands/table.py); into a file or pipe it is 200 columns wide.
    _print(outcome, args, Console(width=None if sys.stdout.isatty() else 200), found.notes)
    for student, problem in outcome.failures:
        err.print(terminal(tr("scratchnet grade: could not grade {student} (a grader fault): "
                              "{problem}", student=student, problem=problem)),
                  markup=False, highlight=False)
    return UNFINISHED if outcome.failures else 0


def _bad_option(args: argparse.Namespace) -> str | None:
    """What is wrong with the options (besides --stage), before anything is done."""
    if args.workers is not None and args.workers < 1:
        return "--workers must be at least 1"
    if args.timeout is not None and not (math.isfinite(args.timeout) and args.timeout > 0):
        return "--timeout must be a positive number of seconds"
    if args.nbgrader_assignment:
        from autograder.nbgrader.gradebook import course_root_of

        if course_root_of(args.paths) is None:
            return tr("--nbgrader-assignment: no nbgrader course (a folder with submitted/) "
                      "among {paths}", paths=", ".join(map(str, args.paths)))
    return None


def _take_output(args: argparse.Namespace, submissions: list) -> int | None:
    """Make --out this class's folder (autograder/ownership.py); None to go on, else the exit
    status (another class's results there and no --replace, or the folder is unwritable)."""
    from autograder.commands.output import take_output
    from autograder.ownership import ClassId

    wanted = ClassId.of(args.paths, args.nbgrader_assignment)
    return take_output("grade", args.out, wanted, [s.student for s in submissions],
                       args.replace)


def _write_nbgrader_gradebook(outcome: BatchOutcome, args: argparse.Namespace,
                              err: Console) -> bool:
    """Record the scores in nbgrader's gradebook; False (with a message) if impossible."""
    from autograder.nbgrader.autograded import write_autograded
    from autograder.nbgrader.gradebook import GradebookError, course_root_of, write_to_gradebook

    root = course_root_of(args.paths)
    if root is None:
        err.print(tr("scratchnet grade: --nbgrader-assignment: no nbgrader course (a folder "
                     "with submitted/) among {paths}", paths=", ".join(map(str, args.paths))),
                  markup=False)
        return False
    try:
        written = write_to_gradebook(root, args.nbgrader_assignment, outcome.results)
    except GradebookError as error:
        err.print(f"scratchnet grade: {error}", markup=False)
        return False
    err.print(tr("nbgrader gradebook: scores of {count} students recorded for {assignment} "
                 "in {root}", count=len(written), assignment=args.nbgrader_assignment,
                 root=root), markup=False)
    for note in write_autograded(root, args.nbgrader_assignment, outcome.results):
        err.print(f"nbgrader autograded/: {terminal(note)}", markup=False, highlight=False,
                  soft_wrap=True)
    return True


def _start_similarity(submissions: list, stages: tuple[int, ...] | None, out: Path,
                      err: Console) -> Callable[[], None]:
    """Begin the code-similarity report (two or more students) beside the grading; returns
    what waits for it and says how it went. A fault in it never stops grading (it changes
    no grade)."""
    from autograder.similarity import remove_similarity_report

    try:
        if len(submissions) < 2:
            remove_similarity_report(out)
            return lambda: None
        from autograder.similarity.background import start_report

        pending = start_report(submissions, stages, out)
    except Exception as error:  # noqa: BLE001
        from autograder.similarity.background import NOT_WRITTEN

        message = f"{NOT_WRITTEN}{type(error).__name__}: {error}"
        return lambda: err.print(message, markup=False, highlight=False)
    return lambda: err.print(pending.finish(), markup=False, highlight=False)


def _limits(timeout: float | None, submission_timeout: float | None) -> Limits:
    """Sandbox limits with the chosen timeouts, the sandbox's defaults otherwise."""
    from autograder.sandbox import Limits

    chosen = {}
    if timeout is not None:
        chosen["call_timeout"] = timeout
    if submission_timeout is not None:
        chosen["total_timeout"] = submission_timeout
    return Limits(**chosen)


def _usage(message: str) -> int:
    print(f"scratchnet grade: {terminal(message)}", file=sys.stderr)  # a PATH may be a student's
    return USAGE


def _print(outcome: BatchOutcome, args: argparse.Namespace, console: Console,
           notes: list[str] = ()) -> None:
    from autograder.gradebook import gradebook_csv

    if args.format == "csv":
        sys.stdout.write(gradebook_csv(outcome.results))
    elif args.format == "json":
        summaries = [_summary(r, args.out) for r in outcome.results]
        print(json.dumps({"out": str(args.out), "submissions": summaries,
                          "resumed": outcome.resumed, "notes": list(notes),
                          "failures": [{"student": s, "error": e} for s, e in outcome.failures]},
                         indent=2))
    else:
        console.print(results_table(outcome.results))
        resumed = (tr(" ({count} from an earlier run)", count=len(outcome.resumed))
                   if outcome.resumed else "")
        console.print(tr("{count} graded{resumed}; results, feedback, gradebook.csv and the "
                         "class report ({out}/report.html) in {out}/",
                         count=len(outcome.results), resumed=resumed, out=args.out),
                      markup=False, highlight=False)


def _summary(result: GradeResult, out: Path) -> dict:
    """One student's line of the JSON output."""
    from autograder.gradescope.results import RESULTS_NAME

    return {
        "student": result.student,
        "score": result.score,
        "max_score": result.max_score,
        "stages": {str(s): list(result.stage_score(s)) for s in result.stages},
        "top_diagnosis": result.top_diagnosis(),
        "results": str(out / result.student / RESULTS_NAME),
    }


def results_table(results: list[GradeResult]) -> ResultsTable:
    """Student x stage: points / possible ("-" where not graded), total, top diagnosis, laid
    out for the width it is printed in (`autograder/commands/table.py`): names and totals
    are never dropped. Student text is inert (`text_safety.rich_text`)."""
    from autograder.commands.table import ResultsTable

    student, total = tr("student"), tr("total")
    return ResultsTable(results, (student, total, tr("top diagnosis")))
