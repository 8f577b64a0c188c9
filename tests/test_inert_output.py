"""Student text is inert everywhere it is shown: Markdown, HTML, the terminal, CSV, and the
files a link would have let out of the student's folder appear nowhere."""

import contextlib
import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from autograder.checks.runner import CheckResult
from autograder.cli import main
from autograder.commands.grade import results_table
from autograder.feedback.html import render_html
from autograder.feedback.markdown import render_markdown
from autograder.gradebook import gradebook_csv
from autograder.gradescope.results import to_gradescope
from autograder.grading import GradeResult
from autograder.report.page import checks_csv
from autograder.report.summary import summarize
from autograder.text_safety import csv_cell, html_text, markdown, printable, rich_text, terminal

ROOT = Path(__file__).resolve().parents[1]
HONEST = ROOT / "course_data" / "sample_submissions" / "ada.py"
SECRET = "TOPSECRET_4f2a"
TITLE, CLEAR = "\x1b]0;pwned\x07", "\x1b[2J"
LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = ("[bold red]BOLD[/bold red] <script>alert(1)</script> <img src=x onerror=alert(2)> "
           f"[x](javascript:alert(3)) <javascript:alert(4)> {TITLE}{CLEAR}{LINK} "
           "=cmd|' /C calc'!A0 \u202egnp.exe")
MARKUP = "[bold red]BOLD[/bold red]"


def rendered(markdown_text: str) -> str:
    """What a CommonMark renderer (raw HTML allowed, as on many sites) makes of the text."""
    return MarkdownIt("commonmark").render(markdown_text)


def assert_inert_html(page: str) -> None:
    assert "<script" not in page.lower()
    assert not re.search(r"<img[^>]*onerror", page, re.IGNORECASE)
    assert not re.search(r"""<[a-z]+[^>]*\s(href|src)\s*=\s*["']?\s*javascript:""", page,
                         re.IGNORECASE)
    assert "\x1b" not in page and "\x07" not in page and "\u202e" not in page


def hostile_result(student: str = "=HYPERLINK(\"http://x\")") -> GradeResult:
    failed = CheckResult(name="sigmoid_values", stage=1, points=0, max_points=2, passed=False,
                         message=f"`sigmoid` raised ValueError: {HOSTILE}", mistake=None,
                         visibility="visible", description="sigmoid at known points")
    return GradeResult(student=student, content_hash="0" * 64, stages=(1,), checks=[failed],
                       notes=[f"work.py: code cell 2 was skipped: {HOSTILE}"])


# --- the shared module ------------------------------------------------------------------------

def test_printable_shows_control_characters_as_escapes():
    assert printable(TITLE + CLEAR) == "\\x1b]0;pwned\\x07\\x1b[2J"
    assert printable("a\u202eb\udcffc\r\nd\te") == "a\\u202eb\\udcffc\nd e"
    assert terminal("two\nlines\x08 \x9b") == "two lines\\x08 \\x9b"
    assert all(ch >= " " for ch in terminal(HOSTILE))


def test_rich_text_is_never_read_as_markup():
    console = Console(file=io.StringIO(), width=300, color_system=None)
    console.print(rich_text(HOSTILE))
    shown = console.file.getvalue()
    assert MARKUP in shown and "\x1b" not in shown


@pytest.mark.parametrize("text", [HOSTILE, "# heading", "1. list", "> quote", "---",
                                  "<a href='javascript:x'>y</a>", "![i](javascript:z)",
                                  "&lt;script&gt;", "`code` and <b>bold</b>"])
def test_markdown_shows_the_text_and_no_markup(text):
    html = rendered(markdown(text))
    assert_inert_html(html)
    assert not re.search(r"<(h1|ol|blockquote|hr|a|b|img)\b", html)


def test_markdown_keeps_code_spans_and_the_words():
    html = rendered(markdown("`sigmoid(0)` returned <0.7> & more"))
    assert "<code>sigmoid(0)</code>" in html and "&lt;0.7&gt; &amp; more" in html


def test_html_text_escapes_and_keeps_code_spans():
    assert html_text("`x` <script>\x1b") == "<code>x</code> &lt;script&gt;\\x1b"
    assert html_text('" onmouseover="y') == "&quot; onmouseover=&quot;y"


@pytest.mark.parametrize("value, cell", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=x", "'\t=x"), ("\r=x", "'\r=x"), ("  =x", "'  =x"), ("alice", "alice"),
    (44, 44), (-3, -3), (0.5, 0.5), ("", "")])
def test_csv_cells_cannot_become_formulas(value, cell):
    assert csv_cell(value) == cell


# --- each output ------------------------------------------------------------------------------

def test_feedback_markdown_and_html_are_inert():
    result = hostile_result()
    assert_inert_html(rendered(render_markdown(result)))
    page = render_html(result)
    assert_inert_html(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, not dropped


def test_results_json_outputs_are_escaped_markdown():
    data = to_gradescope(hostile_result())
    assert_inert_html(rendered(data["output"]))
    assert all(not rendered(t["output"]).count("<script") for t in data["tests"])
    assert "\x1b" not in json.dumps(data, ensure_ascii=False).replace("\\u001b", "")


def test_gradebook_and_checks_csv_cells_are_text_not_formulas():
    results = [hostile_result(), hostile_result("-2+3"), hostile_result("bob")]
    rows = list(csv.reader(io.StringIO(gradebook_csv(results))))
    assert [row[0] for row in rows] == ["student", "'=HYPERLINK(\"http://x\")", "'-2+3", "bob"]
    assert rows[1][1:] == ["0", "2", "0"]  # numbers stay numbers
    for row in csv.reader(io.StringIO(checks_csv(summarize(results)))):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


def test_the_terminal_table_prints_no_escape_codes_and_no_markup():
    console = Console(file=io.StringIO(), width=250, color_system=None)
    console.print(results_table([hostile_result(f"eve{TITLE}")]))
    shown = console.file.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert MARKUP in shown and "eve\\x1b]0;pwned\\x07" in shown


# --- the real command on a hostile class -------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    """A class graded by `scratchnet grade`: (out folder, printed text, gradebook CSV text)."""
    tmp = tmp_path_factory.mktemp("inert")
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET} = 1\n")
    shutil.copy(HONEST, outside / "solution.py")
    cls = tmp / "class"
    cls.mkdir()
    shutil.copy(HONEST, cls / "ada.py")
    (cls / "copycat.py").symlink_to("ada.py")  # a classmate's file
    (cls / "sol.py").symlink_to(outside / "solution.py")  # a solution outside the class
    (cls / "sneak").mkdir()
    (cls / "sneak" / "work.py").symlink_to(outside / "secret.txt")  # a secret file
    (cls / "sneak2").symlink_to(outside)  # a folder
    (cls / f"{TITLE}<img src=x onerror=alert(1)>[bold red]BOLD.py").write_text(
        f"def sigmoid(z):\n    raise ValueError({HOSTILE!r})\n\n"
        f"def sigmoid_derivative(z):\n    raise ValueError({HOSTILE!r})\n")
    (cls / "eve").mkdir()
    name = LINK.replace("http://", "") + "<script>alert(5)<script>.py"  # no "/" in a name
    (cls / "eve" / name).write_bytes(b"\xff\xfe not text")
    (cls / f"=cmd@{CLEAR}.py").write_text("x = 1\n")
    out = tmp / "out"
    console_out = io.StringIO()
    with contextlib.redirect_stdout(console_out), contextlib.redirect_stderr(console_out):
        code = main(["grade", str(cls), "--out", str(out), "--workers", "2", "--stage", "1"])
        csv_out = io.StringIO()
        with contextlib.redirect_stdout(csv_out):
            again = main(["grade", str(cls), "--out", str(out), "--stage", "1", "--resume",
                          "--format", "csv"])
    assert code == again == 0
    return out, console_out.getvalue(), csv_out.getvalue()


def output_files(out: Path) -> list[Path]:
    return [Path(folder) / name for folder, _, names in os.walk(out) for name in names]


@pytest.mark.sandbox
@pytest.mark.slow
def test_a_linked_file_or_folder_lets_nothing_out(hostile_class):
    out, printed, csv_text = hostile_class
    files = output_files(out)
    assert {p.name for p in files} >= {"feedback.md", "feedback.html", "results.json",
                                       "report.html", "gradebook.csv"}
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in printed and SECRET not in csv_text
    scores = {p.parent.name: json.loads(p.read_text())["score"]
              for p in out.glob("*/results.json")}
    assert scores["ada"] == 10  # stage 1 in full
    assert scores["copycat"] == scores["sol"] == scores["sneak"] == scores["sneak2"] == 0
    assert "symbolic link" in (out / "sneak2" / "feedback.md").read_text()


@pytest.mark.sandbox
@pytest.mark.slow
def test_every_written_page_is_inert(hostile_class):
    out, _, _ = hostile_class
    for path in output_files(out):
        if path.name == "feedback.md":
            assert_inert_html(rendered(path.read_text()))
        elif path.suffix == ".html":
            assert_inert_html(path.read_text())
        elif path.name == "results.json":
            data = json.loads(path.read_text())
            assert_inert_html(rendered(data["output"]))
            for test in data["tests"]:
                assert_inert_html(rendered(test["output"]))
    hostile = next(p for p in out.glob("*/results.json") if "onerror" in p.parent.name)
    assert "raised ValueError" in hostile.read_text()  # the message is there, escaped
    page = (out / "report.html").read_text()
    assert "&lt;script&gt;alert(5)&lt;script&gt;" in page  # the unreadable file, named


@pytest.mark.sandbox
@pytest.mark.slow
def test_the_terminal_gets_no_escape_codes_and_no_markup(hostile_class):
    _, printed, _ = hostile_class
    assert "\x1b" not in printed and "\x07" not in printed and "\u202e" not in printed
    assert MARKUP in printed  # shown as the student wrote it, not as bold red


@pytest.mark.sandbox
@pytest.mark.slow
def test_the_gradebook_has_no_formula(hostile_class):
    out, _, csv_text = hostile_class
    for text in (csv_text, (out / "gradebook.csv").read_text(),
                 (out / "checks.csv").read_text()):
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1
        for row in rows:
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_feedback_markdown_escapes_descriptions_as_it_escapes_messages():
    failed = CheckResult(name="feedforward_values", stage=2, points=0, max_points=3,
                         passed=False, message="Y_hat is wrong", mistake=None,
                         visibility="visible", description="Y_hat = sigmoid(A1 @ W2) matches")
    result = GradeResult(student="s", content_hash="0" * 64, stages=(2,), checks=[failed],
                         notes=[], execution_time=0.0)
    line = next(x for x in render_markdown(result).splitlines() if "feedforward_values" in x)
    assert "Y\\_hat = sigmoid" in line  # the description, escaped like the message below it
