"""The class gradebook CSV: one row per student, one column per check.

    gradebook_csv(results) -> str        # what `grade --format csv` prints
    write_gradebook(path, results)       # gradebook.csv, atomically, EXCEL_BOM first

(The report's per-check table, checks.csv, is made by ``report.page.checks_csv`` and written
beside it by ``report.write_report``.)
"""

import csv
import io
from pathlib import Path

from autograder.atomic import write_text_atomic
from autograder.grading import GradeResult
from autograder.text_safety import csv_cell

__all__ = ["EXCEL_BOM", "GRADEBOOK_NAME", "gradebook_csv", "write_gradebook"]

GRADEBOOK_NAME = "gradebook.csv"
#: Starts the CSV files written to disk, so that Excel reads them as UTF-8 (Chinese names);
#: Python reads them with encoding="utf-8-sig", which also reads files without it.
EXCEL_BOM = "\ufeff"


def gradebook_csv(results: list[GradeResult]) -> str:
    """The class gradebook: one row per student, one column per check (its points).

    Columns: student, score, max_score, then every check graded for anyone, in stage and
    registry order, headed `stage<N>:<check>`; a cell is empty where the check was not graded.
    Text cells never start like a spreadsheet formula (`text_safety.csv_cell`).
    """
    columns: dict[tuple[int, str], None] = {}
    for result in results:
        for check in result.checks:
            columns.setdefault((check.stage, check.name), None)
    ordered = sorted(columns, key=lambda key: key[0])  # stable: registry order within a stage
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["student", "score", "max_score"] + [f"stage{s}:{n}" for s, n in ordered]
    writer.writerow([csv_cell(cell) for cell in header])
    for result in results:
        points = {(c.stage, c.name): c.points for c in result.checks}
        row = [result.student, result.score, result.max_score] + [points.get(key, "")
                                                                  for key in ordered]
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()


def write_gradebook(path: Path, results: list[GradeResult]) -> None:
    """Write the class gradebook CSV atomically (with EXCEL_BOM first)."""
    write_text_atomic(path, EXCEL_BOM + gradebook_csv(results))
