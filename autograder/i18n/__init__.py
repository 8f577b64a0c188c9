"""The language the grader speaks to a student: gettext catalogs and the current language.

    tr("`{name}` is not defined", name=name)   -> the message in the current language
    ntr("{n} check failed", "{n} checks failed", n)
    N_("sigmoid")                              -> marks a msgid for extraction only
    with language("zh"): ...                   -> everything made inside speaks Chinese

English is the source language (the msgids) and the default, so English output is the
code's own text. Chinese comes from ``locale/zh_CN/LC_MESSAGES/scratchnet.mo``, read with
the standard library's ``gettext`` (Babel is needed only to extract and compile, see
README.md here). Values are always named placeholders (``{name}``), filled in after
translation, never glued into translated text.

The current language is a context variable: set it around one submission's grading
(``with language(lang):``) and every message made there, in the grading process, is in
that language.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

#: The languages the grader speaks ("en" is the source language of the catalogs).
LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
DOMAIN = "scratchnet"
LOCALE_DIR = Path(__file__).parent / "locale"
#: Our language code -> the gettext locale folder holding its catalog.
_GETTEXT_LOCALES = {"zh": "zh_CN"}

_current: ContextVar[str] = ContextVar("scratchnet_language", default=DEFAULT_LANGUAGE)


def normalize(value: Any) -> str | None:
    """ "zh", "zh_CN", "zh-Hans", "ZH_cn.UTF-8" -> "zh"; "en", "en_US" -> "en"; else None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def current_language() -> str:
    """The language messages are made in right now ("en" unless set by :func:`language`)."""
    return _current.get()


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Make every message inside the block in `lang` (None or unknown: English)."""
    chosen = normalize(lang) or DEFAULT_LANGUAGE
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog of `lang` (English, or a missing catalog: the msgids themselves)."""
    folder = _GETTEXT_LOCALES.get(lang)
    if folder is None:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[folder], fallback=True)


def tr(message: str, /, **values: Any) -> str:
    """`message` in the current language, its ``{placeholders}`` filled from `values`."""
    text = translations(current_language()).gettext(message) if message else message
    return text.format(**values) if values else text


def ntr(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The singular or plural form for count `n` in the current language; ``{n}`` is `n`."""
    text = translations(current_language()).ngettext(singular, plural, n)
    return text.format(n=n, **values)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for "mark, do not translate")
    """Mark `message` for extraction; translate it later with ``tr(message)``."""
    return message


def listed(items: Iterable[str]) -> str:
    """Names joined for a sentence with the catalog's list separator: "X, Y, W1" in English,
    "X、Y、W1" in Chinese."""
    items = list(items)
    text = items[0] if items else ""
    for item in items[1:]:
        text = tr("{names}, {name}", names=text, name=item)
    return text


#: Stage number -> its title in feedback and reports (translated by :func:`stage_title`).
STAGE_TITLES = {1: N_("sigmoid"), 2: N_("feedforward"), 3: N_("loss"), 4: N_("backprop"),
                5: N_("training"), 6: N_("activations"), 7: N_("classifier")}


def stage_title(stage: int) -> str:
    """The stage's short title in the current language ("loss"; "" for an unknown stage)."""
    title = STAGE_TITLES.get(stage)
    return tr(title) if title else ""


def html_lang() -> str:
    """The current language as an HTML ``lang`` attribute ("en", "zh-CN")."""
    return {"zh": "zh-CN"}.get(current_language(), "en")


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "N_", "STAGE_TITLES", "current_language",
           "html_lang", "language", "listed", "normalize", "ntr", "stage_title", "tr",
           "translations"]
