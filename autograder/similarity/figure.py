"""The class's pair similarities per stage, as a histogram with the flagged pairs marked."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from autograder.figures.canvas import figure, png
from autograder.i18n import ntr
from autograder.loading import STAGES
from autograder.similarity.compare import MAD_SCALE, ClassSimilarity

BAR = "#2e4057"
FLAG = "#d1495b"


def similarity_histogram(result: ClassSimilarity) -> bytes | None:
    """One panel per stage: pairs per similarity band (log scale), the z-threshold as a
    dashed line, each flagged pair's similarity as a red tick. None if nothing to draw."""
    stages = [s for s in result.stages() if len(result.baselines[s].values)]
    if not stages:
        return None
    columns = min(4, len(stages))
    rows = -(-len(stages) // columns)
    fig = figure((2.7 * columns, 2.4 * rows + 0.4))
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    bins = np.linspace(0, 1, 21)
    for ax, stage in zip(axes, stages, strict=False):
        baseline = result.baselines[stage]
        ax.hist(baseline.values, bins=bins, color=BAR, edgecolor="white")
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        threshold = baseline.median + result.settings.z_flag * MAD_SCALE * baseline.mad
        if threshold <= 1:
            ax.axvline(threshold, color="0.45", lw=1, ls="--")
        flagged = [p.stages[stage].similarity for p in result.flagged
                   if stage in p.stages and p.stages[stage].flagged]
        if flagged:
            ax.plot(flagged, np.full(len(flagged), 0.8), "v", color=FLAG, ms=7,
                    transform=ax.get_xaxis_transform(), label="flagged")
        ax.set_title(ntr("stage {stage} ({title}): {n} pair", "stage {stage} ({title}): {n} pairs",
                         len(baseline.values), stage=stage, title=STAGES.get(stage, "")),
                     fontsize=9)
        ax.set_xlim(-0.02, 1.04)
        ax.set_ylim(bottom=0.7)  # a band with one pair still shows
        ax.tick_params(labelsize=8)
    for ax in axes[len(stages):]:
        ax.set_visible(False)
    for ax in axes[::columns]:
        ax.set_ylabel("pairs", fontsize=8)
    for ax in axes[-columns:]:
        ax.set_xlabel("similarity", fontsize=8)
    fig.suptitle("Pair similarities per stage (dashed: where a pair starts to stand out; "
                 "red: flagged)", fontsize=9)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.14 / rows + 0.04, top=1 - 0.5 / (
        2.4 * rows + 0.4), hspace=0.6, wspace=0.3)
    return png(fig)
