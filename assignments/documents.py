"""The per-stage documents under text/<lang>/: a stage's teaching text and the order of its
cells (the format is described in text/README.md).

A document is Markdown cut into sections by marker lines, each alone on its line:

    <!-- markdown -->        a Markdown cell: the text up to the next marker
    <!-- code ID -->         the code cell ID (code/stage<N>_*.py), followed (in a translation)
                             by pairs of fenced blocks: ```en (the English text) then
                             ```<lang> (its translation)
    <!-- checks -->          the "Graded checks" heading, Markdown in which {checks} and
                             {points} are filled in
    <!-- graded checks -->   the graded cells, one per registry check; pairs may follow
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MARKER = re.compile(r"<!-- (markdown|code ([A-Za-z0-9_]+)|checks|graded checks) -->")
FENCE_OPEN = re.compile(r"```([A-Za-z_-]+)")
FENCE_CLOSE = "```"


class DocumentError(ValueError):
    """A document that does not follow the format; the message names the file and line."""


@dataclass
class Section:
    """One section of a document: a cell (or the graded cells) and its text."""

    kind: str  # "markdown", "code", "checks" or "graded checks"
    name: str = ""  # the code cell's id ("code" only)
    text: str = ""  # the Markdown ("markdown" and "checks")
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (English, translation)
    line: int = 0  # where its marker is, 1-based


def read(path: Path, lang: str) -> list[Section]:
    """The sections of the document at ``path``, written in ``lang``."""
    return parse(path.read_text(encoding="utf-8"), str(path), lang)


def parse(text: str, where: str, lang: str) -> list[Section]:
    """The sections of a document's ``text``; ``where`` names it in error messages."""
    sections: list[Section] = []
    body: list[tuple[int, str]] = []

    def close() -> None:
        if not sections:
            stray = [n for n, line in body if line.strip()]
            if stray:
                raise DocumentError(f"{where}:{stray[0]}: text before the first marker "
                                    "(start the document with <!-- markdown -->)")
            return
        section = sections[-1]
        lines = [line for _, line in body]
        if section.kind in ("markdown", "checks"):
            section.text = "\n".join(lines).strip("\n")
            if not section.text:
                raise DocumentError(f"{where}:{section.line}: empty {section.kind} section")
        else:
            section.pairs = _pairs(body, where, lang)

    for number, line in enumerate(text.split("\n"), start=1):
        marker = MARKER.fullmatch(line)
        if marker is None and line.startswith("<!-- ") and line.rstrip().endswith("-->"):
            raise DocumentError(f"{where}:{number}: unknown marker {line.strip()!r}")
        if marker is None:
            body.append((number, line))
            continue
        close()
        body = []
        kind = "code" if marker.group(2) else marker.group(1)
        sections.append(Section(kind, marker.group(2) or "", line=number))
    close()
    return sections


def _pairs(body: list[tuple[int, str]], where: str, lang: str) -> list[tuple[str, str]]:
    """The (English, translation) pairs of a code section's fenced blocks."""
    blocks: list[tuple[int, str, str]] = []  # (line, info, text)
    index = 0
    while index < len(body):
        number, line = body[index]
        if not line.strip():
            index += 1
            continue
        opening = FENCE_OPEN.fullmatch(line)
        if opening is None:
            raise DocumentError(f"{where}:{number}: after a code marker only ```en / ```{lang} "
                                "blocks may follow, found text")
        inner = []
        index += 1
        while index < len(body) and body[index][1] != FENCE_CLOSE:
            inner.append(body[index][1])
            index += 1
        if index == len(body):
            raise DocumentError(f"{where}:{number}: this ``` block is never closed")
        index += 1
        blocks.append((number, opening.group(1), "\n".join(inner)))
    pairs = []
    for i in range(0, len(blocks), 2):
        number, info, english = blocks[i]
        if info != "en":
            raise DocumentError(f"{where}:{number}: expected a ```en block (the English text)")
        if i + 1 == len(blocks) or blocks[i + 1][1] != lang:
            raise DocumentError(f"{where}:{number}: a ```en block must be followed by its "
                                f"```{lang} translation")
        pairs.append((english, blocks[i + 1][2]))
    return pairs
