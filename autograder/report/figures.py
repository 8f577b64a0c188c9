"""The class report's pictures: score histograms, pass rate per check, common mistakes.

Each function takes a ClassSummary and returns PNG bytes, or None when there is nothing to
draw (no mistakes named, no stage graded).
"""

from __future__ import annotations

import numpy as np

from autograder.figures.canvas import figure, png
from autograder.i18n import ntr, stage_title, tr
from autograder.report.summary import ClassSummary

BAR = "#2e4057"
STAGE_COLORS = ["#2e4057", "#3c8d5a", "#d1495b", "#edae49", "#00798c", "#8e6c8a", "#6b7f3a"]


def _png(fig, left: float | None = 0.1, **margins: float) -> bytes:
    """The figure as PNG bytes, drawn once: with `left` (and the other
    `subplots_adjust` margins) as given, or, for left=None, with the left margin measured to
    fit the longest label (a layout of the text, not a drawing)."""
    if left is None:
        left = _left_to_fit(fig)
    fig.subplots_adjust(left=left, **{"right": 0.97, "bottom": 0.18, "top": 0.88, **margins})
    return png(fig)


def _left_to_fit(fig) -> float:
    """The left margin (a fraction of the width) that holds every axes' y tick labels."""
    renderer = fig.canvas.get_renderer()
    widest = max((label.get_window_extent(renderer).width
                  for ax in fig.axes for label in ax.get_yticklabels()), default=0.0)
    return min(0.7, (widest + 12) / (fig.get_figwidth() * fig.dpi) + 0.02)


def _stage_color(stage: int) -> str:
    return STAGE_COLORS[(stage - 1) % len(STAGE_COLORS)]


def overall_histogram(summary: ClassSummary) -> bytes | None:
    """Students per 10% band of their total score."""
    if not summary.results:
        return None
    fig = figure((6.4, 3.4))
    ax = fig.subplots()
    counts, edges, _ = ax.hist(summary.percentages, bins=np.linspace(0, 100, 11), color=BAR,
                               edgecolor="white")
    ax.set_xlabel(tr("total score (% of the points graded)"))
    ax.set_ylabel(tr("students"))
    ax.set_xticks(edges)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(ntr("Total score of {n} student", "Total scores of {n} students",
                     len(summary.results)))
    return _png(fig, left=0.1, bottom=0.16, top=0.9)


def stage_histograms(summary: ClassSummary) -> bytes | None:
    """One histogram of points per graded stage, side by side."""
    stages = list(summary.stage_scores)
    if not stages:
        return None
    fig = figure((2.6 * len(stages), 2.8))
    axes = fig.subplots(1, len(stages), squeeze=False)
    for ax, stage in zip(axes[0], stages, strict=True):
        rows = summary.stage_scores[stage]
        possible = max(p for _, _, p in rows) or 1
        points = [pts for _, pts, _ in rows]
        ax.hist(points, bins=np.arange(possible + 2) - 0.5, color=_stage_color(stage),
                edgecolor="white")
        ax.set_title(f"{stage} {stage_title(stage)} (n={len(rows)})", fontsize=10)
        ax.set_xlabel(tr("points of {possible}", possible=possible))
        ax.set_xlim(-0.7, possible + 0.7)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.yaxis.get_major_locator().set_params(integer=True)
    axes[0][0].set_ylabel(tr("students"))
    return _png(fig, left=0.9 / fig.get_figwidth(), right=1 - 0.15 / fig.get_figwidth(),
                bottom=0.2, top=0.86, wspace=0.35)


def check_pass_rates(summary: ClassSummary) -> bytes | None:
    """A horizontal bar per check: the share of students who passed it, colored by stage."""
    checks = summary.checks
    if not checks:
        return None
    fig = figure((7.5, 0.24 * len(checks) + 1.0))
    ax = fig.subplots()
    y = np.arange(len(checks))[::-1]
    ax.barh(y, [100 * c.pass_rate for c in checks], color=[_stage_color(c.stage)
                                                            for c in checks])
    ax.set_yticks(y, [f"{c.stage}: {c.name}" for c in checks], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(tr("students who passed (%)"))
    ax.set_title(tr("Pass rate of every check"))
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    height = fig.get_figheight()
    return _png(fig, left=None, bottom=0.55 / height, top=1 - 0.4 / height)


def common_mistakes(summary: ClassSummary, top: int = 12) -> bytes | None:
    """The most common named mistakes: students per mistake."""
    items = list(summary.mistakes.items())[:top]
    if not items:
        return None
    fig = figure((6.4, 0.35 * len(items) + 1.0))
    ax = fig.subplots()
    y = np.arange(len(items))[::-1]
    ax.barh(y, [len(students) for _, students in items], color="#d1495b")
    ax.set_yticks(y, [name.replace("_", " ") for name, _ in items], fontsize=9)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(tr("students"))
    ax.set_title(tr("Most common named mistakes"))
    height = fig.get_figheight()
    return _png(fig, left=None, bottom=0.55 / height, top=1 - 0.4 / height)
