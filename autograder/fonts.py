"""Fonts with CJK glyphs for figures with Chinese labels (matplotlib's own have none).

    FONT_FALLBACK         the CJK fonts tried, in order: Debian, macOS, Windows
    apply_font_fallback() adds the installed ones to rcParams["font.family"], after the
                          families already there

Latin text keeps its font (DejaVu Sans: English figures do not change); a character that
font lacks is drawn from the next family in the list that has it (matplotlib >= 3.6 falls
back per glyph along ``font.family``, not along ``font.sans-serif``).
"""

from __future__ import annotations

#: Noto Sans CJK SC (Debian's fonts-noto-cjk), PingFang SC (macOS), Microsoft YaHei (Windows).
FONT_FALLBACK = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC",
                 "WenQuanYi Zen Hei"]


def apply_font_fallback(rc=None) -> list[str]:
    """Add the installed FONT_FALLBACK fonts to `rc` (default: matplotlib.rcParams).

    Only installed fonts are added (matplotlib logs a warning for every missing one).
    Returns the fallback fonts found; none found means Chinese labels would show boxes.
    """
    import matplotlib
    from matplotlib import font_manager

    rc = matplotlib.rcParams if rc is None else rc
    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = [name for name in FONT_FALLBACK if name in installed]
    families = [name for name in rc["font.family"] if name not in found]
    rc["font.family"] = [*families, *found]
    return found
