"""A file kept open between reads of its first rows: the mapping dialog's previews.

Opening a file can cost its whole length: a file not in UTF-8 is copied whole (0.35 s for 300k lines of GBK), a file
of orders with their items packed in a cell is written out a line per item (6-7 s at a million lines), and a plain
UTF-8 file is read whole to check it (0.4 s at 10^7 lines). The dialog previews again on every change of a column, so
the file stays open until the mapping reads it otherwise (its encoding, its header). The inspection that the dialog
opens with hands over the file it opened (:meth:`OpenFiles.adopt`), so that the dialog's first preview does not open
it again. Used from one thread at a time (a job's), closed by its owner once no job reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from engine.ingest.mapping import Mapping
from engine.ingest.readers import Source, open_source
from engine.jobs import CancelToken

_T = TypeVar("_T")


def _key(path: Path, encoding: str | None, header: bool | None, column_names) -> tuple:
    return (Path(path), encoding, header, tuple(column_names or ()))


class OpenFiles:
    """The one file a mapping dialog previews, open with its prepared copy."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._source: Source | None = None
        self._found: dict[tuple, object] = {}

    def source(self, path: Path, mapping: Mapping, cancel: CancelToken | None = None) -> Source:
        """The file as ``mapping`` reads it, opened now unless it is open so already (``cancel`` stops a copy)."""
        key = _key(path, mapping.encoding, mapping.header, mapping.column_names)
        if self._source is None or key != self._key:
            self.close()
            self._source = open_source(path, header=mapping.header, column_names=mapping.column_names,
                                       encoding=mapping.encoding, cancel=cancel)
            self._key = key
        return self._source

    def adopt(self, source: Source, encoding: str | None) -> None:
        """Keep ``source``, opened in ``encoding`` (None: as recognised) with its header as found, as the file a
        mapping of the same reading previews (closing the one kept before)."""
        self.close()
        self._source = source
        self._key = _key(source.path, encoding, source.has_header, None if source.has_header else source.header)

    def found(self, key: tuple, read: Callable[[], _T]) -> _T:
        """What ``read()`` finds in the file open now (read over the whole file: its currencies), read once per
        ``key`` until another file, or the same one read otherwise, is opened."""
        if key not in self._found:
            self._found[key] = read()
        return self._found[key]

    @property
    def is_open(self) -> bool:
        return self._source is not None

    def close(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source, self._key = None, None
        self._found.clear()
