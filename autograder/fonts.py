"""Fonts with CJK glyphs for figures with Chinese labels (matplotlib's own have none).

    FONT_FALLBACK         the CJK fonts tried, in order: Debian, macOS, Windows
    apply_font_fallback() puts the installed ones right after DejaVu Sans in rcParams

Latin text keeps DejaVu Sans (English figures do not change); a character DejaVu Sans lacks
is drawn from the first fallback font that has it (matplotlib >= 3.6 falls back per glyph).
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
    rest = [name for name in rc["font.sans-serif"] if name not in found and name != "DejaVu Sans"]
    rc["font.sans-serif"] = ["DejaVu Sans", *found, *rest]
    return found
