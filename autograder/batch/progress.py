"""The batch's progress on stderr: a bar on a terminal, a line per tenth elsewhere."""

import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from autograder.i18n import tr


class BatchProgress:
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
