"""The sandbox's notes about a submission's cells, said in the current language.

The sandbox (and its child process, which knows no language) writes its notes in English
with the cell's number: "cell 3 skipped: ZeroDivisionError: division by zero (line 2)".
:func:`say_note` recognises each form the sandbox writes and says it again through the
catalog, the cell named as the student knows it ("code cell 7"). A note of another form is
kept as it is. tests/test_chinese_submission.py pins every form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from autograder.i18n import tr

_SECONDS = r"(?P<seconds>[0-9.e+-]+)"
#: The child's words for a cell too deep to compile (sandbox/child/loading.py TOO_DEEP_NOTE).
_TOO_DEEP = (r"is nested too deeply for Python to compile \(blocks or expressions inside one "
             r"another too many levels deep\)")

#: Why the program stopped (sandbox.Sandbox._exit_reason), each said again.
_REASONS: list[tuple[re.Pattern, Callable[[dict], str]]] = [
    (re.compile(r"it ran out of memory \(its processes may use (?P<gib>[0-9.e+-]+) GiB "
                r"together\)"),
     lambda m: tr("it ran out of memory (its processes may use {gib} GiB together)",
                  gib=m["gib"])),
    (re.compile(r"it exited with status (?P<code>-?\d+)"),
     lambda m: tr("it exited with status {code}", code=m["code"])),
    (re.compile(r"it used up its CPU time limit of " + _SECONDS + " s"),
     lambda m: tr("it used up its CPU time limit of {seconds} s", seconds=m["seconds"])),
    (re.compile(r"it was killed by signal (?P<number>\d+) \((?P<name>[A-Z0-9]+)\)"),
     lambda m: tr("it was killed by signal {number} ({name})", number=m["number"],
                  name=m["name"])),
    (re.compile(r"the submission used up its time limit of " + _SECONDS + " s"),
     lambda m: tr("the submission used up its time limit of {seconds} s",
                  seconds=m["seconds"])),
]


def say_reason(reason: str) -> str:
    """One of the sandbox's reasons a program stopped, in the current language."""
    for pattern, say in _REASONS:
        match = pattern.fullmatch(reason)
        if match:
            return say(match.groupdict())
    return reason


#: (a note's form, how to say it: cell name and the match's groups -> text), first match wins.
_NOTES: list[tuple[re.Pattern, Callable[[str, dict], str]]] = [
    (re.compile(r"cell \d+ skipped: still running after " + _SECONDS
                + r" s and could not be interrupted"),
     lambda cell, m: tr("{cell} skipped: still running after {seconds} s and could not be "
                        "interrupted", cell=cell, seconds=m["seconds"])),
    (re.compile(r"cell \d+ skipped: it stopped the program \((?P<reason>.*)\)", re.S),
     lambda cell, m: tr("{cell} skipped: it stopped the program ({reason})", cell=cell,
                        reason=say_reason(m["reason"]))),
    (re.compile(r"cell \d+ skipped: line (?P<line>\d+) " + _TOO_DEEP),
     lambda cell, m: tr("{cell} skipped: line {line} is nested too deeply for Python to "
                        "compile (blocks or expressions inside one another too many levels "
                        "deep)", cell=cell, line=m["line"])),
    (re.compile(r"cell \d+ skipped: it " + _TOO_DEEP),
     lambda cell, m: tr("{cell} skipped: it is nested too deeply for Python to compile (blocks "
                        "or expressions inside one another too many levels deep)", cell=cell)),
    (re.compile(r"cell \d+ skipped: (?P<error>.*) \(line (?P<line>\d+)\)", re.S),
     lambda cell, m: tr("{cell} skipped: {error} (line {line})", cell=cell,
                        error=m["error"], line=m["line"])),
    (re.compile(r"cell \d+ skipped: (?P<error>.*)", re.S),
     lambda cell, m: tr("{cell} skipped: {error}", cell=cell, error=m["error"])),
    (re.compile(r"cell \d+ stopped: it called exit\(\) \(sys\.exit\), which grading ignores"),
     lambda cell, m: tr("{cell} stopped: it called exit() (sys.exit), which grading ignores",
                        cell=cell)),
    (re.compile(r"cell \d+ stopped: still running after " + _SECONDS
                + r" s \(an endless loop\?\)"),
     lambda cell, m: tr("{cell} stopped: still running after {seconds} s (an endless loop?)",
                        cell=cell, seconds=m["seconds"])),
    (re.compile(r"cell \d+ was still running when the submission's time ran out"),
     lambda cell, m: tr("{cell} was still running when the submission's time ran out",
                        cell=cell)),
    (re.compile(r"the program stopped while loading \((?P<reason>.*)\)", re.S),
     lambda cell, m: tr("the program stopped while loading ({reason})",
                        reason=say_reason(m["reason"]))),
    (re.compile(r"loading failed: the program sent an invalid message"),
     lambda cell, m: tr("loading failed: the program sent an invalid message")),
]


def say_note(note: str, cell: str) -> str | None:
    """The sandbox's `note` about a cell named `cell`, in the current language; None when
    the note is not of a form the sandbox writes."""
    for pattern, say in _NOTES:
        match = pattern.fullmatch(note)
        if match:
            return say(cell, match.groupdict())
    return None


# --- what a note is about, in any language (for the class report) --------------------------

#: Notes and reasons that say a time or memory limit was reached (their msgids).
_LIMIT_MESSAGES = [
    "{cell} skipped: still running after {seconds} s and could not be interrupted",
    "{cell} stopped: still running after {seconds} s (an endless loop?)",
    "{cell} was still running when the submission's time ran out",
    "it ran out of memory (its processes may use {gib} GiB together)",
    "it used up its CPU time limit of {seconds} s",
    "the submission used up its time limit of {seconds} s",
    "`{label}` was still running after {seconds} s (an endless loop?)",
    "`{label}` ran out of memory (the limit is {gib} GiB)",
    "{times} rounds of {calls} did not finish within {seconds} s; the time ran out in round "
    "{round}, in `{name}` (an endless loop?)",
]
#: Notes that say a cell was skipped (their msgids).
_SKIPPED_MESSAGES = [
    "{cell} skipped: still running after {seconds} s and could not be interrupted",
    "{cell} skipped: it stopped the program ({reason})",
    "{cell} skipped: line {line} is nested too deeply for Python to compile (blocks or "
    "expressions inside one another too many levels deep)",
    "{cell} skipped: it is nested too deeply for Python to compile (blocks or expressions "
    "inside one another too many levels deep)",
    "{cell} skipped: {error} (line {line})",
    "{cell} skipped: {error}",
    "code cell {number} was skipped: its source is not text",
]
#: The English the sandbox itself writes in messages it does not say through the catalog.
_ENGLISH_LIMITS = re.compile(r"still running after|used up its (?:CPU )?time limit|"
                             r"ran out of memory", re.IGNORECASE)


def _pattern(messages: list[str]) -> re.Pattern:
    """One regex matching any of `messages` in any language, placeholders matching anything."""
    from autograder.i18n import LANGUAGES, translations

    parts = []
    for lang in LANGUAGES:
        for message in messages:
            text = translations(lang).gettext(message)
            pieces = re.split(r"\{[^{}]*\}", text)
            parts.append(".*?".join(re.escape(p) for p in pieces))
    return re.compile("|".join(f"(?:{p})" for p in sorted(set(parts), key=len, reverse=True)),
                      re.S)


def says_limit_reached(text: str) -> bool:
    """Does a message or note (in either language) say a time or memory limit was reached?"""
    return bool(_ENGLISH_LIMITS.search(text) or _compiled("limit").search(text))


def says_cell_skipped(text: str) -> bool:
    """Does a note (in either language) say a cell was skipped?"""
    return bool(_compiled("skipped").search(text))


_COMPILED: dict[str, re.Pattern] = {}


def _compiled(kind: str) -> re.Pattern:
    if kind not in _COMPILED:
        _COMPILED[kind] = _pattern(_LIMIT_MESSAGES if kind == "limit" else _SKIPPED_MESSAGES)
    return _COMPILED[kind]
