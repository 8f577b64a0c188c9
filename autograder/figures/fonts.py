"""The fonts of every figure: Latin text in matplotlib's own font, Chinese text in a CJK font.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: a Chinese label is drawn as
boxes, with a "Glyph ... missing" warning. matplotlib (>= 3.6) falls back glyph by glyph
along the families of ``rcParams["font.family"]`` (not along the generic ``font.sans-serif``
list, of which it uses the first font found), and logs a "Font family not found" warning for
every listed family that is not installed. So the list is DejaVu Sans followed by the CJK
families that *are* installed:

    Debian, Ubuntu   Noto Sans CJK SC (package fonts-noto-cjk), WenQuanYi Zen Hei
    macOS            PingFang SC, Hiragino Sans GB, Heiti SC, STHeiti, Arial Unicode MS
    Windows          Microsoft YaHei, SimHei

The notebooks' setup cells carry the same list (notebook_code.py writes CJK_FAMILIES into
them: a student's notebook imports only numpy and matplotlib). Maths ($...$) is drawn by
mathtext, which has no fallback: keep Chinese out of $...$ strings (write σ, ŷ as Unicode
characters in a Chinese label).
"""

from __future__ import annotations

import logging

LATIN_FAMILY = "DejaVu Sans"  # matplotlib's own default, shipped with it

#: Chinese fonts to fall back to, the first installed of each system first.
CJK_FAMILIES = [
    "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti", "Arial Unicode MS",
    "Microsoft YaHei", "SimHei",
]


#: Said once (in the grader's log) when no CJK font is installed.
MISSING = ("Chinese labels in figures need a CJK font, and none is installed: install "
           "fonts-noto-cjk (Debian, Ubuntu), then run again")
log = logging.getLogger("autograder.figures.fonts")


def families() -> list[str]:
    """The ``font.family`` list: DejaVu Sans, then every CJK family of CJK_FAMILIES
    matplotlib can find on this computer (none: Chinese text would have no glyphs).

    matplotlib keeps its font list in a cache that does not notice fonts installed after it
    was made: when no CJK family is known, font files it has never seen are looked for and,
    if there are any, the list is made anew.
    """
    from matplotlib import font_manager

    found = _cjk(font_manager.fontManager)
    if not found and _unseen_fonts(font_manager):
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        found = _cjk(font_manager.fontManager)
    if not found:
        log.warning(MISSING)
    return [LATIN_FAMILY] + found


def _cjk(manager) -> list[str]:
    installed = {font.name for font in manager.ttflist}
    return [name for name in CJK_FAMILIES if name in installed]


def _unseen_fonts(font_manager) -> bool:
    """Font files on this computer that matplotlib's cached list does not hold."""
    known = {font.fname for font in font_manager.fontManager.ttflist}
    return any(path not in known for path in font_manager.findSystemFonts())


def use(rc=None) -> None:
    """Set ``font.family`` in ``rc`` (default: matplotlib.rcParams) to ``families()``."""
    if rc is None:
        import matplotlib

        rc = matplotlib.rcParams
    rc["font.family"] = families()
