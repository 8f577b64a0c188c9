"""One output folder, one class: a second class is refused (naming the first) or replaces it
when told; re-grading the same class (--resume) goes on; similarity with nothing to compare
leaves an earlier report alone."""

import json
import shutil
from pathlib import Path

import pytest

from autograder.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "course_data" / "sample_submissions"
OWNER_NAME = "_class.json"  # autograder.ownership's (the last tests check these names)
SIMILARITY_DIR = "_similarity"


def a_class(folder: Path, **students: str) -> Path:
    """A class folder: student name -> the sample file they hand in."""
    folder.mkdir(parents=True)
    for name, sample in students.items():
        shutil.copy(SAMPLES / sample, folder / f"{name}{Path(sample).suffix}")
    return folder


def grade(*args: str) -> int:
    return main(["grade", *args, "--workers", "1", "--format", "json"])


def graded(out: Path) -> set[str]:
    return {p.parent.name for p in out.glob("*/results.json")}


@pytest.fixture()
def two_classes(tmp_path, capsys):
    """Class A (ada, kim) graded into out/; class B (lee) not yet."""
    a = a_class(tmp_path / "A", ada="ada.py", kim="kim.py")
    b = a_class(tmp_path / "B", lee="ada.py")
    out = tmp_path / "out"
    assert grade(str(a), "--out", str(out)) == 0
    capsys.readouterr()
    return a, b, out


@pytest.mark.sandbox
@pytest.mark.slow
def test_a_second_class_is_refused_naming_the_first(two_classes, capsys):
    a, b, out = two_classes
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert grade(str(b), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert f"holds the results of another class: {a}" in err
    assert "--out DIR" in err and "--replace" in err and str(b) in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # untouched
    assert main(["similarity", str(b), str(a / "ada.py"), "--out", str(out)]) == 2
    assert "holds the results of another class" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.sandbox
@pytest.mark.slow
def test_replace_leaves_only_the_new_class_for_report_and_export(two_classes, tmp_path,
                                                                  capsys):
    a, b, out = two_classes
    (out / "notes.txt").write_text("the instructor's own file")
    assert grade(str(b), "--out", str(out), "--replace") == 0
    assert f"replaced the results of {a}" in capsys.readouterr().err
    assert graded(out) == {"lee"} and not (out / "ada").exists()
    assert not (out / SIMILARITY_DIR).exists()  # A's pairs are not B's
    assert (out / "notes.txt").read_text() == "the instructor's own file"
    (out / "gradebook.csv").unlink()
    assert main(["report", str(out)]) == 0  # rebuilt from the folder: B's students only
    rows = (out / "gradebook.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["lee"]
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,email\nlee,Lee,lee@example.org\n"
                      "ada,Ada,ada@example.org\n")
    assert main(["export", str(out), "--roster", str(roster), "--to", "csv"]) == 0
    exported = (out / "grades.csv").read_text(encoding="utf-8-sig")
    assert "lee@example.org" in exported and "ada@example.org" not in exported


@pytest.mark.sandbox
@pytest.mark.slow
def test_the_same_class_again_resumes_and_drops_students_who_left(two_classes, capsys):
    a, _, out = two_classes
    assert grade(str(a), "--out", str(out), "--resume") == 0
    assert sorted(json.loads(capsys.readouterr().out)["resumed"]) == ["ada", "kim"]
    (a / "kim.py").unlink()
    assert grade(str(a), "--out", str(out), "--resume") == 0
    assert "removed the results of 1 student who is no longer in" in capsys.readouterr().err
    assert graded(out) == {"ada"}


@pytest.mark.sandbox
@pytest.mark.slow
def test_a_folder_from_before_the_record_is_this_class_only_if_its_students_are(two_classes,
                                                                                 capsys):
    a, b, out = two_classes
    (out / OWNER_NAME).unlink()  # as scratchnet wrote it before it recorded the class
    assert grade(str(b), "--out", str(out)) == 2
    assert "students who are not in this one: ada, kim" in capsys.readouterr().err
    assert grade(str(a), "--out", str(out), "--resume") == 0
    assert sorted(json.loads(capsys.readouterr().out)["resumed"]) == ["ada", "kim"]
    assert json.loads((out / OWNER_NAME).read_text())["paths"] == [str(a)]


@pytest.mark.sandbox
@pytest.mark.slow
def test_similarity_with_nothing_to_compare_keeps_the_report(two_classes, tmp_path, capsys):
    a, _, out = two_classes
    before = {p: p.read_bytes() for p in (out / SIMILARITY_DIR).rglob("*") if p.is_file()}
    assert any(p.parent.name == "pairs" for p in before)
    (tmp_path / "empty").mkdir()
    for nothing in (tmp_path / "empty", a / "ada.py"):
        assert main(["similarity", str(nothing), "--out", str(out)]) == 2
        assert "nothing to compare" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in (out / SIMILARITY_DIR).rglob("*") if p.is_file()}
    assert after == before


def test_another_nbgrader_assignment_is_another_class(tmp_path):
    from autograder.ownership import ClassId, claim, other_class

    course = tmp_path / "submitted"
    first = ClassId.of([course], "01_sigmoid")
    out = tmp_path / "out"
    out.mkdir()
    claim(out, first, ["ann"])
    assert other_class(out, ClassId.of([course], "01_sigmoid"), ["ann"]) is None
    assert other_class(out, ClassId.of([tmp_path / "x" / ".." / "submitted"], "01_sigmoid"),
                       ["ann"]) is None  # the same folder, written another way
    second = other_class(out, ClassId.of([course], "02_feedforward"), ["ann"])
    assert second is not None and "nbgrader assignment 01_sigmoid" in second.describe()


def test_clear_removes_only_what_scratchnet_wrote(tmp_path):
    from autograder.ownership import CLASS_FILES, STUDENT_FILES, clear

    out = tmp_path / "out"
    for name in STUDENT_FILES:
        (out / "ann").mkdir(parents=True, exist_ok=True)
        (out / "ann" / name).write_text("x")
    (out / "bob").mkdir()
    (out / "bob" / "results.json").write_text("x")
    (out / "bob" / "mine.txt").write_text("not scratchnet's")
    for name in (*CLASS_FILES, OWNER_NAME, "report-overall.png"):
        (out / name).write_text("x")
    (out / SIMILARITY_DIR / "pairs").mkdir(parents=True)
    (out / SIMILARITY_DIR / "pairs" / "a__b.html").write_text("x")
    (out / "keep.csv").write_text("mine")
    clear(out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "bob", "bob/mine.txt", "keep.csv"]


def test_the_names_cleared_are_the_names_written():
    from autograder.feedback.html import FEEDBACK_HTML_NAME
    from autograder.feedback.markdown import FEEDBACK_NAME
    from autograder.gradebook import GRADEBOOK_NAME
    from autograder.gradescope.results import RESULTS_NAME
    from autograder.lms.export import DEFAULT_OUTPUT, UNMATCHED_NAME
    from autograder.ownership import (
        CLASS_FILES,
        CLASS_PATTERNS,
        STUDENT_FILES,
    )
    from autograder.ownership import (
        OWNER_NAME as RECORD_NAME,
    )
    from autograder.ownership import (
        SIMILARITY_DIR as CLEARED_SIMILARITY_DIR,
    )
    from autograder.report import CHECKS_CSV_NAME, FIGURES, REPORT_NAME
    from autograder.similarity import SIMILARITY_DIR as WRITTEN_SIMILARITY_DIR

    assert set(STUDENT_FILES) == {RESULTS_NAME, FEEDBACK_NAME, FEEDBACK_HTML_NAME}
    assert STUDENT_FILES[0] == RESULTS_NAME
    assert set(CLASS_FILES) == {REPORT_NAME, GRADEBOOK_NAME, CHECKS_CSV_NAME, UNMATCHED_NAME,
                                *DEFAULT_OUTPUT.values()}
    assert all(any(Path(f"report-{key}.png").match(p) for p in CLASS_PATTERNS)
               for key in FIGURES)
    assert SIMILARITY_DIR == CLEARED_SIMILARITY_DIR == WRITTEN_SIMILARITY_DIR
    assert RECORD_NAME == OWNER_NAME
