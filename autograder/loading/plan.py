"""Which code grades which stage: one sandbox per code unit, each for the stages it covers.

A stage notebook grades its own stage. Files that name no stage (a `.py` module, a notebook
called `alice.ipynb`) are run together as one unit that covers every core stage (1-5), and
stages 6-7 when the code defines their names. When several
files claim the same stage, the first notebook (by name) wins and the others are noted.
"""

import ast
from dataclasses import dataclass, field
from pathlib import Path

from autograder.contract import CORE_STAGES
from autograder.i18n import stage_title, tr
from autograder.loading.model import CodeUnit
from autograder.loading.stages import stageless_stages


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be loaded: its label, the stage it was for, and why."""

    label: str
    stage: int | None
    reason: str


@dataclass
class GradingPlan:
    """runs:    (unit, stages) pairs, each graded in its own sandbox.
    missing: stage -> why it gets zero (no file for it, or its file could not be read).
    notes:   remarks about the choice of files, student-facing.
    """

    runs: list[tuple[CodeUnit, tuple[int, ...]]] = field(default_factory=list)
    missing: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def stages(self) -> tuple[int, ...]:
        """Every stage this submission is graded on, in order."""
        graded = {s for _, stages in self.runs for s in stages} | set(self.missing)
        return tuple(sorted(graded))


def plan_grading(units: list[CodeUnit], unreadable: list[Unreadable],
                 requested: tuple[int, ...] | None = None) -> GradingPlan:
    """Decide which unit grades each stage.

    requested: the stages to grade, or None for every stage the submission covers (a
    stageless file covers stages 1-5 and the extension stages whose names it defines; an
    unreadable stage notebook its stage; an unreadable stageless file or an empty folder
    covers 1-5).
    """
    plan = GradingPlan()
    by_stage: dict[int, list[CodeUnit]] = {}
    for unit in sorted(units, key=lambda u: (not u.label.endswith(".ipynb"), u.label)):
        if unit.stage is not None:
            by_stage.setdefault(unit.stage, []).append(unit)
    general = _merge([u for u in units if u.stage is None])

    if requested is not None:
        wanted = requested
    elif general is not None:
        wanted = tuple(sorted(set(stageless_stages(general.cells)) | set(by_stage)))
    elif not units:  # nothing readable: the stages the unreadable files were for, if known
        wanted = tuple(sorted({p.stage for p in unreadable if p.stage is not None})) \
            or CORE_STAGES
    else:
        wanted = tuple(sorted(set(by_stage) | {p.stage or 0 for p in unreadable} - {0}))

    chosen: dict[int, CodeUnit] = {}
    for stage in wanted:
        candidates = by_stage.get(stage, [])
        if candidates:
            chosen[stage] = candidates[0]
            for other in candidates[1:]:
                plan.notes.append(tr("{label} was not graded: {label2} is graded for stage "
                                     "{stage}",
                                     label=other.label, label2=candidates[0].label, stage=stage))
        elif general is not None:
            chosen[stage] = general
        else:
            plan.missing[stage] = _why_missing(stage, unreadable)

    for unit in _unique_in_order(chosen.values()):
        plan.runs.append((unit, tuple(s for s in wanted if chosen.get(s) is unit)))
    return plan


def _merge(units: list[CodeUnit]) -> CodeUnit | None:
    """The stageless files as one unit: their cells in label order, or None if there are none."""
    if not units:
        return None
    units = imported_first(sorted(units, key=lambda u: u.label))
    if len(units) == 1:
        return units[0]
    return CodeUnit(label=" + ".join(u.label for u in units),
                    modules=[Path(u.label).stem for u in units],
                    module_cells=[len(u.cells) for u in units],
                    cells=[cell for u in units for cell in u.cells],
                    stage=None,
                    notes=[note for u in units for note in u.notes],
                    cell_names=[tr("{label}, {value}",
                                   label=u.label, value=u.cell_name(i)) for u in units
                                for i in range(1, len(u.cells) + 1)])


def imported_first(units: list[CodeUnit]) -> list[CodeUnit]:
    """The units in label order, except that a file another one imports runs before it.

    A student's folder is one program: ``from helpers import sigmoid`` in network.py finds
    helpers.py's names once helpers.py has run (in the sandbox each file is a module of its
    own, importable by its name).
    """
    stems = {Path(u.label).stem: u for u in units}
    ordered: list[CodeUnit] = []

    def place(unit: CodeUnit, path: tuple[str, ...]) -> None:
        if unit in ordered or unit.label in path:
            return
        for name in _imports(unit):
            if name in stems and stems[name] is not unit:
                place(stems[name], path + (unit.label,))
        ordered.append(unit)

    for unit in units:
        place(unit, ())
    return ordered


def _imports(unit: CodeUnit) -> list[str]:
    """The top-level module names a unit's code imports (cells that do not parse: none)."""
    names: list[str] = []
    for cell in unit.cells:
        try:
            tree = ast.parse(cell)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module.split(".")[0])
    return names


def _why_missing(stage: int, unreadable: list[Unreadable]) -> str:
    """The reason stage `stage` has no code to grade."""
    reasons = [p.reason for p in unreadable if p.stage in (stage, None)]
    if reasons:
        return "; ".join(reasons)
    return (tr("no notebook or .py file for stage {stage} ({value}) was found in this submission",
               stage=stage, value=stage_title(stage)))


def _unique_in_order(units) -> list[CodeUnit]:
    """Each unit once, in first-seen order (units are compared by identity)."""
    seen: list[CodeUnit] = []
    for unit in units:
        if not any(unit is s for s in seen):
            seen.append(unit)
    return seen
