"""A student's feedback as one self-contained HTML page: scores, checks, hints and figures.

    render_html(result, figures=()) -> str
    write_feedback_html(folder, result, submission=None, limits=None, figures=None) -> Path

The page has inline CSS and its figures as base64 PNG data URIs: no script, no external
asset, so it opens offline and can be mailed or uploaded as it is. Like the Markdown, it
holds only what the grader observed (check descriptions, messages, hints, measured values),
never the reference solution's code and never a check's source.
"""

from __future__ import annotations

import base64
import html
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
from autograder.text_safety import html_text, terminal

FEEDBACK_HTML_NAME = "feedback.html"

log = logging.getLogger("autograder.feedback")

CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430;
       max-width: 920px; margin: 2em auto; padding: 0 1em; }
h1 { margin-bottom: .2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #dde; }
.total { font-size: 1.6em; font-weight: 600; }
table.stages { border-collapse: collapse; margin: 1em 0; }
table.stages td, table.stages th { padding: .25em .8em; text-align: left; }
.bar { display: inline-block; width: 160px; height: .8em; background: #e8eaef;
       border-radius: 3px; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #3c8d5a; border-radius: 3px; }
ul.checks { list-style: none; padding: 0; }
ul.checks li { margin: .5em 0; padding: .5em .8em; border-left: 4px solid; border-radius: 3px; }
ul.checks li.pass { border-color: #3c8d5a; background: #f3faf5; }
ul.checks li.fail { border-color: #c0392b; background: #fdf3f2; }
.mark { font-weight: 700; } li.pass .mark { color: #2f7a4a; } li.fail .mark { color: #b03024; }
.points { float: right; color: #555; }
.message { margin: .3em 0 0 0; }
.hint { margin: .4em 0 0 0; padding: .4em .7em; background: #fff8e1; border-radius: 3px; }
.hidden-check { color: #666; font-size: .85em; }
code { background: #eef0f4; padding: 0 .25em; border-radius: 3px; font-size: .92em; }
figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #e3e5ea; }
figcaption { color: #444; font-size: .92em; }
"""


def render_html(result: GradeResult, figures: Sequence[Figure] = ()) -> str:
    """The whole feedback page for one student, in the result's language."""
    with language(result.lang):
        return _render(result, figures)


def _render(result: GradeResult, figures: Sequence[Figure]) -> str:
    parts = ["<!DOCTYPE html>", f'<html lang="{html_lang()}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>" + html.escape(terminal(tr("Feedback for {student}",
                                                 student=result.student))) + "</title>"
             f"<style>{CSS}</style></head><body>",
             "<h1>" + _text(tr("Feedback for {student}", student=result.student)) + "</h1>",
             '<p class="total">' + html.escape(tr("Score: {score} / {max_score}",
                                                  score=result.score,
                                                  max_score=result.max_score)) + "</p>"]
    if result.stages:
        parts.append(_stage_table(result))
    if result.notes:  # what the code says and what loading left out: before the checks
        parts.append("<h2>" + html.escape(tr("Notes on your submission")) + "</h2><ul>")
        parts += [f"<li>{_text(note)}</li>" for note in result.notes]
        parts.append("</ul>")
    for stage in result.stages:
        heading = tr("Stage {stage}: {title}", stage=stage, title=stage_title(stage))
        parts.append(f"<h2>{_text(heading)}</h2>")
        parts += [_figure(f) for f in figures if f.stage == stage]
        parts.append('<ul class="checks">')
        parts += [_check_item(c) for c in result.checks if c.stage == stage]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _stage_table(result: GradeResult) -> str:
    rows = ['<table class="stages"><tr><th>' + html.escape(tr("stage")) + "</th><th>"
            + html.escape(tr("points")) + "</th><th></th></tr>"]
    for stage in result.stages:
        points, possible = result.stage_score(stage)
        percent = 100 * points / possible if possible else 0
        rows.append(f"<tr><td>{stage} {_text(stage_title(stage))}</td>"
                    f"<td>{points} / {possible}</td><td><span class=\"bar\">"
                    f"<span style=\"width:{percent:.0f}%\"></span></span></td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _check_item(check: CheckResult) -> str:
    kind, mark = ("pass", tr("passed")) if check.passed else ("fail", tr("FAILED"))
    title = _text(check.description or check.name)
    hidden = (' <span class="hidden-check">' + html.escape(tr("(hidden check)")) + "</span>"
              if check.visibility == "hidden" else "")
    lines = [f'<li class="{kind}"><span class="points">{check.points} / {check.max_points}'
             f'</span><span class="mark">{mark}</span> <code>{html.escape(check.name)}</code>'
             f"{hidden}<br>{title}"]
    if not check.passed:
        lines.append(f'<p class="message">{_text(check.message)}</p>')
        if check.mistake and not check.repeats:
            hint = _text(hint_text(check.mistake))
            label = html.escape(tr("Likely mistake: {mistake}.",
                                   mistake=mistake_label(check.mistake)))
            lines.append(f'<p class="hint"><strong>{label}</strong> {hint}</p>')
    lines.append("</li>")
    return "\n".join(lines)


def _figure(figure: Figure) -> str:
    data = base64.b64encode(figure.png).decode("ascii")
    title = html.escape(tr("{title}.", title=figure.title))
    return (f'<figure><img alt="{html.escape(figure.title)}" '
            f'src="data:image/png;base64,{data}"><figcaption><strong>'
            f"{title}</strong> {_text(figure.caption)}</figcaption>"
            "</figure>")


def _text(text: str) -> str:
    """Escaped text with `backtick` spans shown as code (`text_safety.html_text`)."""
    return html_text(text)


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
