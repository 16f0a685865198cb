"""Taobao: the UserBehavior dataset (headerless) and Taobao/Tmall seller order exports: the order report (订单报表)
and its lines (宝贝报表), read together (:mod:`engine.ingest.order_lines`)."""

from __future__ import annotations

from engine.ingest.formats._util import find
from engine.ingest.header_words import guess_roles
from engine.ingest.mapping import Mapping

BEHAVIOURS = {"pv": "view", "buy": "purchase", "cart": "cart", "fav": "favourite"}


def recognise_userbehavior(header: list[str], sample: list[list[str]]) -> Mapping | None:
    """user_id, item_id, category_id, behavior_type (pv/buy/cart/fav), unix seconds; no header."""
    rows = [r for r in sample if len(r) == 5][:50]
    named = find(header, "behavior_type", "behaviour_type") is not None and len(header) == 5
    if not named and not (rows and len(header) == 5 and header[0] == "column1"
                          and all(r[3].strip() in BEHAVIOURS and r[4].strip().isdigit() for r in rows)):
        return None
    names = header if named else ["user_id", "item_id", "category_id", "behavior_type", "timestamp"]
    return Mapping(format="taobao_userbehavior", header=named, column_names=None if named else names,
                   columns={"customer_id": names[0], "item_id": names[1], "category": names[2],
                            "event_type": names[3], "ts": names[4]},
                   event_type_values=dict(BEHAVIOURS), ts_format="unix_s")


SELLER_MARKERS = ("订单编号", "买家会员名", "买家id", "宝贝标题", "订单付款时间", "主订单编号", "子订单编号")


def recognise_seller(header: list[str], sample: list[list[str]]) -> Mapping | None:
    """Seller centre order exports: Chinese headers, one row per order line (子订单)."""
    if sum(1 for m in SELLER_MARKERS if find(header, m)) < 2:
        return None
    roles = guess_roles(header)
    roles["order_id"] = find(header, "主订单编号", "订单编号", "订单号") or roles.get("order_id")
    roles["ts"] = find(header, "付款时间", "订单付款时间", "支付时间", "订单创建时间", "创建时间") or roles.get("ts")
    roles["amount"] = find(header, "买家实际支付金额", "实付金额", "总金额") or roles.get("amount")
    # a line's title: 宝贝报表's own word (its lines with their buyers merged in by the merchant)
    roles["item_name"] = roles.get("item_name") or find(header, "标题")
    mapping = Mapping(format="taobao_seller", columns=roles, timezone="Asia/Shanghai")
    return None if mapping.missing_required() else mapping


#: 宝贝报表 (ExportOrderDetailList): a row per order line; its buyer and time are in 订单报表, imported with it.
LINE_MARKERS = ("订单编号", "标题", "价格", "购买数量")


def recognise_order_lines(header: list[str], sample: list[list[str]]) -> Mapping | None:
    """The seller centre's order lines: order number, title, price, quantity, status, the merchant's code."""
    if not all(find(header, m) for m in LINE_MARKERS):
        return None
    roles = guess_roles(header)
    if roles.get("customer_id") or roles.get("ts"):
        return None     # an export of lines with their buyers: the seller format reads it
    code, title = find(header, "商家编码"), find(header, "标题")
    # the merchant's code is the product when the shop writes one on most lines; many shops never set it
    filled = 0
    if code:
        i = header.index(code)
        filled = sum(1 for r in sample if i < len(r) and r[i].strip())
    item = code if code and filled >= 0.5 * max(len(sample), 1) else title
    # what else the header words read (a line's paid amount, a refund status) is kept; these are the report's own
    columns = {**roles, "order_id": find(header, "订单编号"), "item_id": item, "item_name": title,
               "quantity": find(header, "购买数量"), "unit_price": find(header, "价格"),
               "status": find(header, "订单状态") or roles.get("status")}
    return Mapping(format="taobao_order_lines", columns=columns, timezone="Asia/Shanghai")
