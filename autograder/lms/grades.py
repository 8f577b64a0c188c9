"""What an export writes: the class's results, the grade columns, and who matches whom.

    read_grades(out_dir) -> ClassGrades                   # every <student>/results.json
    grade_columns(grades, mode, stages, names) -> list[Column]
    match(grades, roster, columns, missing) -> Matching

A column is an LMS assignment: one per stage (mode "stages") or the total of the chosen
stages (mode "total"). Its points possible come from the results (each stage's maximum).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder.gradescope.results import RESULTS_NAME, from_gradescope
from autograder.grading import GradeResult
from autograder.lms.roster import Person, Roster, normalize
from autograder.loading import STAGES

DEFAULT_ASSIGNMENT = "scratchnet"
MODES = ("total", "stages")
MISSING = ("skip", "zero")


class ExportError(ValueError):
    """The export cannot be made as asked (a bad option or an empty OUT_DIR)."""


@dataclass
class ClassGrades:
    """results: student name -> result. unreadable: (folder name, why) for damaged files."""

    results: dict[str, GradeResult]
    unreadable: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Column:
    """One LMS assignment: its header, the stages it adds up, and its points possible."""

    header: str
    stages: tuple[int, ...]
    possible: int

    def points(self, result: GradeResult | None) -> int | None:
        """The result's points on this column; None when none of its stages was graded."""
        if result is None or not set(self.stages) & set(result.stages):
            return None
        return sum(result.stage_score(stage)[0] for stage in self.stages)


@dataclass(frozen=True)
class Row:
    """One student in the LMS file: who, and their points per column (None: no grade)."""

    person: Person
    result: GradeResult | None
    points: tuple[int | None, ...]


@dataclass
class Matching:
    """rows: roster order. not_in_roster: graded students the roster lacks.
    no_results: roster people without a result (written only with missing="zero")."""

    rows: list[Row]
    not_in_roster: list[GradeResult]
    no_results: list[Person]


def read_grades(out_dir: Path) -> ClassGrades:
    """Every `<out_dir>/<student>/results.json`; ExportError if there is none at all."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ExportError(f"no such folder: {out_dir} (give the folder `scratchnet grade "
                          "--out` wrote)")
    grades = ClassGrades({})
    for path in sorted(out_dir.glob(f"*/{RESULTS_NAME}")):
        try:
            result = from_gradescope(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as error:
            grades.unreadable.append((path.parent.name, f"{type(error).__name__}: {error}"))
            continue
        grades.results[normalize(result.student)] = result
    if not grades.results and not grades.unreadable:
        raise ExportError(f"no results in {out_dir} (expected <student>/{RESULTS_NAME} files "
                          "written by `scratchnet grade --out`)")
    if not grades.results:  # nothing to export: say which files were not results
        names = ", ".join(folder for folder, _ in grades.unreadable)
        raise ExportError(f"no readable results in {out_dir}: the {RESULTS_NAME} of {names} "
                          "could not be read (grade the class again to write them)")
    return grades


def stage_possible(grades: ClassGrades) -> dict[int, int]:
    """Each graded stage's points possible (the largest any result gives it)."""
    possible: dict[int, int] = {}
    for result in grades.results.values():
        for stage in result.stages:
            possible[stage] = max(possible.get(stage, 0), result.stage_score(stage)[1])
    return dict(sorted(possible.items()))


def grade_columns(grades: ClassGrades, mode: str = "total",
                  stages: tuple[int, ...] | None = None,
                  names: list[str] | None = None) -> list[Column]:
    """The LMS columns.

    mode "total": one column, headed names[0] (default "scratchnet"), adding up `stages`.
    mode "stages": one column per stage, headed "01_sigmoid" .. or as names say ("N=NAME").
    stages: the stages exported (None: every stage graded for anyone).
    """
    if mode not in MODES:
        raise ExportError(f"--columns must be one of {', '.join(MODES)}, not {mode!r}")
    possible = stage_possible(grades)
    chosen = tuple(s for s in (stages or tuple(possible)) if s in possible)
    if not chosen:
        asked = ", ".join(map(str, stages or ()))
        raise ExportError(f"no result in this folder grades stage(s) {asked}")
    names = list(names or [])
    if mode == "total":
        if len(names) > 1 or any(_stage_name(n)[0] is not None for n in names):
            raise ExportError("with --columns total, give one --assignment NAME (the LMS "
                              "column of the total)")
        header = names[0] if names else DEFAULT_ASSIGNMENT
        return [Column(_header(header), chosen, sum(possible[s] for s in chosen))]
    headers = {s: f"{s:02d}_{STAGES[s]}" for s in chosen}
    for text in names:
        stage, name = _stage_name(text)
        if stage is None:
            raise ExportError(f"with --columns stages, --assignment takes N=NAME (for example "
                              f"4=Backprop), not {text!r}")
        if stage not in headers:
            raise ExportError(f"--assignment {text!r}: stage {stage} is not exported here "
                              f"(stages: {', '.join(map(str, chosen))})")
        headers[stage] = _header(name)
    return [Column(headers[s], (s,), possible[s]) for s in chosen]


def match(grades: ClassGrades, roster: Roster, columns: list[Column],
          missing: str = "skip") -> Matching:
    """Pair results with roster people.

    missing "skip": people without a result are left out of the file (their LMS grade stays
    as it is) and a stage not graded for a student is left empty; "zero": both get 0.
    """
    if missing not in MISSING:
        raise ExportError(f"--missing must be one of {', '.join(MISSING)}, not {missing!r}")
    people = roster.by_student()
    rows, no_results = [], []
    for person in roster.people:
        result = grades.results.get(person.student)
        if result is None:
            no_results.append(person)
            if missing == "skip":
                continue
        points = tuple(column.points(result) for column in columns)
        if missing == "zero":
            points = tuple(0 if p is None else p for p in points)
        rows.append(Row(person, result, points))
    not_in_roster = [r for name, r in grades.results.items() if name not in people]
    return Matching(rows, not_in_roster, no_results)


def _stage_name(text: str) -> tuple[int | None, str]:
    number, sep, name = text.partition("=")
    if sep and number.strip().isdigit():
        return int(number), name.strip()
    return None, text


def _header(name: str) -> str:
    name = name.strip()
    if not name:
        raise ExportError("an assignment name cannot be empty")
    return name
