"""Every HTML page the grader writes shows student text as text: the feedback page, the class
report (and its code-similarity section), the similarity report's pages and a check cell's
report in the notebook. The pages come from Jinja2 templates with autoescape
(autograder/templating.py); these tests read each page back with an HTML parser and look
at what a browser would build: no element or attribute of the student's, and the student's
text, markup characters and template-like braces included, shown as written."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from autograder.checks.runner import CheckResult
from autograder.feedback.figures import Figure
from autograder.feedback.html import render_html
from autograder.grading import GradeResult

#: Markup, an attribute break-out, and what a template or str.format would read as a field.
EVIL = "<script>alert(1)</script><i>{mark}</i> {{ 7*7 }} {% if 1 %} \" onmouseover=\"x"
#: A student name: no "/" (it is a file name).
EVIL_NAME = "eve<script>alert(2)<script><img src=x onerror=alert(3)>{mark}"
#: Tags a student's text would bring in if it were not escaped.
STUDENT_TAGS = {"script", "i", "img"}


class Page(HTMLParser):
    """The elements, attributes and visible text of a page as a browser would parse it."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.chunks: list[str] = []
        self._in_style = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def assert_shown_as_text(page: str, *texts: str, images: int = 0) -> Page:
    """No element or event attribute of the student's; each of `texts` shown as written."""
    parsed = Page(page)
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & STUDENT_TAGS - ({"img"} if images else set()), tags
    assert sum(tag == "img" for tag, _ in parsed.tags) == images
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "img":
            assert attrs["src"].startswith("data:image/png;base64,")
    for text in texts:
        assert text in parsed.text, text
    return parsed


def hostile_result(student: str = EVIL_NAME) -> GradeResult:
    checks = [
        CheckResult(name="sigmoid_values", stage=1, points=0, max_points=2, passed=False,
                    message=f"`np.exp` said: {EVIL}", mistake="sigmoid_sign_flipped",
                    visibility="visible", description=f"a description {EVIL}"),
        CheckResult(name="sigmoid_shape", stage=1, points=1, max_points=1, passed=True,
                    message="", mistake=None, visibility="hidden")]
    return GradeResult(student=student, content_hash="0" * 64, stages=(1,), checks=checks,
                       notes=[f"work.py: code cell 2 was skipped: {EVIL}"])


def test_the_feedback_page_shows_student_text_as_text():
    figure = Figure(stage=1, title="sigmoid on [-10, 10]",
                    caption=f"measured: {EVIL}", png=b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    page = render_html(hostile_result(), [figure])
    parsed = assert_shown_as_text(page, EVIL, EVIL_NAME, images=1)
    assert parsed.text.count(EVIL) == 4  # the message, the note, the description, the caption
    assert "<code>np.exp</code>" in page  # a `code span` is still shown as code


def test_a_translation_is_text_too(monkeypatch):
    """What tr() gives is escaped like any other text (the "passed"/"FAILED" mark of a check
    was put into the page unescaped)."""
    from autograder.feedback import html as feedback_html

    def marked_up(message, **values):
        return "<i>" + message.format(**values) + "</i>"

    monkeypatch.setattr(feedback_html, "tr", marked_up)
    page = render_html(hostile_result("amy"))
    assert_shown_as_text(page, "<i>FAILED</i>", "<i>passed</i>", "<i>Score: 1 / 3</i>")


def test_the_class_report_shows_student_text_as_text(monkeypatch):
    from autograder.report import page as report_page
    from autograder.report.page import render_report
    from autograder.report.summary import summarize

    results = [hostile_result(), hostile_result("bo")]
    summary = summarize(results, [(EVIL_NAME + "2", f"the grader failed: {EVIL}")])
    page = render_report(summary, {}, {"gradebook": 'gradebook.csv" onclick="x'}, 1.0)
    parsed = assert_shown_as_text(page, EVIL_NAME, f"the grader failed: {EVIL}")
    assert ("a", {"href": 'gradebook.csv" onclick="x'}) in parsed.tags

    monkeypatch.setattr(report_page, "tr", lambda message, **values:
                        "<i>" + message.format(**values) + "</i>")
    page = render_report(summary, {}, {}, 1.0)
    assert_shown_as_text(page, "<i>Class report</i>", "<i>students graded</i>")


def test_the_report_similarity_section_shows_its_summary_as_text(tmp_path):
    from autograder.report.page import render_report
    from autograder.report.similarity import SIMILARITY_DIR, similarity_section
    from autograder.report.summary import summarize

    link = 'pairs/x"><script>alert(4)</script>.html'
    folder = tmp_path / SIMILARITY_DIR
    folder.mkdir()
    (folder / "summary.json").write_text(json.dumps({
        "students": 2, "stages": [1], "flagged": 1, "shown": [
            {"a": EVIL_NAME, "b": EVIL, "rank": 1, "score": 3.0, "similarity": 0.9,
             "flagged": True, "page": link,
             "stages": {"1": {"similarity": 0.9, "flagged": True}}}]}))
    section = similarity_section(tmp_path)
    page = render_report(summarize([hostile_result("bo")]), {}, {}, None, [section])
    parsed = assert_shown_as_text(page, f"{EVIL_NAME} & {EVIL}", "Code similarity")
    assert ("a", {"href": f"{SIMILARITY_DIR}/{link}"}) in parsed.tags  # one attribute, whole


@pytest.fixture(scope="module")
def hostile_similarity(tmp_path_factory):
    """Two students with the same code holding a hostile string, then given hostile names
    (discovery makes file names safe ids; the pages must not count on it), and a note."""
    import dataclasses

    from autograder.loading import discover
    from autograder.similarity import compare_submissions

    code = ("import numpy as np\n\n\ndef backprop(X, Y, W1, W2):\n"
            f"    note = {EVIL!r}\n"
            + "\n".join(f"    X{i} = np.tanh(X @ W1 + {i}) * (W2.T @ Y.T) - {i}"
                        for i in range(8)) + "\n    return X0, note\n")
    root = tmp_path_factory.mktemp("class")
    for name in ("amy", "bo"):
        (root / f"{name}.py").write_text(code)
    result = compare_submissions(discover([root]))
    names = {"amy": EVIL_NAME, "bo": "bo{mark}"}
    pairs = [dataclasses.replace(p, a=names[p.a], b=names[p.b]) for p in result.pairs]
    return dataclasses.replace(
        result, students=[names[s] for s in result.students], pairs=pairs,
        fingerprints={(names[s], stage): f for (s, stage), f in result.fingerprints.items()},
        notes=[f"cy.py: not read: {EVIL}"])


def test_the_similarity_pages_show_names_and_code_as_text(hostile_similarity):
    from autograder.similarity import pair_page_names
    from autograder.similarity.page import render_index, render_pair

    result = hostile_similarity
    assert len(result.pairs) == 1 and result.flagged
    pages = pair_page_names(result.pairs)
    index = render_index(result, None, pages)
    parsed = assert_shown_as_text(index, f"{EVIL_NAME} & bo{{mark}}", f"cy.py: not read: {EVIL}")
    assert [attrs["href"] for tag, attrs in parsed.tags if tag == "a"] == list(pages.values())
    pair = render_pair(result, result.pairs[0])
    parsed = assert_shown_as_text(pair, f"{EVIL_NAME} and bo{{mark}}", f"note = {EVIL!r}")
    assert ("mark", {}) in parsed.tags  # the shared code is marked, and only escaped text is


def test_a_check_cells_report_shows_student_text_as_text():
    from autograder import notebook_checks

    report = notebook_checks.Report(["sigmoid"], hostile_result().checks, "en", [EVIL])
    assert_shown_as_text(report.html(), f"`np.exp` said: {EVIL}".replace("`", ""), EVIL)


def test_the_templates_ship_with_the_package():
    """pyproject's package data takes the templates (an installed wheel renders pages)."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    data = tomllib.loads((root / "pyproject.toml").read_text())
    globs = data["tool"]["setuptools"]["package-data"]["autograder"]
    templates = sorted((root / "autograder" / "templates").iterdir())
    assert templates
    for path in templates:
        assert any(path.match(f"autograder/{pattern}") for pattern in globs), path.name
