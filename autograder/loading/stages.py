"""Which course stage a notebook belongs to: from its metadata, its folder or its name.

The course has five stages, each with its own notebook (`01_sigmoid` .. `05_training`). A file
that names no stage (a `.py` module, a notebook called `alice.ipynb`) covers every stage.
"""

import re

#: Stage number -> the short name used in notebook and assignment names.
STAGES: dict[int, str] = {1: "sigmoid", 2: "feedforward", 3: "loss", 4: "backprop", 5: "training"}
ALL_STAGES: tuple[int, ...] = tuple(STAGES)

# "01_sigmoid", "1-sigmoid", "stage3", "stage_4_backprop", "05_training.ipynb"
_NUMBERED = re.compile(r"^(?:stage[ _-]?)?0?([1-5])(?:[ _.-]|$)", re.IGNORECASE)
_NAMED = {name: number for number, name in STAGES.items()}


def stage_from_name(name: str) -> int | None:
    """The stage a file or folder name stands for ("01_sigmoid.ipynb" -> 1), else None.

    A bare stage word counts too ("backprop.ipynb" -> 4), so a folder of stage notebooks
    named after the idea they teach is understood.
    """
    stem = name.rsplit("/", 1)[-1]
    if stem.endswith((".ipynb", ".py")):
        stem = stem.rsplit(".", 1)[0]
    match = _NUMBERED.match(stem)
    if match:
        return int(match.group(1))
    return _NAMED.get(stem.lower())


def stage_from_metadata(metadata: object) -> int | None:
    """The stage recorded in a notebook's metadata, else None.

    Looks at ``metadata["scratchnet"]["stage"]`` (an int 1-5), which the course's source
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
            raise ValueError(f"not a stage: {part!r} (use 1-5, a range like 1-3, or all)") from None
        if not (1 <= first <= last <= 5):
            raise ValueError(f"stages run from 1 to 5, not {part!r}")
        stages.update(range(first, last + 1))
    return tuple(sorted(stages))
