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

from autograder.loading import STAGES
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
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Class report</title><style>{CSS}</style></head><body>",
             "<h1>Class report</h1>", '<p class="stats">',
             _stat("students graded", str(len(results))),
             _stat("mean score", f"{statistics.fmean(percentages):.0f}%" if results else "-"),
             _stat("median score", f"{statistics.median(percentages):.0f}%" if results else "-"),
             _stat("full marks", str(sum(r.score == r.max_score > 0 for r in results))),
             _stat("zero", str(sum(r.score == 0 for r in results))),
             _stat("could not be graded", str(len(summary.failures))), "</p>",
             "<p>Files: " + ", ".join(f'<a href="{html.escape(name)}">{html.escape(label)}</a>'
                                       for label, name in files.items()) + "</p>"]
    parts += ["<h2>Scores</h2>", _img(images, "overall", "histogram of total scores"),
              _img(images, "stages", "histograms of points per stage"), _stage_table(summary)]
    parts += ["<h2>Pass rate of every check</h2>",
              _img(images, "checks", "pass rate of every check"), _check_table(summary)]
    parts += ["<h2>Most common named mistakes</h2>",
              _img(images, "mistakes", "most common named mistakes"), _mistake_table(summary)]
    parts += ["<h2>Submissions that failed to load (or lost cells)</h2>",
              _problem_table(summary.load_problems, "Every submission loaded.")]
    parts += ["<h2>Submissions that timed out or ran out of memory</h2>",
              _problem_table(summary.timeouts, "No submission reached a time or memory limit.")]
    if summary.failures:
        parts += ["<h2>Submissions the grader could not grade</h2>",
                  _problem_table(summary.failures, "")]
    parts += [section for section in sections if section]
    parts += ["<h2>Grading time</h2>", _time_table(summary, wall_time), "</body></html>"]
    return "\n".join(parts) + "\n"


def _stat(label: str, value: str) -> str:
    return f"<span><b>{html.escape(value)}</b>{html.escape(label)}</span>"


def _img(images: dict[str, bytes], key: str, alt: str) -> str:
    if key not in images:
        return ""
    data = base64.b64encode(images[key]).decode("ascii")
    return f'<figure><img alt="{alt}" src="data:image/png;base64,{data}"></figure>'


def _stage_table(summary: ClassSummary) -> str:
    rows = ['<table><tr><th>stage</th><th class="num">students</th>'
            '<th class="num">mean points</th><th class="num">full marks</th>'
            '<th class="num">zero</th></tr>']
    for stage, scores in summary.stage_scores.items():
        possible = max(p for _, _, p in scores)
        mean = statistics.fmean(pts for _, pts, _ in scores)
        full = sum(pts == p > 0 for _, pts, p in scores)
        zero = sum(pts == 0 for _, pts, _ in scores)
        rows.append(f"<tr><td>{stage} {html.escape(STAGES.get(stage, ''))}</td>"
                    f'<td class="num">{len(scores)}</td><td class="num">{mean:.1f} / '
                    f'{possible}</td><td class="num">{full}</td><td class="num">{zero}</td></tr>')
    rows.append("</table>")
    return "\n".join(rows)


def _check_table(summary: ClassSummary) -> str:
    rows = ['<table><tr><th>stage</th><th>check</th><th class="num">points</th>'
            '<th class="num">passed</th><th class="num">pass rate</th><th>mistakes named</th>'
            "</tr>"]
    for c in summary.checks:
        named = ", ".join(f"{html.escape(m.replace('_', ' '))} ({n})"
                          for m, n in c.mistakes.most_common())
        rows.append(f"<tr><td>{c.stage}</td><td><code>{html.escape(c.name)}</code>"
                    f'{" (hidden)" if c.visibility == "hidden" else ""}</td>'
                    f'<td class="num">{c.max_points}</td><td class="num">{c.passed} / {c.graded}'
                    f'</td><td class="num">{100 * c.pass_rate:.0f}%</td><td>{named}</td></tr>')
    rows.append("</table>")
    return "\n".join(rows)


def _mistake_table(summary: ClassSummary) -> str:
    if not summary.mistakes:
        return '<p class="none">No named mistake was found.</p>'
    rows = ['<table><tr><th>mistake</th><th class="num">students</th><th>who</th></tr>']
    for mistake, students in summary.mistakes.items():
        rows.append(f"<tr><td>{html.escape(mistake.replace('_', ' '))}</td>"
                    f'<td class="num">{len(students)}</td>'
                    f"<td>{html_text(', '.join(students))}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _problem_table(problems: list[tuple[str, str]], empty: str) -> str:
    if not problems:
        return f'<p class="none">{html.escape(empty)}</p>'
    rows = ["<table><tr><th>student</th><th>what happened</th></tr>"]
    rows += [f"<tr><td>{html_text(student)}</td><td>{html_text(what)}</td></tr>"
             for student, what in problems]
    rows.append("</table>")
    return "\n".join(rows)


def _time_table(summary: ClassSummary, wall_time: float | None) -> str:
    stats = summary.time_stats()
    slowest = sorted(summary.results, key=lambda r: -r.execution_time)[:3]
    rows = ["<table>",
            f'<tr><td>sum over submissions</td><td class="num">{stats["total"]:.1f} s</td></tr>',
            f'<tr><td>mean per submission</td><td class="num">{stats["mean"]:.2f} s</td></tr>',
            f'<tr><td>median per submission</td><td class="num">{stats["median"]:.2f} s'
            "</td></tr>",
            f'<tr><td>slowest</td><td class="num">{stats["max"]:.2f} s</td><td>'
            + html_text(", ".join(f"{r.student} ({r.execution_time:.2f} s)" for r in slowest))
            + "</td></tr>"]
    if wall_time is not None:
        rows.append(f'<tr><td>whole batch (wall clock)</td><td class="num">{wall_time:.1f} s'
                    "</td></tr>")
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
