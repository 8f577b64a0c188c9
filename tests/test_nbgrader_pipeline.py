"""The real nbgrader pipeline, end to end, on a temporary copy of the course.

For every stage: `nbgrader generate_assignment`; submissions built from the release notebook
(the reference filled in, the untouched stub, catalogued mistakes); `nbgrader autograde`;
scores read from nbgrader's gradebook. Reference = full marks, stub = 0, every mistake loses
points, and `scratchnet grade` gives the same points, check by check, on the same files.
The visible checks are nbgrader test cells worth 0 points (so that `nbgrader validate` reports
their failures): they are kept apart from the registry's checks and always score 0.

Two mistakes per stage are graded by default (each nbgrader submission costs seconds);
SCRATCHNET_NBGRADER_ALL_MISTAKES=1 grades the whole catalogue. The kernels use matplotlib's
Agg backend (MPLBACKEND=Agg): the figure cells still run, but no PNG is encoded, which
grading does not need. Run with -s to see the time per submission.
"""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from autograder.checks.runner import checks_for_stage, max_points
from tests.lazy import LazyModule
from tests.mistakes import catalogue
from tests.test_notebooks import build, imported_modules, mistake_code

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]
nbformat = LazyModule("nbformat")
nbgrader_api = LazyModule("nbgrader.api")  # the nbgrader pipeline needs nbgrader

ROOT = Path(__file__).resolve().parents[1]
#: {1: "01_sigmoid", ...}: the course's stage folders (the same as build.STAGES: see
#: test_the_stages_are_the_course_folders), read without importing the build
STAGES = {int(folder.name[:2]): folder.name
          for folder in sorted((ROOT / "assignments" / "source").iterdir()) if folder.is_dir()}
COURSE_ID = "scratchnet"
ZH_COURSE_ID = "scratchnet-zh"  # assignments/zh/nbgrader_config.py

#: Mistakes graded through nbgrader by default: two per stage, of different kinds.
SOME_MISTAKES = {
    1: ["sigmoid_sign_flipped", "derivative_z_times_one_minus_z"],
    2: ["hidden_activation_missing", "transposed_weights"],
    3: ["mean_instead_of_sum", "error_not_squared"],
    4: ["gradient_sign_flipped", "factor_2_missing"],
    5: ["gradient_ascent", "network_backprop_never_updates"],
    6: ["bias_gradient_not_summed", "tanh_derivative_one_minus_z_squared"],
    7: ["softmax_unstable", "labels_not_one_hot"],
}
#: A submission whose first visible check and first registry check were deleted: nbgrader
#: must add both back (add_missing_cells).
DELETED_CELL_STAGE = 3


def visible_check_ids(stage: int) -> set[str]:
    """grade_ids of the stage's visible checks: the source's test cells worth 0 points."""
    return {c.metadata["nbgrader"]["grade_id"] for c in build.build(stage).cells
            if c.metadata.get("nbgrader", {}).get("grade")
            and c.metadata["nbgrader"]["points"] == 0}


def chosen_mistakes() -> dict[int, list]:
    """The mistakes to grade per stage: SOME_MISTAKES (or, for a stage it does not list,
    the stage's first two in the catalogue), or all of them."""
    by_name = {m.MISTAKE: m for m in catalogue()}
    by_stage = {s: [m for m in by_name.values() if m.STAGE == s] for s in STAGES}
    if os.environ.get("SCRATCHNET_NBGRADER_ALL_MISTAKES") == "1":
        return by_stage
    missing = [n for names in SOME_MISTAKES.values() for n in names if n not in by_name]
    assert not missing, f"mistakes no longer in the catalogue: {missing}"
    chosen = {s: [by_name[n] for n in SOME_MISTAKES[s]] if s in SOME_MISTAKES
              else by_stage[s][:2] for s in STAGES}
    assert all(m.STAGE == s for s, ms in chosen.items() for m in ms)
    return chosen


@dataclass
class Course:
    root: Path
    env: dict
    course_id: str = COURSE_ID
    students: dict[int, list[str]] = field(default_factory=dict)  # stage -> student ids
    mistakes: dict[str, object] = field(default_factory=dict)  # student id -> mistake module
    scores: dict[tuple[int, str], dict[str, float]] = field(default_factory=dict)
    max_scores: dict[tuple[int, str], dict[str, float]] = field(default_factory=dict)
    # (stage, student) -> grade_id -> (auto score, needs manual grade) of the 0-point cells
    visible: dict[tuple[int, str], dict[str, tuple]] = field(default_factory=dict)
    totals: dict[tuple[int, str], tuple[float, float]] = field(default_factory=dict)
    autograde_seconds: dict[int, float] = field(default_factory=dict)
    autograde_logs: dict[int, str] = field(default_factory=dict)  # stage -> autograde's stderr

    def nbgrader(self, *args: str) -> subprocess.CompletedProcess:
        """Run the nbgrader command line in the course directory; fail loudly if it fails."""
        done = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
                              cwd=self.root, env=self.env, capture_output=True, text=True,
                              timeout=900)
        assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stderr[-4000:]}"
        return done

    def release(self, stage: int) -> Path:
        return self.root / "release" / STAGES[stage] / f"{STAGES[stage]}.ipynb"


def course_env(root: Path) -> dict:
    """The environment nbgrader runs in: this Python's tools first, no user Jupyter config."""
    bin_dir = str(Path(sys.executable).parent)  # nbgrader calls `alembic` from PATH
    env = dict(os.environ)
    env.update(
        PATH=bin_dir + os.pathsep + env.get("PATH", ""),
        JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),  # ignore ~/.jupyter
        JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"),  # this env's python3 kernel
        MPLBACKEND="Agg",
    )
    return env


def write_submission(course: Course, stage: int, student: str, code: dict[str, str],
                     drop_graded_cell: bool = False) -> None:
    """A student's notebook: the release with its solution cells replaced by `code`."""
    nb = nbformat.read(course.release(stage), as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in code:
            cell.source = code[grade_id]
    if drop_graded_cell:  # the first visible check (0 points) and the first registry check
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        nb.cells.remove(next(c for c in graded if c.metadata["nbgrader"]["points"] == 0))
        nb.cells.remove(next(c for c in graded if c.metadata["nbgrader"]["points"] > 0))
    folder = course.root / "submitted" / student / STAGES[stage]
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{STAGES[stage]}.ipynb")


def read_gradebook(course: Course, stage: int) -> None:
    database = f"sqlite:///{course.root / 'gradebook.db'}"
    with nbgrader_api.Gradebook(database, course.course_id) as gb:
        for student in course.students[stage]:
            submission = gb.find_submission(STAGES[stage], student)
            grades = submission.notebooks[0].grades
            key = (stage, student)
            checks = [g for g in grades if g.max_score > 0]  # the registry's checks
            course.scores[key] = {g.name.removeprefix("check_"): g.score for g in checks}
            course.max_scores[key] = {g.name.removeprefix("check_"): g.max_score for g in checks}
            course.visible[key] = {g.name: (g.auto_score, g.needs_manual_grade)
                                   for g in grades if g.max_score == 0}
            course.totals[key] = (submission.score, submission.max_score)


def grade_course(course: Course, mistakes: dict[int, list]) -> Course:
    """Release every stage, write the submissions (reference, stub, `mistakes`, and for one
    stage a deleted cell), autograde them and read the gradebook."""
    for stage, name in STAGES.items():
        course.nbgrader("generate_assignment", name)
        functions = build.STAGE_FUNCTIONS[stage]
        reference = {f: build.reference_code(f) for f in functions}
        write_submission(course, stage, "reference", reference)
        write_submission(course, stage, "stub", {})
        course.students[stage] = ["reference", "stub"]
        for mistake in mistakes[stage]:
            code = {f: mistake_code(mistake, f) for f in functions}
            write_submission(course, stage, mistake.MISTAKE, code)
            course.students[stage].append(mistake.MISTAKE)
            course.mistakes[mistake.MISTAKE] = mistake
        if stage == DELETED_CELL_STAGE:
            write_submission(course, stage, "deleted_cell", reference, drop_graded_cell=True)
            course.students[stage].append("deleted_cell")
        start = time.perf_counter()
        course.autograde_logs[stage] = course.nbgrader("autograde", name).stderr
        course.autograde_seconds[stage] = time.perf_counter() - start
        read_gradebook(course, stage)
    print(f"\nnbgrader autograde, course {course.course_id} (one command per stage, kernels "
          "with MPLBACKEND=Agg):")
    for stage, seconds in course.autograde_seconds.items():
        n = len(course.students[stage])
        print(f"  stage {stage}: {n} submissions in {seconds:.1f} s = {seconds / n:.2f} s each")
    return course


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    root = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "assignments" / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "assignments" / "source", root / "source")
    return grade_course(Course(root=root, env=course_env(root)), chosen_mistakes())


@pytest.fixture(scope="module")
def zh_course(tmp_path_factory) -> Course:
    """The Chinese course (assignments/zh/), laid out as in the repository: its config loads
    the English one from the folder above. One mistake per stage, besides reference and stub."""
    root = tmp_path_factory.mktemp("courses")
    shutil.copy(ROOT / "assignments" / "nbgrader_config.py", root)
    shutil.copy(ROOT / "assignments" / "zh" / "nbgrader_config.py", root / "zh.py")
    (root / "zh").mkdir()
    (root / "zh.py").rename(root / "zh" / "nbgrader_config.py")
    shutil.copytree(ROOT / "assignments" / "zh" / "source", root / "zh" / "source")
    mistakes = {stage: found[:1] for stage, found in chosen_mistakes().items()}
    course = Course(root=root / "zh", env=course_env(root / "zh"), course_id=ZH_COURSE_ID)
    return grade_course(course, mistakes)


# --- the release -----------------------------------------------------------------------------

def test_the_stages_are_the_course_folders():
    assert STAGES == build.STAGES


@pytest.mark.parametrize("stage", STAGES)
def test_release_has_no_solution_no_hidden_test_and_imports_only_numpy_matplotlib(course, stage):
    text = course.release(stage).read_text()
    for secret in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "nbgrader.hook",
                   "_run_check"):
        assert secret not in text, f"{secret!r} is in the release of stage {stage}"
    # the check cells' optional import (scratchnet in the student's kernel) is the only one
    assert text.count("autograder") == text.count("from autograder.notebook_checks import")
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert imported_modules(cell.source) <= {"numpy", "matplotlib"}, cell.source
    stubs = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [c.metadata["nbgrader"]["grade_id"] for c in stubs] == build.STAGE_FUNCTIONS[stage]
    assert all("raise NotImplementedError" in c.source for c in stubs)


# --- the scores ------------------------------------------------------------------------------

@pytest.mark.parametrize("stage", STAGES)
def test_gradebook_points_are_the_registry_points(course, stage):
    expected = {c.name: c.points for c in checks_for_stage(stage)}
    assert course.max_scores[(stage, "reference")] == expected
    assert course.totals[(stage, "reference")][1] == max_points(stage)


@pytest.mark.parametrize("stage", STAGES)
def test_reference_earns_full_marks(course, stage):
    score, possible = course.totals[(stage, "reference")]
    assert score == possible == max_points(stage), course.scores[(stage, "reference")]


@pytest.mark.parametrize("stage", STAGES)
def test_untouched_stub_earns_zero(course, stage):
    assert course.totals[(stage, "stub")][0] == 0, course.scores[(stage, "stub")]


@pytest.mark.parametrize("stage", STAGES)
def test_each_mistake_loses_points_in_its_stage(course, stage):
    mistakes = [s for s in course.students[stage] if s in course.mistakes]
    assert mistakes
    for student in mistakes:
        score, possible = course.totals[(stage, student)]
        assert score < possible, f"{student} earned full marks in stage {stage}"


@pytest.mark.parametrize("stage", STAGES)
def test_visible_checks_are_test_cells_worth_nothing(course, stage):
    """Every student has a 0-point grade for each visible check, passed or failed, and no
    other 0-point cell; the registry's checks alone make the total."""
    expected = visible_check_ids(stage)
    assert expected
    for student in course.students[stage]:
        assert course.visible[(stage, student)] == {i: (0, False) for i in expected}, student


def test_a_deleted_graded_cell_is_added_back_and_graded(course):
    score, possible = course.totals[(DELETED_CELL_STAGE, "deleted_cell")]
    assert score == possible == max_points(DELETED_CELL_STAGE)
    autograded = (course.root / "autograded" / "deleted_cell" / STAGES[DELETED_CELL_STAGE]
                  / f"{STAGES[DELETED_CELL_STAGE]}.ipynb")
    restored = [c for c in nbformat.read(autograded, as_version=4).cells
                if "was missing from the submission" in c.source]
    assert len(restored) == 2, [c.source[:80] for c in restored]


def test_feedback_shows_messages_but_not_hidden_tests(course):
    stage = 4
    student = SOME_MISTAKES[stage][0]
    course.nbgrader("generate_feedback", STAGES[stage], "--student", student)
    html = (course.root / "feedback" / student / STAGES[stage] / f"{STAGES[stage]}.html")
    text = html.read_text()
    # No hidden-test source, and no traceback into the grader (which would name its files);
    # the check cells' optional import of scratchnet is the one mention of `autograder`.
    for secret in ("HIDDEN TESTS", "_run_check", "nbgrader.hook", "notebook_checks.py",
                   "autograder/"):
        assert secret not in text, f"{secret!r} is in the feedback"
    assert text.count("autograder") == text.count(">autograder.notebook_checks<")
    failed = [name for name, score in course.scores[(stage, student)].items() if score == 0]
    assert failed and all(name in text for name in failed)
    assert text.count("AssertionError: ") >= len(failed)  # each failed check's message


def test_export_writes_every_score_to_grades_csv(course):
    import csv

    course.nbgrader("export", "--to", str(course.root / "grades.csv"))
    with open(course.root / "grades.csv", newline="") as handle:
        rows = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(handle)}
    for (stage, student), (score, possible) in course.totals.items():
        row = rows[(STAGES[stage], student)]
        assert (float(row["score"]), float(row["max_score"])) == (score, possible)


# --- autograde's warnings --------------------------------------------------------------------

#: What nbgrader autograde says of a locked cell that differs from the source's.
CHANGED = re.compile(r"Attribute '(\w+)' for cell (\w+) has changed!")


def test_autograde_reports_no_graded_cell_as_changed(course):
    """No student here edited a locked cell, so no stage's autograde says one changed (the
    graded checks' hidden tests come back silently: autograder/nbgrader/hidden_tests.py)."""
    assert {stage: CHANGED.findall(log) for stage, log in course.autograde_logs.items()
            if CHANGED.search(log)} == {}


def test_autograde_warns_of_an_edited_check_cell_only(tmp_path):
    """generate_assignment, then autograde of the untouched release: no "Attribute
    'checksum' ... has changed!" (nbgrader checksums a cell before clearing its hidden tests,
    so every graded check of the release used to be called changed, for every student). A
    student who did edit a graded check is still reported, for that cell alone, and both get
    the hidden tests back."""
    stage, name = 1, STAGES[1]
    root = tmp_path / "course"
    (root / "source").mkdir(parents=True)
    shutil.copy(ROOT / "assignments" / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "assignments" / "source" / name, root / "source" / name)
    course = Course(root=root, env=course_env(root))
    course.nbgrader("generate_assignment", name)
    released = {c.metadata["nbgrader"]["grade_id"]: c.source
                for c in nbformat.read(course.release(stage), as_version=4).cells
                if "nbgrader" in c.metadata}
    write_submission(course, stage, "untouched", {})
    write_submission(course, stage, "edited", {
        "check_sigmoid_values": released["check_sigmoid_values"] + "\npass  # mine now"})
    logs = {student: course.nbgrader("autograde", name, "--student", student).stderr
            for student in ("untouched", "edited")}
    assert CHANGED.findall(logs["untouched"]) == [], logs["untouched"][-2000:]
    assert CHANGED.findall(logs["edited"]) == [("checksum", "check_sigmoid_values")]
    checks = [g for g in released if g.startswith("check_")]
    for student in logs:
        autograded = nbformat.read(root / "autograded" / student / name / f"{name}.ipynb",
                                   as_version=4)
        sources = {c.metadata["nbgrader"]["grade_id"]: c.source for c in autograded.cells
                   if "nbgrader" in c.metadata}
        assert all(f'_run_check(globals(), "{g.removeprefix("check_")}")' in sources[g]
                   for g in checks), student


# --- scratchnet grade agrees -----------------------------------------------------------------

def scratchnet_grade(course: Course, out: Path, *options: str) -> float:
    """Run `scratchnet grade submitted ...` in the course directory; its wall time."""
    scratchnet = Path(sys.executable).parent / "scratchnet"
    start = time.perf_counter()
    done = subprocess.run(
        [str(scratchnet), "grade", "submitted", "--out", str(out), "--format", "json", *options],
        cwd=course.root, env=course.env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    return time.perf_counter() - start


def scratchnet_scores(out: Path, student: str, stage: int) -> dict[str, float]:
    results = json.loads((out / student / "results.json").read_text())
    return {t["extra_data"]["check"]: t["score"] for t in results["tests"]
            if t["extra_data"]["stage"] == stage}


def test_scratchnet_grade_gives_the_same_points_check_by_check(course):
    """All stages of all students in one command: the same points as nbgrader, per check."""
    out = course.root / "scratchnet-out" / "all"
    seconds = scratchnet_grade(course, out)
    print(f"\nscratchnet grade: {len(course.scores)} stage submissions in {seconds:.1f} s, "
          f"one command (nbgrader autograde: {sum(course.autograde_seconds.values()):.1f} s)")
    disagreements = [(stage, student, nbgrader, ours)
                     for (stage, student), nbgrader in course.scores.items()
                     if (ours := scratchnet_scores(out, student, stage)) != nbgrader]
    assert not disagreements, disagreements


def test_scratchnet_grade_for_one_assignment_records_the_same_scores_in_the_gradebook(course):
    """The README's command: one nbgrader assignment, scores written into nbgrader's gradebook;
    the gradebook then holds exactly what nbgrader autograde put there."""
    stage = 1
    out = course.root / "scratchnet-out" / STAGES[stage]
    scratchnet_grade(course, out, "--nbgrader-assignment", STAGES[stage])
    for student in course.students[stage]:
        assert scratchnet_scores(out, student, stage) == course.scores[(stage, student)]
    before = {key: (course.totals[key], course.visible[key])
              for key in course.totals if key[0] == stage}
    read_gradebook(course, stage)
    assert {key: (course.totals[key], course.visible[key]) for key in before} == before


def test_release_parses_as_python(course):
    """Every code cell of every release is valid Python (nbgrader's stubs included)."""
    for stage in STAGES:
        nb = nbformat.read(course.release(stage), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                ast.parse(cell.source)


# --- nbgrader validate: what the student's Validate button says ------------------------------

#: The first line nbgrader validate writes for each notebook: its verdict.
VERDICT = re.compile(r"^(VALIDATION FAILED ON \d+ CELL\(S\)!|Success! Your notebook passes all "
                     r"the tests\.|THE CONTENTS OF|THE TYPES OF)", re.MULTILINE)


def start_validate(course: Course, folder: Path, notebooks: list[Path], log: Path
                   ) -> subprocess.Popen:
    """Start `nbgrader validate` on `notebooks` (one command) in `folder`, which has no
    nbgrader_config.py, as a student's folder has none; its output goes to log.out, log.err."""
    command = [sys.executable, "-m", "nbgrader", "validate", *map(str, notebooks)]
    with open(log.with_suffix(".out"), "w") as out, open(log.with_suffix(".err"), "w") as err:
        return subprocess.Popen(command, cwd=folder, env=course.env, stdout=out, stderr=err)


def verdicts(process: subprocess.Popen, log: Path, count: int) -> list[str]:
    """What the validate command writing to `log` says of each of its `count` notebooks."""
    process.wait(timeout=900)
    out, err = log.with_suffix(".out").read_text(), log.with_suffix(".err").read_text()
    assert process.returncode == 0, f"nbgrader validate failed:\n{err[-4000:]}"
    starts = [m.start() for m in VERDICT.finditer(out)]
    assert len(starts) == count, out[-4000:]
    return [out[a:b] for a, b in zip(starts, [*starts[1:], len(out)], strict=True)]


@pytest.fixture(scope="module")
def validated(course) -> dict[str, list[str]]:
    """nbgrader validate's verdicts on every untouched release ("untouched") and on every
    release with the reference answers, the "reference" submissions ("answered"); the two
    commands run at once."""
    start = time.perf_counter()
    answers = course.root / "submitted" / "reference"
    runs = {
        "untouched": (course.root / "release", [course.release(stage) for stage in STAGES]),
        "answered": (answers, [answers / name / f"{name}.ipynb" for name in STAGES.values()]),
    }
    logs = {kind: course.root / f"validate-{kind}" for kind in runs}
    started = {kind: start_validate(course, folder, notebooks, logs[kind])
               for kind, (folder, notebooks) in runs.items()}
    found = {kind: verdicts(process, logs[kind], len(STAGES))
             for kind, process in started.items()}
    print(f"\nnbgrader validate: 2 x {len(STAGES)} notebooks, two commands at once, in "
          f"{time.perf_counter() - start:.1f} s")
    return found


def test_validate_fails_on_every_untouched_release(validated):
    """Validate reports each visible check of the untouched notebook as failed, with its
    "not implemented yet" message (the registry's cells are empty in the release)."""
    for stage, text in zip(STAGES, validated["untouched"], strict=True):
        failed = len(visible_check_ids(stage))
        assert text.startswith(f"VALIDATION FAILED ON {failed} CELL(S)!"), (stage, text[:2000])
        assert text.count("The following cell failed:") == failed, stage
        errors = re.findall(r"^\s*AssertionError: (.*)$", text, re.MULTILINE)
        assert len(errors) == failed and all("not implemented yet" in e for e in errors), (
            stage, errors)


def test_validate_succeeds_on_the_release_with_the_answers(validated):
    """The release with the reference in every answer cell (the "reference" submission)."""
    for stage, text in zip(STAGES, validated["answered"], strict=True):
        assert text.strip() == "Success! Your notebook passes all the tests.", (stage, text)


# --- formgrader's view: the autograded notebooks scratchnet writes ---------------------------

#: The stage whose autograded notebooks scratchnet rewrites (it has the deleted-cell student).
AUTOGRADED_STAGE = DELETED_CELL_STAGE
#: Text the hostile student puts in every locked test cell it edits.
EDITED = "print('this test cell was edited by the student')"


@dataclass
class Autograded:
    root: Path  # a copy of the course, where scratchnet rewrote AUTOGRADED_STAGE's autograded/
    students: list[str]
    stderr: str
    marker: Path  # the file the hostile student's code writes if it is ever run outside a sandbox

    def notebook(self, student: str) -> Path:
        name = STAGES[AUTOGRADED_STAGE]
        return self.root / "autograded" / student / name / f"{name}.ipynb"

    def gradebook(self) -> "nbgrader_api.Gradebook":
        return nbgrader_api.Gradebook(f"sqlite:///{self.root / 'gradebook.db'}", COURSE_ID)


def write_hostile_submissions(course: Course, root: Path, marker: Path) -> list[str]:
    """In the course copy at `root`: "edited_tests" (the reference, but every locked test cell
    edited, a timestamp.txt, a data file, a symbolic link to a file outside, a named pipe, and
    code that writes `marker` if run) and "unreadable" (a notebook that is not JSON)."""
    name = STAGES[AUTOGRADED_STAGE]
    nb = nbformat.read(root / "release" / name / f"{name}.ipynb", as_version=4)
    reference = {f: build.reference_code(f) for f in build.STAGE_FUNCTIONS[AUTOGRADED_STAGE]}
    first = True
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") in reference:
            writes = (f"try:\n    open({str(marker)!r}, 'w').write('ran')\n"
                      "except OSError:\n    pass\n") if first else ""
            cell.source, first = writes + reference[meta["grade_id"]], False
        elif meta.get("locked") and meta.get("grade"):
            cell.source = EDITED
    folder = root / "submitted" / "edited_tests" / name
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{name}.ipynb")
    (folder / "timestamp.txt").write_text("2024-03-01 09:30:00.000000 UTC\n")
    (folder / "data.csv").write_text("x,y\n1,2\n")
    (root / "outside.txt").write_text("not part of the submission\n")
    (folder / "link.txt").symlink_to(root / "outside.txt")
    os.mkfifo(folder / "pipe")  # reading it would wait forever
    folder = root / "submitted" / "unreadable" / name
    folder.mkdir(parents=True)
    (folder / f"{name}.ipynb").write_text('{"cells": [')
    return ["edited_tests", "unreadable"]


@pytest.fixture(scope="module")
def autograded(course, tmp_path_factory) -> Autograded:
    """A copy of the course in which nbgrader's autograded/ folders of AUTOGRADED_STAGE are
    deleted, two more students submit, and `scratchnet grade --nbgrader-assignment` runs."""
    root = tmp_path_factory.mktemp("scratchnet-course") / "course"
    shutil.copytree(course.root, root, symlinks=True,
                    ignore=shutil.ignore_patterns("scratchnet-out", "feedback"))
    name = STAGES[AUTOGRADED_STAGE]
    for folder in (root / "autograded").glob(f"*/{name}"):
        shutil.rmtree(folder)
    marker = root / "student-code-ran.txt"
    extra = write_hostile_submissions(course, root, marker)
    copy = Course(root=root, env=course_env(root))
    scratchnet = Path(sys.executable).parent / "scratchnet"
    done = subprocess.run(
        [str(scratchnet), "grade", "submitted", "--out", str(root / "scratchnet-out"),
         "--format", "json", "--nbgrader-assignment", name],
        cwd=root, env=copy.env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    return Autograded(root, course.students[AUTOGRADED_STAGE] + extra, done.stderr, marker)


def test_autograded_notebooks_and_files_exist_for_every_student(autograded):
    for student in autograded.students:
        assert autograded.notebook(student).is_file(), student
    folder = autograded.notebook("edited_tests").parent
    assert (folder / "timestamp.txt").read_text() == "2024-03-01 09:30:00.000000 UTC\n"
    assert (folder / "data.csv").read_text() == "x,y\n1,2\n"
    for name in ("link.txt", "pipe"):  # a link out of the submission is not followed
        assert not (folder / name).exists(), name
        assert f"{name} is a symbolic link or not a regular file: not copied" in (
            autograded.stderr), name
    assert oct(autograded.notebook("reference").stat().st_mode & 0o777) == "0o444"  # as autograde


def test_autograded_grade_cells_agree_with_the_gradebook(autograded):
    """nbgrader reads from each check cell's output the score the gradebook holds: a failed
    check's cell has an error output with the check's message, a passed one none."""
    from nbgrader.utils import determine_grade, is_grade

    name = STAGES[AUTOGRADED_STAGE]
    failures = passes = 0
    with autograded.gradebook() as gb:
        for student in autograded.students:
            nb = nbformat.read(autograded.notebook(student), as_version=4)
            cells = {c.metadata.nbgrader["grade_id"]: c for c in nb.cells if is_grade(c)}
            grades = gb.find_submission_notebook(name, name, student).grades
            assert set(cells) == {g.name for g in grades}, student
            for grade in grades:
                cell = cells[grade.name]
                assert determine_grade(cell)[0] == grade.auto_score, (student, grade.name)
                errors = [o for o in cell.outputs if o.output_type == "error"]
                if grade.name.startswith("check_"):
                    assert bool(errors) == (grade.auto_score == 0), (student, grade.name)
                    failures += bool(errors)
                    passes += not errors
                    for error in errors:
                        assert error.ename == "AssertionError" and error.evalue, student
                        assert "_run_check" not in error.evalue + "".join(error.traceback)
    assert failures and passes


def test_autograded_notebook_is_what_nbgrader_autograde_writes_but_the_outputs(course,
                                                                            autograded):
    """Cell by cell, the same sources and metadata as nbgrader's own autograded notebook of
    the same submission (the deleted graded cells added back included), and every check cell
    fails or passes in both alike; only scratchnet's note cell is extra."""
    name = STAGES[AUTOGRADED_STAGE]
    for student in course.students[AUTOGRADED_STAGE]:
        ours = [c for c in nbformat.read(autograded.notebook(student), as_version=4).cells
                if c.metadata.get("scratchnet", {}).get("cell") != "autograded_note"]
        theirs = nbformat.read(course.root / "autograded" / student / name / f"{name}.ipynb",
                               as_version=4).cells
        assert len(ours) == len(theirs), student
        for mine, nbgraders in zip(ours, theirs, strict=True):
            metadata = {k: v for k, v in nbgraders.metadata.items() if k != "execution"}
            assert (mine.cell_type, mine.source, dict(mine.metadata)) == (
                nbgraders.cell_type, nbgraders.source, metadata), (student, mine.source[:80])
            grade_id = mine.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.startswith("check_"):
                failed = [any(o.output_type == "error" for o in c.outputs)
                          for c in (mine, nbgraders)]
                assert failed[0] == failed[1], (student, grade_id)


def test_autograded_test_cells_are_the_source_version_even_when_edited(autograded):
    """The student edited every locked test cell: the autograded notebook has the source's
    cells back (hidden tests included), and the reference answers earn full marks."""
    from nbgrader.utils import is_grade, is_locked

    name = STAGES[AUTOGRADED_STAGE]
    nb = nbformat.read(autograded.notebook("edited_tests"), as_version=4)
    assert EDITED not in nbformat.writes(nb)
    locked = [c for c in nb.cells if is_grade(c) and is_locked(c)]
    assert locked
    with autograded.gradebook() as gb:
        for cell in locked:
            source = gb.find_source_cell(cell.metadata.nbgrader["grade_id"], name, name).source
            assert cell.source == source
        submission = gb.find_submission(name, "edited_tests")
        assert submission.score == submission.max_score == max_points(AUTOGRADED_STAGE)
    checks = [c for c in locked if c.metadata.nbgrader["grade_id"].startswith("check_")]
    assert checks and all("BEGIN HIDDEN TESTS" in c.source for c in checks)


def test_autograded_writing_runs_no_student_code(autograded):
    """The student's code would write a file if run: it is not there (the grader ran it only in
    its sandbox, and the autograded notebook was not executed); no code cell but the
    graded tests has an output or an execution count."""
    from nbgrader.utils import is_grade

    assert not autograded.marker.exists()
    nb = nbformat.read(autograded.notebook("edited_tests"), as_version=4)
    assert "student-code-ran.txt" in nbformat.writes(nb)  # the code is there, unrun
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is None
            assert is_grade(cell) or not cell.outputs, cell.source[:80]


def test_autograded_unreadable_notebook_is_noted_and_shown_as_the_release(autograded):
    nb = nbformat.read(autograded.notebook("unreadable"), as_version=4)
    assert "could not be read" in nb.cells[0].source
    assert "unreadable: " in autograded.stderr and "could not be read" in autograded.stderr
    name = STAGES[AUTOGRADED_STAGE]
    with autograded.gradebook() as gb:
        assert gb.find_submission(name, "unreadable").score == 0


def test_formgrader_lists_and_renders_every_scratchnet_submission(autograded):
    """Formgrader's gradebook lists a submission only if its autograded notebook exists, and
    its submission view renders that notebook with the formgrade template."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config

    from autograder.nbgrader.gradebook import course_directory

    name = STAGES[AUTOGRADED_STAGE]
    api = NbGraderAPI(course_directory(autograded.root))
    listed = {s["student"]: s for s in api.get_notebook_submissions(name, name)}
    assert set(listed) == set(autograded.students)
    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    exporter = HTMLExporter(config=config)
    with autograded.gradebook() as gb:
        for student in ["stub", SOME_MISTAKES[AUTOGRADED_STAGE][0]]:
            submission = gb.find_submission_notebook(name, name, student)
            assert listed[student]["score"] == submission.score
            resources = {"assignment_id": name, "notebook_id": name, "student": student,
                         "submission_id": submission.id, "index": 0, "total": len(listed),
                         "base_url": "", "first_name": None, "last_name": None,
                         "notebook_path": str(autograded.notebook(student))}
            page, _ = exporter.from_filename(str(autograded.notebook(student)),
                                             resources=resources)
            for grade in submission.grades:  # formgrader's score box of every grade cell
                assert f'id="{grade.name}"' in page, (student, grade.name)
            failed = [g for g in submission.grades if g.name.startswith("check_")
                      and g.auto_score == 0]
            assert failed, student


def test_generate_feedback_on_scratchnet_autograded_shows_the_scores(autograded):
    """nbgrader generate_feedback on scratchnet's autograded notebooks: each page shows the
    gradebook's total and each failed check's message, and no hidden test."""
    import html as html_module

    name = STAGES[AUTOGRADED_STAGE]
    Course(autograded.root, course_env(autograded.root)).nbgrader("generate_feedback", name)
    with autograded.gradebook() as gb:
        for student in autograded.students:
            page = (autograded.root / "feedback" / student / name / f"{name}.html").read_text()
            text = html_module.unescape(page)
            for secret in ("HIDDEN TESTS", "_run_check", "nbgrader.hook"):
                assert secret not in text, (student, secret)
            submission = gb.find_submission(name, student)
            total = f"{name} (Score: {round(submission.score, 2):.1f} / "
            assert total + f"{round(submission.max_score, 2):.1f})" in text, student
            result = json.loads((autograded.root / "scratchnet-out" / student
                                 / "results.json").read_text())
            for test in result["tests"]:
                message = test["extra_data"]["message"]
                if test["extra_data"]["stage"] == AUTOGRADED_STAGE and test["status"] == "failed":
                    assert message in text, (student, message)


# --- the Chinese course: the same pipeline, the same points -----------------------------------

@pytest.mark.parametrize("stage", STAGES)
def test_chinese_release_has_no_secret_says_its_language_and_has_chinese_stubs(zh_course, stage):
    text = zh_course.release(stage).read_text(encoding="utf-8")
    for secret in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "nbgrader.hook",
                   "_run_check"):
        assert secret not in text, f"{secret!r} is in the Chinese release of stage {stage}"
    assert text.count("autograder") == text.count("from autograder.notebook_checks import")
    nb = nbformat.reads(text, as_version=4)
    assert nb.metadata["scratchnet"]["lang"] == "zh"  # the grader reads it per submission
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert imported_modules(cell.source) <= {"numpy", "matplotlib"}, cell.source
            ast.parse(cell.source)
    stubs = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [c.metadata["nbgrader"]["grade_id"] for c in stubs] == build.STAGE_FUNCTIONS[stage]
    assert all("# 在这里写你的代码 (YOUR CODE HERE)\n" in c.source
               and "raise NotImplementedError()" in c.source for c in stubs)


@pytest.mark.parametrize("stage", STAGES)
def test_chinese_course_gives_the_english_points_for_the_same_code(course, zh_course, stage):
    """Every Chinese submission (reference, stub, a catalogued mistake, a deleted cell) earns
    what the same code earns in the English course, check by check, and the visible checks
    are 0-point cells there too."""
    assert zh_course.students[stage] and set(zh_course.students[stage]) <= set(
        course.students[stage])
    for student in zh_course.students[stage]:
        key = (stage, student)
        assert zh_course.scores[key] == course.scores[key], student
        assert zh_course.max_scores[key] == course.max_scores[key], student
        assert zh_course.totals[key] == course.totals[key], student
        assert zh_course.visible[key] == course.visible[key], student
    assert zh_course.totals[(stage, "reference")] == (max_points(stage), max_points(stage))
    assert zh_course.totals[(stage, "stub")][0] == 0


def test_chinese_course_config_is_the_english_one_with_its_own_root(zh_course):
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(zh_course.root)).load_config()
    assert config.CourseDirectory.root == str(zh_course.root)
    assert config.CourseDirectory.course_id == ZH_COURSE_ID
    assert config.Execute.timeout == 60 and config.OverwriteCells.add_missing_cells is True
    english = zh_course.root.parent / "nbgrader_config.py"
    english.rename(english.with_suffix(".away"))  # without it, no silent half configuration
    try:
        with pytest.raises(FileNotFoundError, match="English course"):
            PyFileConfigLoader("nbgrader_config.py", path=str(zh_course.root)).load_config()
    finally:
        english.with_suffix(".away").rename(english)
