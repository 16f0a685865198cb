"""Which column of a file plays which role, guessed from its header's words.

Each role has words, most specific first: the platforms' own (Taobao, Tmall, JD, Pinduoduo, Douyin, Kuaishou,
Youzan, Shopee, TikTok Shop, Lazada, Amazon, eBay, Etsy, Square, Mercado Libre, Rakuten, the ERPs) and a ledger's
in German, French, Spanish and Portuguese; a header in Traditional characters is matched as its Simplified words.
A header equal to a word wins; then a header holding a word's tokens (``Buyer Username`` holds ``buyer``), the one
the word covers most; last, a header holding it inside a token (``orderdate``). A header holding one of the role's
veto words is never guessed from a part of it: ``Buyer Message`` is not a customer, ``Estimated Ship Out Date``
not the order's time, ``Refund Amount`` not a line's amount. A file whose words are in none of these still maps
in the mapping dialog.
"""

from __future__ import annotations

import re

# Amazon's item-price is the line's total, not a unit price. A buyer's phone number is among the last customer
# words: several Chinese platforms export no buyer id, and shops key their customers by it; a ledger's bare "Name"
# is the very last (Shopify's Name is its order, read by its own format). A line's own amount
# (Shopee's Product Subtotal, TikTok Shop's SKU Subtotal After Discount, Lazada's Paid Price) comes before an
# order's total, which a multi-line order repeats on each line. A bare "Type" is no category: in a file of payments
# (PayPal's Website Payment, Payment Refund) it is the transaction's; a product list's is read by its own format.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer_id", "customerid", "customer id", "user_id", "userid", "user id",
                    "visitorid", "visitor_id", "user_pseudo_id", "member_id", "buyer_id", "client_id",
                    "customer user id", "customer number", "customer no", "customer code", "buyer username", "username",
                    "customer email", "billing email address", "billing email", "email", "buyer-email",
                    "buyer email", "customer", "buyer", "user",
                    "买家会员名", "买家id", "买家昵称", "会员名", "用户id", "客户id", "会员id", "买家账号", "买家帐号",
                    "客户账号", "客户帐号", "下单账号", "下单帐号", "用户账号", "会员账号", "会员卡号", "客户编号", "买家编号",
                    "客户编码", "会员编号", "用户名", "客户名称", "客户", "买家", "会员", "顾客",
                    "kundennummer", "kundennr", "kunden-nr", "kunde", "numéro client", "n° client", "client",
                    "id cliente", "cliente", "nome de usuário", "comprador", "购入者", "注文者",
                    "注文者ID", "購入者ID", "注文者メールアドレス", "購入者メールアドレス", "顧客ID", "顧客番号", "会員番号",
                    "구매자", "구매자id", "구매자 id", "주문자", "주문자id", "회원id", "고객id", "고객번호",
                    "nama pembeli", "username pembeli", "id pembeli", "người mua", "tên người mua",
                    "ชื่อผู้ใช้", "ชื่อผู้ซื้อ", "ผู้ซื้อ",
                    # WeChat Pay's bill knows its payer by their openid
                    "用户标识", "openid", "用户openid",
                    "买家手机号", "买家手机", "买家电话", "会员手机号", "会员手机", "客户手机", "客户电话", "手机号",
                    "收货人手机号", "收件人手机号", "手机", "联系电话", "买家姓名", "会员姓名", "客户姓名", "name"),
    "ts": ("ts", "timestamp", "event_timestamp", "datetime", "event_time", "time_stamp",
           "paid at", "paid_at", "order date", "order_date", "purchase-date", "purchase date", "created at",
           "created_at", "order creation date", "created time", "create time", "sale date", "transaction dt",
           "trans dt", "order dt", "sale dt", "sales dt", "purchase dt", "date", "time", "dt",
           "订单成立日期", "订单成立时间", "付款时间", "订单付款时间", "支付时间", "支付完成时间", "订单创建时间",
           "下单时间", "订单提交时间", "订单成交时间", "成交时间", "交易时间", "创建时间", "订单日期", "销售日期",
           "单据日期", "付款日期", "日期", "时间",
           "belegdatum", "rechnungsdatum", "bestelldatum", "datum", "date de commande", "fecha de pedido",
           "fecha de venta", "fecha", "data de criação do pedido", "data do pedido", "data", "注文日時", "注文日",
           "受注日", "購入日時", "購入日", "주문일시", "주문일", "결제일시", "결제일",
           "tanggal pembayaran", "tanggal pesanan", "waktu pesanan dibuat", "ngày đặt hàng", "thời gian đặt hàng",
           "วันที่ทำการสั่งซื้อ", "วันที่สั่งซื้อ"),
    # a time of day in its own column beside a date (Square's Date and Time, an ERP's 日期 and 时间): taken only when
    # the sampled values are times and the time column's are dates (engine.ingest.service)
    "time_of_day": ("time", "time of day", "时间", "时刻", "下单时刻", "時刻", "注文時刻", "시간",
                    "hora", "uhrzeit", "heure", "ora", "waktu", "giờ", "เวลา"),
    "event_type": ("event_type", "event", "event_name", "behavior_type", "behaviour_type",
                   "action_type", "action", "type_of_event", "行为类型", "行为"),
    "order_id": ("order_id", "orderid", "order id", "amazon-order-id", "order number", "order_number", "order no",
                 "order #",
                 "transaction_id", "transactionid", "订单编号", "订单号", "主订单编号", "子订单编号",
                 "订单id", "线上订单号", "内部订单号", "商户订单号", "单据编号", "单号", "交易号", "交易单号", "销售单号",
                 "小票号", "receipt number", "receipt no", "receipt #",
                 "belegnummer", "belegnr", "bestellnummer", "rechnungsnummer", "numéro de commande",
                 "n° de commande", "número de pedido", "pedido", "n.º de venta", "# de venta", "id do pedido",
                 "número do pedido", "注文番号", "受注番号", "주문번호", "상품주문번호",
                 "nomor invoice", "nomor pesanan", "no. pesanan", "mã đơn hàng", "หมายเลขคำสั่งซื้อ",
                 "invoice", "invoiceno", "invoice no", "invoice number"),
    "item_id": ("item_id", "itemid", "product_id", "productid", "product id", "sku", "lineitem sku",
                "variant sku", "item sku", "seller sku", "sku reference no.", "item number", "custom label",
                "listing id", "商品编码", "商家编码", "商品id", "宝贝id", "货号", "商品编号",
                "sku编码", "sku id", "skuid", "规格编码", "商品代码", "货品编码", "物料编码", "条码", "商品选项货号",
                "主商品货号", "商品条码", "存货编码", "artikelnummer", "artikelnr", "artikel-nr", "référence", "código",
                "referencia",
                "商品番号", "商品コード", "상품번호", "상품코드", "kode produk", "mã sku", "เลขอ้างอิง sku",
                "stockcode", "stock code", "article_id", "article id", "article no", "article number"),
    "item_name": ("item_name", "product_name", "product name", "product-name", "lineitem name", "item name",
                  "item title", "title", "product", "item", "description", "item description",
                  "product description", "宝贝标题",
                  "商品名称", "商品标题", "宝贝名称", "选购商品", "商品名", "产品名称", "货品名称", "存货名称", "品名",
                  "商品",
                  "bezeichnung", "artikelbezeichnung", "artikel", "produit",
                  "désignation", "producto", "descripción", "título de la publicación", "nome do produto", "produto",
                  "상품명", "nama produk", "tên sản phẩm", "ชื่อสินค้า", "prod_name", "article name"),
    "category": ("category", "category_id", "categoryid", "cat_id", "cate", "cate_id", "item_category",
                 "product category", "product categories", "product type", "item type", "product subclass",
                 "subclass",
                 "product class", "commodity_desc", "categories", "类目", "商品类目", "宝贝类目", "类目名称", "商品分组",
                 "分类", "三级类目", "末级类目", "叶子类目", "品类", "商品分类", "存货分类", "warengruppe", "kategorie",
                 "catégorie", "categoría", "カテゴリ", "カテゴリー", "商品カテゴリ", "ジャンル", "카테고리", "상품분류",
                 "kategori", "kategori produk", "danh mục", "ngành hàng", "หมวดหมู่"),
    "category_path": ("category_path", "department", "category path", "category_code", "category code", "类目路径",
                      "一级类目"),
    "quantity": ("quantity", "qty", "lineitem quantity", "item quantity", "购买数量", "数量", "宝贝数量",
                 "订购数量", "商品数量", "销售数量", "成交数量", "件数", "menge", "anzahl", "quantité", "cantidad",
                 "unidades", "quantidade", "個数", "수량", "주문수량", "jumlah produk dibeli", "jumlah produk",
                 "kuantitas", "số lượng", "จำนวน"),
    "amount": ("amount", "line_total", "line total", "order line total", "item total", "revenue",
               "item_revenue", "item-price", "sku subtotal after discount", "product subtotal", "paid price",
               "ingresos por productos", "sales", "net sales", "sales amount", "line amount", "subtotal",
               "total", "gross", "买家实际支付金额", "实付金额", "金额", "总金额", "实付款", "实收金额",
               "应付金额", "应结订单金额", "成交金额", "销售金额", "支付金额", "用户实付金额", "商品实际成交金额", "商品总价",
               "商品金额", "商品总金额",
               "商品实付金额", "商品小计",
               "小计", "价税合计", "含税金额", "betrag", "umsatz", "montant", "importe", "subtotal do produto",
               "valor total", "合計金額", "금액", "결제금액", "주문금액", "판매금액", "total harga produk",
               "subtotal produk", "thành tiền", "tổng giá bán (sản phẩm)", "ราคาขายสุทธิ"),
    "unit_price": ("unit_price", "price", "lineitem price", "item cost", "item price", "deal price", "sold for",
                   "单价", "价格", "商品价格", "商品单价", "销售单价", "成交单价", "含税单价", "einzelpreis", "preis",
                   "prix unitaire", "prix", "precio unitario", "precio", "preço acordado", "preço", "単価", "단가", "판매가",
                   "harga satuan", "harga jual", "đơn giá", "giá ưu đãi", "ราคาต่อหน่วย"),
    "currency": ("currency", "currency code", "currency_code", "order currency", "payment currency", "币种", "货币",
                 "结算币种", "交易币种", "订单币种", "币别", "货币类型", "通貨", "통화", "währung", "devise", "moneda",
                 "moeda", "mata uang", "tiền tệ", "สกุลเงิน"),
    "status": ("status", "order status", "order_status", "order-status", "financial status", "订单状态",
               "交易状态", "状态", "bestellstatus", "statut", "estado", "status do pedido", "注文ステータス",
               "주문상태", "status pesanan", "status terakhir", "trạng thái đơn hàng", "สถานะการสั่งซื้อ"),
    "age_band": ("age_band", "age band", "age_range", "age range", "age group", "agegroup", "age", "年龄段", "年龄"),
    "gender": ("gender", "sex", "性别"),
    "region": ("region", "geo_region", "geo.region", "province", "billing province", "state",
               "billing state", "ship-state", "country", "收货地址省份", "省份", "收货省份", "收件人省份", "收货人省份", "收件人省", "收货人省", "省",
               # a whole address, read as its province: kept only when its values begin with one (engine.ingest.service)
               "地区", "收货地址", "收件地址", "收货人地址", "收件人地址", "地址"),
    "channel": ("channel", "source", "sales-channel", "traffic_source", "session_source", "device_category",
                "渠道", "来源", "店铺", "店铺名称", "门店", "门店名称"),
    "member_level": ("member_level", "member level", "loyalty tier", "vip level", "user_lv_cd", "user level",
                     "会员等级", "会员级别",
                     "vip等级"),
}

#: Words in a header that say it is something else than the role, though it holds one of the role's words:
#: what platforms put beside an order's buyer, time, amount... (Shopee's Buyer Paid Shipping Fee, TikTok Shop's
#: Buyer Message, Lazada's Refund Amount and Order Type, Etsy's Transaction ID, Square's Price Point Name).
VETOES: dict[str, frozenset[str]] = {
    "customer_id": frozenset({"message", "note", "notes", "remark", "remarks", "fee", "paid", "shipping",
                              "address", "city", "country", "state", "zip", "zipcode", "postcode", "type",
                              "failed", "delivery", "count", "mensagem", "留言", "备注", "地址", "运费", "类型", "等级"}),
    "ts": frozenset({"estimated", "estimate", "ship", "shipped", "shipping", "delivered", "delivery", "cancelled",
                     "canceled", "cancel", "update", "updated", "modified", "complete", "completed", "due", "rts",
                     "expected", "promised", "return", "returned", "refund", "refunded", "zone", "sla", "envio",
                     "发货", "出货", "签收", "完成", "取消", "退款", "修改", "更新", "预计", "承诺", "截止", "最晚",
                     # a member list's sign-up day and birthday are no purchase's time
                     "birthday", "birth", "dob", "registered", "registration", "signup", "注册", "生日", "出生"}),
    "time_of_day": frozenset({"estimated", "ship", "shipped", "shipping", "delivered", "delivery", "update", "updated",
                              "zone", "发货", "签收", "更新", "预计"}),
    # a ledger's Transaction Type (Invoice, Sales Receipt, Credit Memo) holds "action" and "type", and is neither
    "event_type": frozenset({"id", "number", "no", "date", "time", "dt", "transaction"}),
    "order_id": frozenset({"tracking", "package", "invoice"}),
    "item_id": frozenset({"order", "transaction", "tracking", "package", "订单", "物流"}),
    # a review's or a buyer's words about an order are no item: Olist's review_comment_title
    "item_name": frozenset({"variation", "variations", "规格", "review", "comment", "comments", "message", "note",
                            "remark", "评价", "评论", "留言", "备注"}),
    "category": frozenset({"order", "shipping", "shipment", "delivery", "payment", "customer", "listing", "transaction",
                           "listings", "fulfillment", "discount", "订单", "支付"}),
    "quantity": frozenset({"return", "returned", "refund", "refunded", "退货", "退款"}),
    "amount": frozenset({"refund", "refunded", "discount", "discounts", "tax", "taxes", "shipping", "fee", "fees",
                         "voucher", "rebate", "coupon", "commission", "weight", "before", "original", "credits",
                         "wallet", "frete", "desconto", "envío", "envíos", "cargo", "profit", "margin", "毛利", "利润",
                         "退款", "优惠", "折扣", "运费", "邮费",
                         "税", "佣金", "红包", "积分"}),
    "unit_price": frozenset({"point", "name", "shipping", "discount", "compare"}),
    "status": frozenset({"return", "refund", "fulfillment", "checked", "substatus", "退款", "物流"}),
    "currency": frozenset({"rate", "exchange", "symbol", "汇率"}),
}

#: Words that name a role only as a whole header: "Sales Channel" is not an amount, nor "Item Type" a name, nor
#: "Metadata" (Portuguese data, a date) a time, nor "Product Name" a customer.
_WHOLE_HEADER_ONLY = frozenset({"sales", "item", "product", "description", "data", "name"})
#: A unit in brackets at a header's end (商品数量(件), 用户实付金额（元）, Betrag (EUR)): not part of its name.
_UNIT = re.compile(r"\s*[(（][^()（）]{1,8}[)）]$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: Traditional characters of the words above, as Simplified: Shopee Taiwan's, Hong Kong's and Taiwan's shops'
#: exports (買家帳號, 訂單編號, 商品總價) are matched as their Simplified words.
_TRADITIONAL = ("訂订 單单 編编 號号 買买 賣卖 帳帐 賬账 戶户 稱称 數数 額额 總总 價价 狀状 態态 時时 間间 員员 會会 類类 實实 際际 "
                "應应 銷销 貨货 碼码 條条 規规 寶宝 貝贝 標标 題题 購购 顧顾 電电 話话 機机 區区 門门 產产 項项 計计 發发 "
                "運运 費费 優优 稅税 簽签 關关 閉闭 過过 預预 級级 別别 齡龄 覽览 點点 擊击 據据 幣币 錢钱 細细 選选 務务 "
                "處处 庫库 國国 縣县 郵邮 遞递 網网 絡络 導导 線线 個个 張张 營营 業业 傭佣 積积 紅红 進进 結结 備备 註注 "
                "評评 論论 貼贴 補补 現现 歸归 屬属 蝦虾 館馆 儲储 頁页 圖图 簡简 專专 觀观 東东 車车 問问 開开 後后 舊旧 "
                "裝装 換换 還还 錄录 長长 週周 歲岁")
_SIMPLIFIED = str.maketrans("".join(p[0] for p in _TRADITIONAL.split()), "".join(p[1] for p in _TRADITIONAL.split()))
_TOKEN = re.compile(r"[a-z0-9]+")

#: Roles whose values are names: of two headers holding one of their words alike, the one naming a number or a code
#: (its last token) is passed over for the other (H&M's product_type_no beside product_type_name).
_NAMED_ROLES = frozenset({"category", "category_path", "item_name"})
_NUMBER_TOKENS = frozenset({"no", "nr", "id", "code", "number", "num"})
#: A category path's words that name the category itself when the file has no other: REES46's category_code beside
#: its numeric category_id is the path naming it (engine.ingest.loader), an ERP's Category Code alone the category.
_CODE_PATHS = frozenset({"category code"})
#: How a header holds a word, best first; 0: not at all.
EXACT, TOKENS, INSIDE = 3, 2, 1


def normalise_header(name: str) -> str:
    text = name.strip().strip('"').strip("\ufeff").lower()
    text = re.sub(r"[\s_]+", " ", text)
    return text.replace("items.", "").replace("event params ", "").strip()


class _Header:
    """One column's header as the words are matched against it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.norm = _UNIT.sub("", normalise_header(name)).translate(_SIMPLIFIED)
        # camelCase split first: OrderDate and TransactionID have tokens as order_date and transaction_id
        self.tokens = tuple(_TOKEN.findall(_UNIT.sub("", normalise_header(_CAMEL.sub(" ", name)))))

    def holds(self, word: str, tokens: tuple[str, ...]) -> int:
        if self.norm == word:
            return EXACT
        if len(word) <= 3 or word in _WHOLE_HEADER_ONLY:
            return 0
        if word.isascii():
            n = len(tokens)
            if tokens and any(self.tokens[i:i + n] == tokens for i in range(len(self.tokens) - n + 1)):
                return TOKENS
            return INSIDE if word in self.norm else 0
        # Chinese headers have no spaces between words
        return TOKENS if word in self.norm else 0

    def numbered(self) -> bool:
        """The header names a number or a code (``Product Type No``, ``category_id``), not a name."""
        return bool(self.tokens) and self.tokens[-1] in _NUMBER_TOKENS

    def vetoed(self, role: str) -> bool:
        vetoes = VETOES.get(role, frozenset())
        return any(t in vetoes for t in self.tokens) or any(not v.isascii() and v in self.norm for v in vetoes)


def vetoed_for(role: str, header: str) -> bool:
    """True when ``header`` holds one of ``role``'s veto words (``Ship Date`` for the time)."""
    return _Header(header).vetoed(role)


def _word(word: str) -> tuple[str, tuple[str, ...]]:
    norm = normalise_header(word).translate(_SIMPLIFIED)   # a Japanese word in its own characters (購入者)
    return norm, tuple(_TOKEN.findall(norm))


_WORDS = {role: tuple(_word(w) for w in words) for role, words in SYNONYMS.items()}


def guess_roles(header: list[str]) -> dict[str, str]:
    """Role -> column name, each column used at most once: exact matches first, then whole tokens, then parts
    of a token; within one, a role's words in order, each taking the header it covers most."""
    columns = [_Header(c) for c in header]
    taken: set[str] = set()
    roles: dict[str, str] = {}
    # a time of day is looked for among the columns every other role left, by a header that is one of its words
    # (Time, 时间): it never takes the time's own column, nor Order Paid Time
    _guess(columns, [r for r in _WORDS if r != "time_of_day"], taken, roles, (EXACT, TOKENS, INSIDE))
    _guess(columns, ["time_of_day"], taken, roles, (EXACT,))
    if "category" not in roles and normalise_header(roles.get("category_path", "")) in _CODE_PATHS:
        roles["category"] = roles.pop("category_path")   # a category code alone is the category, not its path
    return roles


def _guess(columns: list["_Header"], group: list[str], taken: set[str], roles: dict[str, str],
           levels: tuple[int, ...]) -> None:
    for level in levels:
        for role in group:
            words = _WORDS[role]
            if role in roles:
                continue
            for word, tokens in words:
                hits = [c for c in columns if c.name not in taken and c.holds(word, tokens) == level
                        and (level == EXACT or not c.vetoed(role))]
                if hits:
                    if role in _NAMED_ROLES and not all(c.numbered() for c in hits):
                        hits = [c for c in hits if not c.numbered()]   # Product Type Name, not Product Type No
                    best = max(hits, key=lambda c: len(word) / max(len(c.norm), 1))
                    roles[role] = best.name
                    taken.add(best.name)
                    break
