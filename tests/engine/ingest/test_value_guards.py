"""WeChat Pay's merchant bill: a "`" before every value (so Excel keeps it text), the payer's openid, a footer of
totals (engine/ingest/readers.py ``_value_guard``, loader.stage_text)."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.ingest import import_file, inspect_file, preview_mapping
from engine.store import create_project

HEADER = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
          "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,"
          "费率,订单金额,申请退款金额,费率备注")


def _row(when: str, order: str, payer: str, state: str, amount: str, item: str, refund: str = "0.00") -> str:
    return ",".join("`" + v for v in [when, "wx1234567890abcdef", "1600000001", "0", "", f"42000012342024{order}",
                                      order, payer, "JSAPI", state, "OTHERS", "CNY", amount, "0.00", "0", "0", refund,
                                      "0.00", "", "", item, "", "0.21000", "0.60%", amount, refund, ""])


@pytest.fixture
def bill(tmp_path):
    path = tmp_path / "wechat_bill_202406.csv"
    path.write_text("\n".join([
        HEADER,
        _row("2024-06-27 06:53:00", "SO001", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "SUCCESS", "35.50", "鲜牛奶 1L"),
        _row("2024-06-28 16:03:00", "SO002", "oUpF8uKzT1xYq9wR2m3n4p5s6t7u", "SUCCESS", "128.00", "进口奶粉 900g"),
        _row("2024-06-29 10:00:00", "SO003", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "REFUND", "35.50", "鲜牛奶 1L", "35.50"),
        "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
        "`3,`163.50,`35.50,`0.00,`0.77000,`199.00,`35.50"]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "p.shiftwise")
    yield p
    p.close()


def test_a_wechat_pay_bill_lands_without_its_guards_and_its_totals(project, bill):
    result = import_file(project, bill)
    assert (result.rows_loaded, result.rows_rejected, result.rows_skipped) == (3, 0, 2)
    assert result.columns["customer_id"] == "用户标识" and result.columns["order_id"] == "商户订单号"
    assert project.cursor().execute("SELECT customer_id, ts, event_type, order_id, item_id, amount FROM events "
                                    "ORDER BY ts").fetchall() == [
        ("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", datetime(2024, 6, 27, 6, 53), "purchase", "SO001", "鲜牛奶 1L", 35.5),
        ("oUpF8uKzT1xYq9wR2m3n4p5s6t7u", datetime(2024, 6, 28, 16, 3), "purchase", "SO002", "进口奶粉 900g", 128.0),
        ("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", datetime(2024, 6, 29, 10, 0), "refund", "SO003", "鲜牛奶 1L", -35.5)]


def test_the_mapping_dialog_shows_a_bills_values_without_their_guards(project, bill):
    inspection = inspect_file(project, bill)
    assert inspection.sample_rows[0][0] == "2024-06-27 06:53:00"
    preview = preview_mapping(project, bill, inspection.guess)
    assert preview.rows[0][:3] == ("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "2024-06-27 06:53:00", "purchase")


def test_a_file_with_an_odd_backtick_keeps_it(project, tmp_path):
    """A value that begins with "`" in a file whose others do not is the value as written."""
    path = tmp_path / "orders.csv"
    path.write_text("order_id,customer_id,created_at,item\n1,u1,2024-03-01,`quoted\n2,u2,2024-03-02,plain\n",
                    encoding="utf-8")
    import_file(project, path)
    assert project.scalar("SELECT item_id FROM events WHERE customer_id = 'u1'") == "`quoted"
