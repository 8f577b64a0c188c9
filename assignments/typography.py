"""The typography of the course's Chinese text (the rules: text/README.md, "Chinese typography").

    problems(text, markdown=True) -> [(line, rule, excerpt)]   # must be []

Checked: the Chinese documents (Markdown cells and the translations of code text), the
grader's Chinese messages (the zh_CN catalog's msgstrs) and README.zh-CN.md. What a student
reads as text is checked; code is not: fenced blocks, `inline code`, maths ($...$, $$...$$),
{placeholders}, URLs and HTML comments are masked first. Code and maths count as Latin text
for the spacing rule (a space between them and Chinese); a placeholder counts as nothing,
since its value may be a number or a whole Chinese phrase.
"""

from __future__ import annotations

import re

#: Chinese characters (CJK ideographs). Full-width punctuation is not in it.
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"

CODE_MARK = "\x01"  # stands for `inline code` (Latin for spacing)
MATH_MARK = "\x02"  # stands for $maths$ (Latin for spacing)
NEUTRAL = "\x03"  # stands for a {placeholder}, a URL, a masked fence

_FENCE = re.compile(r"^```.*?^```[ \t]*$", re.DOTALL | re.MULTILINE)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)[^$\n]+?(?<!\\)\$")
_PLACEHOLDER = re.compile(r"\{[^{}\n]*\}")
_URL = re.compile(r"https?://[^\s)>\]]+")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BULLET = re.compile(r"^([ \t]*)[*+-][ \t]+", re.MULTILINE)

#: (rule, pattern): each match in the masked text is one problem.
RULES: list[tuple[str, re.Pattern[str]]] = [
    ("ASCII punctuation in a Chinese sentence (use ，。：；！？)",
     re.compile(rf"{HAN}[,.;:!?]|[,;:!?][ \t]*{HAN}")),
    ("ASCII brackets next to Chinese (use （）)",
     re.compile(rf"{HAN}[()]|[()]{HAN}")),
    ("ASCII or corner quotes in Chinese text (use “”)",
     re.compile(rf'"|{HAN}\'|\'{HAN}|[「」『』]')),
    ("a space between two Chinese characters",
     re.compile(rf"{HAN}[ \t\u3000]+{HAN}")),
    ("a space next to full-width punctuation",
     re.compile(r"[ \t\u3000]+[，。：；！？、）”》]|[，。：；！？、（“《][ \t\u3000]+(?=\S)")),
    ("no space between Chinese and Latin text, digits, code or maths",
     re.compile(rf"{HAN}[A-Za-z0-9{CODE_MARK}{MATH_MARK}]"
                rf"|[A-Za-z0-9%{CODE_MARK}{MATH_MARK}]{HAN}")),
    # two numbers joined by a hyphen (3-4-1, a network's sizes, has three: not a range)
    ("a hyphen in a range of numbers (use ～: 第 1～5 阶段)",
     re.compile(r"(?<![\d.\-～])\d+-\d+(?![\d.\-])")),
]
#: *text* (one asterisk) around Chinese: Chinese fonts have no italics, the browser slants
#: the glyphs; a lead-in is bold (**注意**：), a title is quoted (“……”).
ITALIC = "italics on Chinese text (use bold, or “” for a title)"
_ITALIC = re.compile(rf"(?<![*\w])\*(?![*\s])[^*\n]*?{HAN}[^*\n]*?(?<![*\s])\*(?![*\w])")
NESTED = "full-width brackets inside full-width brackets"
UNBALANCED = "unbalanced full-width brackets"
WRAPPED = "a line break inside a Chinese paragraph (write it on one line)"


def _blank(match: re.Match[str], mark: str) -> str:
    """The match replaced by one mark, its line breaks kept (line numbers stay right)."""
    return mark + "\n" * match.group(0).count("\n")


def mask(text: str, markdown: bool = True, emphasis: bool = False) -> str:
    """``text`` with code, maths, placeholders, URLs and (Markdown) emphasis taken out
    (``emphasis``: the emphasis markers kept)."""
    text = _COMMENT.sub(lambda m: _blank(m, ""), text)
    if markdown:
        text = _FENCE.sub(lambda m: _blank(m, NEUTRAL), text)
    text = _INLINE_CODE.sub(CODE_MARK, text)
    text = _DISPLAY_MATH.sub(lambda m: _blank(m, MATH_MARK), text)
    text = _INLINE_MATH.sub(MATH_MARK, text)
    text = _PLACEHOLDER.sub(NEUTRAL, text)
    text = _LINK_TARGET.sub("]", text)
    text = _URL.sub(NEUTRAL, text)
    if markdown:  # a list bullet stays (as a neutral mark); emphasis markers go
        text = _BULLET.sub(lambda m: m.group(1) + NEUTRAL + " ", text)
        if not emphasis:
            text = text.replace("**", "").replace("*", "")
    return text


def _brackets(text: str) -> list[tuple[int, str]]:
    """The bracket rules over a whole masked text, as (line, rule): no （ inside （）, and
    every （ closed (a comment or docstring may close it lines later)."""
    depth, opened, found = 0, 1, []
    for number, line in enumerate(text.split("\n"), start=1):
        for char in line:
            if char == "（":
                depth += 1
                opened = number if depth == 1 else opened
                if depth == 2:
                    found.append((number, NESTED))
            elif char == "）":
                depth -= 1
                if depth < 0:
                    found.append((number, UNBALANCED))
                    depth = 0
    if depth:
        found.append((opened, UNBALANCED))
    return found


_BLOCK_START = re.compile(r"[ \t]*(#|[*+-][ \t]|\d+[.)][ \t]|\||>|\$\$|```|<!--|$)")


def _wrapped_lines(original: str) -> list[int]:
    """Line numbers (1-based) of Markdown lines that continue a Chinese paragraph or list
    item: the notebook shows the line break as a space inside the sentence."""
    found, previous, in_fence, in_math = [], "", False, False
    for number, line in enumerate(original.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
            previous = ""
            continue
        if in_fence:
            continue
        if in_math or stripped.startswith("$$"):
            if stripped.count("$$") % 2 == 1:
                in_math = not in_math
            previous = ""
            continue
        if (previous.strip() and not _BLOCK_START.match(line)
                and re.search(HAN, previous + line) and not previous.rstrip().endswith("|")):
            found.append(number)
        previous = line
    return found


def problems(text: str, markdown: bool = True) -> list[tuple[int, str, str]]:
    """Every typography problem of a Chinese ``text`` as (line, rule, excerpt); ``markdown``
    says whether it is Markdown (a document cell, README.zh-CN.md) or plain text (a message,
    a comment, a docstring)."""
    if not markdown:  # a message's "\n" (written in code as a backslash and n) breaks a line
        text = text.replace("\\n", "\n")
    masked = mask(text, markdown)
    original_lines = text.split("\n")
    found = []
    for number, line in enumerate(masked.split("\n"), start=1):
        if not re.search(HAN, line):
            continue
        for rule, pattern in RULES:
            for match in pattern.finditer(line):
                found.append((number, rule, _excerpt(line, match.start(), match.end())))
    found += [(number, rule, original_lines[number - 1].strip()[:60])
              for number, rule in _brackets(masked)]
    if markdown:
        found += [(n, WRAPPED, original_lines[n - 1].strip()[:60])
                  for n in _wrapped_lines(text)]
        for number, line in enumerate(mask(text, emphasis=True).split("\n"), start=1):
            found += [(number, ITALIC, _excerpt(line, m.start(), m.end()))
                      for m in _ITALIC.finditer(line)]
    return sorted(found)


def _excerpt(line: str, start: int, end: int) -> str:
    """The problem in its context, the masks shown as ` `, $ $ and {}."""
    piece = line[max(0, start - 8):end + 8]
    return (piece.replace(CODE_MARK, "`…`").replace(MATH_MARK, "$…$")
            .replace(NEUTRAL, "{…}"))
