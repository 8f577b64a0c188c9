"""Grading one submission: load it, run its code in a sandbox, run the checks, score it.

    grade_submission(submission, stages=None, secret=DEMO_SECRET, limits=None) -> GradeResult

Each code unit (a stage notebook, or the student's stageless files together) runs in its
own sandbox; the checks of the stages it covers run in this process against the sandbox's
proxy. The checks' inputs are seeded from the course secret and the submission's content
hash, so the same submission gets the same score on every run and every machine.
"""

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.checks.runner import (
    CheckResult,
    checks_for_stage,
    run_checks_noted,
    say_each_cause_once,
)
from autograder.config import DEMO_SECRET
from autograder.diagnose import skipped
from autograder.diagnose.source import Finding, read_source
from autograder.i18n import current_language, language, tr
from autograder.i18n.choose import submission_language
from autograder.i18n.notes import say_note
from autograder.loading import CodeUnit, Submission, load
from autograder.sandbox import Limits, Sandbox, SandboxError, SandboxStartError

_CELL = re.compile(r"^cell (\d+)\b")
log = logging.getLogger("autograder.grading")

#: Called as ``observer(impl, stages, results, label)`` while a unit's sandbox is still open,
#: after its checks ran (the feedback's figures measure there); it must never raise.
Observer = Callable[[Any, tuple[int, ...], list[CheckResult], str], None]


@dataclass
class GradeResult:
    """The grade of one submission.

    student, content_hash: as in the Submission (student: the unique id results are
            filed under). name: the name as found on disk (nbgrader's student id).
    stages: the stages graded, in order.
    checks: one CheckResult per check of those stages, in stage then registry order.
    notes:  what the student should know beyond the checks (skipped cells, dropped shell
            commands, unreadable files), student-facing.
    execution_time: wall seconds spent grading. isolation: how the code was isolated.
    lang: the language of its messages ("en" or "zh"); its feedback is rendered in it.
    findings: what reading the code found (diagnose/source.py), also the first notes.
    """

    student: str
    content_hash: str
    stages: tuple[int, ...]
    checks: list[CheckResult]
    notes: list[str] = field(default_factory=list)
    execution_time: float = 0.0
    isolation: str = ""
    name: str = ""
    lang: str = "en"
    findings: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        """The points earned, over every check."""
        return sum(check.points for check in self.checks)

    @property
    def max_score(self) -> int:
        """The points there were to earn, over every check."""
        return sum(check.max_points for check in self.checks)

    def stage_score(self, stage: int) -> tuple[int, int]:
        """(points, possible) for one stage; (0, 0) if the stage was not graded."""
        checks = [c for c in self.checks if c.stage == stage]
        return sum(c.points for c in checks), sum(c.max_points for c in checks)

    def top_diagnosis(self) -> str:
        """What reading the code found first, else the student's first named mistake (in
        stage order), else the costliest failure."""
        if self.findings:
            return self.findings[0]
        failed = [c for c in self.checks if not c.passed]
        named = [c for c in failed if c.mistake and not c.repeats]
        if named:
            return named[0].message
        if not failed:
            return ""
        return max(failed, key=lambda c: c.max_points).message


def grading_seed(secret: str, content_hash: str) -> int:
    """A 64-bit seed from the course secret and the submission's content hash."""
    digest = hashlib.sha256(f"{secret}\0{content_hash}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def grade_submission(submission: Submission, stages: tuple[int, ...] | None = None,
                     secret: str = DEMO_SECRET, limits: Limits | None = None,
                     observer: Observer | None = None, lang: str | None = None) -> GradeResult:
    """Grade `submission` on `stages` (None: every stage it covers).

    observer: called for each unit that loaded, after its checks, with the sandbox still
    open (see ``Observer``); it cannot change the result.
    lang: the run's default language (None: the current one); the submission's notebooks
    may ask for another (``metadata.scratchnet.lang``), and every message is made in it.
    Never raises for anything the submission does or contains; an exception from here is a
    fault of the grader itself.
    """
    chosen = submission_language(submission) or lang or current_language()
    with language(chosen) as chosen:
        result = _grade(submission, stages, secret, limits, observer)
    result.lang = chosen
    return result


def _grade(submission: Submission, stages: tuple[int, ...] | None, secret: str,
           limits: Limits | None, observer: Observer | None) -> GradeResult:
    started = time.perf_counter()
    seed = grading_seed(secret, submission.content_hash)
    plan = load(submission, stages)
    notes = list(plan.notes)
    checks: list[CheckResult] = []
    isolation = ""
    own_files = [Path(f.label).stem for f in submission.files]
    read = {unit.label: read_source(list(unit.cells), unit_stages, own_files, unit.files())
            for unit, unit_stages in plan.runs}
    for unit, unit_stages in plan.runs:
        notes.extend(tr("{file}: {note}", file=unit.label, note=note) for note in unit.notes)
        unit_checks, unit_notes, isolation = grade_unit(unit, unit_stages, seed, limits,
                                                        observer, read[unit.label])
        checks.extend(unit_checks)
        notes.extend(unit_notes)
    for stage, reason in plan.missing.items():
        checks.extend(zero_results(stage, reason))
    lost = {c.stage for c in checks if not c.passed}
    findings = list(dict.fromkeys(
        said for unit, _ in plan.runs
        for said in source_findings(unit, [f for f in read[unit.label]
                                           if f.stage is None or f.stage in lost])))
    notes = findings + notes  # what reading the code found: first, once
    order = {stage: i for i, stage in enumerate(plan.stages)}
    checks.sort(key=lambda c: order[c.stage])  # stable: registry order within a stage
    say_each_cause_once(checks)
    return GradeResult(
        student=submission.student,
        content_hash=submission.content_hash,
        stages=plan.stages,
        checks=checks,
        notes=notes,
        execution_time=time.perf_counter() - started,
        isolation=isolation,
        name=submission.name,
        findings=findings,
    )


def source_findings(unit: CodeUnit, found: list[Finding]) -> list[str]:
    """What reading the unit's code (never running it) found, one note per mistake."""
    return [tr("{file}, line {line}: {finding}", file=_file_of(unit, f), line=f.line,
               finding=f.message) if f.line
            else tr("{file}: {note}", file=_file_of(unit, f), note=f.message) for f in found]


def _file_of(unit: CodeUnit, finding: Finding) -> str:
    return unit.file_of(finding.cell) if finding.cell is not None else unit.label


def grade_unit(unit: CodeUnit, stages: tuple[int, ...], seed: int, limits: Limits | None,
               observer: Observer | None = None, found: list[Finding] = ()
               ) -> tuple[list[CheckResult], list[str], str]:
    """Run one unit's cells in a sandbox and its stages' checks against it.

    Returns (check results, notes from the sandbox, the sandbox's isolation description).
    The notes are taken before ``observer`` runs, so what it does never reaches them.
    """
    if not unit.cells:
        reason = tr("{file} has no code to run", file=unit.label)
        return [r for s in stages for r in zero_results(s, reason)], [], ""
    sandbox = Sandbox(unit.cells, limits=limits or Limits(), seed=seed, modules=unit.modules,
                      module_cells=unit.module_cells)
    notes: list[str] | None = None
    kept: list[str] = []
    try:
        with sandbox as impl:
            results, kept = run_checks_noted(impl, stages, seed)
            results = skipped.explain(results, list(unit.cells), unit.file_of)
            notes = list(sandbox.notes)
            if observer is not None:
                with sandbox.replaying():  # what the checks already ran is not run again
                    _observe(observer, impl, stages, results, unit.label)
    except SandboxStartError:
        raise  # the grading machine could not start a child: not the student's fault
    except SandboxError as error:
        reason = tr("your code in {file} could not be loaded: {error}", file=unit.label,
                    error=error)
        results = [r for s in stages for r in zero_results(s, reason)]
    notes = sandbox.notes if notes is None else notes
    notes = [_unit_note(unit, note) for note in notes if not _explained(note, found)] + kept
    isolation = ", ".join(filter(None, (sandbox.isolation, sandbox.containment)))
    return results, notes, isolation  # "bubblewrap, cgroup v1 per submission"


def _observe(observer: Observer, impl: Any, stages: tuple[int, ...],
             results: list[CheckResult], label: str) -> None:
    """Run the observer; whatever goes wrong there is logged and never touches the grade."""
    try:
        observer(impl, stages, results, label)
    except Exception as error:
        log.warning("observing %s after grading failed: %s", label, error)


def _unit_note(unit: CodeUnit, note: str) -> str:
    """A sandbox note for the student: of several files, the cell's own name says which."""
    if unit.files() and _CELL.search(note):
        return _name_cells(unit, note)
    return tr("{file}: {note}", file=unit.label, note=_name_cells(unit, note))


def _explained(note: str, found: list[Finding]) -> bool:
    """A cell skipped for an import that reading the code has already explained."""
    match = _CELL.search(note)
    return bool(match) and ("ImportError" in note or "ModuleNotFoundError" in note) and any(
        f.mistake in IMPORT_FINDINGS and f.cell == int(match.group(1)) - 1 for f in found)


#: What reading the code says of an import that cannot work (the skipped cell is not said
#: again).
IMPORT_FINDINGS = frozenset({"own_file_lacks_name", "own_module_misnamed",
                             "module_not_available"})


def _name_cells(unit: CodeUnit, note: str) -> str:
    """A sandbox note with its "cell 3" (the 3rd cell sent) named as the student knows it."""
    match = _CELL.search(note)
    said = say_note(note, unit.cell_name(int(match.group(1))) if match else "")
    if said is not None:  # a form the sandbox writes, said in the current language
        return said
    return _CELL.sub(lambda match: unit.cell_name(int(match.group(1))), note, count=1)


def zero_results(stage: int, reason: str) -> list[CheckResult]:
    """A failed, zero-point result for every check of `stage`, all giving `reason`."""
    return [CheckResult(name=check.name, stage=stage, points=0, max_points=check.points,
                        passed=False, message=reason, mistake=None,
                        visibility=check.visibility, description=tr(check.description))
            for check in checks_for_stage(stage)]
