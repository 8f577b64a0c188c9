"""Which course stage a notebook belongs to: from its metadata, its folder or its name.

The course has seven stages, each with its own notebook (`01_sigmoid` .. `05_training`, then
the "what next" stages `06_activations` and `07_classifier`). A file that names no stage (a
`.py` module, a notebook called `alice.ipynb`) covers the five core stages, and stage 6 or 7
too when its code defines one of that stage's names (see :func:`extension_stages`).
"""

import ast
import re
from collections.abc import Iterable

from autograder.contract import CORE_STAGES, EXTENSION_STAGES, NAMES
from autograder.loading.syntax import TooDeep, parse

#: Stage number -> the short name used in notebook and assignment names.
STAGES: dict[int, str] = {1: "sigmoid", 2: "feedforward", 3: "loss", 4: "backprop", 5: "training",
                          6: "activations", 7: "classifier"}
ALL_STAGES: tuple[int, ...] = tuple(STAGES)

# "01_sigmoid", "1-sigmoid", "stage3", "stage_4_backprop", "05_training.ipynb"
_NUMBERED = re.compile(r"^(?:stage[ _-]?)?0?([1-7])(?:[ _.-]|$)", re.IGNORECASE)
_DEF = re.compile(r"^\s*(?:def|class)\s+([A-Za-z_]\w*)", re.MULTILINE)
_NAMED = {name: number for number, name in STAGES.items()}


def stage_from_name(name: str) -> int | None:
    """The stage a file or folder name stands for ("01_sigmoid.ipynb" -> 1), else None.

    A bare stage word counts too for a notebook or a folder ("backprop.ipynb" -> 4), so a
    folder of stage notebooks named after the idea they teach is understood; not for a .py
    file, where `activations.py` or `loss.py` is a student's own helper module as often.
    """
    stem = name.rsplit("/", 1)[-1]
    python = stem.endswith(".py")
    if stem.endswith((".ipynb", ".py")):
        stem = stem.rsplit(".", 1)[0]
    match = _NUMBERED.match(stem)
    if match:
        return int(match.group(1))
    return None if python else _NAMED.get(stem.lower())


def stage_from_metadata(metadata: object) -> int | None:
    """The stage recorded in a notebook's metadata, else None.

    Looks at ``metadata["scratchnet"]["stage"]`` (an int 1-7), which the course's source
    notebooks carry and nbgrader keeps when it releases and collects them.
    """
    if not isinstance(metadata, dict):
        return None
    ours = metadata.get("scratchnet")
    stage = ours.get("stage") if isinstance(ours, dict) else None
    if isinstance(stage, int) and not isinstance(stage, bool) and stage in STAGES:
        return stage
    if isinstance(stage, str):
        return stage_from_name(stage)
    return None


def parse_stage_option(text: str) -> tuple[int, ...] | None:
    """`--stage` values: "all" -> None (every stage a submission covers), "3" -> (3,).

    Also accepts ranges and lists ("1-3", "2,4"). Raises ValueError on anything else.
    """
    text = text.strip().lower()
    if text == "all":
        return None
    stages: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise ValueError(f"not a stage: {part!r} (use 1-7, a range like 1-3, or all)") from None
        if not (1 <= first <= last <= ALL_STAGES[-1]):
            raise ValueError(f"stages run from 1 to {ALL_STAGES[-1]}, not {part!r}")
        stages.update(range(first, last + 1))
    return tuple(sorted(stages))


def defined_names(cells: Iterable[str]) -> set[str]:
    """The names the code's top level defines: functions, classes, assignments, imports.

    A cell that does not parse is scanned for ``def``/``class`` lines instead. Nothing runs.
    """
    names: set[str] = set()
    for source in cells:
        try:
            body = parse(source).body
        except (SyntaxError, ValueError, TooDeep):
            names.update(_DEF.findall(source))
            continue
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t.id for target in targets for t in ast.walk(target)
                             if isinstance(t, ast.Name))
    return names


def extension_stages(cells: Iterable[str]) -> tuple[int, ...]:
    """The extension stages (6, 7) a stageless file takes part in: those whose names it defines.

    A course that teaches only the article's five stages never sees zeros for stages 6-7;
    a student who wrote `softmax` in their module is graded on stage 7 (all of it).
    """
    names = defined_names(cells)
    return tuple(stage for stage in EXTENSION_STAGES if names & set(NAMES[stage]))


def stageless_stages(cells: Iterable[str]) -> tuple[int, ...]:
    """The stages a file that names no stage is graded on: 1-5, plus 6-7 if it defines them."""
    return CORE_STAGES + extension_stages(cells)
