"""The class report's code-similarity section, from `<out>/_similarity/summary.json`.

    similarity_section(out_dir) -> Markup   # "" when no similarity report was written

`scratchnet grade` of two or more students writes the similarity report before grading
(`autograder.similarity`); this only shows its flagged pairs and links to it. For the
instructor only: nothing of it reaches a student's feedback or a grade.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from autograder.loading import STAGES
from autograder.templating import render

SIMILARITY_DIR = "_similarity"  # autograder.similarity.SIMILARITY_DIR, without importing it


def similarity_section(out_dir: Path, top: int = 5) -> Markup | str:
    """The section: how many pairs were flagged, the first 50 flagged (or the `top` most
    alike when none is), the histogram, a link to the full report."""
    folder = Path(out_dir) / SIMILARITY_DIR
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        shown = summary["shown"]
        stages = [int(s) for s in summary["stages"]]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    flagged = [p for p in shown if p.get("flagged")]
    image = folder / "histogram.png"
    # autoescaped output of our own template: Markup, so the report shows it as HTML
    return Markup(render(
        "report_similarity.html", folder=SIMILARITY_DIR, students=int(summary.get("students", 0)),
        flagged_count=int(summary.get("flagged", 0)), flagged=flagged,
        image=image.read_bytes() if image.is_file() else None,
        rows=[_row(pair, stages) for pair in flagged[:50] or shown[:top]]))


def _row(pair: dict, stages: list[int]) -> dict:
    """A pair from summary.json, its values checked: numbers as numbers, a link only to a
    pair page inside the similarity folder."""
    page = str(pair.get("page", ""))
    link = (f"{SIMILARITY_DIR}/{page}" if page.startswith("pairs/") and page.endswith(".html")
            and ".." not in page else None)
    per_stage = []
    for stage in stages:
        score = pair["stages"].get(str(stage))
        if score is not None:
            per_stage.append((stage, STAGES.get(stage, ""), float(score["similarity"]),
                              bool(score.get("flagged"))))
    return {"rank": int(pair["rank"]), "a": str(pair["a"]), "b": str(pair["b"]), "link": link,
            "score": float(pair["score"]), "similarity": float(pair["similarity"]),
            "stages": per_stage}
