"""The similarity report made in a forked process while the class is graded.

    pending = start_report(submissions, stages, out_dir)   # forks now: before any thread
    message = pending.finish()                             # waits; the line to print

Comparing a class takes about 3 s of CPU for 300 students. Forked, it runs beside the
grading, in the time the sandboxes leave the cores idle (a thread would share the grader's
interpreter lock with its result handling). The earlier run's summary is removed first, so
a report that could not be made never leaves a stale one linked from the class report. The
process dies with the grader, leaves Ctrl-C to it, and sends back one line: what was
written, or why not.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path

from autograder.i18n import tr
from autograder.loading import Submission
from autograder.similarity import (
    compare_submissions,
    remove_similarity_report,
    write_similarity_report,
)
from autograder.workers import die_with_parent

#: What the grader says when no report could be made: the reason follows.
NOT_WRITTEN = "scratchnet grade: the code-similarity report could not be written: "


class Pending:
    """A similarity report being made by `process`; `finish` waits for it."""

    def __init__(self, process: multiprocessing.process.BaseProcess, reader: Connection):
        self.process, self.reader = process, reader

    def finish(self) -> str:
        """Wait for the report; the line that says where it is, or why there is none."""
        self.process.join()
        try:
            message = self.reader.recv() if self.reader.poll() else None
        except (EOFError, OSError):
            message = None
        finally:
            self.reader.close()
        if not isinstance(message, str):
            message = f"{NOT_WRITTEN}its process ended with status {self.process.exitcode}"
        return message


def start_report(submissions: list[Submission], stages: tuple[int, ...] | None,
                 out_dir: Path) -> Pending:
    """Begin the report on `submissions` (two or more) in a forked process."""
    remove_similarity_report(out_dir)
    reader, writer = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=_make, args=(submissions, stages, Path(out_dir), writer), daemon=True,
        name="scratchnet-similarity")
    process.start()
    writer.close()
    return Pending(process, reader)


def _make(submissions: list[Submission], stages: tuple[int, ...] | None, out_dir: Path,
          writer: Connection) -> None:
    """(In the forked process.) Compare, write the report, send the line to print."""
    die_with_parent()
    try:
        result = compare_submissions(submissions, stages)
        index = write_similarity_report(out_dir, result)
        message = tr("code similarity: {flagged} of {pairs} pairs flagged ({index})",
                     flagged=len(result.flagged), pairs=len(result.pairs), index=index)
    except Exception as error:  # noqa: BLE001  (a similarity fault must not cost a grade)
        message = f"{NOT_WRITTEN}{type(error).__name__}: {error}"
    writer.send(message)
    writer.close()
