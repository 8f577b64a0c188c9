"""The table `scratchnet grade` prints: every student's name and total, whatever the width of
the terminal (autograder/commands/table.py). The diagnosis is cut to what is left; in a
narrow terminal each student is one line, with the stages when they fit."""

import fcntl
import io
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from autograder.checks.runner import CheckResult
from autograder.commands.grade import results_table
from autograder.grading import GradeResult
from autograder.i18n import language

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "course_data" / "sample_submissions"
#: Escape sequences a terminal program writes (colours, cursor moves, titles).
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


# --- the layouts, on made-up results ---------------------------------------------------------

def result(student: str, stages: dict[int, tuple[int, int]], diagnosis: str = "") -> GradeResult:
    """A result with one check per stage worth `possible`, `points` of them earned."""
    checks = [CheckResult(name=f"check_{stage}", stage=stage, points=points,
                          max_points=possible, passed=points == possible,
                          message="" if points == possible else diagnosis,
                          mistake="named" if points < possible else None, visibility="visible")
              for stage, (points, possible) in stages.items()]
    return GradeResult(student=student, content_hash="0" * 64, stages=tuple(stages),
                       checks=checks)


CORE = {1: (10, 10), 2: (8, 8), 3: (5, 5), 4: (9, 9), 5: (12, 12)}
LONG = ("dW2 is wrong for X, Y, W1, W2 of shapes (4, 3), (4, 1), (3, 4), (4, 1): relative "
        "error 0.5; your gradient is exactly half the right one: the factor 2 is missing")
HOSTILE = "eve\x1b]0;x\x07[b]B[/b]"  # a terminal title and Rich markup
CLASS = [
    result("ada", CORE),
    result("dara", {**CORE, 3: (2, 5), 4: (4, 9)}, LONG),
    result("欧阳娜娜", {**CORE, 1: (7, 10)}, "sigmoid_derivative 的结果不对：" + "很长的说明" * 20),
    result("quinn", {6: (23, 23), 7: (22, 22)}),
    result("rosa", {**CORE, 6: (23, 23), 7: (22, 22)}),
    result("sam", {**CORE, 6: (13, 23), 7: (20, 22)}, LONG),
    result(HOSTILE, {1: (0, 10)}, "[red]markup[/red] \x1b[2J"),
]
SHOWN = {r.student: r.student for r in CLASS} | {HOSTILE: "eve\\x1b]0;x\\x07[b]B[/b]"}


def render(results: list[GradeResult], width: int, lang: str = "en") -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    with language(lang):
        console.print(results_table(results))
    return console.export_text().splitlines()


def student_line(lines: list[str], shown: str) -> str:
    found = [line for line in lines if line.strip().startswith(shown)]
    assert len(found) == 1, (shown, lines)
    return found[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_name_and_total_is_on_one_line_at_every_width(lang):
    for width in range(40, 221):
        lines = render(CLASS, width, lang)
        assert max(cell_len(line) for line in lines) <= width, (width, lines)
        assert len(lines) == 1 + len(CLASS) or len(lines) == 2 + len(CLASS), (width, lines)
        for r in CLASS:
            line = student_line(lines, SHOWN[r.student])
            assert f" {r.score}/{r.max_score} " in f"{line} ", (width, line)


def test_wide_the_stages_have_their_titles_and_the_diagnosis_is_cut_to_fit():
    lines = render(CLASS, 200)
    assert "1 sigmoid" in lines[0] and "7 classifier" in lines[0] and "━" in lines[1]
    dara = student_line(lines, "dara")
    assert "2/5" in dara and "4/9" in dara and "dW2 is wrong" in dara and dara.endswith("… ")


def test_narrow_one_line_per_student_with_the_stages_when_they_fit():
    for width in (80, 120):
        lines = render(CLASS, width)
        assert lines[0].split()[:9] == ["student", "total", "1", "2", "3", "4", "5", "6", "7"]
        sam = student_line(lines, "sam").split()
        assert sam[:9] == ["sam", "77/89", "10/10", "8/8", "5/5", "9/9", "12/12", "13/23",
                           "20/22"]
    sam = student_line(render(CLASS, 120), "sam")
    assert "dW2 is wrong" in sam  # room for the diagnosis too
    lines = render(CLASS, 60)  # past eve's long name the stages do not fit: the diagnosis does
    assert lines[0].split() == ["student", "total", "top", "diagnosis"]
    assert student_line(lines, "sam").split()[:3] == ["sam", "77/89", "dW2"]
    lines = render([r for r in CLASS if r.max_score == r.score], 60)  # short names: they fit
    assert lines[0].split() == ["student", "total", "1", "2", "3", "4", "5", "6", "7"]
    assert student_line(lines, "quinn").split() == ["quinn", "45/45", *"-----", "23/23", "22/22"]


def test_a_long_name_leaves_no_room_for_the_stages_but_keeps_its_total():
    long = result("a_student_with_a_rather_long_name", {**CORE, 5: (0, 12)}, LONG)
    lines = render([*CLASS, long], 80)
    assert lines[0].split() == ["student", "total", "top", "diagnosis"]
    assert student_line(lines, long.student).split()[:4] == [long.student, "32/44", "dW2", "is"]
    assert student_line(lines, "sam").split()[:2] == ["sam", "77/89"]


def test_a_name_wider_than_the_terminal_is_folded_not_cut():
    name = "n" * 70 + "_end"
    lines = render([result(name, CORE)], 40)
    assert max(cell_len(line) for line in lines) <= 40
    assert name in "".join(line.strip().split(" ")[0] for line in lines[1:])
    assert "44/44" in "".join(lines)


def test_student_text_stays_inert_in_the_narrow_layout():
    for width in (60, 80, 100, 120):
        text = "\n".join(render(CLASS, width))
        assert "\x1b" not in text and "\x07" not in text
        assert SHOWN[HOSTILE] in text
        assert width < 100 or "[red]markup[/red] \\x1b[2J" in text  # with room for diagnoses


# --- the real command in a pseudo-terminal ---------------------------------------------------

@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """The sample class graded once: (out folder, {student: "score/max"})."""
    out = tmp_path_factory.mktemp("table") / "out"
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(SAMPLES),
                           "--out", str(out), "--format", "json"],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    summaries = json.loads(done.stdout)["submissions"]
    return out, {s["student"]: f"{s['score']}/{s['max_score']}" for s in summaries}


def in_terminal(command: list[str], columns: int, timeout: float = 300) -> str:
    """What `command` shows in a pseudo-terminal `columns` wide (stdout and stderr)."""
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "50", "TERM": "xterm-256color"}
    process = subprocess.Popen(command, stdin=child, stdout=child, stderr=child, env=env,
                               cwd=ROOT, start_new_session=True)
    os.close(child)
    shown = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1.0)
            if not ready:
                continue
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: every end of the terminal's other side is closed
                break
            if not data:
                break
            shown += data
        assert process.wait(timeout=30) == 0, shown.decode(errors="replace")[-3000:]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    return shown.decode("utf-8", errors="replace")


def table_lines(shown: str) -> list[str]:
    """The table's lines as the terminal shows them (what the progress bar overwrote with a
    carriage return gone): from the header naming the student column to the "N graded" line."""
    lines = [ESCAPES.sub("", line).rstrip("\r").split("\r")[-1] for line in shown.split("\n")]
    starts = [i for i, line in enumerate(lines) if line.split()[:1] == ["student"]]
    assert starts, "no header naming the student column:\n" + "\n".join(lines[-30:])
    end = next(i for i, line in enumerate(lines) if i > starts[0] and " graded" in line)
    return lines[starts[0]:end]


@pytest.mark.sandbox
@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 120, 200])
def test_in_a_terminal_every_student_has_a_name_and_a_total(graded_class, columns):
    out, totals = graded_class
    shown = in_terminal([sys.executable, "-m", "autograder.cli", "grade", str(SAMPLES),
                         "--out", str(out), "--resume"], columns)
    lines = table_lines(shown)
    assert max(cell_len(line) for line in lines) <= columns, lines
    assert len(totals) == 22
    for student, total in totals.items():
        line = student_line(lines, student)
        assert f" {total} " in f"{line} ", (student, total, line)
    if columns < 200:  # one line per student, the stages by number
        assert lines[0].split()[:2] == ["student", "total"] and len(lines) == 1 + len(totals)
        assert student_line(lines, "rosa").split()[:9] == [
            "rosa", "89/89", "10/10", "8/8", "5/5", "9/9", "12/12", "23/23", "22/22"]
    else:  # the ruled table, each stage with its title
        assert "1 sigmoid" in lines[0] and "total" in lines[0] and len(lines) == 2 + len(totals)
