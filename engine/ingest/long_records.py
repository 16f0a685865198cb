"""Rows over the reader's size limit whose line breaks are inside quotes (a pasted note of many lines).

The text preparation rejects a *line* over the row limit before the reader sees it; a quoted
field can make one row of many short lines, which only the reader notices. It reports an error
where such a row starts ("line size over maximum", or "unquoted value" when its parallel scan
met the row's closing quote first) and resumes at its next buffer, inside the row, so the row's
lines became bogus rejects and lines that looked like rows were loaded. So from each such error
the row is followed through its quotes; one longer than the limit is blanked in a copy (its
lines kept, empty, so every line number stays the file's own), and the file is read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.ingest import textprep

#: The reader's errors where such a row may start.
ERROR_TYPES = ("LINE SIZE OVER MAXIMUM", "UNQUOTED VALUE")
#: Bytes read first while following a row: most rows a reader error points at are short (a
#: file may have many stray quotes), so the first read is small and later ones grow.
FIRST_BYTES = 4 * 1024


@dataclass(frozen=True)
class LongRecord:
    line: int        # the file's line where the row starts
    last_line: int   # the line where it ends
    start: int       # its first byte
    end: int         # the byte after its last (its line end, or the end of the file)
    raw: str         # its start, as a reject shows it
    closed: bool = True   # False: a quote opened in it is never closed (only its own line is taken)


def find(path: Path, starts: list[tuple[int, int]], delimiter: str) -> list[LongRecord]:
    """Of the rows that start at (line, byte) in ``path``, those longer than the row limit, each
    followed through its quotes to its end. ``byte`` is the reader's byte position of its error:
    in the row (its line and csv_line may name the line before, its line number is the row's)."""
    found: list[LongRecord] = []
    delim = delimiter.encode("utf-8")
    with open(path, "rb") as fh:
        for line, byte in sorted(set(starts)):
            start = _row_start(fh, byte)
            if found and start < found[-1].end:
                continue   # inside a row already found
            end, breaks, closed = _row_end(fh, start, delim)
            if end - start <= textprep.MAX_RECORD_BYTES:
                continue
            fh.seek(start)
            head = fh.read(textprep.RAW_MAX_CHARS * 4)
            raw = textprep.decode_line(head, "utf-8")[0][:textprep.RAW_MAX_CHARS] + "…"
            if not closed:
                # a stray quote would take the rest of the file: only its own line goes
                end, breaks = _line_end(fh, start), 0
            found.append(LongRecord(line, line + breaks, start, end, raw, closed))
    return found


def _line_end(fh, start: int) -> int:
    fh.seek(start)
    offset = start
    while block := fh.read(textprep.CHUNK_BYTES):
        n = block.find(b"\n")
        if n >= 0:
            return offset + n
        offset += len(block)
    return offset


def _row_start(fh, byte: int) -> int:
    """The start of the line holding ``byte`` (the reader's byte position of its error)."""
    hi, size = byte, FIRST_BYTES
    while hi > 0:
        lo = max(0, hi - size)
        fh.seek(lo)
        nl = fh.read(hi - lo).rfind(b"\n")
        if nl >= 0:
            return lo + nl + 1
        hi, size = lo, size * 4
    return 0


def _row_end(fh, start: int, delim: bytes) -> tuple[int, int, bool]:
    """The row's line end (a LF outside quotes), the line breaks inside it, and False if it ends
    with the file inside a quoted field. A quote opens a
    quoted field only at a field's start; inside one, a doubled quote is a quote (it closes the
    field and opens it again at once)."""
    fh.seek(start)
    inside, breaks = False, 0
    base, prev = start, b"\n"      # the byte before the block (the row's start counts as a line start)
    closed_at = -2                  # where the last quoted field closed
    size = FIRST_BYTES
    while block := fh.read(textprep.CHUNK_BYTES if inside else size):
        size = min(size * 4, textprep.CHUNK_BYTES)
        i = 0
        while i < len(block):
            if inside:
                q = block.find(b'"', i)
                if q < 0:
                    breaks += block.count(b"\n", i)
                    break
                breaks += block.count(b"\n", i, q)
                i, inside, closed_at = q + 1, False, base + q
                continue
            q, n = block.find(b'"', i), block.find(b"\n", i)
            if n >= 0 and (q < 0 or n < q):
                return base + n, breaks, True
            if q < 0:
                break
            before = block[q - 1:q] if q > 0 else prev
            inside = before in (delim, b"\n") or base + q == closed_at + 1
            i = q + 1
        base, prev = base + len(block), block[-1:]
    return base, breaks, not inside


def blank(path: Path, out: Path, records: list[LongRecord]) -> None:
    """Copy ``path`` to ``out`` with each record's bytes replaced by its line breaks alone."""
    with open(path, "rb") as src, open(out, "wb") as dst:
        pos = 0
        for r in records:
            _copy(src, dst, r.start - pos)
            dst.write(b"\n" * (r.last_line - r.line))
            src.seek(r.end)
            pos = r.end
        _copy(src, dst, None)


def _copy(src, dst, size: int | None) -> None:
    while size is None or size > 0:
        block = src.read(textprep.CHUNK_BYTES if size is None else min(textprep.CHUNK_BYTES, size))
        if not block:
            return
        dst.write(block)
        if size is not None:
            size -= len(block)


def reject(record: LongRecord) -> textprep.LineReject:
    if not record.closed:
        return textprep.LineReject(record.line, "a quote opened in this row is never closed", record.raw)
    return textprep.LineReject(record.line, f"row longer than {textprep.MAX_RECORD_LABEL} (the most one row may "
                               f"hold): a quoted field runs over lines {record.line} to {record.last_line}", record.raw)
