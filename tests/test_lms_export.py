"""`scratchnet export`: Canvas, Moodle and plain CSV files read back through their documented
columns, the roster's matching (unmatched students reported), Chinese names, inert cells,
and clear errors for a bad roster or OUT_DIR."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from autograder.checks.runner import CheckResult
from autograder.cli import main
from autograder.gradescope.results import write_results_json
from autograder.grading import GradeResult
from autograder.text_safety import FORMULA_STARTS
from autograder.text_safety import csv_cell as spreadsheet_text
from autograder.text_safety import terminal as terminal_text

SAMPLES = Path(__file__).resolve().parents[1] / "course_data" / "sample_submissions"
CHINESE = "陈小明"


def result(student: str, points: dict[int, tuple[int, int]]) -> GradeResult:
    """A GradeResult with one check per stage: {stage: (points, possible)}."""
    checks = [CheckResult(name=f"check_{stage}", stage=stage, points=got, max_points=possible,
                          passed=got == possible, message="" if got == possible else "wrong",
                          mistake=None, visibility="visible")
              for stage, (got, possible) in points.items()]
    return GradeResult(student=student, content_hash=f"hash-{student}", stages=tuple(points),
                       checks=checks)


CLASS = {
    "ada": {1: (10, 10), 2: (8, 8), 3: (5, 5)},
    "dara": {1: (10, 10), 2: (8, 8), 3: (0, 5)},
    CHINESE: {1: (7, 10), 2: (8, 8), 3: (5, 5)},
    "jo": {1: (10, 10)},                   # handed in stage 1 only
    "stray": {1: (3, 10), 2: (0, 8), 3: (0, 5)},  # graded, but not in the roster
}
ROSTER = f"""student,name,email,username,canvas_id,sis_user_id,sis_login_id,section
ada,Ada Lovelace,ada@example.edu,ada1,101,S-101,ada.l,Section A
dara,=HYPERLINK("http://evil.example"),dara@example.edu,dara1,102,S-102,dara.d,Section A
{CHINESE},{CHINESE},chen@example.edu,chen1,103,S-103,chen.x,Section B
jo,Jo March,jo@example.edu,jo1,104,S-104,jo.m,Section B
zoe,Zoe Absent,zoe@example.edu,zoe1,105,S-105,zoe.a,Section B
"""


@pytest.fixture
def out_dir(tmp_path) -> Path:
    folder = tmp_path / "out"
    for student, points in CLASS.items():
        write_results_json(folder / student / "results.json", result(student, points))
    return folder


@pytest.fixture
def roster(tmp_path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def export(out_dir: Path, roster: Path, *options: str) -> int:
    return main(["export", str(out_dir), "--roster", str(roster), *options])


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()), "written with a byte-order mark, for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ---------------------------------------------------------------- Canvas

def test_canvas_file_reads_back_through_canvas_columns(out_dir, roster, capsys):
    assert export(out_dir, roster, "--to", "canvas", "--assignment", "Neural nets (777)") == 0
    rows = read_csv(out_dir / "grades-canvas.csv")
    header, possible, *students = rows
    # Canvas's importer: Student, ID, SIS User ID, SIS Login ID, Section, then assignments
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                      "Neural nets (777)"]
    assert possible[0].strip() == "Points Possible" and possible[1:5] == ["", "", "", ""]
    assert possible[5] == "23"  # stages 1-3: 10 + 8 + 5
    by_id = {row[1]: row for row in students}
    assert set(by_id) == {"101", "102", "103", "104"}  # zoe has no result, stray no roster row
    assert by_id["101"] == ["Ada Lovelace", "101", "S-101", "ada.l", "Section A", "23"]
    assert by_id["102"][5] == "18" and by_id["103"][5] == "20"
    assert by_id["104"][5] == "10"  # jo: the stages she handed in
    assert by_id["103"][0] == CHINESE  # kept intact


def test_canvas_stage_columns_with_ids_and_empty_ungraded_stages(out_dir, roster):
    assert export(out_dir, roster, "--to", "canvas", "--columns", "stages",
                  "--assignment", "2=Feedforward (12345)") == 0
    header, possible, *students = read_csv(out_dir / "grades-canvas.csv")
    assert header[5:] == ["01_sigmoid", "Feedforward (12345)", "03_loss"]
    assert possible[5:] == ["10", "8", "5"]
    jo = next(row for row in students if row[1] == "104")
    assert jo[5:] == ["10", "", ""]  # not graded on stages 2-3: no grade, not 0
    dara = next(row for row in students if row[1] == "102")
    assert dara[5:] == ["10", "8", "0"]


def test_canvas_needs_an_id_for_every_student(out_dir, tmp_path, capsys):
    roster = tmp_path / "names-only.csv"
    roster.write_text("student,name,email\nada,Ada,ada@example.edu\n", encoding="utf-8")
    assert export(out_dir, roster, "--to", "canvas") == 2
    err = capsys.readouterr().err
    assert "canvas_id or sis_user_id or sis_login_id" in err and "line 2 (ada)" in err
    assert not (out_dir / "grades-canvas.csv").exists()


# ---------------------------------------------------------------- Moodle

def test_moodle_file_has_an_identifier_and_grade_columns(out_dir, roster):
    assert export(out_dir, roster, "--to", "moodle", "--identifier", "username",
                  "--assignment", "Neural nets") == 0
    header, *students = read_csv(out_dir / "grades-moodle.csv")
    assert header == ["Username", "Full name", "Neural nets"]
    grades = {row[0]: row[2] for row in students}
    assert grades == {"ada1": "23", "dara1": "18", "chen1": "20", "jo1": "10"}
    assert all(float(value) >= 0 for value in grades.values())  # Moodle wants numbers


def test_moodle_by_email_default_and_missing_zero(out_dir, roster):
    assert export(out_dir, roster, "--to", "moodle", "--missing", "zero", "--columns",
                  "stages") == 0
    header, *students = read_csv(out_dir / "grades-moodle.csv")
    assert header == ["Email address", "Full name", "01_sigmoid", "02_feedforward", "03_loss"]
    rows = {row[0]: row[2:] for row in students}
    assert rows["zoe@example.edu"] == ["0", "0", "0"]  # in the roster, no submission
    assert rows["jo@example.edu"] == ["10", "0", "0"]


def test_moodle_identifier_column_must_be_in_the_roster(out_dir, tmp_path, capsys):
    roster = tmp_path / "r.csv"
    roster.write_text("student,email\nada,ada@example.edu\ndara,\n", encoding="utf-8")
    assert export(out_dir, roster, "--to", "moodle") == 2
    assert "line 3 (dara): no email" in capsys.readouterr().err
    assert export(out_dir, roster, "--to", "moodle", "--identifier", "idnumber") == 2


# ---------------------------------------------------------------- plain CSV

def test_plain_csv_has_every_identity_and_the_points_possible(out_dir, roster):
    assert export(out_dir, roster, "--to", "csv", "-o", str(out_dir / "x" / "plain.csv")) == 0
    header, *students = read_csv(out_dir / "x" / "plain.csv")
    assert header == ["student", "name", "email", "username", "canvas_id", "sis_user_id",
                      "sis_login_id", "section", "scratchnet", "possible"]
    ada = next(row for row in students if row[0] == "ada")
    assert ada == ["ada", "Ada Lovelace", "ada@example.edu", "ada1", "101", "S-101", "ada.l",
                   "Section A", "23", "23"]
    assert (out_dir / "x" / "unmatched.csv").is_file()  # beside the output


# ---------------------------------------------------------------- matching

def test_unmatched_students_are_listed_on_stderr_and_in_a_file(out_dir, roster, capsys):
    (out_dir / "broken").mkdir()
    (out_dir / "broken" / "results.json").write_text("{not json", encoding="utf-8")
    assert export(out_dir, roster, "--to", "canvas") == 0
    err = capsys.readouterr().err
    assert "1 graded but not in the roster (not exported): stray" in err
    assert "1 in the roster but without results (not exported): zoe" in err
    assert "results.json could not be read: broken" in err
    rows = read_csv(out_dir / "unmatched.csv")
    assert rows[0] == ["problem", "student", "detail"]
    assert sorted((r[0], r[1]) for r in rows[1:]) == [
        ("no results", "zoe"), ("not in roster", "stray"), ("unreadable results", "broken")]


def test_an_all_matched_export_rewrites_unmatched_with_its_header_only(out_dir, tmp_path):
    shutil.rmtree(out_dir / "stray")
    roster = tmp_path / "exact.csv"
    roster.write_text("\n".join(ROSTER.splitlines()[:5]) + "\n", encoding="utf-8")  # no zoe
    (out_dir / "unmatched.csv").write_text("stale,stale,stale\n")
    assert export(out_dir, roster, "--to", "csv") == 0
    assert read_csv(out_dir / "unmatched.csv") == [["problem", "student", "detail"]]


def test_chinese_names_match_in_any_unicode_form_and_stay_intact(out_dir, tmp_path):
    import unicodedata
    name = "Zoë 陈"
    write_results_json(out_dir / name / "results.json", result(name, {1: (4, 10)}))
    roster = tmp_path / "nfd.csv"  # macOS writes file names decomposed (NFD)
    roster.write_bytes(("\ufeffstudent,name,canvas_id\n"
                        f"{unicodedata.normalize('NFD', name)},{CHINESE} Zoë,201\n"
                        f"{CHINESE},{CHINESE},103\n").encode())
    assert export(out_dir, roster, "--to", "canvas") == 0
    rows = read_csv(out_dir / "grades-canvas.csv")
    assert [CHINESE + " Zoë", "201"] in [row[:2] for row in rows]
    assert [CHINESE, "103"] in [row[:2] for row in rows]


# ---------------------------------------------------------------- inert text

HOSTILE = ["=1+1", "+1", "-2+3", "@SUM(A1)", " =cmd|' /C calc'!A0", "\t=1", "＝1+1"]


def test_formula_starts_become_text_and_plain_text_is_kept():
    for value in HOSTILE:
        assert spreadsheet_text(value) == "'" + value
    for value in ("Ada", CHINESE, "a=b", "1+1", "ada@example.edu", ""):
        assert spreadsheet_text(value) == value


def test_no_written_cell_can_start_a_formula(out_dir, tmp_path):
    roster = tmp_path / "hostile.csv"
    lines = ["student,name,email,canvas_id,section"]
    for i, value in enumerate(HOSTILE):
        student = f"h{i}"
        write_results_json(out_dir / student / "results.json", result(student, {1: (5, 10)}))
        quoted = '"' + value.replace('"', '""') + '"'
        lines.append(f"{student},{quoted},{quoted},{300 + i},{quoted}")
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for fmt in ("canvas", "moodle", "csv"):
        assert export(out_dir, roster, "--to", fmt, "--assignment", "=evil()") == 0
        name = {"canvas": "grades-canvas.csv", "moodle": "grades-moodle.csv",
                "csv": "grades.csv"}[fmt]
        rows = read_csv(out_dir / name)
        cells = [cell for row in rows for cell in row]
        assert "'=evil()" in cells
        for value in HOSTILE:  # the roster's cells are trimmed, then quoted
            assert "'" + value.strip() in cells, (fmt, value)
        dangerous = [c for c in cells if c.lstrip(" ").startswith(FORMULA_STARTS)]
        assert dangerous == [], (fmt, dangerous)


def test_terminal_text_shows_control_characters_as_escapes():
    assert terminal_text("ada\x1b[2Jbob\u202e") == "ada\\x1b[2Jbob\\u202e"
    assert terminal_text(CHINESE) == CHINESE


def test_names_on_stderr_cannot_drive_the_terminal(out_dir, roster, capsys):
    name = "mal\x1b]0;owned\x07ory"
    write_results_json(out_dir / "mal" / "results.json", result(name, {1: (1, 10)}))
    assert export(out_dir, roster, "--to", "csv") == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "mal\\x1b]0;owned\\x07ory" in err


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize(("text", "says"), [
    ("name,email\nAda,a@x\n", "no student column"),
    ("student,emial\nada,a@x\n", "unknown column(s) 'emial'"),
    ("student,email\nada,a@x\nada,b@x\n", "student 'ada' is also on line 2"),
    ("student,email\nada,a@x\nben,a@x\n", "email 'a@x' is also on line 2"),
    ("student,email\n,a@x\n", "line 2: the student cell is empty"),
    ("student,email\n", "lists no student"),
    ("", "empty"),
    ("student,email\nada,a@x,extra\n", "line 2: 3 cells for 2 columns"),
    ("student,student\nada,ada\n", "appear more than once"),
])
def test_a_bad_roster_is_a_clear_error_with_exit_2(out_dir, tmp_path, capsys, text, says):
    roster = tmp_path / "bad.csv"
    roster.write_text(text, encoding="utf-8")
    assert export(out_dir, roster, "--to", "csv") == 2
    err = capsys.readouterr().err
    assert says in err and str(roster) in err
    assert not (out_dir / "grades.csv").exists()


def test_a_roster_that_is_not_utf8_or_not_there(out_dir, tmp_path, capsys):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("student,name\nzoe,Zoë\n".encode("latin-1"))
    assert export(out_dir, latin, "--to", "csv") == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert export(out_dir, tmp_path / "nowhere.csv", "--to", "csv") == 2
    assert "no such file" in capsys.readouterr().err


def test_semicolon_separated_roster_from_a_european_excel(out_dir, tmp_path):
    roster = tmp_path / "semi.csv"
    roster.write_text("student;name;email\nada;Ada Lovelace;ada@example.edu\n",
                      encoding="utf-8-sig")
    assert export(out_dir, roster, "--to", "moodle") == 0
    assert read_csv(out_dir / "grades-moodle.csv")[1] == ["ada@example.edu", "Ada Lovelace",
                                                          "23"]


def test_missing_or_empty_out_dir_is_a_clear_error(tmp_path, roster, capsys):
    assert export(tmp_path / "missing", roster, "--to", "canvas") == 2
    assert "no such folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert export(tmp_path / "empty", roster, "--to", "canvas") == 2
    assert "no results in" in capsys.readouterr().err


@pytest.mark.parametrize(("options", "says"), [
    (["--columns", "total", "--assignment", "a", "--assignment", "b"], "one --assignment"),
    (["--columns", "stages", "--assignment", "Backprop"], "N=NAME"),
    (["--columns", "stages", "--assignment", "6=Extra"], "stage 6 is not exported"),
    (["--stage", "9"], "--stage"),
    (["--stage", "6-7"], "no result in this folder grades stage(s) 6, 7"),
])
def test_bad_column_choices_are_exit_2(out_dir, roster, capsys, options, says):
    assert export(out_dir, roster, "--to", "csv", *options) == 2
    assert says in capsys.readouterr().err


def test_help_describes_the_roster_and_the_outputs(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = capsys.readouterr().out
    for needed in ("--to", "--roster", "--columns", "--assignment", "--missing",
                   "--identifier", "Points Possible", "unmatched.csv", "canvas_id"):
        assert needed in text


# ---------------------------------------------------------------- end to end

@pytest.mark.sandbox
@pytest.mark.slow
def test_export_of_a_real_grading_run_agrees_with_its_results(tmp_path):
    out = tmp_path / "graded"
    submissions = tmp_path / "class"
    submissions.mkdir()
    for name in ("ada.py", "dara.ipynb"):
        shutil.copy(SAMPLES / name, submissions / name)
    assert main(["grade", str(submissions), "--out", str(out), "--workers", "1",
                 "--format", "json"]) == 0
    roster = tmp_path / "r.csv"
    roster.write_text("student,email\nada,ada@x.edu\ndara,dara@x.edu\n", encoding="utf-8")
    assert export(out, roster, "--to", "moodle", "--columns", "stages") == 0
    header, *rows = read_csv(out / "grades-moodle.csv")
    for row in rows:
        student = row[0].split("@")[0]
        data = json.loads((out / student / "results.json").read_text())
        per_stage = {}
        for test in data["tests"]:
            stage = test["extra_data"]["stage"]
            per_stage[stage] = per_stage.get(stage, 0) + test["score"]
        assert [int(v) for v in row[2:]] == [per_stage[s] for s in sorted(per_stage)]
    assert {row[0] for row in rows} == {"ada@x.edu", "dara@x.edu"}


def test_an_output_that_cannot_be_written_is_exit_1(out_dir, roster, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert export(out_dir, roster, "--to", "csv", "-o", str(blocker / "grades.csv")) == 1
    assert "cannot write" in capsys.readouterr().err
