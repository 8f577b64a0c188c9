"""One export: results + roster -> the LMS file and unmatched.csv beside it.

    export(out_dir, fmt, roster_path, output=None, ...) -> ExportOutcome

unmatched.csv lists, one row each, every graded student the roster lacks ("not in
roster"), every roster student without a result ("no results"; with missing="zero" they are
in the LMS file with 0, and still listed), and every results.json that could not be read
("unreadable results"). It is written on every export, with only its header when all
matched, so an old one never misleads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.atomic import write_text_atomic
from autograder.lms import canvas, moodle
from autograder.lms.grades import (
    ClassGrades,
    Column,
    ExportError,
    Matching,
    grade_columns,
    match,
    read_grades,
)
from autograder.lms.plain import plain_csv
from autograder.lms.roster import Roster, read_roster
from autograder.lms.table import BOM, csv_text

FORMATS = ("canvas", "moodle", "csv")
DEFAULT_OUTPUT = {"canvas": "grades-canvas.csv", "moodle": "grades-moodle.csv",
                  "csv": "grades.csv"}
UNMATCHED_NAME = "unmatched.csv"
NOT_IN_ROSTER, NO_RESULTS, UNREADABLE = "not in roster", "no results", "unreadable results"


@dataclass
class ExportOutcome:
    """What was written and who did not match (see the module docstring)."""

    output: Path
    unmatched_file: Path
    columns: list[Column]
    matching: Matching
    unreadable: list[tuple[str, str]]

    @property
    def unmatched(self) -> list[tuple[str, str, str]]:
        """(problem, student, detail) for everyone who needs the instructor's eye."""
        found = [(NOT_IN_ROSTER, r.student, f"{r.score}/{r.max_score} points")
                 for r in self.matching.not_in_roster]
        found += [(NO_RESULTS, p.student, p.name) for p in self.matching.no_results]
        found += [(UNREADABLE, folder, why) for folder, why in self.unreadable]
        return found


def export(out_dir: Path, fmt: str, roster_path: Path, output: Path | None = None,
           mode: str = "total", stages: tuple[int, ...] | None = None,
           names: list[str] | None = None, missing: str = "skip",
           identifier: str = "email") -> ExportOutcome:
    """Write the export of `out_dir` in format `fmt`.

    Raises RosterError for an unusable roster, ExportError for a bad choice of options or a
    folder without results, OSError when a file cannot be written.
    """
    if fmt not in FORMATS:
        raise ExportError(f"--to must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "moodle" and identifier not in moodle.IDENTIFIERS:
        raise ExportError(f"--identifier must be one of {', '.join(moodle.IDENTIFIERS)}")
    grades = read_grades(out_dir)
    roster = read_roster(roster_path)
    if fmt == "canvas":
        canvas.check_roster(roster)
    elif fmt == "moodle":
        moodle.check_roster(roster, identifier)
    columns = grade_columns(grades, mode, stages, names)
    matching = match(grades, roster, columns, missing)
    text = render(fmt, matching, columns, roster, identifier)
    output = Path(output) if output else Path(out_dir) / DEFAULT_OUTPUT[fmt]
    outcome = ExportOutcome(output, output.parent / UNMATCHED_NAME, columns, matching,
                            grades.unreadable)
    write_text_atomic(output, BOM + text)
    write_text_atomic(outcome.unmatched_file,
                      BOM + csv_text([("problem", "student", "detail"), *outcome.unmatched]))
    return outcome


def render(fmt: str, matching: Matching, columns: list[Column], roster: Roster,
           identifier: str = "email") -> str:
    """The LMS file's text (without the byte-order mark)."""
    if fmt == "canvas":
        return canvas.canvas_csv(matching, columns)
    if fmt == "moodle":
        return moodle.moodle_csv(matching, columns, identifier)
    return plain_csv(matching, columns, roster)


__all__ = ["ClassGrades", "ExportError", "ExportOutcome", "export", "render"]
