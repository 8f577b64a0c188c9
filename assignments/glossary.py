"""The course's bilingual glossary (glossary.csv) and the checks a Chinese text must pass.

    load() -> list[Term]
    rejected_uses(text, terms) -> [(term, rejected rendering)]   # must be []
    missing_english(markdown, terms) -> [term]                   # must be []
    repeated_glosses(markdown) -> {english: count}              # must be {}

A Chinese text (the notebooks, the grader's catalog, README.zh-CN.md) uses each concept's one
rendering, never a rejected one. Two kinds of entries: a "term" of machine learning, whose
first use in the course's running text (the Markdown of stages 1-7 in order, headings aside)
is followed by its English in parentheses, 梯度（gradient）, 权值 (weights), 激活函数
$\\sigma$（activation function), and never again; and the course's "wording" (cell, notebook,
the reference, should ...), which needs no English.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

PATH = Path(__file__).resolve().parent / "glossary.csv"


@dataclass(frozen=True)
class Term:
    """One concept: its English forms (the first is the main one), its Chinese term, and
    the renderings the course does not use."""

    english: tuple[str, ...]
    chinese: str
    rejected: tuple[str, ...]
    note: str = ""
    kind: str = "term"  # "term" (English on first use in a notebook) or "wording"


def load(path: Path = PATH) -> list[Term]:
    """The glossary's terms, in file order."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [Term(tuple(e.strip() for e in row["english"].split(";")), row["chinese"].strip(),
                 tuple(r.strip() for r in row["rejected"].split(";") if r.strip()),
                 row.get("note") or "", (row.get("kind") or "term").strip()) for row in rows]


#: Code in Markdown or a message: fenced blocks, `inline code`, and {placeholders}; its
#: words are names, not Chinese text.
CODE = re.compile(r"```.*?```|`[^`\n]*`|\{[^{}\n]*\}", re.DOTALL)


def prose(text: str) -> str:
    """``text`` with its code blanked out (see CODE)."""
    return CODE.sub(lambda m: "\0" * len(m.group(0)), text)


def rejected_uses(text: str, terms: list[Term]) -> list[tuple[Term, str]]:
    """Each (term, rejected rendering) that ``text`` uses outside code. A rejected rendering
    inside an accepted term is no use of it (单元 in 单元格)."""
    text = prose(text)
    found = []
    for term in terms:
        for bad in term.rejected:
            masked = text
            for other in terms:
                if bad in other.chinese:
                    masked = masked.replace(other.chinese, "\0" * len(other.chinese))
            if bad in masked:
                found.append((term, bad))
    return found


def _masked(text: str, term: Term, terms: list[Term]) -> str:
    """``text`` with every longer term that contains this one blanked out (梯度 inside
    梯度下降 is a use of gradient descent, not of gradient)."""
    for other in terms:
        if other is not term and term.chinese in other.chinese:
            text = text.replace(other.chinese, "\0" * len(other.chinese))
    return text


def _running_text(markdown: str) -> str:
    """Markdown without its heading lines."""
    return "\n".join(line for line in markdown.split("\n") if not line.lstrip().startswith("#"))


def first_use_has_english(text: str, term: Term, terms: list[Term]) -> bool | None:
    """Whether the first use of ``term`` in ``text`` is followed by its English in
    parentheses; None if the text does not use it."""
    text = _masked(text, term, terms)
    at = text.find(term.chinese)
    if at < 0:
        return None
    if any(e.lower() in term.chinese.lower() for e in term.english):
        return True  # the Chinese term spells the English one already
    english = "|".join(re.escape(e) for e in term.english)
    after = re.compile(r"\**[ \t]*(?:\$[^$\n]{1,30}\$[ \t]*|[A-Za-z][ \t]*)?[（(][ \t]*"
                       rf"(?:{english})(?:s|es)?\b[^)）\n]*[)）]", re.IGNORECASE)
    return after.match(text, at + len(term.chinese)) is not None


def missing_english(markdown: str, terms: list[Term]) -> list[Term]:
    """The terms whose first use in ``markdown`` (the course's Markdown cells, in order)
    lacks the English term in parentheses."""
    text = _running_text(markdown)
    return [term for term in terms
            if term.kind == "term" and first_use_has_english(text, term, terms) is False]


#: An English gloss in running text: a Chinese character (or the end of bold or maths) and
#: English words in parentheses, 梯度（gradient）, 权值 (weights), **偏置**（biases）.
GLOSS = re.compile(r"[\u3400-\u9fff*$][ \t]*[（(][ \t]*([A-Za-z][A-Za-z -]*[A-Za-z])[ \t]*[)）]")


def _stem(english: str) -> str:
    """One form of an English gloss for counting: lower case, a plural's s dropped."""
    word = english.lower().strip()
    if word.endswith("ses"):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def repeated_glosses(markdown: str) -> dict[str, int]:
    """English glosses given more than once in ``markdown`` (the course's running text, in
    order): the English of a term belongs to its first use only."""
    counts: dict[str, int] = {}
    for match in GLOSS.finditer(_running_text(prose(markdown))):
        key = _stem(match.group(1))
        counts[key] = counts.get(key, 0) + 1
    return {english: n for english, n in counts.items() if n > 1}
