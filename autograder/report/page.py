"""The class report as one HTML page (inline CSS, figures as data URIs) and the per-check CSV.

Student text (names, messages, notes) is escaped by `text_safety.html_text`, CSV cells by
`text_safety.csv_cell`.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import statistics

from autograder.hints import mistake_label
from autograder.i18n import html_lang, listed, stage_title, tr
from autograder.report.summary import ClassSummary
from autograder.text_safety import csv_cell, html_text

CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430;
       max-width: 1000px; margin: 2em auto; padding: 0 1em; }
h2 { margin-top: 1.8em; border-bottom: 1px solid #dde; }
table { border-collapse: collapse; margin: .8em 0; }
td, th { padding: .2em .7em; text-align: left; border-bottom: 1px solid #eef; vertical-align: top; }
td.num, th.num { text-align: right; }
.stats span { display: inline-block; margin-right: 1.6em; }
.stats b { font-size: 1.4em; display: block; }
figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #e3e5ea; }
code { background: #eef0f4; padding: 0 .25em; border-radius: 3px; }
.none { color: #666; }
"""


def render_report(summary: ClassSummary, images: dict[str, bytes], files: dict[str, str],
                  wall_time: float | None = None, sections: list[str] = ()) -> str:
    """The report page. images: figure key -> PNG bytes (keys "overall", "stages", "checks",
    "mistakes"); files: label -> relative file name of the CSVs and PNGs saved beside it;
    sections: more HTML sections (code similarity), put before the grading time."""
    results = summary.results
    percentages = summary.percentages
    title = html.escape(tr("Class report"))
    parts = ["<!DOCTYPE html>", f'<html lang="{html_lang()}"><head><meta charset="utf-8">',
             f"<title>{title}</title><style>{CSS}</style></head><body>",
             f"<h1>{title}</h1>", '<p class="stats">',
             _stat(tr("students graded"), str(len(results))),
             _stat(tr("mean score"), f"{statistics.fmean(percentages):.0f}%" if results else "-"),
             _stat(tr("median score"),
                   f"{statistics.median(percentages):.0f}%" if results else "-"),
             _stat(tr("full marks"), str(sum(r.score == r.max_score > 0 for r in results))),
             _stat(tr("zero"), str(sum(r.score == 0 for r in results))),
             _stat(tr("code that did not load (or lost cells)"),
                   str(len({student for student, _ in summary.load_problems}))),
             _stat(tr("timed out or out of memory"),
                   str(len({student for student, _ in summary.timeouts}))),
             _stat(tr("the grader could not grade"), str(len(summary.failures))), "</p>",
             "<p>" + html.escape(tr("Files:")) + " "
             + ", ".join(f'<a href="{html.escape(name)}">{html.escape(label)}</a>'
                         for label, name in files.items()) + "</p>"]
    parts += [_h2(tr("Scores")), _img(images, "overall", tr("histogram of total scores")),
              _img(images, "stages", tr("histograms of points per stage")),
              _stage_table(summary)]
    parts += [_h2(tr("Pass rate of every check")),
              _img(images, "checks", tr("pass rate of every check")), _check_table(summary)]
    parts += [_h2(tr("Most common named mistakes")),
              _img(images, "mistakes", tr("most common named mistakes")),
              _mistake_table(summary)]
    parts += [_h2(tr("Submissions that failed to load (or lost cells)")),
              _problem_table(summary.load_problems, tr("Every submission loaded."))]
    parts += [_h2(tr("Submissions that timed out or ran out of memory")),
              _problem_table(summary.timeouts,
                             tr("No submission reached a time or memory limit."))]
    if summary.failures:
        parts += [_h2(tr("Submissions the grader could not grade")),
                  _problem_table(summary.failures, "")]
    parts += [section for section in sections if section]
    parts += [_h2(tr("Grading time")), _time_table(summary, wall_time), "</body></html>"]
    return "\n".join(parts) + "\n"


def _h2(text: str) -> str:
    return f"<h2>{html.escape(text)}</h2>"


def _th(text: str, numeric: bool = False) -> str:
    """A header cell holding `text` (escaped)."""
    return f'<th class="num">{html.escape(text)}</th>' if numeric else \
        f"<th>{html.escape(text)}</th>"


def _stat(label: str, value: str) -> str:
    return f"<span><b>{html.escape(value)}</b>{html.escape(label)}</span>"


def _img(images: dict[str, bytes], key: str, alt: str) -> str:
    if key not in images:
        return ""
    data = base64.b64encode(images[key]).decode("ascii")
    return f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}"></figure>'


def _stage_table(summary: ClassSummary) -> str:
    rows = ["<table><tr>" + _th(tr("stage")) + _th(tr("students"), True)
            + _th(tr("mean points"), True) + _th(tr("full marks"), True)
            + _th(tr("zero"), True) + "</tr>"]
    for stage, scores in summary.stage_scores.items():
        possible = max(p for _, _, p in scores)
        mean = statistics.fmean(pts for _, pts, _ in scores)
        full = sum(pts == p > 0 for _, pts, p in scores)
        zero = sum(pts == 0 for _, pts, _ in scores)
        rows.append(f"<tr><td>{stage} {html.escape(stage_title(stage))}</td>"
                    f'<td class="num">{len(scores)}</td><td class="num">{mean:.1f} / '
                    f'{possible}</td><td class="num">{full}</td><td class="num">{zero}</td></tr>')
    rows.append("</table>")
    return "\n".join(rows)


def _check_table(summary: ClassSummary) -> str:
    rows = ["<table><tr>" + _th(tr("stage")) + _th(tr("check")) + _th(tr("points"), True)
            + _th(tr("passed"), True) + _th(tr("pass rate"), True) + _th(tr("mistakes named"))
            + "</tr>"]
    hidden = html.escape(tr(" (hidden)"))
    for c in summary.checks:
        named = html.escape(listed(tr("{mistake} ({count})", mistake=mistake_label(m), count=n)
                                   for m, n in c.mistakes.most_common()))
        rows.append(f"<tr><td>{c.stage}</td><td><code>{html.escape(c.name)}</code>"
                    f'{hidden if c.visibility == "hidden" else ""}</td>'
                    f'<td class="num">{c.max_points}</td><td class="num">{c.passed} / {c.graded}'
                    f'</td><td class="num">{100 * c.pass_rate:.0f}%</td><td>{named}</td></tr>')
    rows.append("</table>")
    return "\n".join(rows)


def _mistake_table(summary: ClassSummary) -> str:
    if not summary.mistakes:
        return '<p class="none">' + html.escape(tr("No named mistake was found.")) + "</p>"
    rows = ["<table><tr>" + _th(tr("mistake")) + _th(tr("students"), True) + _th(tr("who"))
            + "</tr>"]
    for mistake, students in summary.mistakes.items():
        rows.append(f"<tr><td>{html.escape(mistake_label(mistake))}</td>"
                    f'<td class="num">{len(students)}</td>'
                    f"<td>{html_text(listed(students))}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _problem_table(problems: list[tuple[str, str]], empty: str) -> str:
    if not problems:
        return f'<p class="none">{html.escape(empty)}</p>'
    rows = ["<table><tr>" + _th(tr("student")) + _th(tr("what happened")) + "</tr>"]
    rows += [f"<tr><td>{html_text(student)}</td><td>{html_text(what)}</td></tr>"
             for student, what in problems]
    rows.append("</table>")
    return "\n".join(rows)


def _time_table(summary: ClassSummary, wall_time: float | None) -> str:
    stats = summary.time_stats()
    slowest = sorted(summary.results, key=lambda r: -r.execution_time)[:3]
    def row(label: str, seconds: str) -> str:
        return f'<tr><td>{html.escape(label)}</td><td class="num">{seconds} s</td>'

    rows = ["<table>",
            row(tr("sum over submissions"), f'{stats["total"]:.1f}') + "</tr>",
            row(tr("mean per submission"), f'{stats["mean"]:.2f}') + "</tr>",
            row(tr("median per submission"), f'{stats["median"]:.2f}') + "</tr>",
            row(tr("slowest"), f'{stats["max"]:.2f}') + "<td>"
            + html_text(listed(tr("{student} ({seconds:.2f} s)", student=r.student,
                                  seconds=r.execution_time) for r in slowest))
            + "</td></tr>"]
    if wall_time is not None:
        rows.append(row(tr("whole batch (wall clock)"), f"{wall_time:.1f}") + "</tr>")
    rows.append("</table>")
    return "\n".join(rows)


def checks_csv(summary: ClassSummary) -> str:
    """One row per check: stage, check, visibility, points, graded, passed, pass_rate,
    mistakes ("name:count; ..."), description."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["stage", "check", "visibility", "points", "graded", "passed", "pass_rate",
                     "mistakes", "description"])
    for c in summary.checks:
        row = [c.stage, c.name, c.visibility, c.max_points, c.graded, c.passed,
               f"{c.pass_rate:.3f}", "; ".join(f"{m}:{n}" for m, n in c.mistakes.most_common()),
               c.description]
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()
