"""A student's feedback as one self-contained HTML page: scores, checks, hints and figures.

    render_html(result, figures=()) -> str
    write_feedback_html(folder, result, submission=None, limits=None, figures=None) -> Path

The page (templates/feedback.html) has inline CSS and its figures as base64 PNG data URIs:
no script, no external asset, so it opens offline and can be mailed or uploaded as it is.
Like the Markdown, it holds only what the grader observed (check descriptions, messages,
hints, measured values), never the reference solution's code and never a check's source.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from autograder.checks.runner import CheckResult
from autograder.feedback.figures import Figure
from autograder.grading import GradeResult
from autograder.hints import hint_text, mistake_label
from autograder.i18n import html_lang, language, stage_title, tr
from autograder.loading import Submission
from autograder.sandbox import Limits
from autograder.templating import render
from autograder.text_safety import terminal

FEEDBACK_HTML_NAME = "feedback.html"

log = logging.getLogger("autograder.feedback")

def render_html(result: GradeResult, figures: Sequence[Figure] = ()) -> str:
    """The whole feedback page for one student, in the result's language."""
    with language(result.lang):
        return _render(result, figures)


def _render(result: GradeResult, figures: Sequence[Figure]) -> str:
    """templates/feedback.html, every sentence translated here (gettext reads Python)."""
    heading = tr("Feedback for {student}", student=result.student)
    return render("feedback.html", page="feedback", lang=html_lang(), title=terminal(heading),
                  heading=heading,
                  score=tr("Score: {score} / {max_score}", score=result.score,
                           max_score=result.max_score),
                  words={"notes": tr("Notes on your submission"), "stage": tr("stage"),
                         "points": tr("points")},
                  stage_rows=[_stage_row(result, stage) for stage in result.stages],
                  notes=result.notes,  # what the code says, what loading left out: first
                  stages=[{"heading": tr("Stage {stage}: {title}", stage=stage,
                                         title=stage_title(stage)),
                           "figures": [_figure(f) for f in figures if f.stage == stage],
                           "checks": [_check(c) for c in result.checks if c.stage == stage]}
                          for stage in result.stages])


def _stage_row(result: GradeResult, stage: int) -> dict:
    points, possible = result.stage_score(stage)
    return {"stage": stage, "title": stage_title(stage), "points": points,
            "possible": possible, "percent": 100 * points / possible if possible else 0}


def _check(check: CheckResult) -> dict:
    """One check's item: its mark, and for a failure the message and the mistake's hint
    (once per mistake: `repeats` says an earlier check explained it)."""
    explain = not check.passed and check.mistake and not check.repeats
    return {"passed": check.passed, "mark": tr("passed") if check.passed else tr("FAILED"),
            "points": check.points, "max_points": check.max_points, "name": check.name,
            "hidden": tr("(hidden check)") if check.visibility == "hidden" else "",
            "title": check.description or check.name,
            "message": None if check.passed else check.message,
            "likely": tr("Likely mistake: {mistake}.", mistake=mistake_label(check.mistake))
            if explain else "",
            "hint": hint_text(check.mistake) if explain else ""}


def _figure(figure: Figure) -> dict:
    return {"png": figure.png, "title": figure.title,
            "caption_title": tr("{title}.", title=figure.title), "caption": figure.caption}


def write_feedback_html(folder: Path, result: GradeResult, submission: Submission | None = None,
                        limits: Limits | None = None,
                        figures: Sequence[Figure] | None = None) -> Path:
    """Write `<folder>/feedback.html` atomically and return the path written.

    figures: the page's figures, drawn already (the batch draws them in the worker that
    graded the student). Without them, figures need `submission` (re-run in a fresh
    sandbox); without either the page has none.
    """
    from autograder.atomic import write_text_atomic

    if figures is None:
        figures = []
        if submission is not None:
            from autograder.feedback.figures import figures_for
            from autograder.feedback.observe import observe

            try:
                figures = figures_for(observe(submission, result, limits))
            except Exception as error:  # a figure is never worth losing the page
                log.warning("feedback figures for %s could not be drawn: %s", result.student,
                            error)
    path = Path(folder) / FEEDBACK_HTML_NAME
    write_text_atomic(path, render_html(result, figures))
    return path
