"""Gradescope's results.json: one per submission, written and read back.

    to_gradescope(result, selection) -> dict     from_gradescope(data) -> GradeResult
    write_results_json(path, result, selection)  read_results(out_dir) -> {student: ...}

results.json follows Gradescope's autograder schema (score, max_score, execution_time,
output, tests[] with name, score, max_score, status, output, visibility); what scratchnet
needs to read a result back (`--resume`, the gradebook) is kept in `extra_data`. Each file
is written atomically (``autograder.atomic``), so a reader never sees half a file.
"""

import json
from pathlib import Path

from autograder.atomic import write_text_atomic
from autograder.checks.runner import CheckResult
from autograder.grading import GradeResult
from autograder.i18n import language, tr
from autograder.text_safety import markdown

__all__ = ["RESULTS_NAME", "from_gradescope", "read_results", "to_gradescope",
           "write_results_json"]

RESULTS_NAME = "results.json"
FORMAT_VERSION = 1
# Our visibility -> Gradescope's: hidden checks' results are shown once grades are published.
_GRADESCOPE_VISIBILITY = {"visible": "visible", "hidden": "after_published"}
#: How Gradescope renders the outputs ("Output String Formatting" in its autograder
#: specifications: "text", "html", "simple_format", "md" or "ansi"). Markdown, so that the
#: `code` in our messages shows as code; `markdown()` escapes everything else. Test names
#: stay plain text (they hold formulas such as 1 / (1 + exp(-z))).
OUTPUT_FORMAT = "md"
NAME_FORMAT = "text"


def to_gradescope(result: GradeResult, selection: str = "all") -> dict:
    """The Gradescope results.json object for one submission.

    selection: the `--stage` choice it was graded under; `--resume` reuses a result only
    for the same content and the same selection. Its texts are in the result's language.
    """
    with language(result.lang):
        return _gradescope(result, selection)


def _gradescope(result: GradeResult, selection: str) -> dict:
    return {
        "score": result.score,
        "max_score": result.max_score,
        "execution_time": round(result.execution_time, 3),
        "output": markdown("\n".join(result.notes)),
        "output_format": OUTPUT_FORMAT,
        "test_output_format": OUTPUT_FORMAT,
        "test_name_format": NAME_FORMAT,
        "visibility": "visible",
        "tests": [_test_entry(i, check) for i, check in enumerate(result.checks, start=1)],
        "extra_data": {
            "scratchnet_format": FORMAT_VERSION,
            "student": result.student,
            "name": result.name,
            "content_hash": result.content_hash,
            "selection": selection,
            "stages": list(result.stages),
            "notes": result.notes,
            "findings": result.findings,
            "isolation": result.isolation,
            "lang": result.lang,
        },
    }


def _test_entry(number: int, check: CheckResult) -> dict:
    output = tr("Passed.") if check.passed else check.message
    return {
        "name": tr("Stage {stage}: {title}", stage=check.stage,
                   title=check.description or check.name),
        "number": f"{check.stage}.{number}",
        "score": check.points,
        "max_score": check.max_points,
        "status": "passed" if check.passed else "failed",
        "output": markdown(output),
        "visibility": _GRADESCOPE_VISIBILITY.get(check.visibility, "after_published"),
        "extra_data": {"check": check.name, "stage": check.stage, "mistake": check.mistake,
                       "visibility": check.visibility, "description": check.description,
                       "message": check.message, "repeats": check.repeats},
    }


def from_gradescope(data: dict) -> GradeResult:
    """Rebuild a GradeResult from a results.json object written by `to_gradescope`.

    Raises KeyError, TypeError or ValueError if `data` is not one of ours.
    """
    extra = data["extra_data"]
    if extra.get("scratchnet_format") != FORMAT_VERSION:
        raise ValueError("not a scratchnet results.json")
    checks = []
    for test in data["tests"]:
        info = test["extra_data"]
        passed = test["status"] == "passed"
        checks.append(CheckResult(
            name=info["check"], stage=int(info["stage"]), points=int(test["score"]),
            max_points=int(test["max_score"]), passed=passed,
            message="" if passed else info.get("message", test["output"]),
            mistake=info["mistake"],
            visibility=info["visibility"], description=info.get("description", ""),
            repeats=str(info.get("repeats") or "")))
    return GradeResult(student=extra["student"], content_hash=extra["content_hash"],
                       stages=tuple(extra["stages"]), checks=checks, notes=list(extra["notes"]),
                       findings=[str(f) for f in extra.get("findings", [])],
                       execution_time=float(data.get("execution_time", 0.0)),
                       isolation=extra.get("isolation", ""), name=extra.get("name", ""),
                       lang=extra.get("lang") if extra.get("lang") in ("en", "zh") else "en")


def write_results_json(path: Path, result: GradeResult, selection: str = "all") -> None:
    """Write one submission's results.json atomically."""
    write_text_atomic(path, json.dumps(to_gradescope(result, selection), indent=2) + "\n")


def read_results(out_dir: Path) -> dict[str, tuple[GradeResult, str]]:
    """Every readable `<out>/<student>/results.json`: student folder -> (result, selection).

    Files that are not scratchnet results (or are damaged) are ignored.
    """
    found = {}
    for path in sorted(Path(out_dir).glob(f"*/{RESULTS_NAME}")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found[path.parent.name] = (from_gradescope(data), data["extra_data"]["selection"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found
