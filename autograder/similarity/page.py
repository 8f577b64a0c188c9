"""The similarity report as self-contained HTML: the ranked pairs, and one page per pair.

    render_index(result, image, pages) -> str       # similarity/index.html
    render_pair(result, pair) -> str                # similarity/pairs/<a>__<b>.html

Inline CSS, the figure as a data URI, no script, nothing fetched (the templates
similarity_index.html and similarity_pair.html). Student names and code are escaped: they
are data. For the instructor only: never shown to students, never a grade.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from autograder.loading import STAGES
from autograder.similarity.compare import ClassSimilarity, Pair
from autograder.similarity.fingerprints import shared_spans
from autograder.templating import render

DISCLAIMER = ("For the instructor only: never shown to students, and it changes no grade. "
              "A flag says two students' own code is unusually alike for this class, not "
              "that anyone copied: read the code side by side before you act.")


def render_index(result: ClassSimilarity, image: bytes | None, pages: dict[tuple[str, str], str]
                 ) -> str:
    """The ranked pairs: flagged first, then by score; pages: (a, b) -> relative link. Pairs
    without a page are counted, not listed."""
    stages = result.stages()
    shown = [p for p in result.pairs if (p.a, p.b) in pages]
    baselines = [{"stage": stage, "baseline": result.baselines[stage],
                  "flagged": sum(1 for p in result.flagged
                                 if stage in p.stages and p.stages[stage].flagged)}
                 for stage in stages]
    return render("similarity_index.html", page="similarity", lang="en",
                  title="Code similarity", disclaimer=DISCLAIMER,
                  students=len(result.students), pairs=result.pairs,
                  flagged=len(result.flagged), settings=result.settings, image=image,
                  stages=stages, stage_names=STAGES, shown=shown, pages=pages,
                  left_out=len(result.pairs) - len(shown), baselines=baselines,
                  notes=result.notes)


def render_pair(result: ClassSimilarity, pair: Pair) -> str:
    """Both students' code for every stage they share, side by side, shared code marked."""
    stages = []
    for stage, score in sorted(pair.stages.items()):
        a, b = result.fingerprints[pair.a, stage], result.fingerprints[pair.b, stage]
        spans_a, spans_b, shared = shared_spans(a, b)
        stages.append({"stage": stage, "score": score, "shared": shared,
                       "code_a": marked(a.text, spans_a, a.given),
                       "code_b": marked(b.text, spans_b, b.given)})
    return render("similarity_pair.html", page="similarity", lang="en",
                  title=f"Code similarity: {pair.a} and {pair.b}", disclaimer=DISCLAIMER,
                  pair=pair, pairs=len(result.pairs), stages=stages, stage_names=STAGES)


def marked(text: str, shared: list[tuple[int, int]], given: list[tuple[int, int]] = ()
           ) -> Markup:
    """`text` escaped, each shared [start, end) span in <mark>, the rest of each given
    span (the course's code) in <span class="given">.

    Markup, since the page shows the tags: every piece of the text is escaped before a tag
    goes around it (`Markup.format` escapes its arguments), so the student's code stays
    text."""
    kind = [""] * len(text)
    for spans, name in ((given, "given"), (shared, "mark")):
        for start, end in spans:
            kind[max(start, 0):min(end, len(text))] = [name] * max(0, min(end, len(text))
                                                                    - max(start, 0))
    out, start = [], 0
    for end in range(1, len(text) + 1):
        if end == len(text) or kind[end] != kind[start]:
            piece = escape(text[start:end])
            if kind[start] == "mark":
                piece = Markup("<mark>{}</mark>").format(piece)
            elif kind[start] == "given":
                piece = Markup('<span class="given">{}</span>').format(piece)
            out.append(piece)
            start = end
    return Markup("").join(out)
