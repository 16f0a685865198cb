"""Compressed exports (``.csv.gz``, a ``.zip`` holding one table) unpacked to a temp file, within a cap.

A file that unpacks to more than :data:`MAX_UNPACKED_BYTES` is refused with a
message naming the limit: a small archive must not fill the disk.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from engine.ingest.errors import ImportError_
from engine.messages import msg

#: The most an import unpacks from one archive (a 1M-row export is a few hundred MB).
MAX_UNPACKED_BYTES = 8 * 1024 ** 3
MAX_UNPACKED_LABEL = "8 GB"
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
_BLOCK = 4 * 1024 * 1024


def _too_big(path: Path) -> ImportError_:
    return ImportError_(msg("import.unpacks_too_big", name=path.name, limit=MAX_UNPACKED_LABEL))


def _copy_capped(src, out: Path, path: Path, on_block: Callable[[bytes], None] | None) -> Path:
    written = 0
    with open(out, "wb") as dst:
        while block := src.read(_BLOCK):
            written += len(block)
            if written > MAX_UNPACKED_BYTES:
                raise _too_big(path)
            dst.write(block)
            if on_block is not None:
                on_block(block)
    return out


def _inner_name(path: Path) -> str:
    stem = path.name[:-len(path.suffix)] if path.suffix else path.name
    return stem if Path(stem).suffix.lower() in _TABLE_SUFFIXES else stem + ".csv"


def from_gzip(path: Path, tmp: Path, on_block: Callable[[bytes], None] | None = None) -> Path:
    try:
        with gzip.open(path, "rb") as src:
            return _copy_capped(src, tmp / _inner_name(path), path, on_block)
    except (OSError, EOFError, zlib.error) as exc:
        raise ImportError_(msg("import.bad_gzip", name=path.name, detail=str(exc))) from None


def from_zip(path: Path, tmp: Path, on_block: Callable[[bytes], None] | None = None) -> Path:
    try:
        with zipfile.ZipFile(path) as book:
            members = [m for m in book.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")
                       and not Path(m.filename).name.startswith(".")]
            tables = [m for m in members if Path(m.filename).suffix.lower() in _TABLE_SUFFIXES]
            if len(tables) != 1:
                what = (msg("import.zip.none") if not tables else
                        msg("import.zip.many", n=len(tables), names=", ".join(m.filename for m in tables[:3])))
                raise ImportError_(msg("import.zip_tables", name=path.name, what=what))
            member = tables[0]
            if member.file_size > MAX_UNPACKED_BYTES:
                raise _too_big(path)
            with book.open(member) as src:
                return _copy_capped(src, tmp / Path(member.filename).name, path, on_block)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise ImportError_(msg("import.bad_zip", name=path.name, detail=str(exc))) from None
