"""A CJK font when the system has none: Chinese text then draws as characters, not boxes.

The app uses the system's fonts; on a machine without a CJK font (a bare Linux, the offscreen
test platform) it registers Noto Sans CJK from the ``manimgx-fonts-cjk`` package when installed
and adds it as a fallback family, so Latin text keeps its font.

The package is 31 MiB (one variable .ttc), so it is not a dependency of a pip install: Windows and
macOS ship Chinese fonts (Microsoft YaHei, PingFang), as do Linux desktops set up for Chinese. The
desktop bundle carries it (packaging/shiftwise.spec collects it; the ``package`` extra pins it), and
the ``test`` extra pins it for the screenshots tests take."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)

#: What ensure_cjk_font found: ("system" or "bundled", the families that draw Chinese).
found: tuple[str, list[str]] = ("none", [])

#: A character every CJK font has: "中".
_PROBE = QFontDatabase.WritingSystem.SimplifiedChinese


def bundled_cjk_font() -> Path | None:
    try:
        import manimgx_fonts_cjk
    except ImportError:
        return None
    found = sorted(Path(manimgx_fonts_cjk.__file__).parent.glob("NotoSansCJK*"))
    return found[0] if found else None


def ensure_cjk_font() -> list[str]:
    """The families that draw Chinese: the system's, else the bundled font's once registered
    (and put behind the default family as its fallback). Empty when neither exists."""
    global found
    families = QFontDatabase.families(_PROBE)
    if families:
        found = ("system", families)
        return families
    path = bundled_cjk_font()
    if path is None:
        log.warning("No font draws Chinese: install a CJK font (or pip install manimgx-fonts-cjk)")
        return []
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("Could not load the CJK font %s", path)
        return []
    # Simplified Chinese glyph shapes first: the collection also holds the JP, KR, TC, HK faces
    added = sorted(QFontDatabase.applicationFontFamilies(font_id), key=lambda f: not f.endswith(" SC"))
    app_family = QGuiApplication.font().family() if QGuiApplication.instance() is not None else ""
    for family in {QFont().defaultFamily(), app_family, "Sans Serif"} - {""}:
        QFont.insertSubstitutions(family, added)
    found = ("bundled", added)
    return added
