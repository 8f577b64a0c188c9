"""Code similarity: pairs of students whose own code is unusually alike for their class.

    compare_submissions(submissions, stages=None) -> ClassSimilarity
    write_similarity_report(out_dir, result) -> Path      # out_dir/_similarity/index.html

Each student's own code per stage (`code.py`: the contract's functions and their helpers,
read by `autograder.loading`) becomes normalised tokens (`tokens.py`) and winnowed
fingerprints with the course's release code removed (`fingerprints.py`, `boilerplate.py`;
copydetect's winnowing); every pair is judged against the class's own distribution for
the stage (`compare.py`). The report (`page.py`, `figure.py`) is for the instructor only
and never changes a grade. Nothing runs the students' code.

Written into `out_dir/_similarity/` (a name no student folder can have):

    index.html            the ranked pairs, the histogram, the class per stage
    pairs/<a>__<b>.html    both students' code side by side, shared passages marked
                           (the flagged pairs and the PAGES next highest, at most
                           MAX_PAGES pairs)
    histogram.png         the figure, also embedded in index.html
    summary.json          the flagged pairs and the shown ones, for the class report
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.loading import Submission
from autograder.similarity.settings import Settings

if TYPE_CHECKING:  # comparing imports numpy, copydetect and matplotlib: only when it runs
    from autograder.similarity.compare import ClassSimilarity, Pair

SIMILARITY_DIR = "_similarity"  # no student folder can be called that (see loading)
INDEX_NAME = "index.html"
SUMMARY_NAME = "summary.json"
HISTOGRAM_NAME = "histogram.png"
#: Pairs given a page besides the flagged ones: the highest scores.
PAGES = 30
#: At most this many pairs get a page (and a row in index.html), most suspicious first.
MAX_PAGES = 200

__all__ = ["Settings", "compare_submissions",
           "remove_similarity_report", "write_similarity_report"]


def compare_submissions(submissions: Iterable[Submission],
                        stages: tuple[int, ...] | None = None,
                        settings: Settings | None = None) -> ClassSimilarity:
    """Read every submission's own code (as `scratchnet grade` would) and compare the class.

    stages: the stages to compare, or None for every stage each submission covers.
    """
    from autograder.similarity.code import class_code
    from autograder.similarity.compare import compare_class

    return compare_class(class_code(submissions, stages), settings=settings or Settings())


def shown_pairs(result: ClassSimilarity, pages: int = PAGES) -> list[Pair]:
    """The pairs the report shows: the flagged ones and the `pages` next highest, at most
    MAX_PAGES in all (pairs are ranked flagged first)."""
    return result.pairs[:min(MAX_PAGES, len(result.flagged) + pages)]


def pair_page_names(pairs: list[Pair]) -> dict[tuple[str, str], str]:
    """(a, b) -> "pairs/<a>__<b>.html", unique (student names are safe as file names)."""
    names: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for pair in pairs:
        stem, n = f"{pair.a}__{pair.b}", 1
        while f"{stem}.html" in taken:
            n += 1
            stem = f"{pair.a}__{pair.b}-{n}"
        taken.add(f"{stem}.html")
        names[pair.a, pair.b] = f"pairs/{stem}.html"
    return names


def remove_similarity_report(out_dir: Path) -> None:
    """Take out an earlier run's summary, so the class report shows no stale section."""
    (Path(out_dir) / SIMILARITY_DIR / SUMMARY_NAME).unlink(missing_ok=True)


def write_similarity_report(out_dir: Path, result: ClassSimilarity) -> Path:
    """Write the report into out_dir/_similarity/ (see the module docstring); its index."""
    from autograder.atomic import write_text_atomic
    from autograder.similarity.figure import similarity_histogram
    from autograder.similarity.page import render_index, render_pair

    folder = Path(out_dir) / SIMILARITY_DIR
    (folder / "pairs").mkdir(parents=True, exist_ok=True)
    shown = shown_pairs(result)
    for pair in shown:
        result.count_shared(pair)
    pages = pair_page_names(shown)
    for old in (folder / "pairs").glob("*.html"):
        if f"pairs/{old.name}" not in pages.values():
            old.unlink()
    for pair in shown:
        write_text_atomic(folder / pages[pair.a, pair.b], render_pair(result, pair))
    image = similarity_histogram(result)
    if image is not None:
        temporary = folder / f".{HISTOGRAM_NAME}.tmp"
        temporary.write_bytes(image)
        temporary.replace(folder / HISTOGRAM_NAME)
    write_text_atomic(folder / INDEX_NAME, render_index(result, image, pages))
    summary = {"students": len(result.students), "pairs": len(result.pairs),
               "stages": result.stages(), "flagged": len(result.flagged),
               "shown": [dict(p.as_json(), page=pages[p.a, p.b]) for p in shown]}
    write_text_atomic(folder / SUMMARY_NAME, json.dumps(summary, indent=1) + "\n")
    return folder / INDEX_NAME
