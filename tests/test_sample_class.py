"""The sample class: written by its script, described truly, and the Chinese students graded
exactly as the same code in the English course."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.batch import grade_batch
from autograder.loading import discover
from tests.lazy import LazyModule

nbformat = LazyModule("nbformat")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "course_data" / "sample_submissions"
#: The Chinese students, and the answers each wrote into the Chinese release.
make = LazyModule("course_data.make_sample_submissions")  # imports nbformat
CHINESE = ("王芳", "li_ming", "张伟")  # the students who took the Chinese course


def chinese_answers(student: str) -> dict | None:
    """The answers a Chinese student wrote (None: 张伟 answered nothing)."""
    return {"王芳": make.ZH_ANSWERS, "li_ming": make.ZH_FACTOR_2_MISSING}.get(student)


def test_the_folder_is_what_the_script_writes():
    """Every file of the class is the script's, byte for byte, and there is no other."""
    expected = {path: content if isinstance(content, bytes) else content.encode("utf-8")
                for path, content in make.class_files().items()}
    found = {p.relative_to(SAMPLES).as_posix(): p.read_bytes()
             for p in SAMPLES.rglob("*") if p.is_file() and p.name != "README.md"}
    assert sorted(found) == sorted(expected), "rerun python -m course_data.make_sample_submissions"
    stale = [path for path in expected if found[path] != expected[path]]
    assert not stale, f"stale: {stale}; rerun python -m course_data.make_sample_submissions"


def test_the_readmes_count_and_list_every_student():
    students = sorted(s.student for s in discover([SAMPLES]))
    table = (SAMPLES / "README.md").read_text(encoding="utf-8")
    listed = sorted(re.findall(r"^\| (\S+) \| (?!-)", table, re.MULTILINE)[1:])  # not the header
    assert listed == students
    count = re.search(r"grade the bundled sample class \((\d+) students",
                      (ROOT / "README.md").read_text(encoding="utf-8"))
    assert count and int(count.group(1)) == len(students)
    words = {"Twenty-one": 21, "Twenty-two": 22, "Twenty-three": 23, "Twenty": 20}
    first = table.split("\n\n")[1].split()[0]
    assert words.get(first) == len(students), first


@pytest.mark.nbgrader
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_release_is_what_nbgrader_releases(tmp_path, lang):
    """release_notebook gives nbgrader generate_assignment's release, byte for byte."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "assignments" / "source", root / "source")
    shutil.copy(ROOT / "assignments" / "nbgrader_config.py", root)
    if lang == "zh":  # its config loads the English one from the folder above, as in the repo
        shutil.copytree(ROOT / "assignments" / "zh" / "source", root / "zh" / "source")
        shutil.copy(ROOT / "assignments" / "zh" / "nbgrader_config.py", root / "zh")
        root = root / "zh"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config")}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "0[1-5]_*",
                           "--no-db", "--log-level=WARN"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for stage in range(1, 6):
        name = make.STAGE_NAMES[stage - 1]
        released = (root / "release" / name / f"{name}.ipynb").read_text(encoding="utf-8")
        assert nbformat.writes(make.release_notebook(stage, lang)) + "\n" == released, name


@pytest.mark.parametrize("student", CHINESE)
def test_the_chinese_students_hand_in_the_chinese_release_answered(student):
    """Their notebooks are the Chinese release: its metadata, its cells, and the answer cells
    (no stub left) are the only ones that differ from it; 张伟 left every stub as it was."""
    for stage in range(1, 6):
        name = f"{make.STAGE_NAMES[stage - 1]}.ipynb"
        handed_in = nbformat.read(SAMPLES / student / name, as_version=4)
        release = make.release_notebook(stage, "zh")
        assert handed_in.metadata["scratchnet"]["lang"] == "zh"
        assert len(handed_in.cells) == len(release.cells)
        for mine, theirs in zip(handed_in.cells, release.cells, strict=True):
            solution = theirs.metadata.get("nbgrader", {}).get("solution")
            answered = bool(solution) and chinese_answers(student) is not None
            assert (mine.source != theirs.source) == answered, theirs.metadata
            if solution:  # a stub is left exactly where nothing was answered
                assert bool(make._STUB.search(mine.source)) == (not answered), mine.source
            assert "BEGIN SOLUTION" not in mine.source and "HIDDEN TESTS" not in mine.source


@pytest.fixture(scope="module")
def graded_twins(tmp_path_factory):
    """The Chinese students, and an English twin of each: the English release with the same
    answers, graded in one batch."""
    folder = tmp_path_factory.mktemp("class")
    for student in CHINESE:
        answers = chinese_answers(student)
        for lang, who in (("zh", student), ("en", f"{student}-en")):
            for name, text in make.release_answered(range(1, 6), lang, answers).items():
                (folder / who).mkdir(exist_ok=True)
                (folder / who / name).write_text(text, encoding="utf-8")
    outcome = grade_batch(discover([folder]), tmp_path_factory.mktemp("out"), workers=2)
    assert outcome.failures == []
    return {r.student: r for r in outcome.results}


@pytest.mark.sandbox
@pytest.mark.slow
@pytest.mark.parametrize("student", CHINESE)
def test_a_chinese_student_scores_as_the_same_code_in_english(graded_twins, student):
    chinese, english = graded_twins[student], graded_twins[f"{student}-en"]
    assert chinese.stages == english.stages == (1, 2, 3, 4, 5)
    assert [(c.name, c.stage, c.points, c.max_points, c.passed, c.mistake)
            for c in chinese.checks] == \
        [(c.name, c.stage, c.points, c.max_points, c.passed, c.mistake) for c in english.checks]
    assert (chinese.score, chinese.max_score) == (english.score, english.max_score)


@pytest.mark.sandbox
@pytest.mark.slow
def test_the_twins_differ_where_they_should(graded_twins):
    """The comparison is not vacuous: right, partly right, and nothing done."""
    assert graded_twins["王芳-en"].score == graded_twins["王芳-en"].max_score
    assert graded_twins["li_ming-en"].score < graded_twins["li_ming-en"].max_score
    assert graded_twins["张伟-en"].score == 0
