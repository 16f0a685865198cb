"""Open a file of any supported kind as a DuckDB relation of text columns.

CSV/TSV text goes straight to DuckDB's reader when it is UTF-8; other encodings
(UTF-16, GBK/GB18030, Latin-1) are decoded here in streaming chunks into a
temporary UTF-8 copy, since DuckDB's encoding extension cannot be downloaded
offline. Excel sheets are streamed into a temporary CSV; Parquet is read as it is.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from engine.ingest import hashing, packed_items, textprep, unpack, xlsx
from engine.ingest.errors import ImportError_
from engine.ingest.parsing import lit, q
from engine.ingest.temp_folders import new_temp_folder
from engine.jobs import CancelToken
from engine.messages import msg

SAMPLE_BYTES = 256 * 1024
#: Python's csv module refuses a field over 128 KB ("field larger than field limit"): one long
#: quoted field in a file's first rows made every delimiter but a wrong one fail to parse, and the
#: whole file was refused. Any record the import's reader takes, Python's csv must take too.
CSV_FIELD_LIMIT = textprep.MAX_RECORD_BYTES + SAMPLE_BYTES
DELIMITERS = (",", ";", "\t", "|")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: Multi-byte encodings of Chinese (simplified, traditional), Japanese and Korean, in the order a tie goes.
_EAST_ASIAN = textprep.MULTI_BYTE
#: Han characters, kana or hangul: a head decoded to none of these is not East Asian text.
_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
#: Mess measures this close are a tie (a short head reads as little mess in several encodings).
_MESS_TIE = 0.01
#: Above this every reading is a mess (charset_normalizer's own default): not text in any of them.
_MESS_MAX = 0.2
#: The single-byte encodings a shop's export is written in (Windows' code pages, then Thai), in
#: the order a tie goes: Western European first (Excel's CSV on most desktops). Not every one charset_normalizer
#: knows: a rare one (Nordic ISO 8859-10) read the odd characters of a mixed file as the least mess.
_SINGLE_BYTE = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
                "cp874", "iso8859-15")
#: Who wins a tie.
_PREFERRED = (*_EAST_ASIAN, *_SINGLE_BYTE)
_NUMERIC = re.compile(r"^[-+]?[0-9][0-9.,:eE/ -]*$")


@dataclass
class Source:
    """A file ready for DuckDB: its text columns, how to read them, and temp files to remove."""

    path: Path                       # the user's file
    kind: str                        # csv, xlsx, parquet
    read_path: Path                  # what DuckDB reads (maybe a UTF-8 copy)
    encoding: str = "utf-8"
    delimiter: str = ","
    header: list[str] = field(default_factory=list)
    has_header: bool = True
    skip: int = 0                    # lines before the header (titles some exports put on top)
    sample_rows: list[list[str]] = field(default_factory=list)
    line_rejects: list[textprep.LineReject] = field(default_factory=list)   # lines left out before the reader
    #: the user's file's content hash (see :mod:`engine.ingest.hashing`), when it was taken as the file
    #: was opened (a plain text file is read whole then, to see whether it needs a prepared copy)
    digest: str | None = None
    #: the file's size and modification time before :attr:`digest` was read: a file changed since
    #: (saved again while the mapping dialog was open) is hashed again as it is imported
    digest_stat: tuple[int, int] | None = None
    #: :attr:`read_path` is the user's UTF-8 file, not yet scanned whole for what DuckDB's strict reader
    #: cannot take (opened with ``defer_scan``): the import scans it beside its read and, when the scan
    #: finds such a line, starts again on :meth:`use_prepared_copy`
    unchecked: bool = False
    #: a character the file writes before every value so that Excel keeps it text (WeChat Pay's bills: "`"), taken
    #: off each value as the file is staged (engine/ingest/loader.py); "" for most files
    guard: str = ""
    #: the column that packed each order's items in one cell, read as a line per item (engine/ingest/packed_items)
    items_unpacked: str = ""
    #: a workbook's sheet read when it is not the first (a cover sheet before it: engine/ingest/xlsx)
    sheet: str = ""
    _tmp_dir: Path | None = None

    def relation(self, rejects: str | None = None, sample: bool = False) -> str:
        """SQL for the file as a table of VARCHAR columns named by :attr:`header`.

        ``rejects`` keeps the lines the reader cannot split in temp tables
        ``<rejects>_errors``/``_scans``; ``sample`` skips such lines silently.
        """
        if self.kind == "parquet":
            cols = ", ".join(f"CAST({q(c)} AS VARCHAR) AS {q(c)}" for c in self.header)
            return f"(SELECT {cols} FROM read_parquet({lit(str(self.read_path))}))"
        columns = "{" + ", ".join(f"{lit(c)}: 'VARCHAR'" for c in self.header) + "}"
        opts = [f"delim = {lit(self.delimiter)}", "quote = '\"'", "escape = '\"'",
                f"header = {'true' if self.has_header else 'false'}", f"skip = {self.skip}",
                f"columns = {columns}", "auto_detect = false",
                f"max_line_size = {textprep.MAX_RECORD_BYTES}"]
        if sample:
            opts.append("ignore_errors = true")
        elif rejects:
            opts += ["store_rejects = true", f"rejects_table = {lit(rejects + '_errors')}",
                     f"rejects_scan = {lit(rejects + '_scans')}"]
        return f"read_csv({lit(str(self.read_path))}, {', '.join(opts)})"

    def first_data_line(self) -> int:
        """The 1-based line number of the first data row (when no quoted newlines precede it)."""
        return self.skip + (2 if self.has_header else 1)

    def work_dir(self) -> Path:
        """The source's own temp folder (made now if it had none), removed by :meth:`close`."""
        if self._tmp_dir is None:
            self._tmp_dir = new_temp_folder(None)
        return self._tmp_dir

    def use_prepared_copy(self, cancel: CancelToken | None = None) -> None:
        """Read a prepared UTF-8 copy from now on: the unchecked file turned out to need one."""
        assert self.unchecked and self.kind == "csv"
        done = textprep.prepared_copy(self.path, self.encoding, self.work_dir(), cancel)
        self.read_path, self.encoding, self.line_rejects = done.path, done.encoding, done.rejects
        self.unchecked = False

    def close(self) -> None:
        if self._tmp_dir is not None:
            shutil.rmtree(self._tmp_dir, ignore_errors=True)
            self._tmp_dir = None


def open_source(path: Path, *, header: bool | None = None, column_names: list[str] | None = None,
                tmp_root: Path | None = None, encoding: str | None = None, defer_scan: bool = False,
                cancel: CancelToken | None = None) -> Source:
    """Recognise the file's kind, encoding, delimiter and header; raise ImportError_ with a reason.

    ``defer_scan`` (an import, which scans the file beside its read): a plain UTF-8 file whose first
    bytes are clean is not read whole now but left :attr:`Source.unchecked`. ``cancel`` stops the passes over
    the whole file: its check, its UTF-8 copy, its unpacking, a workbook's sheet written out (between rows, not
    while the sheet is read) and its copy with a line per item when a cell packs an order's items
    (:func:`_items_unpacked`)."""
    if not path.is_file():
        raise ImportError_(msg("import.no_file", name=path.name))
    size = path.stat().st_size
    if size == 0:
        raise ImportError_(msg("import.empty", name=path.name))
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    suffix = path.suffix.lower()
    if head.startswith(b"PAR1") or suffix == ".parquet":
        return _parquet_source(path)
    if head.startswith(b"PK\x03\x04") and suffix in (".xlsx", ".xlsm", ".ods") or \
            head.startswith(b"\xd0\xcf\x11\xe0") and suffix == ".xls":
        return _items_unpacked(_workbook(path, tmp_root, header, column_names, cancel), cancel)
    if head.startswith(b"PK\x03\x04"):
        return _items_unpacked(_unpacked(path, unpack.from_zip, tmp_root, header, column_names, encoding, cancel),
                               cancel)
    if head.startswith(b"\x1f\x8b"):
        return _items_unpacked(_unpacked(path, unpack.from_gzip, tmp_root, header, column_names, encoding, cancel),
                               cancel)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportError_(msg("import.office_not_workbook", name=path.name))
    return _items_unpacked(_plain_text(path, path, head, tmp_root, header, column_names, encoding,
                                       defer=defer_scan, cancel=cancel), cancel)


def _items_unpacked(src: Source, cancel: CancelToken | None) -> Source:
    """``src``, or, when a column packs each order's items in one cell, a source over a copy with a row per item
    (:mod:`engine.ingest.packed_items`)."""
    if not src.has_header or src.guard:
        return src
    packing = packed_items.detect(src.header, src.sample_rows)
    if packing is None:
        return src
    try:
        if src.unchecked:   # the copy is read from clean text (not from bytes the strict reader would refuse)
            src.use_prepared_copy(cancel)
        out = src.work_dir() / f"{src.path.stem}.items.csv"
        packed_items.write_lines(src.read_path, out, src.delimiter, src.skip, packing, cancel)
        lines = _text_source(src.path, (out, src._tmp_dir), src.kind, True, None)
    except BaseException:
        src.close()
        raise
    lines.encoding, lines.line_rejects = src.encoding, src.line_rejects
    lines.digest, lines.digest_stat = src.digest, src.digest_stat
    lines.items_unpacked = src.header[packing.column]
    lines.sheet = src.sheet
    return lines


def _plain_text(path: Path, text_path: Path, head: bytes, tmp_root: Path | None, header: bool | None,
                column_names: list[str] | None, encoding: str | None, tmp: Path | None = None,
                scanned: textprep.CleanScan | None = None, defer: bool = False,
                cancel: CancelToken | None = None) -> Source:
    """``text_path`` (the user's file, or what it unpacked to in ``tmp``) as a text source."""
    encoding = encoding or detect_encoding(head)
    if encoding is None:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise ImportError_(msg("import.binary", name=path.name))
    tmp = tmp or new_temp_folder(tmp_root)
    hasher = hashing.content_hasher() if text_path == path else None
    before = hashing.file_stat(path) if hasher is not None else None
    try:
        prepared = textprep.prepare(text_path, encoding, tmp, scanned, hasher.update if hasher else None,
                                    defer=head if defer else None, cancel=cancel)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not prepared.copied and text_path == path:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp = None
    src = _text_source(path, (prepared.path, tmp), "csv", header, column_names)
    src.encoding = prepared.encoding
    src.line_rejects = prepared.rejects
    src.unchecked = prepared.unchecked
    if hasher is not None and prepared.read_whole:
        src.digest, src.digest_stat = hashing.digest_text(hasher), before
    return src


def _unpacked(path: Path, how, tmp_root: Path | None, header: bool | None, column_names: list[str] | None,
              encoding: str | None, cancel: CancelToken | None = None) -> Source:
    tmp = new_temp_folder(tmp_root)
    scan = textprep.CleanScan()      # checked while unpacking: one pass over the bytes, not two

    def feed(block: bytes) -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()
        scan.feed(block)

    try:
        inner = how(path, tmp, feed)
        with open(inner, "rb") as fh:
            head = fh.read(SAMPLE_BYTES)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return _plain_text(path, inner, head, tmp_root, header, column_names, encoding, tmp, scan, cancel=cancel)


def _workbook(path: Path, tmp_root: Path | None, header: bool | None, column_names: list[str] | None,
              cancel: CancelToken | None = None) -> Source:
    tmp = new_temp_folder(tmp_root)
    try:
        out, rejects, sheet = xlsx.to_csv(path, tmp / (path.stem + ".csv"), cancel)
        src = _text_source(path, (out, tmp), "xlsx", header, column_names, rows_left_out=bool(rejects))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    src.line_rejects, src.sheet = rejects, sheet
    return src


def detect_encoding(head: bytes) -> str | None:
    """The text encoding of a file from its first bytes; None for binary data."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if head.count(b"\x00") > len(head) // 20:
        # UTF-16 without BOM: every other byte of ASCII text is zero
        if head[1::2].count(0) > len(head) // 3:
            return "utf-16-le"
        if head[0::2].count(0) > len(head) // 3:
            return "utf-16-be"
        return None
    controls = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 27), *range(28, 32)))
    if controls > max(2, len(head) // 100):
        return None
    cut = _cut_incomplete_utf8(head)
    try:
        cut.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # whole lines only: a character cut at the sample's end would rule its encoding out (no byte of
    # a character in the encodings below is a line feed)
    lines = head[:head.rfind(b"\n") + 1] or head
    east_asian = [e for e in _EAST_ASIAN if _decodes(lines, e)]
    if east_asian and any(_CJK_TEXT.search(lines.decode(e)) for e in east_asian):
        # Shift_JIS, Big5 and EUC-KR text decodes without error as GBK too (a Japanese export's 注文番号
        # came out as 拲暥斣崋): decoding is not enough. When every reading is a mess, the bytes only happened
        # to pair (Turkish in cp1254): a single-byte encoding then.
        found = _least_mess(lines, east_asian)
        if found:
            return found
    # measured on the lines a single-byte encoding must read: a file of several shops' exports mixes
    # UTF-8 and GBK lines with them (each line is decoded on its own, textprep.decode_line)
    single = [line for line in lines.split(b"\n") if not (line.isascii() or _decodes(line, "utf-8")
                                                          or textprep.looks_gbk(line))]
    sample = b"\n".join(single) + b"\n" if single else lines
    return (_least_mess(sample, list(_SINGLE_BYTE)) or ("gb18030" if "gb18030" in east_asian else None)
            or ("cp1252" if _decodes(head, "cp1252") else "latin-1"))


def _least_mess(data: bytes, candidates: list[str] | None = None) -> str | None:
    """Of the encodings ``data`` decodes in (``candidates``, else any charset_normalizer knows), the one
    whose text reads as the least mess (charset_normalizer's measure); None when every reading is a mess.

    A short sample reads as little mess in several: the tie goes to the reading with more letters among
    its non-ASCII characters (Polish in cp1250 read as cp1252 turns Ł, ł, ż into £, ³, ¿), then to the one
    more like a language (charset_normalizer's coherence: Hebrew in cp1255 read as cp1251 is Cyrillic
    letters but no Russian), then to the encoding first in :data:`_PREFERRED` (charset_normalizer alone
    took Crème for cp1250's Crčme, and 订单号,客户 for Korean)."""
    from charset_normalizer import from_bytes

    mess: dict[str, float] = {}
    coherence: dict[str, float] = {}
    for result in from_bytes(data, cp_isolation=candidates, threshold=1.0):
        # encodings that read the sample the same are one result: each counts
        for encoding in result.could_be_from_charset or [result.encoding]:
            name = codecs.lookup(encoding).name
            name = "gb18030" if name in ("gbk", "gb2312", "hz") else name
            mess.setdefault(name, result.chaos)
            coherence.setdefault(name, result.coherence)
    if not mess or min(mess.values()) > _MESS_MAX:
        return None
    least = min(mess.values())
    tied = [name for name, m in mess.items() if m <= least + _MESS_TIE]

    def letters(name: str) -> float:
        wide = [ch for ch in data.decode(name, errors="replace") if ord(ch) > 127]
        return sum(ch.isalpha() for ch in wide) / max(len(wide), 1)

    def rank(name: str) -> int:
        return _PREFERRED.index(name) if name in _PREFERRED else len(_PREFERRED)

    return max(tied, key=lambda name: (round(letters(name), 3), round(coherence[name], 2), -rank(name)))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def _cut_incomplete_utf8(data: bytes) -> bytes:
    """Drop a multi-byte character cut off at the end of a sample."""
    for back in range(1, 4):
        if len(data) >= back and data[-back] & 0xC0 == 0xC0:
            return data[:-back]
    return data


def _text_source(path: Path, read: tuple[Path, Path | None], kind: str, header: bool | None,
                 column_names: list[str] | None, rows_left_out: bool = False) -> Source:
    read_path, tmp_dir = read
    with open(read_path, "r", encoding="utf-8-sig", errors="replace", newline="") as fh:
        text = fh.read(SAMPLE_BYTES)
    lines = text.splitlines(keepends=True)
    if len(text) >= SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    delimiter, rows = sniff_delimiter(lines)
    if not rows:
        raise ImportError_(msg("import.blank", name=path.name))
    width = _mode([len(r) for r in rows])
    # a title above the header fills one cell of a row as wide as the table when a workbook's sheet is
    # written out (京东订单明细导出 2017-01,,,,), and an ERP's groups of columns fill a few (订单信息,,,商品信息,,):
    # the header is the first full-width row with half its cells filled, else the first with two values
    full = [i for i, r in enumerate(rows[:10]) if len(r) == width]
    skip = next((i for i in full if width < 2 or _filled(rows[i]) >= max(2, width / 2)),
                next((i for i in full if width < 2 or _filled(rows[i]) >= 2), full[0] if full else 0))
    first = rows[skip]
    if header is None:
        header = _looks_like_header(first)
    if column_names:
        names = list(column_names)
    elif header:
        names = _unique([c.strip().lstrip("\ufeff") or f"column{i + 1}" for i, c in enumerate(first)])
    else:
        names = [f"column{i + 1}" for i in range(width)]
    # skip counts physical lines: blank lines above the header count too
    skip_lines = _physical_line_of_row(lines, delimiter, skip)
    sample = rows[skip + (1 if header else 0):][:200]
    guard = _value_guard(sample)
    if guard:
        sample = [[c[1:] if c.startswith(guard) else c for c in r] for r in sample]
    src = Source(path=path, kind=kind, read_path=read_path, delimiter=delimiter, header=names,
                 has_header=bool(header), skip=skip_lines, sample_rows=sample, guard=guard, _tmp_dir=tmp_dir)
    if header and len(rows) == skip + 1 and not rows_left_out:
        src.close()
        raise ImportError_(msg("import.header_only", name=path.name))
    return src


#: Characters an export writes before every value to keep Excel from reading it as a number or a date.
VALUE_GUARDS = ("`",)


def _value_guard(rows: list[list[str]]) -> str:
    """The guard most of the sampled rows' filled values begin with (WeChat Pay's bills: `2024-06-27 06:53:00,
    `35.50), else ""."""
    cells = [c for r in rows for c in r if c.strip()]
    return next((g for g in VALUE_GUARDS if cells and sum(c.startswith(g) for c in cells) >= 0.5 * len(cells)), "")


@contextlib.contextmanager
def csv_field_limit(limit: int = CSV_FIELD_LIMIT):
    """Python's csv field limit raised to ``limit`` while the block runs, then put back.

    The limit is process-wide: raising it for good at import changed it for every other user of
    the csv module in the process (a plug-in, a test, the host app).
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, limit))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def sniff_delimiter(lines: list[str]) -> tuple[str, list[list[str]]]:
    """The delimiter whose rows have the most consistent width (> 1), and the parsed sample."""
    best: tuple[float, str, list[list[str]]] = (-1.0, ",", [])
    sample = "".join(lines)
    for delim in DELIMITERS:
        try:
            with csv_field_limit():
                rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delim) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        width = _mode([len(r) for r in rows])
        share = sum(len(r) == width for r in rows) / len(rows)
        score = share * (1 if width > 1 else 0.01) + min(width, 50) / 1000
        if score > best[0]:
            best = (score, delim, rows)
    return best[1], best[2]


def _physical_line_of_row(lines: list[str], delimiter: str, row_index: int) -> int:
    """How many physical lines precede parsed row ``row_index`` (blank lines included)."""
    if row_index == 0:
        return sum(1 for _ in _leading_blank(lines))
    reader = csv.reader(iter(lines), delimiter=delimiter)
    seen = 0
    with csv_field_limit():
        for row in reader:
            if any(c.strip() for c in row):
                if seen == row_index:
                    return reader.line_num - 1
                seen += 1
    return 0


def _leading_blank(lines: list[str]):
    for line in lines:
        if line.strip():
            return
        yield line


def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c.strip())


def _looks_like_header(row: list[str]) -> bool:
    cells = [c.strip() for c in row]
    named = [c for c in cells if c]
    # a header names most columns (an export may leave one blank) and none of its names is a number
    return len(named) >= max(1, len(cells) // 2) and not any(_NUMERIC.match(c) for c in named)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            n = f"{n}_{seen[n]}"
        seen.setdefault(n, 0)
        out.append(n)
    return out


def _mode(values: list[int]) -> int:
    return max(set(values), key=lambda v: (values.count(v), v)) if values else 0


def _parquet_source(path: Path) -> Source:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several kinds for a damaged file
        raise ImportError_(msg("import.bad_parquet", name=path.name, detail=str(exc))) from None
    names = list(pf.schema_arrow.names)
    if pf.metadata.num_rows == 0:
        raise ImportError_(msg("import.no_rows", name=path.name))
    batch = next(pf.iter_batches(batch_size=200))
    sample = [["" if v is None else str(v) for v in row.values()] for row in batch.to_pylist()]
    return Source(path=path, kind="parquet", read_path=path, encoding="binary", header=names,
                  sample_rows=sample)
