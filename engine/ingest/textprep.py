"""Make a text file something DuckDB's strict CSV reader takes whole, or say which lines it cannot.

One pass over the bytes (C-speed checks on 8 MB chunks) tells whether the file
is clean: UTF-8 throughout, no CR outside a CRLF, no line over the row limit.
A clean file is read as it is. Otherwise a UTF-8 copy is written in which

- every CR line end (classic Mac, or mixed with LF/CRLF) becomes LF, so a stray
  CR inside an unquoted field splits its row into two short rows, each rejected
  with its line rather than the whole file refused;
- each line is decoded on its own when the file is not one encoding (exports of
  several shops concatenated): UTF-8, then the encoding the file starts in, then
  GBK when the bytes look like Chinese, then cp1252;
- a line longer than the row limit is left blank and listed as rejected (DuckDB
  drops such a line without a word when it spans its read buffers).

Blanked lines keep their place, so every line number stays the file's own.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from engine.jobs import CancelToken

CHUNK_BYTES = 8 * 1024 * 1024
#: The longest line (one row) an import takes; DuckDB's reader is given twice that, to be safe.
MAX_LINE_BYTES = 1024 * 1024
MAX_LINE_LABEL = "1 MB"
#: The longest row whose line breaks are inside quotes (the reader's own limit on a row).
MAX_RECORD_BYTES = 2 * MAX_LINE_BYTES
MAX_RECORD_LABEL = "2 MB"
RAW_MAX_CHARS = 500
#: GBK/GB18030 text: a lead byte followed by a trail byte >= 0x80 (GB2312 and most GBK).
#: cp1252 text read as GBK pairs a high byte with an ASCII letter, which this refuses.
_GBK_PAIRS = re.compile(rb"(?:[\x00-\x7f]|[\x81-\xfe][\x80-\xfe]|[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39])*")
_GBK_TOKENS = re.compile(rb"[\x81-\xfe][\x30-\xfe]|[\x00-\x80\xff]")
_SINGLE_BYTE_FALLBACK = "cp1252"
#: Multi-byte encodings of Chinese (simplified, traditional), Japanese and Korean (Python's codec names).
MULTI_BYTE = ("gb18030", "cp950", "big5hkscs", "cp932", "euc_jp", "cp949")
_WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")


@dataclass
class LineReject:
    line: int
    reason: str
    raw: str


@dataclass
class Prepared:
    path: Path                                   # what DuckDB reads
    encoding: str                                # what the file was read as ("mixed: ..." per line)
    rejects: list[LineReject] = field(default_factory=list)
    copied: bool = False
    read_whole: bool = False                     # every byte of the file went to ``also`` (see prepare)
    #: the file is read as it is without having been scanned whole: the import scans it beside its
    #: read and reads a prepared copy instead when it must (see :func:`prepare`'s ``defer``)
    unchecked: bool = False


class CleanScan:
    """Fed a file's bytes in order, says whether DuckDB's strict reader can take them as they are:
    UTF-8 throughout, one line-end convention (LF or CRLF, no lone CR), no over-long line."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        self._run = 0           # bytes since the last LF
        self._prev_cr = False   # the previous chunk ended in CR
        self._crlf = self._bare_lf = False
        self.dirty = False

    def feed(self, chunk: bytes) -> None:
        if self.dirty or not chunk:
            return
        self.dirty = self._dirty(chunk)

    def _dirty(self, chunk: bytes) -> bool:
        # plain ASCII (most exports) needs no decoding, unless a character was cut at the last chunk's end
        if not chunk.isascii() or self._decoder.getstate()[0]:
            try:
                self._decoder.decode(chunk)
            except UnicodeDecodeError:
                return True
        start = 0
        if self._prev_cr:
            if not chunk.startswith(b"\n"):
                return True
            self._crlf, start = True, 1      # a CRLF cut between two chunks
        # most files have no CR at all: then a find (memchr) per chunk, never a count of every LF
        if b"\r" in chunk:
            crlfs = chunk.count(b"\r\n")
            if chunk.count(b"\r") - chunk.endswith(b"\r") != crlfs:
                return True
            self._crlf = self._crlf or crlfs > 0
            self._bare_lf = self._bare_lf or chunk.count(b"\n") - start > crlfs
        elif chunk.find(b"\n", start) >= 0:
            self._bare_lf = True
        # DuckDB's strict reader takes one line end per file, not LF and CRLF mixed
        if self._crlf and self._bare_lf:
            return True
        self._prev_cr = chunk.endswith(b"\r")
        if _has_long_line(chunk, self._run):
            return True
        last = chunk.rfind(b"\n")
        self._run = self._run + len(chunk) if last < 0 else len(chunk) - last - 1
        return False

    def finish(self) -> bool:
        """True when the file needs a prepared copy."""
        if not self.dirty:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.dirty = True
        return self.dirty or self._prev_cr


def needs_copy(path: Path, encoding: str, also: Callable[[bytes], object] | None = None,
               cancel: CancelToken | None = None) -> bool:
    """True unless the file is UTF-8 throughout, has no CR outside CRLF and no over-long line.

    ``also`` is given every byte of the file too (in order), when the file is read: the file's
    content hash is taken from the same read. ``cancel`` is heard between chunks (here and in every
    whole-file pass of this module: a chunk is a few hundredths of a second).
    """
    if encoding not in ("utf-8", "utf-8-sig"):
        return True
    scan = CleanScan()
    # one buffer for the whole file: a fresh 8 MB bytes object per chunk is mapped and faulted in
    # anew each time (~0.1 s of the import's serial start at 1.2 GB)
    buf = bytearray(CHUNK_BYTES)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as fh:
        while (also is not None or not scan.dirty) and (n := fh.readinto(buf)):
            _heard(cancel)
            chunk = buf if n == len(buf) else bytes(view[:n])
            if also is not None:
                also(chunk)
            scan.feed(chunk)
    return scan.finish()


def _has_long_line(chunk: bytes, run: int) -> bool:
    first = chunk.find(b"\n")
    if first < 0:
        return run + len(chunk) > MAX_LINE_BYTES
    if run + first > MAX_LINE_BYTES:
        return True
    # a line longer than MAX holds a whole window of MAX/2 with no LF in it
    window = MAX_LINE_BYTES // 2
    for start in range(first, len(chunk), window):
        if (start + window <= len(chunk) and chunk.find(b"\n", start, start + window) < 0
                and _exact_long_line(chunk, start)):
            return True
    return False


def _exact_long_line(chunk: bytes, inside: int) -> bool:
    start = chunk.rfind(b"\n", 0, inside) + 1
    end = chunk.find(b"\n", inside)
    # a line running on into the next chunk is measured there, from the running length
    return end >= 0 and end - start > MAX_LINE_BYTES


def prepare(path: Path, encoding: str, out_dir: Path, scanned: CleanScan | None = None,
            also: Callable[[bytes], object] | None = None, defer: bytes | None = None,
            cancel: CancelToken | None = None) -> Prepared:
    """The file DuckDB should read, a copy made only when :func:`needs_copy` says so
    (``scanned``: the file's bytes were already fed to a scan, as they were unpacked; else
    :func:`needs_copy` reads the file, giving ``also`` its bytes: then ``read_whole`` is set).

    ``defer`` (the file's first bytes) leaves a UTF-8 file whose first bytes are clean unscanned
    (``unchecked``): an import then scans it on a thread while DuckDB reads it, instead of reading
    the whole file once before DuckDB starts (a third of a second at 1.2 GB), and reads
    :func:`prepared_copy` instead in the rare case the scan finds what the reader cannot take."""
    if defer is not None and scanned is None and encoding in ("utf-8", "utf-8-sig") and _clean_head(defer):
        return Prepared(path, encoding, unchecked=True)
    read_whole = scanned is None and also is not None and encoding in ("utf-8", "utf-8-sig")
    clean = (not scanned.finish() and encoding in ("utf-8", "utf-8-sig")) if scanned else \
        not needs_copy(path, encoding, also, cancel)
    if clean:
        return Prepared(path, encoding, read_whole=read_whole)
    done = prepared_copy(path, encoding, out_dir, cancel)
    done.read_whole = read_whole
    return done


def prepared_copy(path: Path, encoding: str, out_dir: Path, cancel: CancelToken | None = None) -> Prepared:
    """The UTF-8 copy :func:`prepare` makes of a file that needs one (a GBK file of 10^7 lines: ~12 s)."""
    out = out_dir / (path.stem + ".utf8.csv")
    return (_transcode_wide(path, encoding, out, cancel) if encoding in _WIDE
            else _copy_by_line(path, encoding, out, cancel))


def _heard(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.raise_if_cancelled()


def _clean_head(head: bytes) -> bool:
    """The file's first bytes hold nothing the reader cannot take (a character or a CRLF cut at
    their end is not counted: the rest of it follows)."""
    scan = CleanScan()
    scan.feed(head)
    return not scan.dirty


def _transcode_wide(path: Path, encoding: str, out: Path, cancel: CancelToken | None) -> Prepared:
    """UTF-16/32 is one encoding by construction: decode in chunks, then fix line ends and long lines."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    mid = out.with_suffix(".wide.csv")
    with open(path, "rb") as src, open(mid, "wb") as dst:
        while block := src.read(CHUNK_BYTES):
            _heard(cancel)
            dst.write(decoder.decode(block).encode("utf-8"))
        dst.write(decoder.decode(b"", final=True).encode("utf-8"))
    done = _copy_by_line(mid, "utf-8", out, cancel)
    mid.unlink()
    done.encoding = encoding
    return done


def _copy_by_line(path: Path, encoding: str, out: Path, cancel: CancelToken | None) -> Prepared:
    seen: dict[str, int] = {}
    rejects: list[LineReject] = []
    line_no = 1
    skipping = False        # inside an over-long line: drop its bytes up to its end
    carry = b""
    first = True
    with open(path, "rb") as src, open(out, "wb") as dst:
        while True:
            _heard(cancel)
            block = src.read(CHUNK_BYTES)
            data, carry = carry + block, b""
            if first:
                data, first = data.removeprefix(codecs.BOM_UTF8), False
            if skipping:
                end = _next_line_end(data)
                if end < 0 and block:
                    continue
                if end >= 0 and data[end:end + 2] == b"\r\n":
                    end += 1
                data = data[end + 1:] if end >= 0 else b""
                dst.write(b"\n")          # the rejected line stays, blank, so line numbers hold
                line_no += 1
                skipping = False
            # a CR at the very end may be the first half of a CRLF: keep it for the next round
            cut = max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1)) + 1 if block else len(data)
            head, carry = data[:cut], data[cut:]
            if head:
                line_no += _write_lines(head, encoding, dst, seen, rejects, line_no)
            if len(carry) > MAX_LINE_BYTES:
                rejects.append(LineReject(line_no, _too_long(), _raw_text(carry, encoding)))
                skipping, carry = True, b""
            if not block:
                if skipping:
                    dst.write(b"\n")
                break
    names = [name for name, _ in sorted(seen.items(), key=lambda kv: -kv[1])]
    if not names:
        label = encoding
    elif len(names) == 1:
        label = names[0]
    else:
        label = "mixed: " + ", ".join(names)
    return Prepared(out, label, rejects, copied=True)


def _next_line_end(data: bytes) -> int:
    ends = [i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0]
    return min(ends) if ends else -1


def _count_ends(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _split_lines(data: bytes) -> list[bytes]:
    """Lines ended by LF, CRLF or a lone CR (the last element is what follows the last end)."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.split(b"\n")


def _write_lines(data: bytes, encoding: str, dst, seen: dict[str, int], rejects: list[LineReject],
                 line_no: int) -> int:
    """Write ``data`` (whole lines) as UTF-8 with LF ends; returns how many lines it held."""
    lines = _split_lines(data)
    if lines and lines[-1] == b"":
        lines.pop()
    fast = None
    # a block the file's encoding decodes whole is that encoding's (line by line a GBK export took 5 µs a
    # line, 1.6 s for 300k lines in the mapping dialog's preview): a test only where decoding can fail,
    # UTF-8 and the multi-byte encodings, whose rules few bytes of another encoding keep to a block's end
    strict = "utf-8" if encoding in ("utf-8", "utf-8-sig") else encoding if encoding in MULTI_BYTE else None
    if strict and not any(len(ln) > MAX_LINE_BYTES for ln in lines):
        try:
            fast = b"\n".join(lines).decode(strict)
        except UnicodeDecodeError:
            pass
    if fast is not None:
        if not fast.isascii():
            seen[strict] = seen.get(strict, 0) + 1
        dst.write(fast.encode("utf-8") + b"\n" if lines else b"")
        return len(lines)
    out = []
    for i, line in enumerate(lines):
        if len(line) > MAX_LINE_BYTES:
            rejects.append(LineReject(line_no + i, _too_long(), _raw_text(line, encoding)))
            out.append(b"")
            continue
        text, name = decode_line(line, encoding)
        if name:
            seen[name] = seen.get(name, 0) + 1
        out.append(text.encode("utf-8"))
    dst.write(b"\n".join(out) + (b"\n" if out else b""))
    return len(lines)


def decode_line(line: bytes, encoding: str) -> tuple[str, str | None]:
    """One line's text and the encoding it was read in (None for plain ASCII)."""
    if line.isascii():
        return line.decode("ascii"), None
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if encoding not in ("utf-8", "utf-8-sig", "gb18030", "cp1252", "latin-1", "iso8859-1"):
        try:
            return line.decode(encoding), encoding   # what the file's start was recognised as
        except UnicodeDecodeError:
            pass
    if looks_gbk(line):
        try:
            return line.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    try:
        return line.decode(_SINGLE_BYTE_FALLBACK), _SINGLE_BYTE_FALLBACK
    except UnicodeDecodeError:
        return line.decode("latin-1"), _SINGLE_BYTE_FALLBACK


def looks_gbk(line: bytes) -> bool:
    """GBK when its pairs look like Chinese: all trail bytes high (GB2312), or mostly so (GBK's
    extension characters pair a lead byte with an ASCII byte, as cp1252's "è" + "m" does)."""
    if _GBK_PAIRS.fullmatch(line):
        return True
    pairs = [t for t in _GBK_TOKENS.findall(line) if len(t) == 2]
    high = sum(1 for t in pairs if t[1] >= 0x80)
    return high > len(pairs) - high


def _too_long() -> str:
    from engine.messages import msg

    return str(msg("reject.long_row", limit=MAX_LINE_LABEL))


def _raw_text(data: bytes, encoding: str) -> str:
    return decode_line(data[:RAW_MAX_CHARS * 4], encoding)[0][:RAW_MAX_CHARS] + "…"
