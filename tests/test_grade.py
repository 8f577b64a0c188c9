"""Grading submissions end to end: the sample class, determinism, isolation, the command."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from autograder.batch import grade_batch
from autograder.checks.runner import max_points
from autograder.cli import main
from autograder.grading import grade_submission, grading_seed
from autograder.loading import discover

pytestmark = pytest.mark.sandbox  # each test grades in sandboxes

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "course_data" / "sample_submissions"
FULL = sum(max_points(stage) for stage in range(1, 6))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The sample class graded once, in parallel: (student -> GradeResult, out folder)."""
    out = tmp_path_factory.mktemp("out")
    outcome = grade_batch(discover([SAMPLES]), out, workers=2)
    assert outcome.failures == []
    return {r.student: r for r in outcome.results}, out


def stage_scores(result) -> dict[int, tuple[int, int]]:
    return {stage: result.stage_score(stage) for stage in result.stages}


@pytest.mark.slow
def test_correct_work_earns_full_marks(graded):
    results, _ = graded
    for student in ("ada", "ben", "chen", "mia", "王芳"):
        result = results[student]
        assert (result.score, result.max_score) == (FULL, FULL), (student, result.checks)


@pytest.mark.slow
def test_stubs_earn_zero_with_a_message(graded):
    fay = graded[0]["fay"]
    assert (fay.score, fay.max_score) == (0, FULL)
    assert any("not implemented" in c.message for c in fay.checks)
    zhang = graded[0]["张伟"]  # the Chinese release, untouched: its stubs raise the same error
    assert (zhang.score, zhang.max_score, zhang.stages) == (0, FULL, (1, 2, 3, 4, 5))
    assert all(c.mistake == "not_implemented" for c in zhang.checks), zhang.checks


@pytest.mark.slow
@pytest.mark.parametrize("student, reason", [
    ("hana", "not JSON"), ("lou", "nbformat 3"), ("pat", "not UTF-8")])
def test_unreadable_files_earn_zero_with_the_reason(graded, student, reason):
    result = graded[0][student]
    assert (result.score, result.max_score) == (0, FULL)
    assert all(reason in check.message for check in result.checks)


@pytest.mark.slow
@pytest.mark.parametrize("student, right, wrong", [
    # a mistake costs points in its own stage only: a later stage that calls the wrong
    # function is right with the reference's in its place (diagnose/attribution.py)
    ("dara", [1, 2, 5], [3, 4]),   # mean instead of sum; gradient sign flipped
    ("eli", [2, 3, 4, 5], [1]),    # derivative written as z * (1 - z)
    ("kim", [1, 2, 3, 5], [4]),    # factor 2 missing: the same score as li_ming's notebooks
    ("noor", [1, 2, 3, 4], [5]),  # learning rate ignored, inputs modified
    ("gus", [1, 2, 3, 5], [4]),   # a syntax error in the backprop cell only
    ("li_ming", [1, 2, 3, 5], [4]),  # the Chinese release: factor 2 missing
])
def test_partly_correct_work_loses_points_only_where_wrong(graded, student, right, wrong):
    scores = stage_scores(graded[0][student])
    for stage in right:
        assert scores[stage][0] == scores[stage][1] == max_points(stage), (stage, scores)
    for stage in wrong:
        assert scores[stage][0] < scores[stage][1], (stage, scores)


#: Stages 6 and 7 (the "what next" stages), for students whose code defines their names.
EXTENDED = FULL + max_points(6) + max_points(7)


@pytest.mark.slow
def test_stages_6_and_7_are_graded_for_those_who_did_them(graded):
    results, _ = graded
    quinn, rosa = results["quinn"], results["rosa"]
    assert quinn.stages == (6, 7) and quinn.score == quinn.max_score  # two stage notebooks
    assert rosa.stages == (1, 2, 3, 4, 5, 6, 7)
    assert (rosa.score, rosa.max_score) == (EXTENDED, EXTENDED)
    assert results["ada"].stages == (1, 2, 3, 4, 5)  # a core-only module: no zeros for 6-7


@pytest.mark.slow
@pytest.mark.parametrize("student, stage, mistakes", [
    ("sam", 6, {"bias_gradient_not_summed"}), ("sam", 7, {"softmax_unstable"}),
    ("tess", 6, {"tanh_derivative_one_minus_z_squared"}), ("tess", 7, {"labels_not_one_hot"}),
])
def test_stage_6_and_7_mistakes_lose_points_and_are_named(graded, student, stage, mistakes):
    result = graded[0][student]
    points, possible = result.stage_score(stage)
    assert points < possible
    named = {c.mistake for c in result.checks if c.stage == stage and not c.passed}
    assert mistakes <= named, named
    if student == "sam":  # the core stages are right
        assert all(result.stage_score(s)[0] == max_points(s) for s in range(1, 6))


@pytest.mark.slow
def test_the_chinese_students_score_as_their_readme_says(graded):
    """王芳: the Chinese release answered correctly; li_ming: the factor 2 missing in backprop,
    named, and the notebook's own (failing) backprop check skipped with a note."""
    wang, li = graded[0]["王芳"], graded[0]["li_ming"]
    assert wang.stages == li.stages == (1, 2, 3, 4, 5)
    assert (wang.score, li.score, li.max_score) == (FULL, FULL - 5, FULL)
    assert {c.mistake for c in li.checks if not c.passed} == {"factor_2_missing"}
    assert li.lang == "zh"  # the Chinese release's metadata: notes and messages in Chinese
    assert any("04_backprop.ipynb" in note and "跳过" in note for note in li.notes), li.notes


@pytest.mark.slow
def test_a_broken_cell_is_skipped_with_a_note(graded):
    """gus's backprop cell, his fifth code cell, does not compile: that cell alone is skipped,
    and the note names the file, the cell and the error at his line."""
    skipped = [note for note in graded[0]["gus"].notes if "skipped" in note]
    assert skipped == ["gus.ipynb: code cell 5 skipped: SyntaxError: expected ':' (line 1)"]


@pytest.mark.slow
def test_an_incomplete_set_of_stage_notebooks_is_graded_on_what_it_covers(graded):
    jo = graded[0]["jo"]
    assert jo.stages == (1, 2, 3)
    assert jo.score == jo.max_score == sum(max_points(s) for s in (1, 2, 3))


@pytest.mark.slow
def test_the_hostile_submission_earns_nothing(graded):
    ivan = graded[0]["ivan"]
    assert (ivan.score, ivan.max_score) == (0, FULL), [c for c in ivan.checks if c.passed]


@pytest.mark.slow
def test_every_other_submission_scores_as_it_does_alone(graded):
    results, _ = graded
    for submission in discover([SAMPLES]):
        if submission.student in ("dara", "kim", "ada"):
            alone = grade_submission(submission)
            assert [(c.name, c.points, c.message) for c in alone.checks] == \
                [(c.name, c.points, c.message) for c in results[submission.student].checks]


@pytest.mark.slow
def test_same_submission_same_score_and_messages(tmp_path):
    dara = next(s for s in discover([SAMPLES]) if s.student == "dara")
    first, second = grade_submission(dara), grade_submission(dara)
    assert [(c.points, c.message) for c in first.checks] == \
        [(c.points, c.message) for c in second.checks]
    copy = tmp_path / "dara.ipynb"  # the same content elsewhere: the same seed
    shutil.copy(SAMPLES / "dara.ipynb", copy)
    assert discover([copy])[0].content_hash == dara.content_hash
    assert grading_seed("s", dara.content_hash) != grading_seed("t", dara.content_hash)


@pytest.mark.slow
def test_results_json_follows_gradescope(graded):
    results, out = graded
    data = json.loads((out / "dara" / "results.json").read_text())
    assert data["score"] == results["dara"].score and data["max_score"] == FULL
    assert isinstance(data["execution_time"], float)
    assert len(data["tests"]) == len(results["dara"].checks)
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in ("visible", "after_published")
        assert (test["status"] == "passed") == (test["score"] == test["max_score"])


@pytest.mark.slow
def test_gradebook_has_every_student_once_and_a_column_per_check(graded):
    results, out = graded
    text = (out / "gradebook.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["student"] for r in rows) == sorted(results)
    check_columns = [c for c in rows[0] if c.startswith("stage")]
    assert len(check_columns) == len(results["rosa"].checks)  # rosa did all seven stages
    ada = next(r for r in rows if r["student"] == "ada")
    assert int(ada["score"]) == sum(int(ada[c]) for c in check_columns if ada[c]) == FULL
    assert all(ada[c] == "" for c in check_columns if c.startswith(("stage6", "stage7")))
    jo = next(r for r in rows if r["student"] == "jo")
    assert any(jo[c] == "" for c in check_columns if c.startswith("stage5"))


@pytest.mark.slow
def test_feedback_shows_checks_and_diagnoses_but_no_reference_or_check_code(graded):
    _, out = graded
    text = (out / "dara" / "feedback.md").read_text()
    assert "# Feedback for dara" in text and "Diagnosis:" in text and "FAILED" in text
    forbidden = [line.strip() for path in (ROOT / "solutions").glob("*.py")
                 for line in path.read_text().splitlines() if len(line.strip()) > 25
                 and not line.strip().startswith(("#", '"""', "return", "def ", "from"))]
    forbidden += ["def check_", "@register", "CheckFailure("]
    for student_folder in out.iterdir():
        if student_folder.is_dir():
            feedback = (student_folder / "feedback.md").read_text()
            assert not [line for line in forbidden if line in feedback], student_folder.name


# --- the command ------------------------------------------------------------------------

@pytest.mark.slow
def test_grade_command_json_and_csv(tmp_path, capsys):
    paths = [str(SAMPLES / "ada.py"), str(SAMPLES / "hana.ipynb")]
    assert main(["grade", *paths, "--out", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    summary = {s["student"]: s for s in data["submissions"]}
    assert summary["ada"]["score"] == FULL and summary["hana"]["score"] == 0
    assert "not JSON" in summary["hana"]["top_diagnosis"]
    assert main(["grade", paths[0], "--out", str(tmp_path / "stage2"), "--format", "csv",
                 "--stage", "2"]) == 0  # another class (PATHs): another folder
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][:3] == ["ada", str(max_points(2)), str(max_points(2))]


@pytest.mark.slow
def test_grade_command_table(tmp_path, capsys):
    assert main(["grade", str(SAMPLES / "kim.py"), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "kim" in out and "4 backprop" in out and f"/{FULL}" in out


def test_grade_command_exit_status(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "nobody"), "--out", str(tmp_path)]) == 2
    assert main(["grade", str(SAMPLES / "ada.py"), "--stage", "9"]) == 2
    config = tmp_path / "bad.toml"
    config.write_text("course_secret = [")
    assert main(["grade", str(SAMPLES / "ada.py"), "--config", str(config)]) == 2
    blocked = tmp_path / "file"
    blocked.write_text("a file where the output folder should go")
    assert main(["grade", str(SAMPLES / "ada.py"), "--out", str(blocked)]) == 1
    assert "scratchnet grade" in capsys.readouterr().err


def test_course_secret_from_config_changes_inputs_not_scores(tmp_path):
    config = tmp_path / "scratchnet.toml"
    config.write_text('course_secret = "another course"\ntimeout = 5\n')
    from autograder.config import load_config

    loaded = load_config(start=tmp_path)
    assert (loaded.secret, loaded.timeout, loaded.is_demo) == ("another course", 5.0, False)
    ada = next(s for s in discover([SAMPLES]) if s.student == "ada")
    assert grade_submission(ada, secret=loaded.secret).score == FULL


# --- the course's own notebooks -----------------------------------------------------------

def test_a_failing_visible_check_in_a_stage_notebook_is_skipped_with_a_note(tmp_path):
    """The source notebook of stage 1 with a wrong sigmoid_derivative: its visible check (a
    0-point nbgrader test cell, run as code) fails in the sandbox and is skipped with a
    note; the cells after it still run, so sigmoid keeps its points."""
    import nbformat

    source = ROOT / "assignments" / "source" / "01_sigmoid" / "01_sigmoid.ipynb"
    nb = nbformat.read(source, as_version=4)
    code_number = {}  # grade_id -> number among code cells, as the loader counts them
    for cell in nb.cells:
        if cell.cell_type == "code":
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            code_number[grade_id] = len(code_number) + 1
            if grade_id == "sigmoid_derivative":
                cell.source = "def sigmoid_derivative(z):\n    return z * (1 - z)\n"
    nbformat.write(nb, tmp_path / "01_sigmoid.ipynb")
    result = grade_submission(discover([tmp_path / "01_sigmoid.ipynb"])[0])
    assert result.stages == (1,)
    by_name = {c.name: c for c in result.checks}
    sigmoid = [c for name, c in by_name.items() if not name.startswith("sigmoid_derivative")]
    derivative = [c for name, c in by_name.items() if name.startswith("sigmoid_derivative")]
    assert sigmoid and all(c.passed for c in sigmoid), sigmoid
    assert derivative and not all(c.passed for c in derivative)
    assert 0 < result.score < result.max_score == max_points(1)
    visible = f"code cell {code_number['test_sigmoid_derivative']} skipped: AssertionError"
    assert any(visible in note for note in result.notes), result.notes
    assert not any(f"code cell {code_number['test_sigmoid']} " in n for n in result.notes)


@pytest.mark.slow
def test_a_students_files_are_modules_of_their_own(tmp_path):
    """A helper file that forgets `import numpy as np` fails as Python would make it fail,
    in its own stage only, and the note at the top names the file; the folder with the
    import graded alike earns full marks."""
    correct = ROOT / "tests" / "diagnosis_cases" / "correct" / "two_files"
    for name in ("right", "wrong"):
        shutil.copytree(correct, tmp_path / name)
    helper = tmp_path / "wrong" / "nn_math.py"
    helper.write_text(helper.read_text().replace("import numpy as np\n", ""))
    right, wrong = (grade_submission(s) for s in discover([tmp_path]))
    assert right.score == FULL, right.checks
    assert {s: stage_scores(wrong)[s][0] for s in range(1, 6)} == {
        1: 0, 2: max_points(2), 3: max_points(3), 4: max_points(4), 5: max_points(5)}
    assert wrong.findings and "nn_math.py" in wrong.findings[0]
    assert "import numpy as np" in wrong.top_diagnosis()


def test_a_helper_module_named_like_a_stage_is_part_of_the_program(tmp_path):
    """`activations.py` imported by network.py is the student's helper, not stage 6's file."""
    correct = ROOT / "tests" / "diagnosis_cases" / "correct" / "two_files"
    shutil.copytree(correct, tmp_path / "s")
    (tmp_path / "s" / "nn_math.py").rename(tmp_path / "s" / "activations.py")
    network = tmp_path / "s" / "network.py"
    network.write_text(network.read_text().replace("from nn_math", "from activations"))
    result = grade_submission(discover([tmp_path])[0])
    assert (result.score, result.stages) == (FULL, (1, 2, 3, 4, 5)), result.checks


@pytest.mark.slow
def test_stderr_says_each_thing_once_on_one_line(tmp_path):
    """With two workers, the containment line comes once (from the grader, not from each
    worker), and no message is cut into lines mid-sentence (issue 21, item 9)."""
    import subprocess
    import sys

    from autograder.sandbox.containment import SAID

    for name in ("ada.py", "kim.py"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    # a new grader: not one that heard this test process say its containment already
    env = {k: v for k, v in __import__("os").environ.items() if k != SAID} | {"COLUMNS": "60"}
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(tmp_path),
                           "--workers", "2", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300,
                          env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert sum("containment:" in line for line in lines) == 1, lines
    demo = [line for line in lines if "demo course secret" in line]
    assert demo and demo[0].rstrip().endswith("for a real class"), lines


@pytest.mark.slow
def test_lang_zh_speaks_chinese_on_stderr_too(tmp_path):
    import subprocess
    import sys

    for name in ("ada.py", "kim.py"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(tmp_path),
                           "--lang", "zh", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "演示课程密钥" in done.stderr and "评分：已完成 2/2" in done.stderr, done.stderr
    assert "代码相似度" in done.stderr
