"""The class's results in numbers: scores per stage, pass rate per check, mistakes, trouble.

    summarize(results, failures=()) -> ClassSummary

Everything is computed from GradeResults (as read back from results.json files), so a
report can be rebuilt from an output folder at any time.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from autograder.grading import GradeResult
from autograder.i18n.notes import says_cell_skipped, says_limit_reached


@dataclass
class CheckSummary:
    """One check across the class: graded = students it ran for; passed = who passed it.

    mistakes: mistake name -> how many students it was named for on this check.
    """

    stage: int
    name: str
    description: str
    visibility: str
    max_points: int
    graded: int = 0
    passed: int = 0
    mistakes: Counter = field(default_factory=Counter)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


@dataclass
class ClassSummary:
    """results: as given. stage_scores: stage -> [(student, points, possible)].
    checks: one CheckSummary per check, in stage and registry order.
    mistakes: mistake -> sorted students who made it (most common first).
    load_problems: (student, what) for code that could not be loaded or read, and cells
    skipped. timeouts: (student, what) for time and memory limits reached.
    failures: (student, error) the grader itself could not grade.
    """

    results: list[GradeResult]
    stage_scores: dict[int, list[tuple[str, int, int]]]
    checks: list[CheckSummary]
    mistakes: dict[str, list[str]]
    load_problems: list[tuple[str, str]]
    timeouts: list[tuple[str, str]]
    failures: list[tuple[str, str]]

    @property
    def percentages(self) -> list[float]:
        """Each student's total as a percentage of what they were graded on."""
        return [100 * r.score / r.max_score if r.max_score else 0.0 for r in self.results]

    def times(self) -> list[float]:
        return [r.execution_time for r in self.results]

    def time_stats(self) -> dict[str, float]:
        """total, mean, median and max grading seconds per submission (0 when empty)."""
        times = self.times()
        if not times:
            return {"total": 0.0, "mean": 0.0, "median": 0.0, "max": 0.0}
        return {"total": sum(times), "mean": statistics.fmean(times),
                "median": statistics.median(times), "max": max(times)}


def summarize(results: list[GradeResult], failures: list[tuple[str, str]] = ()
              ) -> ClassSummary:
    """The class summary of `results` (one per student) and the grader's `failures`."""
    stage_scores: dict[int, list[tuple[str, int, int]]] = {}
    checks: dict[tuple[int, str], CheckSummary] = {}
    mistakes: dict[str, set[str]] = {}
    load_problems: list[tuple[str, str]] = []
    timeouts: list[tuple[str, str]] = []
    for result in results:
        for stage in result.stages:
            points, possible = result.stage_score(stage)
            stage_scores.setdefault(stage, []).append((result.student, points, possible))
        for check in result.checks:
            entry = checks.setdefault((check.stage, check.name), CheckSummary(
                check.stage, check.name, check.description, check.visibility,
                check.max_points))
            entry.graded += 1
            entry.passed += check.passed
            if check.mistake:
                entry.mistakes[check.mistake] += 1
                mistakes.setdefault(check.mistake, set()).add(result.student)
        load_problems += [(result.student, what) for what in _load_problems(result)]
        timeouts += [(result.student, what) for what in _timeouts(result)]
    ordered = sorted(checks.values(), key=lambda c: c.stage)  # stable: registry order
    common = dict(sorted(((m, sorted(s)) for m, s in mistakes.items()),
                         key=lambda item: (-len(item[1]), item[0])))
    return ClassSummary(results, dict(sorted(stage_scores.items())), ordered, common,
                        load_problems, timeouts, list(failures))


def _load_problems(result: GradeResult) -> list[str]:
    """Stages whose every check failed for one and the same reason with no named mistake
    (the grader's sign of a file that could not be read or code that could not be
    loaded), and cells that were skipped."""
    found = []
    for stage in result.stages:
        checks = [c for c in result.checks if c.stage == stage]
        messages = {c.message for c in checks}
        if checks and len(messages) == 1 and not any(c.passed or c.mistake for c in checks):
            message = messages.pop()
            if not says_limit_reached(message) and message not in found:
                found.append(message)
    found += [note for note in result.notes
              if says_cell_skipped(note) and not says_limit_reached(note)]
    return found


def _timeouts(result: GradeResult) -> list[str]:
    """Distinct messages and notes that say a time or memory limit was reached."""
    seen: list[str] = []
    for text in [c.message for c in result.checks] + result.notes:
        if says_limit_reached(text) and text not in seen:
            seen.append(text)
    return seen
