"""The Windows icon (packaging/shiftwise.ico) is the app's SVG icon at every size Windows asks
for, and the PyInstaller spec gives it to the Windows executable."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import make_icon  # noqa: E402

sys.path.remove(str(ROOT / "packaging"))


def test_the_ico_holds_every_size_and_is_what_the_svg_gives(qapp):
    data = make_icon.ICO.read_bytes()
    images = make_icon.read_sizes(data)
    assert [size for size, _ in images] == list(make_icon.SIZES)
    for size, png in images:
        image = QImage.fromData(png, "PNG")
        assert (image.width(), image.height()) == (size, size) and image.hasAlphaChannel()
        # the icon's blue square fills the middle; its rounded corners stay see-through
        assert image.pixelColor(size // 2, size // 4).blue() > 150
        assert image.pixelColor(0, 0).alpha() < 32     # antialiasing grazes it at 16 px
    assert make_icon.main(["--check"]) == 0, "run python packaging/make_icon.py"


def test_the_spec_gives_the_icon_to_the_windows_executable():
    spec = (ROOT / "packaging" / "shiftwise.spec").read_text(encoding="utf-8")
    assert 'ICON = root / "packaging" / "shiftwise.ico"' in spec
    assert 'icon=str(ICON) if sys.platform == "win32"' in spec


def test_the_check_takes_a_one_step_antialiasing_difference_and_nothing_more(qapp):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor

    def png(blue: int) -> bytes:
        image = QImage(16, 16, QImage.Format.Format_ARGB32)
        image.fill(QColor(20, 90, blue, 255))
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data)

    stored = [(16, png(200))]
    assert make_icon.same_images(stored, {16: png(201)})
    assert not make_icon.same_images(stored, {16: png(200 + make_icon.PIXEL_TOLERANCE + 1)})
    assert not make_icon.same_images(stored, {16: png(200), 24: png(200)})
