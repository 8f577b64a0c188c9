"""What the PrairieLearn entry point runs: grade one submission, write results.json.

    python -m autograder.prairielearn.run      (as root, from run.sh)

The root (PrairieLearn's /grade) is ``$SCRATCHNET_PRAIRIELEARN_ROOT`` or ``/grade``:

    tests/                 the question's tests/: the grader (autograder/, solutions/,
                           course_data/), scratchnet.toml, prairielearn.json
                           ({"stages": "all" | "N" | "N-M", "sandbox_user": "ag"})
    student/               the student's uploaded files
    results/results.json   written here, atomically, after grading

First the grader's folders are made root's alone (tests/, data/, serverFilesCourse/,
results/, student/), so a submission running as the unprivileged user can read neither the reference
nor the course secret, nor write results; under bubblewrap it sees none of /grade at all.
Nothing the student's code prints or writes is read back: results.json is written by this
process after the student's code has ended, replacing whatever is there.

A submission with no notebook or .py file, or whose files all cannot be read (not JSON,
empty, binary, nbformat 3, too large, not UTF-8), is ``gradable: false``: PrairieLearn marks
it invalid, awards and takes no points, and does not count the attempt, which is what its
documentation says a badly formatted answer should get. One readable file is enough to be
graded; an unreadable one beside it loses its stage's points, with the reason.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.atomic import write_text_atomic
from autograder.config import load_config
from autograder.gradescope.isolation import RLIMITS_ONLY, choose_isolation
from autograder.gradescope.run import submission_in
from autograder.loading import LoadError, Submission, parse_stage_option, read_file
from autograder.prairielearn.results import fit, not_gradable, to_prairielearn
from autograder.workers import begin_grading

if TYPE_CHECKING:
    from autograder.figures.painter import Painter

DEFAULT_ROOT = "/grade"
SETTINGS_NAME = "prairielearn.json"
DEFAULT_USER = "ag"  # the unprivileged user of prairielearn/grader-python
PRIVATE = ("tests", "data", "serverFilesCourse", "results", "student")


def prairielearn_root() -> Path:
    """PrairieLearn's /grade, or the folder standing in for it."""
    return Path(os.environ.get("SCRATCHNET_PRAIRIELEARN_ROOT") or DEFAULT_ROOT)


def main() -> int:
    """Grade PrairieLearn's submission and write its results.json; the exit status."""
    root = prairielearn_root()
    results = root / "results" / "results.json"
    lock_down(root)
    from autograder.figures.painter import Painter

    painter = Painter()  # matplotlib is imported there while the submission is graded
    try:
        data = grade(root, painter)
        status = 0
    except Exception as error:  # a fault of the grader, not the student's: no attempt lost
        message = (f"The autograder itself failed on this submission ({type(error).__name__}: "
                   f"{error}); please tell the course staff.")
        data = not_gradable([message], message)
        status = 1
    finally:
        painter.close()
    write_text_atomic(results, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    points = data.get("scratchnet", {})
    print(f"scratchnet: gradable {data['gradable']}, score {data.get('score')} "
          f"({points.get('points', 0)} / {points.get('max_points', 0)} points); "
          f"results in {results}")
    return status


def lock_down(root: Path) -> None:
    """Make the grader's folders root's alone (mode 700); create results/."""
    (root / "results").mkdir(parents=True, exist_ok=True)
    for name in PRIVATE:
        folder = root / name
        if folder.is_dir() and not folder.is_symlink():
            folder.chmod(0o700)


def unreadable(submission: Submission) -> list[str]:
    """Why each of the submission's files cannot be read (empty when all can)."""
    reasons = []
    for file in submission.files:
        try:
            read_file(file)
        except LoadError as error:
            reasons.append(str(error))
    return reasons


def grade(root: Path, painter: Painter | None = None) -> dict:
    """Grade `root`/student and return the results.json object (already fitted); the
    figures are drawn in `painter` (None: here)."""
    from autograder.sandbox import Limits

    tests = root / "tests"
    settings = json.loads((tests / SETTINGS_NAME).read_text(encoding="utf-8"))
    stages = parse_stage_option(settings.get("stages", "all"))
    config = load_config(tests / "scratchnet.toml")
    isolation = choose_isolation(settings.get("sandbox_user", DEFAULT_USER))
    submission = submission_in(root / "student")
    if not submission.files:
        return not_gradable(["no notebook (.ipynb) or Python file (.py) was uploaded"])
    reasons = unreadable(submission)
    if len(reasons) == len(submission.files):
        return not_gradable(reasons)
    limits = {}
    if config.timeout is not None:
        limits["call_timeout"] = config.timeout
    if config.submission_timeout is not None:
        limits["total_timeout"] = config.submission_timeout
    begin_grading(Limits(**limits), [submission])
    result, figures = grade_with_figures(submission, stages, config.secret, Limits(**limits),
                                         painter)
    data = to_prairielearn(result, figures, isolation)
    if isolation == RLIMITS_ONLY:
        print("scratchnet: WARNING: neither bubblewrap nor the sandbox user is available; "
              "the submission ran under resource limits only", file=sys.stderr)
    return fit(data)


def grade_with_figures(submission: Submission, stages, secret: str, limits,
                       painter: Painter | None = None):
    """grade_submission, with the feedback figures measured in the grading sandboxes (as
    `scratchnet grade` does) and drawn in `painter` (None: here); a figure that fails is
    left out."""
    from autograder.batch.one import draw_feedback, grade_and_observe

    result, found = grade_and_observe(submission, stages, secret, limits)
    draw = painter.call if painter is not None else (lambda func, *args: func(*args))
    return result, draw(draw_feedback, found, result.lang, result.student)


if __name__ == "__main__":
    sys.exit(main())
