"""Which column of a file plays which role, as a plain JSON-able object.

The mapping JSON (``--mapping FILE.json`` on the command line, the
``saved_mappings`` table, ``imports.mapping_json``)::

    {
      "format": "generic",                 # a name from engine.ingest.formats, or "custom"
      "columns": {                         # role -> column name in the file
        "customer_id": "Email", "ts": "Created at", "time_of_day": null, "event_type": "action",
        "order_id": "Name", "item_id": "Lineitem sku", "item_name": "Lineitem name",
        "category": "Type", "category_path": null, "quantity": "Lineitem quantity",
        "amount": null, "unit_price": "Lineitem price", "currency": "Currency", "status": "Financial Status",
        "age_band": null, "gender": null, "region": "Billing Province",
        "channel": null, "member_level": null
      },
      "event_type_values": {"pv": "view", "buy": "purchase"},  # raw -> canonical, or "skip"
      "status_values": {"refunded": "refund", "voided": "skip"}, # raw order status -> event
      "default_event_type": "purchase",    # when there is no event_type column
      "timezone": "Europe/Berlin",         # zone of naive times (default: the project's)
      "ts_format": null,                   # force: iso, unix_s, unix_ms, unix_us, excel, mmdd
                                           #   or a strptime format such as "%d/%m/%Y %H:%M"
      "year": null,                        # the year of mmdd dates (Tmall logs)
      "fill_by_order": false,              # order fields only on an order's first row (Shopify)
      "from_orders": [],                   # roles read from the orders' file imported with these order
                                           #   lines, joined by the order id (Taobao's 宝贝报表 and 订单报表)
      "header": true,                      # false: headerless file, columns named by
      "column_names": null,                #   this list instead
      "encoding": null,                    # the text's encoding (a Python codec name: cp1254, big5...),
                                           #   null to recognise it
      "main_currency": "USD",              # the currency spend is in (null: the one most lines are in)
      "currency_rates": {"CAD": 0.74}      # one unit of another currency in the main one: its lines' amounts
                                           #   are converted (a currency without a rate: its lines have no spend)
    }

Only ``columns.customer_id`` and ``columns.ts`` are required. Roles missing or
null are not imported. Customer attribute roles (age_band, gender, region,
channel, member_level) go to ``customer_attributes``.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.features.current_attributes import ROLES as ATTRIBUTE_COLUMNS
from engine.ingest.currency_codes import one_code
from engine.ingest.header_words import normalise_header

#: time_of_day: a time written in a column of its own beside the date in ``ts`` (Square's Date and Time)
#: currency: the code the amounts are in, on each line (an Amazon report of several marketplaces, a cross-border ERP's)
EVENT_ROLES = ("customer_id", "ts", "time_of_day", "event_type", "order_id", "item_id", "item_name", "category",
               "category_path", "quantity", "amount", "unit_price", "currency", "status")
#: customer_attributes' columns: a role added there needs a migration
ATTRIBUTE_ROLES = ATTRIBUTE_COLUMNS
ROLES = EVENT_ROLES + ATTRIBUTE_ROLES
REQUIRED_ROLES = ("customer_id", "ts")
#: Files of lists, not events, by the format that reads them: the roles each needs (a list of customers needs one of
#: their attributes too, "attribute" in :meth:`Mapping.missing_required`): engine.ingest.formats.product_catalog,
#: engine.ingest.customer_list.
LIST_REQUIRED = {"product_catalog": ("item_id", "category"), "customer_list": ("customer_id",)}
#: The roles a list's import reads (the others are not read from it).
LIST_ROLES = {"product_catalog": ("item_id", "item_name", "category", "category_path"),
              "customer_list": ("customer_id",) + ATTRIBUTE_ROLES}
EVENT_TYPES = ("view", "cart", "favourite", "purchase", "refund")

ROLE_LABELS = {
    "customer_id": "Customer", "ts": "Time", "time_of_day": "Time of day", "event_type": "Event type",
    "order_id": "Order",
    "item_id": "Item id", "item_name": "Item name", "category": "Category",
    "category_path": "Category path", "quantity": "Quantity", "amount": "Line amount",
    "unit_price": "Unit price", "currency": "Currency", "status": "Order status", "age_band": "Age band",
    "gender": "Gender",
    "region": "Region", "channel": "Channel", "member_level": "Member level",
    "attribute": "an attribute (age band, gender, region, channel or member level)",
}

#: Raw event names most exports use, lower-cased.
COMMON_EVENT_VALUES = {
    "view": "view", "pv": "view", "click": "view", "page_view": "view", "view_item": "view",
    "detail": "view", "product_view": "view", "浏览": "view", "点击": "view",
    "cart": "cart", "addtocart": "cart", "add_to_cart": "cart", "add-to-cart": "cart", "加购": "cart",
    "fav": "favourite", "favorite": "favourite", "favourite": "favourite", "wishlist": "favourite",
    "add_to_wishlist": "favourite", "收藏": "favourite",
    "buy": "purchase", "purchase": "purchase", "order": "purchase", "transaction": "purchase",
    "sale": "purchase", "payment": "purchase", "购买": "purchase",
    "refund": "refund", "return": "refund", "returned": "refund", "refunded": "refund", "退款": "refund",
    # an item taken out of the cart (REES46's, GA4's) is no event the models read: left out, not rejected
    "remove_from_cart": "skip", "removefromcart": "skip", "remove-from-cart": "skip", "remove_from_wishlist": "skip",
}

#: Order statuses: what a merchandiser expects each to mean.
COMMON_STATUS_VALUES = {
    "refunded": "refund", "partially_refunded": "purchase", "returned": "refund",
    "cancelled": "skip", "canceled": "skip", "voided": "skip", "failed": "skip", "pending": "skip",
    "trash": "skip", "draft": "skip", "on-hold": "purchase",
    "交易关闭": "skip", "等待买家付款": "skip", "退款成功": "refund", "已退款": "refund",
    "交易成功": "purchase", "卖家已发货": "purchase", "买家已付款": "purchase",
    "等待卖家发货": "purchase", "等待买家确认收货": "purchase",
    # orders never paid or called off: JD, Pinduoduo, Douyin, Youzan and the ERPs' words
    "unpaid": "skip", "awaiting payment": "skip", "payment pending": "skip", "expired": "skip",
    "abandoned": "skip", "declined": "skip", "rejected": "skip",
    "已取消": "skip", "订单取消": "skip", "取消": "skip", "已关闭": "skip", "交易取消": "skip", "待付款": "skip",
    "等待付款": "skip", "未付款": "skip", "待支付": "skip", "已作废": "skip", "作废": "skip",
    "退货退款": "refund", "退货/退款": "refund", "已退货": "refund", "退货成功": "refund", "全额退款": "refund",
    "未发货，退款成功": "refund", "已签收，退款成功": "refund", "已发货，退款成功": "refund",
    "已完成": "purchase", "交易完成": "purchase", "已签收": "purchase", "已发货": "purchase",
    "待发货": "purchase", "已付款": "purchase", "待收货": "purchase", "已收货": "purchase",
    "部分退款": "purchase", "已发货，待签收": "purchase",
    # WeChat Pay's and Alipay's payment states (a bill lists payments, refunded ones as REFUND)
    "success": "purchase", "refund": "refund", "notpay": "skip", "revoked": "skip", "payerror": "skip",
    "userpaying": "skip", "支付成功": "purchase", "转入退款": "refund",
    # Mercado Libre's, Shopee Brazil's and the European ledgers' words
    "cancelada": "skip", "cancelado": "skip", "anulada": "skip", "annulée": "skip", "annulé": "skip",
    "storniert": "skip", "pendiente de pago": "skip", "aguardando pagamento": "skip", "não pago": "skip",
    "devuelta": "refund", "devuelto": "refund", "reembolsada": "refund", "reembolsado": "refund",
    "devolvido": "refund", "remboursée": "refund", "remboursé": "refund", "erstattet": "refund",
    "zurückerstattet": "refund", "retourniert": "refund",
    # Shopee Taiwan's and Traditional-character shops' (不成立: the order never went through)
    "不成立": "skip", "交易關閉": "skip", "等待買家付款": "skip", "已關閉": "skip", "退貨/退款": "refund",
    "退貨退款": "refund", "已退貨": "refund", "買家已付款": "purchase", "賣家已發貨": "purchase",
    # Japanese and Korean shops' (Rakuten, Coupang, Naver)
    "キャンセル": "skip", "キャンセル済み": "skip", "返品": "refund", "返金": "refund", "返金済み": "refund",
    "発送済み": "purchase", "完了": "purchase", "취소": "skip", "주문취소": "skip", "취소완료": "skip",
    "입금대기": "skip", "반품": "refund", "반품완료": "refund", "환불": "refund", "환불완료": "refund",
    "구매확정": "purchase", "배송완료": "purchase", "배송중": "purchase", "결제완료": "purchase",
    # Indonesian, Vietnamese and Thai shops' (Tokopedia, Shopee VN and TH)
    "dibatalkan": "skip", "pesanan dibatalkan": "skip", "dibatalkan pembeli": "skip", "belum bayar": "skip",
    "selesai": "purchase", "pesanan selesai": "purchase", "dikirim": "purchase", "dikembalikan": "refund",
    "pengembalian dana": "refund", "đã hủy": "skip", "chờ thanh toán": "skip", "hoàn thành": "purchase",
    "đã giao": "purchase", "đang giao": "purchase", "trả hàng/hoàn tiền": "refund", "ยกเลิกแล้ว": "skip",
    "ที่ต้องชำระ": "skip", "สำเร็จแล้ว": "purchase", "จัดส่งแล้ว": "purchase", "คืนเงินแล้ว": "refund",
}

@dataclass
class Mapping:
    format: str = "generic"
    columns: dict[str, str | None] = field(default_factory=dict)
    event_type_values: dict[str, str] = field(default_factory=dict)
    status_values: dict[str, str] = field(default_factory=dict)
    default_event_type: str = "purchase"
    timezone: str | None = None
    ts_format: str | None = None
    year: int | None = None
    fill_by_order: bool = False
    #: roles whose columns (named in ``columns``) come from the orders' file of the same import, joined to each line
    #: by its order id: a file of order lines without the buyer or the time (engine/ingest/order_lines.py)
    from_orders: list[str] = field(default_factory=list)
    header: bool = True
    column_names: list[str] | None = None
    #: the file's text encoding (a Python codec name), None to recognise it: for a file whose encoding the
    #: import cannot tell from its bytes (a short Turkish ledger in cp1254 reads as well in cp1252)
    encoding: str | None = None
    #: the currency spend is in (a code, a sign or a name: engine/ingest/currencies.py), None for the one most of
    #: the file's lines are in; and the value of one unit of each other currency in it, typed by the merchandiser
    #: (the app runs offline: it knows no rates). A line in a currency without a rate has no spend.
    main_currency: str | None = None
    currency_rates: dict[str, float] = field(default_factory=dict)

    def column(self, role: str) -> str | None:
        return self.columns.get(role) or None

    def missing_required(self) -> list[str]:
        if self.format in LIST_REQUIRED:
            missing = [r for r in LIST_REQUIRED[self.format] if not self.column(r)]
            if self.format == "customer_list" and not any(self.column(r) for r in ATTRIBUTE_ROLES):
                missing.append("attribute")
            return missing
        return [r for r in REQUIRED_ROLES if not self.column(r)]

    @property
    def staged(self) -> bool:
        """The file is read from a text copy made first: its order fields filled down, or joined from its orders."""
        return self.fill_by_order or bool(self.from_orders)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Mapping":
        if not isinstance(data, dict):
            raise ValueError("a mapping is a JSON object")
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        unknown = set(data) - set(known)
        if unknown:
            raise ValueError(f"unknown mapping keys: {', '.join(sorted(unknown))}")
        columns = dict(known.get("columns") or {})
        bad = [r for r in columns if r not in ROLES]
        if bad:
            raise ValueError(f"unknown roles in mapping: {', '.join(bad)} (known: {', '.join(ROLES)})")
        known["columns"] = columns
        joined = list(known.get("from_orders") or [])
        if any(r not in ROLES for r in joined):
            raise ValueError(f"from_orders: unknown roles {', '.join(r for r in joined if r not in ROLES)}")
        known["from_orders"] = joined
        if known.get("encoding"):
            try:
                known["encoding"] = codecs.lookup(str(known["encoding"])).name
            except LookupError:
                raise ValueError(f"unknown encoding: {known['encoding']}") from None
        if known.get("main_currency") is not None:
            known["main_currency"] = one_code(str(known["main_currency"])) or None
        known["currency_rates"] = rates(known.get("currency_rates") or {})
        for key in ("event_type_values", "status_values"):
            values = known.get(key) or {}
            wrong = {k: v for k, v in values.items() if v not in EVENT_TYPES + ("skip",)}
            if wrong:
                raise ValueError(f"{key}: {wrong} must map to one of {', '.join(EVENT_TYPES)} or skip")
            known[key] = {str(k).strip().lower(): v for k, v in values.items()}
        return cls(**known)

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        return cls.from_dict(json.loads(text))


def rates(given: dict) -> dict[str, float]:
    """Exchange rates as the mapping keeps them: each currency's one code, a positive number."""
    if not isinstance(given, dict):
        raise ValueError("currency_rates: an object of currency -> rate ({\"CAD\": 0.74})")
    out = {}
    for currency, rate in given.items():
        try:
            value = float(rate)
        except (TypeError, ValueError):
            raise ValueError(f"currency_rates: {currency}'s rate {rate!r} is no number") from None
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"currency_rates: {currency}'s rate must be a positive number (not {rate!r})")
        code = one_code(str(currency))
        if not code:
            raise ValueError("currency_rates: a rate without its currency")
        out[code] = value
    return out


def header_hash(header: list[str]) -> str:
    """A file's header identity: the same columns in the same order, whatever the case or spaces."""
    key = "\x1f".join(normalise_header(c) for c in header)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def load_saved(cur, header: list[str]) -> Mapping | None:
    rows = cur.execute("SELECT mapping_json FROM saved_mappings WHERE header_hash = ?",
                       [header_hash(header)]).fetchall()
    return Mapping.from_json(rows[0][0]) if rows else None


def save_mapping(cur, header: list[str], mapping: Mapping) -> None:
    cur.execute(
        "INSERT INTO saved_mappings (header_hash, format, mapping_json) VALUES (?, ?, ?) "
        "ON CONFLICT (header_hash) DO UPDATE SET format = excluded.format, "
        "mapping_json = excluded.mapping_json, saved_at = current_localtimestamp()",
        [header_hash(header), mapping.format, mapping.to_json()])
