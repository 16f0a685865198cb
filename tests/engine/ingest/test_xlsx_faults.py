"""Workbooks (#10.5, #10.7, #10.8, #14): formulas without a cached value are rejected by row and
cell, bombs are refused before they are unpacked, naming the limit."""

from __future__ import annotations

import zipfile

import pytest
import xlsxwriter

from engine.ingest import ImportError_, import_file, xlsx
from engine.store import create_project

HEADER = ["customer_id", "ts", "item_id", "quantity", "amount"]


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "p.shiftwise")
    yield p
    p.close()


def _book(path, rows, formulas=()):
    """``formulas``: (row, col, formula, cached value or None); None leaves no cached value."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
    _write_formulas(sheet, formulas)
    return _close(book, path, formulas)


def _write_formulas(sheet, formulas) -> None:
    for r, c, formula, value in formulas:
        sheet.write_formula(r, c, formula, None, value if value is not None else "")


def _close(book, path, formulas):
    book.close()
    if any(v is None for *_, v in formulas):
        _drop_empty_cached_values(path)
    return path


def _drop_empty_cached_values(path):
    """xlsxwriter writes <v></v> for an empty result; a program that never computes formulas writes none."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<v></v>", b"")
            dst.writestr(info, data)
    tmp.replace(path)


ROWS = [["C1", "2024-01-05 10:00:00", "I1", 2, 0], ["C2", "2024-01-06 10:00:00", "I2", 1, 0],
        ["C3", "2024-01-07 10:00:00", "I3", 3, 0]]


def test_formula_cached_values_used_and_missing_ones_rejected(project, tmp_path):
    path = _book(tmp_path / "formulas.xlsx", ROWS,
                 formulas=[(1, 4, "=D2*9.5", 19.0), (2, 4, "=D3*9.5", None), (3, 4, "=D4*9.5", 28.5)])
    result = import_file(project, path)
    assert (result.rows_loaded, result.rows_rejected) == (2, 1)
    assert dict(project.query("SELECT customer_id, amount FROM events")) == {"C1": 19.0, "C3": 28.5}
    assert project.query("SELECT line_no, reason FROM rejected_rows") == [(3, "formula without a value (cell E3)")]


def test_whole_amount_column_of_formulas_without_values(project, tmp_path):
    """#10.5: used to raise TypeError; every row is rejected by name, the import says so."""
    path = _book(tmp_path / "all_formulas.xlsx", ROWS, formulas=[(r, 4, f"=D{r + 1}*2", None) for r in (1, 2, 3)])
    with pytest.raises(ImportError_, match="formula without a value"):
        import_file(project, path)
    assert project.scalar("SELECT count(*) FROM imports") == 0


def test_shared_string_bomb_refused_naming_the_limit(project, tmp_path, monkeypatch):
    """#10.7: one huge shared string took 2.5 GB; the part's size is checked before it is read."""
    monkeypatch.setattr(xlsx, "MAX_SHARED_STRINGS_BYTES", 100_000)
    path = _book(tmp_path / "bomb.xlsx", [["C1", "2024-01-05 10:00:00", "x" * 30_000, 1, 1]] +
                 [[f"C{i}", "2024-01-05 10:00:00", f"item {i} " + "y" * 100, 1, 1] for i in range(1000)])
    with pytest.raises(ImportError_, match=f"more than the {xlsx.MAX_SHARED_STRINGS_LABEL}"):
        import_file(project, path)


def test_row_bomb_refused_before_reading(project, tmp_path, monkeypatch):
    """#10.8: a 16 MB xlsx unpacking to 5M rows ran on for minutes; rows are counted as the XML streams."""
    monkeypatch.setattr(xlsx, "MAX_ROWS", 500)
    path = _book(tmp_path / "rows.xlsx", [[f"C{i}", "2024-01-05 10:00:00", "I", 1, 1] for i in range(1000)])
    with pytest.raises(ImportError_, match="rows an Excel sheet can hold|more than the 500"):
        import_file(project, path)


def test_a_row_of_column_groups_above_the_header_is_passed_over(tmp_path):
    """An ERP's or JD's workbook groups its columns under labels (订单信息, 商品信息, 买家信息) in a row above the
    header: that row was taken for the header, and the file asked for a customer and a time."""
    import openpyxl

    from engine.ingest import import_file
    from engine.store import create_project

    path = tmp_path / "orders.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["订单信息", None, None, "商品信息", None, None, "买家信息"])
    sheet.append(["订单号", "下单时间", "订单状态", "商品名称", "商品数量", "商品金额", "买家账号"])
    sheet.append(["A1", "2024-06-27 06:53:00", "已完成", "牛奶", 2, 24.0, "u1"])
    sheet.append(["A2", "2024-06-28 16:03:00", "已完成", "面包", 1, 35.5, "u2"])
    book.save(path)
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert (result.rows_loaded, result.columns["amount"]) == (2, "商品金额")
        assert project.cursor().execute("SELECT customer_id, item_id, quantity, amount FROM events ORDER BY 1"
                                        ).fetchall() == [("u1", "牛奶", 2.0, 24.0), ("u2", "面包", 1.0, 35.5)]
    finally:
        project.close()


def _two_sheets(path, first_rows: int, second_rows: int, formulas=()):
    """A workbook of a 'Summary' sheet of ``first_rows`` and an 'Orders' sheet of ``second_rows`` export rows."""
    book = xlsxwriter.Workbook(str(path))
    for name, n in (("Summary", first_rows), ("Orders", second_rows)):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, HEADER)
        for r in range(1, n + 1):
            sheet.write_row(r, 0, [f"{name[0]}{r}", "2024-01-05 10:00:00", "I1", 1, 2.5])
        if name == "Orders":
            _write_formulas(sheet, formulas)
    return _close(book, path, formulas)


def test_a_cover_sheet_before_the_orders_is_passed_over(project, tmp_path):
    """A report's title and totals on its first sheet, the orders on the next: the first sheet was read, and the file
    asked for a customer and a time. The orders' sheet is read, its formulas without a value rejected by row."""
    path = _two_sheets(tmp_path / "report.xlsx", 3, 40, formulas=[(5, 4, "=D6*2", None)])
    result = import_file(project, path)
    assert (result.rows_loaded, result.rows_rejected) == (39, 1)
    assert "read from the sheet 'Orders', not the first (a cover" in str(result.summary())
    assert project.scalar("SELECT count(*) FROM events WHERE customer_id LIKE 'O%'") == 39
    assert project.query("SELECT line_no, reason FROM rejected_rows") == [(6, "formula without a value (cell E6)")]


@pytest.mark.parametrize("first,second", [(150, 2000), (20, 60)])
def test_a_first_sheet_of_rows_is_read_whatever_follows(project, tmp_path, first, second):
    """The first sheet holds the export (a lookup sheet after it, however long; a second sheet not many times
    longer): it is read, as before."""
    result = import_file(project, _two_sheets(tmp_path / "book.xlsx", first, second))
    assert result.rows_loaded == first
    assert result.sheet == "" and "sheet" not in str(result.summary())
    assert project.scalar("SELECT count(*) FROM events WHERE customer_id LIKE 'S%'") == first


def test_a_cancel_stops_a_sheet_written_out_between_rows(tmp_path, monkeypatch):
    """A sheet of a million rows is written out as the workbook is opened (the import's job, the mapping dialog's
    preview): a cancel is heard every CHECK_EVERY rows, and the half-written copy goes with its temp folder."""
    from engine.ingest.readers import open_source
    from engine.jobs import CancelToken, JobCancelled

    monkeypatch.setattr(xlsx, "CHECK_EVERY", 2)
    path = _book(tmp_path / "orders.xlsx", ROWS * 3)
    looks = []

    class Token(CancelToken):
        def raise_if_cancelled(self) -> None:   # cancelled at the second look, part way through the sheet
            looks.append(1)
            if len(looks) == 2:
                self.cancel()
            super().raise_if_cancelled()

    temps = tmp_path / "temps"
    temps.mkdir()
    with pytest.raises(JobCancelled):
        open_source(path, tmp_root=temps, cancel=Token())
    assert len(looks) == 2 and not any(temps.rglob("*.csv"))
