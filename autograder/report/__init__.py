"""The class report: one HTML page an instructor can act on, with its figures and CSVs.

    write_report(out_dir, results=None, failures=(), wall_time=None) -> Path

Written into the grading output folder, beside the students' folders:

    report.html            scores per stage and overall (histograms), pass rate of every
                           check, most common named mistakes and who made them, submissions
                           that failed to load or timed out, grading time
    report-overall.png     the figures, also embedded in the page as data URIs
    report-stages.png
    report-checks.png
    report-mistakes.png    (only when some mistake was named)
    gradebook.csv          one row per student, one column per check
    checks.csv             one row per check: pass rate and the mistakes named on it

and, when `<out>/_similarity/` holds a similarity report (`scratchnet grade` of two or more
students writes one), a section with its flagged pairs and a link to it.

The figures are drawn for a class of two or more: for one student they would repeat the
tables in bars (and cost the student who grades their own work a quarter of a second).

Without `results` the report is rebuilt from the folder's `<student>/results.json` files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from autograder.grading import GradeResult
from autograder.i18n import N_, current_language, language, tr
from autograder.report import figures
from autograder.report.page import checks_csv, render_report
from autograder.report.similarity import similarity_section
from autograder.report.summary import ClassSummary, summarize

REPORT_NAME = "report.html"
CHECKS_CSV_NAME = "checks.csv"
FIGURES = {"overall": figures.overall_histogram, "stages": figures.stage_histograms,
           "checks": figures.check_pass_rates, "mistakes": figures.common_mistakes}
#: The fewest students whose report has figures (see above).
MIN_CLASS_FOR_FIGURES = 2
FIGURE_LABELS = {"overall": N_("overall figure"), "stages": N_("stages figure"),
                 "checks": N_("checks figure"), "mistakes": N_("mistakes figure")}

__all__ = ["CHECKS_CSV_NAME", "REPORT_NAME", "ClassSummary", "summarize", "write_report"]


def write_report(out_dir: Path, results: list[GradeResult] | None = None,
                 failures: list[tuple[str, str]] = (), wall_time: float | None = None,
                 draw_map: Callable = map, lang: str | None = None) -> Path:
    """Write the report, its PNGs and CSVs into `out_dir`; returns the page's path.

    failures: (student, error) pairs the grader could not grade. wall_time: the batch's
    wall-clock seconds, if known. draw_map: ``map`` or a drop-in for it that draws the
    figures elsewhere at the same time (a batch's worker pool: ``draw_figure(key,
    summary, lang)`` for each figure). lang: the report's language (None: the current one).
    """
    with language(lang or current_language()) as lang:
        return _write(Path(out_dir), results, failures, wall_time, draw_map, lang)


def _write(out_dir: Path, results: list[GradeResult] | None, failures, wall_time: float | None,
           draw_map: Callable, lang: str) -> Path:
    from autograder.atomic import write_bytes_atomic, write_text_atomic
    from autograder.gradebook import EXCEL_BOM, GRADEBOOK_NAME, write_gradebook
    from autograder.gradescope.results import read_results

    if results is None:
        results = [result for result, _ in read_results(out_dir).values()]
    summary = summarize(results, list(failures))
    write_gradebook(out_dir / GRADEBOOK_NAME, results)  # the tables first: they matter most
    write_text_atomic(out_dir / CHECKS_CSV_NAME, EXCEL_BOM + checks_csv(summary))
    images: dict[str, bytes] = {}
    files = {tr("gradebook"): GRADEBOOK_NAME, tr("per-check results"): CHECKS_CSV_NAME}
    keys = list(FIGURES) if len(summary.results) >= MIN_CLASS_FOR_FIGURES else []
    for key in FIGURES:  # none left from an earlier run: the page links what it shows
        (out_dir / f"report-{key}.png").unlink(missing_ok=True)
    drawn = draw_map(draw_figure, keys, [summary] * len(keys), [lang] * len(keys))
    for key, png in zip(keys, drawn, strict=True):
        if png is not None:
            images[key] = png
            name = f"report-{key}.png"
            write_bytes_atomic(out_dir / name, png)
            files[tr(FIGURE_LABELS[key])] = name
    page = out_dir / REPORT_NAME
    sections = [similarity_section(out_dir)]  # written by `scratchnet grade`, if it was
    write_text_atomic(page, render_report(summary, images, files, wall_time, sections))
    return page


def draw_figure(key: str, summary: ClassSummary, lang: str = "en") -> bytes | None:
    """The report's figure `key` (one of FIGURES) in `lang` as PNG bytes, or None if it has
    nothing to show."""
    with language(lang):
        return FIGURES[key](summary)
