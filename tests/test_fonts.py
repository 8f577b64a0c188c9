"""The figures' fonts: a CJK font installed after matplotlib cached its list is found, and a
missing one is said once, with what to install, not as one warning per glyph."""

import logging
import types

from autograder.figures import fonts
from tests.lazy import LazyModule

font_manager = LazyModule("matplotlib.font_manager")  # matplotlib: imported when a test runs


def test_a_font_list_cached_before_the_cjk_font_was_installed_is_made_anew(monkeypatch):
    real = font_manager.fontManager
    stale = types.SimpleNamespace(ttflist=[f for f in real.ttflist
                                           if f.name not in fonts.CJK_FAMILIES])
    new_file = "/usr/share/fonts/new/NotoSansCJK-Regular.ttc"
    made = []
    rebuilt = types.SimpleNamespace(ttflist=stale.ttflist + [
        types.SimpleNamespace(name="Noto Sans CJK SC", fname=new_file)])
    monkeypatch.setattr(font_manager, "fontManager", stale)
    monkeypatch.setattr(font_manager, "findSystemFonts",
                        lambda: [f.fname for f in stale.ttflist] + [new_file])
    monkeypatch.setattr(font_manager, "_load_fontmanager",
                        lambda try_read_cache: made.append(try_read_cache) or rebuilt)
    assert fonts.families() == [fonts.LATIN_FAMILY, "Noto Sans CJK SC"]
    assert made == [False] and font_manager.fontManager is rebuilt


def test_no_cjk_font_at_all_is_said_once_with_what_to_install(monkeypatch, caplog):
    stale = types.SimpleNamespace(ttflist=[f for f in font_manager.fontManager.ttflist
                                           if f.name not in fonts.CJK_FAMILIES])
    monkeypatch.setattr(font_manager, "fontManager", stale)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [f.fname for f in stale.ttflist])
    with caplog.at_level(logging.WARNING, logger="autograder.figures.fonts"):
        assert fonts.families() == [fonts.LATIN_FAMILY]
    assert [r.getMessage() for r in caplog.records] == [fonts.MISSING]
    assert "fonts-noto-cjk" in fonts.MISSING
