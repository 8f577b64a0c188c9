"""What `run_autograder` runs in a Gradescope container: grade one submission, write results.

    python -m autograder.gradescope.run      (as root, from run_autograder)

The root (Gradescope's /autograder) is ``$SCRATCHNET_GRADESCOPE_ROOT`` or ``/autograder``:

    source/                the bundle: autograder/, solutions/, course_data/, scratchnet.toml,
                           gradescope.json ({"stages": "all" | "1" | "1-3"}), sandbox_user
    submission/            the student's files (notebooks and .py files, any folders)
    results/results.json   written here, atomically, after grading

The submission is graded by the same grader as `scratchnet grade` (grade_submission: each
code unit in a sandbox, the checks here). Nothing the student's code prints or writes is
read back; results.json is written by this process after the student's code has ended.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from autograder.atomic import write_text_atomic
from autograder.config import load_config
from autograder.gradescope.isolation import RLIMITS_ONLY, choose_isolation
from autograder.gradescope.results import to_gradescope
from autograder.i18n import language, tr
from autograder.i18n.choose import default_language
from autograder.loading import Submission, parse_stage_option
from autograder.loading.discover import content_hash
from autograder.loading.discover import submission_in as folder_submission
from autograder.text_safety import markdown
from autograder.workers import begin_grading

DEFAULT_ROOT = "/autograder"
SETTINGS_NAME = "gradescope.json"
USER_FILE = "sandbox_user"
STUDENT = "submission"


def gradescope_root() -> Path:
    """Gradescope's /autograder, or the folder standing in for it."""
    return Path(os.environ.get("SCRATCHNET_GRADESCOPE_ROOT") or DEFAULT_ROOT)


def submission_in(folder: Path) -> Submission:
    """Every notebook and .py file under `folder` as one student's submission.

    A file's stage comes from the first stage-named folder or file name on its path
    ("01_sigmoid.ipynb", "02_feedforward/work.ipynb"); hidden and Jupyter folders are skipped.
    Links are never followed (a note and zero for what they would have supplied), and the
    folder is walked within the limits of `autograder.loading.discover`.
    """
    if not folder.is_dir():
        return Submission(STUDENT, folder, (), content_hash([]), name=STUDENT)
    return folder_submission(folder, STUDENT)


def main() -> int:
    """Grade Gradescope's submission and write its results.json; the exit status."""
    root = gradescope_root()
    source, results = root / "source", root / "results" / "results.json"
    for private in (root / "submission", root / "results"):
        if private.is_dir():
            private.chmod(0o700)  # the harness made them; only the grader needs them
    try:
        data = grade(root)
        status = 0
    except Exception as error:  # a fault of the grader, not the student's: say so
        data = {"score": 0, "output": tr("The autograder itself failed on this submission "
                                         "({error}); please tell the course staff.",
                                         error=f"{type(error).__name__}: {error}"),
                "tests": [], "extra_data": {"grader_error": repr(error)}}
        status = 1
    write_text_atomic(results, json.dumps(data, indent=2) + "\n")
    summary = f"score {data['score']} / {data.get('max_score', '?')}"
    print(f"scratchnet: {summary}; results in {results} (source {source})")
    return status


def grade(root: Path) -> dict:
    """Grade `root`/submission and return the results.json object."""
    from autograder.sandbox import Limits

    source = root / "source"
    settings = json.loads((source / SETTINGS_NAME).read_text(encoding="utf-8"))
    selection = settings.get("stages", "all")
    stages = parse_stage_option(selection)
    config = load_config(source / "scratchnet.toml")
    user_file = source / USER_FILE
    user = user_file.read_text().strip() if user_file.is_file() else None
    isolation = choose_isolation(user)
    limits = {}
    if config.timeout is not None:
        limits["call_timeout"] = config.timeout
    if config.submission_timeout is not None:
        limits["total_timeout"] = config.submission_timeout
    submission = submission_in(root / "submission")
    # the sandbox boots while the grader is imported
    begin_grading(Limits(**limits), [submission])
    from autograder.grading import grade_submission
    result = grade_submission(submission, stages, config.secret, Limits(**limits),
                              lang=default_language(configured=config.lang))
    data = to_gradescope(result, selection)
    data["extra_data"]["isolation"] = isolation
    for test in data["tests"]:  # Gradescope filters by tags: the stage and a named mistake
        info = test.get("extra_data", {})
        test["tags"] = [f"stage {info.get('stage')}"] + (
            [info["mistake"]] if info.get("mistake") else [])
    with language(result.lang):
        lines = [tr("Score: {score} / {max_score}", score=result.score,
                    max_score=result.max_score)]
        lines += [tr("Stage {stage}: {points} / {possible}", stage=s, points=p, possible=m)
                  for s in result.stages for p, m in [result.stage_score(s)]]
        lines += result.notes
        if not submission.files:
            lines.append(tr("No notebook (.ipynb) or Python file (.py) was found in your "
                            "submission."))
    data["output"] = markdown("\n".join(lines))  # rendered as data["output_format"] says
    data["stdout_visibility"] = "hidden"
    if isolation == RLIMITS_ONLY:
        print("scratchnet: WARNING: neither bubblewrap nor the sandbox user is available; "
              "the submission ran under resource limits only", file=sys.stderr)
    return data


if __name__ == "__main__":
    sys.exit(main())
