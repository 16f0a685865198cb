"""Which column of a file plays which role, as a plain JSON-able object.

The mapping JSON (``--mapping FILE.json`` on the command line, the
``saved_mappings`` table, ``imports.mapping_json``)::

    {
      "format": "generic",                 # a name from engine.ingest.formats, or "custom"
      "columns": {                         # role -> column name in the file
        "customer_id": "Email", "ts": "Created at", "event_type": "action",
        "order_id": "Name", "item_id": "Lineitem sku", "item_name": "Lineitem name",
        "category": "Type", "category_path": null, "quantity": "Lineitem quantity",
        "amount": null, "unit_price": "Lineitem price", "status": "Financial Status",
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
      "header": true,                      # false: headerless file, columns named by
      "column_names": null                 #   this list instead
    }

Only ``columns.customer_id`` and ``columns.ts`` are required. Roles missing or
null are not imported. Customer attribute roles (age_band, gender, region,
channel, member_level) go to ``customer_attributes``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.features.current_attributes import ROLES as ATTRIBUTE_COLUMNS

EVENT_ROLES = ("customer_id", "ts", "event_type", "order_id", "item_id", "item_name", "category",
               "category_path", "quantity", "amount", "unit_price", "status")
#: customer_attributes' columns: a role added there needs a migration
ATTRIBUTE_ROLES = ATTRIBUTE_COLUMNS
ROLES = EVENT_ROLES + ATTRIBUTE_ROLES
REQUIRED_ROLES = ("customer_id", "ts")
EVENT_TYPES = ("view", "cart", "favourite", "purchase", "refund")

ROLE_LABELS = {
    "customer_id": "Customer", "ts": "Time", "event_type": "Event type", "order_id": "Order",
    "item_id": "Item id", "item_name": "Item name", "category": "Category",
    "category_path": "Category path", "quantity": "Quantity", "amount": "Line amount",
    "unit_price": "Unit price", "status": "Order status", "age_band": "Age band", "gender": "Gender",
    "region": "Region", "channel": "Channel", "member_level": "Member level",
}

#: Raw event names most exports use, lower-cased.
COMMON_EVENT_VALUES = {
    "view": "view", "pv": "view", "click": "view", "page_view": "view", "view_item": "view",
    "detail": "view", "product_view": "view", "浏览": "view", "点击": "view",
    "cart": "cart", "addtocart": "cart", "add_to_cart": "cart", "add-to-cart": "cart", "加购": "cart",
    "fav": "favourite", "favorite": "favourite", "favourite": "favourite", "wishlist": "favourite",
    "add_to_wishlist": "favourite", "收藏": "favourite",
    "buy": "purchase", "purchase": "purchase", "order": "purchase", "transaction": "purchase",
    "sale": "purchase", "购买": "purchase",
    "refund": "refund", "return": "refund", "returned": "refund", "refunded": "refund", "退款": "refund",
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
    "退货退款": "refund", "已退货": "refund", "退货成功": "refund", "全额退款": "refund",
    "未发货，退款成功": "refund", "已签收，退款成功": "refund", "已发货，退款成功": "refund",
    "已完成": "purchase", "交易完成": "purchase", "已签收": "purchase", "已发货": "purchase",
    "待发货": "purchase", "已付款": "purchase", "待收货": "purchase", "已收货": "purchase",
    "部分退款": "purchase", "已发货，待签收": "purchase",
}

# Header words per role, lower-case, most specific first. Matched on a normalised header (a unit in
# brackets at its end left out: 商品数量(件), Betrag (EUR)). Chinese platforms' own words (Taobao, Tmall, JD,
# Pinduoduo, Douyin, Youzan, the ERPs' exports) and a ledger's in German, French and Spanish: a file in none
# of these still maps in the mapping dialog. Amazon's item-price is the line's total, not a unit price. A
# buyer's phone number is the last customer word: several Chinese platforms export no buyer id, and shops
# key their customers by it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer_id", "customerid", "customer id", "user_id", "userid", "user id",
                    "visitorid", "visitor_id", "user_pseudo_id", "member_id", "buyer_id", "client_id",
                    "customer user id", "customer number", "customer no", "customer email", "billing email address",
                    "billing email", "email", "buyer-email", "buyer email", "customer", "buyer", "user",
                    "买家会员名", "买家id", "买家昵称", "会员名", "用户id", "客户id", "会员id", "买家账号", "买家帐号",
                    "客户账号", "客户帐号", "下单账号", "下单帐号", "用户账号", "会员账号", "会员卡号", "客户编号", "买家编号",
                    "客户编码", "会员编号", "用户名", "客户名称", "客户", "买家", "会员", "顾客",
                    "kundennummer", "kundennr", "kunden-nr", "kunde", "numéro client", "n° client", "client",
                    "id cliente", "cliente",
                    "买家手机号", "手机号", "收货人手机号", "收件人手机号", "手机", "联系电话"),
    "ts": ("ts", "timestamp", "event_timestamp", "datetime", "event_time", "time_stamp",
           "paid at", "paid_at", "order date", "order_date", "purchase-date", "purchase date", "created at",
           "created_at", "date", "time", "付款时间", "订单付款时间", "支付时间", "支付完成时间", "订单创建时间",
           "下单时间", "订单提交时间", "订单成交时间", "成交时间", "交易时间", "创建时间", "订单日期", "销售日期",
           "单据日期", "付款日期", "日期", "时间",
           "belegdatum", "rechnungsdatum", "bestelldatum", "datum", "date de commande", "fecha de pedido",
           "fecha"),
    "event_type": ("event_type", "event", "event_name", "behavior_type", "behaviour_type",
                   "action_type", "action", "type_of_event", "行为类型", "行为"),
    "order_id": ("order_id", "orderid", "order id", "amazon-order-id", "order number", "order_number",
                 "transaction_id", "transactionid", "name", "订单编号", "订单号", "主订单编号", "子订单编号",
                 "订单id", "线上订单号", "内部订单号", "单据编号", "单号", "交易号",
                 "belegnummer", "belegnr", "bestellnummer", "rechnungsnummer", "numéro de commande",
                 "n° de commande", "número de pedido", "pedido"),
    "item_id": ("item_id", "itemid", "product_id", "productid", "product id", "sku", "lineitem sku",
                "variant sku", "item sku", "商品编码", "商家编码", "商品id", "宝贝id", "货号", "商品编号",
                "sku编码", "sku id", "skuid", "规格编码", "商品代码", "货品编码", "物料编码", "条码",
                "artikelnummer", "artikelnr", "artikel-nr", "référence", "código", "referencia"),
    "item_name": ("item_name", "product_name", "product name", "product-name", "lineitem name", "item name",
                  "title", "product", "item", "description", "item description", "product description", "宝贝标题",
                  "商品名称", "商品标题", "宝贝名称", "选购商品", "商品名", "产品名称", "货品名称", "品名", "商品",
                  "bezeichnung", "artikelbezeichnung", "artikel", "produit",
                  "désignation", "producto", "descripción"),
    "category": ("category", "category_id", "categoryid", "cat_id", "item_category",
                 "product category", "product categories", "product type", "type", "类目", "商品类目",
                 "分类", "三级类目", "末级类目", "叶子类目", "品类", "商品分类", "warengruppe", "kategorie",
                 "catégorie", "categoría"),
    "category_path": ("category_path", "department", "category path", "类目路径", "一级类目"),
    "quantity": ("quantity", "qty", "lineitem quantity", "item quantity", "购买数量", "数量", "宝贝数量",
                 "订购数量", "商品数量", "销售数量", "件数", "menge", "anzahl", "quantité", "cantidad"),
    "amount": ("amount", "line_total", "line total", "order line total", "item total", "revenue",
               "item_revenue", "item-price", "sales", "net sales", "sales amount", "line amount", "subtotal",
               "total", "买家实际支付金额", "实付金额", "金额", "总金额", "实付款", "实收金额",
               "应付金额", "成交金额", "销售金额", "支付金额", "用户实付金额", "商品实际成交金额", "商品总价",
               "小计", "betrag", "umsatz", "montant", "importe"),
    "unit_price": ("unit_price", "price", "lineitem price", "item cost", "item price", "单价",
                   "价格", "商品价格", "商品单价", "销售单价", "成交单价", "einzelpreis", "preis",
                   "prix unitaire", "prix", "precio unitario", "precio"),
    "status": ("status", "order status", "order_status", "order-status", "financial status", "订单状态",
               "交易状态", "状态", "bestellstatus", "statut", "estado"),
    "age_band": ("age_band", "age band", "age_range", "age range", "age", "年龄段", "年龄"),
    "gender": ("gender", "sex", "性别"),
    "region": ("region", "geo_region", "geo.region", "province", "billing province", "state",
               "billing state", "ship-state", "country", "收货地址省份", "省份", "收货省份", "收件人省份", "省",
               "地区"),
    "channel": ("channel", "source", "sales-channel", "traffic_source", "session_source", "device_category",
                "渠道", "来源", "店铺", "店铺名称"),
    "member_level": ("member_level", "member level", "loyalty tier", "vip level", "会员等级", "会员级别",
                     "vip等级"),
}

#: Words that name a role only as a whole header: "Sales Channel" is not an amount, nor "Item Type" a name.
_WHOLE_HEADER_ONLY = frozenset({"sales", "item", "product", "description"})
#: A unit in brackets at a header's end (商品数量(件), 用户实付金额（元）, Betrag (EUR)): not part of its name.
_UNIT = re.compile(r"\s*[(（][^()（）]{1,8}[)）]$")


def normalise_header(name: str) -> str:
    text = name.strip().strip('"').strip("\ufeff").lower()
    text = re.sub(r"[\s_]+", " ", text)
    return text.replace("items.", "").replace("event params ", "").strip()


def guess_roles(header: list[str]) -> dict[str, str]:
    """Role -> column name, each column used at most once; exact synonym matches win."""
    norm = {c: _UNIT.sub("", normalise_header(c)) for c in header}
    taken: set[str] = set()
    roles: dict[str, str] = {}
    for exact in (True, False):
        for role, words in SYNONYMS.items():
            if role in roles:
                continue
            for word in words:
                w = normalise_header(word)
                hit = next((c for c in header if c not in taken and
                            (norm[c] == w if exact else (len(w) > 3 and w not in _WHOLE_HEADER_ONLY
                                                         and w in norm[c]))), None)
                if hit is not None:
                    roles[role] = hit
                    taken.add(hit)
                    break
    return roles


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
    header: bool = True
    column_names: list[str] | None = None

    def column(self, role: str) -> str | None:
        return self.columns.get(role) or None

    def missing_required(self) -> list[str]:
        return [r for r in REQUIRED_ROLES if not self.column(r)]

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
