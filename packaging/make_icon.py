"""Write packaging/shiftwise.ico (the Windows app icon) from resources/icons/shiftwise.svg.

    python packaging/make_icon.py            # writes packaging/shiftwise.ico
    python packaging/make_icon.py --check    # exit 1 when the .ico is not what the SVG gives

Qt renders the SVG at each size Windows asks for (the taskbar, Explorer's views, the title bar);
each image is stored PNG-compressed in the ICO container, which Windows reads since Vista.
Qt's own ICO writer keeps one image per file, so the container is written here.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "shiftwise.svg"
ICO = ROOT / "packaging" / "shiftwise.ico"
#: The sizes Windows picks from (16–48 for lists and title bars, 256 for large icon views).
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG per size: ICONDIR, one ICONDIRENTRY each, then the images."""
    header = struct.pack("<HHH", 0, 1, len(images))        # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(images)
    entries, blobs = [], []
    for size, png in sorted(images.items()):
        # width and height 0 mean 256; no palette; 1 plane; 32 bits per pixel
        entries.append(struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset))
        blobs.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(blobs)


def read_sizes(data: bytes) -> list[tuple[int, bytes]]:
    """The (size, PNG bytes) an ICO written by :func:`ico_bytes` holds."""
    _reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    if kind != 1:
        raise ValueError("not an icon file")
    out = []
    for i in range(count):
        w, _h, _c, _r, _planes, _bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        out.append((w or 256, data[offset:offset + length]))
    return out


#: How far a channel of a pixel may differ from the rendering here: Qt's antialiasing rounds an edge pixel
#: one step apart on another CPU (24, 32 and 256 px moved by 1 in 4-11 pixels between two machines).
PIXEL_TOLERANCE = 2


def pixels(png: bytes):
    """A PNG's pixels as an array (rows, columns, ARGB bytes)."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = QImage.fromData(png, "PNG").convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes()).reshape(
        image.height(), image.bytesPerLine())
    return rows[:, :4 * image.width()].reshape(image.height(), image.width(), 4).astype(np.int16)


def same_images(stored: list[tuple[int, bytes]], rendered: dict[int, bytes]) -> bool:
    """Whether the ICO's images are the rendered ones: the same sizes, each pixel within
    :data:`PIXEL_TOLERANCE` (a PNG's bytes are not compared: the encoder and the rasteriser differ by machine)."""
    if [size for size, _ in stored] != sorted(rendered):
        return False
    for size, png in stored:
        a, b = pixels(png), pixels(rendered[size])
        if a.shape != b.shape or int(abs(a - b).max()) > PIXEL_TOLERANCE:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts and SVG need one)
    images = {size: render_png(size) for size in SIZES}
    data = ico_bytes(images)
    if args.check:
        if not ICO.exists() or not same_images(read_sizes(ICO.read_bytes()), images):
            print(f"{ICO.relative_to(ROOT)} is out of date: run python packaging/make_icon.py")
            return 1
        return 0
    tmp = ICO.with_suffix(".ico.tmp")
    tmp.write_bytes(data)
    tmp.replace(ICO)
    print(f"{ICO.relative_to(ROOT)}: {len(SIZES)} sizes, {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
