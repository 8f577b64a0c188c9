"""Student ids are unique: a name that becomes a classmate's once made safe (or differs only
in case, or shares a stem) never takes the classmate's results, feedback or gradebook row."""

import csv
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.loading import discover, find_submissions
from tests.lazy import LazyModule

nbformat = LazyModule("nbformat")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "course_data" / "sample_submissions"
HONEST = SAMPLES / "ada.py"  # full marks
STUB = SAMPLES / "fay.ipynb"  # stubs: zero
SUFFIX = r"-[0-9a-f]{6}"


def ids_by_root(paths) -> dict[str, str]:
    return {s.root.name: s.student for s in discover(paths)}


def test_a_mangled_name_never_takes_the_classmates(tmp_path):
    for name in ("ann smith", "ann_smith", "zed"):
        (tmp_path / name).mkdir()
        shutil.copy(HONEST, tmp_path / name / "work.py")
    found = find_submissions([tmp_path])
    ids = {s.root.name: s for s in found.submissions}
    assert ids["ann_smith"].student == "ann_smith"  # the name that is already safe keeps it
    assert re.fullmatch("ann_smith" + SUFFIX, ids["ann smith"].student)
    assert ids["zed"].student == "zed" and ids["zed"].notes == ()
    assert ids["ann smith"].name == "ann smith"
    for sub in (ids["ann smith"], ids["ann_smith"]):  # both are told
        assert any('also "ann_smith"' in note for note in sub.notes), sub.notes
    assert [n for n in found.notes if n.startswith("name clash")] == [
        f"name clash: {tmp_path / 'ann smith'} -> {ids['ann smith'].student}, "
        f"{tmp_path / 'ann_smith'} -> ann_smith (each is graded and filed under its own id)"]


def test_chinese_names_stay_readable_ids(tmp_path):
    """Letters of any script are kept (in NFC); only separators and controls are replaced."""
    for name in ("王小明", "李 华", "Zoe\u0308"):  # the last one decomposed: Zoë
        (tmp_path / name).mkdir()
        shutil.copy(HONEST, tmp_path / name / "work.py")
    ids = ids_by_root([tmp_path])
    assert ids["王小明"] == "王小明"
    assert ids["李 华"] == "李_华"
    assert ids["Zoe\u0308"] == "Zo\u00eb"


def test_ids_depend_on_names_not_on_order_or_classmates(tmp_path):
    for folder, name in (("one", "ann smith"), ("two", "ann_smith")):
        (tmp_path / folder / name).mkdir(parents=True)
        shutil.copy(HONEST, tmp_path / folder / name / "work.py")
    first = ids_by_root([tmp_path / "one", tmp_path / "two"])
    assert first == ids_by_root([tmp_path / "two", tmp_path / "one"])
    assert first["ann_smith"] == "ann_smith" != first["ann smith"]
    for name in ("aaron", "zoe"):  # more students: the same ids
        (tmp_path / "one" / name).mkdir()
        shutil.copy(HONEST, tmp_path / "one" / name / "work.py")
    more = ids_by_root([tmp_path / "one", tmp_path / "two"])
    assert {k: more[k] for k in first} == first


@pytest.mark.parametrize("names", [("Ann.py", "ann.py"), ("alice.py", "alice.ipynb"),
                                   ("Bo", "bo.py")])
def test_case_variants_and_shared_stems_get_distinct_ids(tmp_path, names):
    for name in names:
        if name.endswith((".py", ".ipynb")):
            shutil.copy(HONEST if name.endswith(".py") else STUB, tmp_path / name)
        else:
            (tmp_path / name).mkdir()
            shutil.copy(HONEST, tmp_path / name / "work.py")
    subs = discover([tmp_path])
    ids = [s.student for s in subs]
    assert len({i.casefold() for i in ids}) == len(names)  # distinct on any disk
    assert all(re.fullmatch(r"[A-Za-z]+" + SUFFIX, i) for i in ids), ids
    assert all(s.notes for s in subs)


def test_names_of_the_batchs_own_files_are_never_ids(tmp_path):
    for name in ("report.html.py", "gradebook.csv.py", "checks.csv.py"):
        shutil.copy(HONEST, tmp_path / name)
    (tmp_path / "-rf.py").write_text("x = 1\n")
    ids = ids_by_root([tmp_path])
    assert all(re.fullmatch(r"(report\.html|gradebook\.csv|checks\.csv)" + SUFFIX, ids[n])
               for n in ("report.html.py", "gradebook.csv.py", "checks.csv.py")), ids
    assert ids["-rf.py"] == "rf"  # an id never starts like a command-line option


def results(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}


def checks(data: dict) -> list[tuple]:
    return [(t["name"], t["score"], t["extra_data"]["message"]) for t in data["tests"]]


def check_lines(feedback: str) -> list[str]:
    """The feedback's lines about checks (not its title or notes, which name the id)."""
    return [line for line in feedback.splitlines() if line.startswith(("- **", "  - "))]


@pytest.mark.sandbox
@pytest.mark.slow
def test_colliding_students_each_keep_their_own_grade(tmp_path, capsys):
    """Two impostors (a stub each) whose names collide with honest classmates': every
    honest student's score, checks and feedback are theirs, equal to what they get alone."""
    cls, alone = tmp_path / "class", tmp_path / "alone"
    for folder in (cls, alone):
        (folder / "ann_smith").mkdir(parents=True)
        shutil.copy(HONEST, folder / "ann_smith" / "work.py")
        shutil.copy(HONEST, folder / "Bo.py")
    (cls / "ann smith").mkdir()
    shutil.copy(STUB, cls / "ann smith" / "work.ipynb")
    shutil.copy(STUB, cls / "bo.ipynb")
    assert main(["grade", str(alone), "--out", str(tmp_path / "out-alone"),
                 "--workers", "2"]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["grade", str(cls), "--out", str(out), "--workers", "2"]) == 0
    err = capsys.readouterr().err
    assert err.count("name clash") == 2

    got, solo = results(out), results(tmp_path / "out-alone")
    assert len(got) == 4
    impostor = next(k for k in got if k != "ann_smith" and k.startswith("ann_smith"))
    bo_honest = next(k for k in got if k.startswith("Bo-"))
    bo_impostor = next(k for k in got if k.startswith("bo-"))
    assert got[impostor]["extra_data"]["name"] == "ann smith"
    assert got["ann_smith"]["extra_data"]["name"] == "ann_smith"
    for ours, theirs in (("ann_smith", "ann_smith"), (bo_honest, "Bo")):
        assert got[ours]["score"] == got[ours]["max_score"] == solo[theirs]["score"] == 44
        assert checks(got[ours]) == checks(solo[theirs])
        feedback = (out / ours / "feedback.md").read_text()
        assert check_lines(feedback) == check_lines(
            (tmp_path / "out-alone" / theirs / "feedback.md").read_text())
        assert any("once made safe" in note for note in got[ours]["extra_data"]["notes"])
    for other in (impostor, bo_impostor):
        assert got[other]["score"] == 0
        assert "not implemented" in (out / other / "feedback.md").read_text()
    with open(out / "gradebook.csv", encoding="utf-8-sig") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert {k: rows[k]["score"] for k in rows} == {
        "ann_smith": "44", impostor: "0", bo_honest: "44", bo_impostor: "0"}


# --- nbgrader: the write-back goes under each student's own nbgrader id --------------------

@pytest.mark.nbgrader
@pytest.mark.sandbox
@pytest.mark.slow
def test_nbgrader_write_back_keeps_colliding_students_apart(tmp_path):
    pytest.importorskip("nbgrader", reason="the write-back needs nbgrader (CI installs it)")
    from nbgrader.api import Gradebook

    from tests.test_nbgrader_gradebook import nbgrader, run, submit

    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "assignments" / "nbgrader_config.py", course)
    source = ROOT / "assignments" / "source"
    shutil.copytree(source / "01_sigmoid", course / "source" / "01_sigmoid")
    nbgrader(course, "generate_assignment", "01_sigmoid")
    submit(course, 1, "ann smith", "wrong")
    submit(course, 1, "ann_smith", "right")
    run(course, sys.executable, "-m", "autograder.cli", "grade", ".", "--nbgrader-assignment",
        "01_sigmoid", "--out", str(tmp_path / "out"), "--workers", "2")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "scratchnet") as gb:
        scores = {s: gb.find_submission("01_sigmoid", s).score for s in ("ann smith",
                                                                         "ann_smith")}
        students = {s.id for s in gb.students}
    assert students == {"ann smith", "ann_smith"}  # no student made up from a clash id
    assert scores["ann_smith"] == 10 > scores["ann smith"]

    def errors(student: str) -> int:
        nb = nbformat.read(course / "autograded" / student / "01_sigmoid" / "01_sigmoid.ipynb",
                           as_version=4)
        return sum(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    assert errors("ann_smith") == 0 and errors("ann smith") > 0
