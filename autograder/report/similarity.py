"""The class report's code-similarity section, from `<out>/_similarity/summary.json`.

    similarity_section(out_dir) -> str      # "" when no similarity report was written

`scratchnet grade` of two or more students writes the similarity report before grading
(`autograder.similarity`); this only shows its flagged pairs and links to it. For the
instructor only: nothing of it reaches a student's feedback or a grade.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

from autograder.loading import STAGES

SIMILARITY_DIR = "_similarity"  # autograder.similarity.SIMILARITY_DIR, without importing it


def similarity_section(out_dir: Path, top: int = 5) -> str:
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
    rows = flagged[:50] or shown[:top]
    parts = ["<h2>Code similarity</h2>",
             f"<p>{int(summary.get('students', 0))} students compared, "
             f"<b>{int(summary.get('flagged', 0))} pairs flagged</b> as unusually alike for "
             "this class "
             f'(<a href="{SIMILARITY_DIR}/index.html">the similarity report</a>: every pair '
             "ranked, both students' code side by side). For you only: never shown to "
             "students, and it changes no grade.</p>"]
    image = folder / "histogram.png"
    if image.is_file():
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        parts.append('<figure><img alt="histograms of pair similarities per stage" '
                     f'src="data:image/png;base64,{data}"></figure>')
    if not rows:
        parts.append('<p class="none">No two students have a stage of their own code in '
                     "common.</p>")
        return "\n".join(parts)
    if not flagged:
        parts.append(f'<p class="none">No pair stands out. The {len(rows)} most alike:</p>')
    table = ['<table><tr><th class="num">rank</th><th>students</th><th class="num">score</th>'
             '<th class="num">similarity</th><th>stages (similarity; &#9873; flagged)</th></tr>']
    for pair in rows:
        names = f"{html.escape(str(pair['a']))} &amp; {html.escape(str(pair['b']))}"
        page = str(pair.get("page", ""))
        if page.startswith("pairs/") and page.endswith(".html") and ".." not in page:
            names = f'<a href="{html.escape(f"{SIMILARITY_DIR}/{page}")}">{names}</a>'
        per_stage = []
        for stage in stages:
            score = pair["stages"].get(str(stage))
            if score is not None:
                per_stage.append(f"{stage} {html.escape(STAGES.get(stage, ''))} "
                                 f"{float(score['similarity']):.2f}"
                                 f"{' &#9873;' if score.get('flagged') else ''}")
        table.append(f'<tr><td class="num">{int(pair["rank"])}</td><td>{names}</td>'
                     f'<td class="num">{float(pair["score"]):.1f}</td>'
                     f'<td class="num">{float(pair["similarity"]):.2f}</td>'
                     f"<td>{'; '.join(per_stage)}</td></tr>")
    table.append("</table>")
    return "\n".join(parts + table)
