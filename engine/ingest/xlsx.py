"""Excel workbooks (.xlsx/.xlsm, also .xls and .ods) to a temp UTF-8 CSV, within caps.

python-calamine (Rust) reads the sheet, many times faster than openpyxl. Before it
does, the workbook's parts are checked without unpacking them: a sheet claiming
more rows than Excel allows, or shared strings larger than an import may hold,
is refused with a message naming the limit (a 300 KB file can unpack to GBs).

The sheet read is the first, unless it is a cover above the export's rows (a report's title and totals, the
orders on the next sheet): then the one with the most rows.

The CSV keeps the sheet's row numbers as line numbers (blank rows stay blank
lines), so a rejected row's line is the row the user sees in Excel. A formula
cell without a cached value (a workbook saved by a program that does not compute
formulas) cannot be read: its row is left blank and rejected with the cell named.
"""

from __future__ import annotations

import csv
import datetime as dt
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from engine.ingest.errors import ImportError_
from engine.ingest.textprep import RAW_MAX_CHARS, LineReject
from engine.messages import msg
from engine.jobs import CancelToken

#: Excel's own row limit: a sheet with more is not a workbook Excel wrote.
MAX_ROWS = 1_048_576
#: What the workbook's shared strings may unpack to (a 1M-row export holds well under 100 MB).
MAX_SHARED_STRINGS_BYTES = 256 * 1024 ** 2
MAX_SHARED_STRINGS_LABEL = "256 MB"
#: What one sheet's XML may unpack to (a 1M-row, 20-column export is about 1.5 GB).
MAX_SHEET_BYTES = 4 * 1024 ** 3
MAX_SHEET_LABEL = "4 GB"
MAX_CELL_CHARS = 32_767          # Excel's own limit for one cell
CHECK_EVERY = 10_000             # rows written between two looks at the cancel

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+[0-9]+:?[A-Z]*([0-9]*)"')
# a formula cell with no <v> after its <f>: <c r="H12" ...><f>..</f></c> or <f .../></c>
_FORMULA_NO_VALUE = re.compile(rb'<(?:\w+:)?c r="([A-Z]+)([0-9]+)"[^>]*>\s*<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>[^<]*</(?:\w+:)?f>)'
                               rb'\s*(?:<(?:\w+:)?v>\s*</(?:\w+:)?v>|<(?:\w+:)?v/>)?\s*</(?:\w+:)?c>')
_SCAN_BLOCK = 8 * 1024 * 1024


def to_csv(path: Path, out: Path, cancel: CancelToken | None = None) -> tuple[Path, list[LineReject], str]:
    """Write the workbook's data sheet (:func:`_data_sheet`) to ``out``; returns it, the rows rejected on the way and
    the sheet's name when it is not the first ("" when it is). ``cancel`` is heard every :data:`CHECK_EVERY` rows
    written (not while calamine reads the sheet: one call)."""
    suffix = path.suffix.lower()
    formula_rows: dict[int, str] = {}
    chosen = 0
    if suffix in (".xlsx", ".xlsm"):
        chosen, formula_rows = _check_xlsx(path)
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error kinds (zip, xml, password...)
        raise ImportError_(msg("import.bad_workbook", name=path.name,
                                        detail=str(exc).splitlines()[0] if str(exc) else repr(exc))) \
            from None
    rejects: list[LineReject] = []
    try:
        order = [chosen] + [i for i in range(len(book.sheet_names)) if i != chosen]
        for index in order:
            sheet = book.get_sheet_by_index(index)
            if sheet.height == 0 or sheet.width == 0:
                continue
            if sheet.height > MAX_ROWS:
                raise ImportError_(msg("import.sheet_rows", name=path.name, rows=sheet.height, limit=MAX_ROWS))
            first_row = sheet.start[0] if sheet.start else 0
            with open(out, "w", encoding="utf-8", newline="") as fh:
                fh.write("\n" * first_row)        # rows above the used range: line = Excel row
                writer = csv.writer(fh, lineterminator="\n")
                for n, row in enumerate(sheet.iter_rows(), start=first_row + 1):
                    if cancel is not None and n % CHECK_EVERY == 0:
                        cancel.raise_if_cancelled()
                    cells = [_text(v) for v in row]
                    if index == chosen and n in formula_rows:
                        rejects.append(LineReject(n, str(msg("reject.formula", cell=formula_rows[n])),
                                                  ",".join(cells)[:RAW_MAX_CHARS]))
                        fh.write("\n")
                        continue
                    too_long = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL_CHARS), None)
                    if too_long is not None:
                        rejects.append(LineReject(n, str(msg("reject.long_cell", limit=MAX_CELL_CHARS)),
                                                  ",".join(c[:100] for c in cells)[:RAW_MAX_CHARS]))
                        fh.write("\n")
                        continue
                    if any(cells):
                        writer.writerow(cells)
                    else:
                        fh.write("\n")
            return out, rejects, (book.sheet_names[index] if index else "")
    finally:
        book.close()
    raise ImportError_(msg("import.workbook_empty", name=path.name))


def _text(v) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


#: A first sheet with fewer rows is a cover (a report's title, its totals) when another sheet has many more
COVER_ROWS = 100
#: ... at least this many times as many
COVER_RATIO = 5


def _check_xlsx(path: Path) -> tuple[int, dict[int, str]]:
    """Refuse bombs before unpacking; return the data sheet's index (:func:`_data_sheet`) and {row: cell} of its
    formulas without a value."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = {i.filename: i for i in z.infolist()}
            shared = infos.get("xl/sharedStrings.xml")
            if shared is not None and shared.file_size > MAX_SHARED_STRINGS_BYTES:
                raise ImportError_(msg("import.shared_strings_too_big", name=path.name, mb=shared.file_size / 1024 ** 2,
                                       limit=MAX_SHARED_STRINGS_LABEL))
            parts = _sheet_parts(z, infos)
            for part in parts:
                if part is not None and infos[part].file_size > MAX_SHEET_BYTES:
                    raise ImportError_(msg("import.sheet_too_big", name=path.name,
                                           gb=infos[part].file_size / 1024 ** 3, limit=MAX_SHEET_LABEL))
            if not parts or parts[0] is None:
                return 0, {}
            index = _data_sheet([_claimed_rows(z, part) if part else 0 for part in parts])
            part = parts[index] or parts[0]
            return index, _scan_sheet(z, part, path)
    except zipfile.BadZipFile as exc:
        raise ImportError_(msg("import.bad_workbook", name=path.name, detail=str(exc))) from None


def _data_sheet(rows: list[int]) -> int:
    """The sheet the export's rows are on: the first, unless it is a cover (a report's title and totals above a
    sheet of orders: fewer than :data:`COVER_ROWS` rows beside one with :data:`COVER_RATIO` times as many), then
    the one with the most rows."""
    first = next((i for i, n in enumerate(rows) if n > 0), 0)
    most = max(range(len(rows)), key=lambda i: (rows[i], -i)) if rows else 0
    if rows and rows[first] < COVER_ROWS and rows[most] >= COVER_RATIO * max(rows[first], 1):
        return most
    return first


def _claimed_rows(z: zipfile.ZipFile, part: str) -> int:
    """The rows a sheet claims (its dimension's last row), or a guess from its size when it claims none."""
    with z.open(part) as fh:
        head = fh.read(4096)
    dim = _DIMENSION.search(head)
    if dim and dim.group(1):
        return int(dim.group(1))
    return z.getinfo(part).file_size // 100


def _sheet_parts(z: zipfile.ZipFile, infos: dict) -> list[str | None]:
    """Each sheet's part in the workbook's order (None where it cannot be found)."""
    try:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return []
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
    parts: list[str | None] = []
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"))
        part = (target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                if target else None)
        parts.append(part if part in infos else None)
    return parts


def _scan_sheet(z: zipfile.ZipFile, part: str, path: Path) -> dict[int, str]:
    """One streaming pass over the sheet's XML: the row count it claims, its formulas without a value."""
    found: dict[int, str] = {}
    tail = b""
    first = True
    rows = 0
    with z.open(part) as fh:
        while block := fh.read(_SCAN_BLOCK):
            # a sheet without a (true) dimension is stopped here, before calamine holds it all
            rows += block.count(b"<row ") + block.count(b":row ")
            if rows > MAX_ROWS:
                raise ImportError_(msg("import.sheet_rows_over", name=path.name, limit=MAX_ROWS))
            data = tail + block
            if first:
                first = False
                dim = _DIMENSION.search(data[:4096])
                if dim and dim.group(1) and int(dim.group(1)) > MAX_ROWS:
                    raise ImportError_(msg("import.sheet_rows", name=path.name, rows=int(dim.group(1)), limit=MAX_ROWS))
            if b"<f" in data or b":f" in data:
                for m in _FORMULA_NO_VALUE.finditer(data):
                    found.setdefault(int(m.group(2)), (m.group(1) + m.group(2)).decode())
            # keep the last cell's start for the next block: a cell may be cut between blocks
            cut = data.rfind(b"<c ")
            tail = data[cut:] if cut >= 0 and len(data) - cut < 1 << 20 else b""
    return found
