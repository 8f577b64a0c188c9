"""The table `scratchnet grade` prints: each student's points per stage, total and top
diagnosis, laid out for the width it is printed in. Names and totals are never dropped.

    ResultsTable(results)   a rich renderable; its layout is chosen when it is printed:
      wide    a ruled table, a column per stage with its title, and the top diagnosis cut
              with "…" to the width left (when at least DIAGNOSIS_MIN cells are left)
      narrow  one line per student: name and total, then the stages (by number) when they
              all fit, then as much of the diagnosis as fits (at least DIAGNOSIS_MIN cells)

Student text (names, diagnoses) goes in as `text_safety.rich_text`: printable, never markup.
The stage titles are translated when the table is made, in the current language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.table import Table

from autograder.i18n import stage_title
from autograder.text_safety import rich_text, terminal

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from autograder.grading import GradeResult

#: Fewer cells than this say too little of a diagnosis to be worth a column.
DIAGNOSIS_MIN = 20
#: The diagnosis column's widest (longer diagnoses are cut; feedback.md has them whole).
DIAGNOSIS_MAX = 90


class ResultsTable:
    """Student x stage: points / possible ("-" where not graded), total, top diagnosis."""

    def __init__(self, results: list[GradeResult], headers: tuple[str, str, str]) -> None:
        """headers: the student, total and diagnosis columns' (translated by the caller)."""
        self.stages = sorted({s for r in results for s in r.stages})
        self.titles = [f"{stage} {stage_title(stage)}" for stage in self.stages]
        self.headers = headers
        self.rows = []  # (name, [points per stage], total, diagnosis), each one printable line
        for result in results:
            points = [("{}/{}".format(*result.stage_score(stage))
                       if stage in result.stages else "-") for stage in self.stages]
            self.rows.append((terminal(result.student), points,
                              f"{result.score}/{result.max_score}",
                              terminal(result.top_diagnosis())))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.fitted(options.max_width)

    def fitted(self, width: int) -> Table:
        """The wide layout if it fits in `width` cells, else the narrow one."""
        return self._wide(width) or self._narrow(width)

    def _widest(self, header: str, cells: list[str]) -> int:
        return max([cell_len(header)] + [cell_len(cell) for cell in cells])

    def _diagnosis_room(self, left: int) -> int:
        """The diagnosis column's width in `left` cells, or 0 if it would say too little."""
        wanted = min(DIAGNOSIS_MAX, self._widest(self.headers[2], [r[3] for r in self.rows]))
        return min(wanted, left) if left >= min(DIAGNOSIS_MIN, wanted) else 0

    def _wide(self, width: int) -> Table | None:
        student, total, diagnosis = self.headers
        name_width = self._widest(student, [r[0] for r in self.rows])
        stage_widths = [self._widest(title, [r[1][i] for r in self.rows])
                        for i, title in enumerate(self.titles)]
        total_width = self._widest(total, [r[2] for r in self.rows])
        widths = [name_width, *stage_widths, total_width]
        # ruled, no outer edge: each column padded by one cell each side, a rule between two
        used = sum(w + 2 for w in widths) + len(widths) - 1
        room = self._diagnosis_room(width - used - 3)
        if not room:
            return None
        table = Table(show_edge=False, header_style="bold")
        table.add_column(student, no_wrap=True, min_width=name_width)
        for title, stage_width in zip(self.titles, stage_widths, strict=True):
            table.add_column(title, justify="right", no_wrap=True, min_width=stage_width)
        table.add_column(total, justify="right", no_wrap=True, min_width=total_width)
        table.add_column(diagnosis, overflow="ellipsis", no_wrap=True, max_width=room)
        for name, points, score, top in self.rows:
            table.add_row(rich_text(name), *points, score, rich_text(top))
        return table

    def _narrow(self, width: int) -> Table:
        student, total, diagnosis = self.headers
        name_width = self._widest(student, [r[0] for r in self.rows])
        total_width = self._widest(total, [r[2] for r in self.rows])
        used = name_width + 2 + total_width  # no rules: two cells between columns
        stage_widths = [self._widest(str(stage), [r[1][i] for r in self.rows])
                        for i, stage in enumerate(self.stages)]
        show_stages = used + sum(w + 2 for w in stage_widths) <= width
        if show_stages:
            used += sum(w + 2 for w in stage_widths)
        room = self._diagnosis_room(width - used - 2)
        table = Table(box=None, pad_edge=False, header_style="bold")
        # A name wider than the terminal folds onto more lines; it is never cut.
        table.add_column(student, overflow="fold", min_width=min(name_width, width // 2))
        table.add_column(total, justify="right", no_wrap=True, min_width=total_width)
        for stage, stage_width in zip(self.stages, stage_widths, strict=True):
            if show_stages:
                table.add_column(str(stage), justify="right", no_wrap=True, min_width=stage_width)
        if room:
            table.add_column(diagnosis, overflow="ellipsis", no_wrap=True, max_width=room)
        for name, points, score, top in self.rows:
            table.add_row(rich_text(name), score, *(points if show_stages else ()),
                          *((rich_text(top),) if room else ()))
        return table
