"""The similarity report as self-contained HTML: the ranked pairs, and one page per pair.

    render_index(result, image, pages) -> str       # similarity/index.html
    render_pair(result, pair) -> str                # similarity/pairs/<a>__<b>.html

Inline CSS, the figure as a data URI, no script, nothing fetched. Student names and code
are escaped: they are data. For the instructor only: never shown to students, never a grade.
"""

from __future__ import annotations

import base64
import html

from autograder.loading import STAGES
from autograder.similarity.compare import ClassSimilarity, Pair
from autograder.similarity.fingerprints import shared_spans

CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430;
       max-width: 1200px; margin: 2em auto; padding: 0 1em; }
h2 { margin-top: 1.8em; border-bottom: 1px solid #dde; }
table { border-collapse: collapse; margin: .8em 0; }
td, th { padding: .2em .6em; text-align: left; border-bottom: 1px solid #eef; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.flagged td { background: #fdf3f2; }
td.hot { color: #b03024; font-weight: 600; }
.note { background: #fff8e1; padding: .5em .8em; border-radius: 3px; }
figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #e3e5ea; }
.none { color: #666; }
.sides { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1em; }
.sides h3 { margin: .3em 0; font-size: 1em; }
pre { background: #f6f7f9; border: 1px solid #e3e5ea; padding: .6em; overflow-x: auto;
      font-size: 12.5px; line-height: 1.4; margin: 0; white-space: pre; }
mark { background: #ffd7d2; color: inherit; }
.given { color: #8a8f99; }
"""

DISCLAIMER = ("For the instructor only: never shown to students, and it changes no grade. "
              "A flag says two students' own code is unusually alike for this class, not "
              "that anyone copied: read the code side by side before you act.")


def render_index(result: ClassSimilarity, image: bytes | None, pages: dict[tuple[str, str], str]
                 ) -> str:
    """The ranked pairs: flagged first, then by score; pages: (a, b) -> relative link."""
    settings = result.settings
    stages = result.stages()
    parts = _head("Code similarity") + [
        "<h1>Code similarity</h1>", f'<p class="note">{html.escape(DISCLAIMER)}</p>',
        f"<p>{len(result.students)} students, {len(result.pairs)} pairs with a stage in "
        f"common, <b>{len(result.flagged)} flagged</b>. Compared: each student's own code "
        "per stage (the contract's functions and the helpers they use), with the course's "
        "given code and stubs taken out; names, layout, comments, docstrings and the order "
        "of functions do not matter.</p>",
        f"<p>A pair's z-score in a stage says how far its similarity stands above the "
        f"class's usual similarity for that stage (in robust standard deviations). Flagged: "
        f"z &ge; {settings.z_flag:g}, similarity &ge; {settings.min_similarity:g} and at least "
        f"{settings.min_shared} tokens of shared code, in a stage where both wrote at least "
        f"{settings.min_tokens} tokens of their own, or over all such stages together.</p>"]
    if image is not None:
        data = base64.b64encode(image).decode("ascii")
        parts.append('<figure><img alt="histograms of pair similarities per stage" '
                     f'src="data:image/png;base64,{data}"></figure>')
    parts += ["<h2>Pairs</h2>", _pair_table(result, stages, pages)]
    parts += ["<h2>The class per stage</h2>", _baseline_table(result)]
    if result.notes:
        parts += ["<h2>Not compared</h2>", "<ul>"] + [
            f"<li>{html.escape(note)}</li>" for note in result.notes] + ["</ul>"]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def pair_table_rows(result: ClassSimilarity, pairs: list[Pair], stages: list[int],
                    pages: dict[tuple[str, str], str]) -> list[str]:
    """Table rows, one per pair: rank, students (linked to their page), score, similarity,
    then similarity and z per stage (a flagged stage in red)."""
    rows = []
    for pair in pairs:
        rank = pair.rank
        names = f"{html.escape(pair.a)} &amp; {html.escape(pair.b)}"
        link = pages.get((pair.a, pair.b))
        if link:
            names = f'<a href="{html.escape(link)}">{names}</a>'
        cells = []
        for stage in stages:
            score = pair.stages.get(stage)
            if score is None:
                cells.append('<td class="num none">-</td>')
                continue
            hot = ' hot' if score.flagged else ''
            cells.append(f'<td class="num{hot}">{score.similarity:.2f} '
                         f'<small>(z {score.z:.1f})</small></td>')
        flag = "flagged: " + ", ".join(pair.reasons) if pair.flagged else ""
        rows.append(f'<tr class="{"flagged" if pair.flagged else ""}"><td class="num">{rank}'
                    f"</td><td>{names}</td><td class=\"num\">{pair.score:.1f}</td>"
                    f'<td class="num">{pair.similarity:.2f}</td>{"".join(cells)}'
                    f"<td>{html.escape(flag)}</td></tr>")
    return rows


def pair_table_head(stages: list[int]) -> str:
    heads = "".join(f'<th class="num">{s} {html.escape(STAGES.get(s, ""))}</th>' for s in stages)
    return ('<table><tr><th class="num">rank</th><th>students</th><th class="num">score</th>'
            f'<th class="num">similarity</th>{heads}<th></th></tr>')


def _pair_table(result: ClassSimilarity, stages: list[int],
                pages: dict[tuple[str, str], str]) -> str:
    shown = [p for p in result.pairs if (p.a, p.b) in pages]
    if not shown:
        return '<p class="none">No two students have a stage of their own code in common.</p>'
    rest = len(result.pairs) - len(shown)
    more = (f'<p class="none">{rest} more pairs, less alike, are left out here (all are '
            "in <code>scratchnet similarity --format json</code>).</p>") if rest else ""
    return "\n".join([pair_table_head(stages)] + pair_table_rows(result, shown, stages, pages)
                     + ["</table>", more])


def _baseline_table(result: ClassSimilarity) -> str:
    rows = ['<table><tr><th>stage</th><th class="num">pairs</th><th class="num">median '
            'similarity</th><th class="num">MAD used</th><th class="num">flagged pairs</th>'
            "<th></th></tr>"]
    for stage in result.stages():
        baseline = result.baselines[stage]
        flagged = sum(1 for p in result.flagged if stage in p.stages and p.stages[stage].flagged)
        note = (f"too few pairs: judged against a fixed median {baseline.median:g}"
                if baseline.fallback else "")
        rows.append(f"<tr><td>{stage} {html.escape(STAGES.get(stage, ''))}</td>"
                    f'<td class="num">{len(baseline.values)}</td>'
                    f'<td class="num">{baseline.median:.2f}</td>'
                    f'<td class="num">{baseline.mad:.2f}</td><td class="num">{flagged}</td>'
                    f"<td>{html.escape(note)}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def render_pair(result: ClassSimilarity, pair: Pair) -> str:
    """Both students' code for every stage they share, side by side, shared code marked."""
    title = f"{pair.a} and {pair.b}"
    verdict = ("flagged: " + ", ".join(pair.reasons)) if pair.flagged else "not flagged"
    parts = _head(f"Code similarity: {title}") + [
        f"<h1>{html.escape(title)}</h1>", f'<p class="note">{html.escape(DISCLAIMER)}</p>',
        f"<p>Rank {pair.rank} of {len(result.pairs)}; score "
        f"{pair.score:.1f}; similarity over the stages both have {pair.similarity:.2f}; "
        f"{html.escape(verdict)}. <mark>Marked</mark>: code the two share (as token sequences: "
        'names, layout and comments may differ); <span class="given">grey</span>: the '
        'course\'s own code (given or stub), never counted. <a href="../index.html">All '
        "pairs</a></p>"]
    for stage, score in sorted(pair.stages.items()):
        a, b = result.fingerprints[pair.a, stage], result.fingerprints[pair.b, stage]
        spans_a, spans_b, shared = shared_spans(a, b)
        parts.append(f"<h2>Stage {stage} {html.escape(STAGES.get(stage, ''))}: similarity "
                     f"{score.similarity:.2f}, z {score.z:.1f}, {shared} tokens shared"
                     f"{' (flagged)' if score.flagged else ''}"
                     f"{'' if score.counts else ' (too little own code to count)'}</h2>")
        parts.append('<div class="sides">'
                     f"<div><h3>{html.escape(pair.a)}</h3>"
                     f"<pre>{marked(a.text, spans_a, a.given)}</pre></div>"
                     f"<div><h3>{html.escape(pair.b)}</h3>"
                     f"<pre>{marked(b.text, spans_b, b.given)}</pre></div></div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def marked(text: str, shared: list[tuple[int, int]], given: list[tuple[int, int]] = ()
           ) -> str:
    """`text` escaped, each shared [start, end) span in <mark>, the rest of each given
    span (the course's code) in <span class="given">."""
    kind = [""] * len(text)
    for spans, name in ((given, "given"), (shared, "mark")):
        for start, end in spans:
            kind[max(start, 0):min(end, len(text))] = [name] * max(0, min(end, len(text))
                                                                    - max(start, 0))
    out, start = [], 0
    for end in range(1, len(text) + 1):
        if end == len(text) or kind[end] != kind[start]:
            piece = html.escape(text[start:end])
            if kind[start] == "mark":
                piece = f"<mark>{piece}</mark>"
            elif kind[start] == "given":
                piece = f'<span class="given">{piece}</span>'
            out.append(piece)
            start = end
    return "".join(out)


def _head(title: str) -> list[str]:
    return ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"]
