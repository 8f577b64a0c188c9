"""Result files: one Gradescope `results.json` per submission and the class gradebook CSV.

results.json follows Gradescope's autograder schema (score, max_score, execution_time,
output, tests[] with name, score, max_score, status, output, visibility); what scratchnet
needs to read a result back (`--resume`, the gradebook) is kept in `extra_data`. Every file
is written atomically (a temporary file in the same folder, then a rename), so a reader
never sees half a file, even if the grader is killed mid-write.
"""

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from autograder.checks.runner import CheckResult
from autograder.grading import GradeResult
from autograder.i18n import language, tr
from autograder.text_safety import csv_cell, markdown

__all__ = ["GRADEBOOK_NAME", "RESULTS_NAME", "from_gradescope", "gradebook_csv", "markdown",
           "read_results", "to_gradescope", "write_gradebook", "write_results_json",
           "write_text_atomic"]

RESULTS_NAME = "results.json"
GRADEBOOK_NAME = "gradebook.csv"
FORMAT_VERSION = 1
# Our visibility -> Gradescope's: hidden checks' results are shown once grades are published.
_GRADESCOPE_VISIBILITY = {"visible": "visible", "hidden": "after_published"}
#: How Gradescope renders the outputs ("Output String Formatting" in its autograder
#: specifications: "text", "html", "simple_format", "md" or "ansi"). Markdown, so that the
#: `code` in our messages shows as code; `markdown()` escapes everything else. Test names
#: stay plain text (they hold formulas such as 1 / (1 + exp(-z))).
OUTPUT_FORMAT = "md"
NAME_FORMAT = "text"
#: Starts the CSV files written to disk, so that Excel reads them as UTF-8 (Chinese names);
#: Python reads them with encoding="utf-8-sig", which also reads files without it.
EXCEL_BOM = "\ufeff"


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that `path` is either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
