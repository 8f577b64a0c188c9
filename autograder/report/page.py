"""The class report as one HTML page (inline CSS, figures as data URIs) and the per-check CSV.

The page is templates/report.html, escaped by Jinja2 (student names, messages and notes with
their `code spans` through `templating.code`); CSV cells by `text_safety.csv_cell`.
"""

from __future__ import annotations

import csv
import io
import statistics

from markupsafe import Markup

from autograder.hints import mistake_label
from autograder.i18n import html_lang, listed, stage_title, tr
from autograder.report.summary import ClassSummary
from autograder.templating import render
from autograder.text_safety import csv_cell


def render_report(summary: ClassSummary, images: dict[str, bytes], files: dict[str, str],
                  wall_time: float | None = None, sections: list[Markup] = ()) -> str:
    """The report page (templates/report.html). images: figure key -> PNG bytes (keys
    "overall", "stages", "checks", "mistakes"); files: label -> relative file name of the CSVs
    and PNGs saved beside it; sections: more HTML sections (code similarity) as Markup (a
    plain string is shown as text), put before the grading time.

    The text is translated here, in the order the page shows it."""
    words = _words()
    return render("report.html", page="report", lang=html_lang(), title=tr("Class report"),
                  stats=_stats(summary), files=list(files.items()), words=words,
                  images={key: {"png": png, "alt": words[f"{key}_figure"]}
                          for key, png in images.items()},
                  stage_table=_stage_table(summary), check_table=_check_table(summary),
                  mistake_table=_mistake_table(summary), problem_heads=_problem_heads(),
                  load_problems=summary.load_problems, timeouts=summary.timeouts,
                  failures=summary.failures, sections=[s for s in sections if s],
                  times=_times(summary, wall_time), single=len(summary.results) == 1)


def _stats(summary: ClassSummary) -> list[tuple[str, str]]:
    """The header's counts: (value, label) pairs."""
    results = summary.results
    percentages = summary.percentages
    return [
        (str(len(results)), tr("students graded")),
        (f"{statistics.fmean(percentages):.0f}%" if results else "-", tr("mean score")),
        (f"{statistics.median(percentages):.0f}%" if results else "-", tr("median score")),
        (str(sum(r.score == r.max_score > 0 for r in results)), tr("full marks")),
        (str(sum(r.score == 0 for r in results)), tr("zero")),
        (str(len({student for student, _ in summary.load_problems})),
         tr("code that did not load (or lost cells)")),
        (str(len({student for student, _ in summary.timeouts})),
         tr("timed out or out of memory")),
        (str(len(summary.failures)), tr("the grader could not grade"))]


def _words() -> dict[str, str]:
    """The page's headings, its figures' descriptions and its sentences."""
    return {
        "files": tr("Files:"), "scores": tr("Scores"),
        "no_figures": tr("The class figures are drawn for two or more students."),
        "overall_figure": tr("histogram of total scores"),
        "stages_figure": tr("histograms of points per stage"),
        "checks": tr("Pass rate of every check"), "checks_figure": tr("pass rate of every check"),
        "mistakes": tr("Most common named mistakes"),
        "mistakes_figure": tr("most common named mistakes"),
        "load_problems": tr("Submissions that failed to load (or lost cells)"),
        "all_loaded": tr("Every submission loaded."),
        "timeouts": tr("Submissions that timed out or ran out of memory"),
        "no_timeout": tr("No submission reached a time or memory limit."),
        "failures": tr("Submissions the grader could not grade"),
        "grading_time": tr("Grading time")}


def _stage_table(summary: ClassSummary) -> dict:
    """heads: (text, numeric) per column; rows: one per stage."""
    rows = []
    for stage, scores in summary.stage_scores.items():
        rows.append({"stage": stage, "title": stage_title(stage), "students": len(scores),
                     "mean": statistics.fmean(pts for _, pts, _ in scores),
                     "possible": max(p for _, _, p in scores),
                     "full": sum(pts == p > 0 for _, pts, p in scores),
                     "zero": sum(pts == 0 for _, pts, _ in scores)})
    return {"heads": [(tr("stage"), False), (tr("students"), True), (tr("mean points"), True),
                      (tr("full marks"), True), (tr("zero"), True)], "rows": rows}


def _check_table(summary: ClassSummary) -> dict:
    heads = [(tr("stage"), False), (tr("check"), False), (tr("points"), True),
             (tr("passed"), True), (tr("pass rate"), True), (tr("mistakes named"), False)]
    return {"heads": heads, "hidden": tr(" (hidden)"), "rows": [
        {"stage": c.stage, "name": c.name, "hidden": c.visibility == "hidden",
         "max_points": c.max_points, "passed": c.passed, "graded": c.graded,
         "pass_rate": c.pass_rate,
         "named": listed(tr("{mistake} ({count})", mistake=mistake_label(m), count=n)
                         for m, n in c.mistakes.most_common())}
        for c in summary.checks]}


def _mistake_table(summary: ClassSummary) -> dict:
    """none: what the page says when no mistake was named."""
    return {"none": tr("No named mistake was found."),
            "heads": [(tr("mistake"), False), (tr("students"), True), (tr("who"), False)],
            "rows": [{"label": mistake_label(mistake), "count": len(students),
                      "who": listed(students)}
                     for mistake, students in summary.mistakes.items()]}


def _problem_heads() -> list[tuple[str, bool]]:
    """The columns of the tables of submissions that did not load, timed out or failed."""
    return [(tr("student"), False), (tr("what happened"), False)]


def _times(summary: ClassSummary, wall_time: float | None) -> list[tuple[str, str, str | None]]:
    """The grading time's rows: (label, seconds, the slowest students or None)."""
    stats = summary.time_stats()
    slowest = sorted(summary.results, key=lambda r: -r.execution_time)[:3]
    rows = [(tr("sum over submissions"), f'{stats["total"]:.1f}', None),
            (tr("mean per submission"), f'{stats["mean"]:.2f}', None),
            (tr("median per submission"), f'{stats["median"]:.2f}', None),
            (tr("slowest"), f'{stats["max"]:.2f}',
             listed(tr("{student} ({seconds:.2f} s)", student=r.student,
                       seconds=r.execution_time) for r in slowest))]
    if wall_time is not None:
        rows.append((tr("whole batch (wall clock)"), f"{wall_time:.1f}", None))
    return rows


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
