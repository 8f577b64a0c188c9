"""`scratchnet grade --nbgrader-assignment` fills nbgrader's gradebook as `nbgrader autograde`
does: the same exported CSV for honest work, the right score where tampering fools nbgrader.

Two copies of one temporary course get the same submissions: copy A is graded by
`nbgrader autograde`, copy B by `scratchnet grade --nbgrader-assignment`; each is exported
with `nbgrader export`.
"""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.checks.runner import max_points
from tests.lazy import LazyModule
from tests.test_notebooks import build

pytestmark = [pytest.mark.nbgrader, pytest.mark.sandbox, pytest.mark.slow]
nbformat = LazyModule("nbformat")
nbgrader_api = LazyModule("nbgrader.api")  # the gradebook write-back needs nbgrader

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = {1: "01_sigmoid"}  # one stage: each nbgrader run costs seconds
TIMESTAMP = "2026-03-02 09:15:00.000000 UTC"
TAMPER = (
    "\n\nimport numpy as np\n"
    "np.allclose = lambda *a, **k: True\n"
    "np.testing.assert_allclose = lambda *a, **k: None\n"
)
WRONG = {  # a real mistake per stage: the sign in the exponent, the mean for the sum
    "sigmoid": "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(z))\n",
    "sse_loss": "import numpy as np\n\ndef sse_loss(Y_hat, Y):\n"
                "    return float(np.mean((Y - Y_hat) ** 2))\n",
}


def code_for(stage: int, kind: str) -> dict[str, str]:
    """grade_id -> code of the solution cells: "right", "wrong" or "tamper" (wrong, and
    numpy's comparisons patched to always agree)."""
    code = {f: build.reference_code(f) for f in build.STAGE_FUNCTIONS[stage]}
    if kind in ("wrong", "tamper"):
        name = next(f for f in code if f in WRONG)
        code[name] = WRONG[name]
    if kind == "tamper":
        last = list(code)[-1]
        code[last] += TAMPER
    return code


def environment(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
               JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),
               JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"),
               MPLBACKEND="Agg", PYTHONWARNINGS="ignore::DeprecationWarning")
    return env


def run(root: Path, *command: str) -> subprocess.CompletedProcess:
    done = subprocess.run(list(command), cwd=root, env=environment(root), capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr[-4000:]}"
    return done


def nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run(root, sys.executable, "-m", "nbgrader", *args, "--log-level=WARN")


def submit(root: Path, stage: int, student: str, kind: str) -> None:
    name = ASSIGNMENTS[stage]
    notebook = nbformat.read(root / "release" / name / f"{name}.ipynb", as_version=4)
    code = code_for(stage, kind)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in code:
            cell.source = code[grade_id]
    folder = root / "submitted" / student / name
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{name}.ipynb")
    (folder / "timestamp.txt").write_text(TIMESTAMP)


def exported(root: Path) -> dict[tuple[str, str], dict[str, str]]:
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    with open(root / "grades.csv") as handle:
        return {(row["assignment"], row["student_id"]): row for row in csv.DictReader(handle)}


STUDENTS = {1: {"right1": "right", "wrong1": "wrong", "tamper1": "tamper"}}


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """(rows exported after nbgrader autograde, rows exported after scratchnet grade, B, A)."""
    a = tmp_path_factory.mktemp("course") / "a"
    a.mkdir()
    shutil.copy(ROOT / "assignments" / "nbgrader_config.py", a)
    source = ROOT / "assignments" / "source"
    shutil.copytree(source, a / "source", ignore=lambda folder, names: [
        n for n in names if Path(folder) == source and n not in ASSIGNMENTS.values()])
    for stage, name in ASSIGNMENTS.items():
        nbgrader(a, "generate_assignment", name)
        for student, kind in STUDENTS[stage].items():
            submit(a, stage, student, kind)
    b = a.parent / "b"
    shutil.copytree(a, b)
    for name in ASSIGNMENTS.values():
        nbgrader(a, "autograde", name)
        run(b, sys.executable, "-m", "autograder.cli", "grade", ".", "--nbgrader-assignment",
            name, "--out", str(b.parent / f"out-{name}"), "--workers", "2")
    return exported(a), exported(b), b, a


def test_honest_submissions_export_the_same_csv(courses):
    by_nbgrader, by_scratchnet, _, _ = courses
    honest = [(ASSIGNMENTS[s], st) for s, group in STUDENTS.items()
              for st, kind in group.items() if kind != "tamper"]
    for key in honest:
        assert by_scratchnet[key] == by_nbgrader[key], key
    # the scores say what they should: full marks for the right code, less for the wrong
    for stage, name in ASSIGNMENTS.items():
        right = by_scratchnet[(name, f"right{stage}")]
        assert float(right["score"]) == float(right["max_score"]) == max_points(stage)
        assert float(by_scratchnet[(name, f"wrong{stage}")]["score"]) < max_points(stage)
        assert right["timestamp"].startswith("2026-03-02 09:15:00")


def test_tampering_fools_nbgrader_but_not_scratchnet(courses):
    by_nbgrader, by_scratchnet, _, _ = courses
    key, honest = ("01_sigmoid", "tamper1"), ("01_sigmoid", "wrong1")
    # scratchnet: the patched numpy lives in the sandbox; the same wrong sigmoid, same score
    assert by_scratchnet[key]["score"] == by_scratchnet[honest]["score"]
    assert float(by_scratchnet[key]["score"]) < max_points(1)
    # nbgrader runs the checks in the student's kernel, whose numpy now agrees with anything
    assert float(by_nbgrader[key]["score"]) > float(by_nbgrader[honest]["score"])
    print(f"\ntampering: nbgrader gives {by_nbgrader[key]['score']}, scratchnet "
          f"{by_scratchnet[key]['score']} (the same code without tampering: "
          f"{by_scratchnet[honest]['score']}) of {max_points(1)}")


def test_every_test_cell_has_its_check_score(courses):
    _, _, b, _ = courses
    with nbgrader_api.Gradebook(f"sqlite:///{b / 'gradebook.db'}", "scratchnet") as gb:
        submission = gb.find_submission("01_sigmoid", "wrong1")
        grades = submission.notebooks[0].grades
        assert grades and all(g.auto_score is not None and not g.needs_manual_grade
                              for g in grades)
        failed = {g.name for g in grades if g.auto_score < g.max_score}
        assert "check_sigmoid_values" in failed
        assert submission.max_score == max_points(1)
        # the visible checks: 0-point test cells, scored 0 as autograde scores them
        visible = {g.name: g.auto_score for g in grades if g.max_score == 0}
        assert visible == {"test_sigmoid": 0, "test_sigmoid_derivative": 0}


def cell_grades(root: Path, assignment: str, student: str) -> dict[str, tuple]:
    """grade_id -> (auto score, max score, needs manual grade) in a course's gradebook."""
    with nbgrader_api.Gradebook(f"sqlite:///{root / 'gradebook.db'}", "scratchnet") as gb:
        grades = gb.find_submission(assignment, student).notebooks[0].grades
        return {g.name: (g.auto_score, g.max_score, g.needs_manual_grade) for g in grades}


def test_honest_submissions_get_autogrades_cell_grades(courses):
    """Cell by cell, the 0-point visible checks included, the gradebook holds what autograde
    put there (autograde's own run is in copy A)."""
    _, _, b, a = courses
    for stage, group in STUDENTS.items():
        for student, kind in group.items():
            if kind != "tamper":
                by_nbgrader = cell_grades(a, ASSIGNMENTS[stage], student)
                assert any(max_score == 0 for _, max_score, _ in by_nbgrader.values())
                assert cell_grades(b, ASSIGNMENTS[stage], student) == by_nbgrader, student
