"""Every fixture (one per format and per fault) imports with the expected rows or a clear message."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from engine.ingest import ImportError_, NeedsMapping, import_file, inspect_file
from engine.store import create_project
from tests.fixtures.ingest.build import EXPECTED, write_all


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("ingest_fixtures"))


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "p.shiftwise")
    yield p
    p.close()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_loads_expected_rows(project, files, name):
    result = import_file(project, files[name])
    assert result.rows_loaded == EXPECTED[name]
    assert project.scalar("SELECT count(*) FROM events") == EXPECTED[name]


@pytest.mark.parametrize("name,fmt", [("userbehavior.csv", "taobao_userbehavior"), ("tmall_log.csv", "tmall_log"),
                                      ("retailrocket_events.csv", "retailrocket_events"),
                                      ("shopify_orders.csv", "shopify_orders"), ("woocommerce.csv", "woocommerce"),
                                      ("taobao_gbk.csv", "taobao_seller"), ("ga4.csv", "ga4"),
                                      ("generic.csv", "generic")])
def test_format_recognised(files, name, fmt):
    assert inspect_file(None, files[name]).guess.format == fmt


@pytest.mark.parametrize("name,words", [("empty.csv", "empty"), ("header_only.csv", "no data rows"),
                                        ("binary.csv", "binary")])
def test_bad_files_get_a_clear_message(project, files, name, words):
    with pytest.raises(ImportError_, match=words):
        import_file(project, files[name])
    assert project.scalar("SELECT count(*) FROM imports") == 0


def test_columns_aligned_by_spaces_are_named_as_one_column(project, tmp_path):
    """A printed report (columns lined up with spaces) reads as one column: the message says so, not that a
    column for the time is missing, and nothing lands."""
    path = tmp_path / "report.txt"
    path.write_text(" customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n"
                    " 00002 19970112  5   77.00\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="report.txt: every line reads as one column"):
        import_file(project, path)
    assert project.scalar("SELECT count(*) FROM imports") == 0


def test_unrecognised_file_asks_for_a_mapping_and_mapping_works(project, files):
    with pytest.raises(NeedsMapping) as info:
        import_file(project, files["unknown_columns.csv"])
    assert info.value.inspection.header == ["wer", "zeitpunkt", "artikel"]
    mapping = {"format": "custom", "columns": {"customer_id": "wer", "ts": "zeitpunkt", "item_id": "artikel"}}
    result = import_file(project, files["unknown_columns.csv"], mapping=mapping, remember=True)
    assert result.rows_loaded == 2
    # the same header is recognised next time from the saved mapping
    assert inspect_file(project, files["unknown_columns.csv"]).saved


def test_chinese_export_decoded_and_statuses(project, files):
    import_file(project, files["taobao_gbk.csv"])
    rows = project.query("SELECT customer_id, event_type, order_id, item_id, quantity, amount, category "
                         "FROM events ORDER BY order_id")
    assert rows[0] == ("张三", "purchase", "1000001", "0012345", 2.0, 256.0, "奶粉")
    assert rows[1][1] == "refund" and rows[1][4] == -1.0          # 退款成功
    assert rows[2][3] == "0012348" and rows[2][5] == pytest.approx(3088.5)  # ' prefix, thousands
    assert "交易关闭" not in str(rows)
    # a customer's region is known even when their only order was closed
    assert project.scalar("SELECT region FROM customer_attributes WHERE customer_id = '李四'") == "江苏省"
    assert project.scalar("SELECT count(region) FROM customer_attributes") == 3


def test_latin1_found_after_the_sample(project, files):
    result = import_file(project, files["latin1_after_ascii.csv"])
    assert (result.encoding, result.rows_rejected) == ("cp1252", 0)
    assert project.scalar("SELECT item_name FROM events WHERE customer_id = 'CL'") == "Crème brûlée"


def test_first_import_sets_the_project_zone(project, files):
    import_file(project, files["taobao_gbk.csv"])
    assert project.get_meta("timezone") == "Asia/Shanghai"
    assert project.scalar("SELECT min(ts) FROM events") == datetime(2024, 1, 5, 13, 0)  # as written
    import_file(project, files["offset_ts.csv"])  # 10:00Z is 18:00 in Beijing
    assert project.scalar("SELECT min(ts) FROM events WHERE customer_id = 'C1'") == datetime(2024, 1, 5, 18, 0)


def test_dates_and_numbers(tmp_path, files):
    cases = {"day_first.csv": datetime(2017, 4, 3, 14, 2), "us_12h.csv": datetime(2017, 12, 31, 14, 2),
             "excel_serial.csv": datetime(2024, 1, 5, 12, 0), "unix_ms_tz.csv": datetime(2024, 1, 5, 10, 0),
             "offset_ts.csv": datetime(2024, 1, 5, 10, 0)}
    for name, first in cases.items():
        with create_project(tmp_path / f"{name}.shiftwise") as p:
            import_file(p, files[name])
            assert p.scalar("SELECT min(ts) FROM events") == first, name
    with create_project(tmp_path / "dc.shiftwise") as p:
        import_file(p, files["decimal_comma.csv"])
        assert sorted(r[0] for r in p.query("SELECT amount FROM events")) == [12.9, 1234.5]


def test_timezone_converted_to_project_zone(project, files):
    project.set_meta("timezone", "Asia/Shanghai")
    import_file(project, files["offset_ts.csv"])
    assert project.scalar("SELECT min(ts) FROM events") == datetime(2024, 1, 5, 18, 0)


def test_rejects_have_line_and_reason(project, files):
    result = import_file(project, files["bad_rows.csv"])
    assert result.rows_rejected == 4
    rows = project.query("SELECT line_no, reason FROM rejected_rows ORDER BY line_no")
    assert [r[0] for r in rows] == [3, 4, 5, 7]
    assert [r[1].split(" '")[0] for r in rows] == ["no customer id", "unreadable time", "unreadable quantity",
                                                   "too many fields"]


def test_reimport_and_overlap(project, files, tmp_path):
    first = import_file(project, files["generic.csv"])
    again = import_file(project, files["generic.csv"])
    assert again.already_imported and project.scalar("SELECT count(*) FROM events") == first.rows_loaded
    overlap = tmp_path / "overlap.csv"
    overlap.write_text(files["generic.csv"].read_text() + "C9,2024-02-01 10:00:00,purchase,O9,I9,Toys,1,3\n")
    result = import_file(project, overlap)
    assert (result.rows_loaded, result.rows_duplicate) == (1, 5)
    assert project.scalar("SELECT rows_duplicate FROM imports WHERE import_id = ?", [result.import_id]) == 5


def test_catalogs_give_categories(project, files):
    import_file(project, files["shopify_orders.csv"])
    import_file(project, files["shopify_products.csv"])
    assert project.scalar("SELECT category FROM events WHERE item_id = 'PLT-1'") == "Tableware"
    import_file(project, files["retailrocket_category_tree.csv"])
    import_file(project, files["retailrocket_properties.csv"])
    import_file(project, files["retailrocket_events.csv"])
    assert project.scalar("SELECT category FROM events WHERE item_id = '7943' LIMIT 1") == "1339"
    assert project.scalar("SELECT category_path FROM events WHERE item_id = '7943' LIMIT 1") == "213 > 1339"


def test_xlsx_and_parquet(project, files, tmp_path):
    import duckdb
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["customer_id", "ts", "amount"])
    ws.append(["C1", datetime(2024, 1, 5, 10, 0), 9.5])
    ws.append(["C2", datetime(2024, 1, 6, 11, 0), 3])
    wb.save(tmp_path / "shop.xlsx")
    assert import_file(project, tmp_path / "shop.xlsx").rows_loaded == 2
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{files['ga4.csv']}', all_varchar=true)) "
               f"TO '{tmp_path / 'ga4.parquet'}' (FORMAT parquet)")
    result = import_file(project, tmp_path / "ga4.parquet")
    assert (result.format, result.rows_loaded) == ("ga4", 2)


def test_cancel_leaves_project_as_it_was(project, files):
    from engine.jobs import CancelToken, JobCancelled

    token = CancelToken()

    def progress(done, total, message="", partial=None):
        if done >= 55:
            token.cancel()

    with pytest.raises(JobCancelled):
        import_file(project, files["generic.csv"], progress=progress, cancel=token)
    assert project.scalar("SELECT count(*) FROM events") == 0
    assert project.scalar("SELECT count(*) FROM imports") == 0
    assert import_file(project, files["generic.csv"]).rows_loaded == 5
