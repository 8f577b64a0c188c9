"""A Chinese submission is graded like the same code in English, and told everything in Chinese.

The notebooks are the real stage-1 source notebooks of both courses (answers filled in, as
nbgrader's source/ holds them); a second copy of each has the catalogued mistake
`low_precision` (a float32 sigmoid), which the precision probe diagnoses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {"zh": ROOT / "assignments" / "zh" / "source" / "01_sigmoid" / "01_sigmoid.ipynb",
           "en": ROOT / "assignments" / "source" / "01_sigmoid" / "01_sigmoid.ipynb"}
#: The low_precision mistake (tests/mistakes/low_precision.py) as a solution body.
FLOAT32_SIGMOID = ("    z = np.asarray(z, dtype=np.float32)\n"
                   "    return 1.0 / (np.float32(1.0) + np.exp(-z))\n")
SOLUTION = re.compile(r"(### BEGIN SOLUTION\n).*?\s*### END SOLUTION", re.S)
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Three or more English words in a row, outside `code spans`: an English sentence.
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,;:']+[A-Za-z]{2,}){2,}\b")


def _notebook(lang: str, body: str | None) -> dict:
    notebook = json.loads(SOURCES[lang].read_text(encoding="utf-8"))
    if body is not None:
        for cell in notebook["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and source.startswith("def sigmoid(z)"):
                cell["source"] = SOLUTION.sub(
                    lambda m: m.group(1) + body + "    ### END SOLUTION", source, count=1)
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from autograder.grading import grade_submission
    from autograder.loading import discover

    root = tmp_path_factory.mktemp("class")
    for lang in SOURCES:
        for who, body in (("right", None), ("wrong", FLOAT32_SIGMOID)):
            folder = root / f"{who}_{lang}"
            folder.mkdir()
            (folder / "01_sigmoid.ipynb").write_text(json.dumps(_notebook(lang, body)),
                                                     encoding="utf-8")
    # The run's default is English: the Chinese notebooks' metadata must win.
    return {s.student: grade_submission(s, lang="en") for s in discover([root])}


def english_left(text: str) -> list[str]:
    """English word runs in `text` outside code spans (identifiers and numbers pass)."""
    return ENGLISH_RUN.findall(re.sub(r"`[^`]*`", "", text))


def test_the_float32_sigmoid_is_the_catalogued_mistake():
    assert "np.float32" in "".join(c for cell in _notebook("zh", FLOAT32_SIGMOID)["cells"]
                                   for c in cell["source"])


@pytest.mark.sandbox
@pytest.mark.slow
def test_same_points_as_the_same_code_in_english(graded):
    assert {r.lang for s, r in graded.items() if s.endswith("_zh")} == {"zh"}
    assert {r.lang for s, r in graded.items() if s.endswith("_en")} == {"en"}
    for who in ("right", "wrong"):
        zh, en = graded[f"{who}_zh"], graded[f"{who}_en"]
        assert [(c.name, c.points, c.max_points, c.passed, c.mistake) for c in zh.checks] == \
               [(c.name, c.points, c.max_points, c.passed, c.mistake) for c in en.checks]
    assert graded["right_zh"].score == graded["right_zh"].max_score > 0
    wrong = graded["wrong_zh"]
    assert 0 < wrong.score < wrong.max_score
    assert "low_precision" in {c.mistake for c in wrong.checks}


@pytest.mark.sandbox
@pytest.mark.slow
def test_every_message_of_the_chinese_feedback_is_chinese(graded):
    from autograder.feedback.markdown import render_markdown

    text = render_markdown(graded["wrong_zh"])
    assert "float32" in text and "单精度" in text  # the probe's sentence and its hint
    assert "代码单元格 7 被跳过" in text  # the sandbox's note about the failing visible check
    assert english_left(text) == [], text
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("|")]
    assert all(CJK.search(line) for line in lines), [x for x in lines if not CJK.search(x)]
    english = render_markdown(graded["wrong_en"])
    assert english_left(english)  # the detector does see English


def test_the_detector_lets_identifiers_and_numbers_through():
    assert english_left("你的 `sigmoid_values` 是 float32 精度：dW2 = A1.T @ dZ2，1e-7。") == []
    assert english_left("你的 sigmoid is wrong here") == ["sigmoid is wrong here"]


@pytest.mark.parametrize("note", [
    "cell 3 skipped: ZeroDivisionError: division by zero (line 2)",
    "cell 3 skipped: SyntaxError: invalid syntax",
    "cell 3 skipped: line 22 is nested too deeply for Python to compile (blocks or expressions "
    "inside one another too many levels deep)",
    "cell 3 skipped: it is nested too deeply for Python to compile (blocks or expressions "
    "inside one another too many levels deep)",
    "cell 3 skipped: still running after 10 s and could not be interrupted",
    "cell 3 skipped: it stopped the program (it exited with status 3)",
    "cell 3 skipped: it stopped the program (it ran out of memory (its processes may use 2 GiB "
    "together))",
    "cell 3 skipped: it stopped the program (it was killed by signal 9 (SIGKILL))",
    "cell 3 skipped: it stopped the program (it used up its CPU time limit of 30 s)",
    "cell 3 stopped: it called exit() (sys.exit), which grading ignores",
    "cell 3 stopped: still running after 2.5 s (an endless loop?)",
    "cell 3 was still running when the submission's time ran out",
    "the program stopped while loading (the submission used up its time limit of 60 s)",
    "loading failed: the program sent an invalid message",
])
def test_every_form_of_sandbox_note_is_said_in_chinese(note):
    from autograder.i18n import language
    from autograder.i18n.notes import say_note

    with language("zh"):
        said = say_note(note, "代码单元格 7")
    assert said is not None and CJK.search(said)
    # Python's own words about the student's error are data; everything else is Chinese.
    assert set(english_left(said)) <= {"ZeroDivisionError: division by zero",
                                       "SyntaxError: invalid syntax"}
    with language("en"):
        assert say_note(note, "cell 3") == note  # English: the note exactly as written


def test_the_class_report_sorts_chinese_notes_as_english_ones():
    from autograder.grading import GradeResult
    from autograder.i18n import language
    from autograder.i18n.notes import say_note
    from autograder.report.summary import summarize

    raw = ["cell 2 skipped: NameError: name 'x' is not defined (line 1)",
           "cell 3 stopped: still running after 2.5 s (an endless loop?)"]
    results = []
    for lang, student in (("zh", "李雷"), ("en", "lucy")):
        with language(lang):
            notes = [f"a.ipynb: {say_note(n, 'cell ' + n.split()[1])}" for n in raw]
        results.append(GradeResult(student=student, content_hash="0" * 64, stages=(1,),
                                   checks=[], notes=notes, lang=lang))
    summary = summarize(results)
    assert [s for s, _ in summary.load_problems] == ["李雷", "lucy"]
    assert [s for s, _ in summary.timeouts] == ["李雷", "lucy"]
    assert "被跳过" in summary.load_problems[0][1] and "skipped" in summary.load_problems[1][1]


@pytest.mark.sandbox
def test_a_call_that_runs_too_long_is_told_in_chinese():
    from autograder.i18n import language
    from autograder.i18n.notes import says_limit_reached
    from autograder.sandbox import Limits, Sandbox

    with language("zh"), Sandbox(["def sigmoid(z):\n    while True:\n        pass\n"],
                                 limits=Limits(call_timeout=0.5)) as impl:
        with pytest.raises(Exception) as caught:
            impl.sigmoid(0.0)
    message = getattr(caught.value, "student_message", None) or str(caught.value)
    assert "运行 0.5 秒后仍未结束" in message and "`sigmoid" in message, message
    assert says_limit_reached(message)
