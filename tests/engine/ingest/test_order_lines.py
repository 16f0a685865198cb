"""Order lines imported with their orders' file (engine/ingest/order_lines.py): Taobao's 宝贝报表 with its 订单报表,
and an ERP's order lines with its order headers."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from engine.ingest import ImportError_, Mapping, NeedsMapping, import_file, import_files
from engine.read.imports import import_notes
from engine.store import create_project

ORDERS_HEADER = ("订单编号,买家会员名,买家支付宝账号,买家实际支付金额,订单状态,订单创建时间,订单付款时间,宝贝标题,宝贝种类,"
                 "收货地址")
LINES_HEADER = "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码"


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "p.shiftwise")
    yield p
    p.close()


def _write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="gb18030")   # as Taobao writes them
    return path


def taobao_pair(folder: Path, month: int = 3, first: int = 100) -> tuple[Path, Path]:
    """Three orders (the second closed, never paid) and their five lines, as the seller centre writes them."""
    a, b, c = (f"39000000000{first + i}" for i in range(3))
    orders = _write(folder / f"ExportOrderList2024{month:02d}.csv", ORDERS_HEADER, [
        f'="{a}",小明,a***@qq.com,177.00,交易成功,2024-{month:02d}-01 10:00:00,2024-{month:02d}-01 10:02:33,'
        '宝宝奶瓶 240ml，婴儿奶粉 900g,2,浙江省 杭州市 西湖区 文三路1号(310000)',
        f'="{b}",小红,b***@qq.com,99.00,交易关闭,2024-{month:02d}-02 11:00:00,,儿童积木玩具,1,北京 北京市 朝阳区 建国路2号',
        f'="{c}",小红,b***@qq.com,226.00,交易成功,2024-{month:02d}-05 20:00:00,2024-{month:02d}-05 20:01:00,'
        '纸尿裤 L码 52片，婴儿湿巾 80抽,2,北京 北京市 朝阳区 建国路2号'])
    lines = _write(folder / f"ExportOrderDetailList2024{month:02d}.csv", LINES_HEADER, [
        f'="{a}",宝宝奶瓶 240ml,59.00,1,,颜色分类:默认,,,交易成功,NB240',
        f'="{a}",婴儿奶粉 900g,59.00,2,,颜色分类:默认,,,交易成功,MF900',
        f'="{b}",儿童积木玩具,99.00,1,,颜色分类:默认,,,交易关闭,TOY01',
        f'="{c}",纸尿裤 L码 52片,128.00,1,,尺码:L,,,交易成功,DPL52',
        f'="{c}",婴儿湿巾 80抽,49.00,2,,,,,交易成功,WW80'])
    return orders, lines


def _events(project) -> list[tuple]:
    return project.cursor().execute("SELECT customer_id, ts, order_id, item_id, item_name, quantity, amount "
                                    "FROM events ORDER BY ts, item_id").fetchall()


def test_each_line_takes_its_orders_buyer_and_paid_time(project, tmp_path):
    orders, lines = taobao_pair(tmp_path)
    first, second = import_files(project, [orders, lines])
    assert second.result.format == "taobao_order_lines"
    assert (second.result.rows_loaded, second.result.rows_skipped, second.result.rows_rejected) == (4, 1, 0)
    assert _events(project) == [
        ("小明", datetime(2024, 3, 1, 10, 2, 33), "39000000000100", "MF900", "婴儿奶粉 900g", 2.0, 118.0),
        ("小明", datetime(2024, 3, 1, 10, 2, 33), "39000000000100", "NB240", "宝宝奶瓶 240ml", 1.0, 59.0),
        ("小红", datetime(2024, 3, 5, 20, 1), "39000000000102", "DPL52", "纸尿裤 L码 52片", 1.0, 128.0),
        ("小红", datetime(2024, 3, 5, 20, 1), "39000000000102", "WW80", "婴儿湿巾 80抽", 2.0, 98.0)]
    # the order list lands no events of its own (its titles joined would be products), and says what it gave
    assert first.result.rows_loaded == 0 and first.result.orders_given == 3
    assert str(first.result.summary()) == (f"{orders.name}: taobao_seller, the buyers and times of 3 orders, "
                                           f"read with the lines of {lines.name}")
    assert [str(n) for n in import_notes(project, first.result.import_id)] == [
        f"the buyers and times of 3 orders, read with the lines of {lines.name}"]
    assert project.scalar("SELECT value FROM meta WHERE key = 'timezone'") == "Asia/Shanghai"
    saved = json.loads(project.scalar("SELECT mapping_json FROM imports WHERE import_id = ?",
                                      [second.result.import_id]))
    assert saved["from_orders"] == ["customer_id", "ts", "region"]
    # the buyers' provinces, from the order report's addresses
    assert project.cursor().execute("SELECT customer_id, region FROM customer_attributes ORDER BY 1").fetchall() == [
        ("小明", "浙江省"), ("小红", "北京市")]
    assert saved["columns"]["customer_id"] == "买家会员名" and saved["columns"]["status"] == "订单状态"


def test_the_same_pair_again_is_known_and_the_lines_in_either_order(project, tmp_path):
    orders, lines = taobao_pair(tmp_path)
    import_files(project, [lines, orders])    # the lines first: the orders are staged before any file loads
    assert project.scalar("SELECT count(*) FROM events") == 4
    again = import_files(project, [orders, lines])
    assert all(o.result.already_imported for o in again)
    assert project.scalar("SELECT count(*) FROM events") == 4


def test_the_lines_alone_are_refused_naming_the_order_report(project, tmp_path):
    _, lines = taobao_pair(tmp_path)
    with pytest.raises(ImportError_, match="its order lines have no buyer and no time.*订单报表, ExportOrderList"):
        import_file(project, lines)
    assert project.scalar("SELECT count(*) FROM imports") == 0


def test_lines_with_another_shops_file_are_refused_and_nothing_lands(project, tmp_path):
    """With a file that gives no orders (events without order ids), the lines still say what they need."""
    _, lines = taobao_pair(tmp_path)
    other = tmp_path / "events.csv"
    other.write_text("user_id,timestamp,item_id\nu1,2024-03-01 10:00:00,X\n", encoding="utf-8")
    outcomes = import_files(project, [other, lines])
    assert isinstance(outcomes[1].error, ImportError_) and "订单报表" in str(outcomes[1].summary())
    assert outcomes[0].rolled_back
    assert project.scalar("SELECT count(*) FROM imports") == 0


def test_a_line_whose_order_is_in_no_orders_file_is_rejected_with_its_line(project, tmp_path):
    orders, lines = taobao_pair(tmp_path)
    with lines.open("a", encoding="gb18030") as f:
        f.write('="39000000000999",一件别月的宝贝,10.00,1,,,,,交易成功,LATE1\n')
    _, result = (o.result for o in import_files(project, [orders, lines]))
    assert (result.rows_loaded, result.rows_rejected) == (4, 1)
    assert project.cursor().execute("SELECT line_no, reason FROM rejected_rows").fetchall() == [
        (7, "order not in the orders' file")]


def test_two_months_of_pairs_in_one_import(project, tmp_path):
    """Monthly exports: each month's lines find their orders whichever order list holds them; an order in two
    order lists (exports that overlap) is one order."""
    march = taobao_pair(tmp_path, 3, 100)
    april = taobao_pair(tmp_path, 4, 200)
    overlap = _write(tmp_path / "ExportOrderList_overlap.csv", ORDERS_HEADER, [
        '="39000000000100",小明,a***@qq.com,177.00,交易成功,2024-03-01 10:00:00,2024-03-01 10:02:33,x,2,浙江省'])
    outcomes = import_files(project, [*march, *april, overlap])
    assert [o.result.rows_loaded for o in outcomes] == [0, 4, 0, 4, 0]
    assert [o.result.orders_given for o in outcomes] == [3, 0, 3, 0, 1]
    assert project.scalar("SELECT count(*) FROM events") == 8
    assert project.scalar("SELECT count(DISTINCT customer_id) FROM events") == 2


def test_an_order_list_imported_alone_before_stops_the_pair(project, tmp_path):
    """The order list alone lands an event per order (its titles joined): imported again with its lines it would
    be counted twice, so the import says which import to remove."""
    orders, lines = taobao_pair(tmp_path)
    [alone] = import_files(project, [orders])
    assert alone.result.rows_loaded == 2
    outcomes = import_files(project, [orders, lines])
    assert f"remove import {alone.result.import_id}" in str(outcomes[0].summary())
    assert project.scalar("SELECT count(*) FROM events") == 2


def test_an_erps_order_lines_and_order_headers_in_english(project, tmp_path):
    """No format names them: the lines have an order number and no customer or date, the headers have all three."""
    heads = tmp_path / "order_headers.csv"
    heads.write_text("Order No,Customer,Order Date,Region\nSO-1,C001,2024-05-02,North\nSO-2,C002,2024-05-03,South\n",
                     encoding="utf-8")
    rows = tmp_path / "order_lines.csv"
    rows.write_text("Order No,Product,Qty,Price\nSO-1,Tea,2,3.50\nSO-1,Cup,1,8.00\nSO-2,Tea,1,3.50\n",
                    encoding="utf-8")
    first, second = import_files(project, [heads, rows])
    assert (first.result.orders_given, second.result.rows_loaded) == (2, 3)
    assert project.cursor().execute("SELECT customer_id, item_id, amount FROM events ORDER BY customer_id, item_id"
                                    ).fetchall() == [("C001", "Cup", 8.0), ("C001", "Tea", 7.0), ("C002", "Tea", 3.5)]
    assert project.cursor().execute("SELECT customer_id, region FROM customer_attributes ORDER BY 1").fetchall() == [
        ("C001", "North"), ("C002", "South")]


def test_generic_lines_alone_ask_for_their_columns(project, tmp_path):
    rows = tmp_path / "order_lines.csv"
    rows.write_text("Order No,Product,Qty,Price\nSO-1,Tea,2,3.50\n", encoding="utf-8")
    other = tmp_path / "more_lines.csv"
    other.write_text("Order No,Product,Qty,Price\nSO-2,Cup,1,8.00\n", encoding="utf-8")
    outcomes = import_files(project, [rows, other])
    assert all(isinstance(o.error, NeedsMapping) for o in outcomes)


def test_a_mapping_names_the_roles_it_takes_from_the_orders():
    m = Mapping.from_json('{"format": "taobao_order_lines", "columns": {"order_id": "订单编号"}, '
                          '"from_orders": ["customer_id", "ts"]}')
    assert m.from_orders == ["customer_id", "ts"] and m.staged
    with pytest.raises(ValueError, match="from_orders"):
        Mapping.from_dict({"from_orders": ["buyer"]})


def test_a_whole_shops_export_beside_the_lines_lands_as_events_and_gives_no_orders(project, tmp_path):
    """A file whose order ids repeat is lines with their buyers, not orders: it lands as it would alone, and lines
    whose orders are in no orders' file are refused, naming why."""
    _, lines = taobao_pair(tmp_path)
    shop = tmp_path / "shop_lines.csv"
    a = "39000000000100"    # the lines' first order: its buyer is not taken from a file of lines
    shop.write_text(f"order_id,customer_id,timestamp,item_id\n{a},u1,2024-03-01 10:00:00,X\n"
                    f"{a},u1,2024-03-01 10:00:00,Y\n", encoding="utf-8")
    outcomes = import_files(project, [shop, lines])
    assert "its order is in no orders' file of the import" in str(outcomes[1].summary())
    assert outcomes[0].rolled_back and project.scalar("SELECT count(*) FROM imports") == 0
    [alone] = import_files(project, [shop])
    assert alone.result.rows_loaded == 2


def test_the_order_report_alone_lands_with_a_warning_naming_its_lines_file(project, tmp_path):
    """Alone it is still the shop's buyers, times and spend; its products are titles joined, and it says so."""
    orders, _ = taobao_pair(tmp_path)
    result = import_file(project, orders)
    assert result.rows_loaded == 2
    assert str(result.warning) == (
        f"{orders.name} is Taobao's order report: each order landed as one line whose product is its titles joined "
        "(宝贝标题); import it together with its 宝贝报表 (ExportOrderDetailList) for each line's own product")
    assert [str(n) for n in import_notes(project, result.import_id)] == [str(result.warning)]


def test_order_numbers_excel_wrote_in_scientific_notation_stop_the_pair_saying_why(project, tmp_path):
    """The order report opened and saved in Excel: its 18-digit order numbers are 3.90012E+17, and no line meets its
    order (two orders would meet one line)."""
    orders, lines = taobao_pair(tmp_path)
    text = orders.read_text(encoding="gb18030").splitlines()
    saved = [text[0]] + [f"3.90000000001E+13,{row.split(',', 1)[1]}" for row in text[1:]]
    orders.write_text("\n".join(saved) + "\n", encoding="gb18030")
    outcomes = import_files(project, [orders, lines])
    assert str(outcomes[0].summary()) == (
        f"{orders.name}: The 订单编号 column holds numbers Excel wrote in scientific notation (3.90000000001E+13): "
        "their last digits are lost, so different ids read as one. Export the file again and import it without "
        "saving it in Excel (or save that column as text)")
    assert project.scalar("SELECT count(*) FROM imports") == 0


def test_customer_numbers_in_scientific_notation_land_with_a_warning(project, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order_id,customer_id,created_at\n1,1.38123E+10,2024-03-01\n2,1.39456E+10,2024-03-02\n",
                    encoding="utf-8")
    result = import_file(project, path)
    assert result.rows_loaded == 2
    assert str(result.warning).startswith("The customer_id column holds numbers Excel wrote in scientific notation "
                                          "(1.38123E+10)")


def test_lines_with_their_buyers_merged_in_are_the_same_events_as_the_pair(project, tmp_path):
    """A merchant who merges the order report's buyer and paid time into 宝贝报表 (a VLOOKUP) has one file: it lands
    as the pair does, its 标题 the product's name."""
    orders, lines = taobao_pair(tmp_path)
    import_files(project, [orders, lines])
    pair = _events(project)
    merged = _write(tmp_path / "宝贝报表_买家.csv", "订单编号,买家会员名,订单付款时间,标题,价格,购买数量,订单状态,商家编码", [
        '="39000000000100",小明,2024-03-01 10:02:33,宝宝奶瓶 240ml,59.00,1,交易成功,NB240',
        '="39000000000100",小明,2024-03-01 10:02:33,婴儿奶粉 900g,59.00,2,交易成功,MF900',
        '="39000000000101",小红,,儿童积木玩具,99.00,1,交易关闭,TOY01',
        '="39000000000102",小红,2024-03-05 20:01:00,纸尿裤 L码 52片,128.00,1,交易成功,DPL52',
        '="39000000000102",小红,2024-03-05 20:01:00,婴儿湿巾 80抽,49.00,2,交易成功,WW80'])
    other = create_project(tmp_path / "merged.shiftwise")
    try:
        assert import_file(other, merged).format == "taobao_seller"
        assert _events(other) == pair
    finally:
        other.close()


def test_the_rejects_line_numbers_do_not_depend_on_the_joins_order(project, tmp_path, monkeypatch):
    """The lines are read joined to their orders, and a join keeps no order (at 10^6 lines, read on two cores, a
    re-read of the join in its own order put a line at 500,000 on 254,240): the rejects' re-read sorts the lines
    back into file order. Here the join returns them last line first."""
    from engine.ingest import order_lines

    joined = order_lines.joined_select
    monkeypatch.setattr(order_lines, "joined_select",
                        lambda mapping, raw: joined(mapping, raw) + " ORDER BY d.rowid DESC")
    orders, lines = taobao_pair(tmp_path)
    rows = lines.read_text(encoding="gb18030").splitlines()
    rows.insert(2, '="39000000000999",一件别月的宝贝,10.00,1,,,,,交易成功,LATE1')   # line 3
    lines.write_text("\n".join(rows) + "\n", encoding="gb18030")
    _, result = (o.result for o in import_files(project, [orders, lines]))
    assert (result.rows_loaded, result.rows_rejected) == (4, 1)
    assert project.cursor().execute("SELECT line_no FROM rejected_rows").fetchall() == [(3,)]
