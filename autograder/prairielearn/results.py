"""PrairieLearn's external-grader results.json, from one submission's grade.

    to_prairielearn(result, figures) -> dict
    not_gradable(reasons) -> dict
    fit(data, limit=RESULTS_LIMIT) -> dict          # the same results, within the limit

The format (PrairieLearn's "External Grading" documentation): ``gradable``, ``score`` in
[0, 1], ``message``, ``output``, ``images`` ([{label, url: data:image/png;base64,...}]) and
``tests`` ([{name, description, points, max_points, message, output}]). The file must stay
under 1 MB; ``fit`` drops figures first, then shortens the longest texts, and says so in the
message. Texts are plain: PrairieLearn shows them escaped, as written.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence

from autograder.feedback.figures import Figure
from autograder.grading import GradeResult
from autograder.hints import hint_or_label
from autograder.i18n import N_, language, stage_title, tr

#: PrairieLearn's limit on results.json (1 MB); kept a little under it.
RESULTS_LIMIT = 1_000_000
MARGIN = 4_000
SHORTENED = N_(" [... shortened to fit PrairieLearn's 1 MB results limit]")
FORMAT_VERSION = 1


def to_prairielearn(result: GradeResult, figures: Sequence[Figure] = (),
                    isolation: str = "") -> dict:
    """The results.json object for a graded submission, in the submission's language."""
    with language(result.lang):
        return _results(result, figures, isolation)


def _results(result: GradeResult, figures: Sequence[Figure], isolation: str) -> dict:
    score = result.score / result.max_score if result.max_score else 0.0
    lines = [tr("Score: {score} / {max_score}", score=result.score, max_score=result.max_score)]
    lines += [tr("Stage {stage} ({title}): {points} / {possible}", stage=s,
                 title=stage_title(s), points=p, possible=m)
              for s in result.stages for p, m in [result.stage_score(s)]]
    tests = []
    for check in result.checks:
        test = {
            "name": tr("Stage {stage}: {title}", stage=check.stage,
                       title=check.description or check.name),
            "description": tr("check {name}", name=check.name),
            "points": check.points,
            "max_points": check.max_points,
            "message": tr("Passed.") if check.passed else check.message,
            "output": "",
        }
        if not check.passed and check.mistake:
            test["description"] += tr("; named mistake: {mistake}", mistake=check.mistake)
            test["output"] = tr("Hint: {hint}", hint=hint_or_label(check.mistake))
        tests.append(test)
    return {
        "gradable": True,
        "score": round(min(max(score, 0.0), 1.0), 6),
        "message": "\n".join(lines),
        "output": "\n".join(result.notes),
        "images": [{"label": f"{figure.title}: {figure.caption}",
                    "url": "data:image/png;base64," + base64.b64encode(figure.png).decode()}
                   for figure in figures],
        "tests": tests,
        "scratchnet": {"format": FORMAT_VERSION, "points": result.score,
                       "max_points": result.max_score, "stages": list(result.stages),
                       "isolation": isolation},
    }


def not_gradable(reasons: Sequence[str], message: str = "") -> dict:
    """Results for a submission the grader cannot read at all: no points, no attempt used."""
    message = message or tr("Your submission could not be graded: {reasons}. Fix the file and "
                            "submit it again (this try does not count).",
                            reasons="; ".join(reasons))
    return {"gradable": False, "score": 0.0, "message": message,
            "format_errors": list(reasons), "tests": []}


def size(data: dict) -> int:
    """The bytes results.json takes when written as `fit` leaves it (UTF-8 JSON)."""
    return len(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def fit(data: dict, limit: int = RESULTS_LIMIT) -> dict:
    """`data` shortened until it is `MARGIN` bytes under `limit`: figures dropped (last
    first), then every long text cut to one shared length, halved until it fits. Scores and
    points are never touched."""
    target = limit - MARGIN
    if size(data) <= target:
        return data
    data = json.loads(json.dumps(data))  # a copy to shorten
    notes = []
    while data.get("images") and size(data) > target:
        data["images"].pop()
        notes.append("a figure was left out")
    keep = max(len(t) for t in _texts(data)) if size(data) > target else 0
    shortened = tr(SHORTENED)
    while size(data) > target and keep > 0:
        keep //= 2
        for test in [data, *data.get("tests", [])]:
            for key in ("message", "output", "description", "name"):
                text = test.get(key)
                if isinstance(text, str) and len(text) > keep + len(shortened):
                    test[key] = text[:keep] + shortened
        notes.append("texts were shortened")
    if size(data) > target:  # only the names and numbers of a huge number of tests remain
        data["tests"] = [{"name": t.get("name", "")[:80], "points": t.get("points", 0),
                          "max_points": t.get("max_points", 0)} for t in data["tests"]]
    if notes:
        note = (tr("(Some feedback was left out to fit PrairieLearn's size limit.)")
                if "a figure was left out" in notes else
                tr("(Some feedback was shortened to fit PrairieLearn's size limit.)"))
        data["message"] = data.get("message", "") + "\n" + note
    return data


def _texts(data: dict) -> list[str]:
    found = [data.get("message", ""), data.get("output", "")]
    for test in data.get("tests", []):
        found += [test.get(k, "") for k in ("message", "output", "description", "name")]
    return [t for t in found if isinstance(t, str)] or [""]
