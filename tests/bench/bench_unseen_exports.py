"""Exports in shapes the formats do not know by name, made from the grocery dev file, imported and trained as a
merchandiser would: what lands, what is left out, what each model says.

    python tests/bench/bench_unseen_exports.py [--data grocery_dev.csv.gz] [--lines 120000] [--only NAME ...]
        [--checkout DIR] [--out F.json] [--import-only]

``--checkout DIR`` imports and trains with another checkout (``git worktree add DIR <commit>``): before and after.

Each export is the grocery file's first ``--lines`` lines (about four weeks) rewritten as:
- ``amazon``: Amazon's All Orders report (TSV, ``buyer-email``, ``item-price`` the line's total, no category);
- ``jd``: a JD order workbook in Chinese with a title row above the header and a 合计 row below (30,000 lines);
- ``ledger_de``: a German ledger (semicolons, a decimal comma, ``dd.mm.yyyy``, Windows-1252);
- ``douyin``: a Douyin export with a tab before every long number and a share of orders 已关闭 (closed);
- ``pinduoduo``: a Pinduoduo export keyed by masked phone numbers (``138****5678``);
- ``shopee``: Shopee's order export (``Username (Buyer)`` beside ``Buyer Paid Shipping Fee``, the order's
  ``Total Amount`` on each of its lines beside the line's ``Product Subtotal``, a share Cancelled);
- ``tiktok``: TikTok Shop's (``Buyer Message`` before ``Buyer Username``, ``Order Amount`` beside ``SKU Subtotal
  After Discount``, ``Order Refund Amount``);
- ``lazada``: Lazada's, one row per item (``Refund Amount``, ``Update Time``, ``Order Type``, billing columns);
- ``ebay``: eBay's orders report (``Transaction ID``, ``Order Type``, ``Buyer Note``);
- ``square``: Square's item sales (``$`` amounts with thousands' commas, ``Event Type`` Payment);
- ``erp_totals``: an ERP's order lines whose 应付金额 is the order's total, written on each of its lines;
- ``rakuten``: a Japanese order CSV in Shift_JIS (受注番号, 注文日時 ``2017/01/05 10:12:01``, 注文者ID, 商品カテゴリ,
  注文ステータス キャンセル on a share);
- ``coupang``: a Korean one in EUC-KR (주문번호, Excel's ``2017. 1. 5. 오후 2:32`` times, 구매자, 주문상태 취소);
- ``tokopedia``: an Indonesian one (Nomor Invoice, Tanggal Pembayaran ``05 Januari 2017 14:32``, rupiah with thousands
  dots ``Rp 2.990``: the line's dollars × 1000, Status Terakhir Dibatalkan);
- ``shopee_vn``: Shopee's in Vietnamese (Mã đơn hàng, ``05/01/2017 14:32``, ``2.990 ₫``: × 1000, Đã hủy);
- ``shopee_th``: Shopee's in Thai (หมายเลขคำสั่งซื้อ, ชื่อผู้ใช้ (ผู้ซื้อ), ยกเลิกแล้ว);
- ``online_retail``: the UCI Online Retail II layout (Invoice, StockCode, ``12/1/2009 7:45``, a cancelled invoice's
  ``C`` and negative quantity, Customer ID written by pandas as ``12900.0`` and blank on a tenth of the lines);
- ``tafeng``: Ta Feng's grocery layout (TRANSACTION_DT a day ``1/5/2017``, PRODUCT_SUBCLASS, AGE_GROUP, no order id);
- ``ledger_zh``: a Chinese shop's spreadsheet ledger (下单时间 ``2017年1月5日 6:53``, 客户, 商品分类, 金额, no order id);
- ``woocommerce``: WooCommerce's orders export, a row per item (``Order Total Amount`` the order's total on its
  every line beside ``Item Cost`` the unit price, ``Quantity (- Refund)``, ``Product Categories`` as ``Department >
  Category``, ``Email (Billing)``, a share of orders Cancelled);
- ``woocommerce_packed``: the same shop exported a row per order by WooCommerce's order export plugin, its items
  packed in ``line_items`` (``name:…|sku:…|quantity:…|total:…`` between semicolons), ``order_total`` the order's;
- ``bigcommerce``: BigCommerce's orders export, a row per order, its items packed in ``Product Details`` (``Product ID:
  …, Product Qty: …, Product SKU: …, Product Name: …, Product Total Price: …`` between bars);
- ``products_as_categories``: the file with its SKUs as the category (a column mapped wrong, or a shop whose
  categories are its products: 56,199 of them on all 35 weeks);
- ``taobao_pair``: Taobao's seller centre pair in GB18030, imported together: 订单报表 (ExportOrderList: a row per
  order, 买家会员名, 订单付款时间 blank on closed orders, its titles joined in 宝贝标题, 收货地址 province first) and 宝贝报表
  (ExportOrderDetailList: 订单编号 ``="…"``, 标题, 价格, 购买数量, 订单状态 交易关闭 on a share, 商家编码; no buyer, no time);
- ``hm``: H&M's Kaggle pair: transactions_train.csv (``t_dat`` a day, a 64-hex customer_id, article_id, price scaled
  down, sales_channel_id; no order, no category) with articles.csv (article_id, prod_name, product_type_no beside
  product_type_name, product_group_name), imported together;
- ``olist``: Olist's orders (a buyer and a time per order), order items (order_id, product_id, price), products
  (product_category_name) and customers (customer_state), imported together (each order's customer_id here is its buyer's own: Olist's real file
  keys each order's buyer anew and names the person in its customers file's customer_unique_id, not read);
- ``rees46``: REES46's events (``event_time`` ending `` UTC``, user_id, product_id, a numeric category_id beside
  category_code ``department.category`` blank for a third of the categories, user_session).
Each is imported into a project of its own with ``main.py import`` and trained with ``main.py train --json``.
Writes tests/bench/results/unseen_exports.json (or ``--out``): per export the import's summary line and counts,
and per model its run's message or the reason it was skipped (``--import-only``: the imports alone).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DEV = Path("/work/shared/data/grocery_dev.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results" / "unseen_exports.json"


def make_exports(folder: Path, lines: int, data: Path = DEV) -> dict[str, Path]:
    import xlsxwriter

    con = duckdb.connect()
    con.execute(f"CREATE TABLE g AS SELECT * FROM read_csv('{data}', all_varchar = true) LIMIT {int(lines)}")
    out = {"amazon": folder / "amazon_orders.txt", "jd": folder / "jd_orders.xlsx",
           "ledger_de": folder / "ledger_de.csv", "douyin": folder / "douyin.csv", "pinduoduo": folder / "pdd.csv",
           "shopee": folder / "shopee_orders.csv", "tiktok": folder / "tiktok_orders.csv",
           "lazada": folder / "lazada_orders.csv", "ebay": folder / "ebay_orders.csv", "square": folder / "items.csv",
           "erp_totals": folder / "erp_orders.csv", "rakuten": folder / "rakuten_orders.csv",
           "coupang": folder / "coupang_orders.csv", "tokopedia": folder / "tokopedia_orders.csv",
           "shopee_vn": folder / "shopee_vn_orders.csv", "shopee_th": folder / "shopee_th_orders.csv",
           "online_retail": folder / "online_retail_II.csv", "tafeng": folder / "ta_feng_all_months.csv",
           "ledger_zh": folder / "ledger_zh.csv", "products_as_categories": folder / "products_as_categories.csv",
           "woocommerce": folder / "woocommerce_orders.csv",
           "woocommerce_packed": folder / "woocommerce_orders_by_order.csv", "bigcommerce": folder / "bigcommerce.csv",
           "taobao_pair": (folder / "ExportOrderList201701.csv", folder / "ExportOrderDetailList201701.csv"),
           "hm": (folder / "transactions_train.csv", folder / "articles.csv"),
           "olist": (folder / "olist_orders_dataset.csv", folder / "olist_order_items_dataset.csv",
                     folder / "olist_products_dataset.csv", folder / "olist_customers_dataset.csv"),
           "rees46": folder / "2017-Jan.csv"}
    con.execute(f"""COPY (SELECT CASE WHEN hash("Order ID") % 40 = 0 THEN 'C' ELSE '' END || "Order ID" AS Invoice,
        SKU AS StockCode, upper("Product Name") AS Description,
        CASE WHEN hash("Order ID") % 40 = 0 THEN -1 ELSE 1 END * CAST(Quantity AS INTEGER) AS Quantity,
        strftime("Created At"::TIMESTAMP, '%-m/%-d/%Y %-H:%M') AS InvoiceDate, "Unit Price" AS Price,
        CASE WHEN hash("Customer ID") % 10 <> 0 THEN CAST("Customer ID" AS DOUBLE) + 12000 END AS "Customer ID",
        'United Kingdom' AS Country FROM g) TO '{out["online_retail"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT strftime("Created At"::TIMESTAMP, '%-m/%-d/%Y') AS TRANSACTION_DT,
        "Customer ID" AS CUSTOMER_ID,
        ['<25', '25-29', '30-34', '35-39', '40-44', '>65'][(1 + hash("Customer ID") % 6)::BIGINT] AS AGE_GROUP,
        chr((65 + hash("Customer ID") % 8)::INTEGER) AS PIN_CODE,
        100000 + hash(Category) % 900000 AS PRODUCT_SUBCLASS, '47' || SKU AS PRODUCT_ID,
        round(CAST("Line Total" AS DOUBLE) * 30) AS SALES_PRICE FROM g) TO '{out["tafeng"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT strftime("Created At"::TIMESTAMP, '%Y年%-m月%-d日 %-H:%M') AS 下单时间,
        'kh' || "Customer ID" AS 客户, "Product Name" AS 商品名称, Category AS 商品分类, Quantity AS 数量,
        "Line Total" AS 金额 FROM g) TO '{out["ledger_zh"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT * REPLACE (SKU AS Category) FROM g) TO '{out["products_as_categories"]}' (HEADER)""")
    # each order's total, repeated on its lines as the marketplaces export it
    con.execute("""CREATE TABLE o AS SELECT "Order ID" AS oid, sum(CAST("Line Total" AS DOUBLE)) AS total,
        hash("Order ID") % 20 = 0 AS cancelled FROM g GROUP BY 1""")
    _taobao_pair(con, out["taobao_pair"])
    con.execute(f"""COPY (SELECT "Order ID" AS "Order Number",
        CASE WHEN cancelled THEN 'Cancelled' ELSE 'Completed' END AS "Order Status",
        strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M') AS "Order Date", 'F' || "Customer ID" AS
        "First Name (Billing)", 'c' || "Customer ID" || '@example.com' AS "Email (Billing)", 'EUR' AS "Order Currency",
        round(total, 2) AS "Order Total Amount", SKU AS SKU, "Product Name" AS "Item Name",
        Quantity AS "Quantity (- Refund)", CASE WHEN CAST(Quantity AS DOUBLE) > 0
        THEN round(CAST("Line Total" AS DOUBLE) / CAST(Quantity AS DOUBLE), 6) ELSE CAST("Line Total" AS DOUBLE) END
        AS "Item Cost", Department || ' > ' || Category AS "Product Categories"
        FROM g JOIN o ON oid = "Order ID") TO '{out["woocommerce"]}' (HEADER)""")
    # a row per order, its items packed in one cell (the item's name without the separators the packing uses)
    items = """FROM (SELECT *, replace(replace(replace("Product Name", '|', '/'), ';', ','), ':', ' ') AS pname,
                            row_number() OVER (PARTITION BY "Order ID") AS k FROM g) JOIN o ON oid = "Order ID"
               GROUP BY "Order ID", cancelled, total"""
    con.execute(f"""COPY (SELECT "Order ID" AS order_id, min(strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M:%S'))
        AS order_date, CASE WHEN cancelled THEN 'cancelled' ELSE 'completed' END AS status, round(total, 2)
        AS order_total, 'c' || min("Customer ID") || '@example.com' AS billing_email,
        string_agg(concat('id:', k, '|name:', pname, '|sku:', SKU, '|quantity:', Quantity, '|total:', "Line Total",
                          '|meta:'), ';') AS line_items {items}) TO '{out["woocommerce_packed"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT "Order ID" AS "Order ID", 'c' || min("Customer ID") || '@example.com'
        AS "Customer Email", min(strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M:%S')) AS "Order Date",
        CASE WHEN cancelled THEN 'Cancelled' ELSE 'Completed' END AS "Order Status",
        round(total, 2) AS "Order Total (inc tax)",
        string_agg(concat('Product ID: ', k, ', Product Qty: ', Quantity, ', Product SKU: ', SKU, ', Product Name: ',
                          pname, ', Product Weight: 1.0000, Product Variation Details: , Product Total Price: ',
                          "Line Total"), '|') AS "Product Details" {items})
        TO '{out["bigcommerce"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT "Order ID" AS "Order ID", CASE WHEN cancelled THEN 'Cancelled' ELSE 'Completed' END
        AS "Order Status", '' AS "Return / Refund Status", 'SPX' || "Order ID" AS "Tracking Number*",
        strftime("Created At"::TIMESTAMP + INTERVAL 2 DAY, '%Y-%m-%d %H:%M') AS "Estimated Ship Out Date",
        strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M') AS "Order Creation Date", "Product Name" AS "Product Name",
        SKU AS "SKU Reference No.", "Unit Price" AS "Original Price", "Unit Price" AS "Deal Price",
        Quantity AS Quantity, "Line Total" AS "Product Subtotal", '0.00' AS "Buyer Paid Shipping Fee",
        round(total, 2) AS "Total Amount", 'sp_' || "Customer ID" AS "Username (Buyer)", 'Selangor' AS Province
        FROM g JOIN o ON oid = "Order ID") TO '{out["shopee"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT "Order ID" AS "Order ID", CASE WHEN cancelled THEN 'Canceled' ELSE 'Delivered' END
        AS "Order Status", SKU AS "Seller SKU", "Product Name" AS "Product Name", Quantity AS Quantity,
        "Unit Price" AS "SKU Unit Original Price", "Line Total" AS "SKU Subtotal After Discount",
        round(total, 2) AS "Order Amount", '0' AS "Order Refund Amount",
        strftime("Created At"::TIMESTAMP, '%m/%d/%Y %I:%M:%S %p') AS "Created Time",
        CASE WHEN hash("Customer ID") % 3 = 0 THEN 'please pack well' ELSE '' END AS "Buyer Message",
        'tt' || "Customer ID" AS "Buyer Username", 'CA' AS State FROM g JOIN o ON oid = "Order ID")
        TO '{out["tiktok"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT row_number() OVER () AS "Order Item Id", 'Normal' AS "Order Type",
        SKU AS "Seller SKU", strftime("Created At"::TIMESTAMP, '%d %b %Y %H:%M') AS "Create Time",
        strftime("Created At"::TIMESTAMP + INTERVAL 5 DAY, '%d %b %Y %H:%M') AS "Update Time",
        "Order ID" AS "Order Number", 'lz' || "Customer ID" || '@example.com' AS "Customer Email",
        'Buyer ' || "Customer ID" AS "Billing Name", "Line Total" AS "Paid Price", "Unit Price" AS "Unit Price",
        '0.00' AS "Refund Amount", "Product Name" AS "Item Name", 'Metro Manila' AS "Shipping Region",
        CASE WHEN cancelled THEN 'canceled' ELSE 'delivered' END AS Status FROM g JOIN o ON oid = "Order ID")
        TO '{out["lazada"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT row_number() OVER () AS "Sales Record Number", "Order ID" AS "Order Number",
        'eb_' || "Customer ID" AS "Buyer Username", 'b' || "Customer ID" || '@members.ebay.com' AS "Buyer Email",
        '' AS "Buyer Note", 'NY' AS "Buyer State", SKU AS "Item Number", "Product Name" AS "Item Title",
        Quantity AS Quantity, '$' || "Unit Price" AS "Sold For", '$' || "Line Total" AS "Total Price",
        strftime("Created At"::TIMESTAMP, '%b-%d-%y') AS "Sale Date", 'T' || "Order ID" AS "Transaction ID",
        'Checkout' AS "Order Type" FROM g) TO '{out["ebay"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT strftime("Created At"::TIMESTAMP, '%Y-%m-%d') AS Date,
        strftime("Created At"::TIMESTAMP, '%H:%M:%S') AS Time, 'Eastern Time (US & Canada)' AS "Time Zone",
        Category AS Category, "Product Name" AS Item, Quantity AS Qty, 'Regular' AS "Price Point Name", SKU AS SKU,
        '$' || format('{{:,.2f}}', CAST("Line Total" AS DOUBLE)) AS "Net Sales", "Order ID" AS "Transaction ID",
        'Payment' AS "Event Type", "Customer ID" AS "Customer ID", 'Point of Sale' AS Channel FROM g)
        TO '{out["square"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT "Order ID" AS 订单编号, 'erp' || "Customer ID" AS 客户账号,
        strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M:%S') AS 下单时间, SKU AS 商品编号, "Product Name" AS 商品名称,
        Category AS 商品分类, Quantity AS 订购数量, round(total, 2) AS 应付金额, '已完成' AS 订单状态
        FROM g JOIN o ON oid = "Order ID") TO '{out["erp_totals"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT '114-' || "Order ID" AS "amazon-order-id", '' AS "merchant-order-id",
        strftime("Created At"::TIMESTAMP, '%Y-%m-%dT%H:%M:%S+00:00') AS "purchase-date",
        CASE WHEN hash("Order ID") % 50 = 0 THEN 'Cancelled' ELSE 'Shipped' END AS "order-status",
        'Amazon.com' AS "sales-channel", "Product Name" AS "product-name", SKU AS sku, Quantity AS quantity,
        'USD' AS currency, "Line Total" AS "item-price", 'h' || "Customer ID" || '@marketplace.amazon.com' AS "buyer-email",
        'WA' AS "ship-state" FROM g) TO '{out["amazon"]}' (DELIMITER '\t', HEADER)""")
    con.execute(f"""COPY (SELECT "Order ID" AS Belegnr, "Customer ID" AS Kundennr,
        strftime("Created At"::TIMESTAMP, '%d.%m.%Y') AS Datum, SKU AS Artikelnr, "Product Name" AS Bezeichnung,
        Category AS Warengruppe, Quantity AS Menge, replace("Line Total", '.', ',') AS Betrag FROM g)
        TO '{out["ledger_de"]}.utf8' (DELIMITER ';', HEADER)""")
    Path(out["ledger_de"]).write_bytes(Path(f"{out['ledger_de']}.utf8").read_text(encoding="utf-8")
                                       .encode("cp1252", errors="replace"))
    Path(f"{out['ledger_de']}.utf8").unlink()
    con.execute(f"""COPY (SELECT chr(9) || "Order ID" AS 主订单编号, chr(9) || 'dy' || "Customer ID" AS 买家昵称,
        chr(9) || strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M:%S') AS 订单提交时间, chr(9) || SKU AS 商品ID,
        "Product Name" AS 选购商品, Category AS 商品类目, Quantity AS 商品数量, "Line Total" AS 订单应付金额,
        CASE WHEN hash("Order ID") % 20 = 0 THEN '已关闭' ELSE '已完成' END AS 订单状态 FROM g)
        TO '{out["douyin"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT "Order ID" AS 订单号, "Product Name" AS 商品, SKU AS 商品id,
        Quantity AS "商品数量(件)", "Line Total" AS "用户实付金额(元)", '已签收' AS 订单状态,
        strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M:%S') AS 订单成交时间,
        '13' || (CAST("Customer ID" AS INTEGER) % 10) || '****' || lpad(CAST(CAST("Customer ID" AS INTEGER) % 97 AS VARCHAR), 4, '0') AS 手机
        FROM g) TO '{out["pinduoduo"]}' (HEADER)""")
    _asian_exports(con, out)
    _public_shops(con, out)
    rows = con.execute("""SELECT "Order ID", 'jd_' || "Customer ID",
        strftime("Created At"::TIMESTAMP, '%Y/%m/%d %H:%M:%S'), SKU, "Product Name", Department, Category,
        CAST(Quantity AS DOUBLE), CAST("Line Total" AS DOUBLE), '已完成' FROM g LIMIT 30000""").fetchall()
    book = xlsxwriter.Workbook(str(out["jd"]))
    sheet = book.add_worksheet("订单")
    sheet.write(0, 0, "京东订单明细导出")
    sheet.write_row(2, 0, ["订单编号", "客户账号", "下单时间", "商品编号", "商品名称", "一级类目", "三级类目",
                           "订购数量", "应付金额", "订单状态"])
    for i, row in enumerate(rows):
        sheet.write_row(3 + i, 0, list(row))
    sheet.write_row(3 + len(rows), 0, ["合计", "", "", "", "", "", "", sum(r[7] for r in rows),
                                       round(sum(r[8] for r in rows), 2), ""])
    book.close()
    return out


def _public_shops(con: duckdb.DuckDBPyConnection, out: dict) -> None:
    """The public shops' shapes (see the module's note): H&M's pair, Olist's three files, REES46's events."""
    transactions, articles = out["hm"]
    con.execute(f"""COPY (SELECT strftime("Created At"::TIMESTAMP, '%Y-%m-%d') AS t_dat,
        sha256("Customer ID") AS customer_id, 'a' || SKU AS article_id, round("Line Total"::DOUBLE / 590, 6) AS price,
        1 + (hash("Store ID") % 2) AS sales_channel_id FROM g) TO '{transactions}' (HEADER)""")
    con.execute(f"""COPY (SELECT 'a' || SKU AS article_id, SKU AS product_code, any_value("Product Name") AS prod_name,
        any_value(hash(Category) % 1000) AS product_type_no, any_value(Category) AS product_type_name,
        any_value(Department) AS product_group_name, 'Solid' AS graphical_appearance_name, 'Black' AS colour_group_name
        FROM g GROUP BY SKU) TO '{articles}' (HEADER)""")
    orders, items, products, customers = out["olist"]
    con.execute(f"""COPY (SELECT md5("Order ID") AS order_id, md5('c' || "Customer ID") AS customer_id,
        'delivered' AS order_status, strftime(min("Created At"::TIMESTAMP), '%Y-%m-%d %H:%M:%S')
        AS order_purchase_timestamp, strftime(min("Created At"::TIMESTAMP) + INTERVAL 1 HOUR, '%Y-%m-%d %H:%M:%S')
        AS order_approved_at, '' AS order_delivered_customer_date FROM g GROUP BY "Order ID", "Customer ID")
        TO '{orders}' (HEADER)""")
    con.execute(f"""COPY (SELECT md5("Order ID") AS order_id, row_number() OVER (PARTITION BY "Order ID")
        AS order_item_id, md5(SKU) AS product_id, md5('seller' || "Store ID") AS seller_id, "Line Total" AS price,
        '5.00' AS freight_value FROM g) TO '{items}' (HEADER)""")
    con.execute(f"""COPY (SELECT md5(SKU) AS product_id, lower(replace(any_value(Category), ' ', '_'))
        AS product_category_name, 40 AS product_name_lenght, 500 AS product_weight_g FROM g GROUP BY SKU)
        TO '{products}' (HEADER)""")
    con.execute(f"""COPY (SELECT DISTINCT md5('c' || "Customer ID") AS customer_id, md5('u' || "Customer ID")
        AS customer_unique_id, '01310' AS customer_zip_code_prefix, 'sao paulo' AS customer_city,
        ['SP', 'RJ', 'MG', 'RS'][(1 + hash("Customer ID") % 4)::INTEGER] AS customer_state FROM g)
        TO '{customers}' (HEADER)""")
    con.execute(f"""COPY (SELECT strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M:%S') || ' UTC' AS event_time,
        'purchase' AS event_type, SKU AS product_id, (hash(Category) % 100000000000)::BIGINT AS category_id,
        CASE WHEN hash(Category) % 3 = 0 THEN '' ELSE lower(replace(Department, ' ', '_')) || '.'
             || lower(regexp_replace(Category, '[^A-Za-z]+', '_', 'g')) END AS category_code,
        lower(Brand) AS brand, round("Line Total"::DOUBLE / greatest("Quantity"::DOUBLE, 1), 2) AS price,
        512000000 + "Customer ID"::INT AS user_id, md5("Order ID") AS user_session FROM g ORDER BY "Created At")
        TO '{out["rees46"]}' (HEADER)""")


def _taobao_pair(con: duckdb.DuckDBPyConnection, out: tuple[Path, Path]) -> None:
    """Taobao's seller centre pair in GB18030: the order report (a row per order, its titles joined, closed orders
    without a paid time) and its lines (no buyer, no time), both with ``="…"`` order numbers."""
    orders, lines = out
    con.execute(f"""COPY (SELECT '="' || oid || '"' AS 订单编号, 'tb' || any_value("Customer ID") AS 买家会员名,
        'a***@qq.com' AS 买家支付宝账号, round(total, 2) AS 买家实际支付金额,
        CASE WHEN cancelled THEN '交易关闭' ELSE '交易成功' END AS 订单状态,
        strftime(min("Created At"::TIMESTAMP), '%Y-%m-%d %H:%M:%S') AS 订单创建时间,
        CASE WHEN NOT cancelled THEN strftime(min("Created At"::TIMESTAMP), '%Y-%m-%d %H:%M:%S') END AS 订单付款时间,
        string_agg("Product Name", '，' ORDER BY g.rowid) AS 宝贝标题, count(*) AS 宝贝种类,
        ['浙江省 杭州市 西湖区 文三路', '北京 北京市 朝阳区 建国路', '广东省 深圳市 南山区 科技园',
         '四川省 成都市 武侯区 人民南路', '上海 上海市 浦东新区 世纪大道'][(1 + hash(any_value("Customer ID")) % 5)::BIGINT]
         || (1 + hash(oid) % 300) || '号' AS 收货地址
        FROM g JOIN o ON oid = "Order ID" GROUP BY oid, total, cancelled ORDER BY min(g.rowid))
        TO '{orders}.utf8' (HEADER)""")
    con.execute(f"""COPY (SELECT '="' || "Order ID" || '"' AS 订单编号, "Product Name" AS 标题, "Unit Price" AS 价格,
        Quantity AS 购买数量, '' AS 外部系统编号, '' AS 商品属性, '' AS 套餐信息, '' AS 备注,
        CASE WHEN cancelled THEN '交易关闭' ELSE '交易成功' END AS 订单状态, SKU AS 商家编码
        FROM g JOIN o ON oid = "Order ID" ORDER BY g.rowid) TO '{lines}.utf8' (HEADER)""")
    for path in out:
        text = Path(f"{path}.utf8")
        with open(text, encoding="utf-8") as src, open(path, "w", encoding="gb18030", errors="replace") as dst:
            for line in src:
                dst.write(line)
        text.unlink()


def _asian_exports(con: duckdb.DuckDBPyConnection, out: dict[str, Path]) -> None:
    """The Japanese, Korean, Indonesian, Vietnamese and Thai shops' exports (see the module's note)."""
    import csv

    rows = con.execute("""SELECT "Order ID", "Customer ID", "Created At"::TIMESTAMP, SKU, "Product Name", Category,
        Quantity, CAST("Line Total" AS DOUBLE), cancelled FROM g JOIN o ON oid = "Order ID" ORDER BY g.rowid""").fetchall()
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember"]

    def korean(t) -> str:
        half = "오전" if t.hour < 12 else "오후"
        return f"{t.year}. {t.month}. {t.day}. {half} {(t.hour - 1) % 12 + 1}:{t.minute:02d}"

    def dots(x: float, suffix: str = "", prefix: str = "") -> str:   # x dollars as x * 1000 with thousands dots
        return f"{prefix}{round(x * 1000):,}".replace(",", ".") + suffix

    shops = {
        "rakuten": ("cp932", ["受注番号", "注文日時", "注文者ID", "商品番号", "商品名", "商品カテゴリ", "個数", "小計",
                              "注文ステータス"],
                    lambda r: [r[0], f"{r[2]:%Y/%m/%d %H:%M:%S}", "rk" + r[1], r[3], r[4], r[5], r[6], f"{r[7]:.2f}",
                               "キャンセル" if r[8] else "発送済み"]),
        "coupang": ("cp949", ["주문번호", "주문일시", "구매자", "상품번호", "상품명", "카테고리", "수량", "결제금액",
                              "주문상태"],
                    lambda r: [r[0], korean(r[2]), "cp" + r[1], r[3], r[4], r[5], r[6], f"{r[7]:.2f}",
                               "취소" if r[8] else "구매확정"]),
        "tokopedia": ("utf-8", ["Nomor Invoice", "Tanggal Pembayaran", "Status Terakhir", "Nama Produk", "Kategori",
                                "Jumlah Produk Dibeli", "Total Harga Produk (IDR)", "Nama Pembeli"],
                      lambda r: ["INV/" + r[0], f"{r[2].day:02d} {months[r[2].month - 1]} {r[2].year} {r[2]:%H:%M}",
                                 "Dibatalkan" if r[8] else "Pesanan Selesai", r[4], r[5], r[6],
                                 dots(r[7], prefix="Rp "), "tp" + r[1]]),
        "shopee_vn": ("utf-8", ["Mã đơn hàng", "Ngày đặt hàng", "Trạng Thái Đơn Hàng", "Tên sản phẩm", "Danh mục",
                                "Số lượng", "Thành tiền", "Người Mua"],
                      lambda r: [r[0], f"{r[2]:%d/%m/%Y %H:%M}", "Đã hủy" if r[8] else "Hoàn thành", r[4], r[5], r[6],
                                 dots(r[7], suffix=" ₫"), "vn" + r[1]]),
        "shopee_th": ("utf-8", ["หมายเลขคำสั่งซื้อ", "วันที่ทำการสั่งซื้อ", "สถานะการสั่งซื้อ", "ชื่อสินค้า", "จำนวน",
                                "ราคาขายสุทธิ", "ชื่อผู้ใช้ (ผู้ซื้อ)"],
                      lambda r: [r[0], f"{r[2]:%Y-%m-%d %H:%M}", "ยกเลิกแล้ว" if r[8] else "สำเร็จแล้ว", r[4], r[6],
                                 f"{r[7]:.2f}", "th" + r[1]]),
    }
    for name, (encoding, header, row) in shops.items():
        with open(out[name], "w", encoding=encoding, errors="replace", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(row(r) for r in rows)


def run(args: list[str], checkout: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(checkout / "main.py"), *args], capture_output=True, text=True,
                          cwd=checkout)


def _project_counts(project: Path) -> dict:
    """What the import made of the file: customers, orders, spend."""
    con = duckdb.connect(str(project), read_only=True)
    try:
        customers, orders, spend, categories, named = con.execute("""SELECT count(DISTINCT customer_id),
            count(DISTINCT order_id), round(sum(amount) FILTER (WHERE event_type = 'purchase'), 2),
            count(DISTINCT category), count(category) FROM events""").fetchall()[0]
    finally:
        con.close()
    return {"customers": customers, "orders": orders, "purchase_spend": spend, "categories": categories,
            "rows_with_a_category": named}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEV, help="the grocery dev file")
    ap.add_argument("--lines", type=int, default=120_000)
    ap.add_argument("--only", nargs="+", default=None, help="these exports only")
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the checkout whose main.py imports and trains")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--import-only", action="store_true",
                    help="import each export, train none (what lands, in a minute rather than half an hour)")
    args = ap.parse_args(argv)
    results = {"what": "exports the formats do not know by name, made from the grocery dev file's first "
                       f"{args.lines:,} lines, imported and trained with main.py", "command":
               " ".join(["python tests/bench/bench_unseen_exports.py", *(sys.argv[1:] if argv is None else argv)]),
               "exports": {}}
    with tempfile.TemporaryDirectory(prefix="shiftwise-unseen-") as tmp:
        for name, path in make_exports(Path(tmp), args.lines, args.data).items():
            if args.only and name not in args.only:
                continue
            project = Path(tmp) / f"{name}.shiftwise"
            paths = path if isinstance(path, tuple) else (path,)
            imported = run(["import", str(project), *map(str, paths), "--json"], args.checkout)
            entry: dict = {"file": ", ".join(p.name for p in paths)}
            if imported.returncode != 0:
                entry["import_error"] = imported.stderr.strip().splitlines()[-1]
                results["exports"][name] = entry
                continue
            landed = json.loads(imported.stdout)["files"]
            files = max(landed, key=lambda f: f.get("rows_loaded") or 0)   # of several files, the events'
            entry["formats"] = [f.get("format") for f in landed]
            entry["import"] = {k: files.get(k) for k in ("format", "rows_loaded", "rows_rejected", "rows_skipped",
                                                          "orders_shared", "totals_priced", "groups", "warning",
                                                          "unread_amounts", "ts_format")}
            entry["columns"] = files.get("columns")
            entry["project"] = _project_counts(project)
            if args.import_only:
                results["exports"][name] = entry
                print(name, json.dumps(entry, ensure_ascii=False)[:400], flush=True)
                continue
            trained = run(["train", str(project), "--json"], args.checkout)
            if trained.returncode != 0:
                entry["train_error"] = trained.stderr.strip().splitlines()[-1]
            else:
                out = json.loads(trained.stdout)
                entry["runs"] = {r["kind"]: r.get("message") for r in out["runs"]}
                entry["skipped"] = {s["model"]: s["reason"] for s in out["skipped"]}
            results["exports"][name] = entry
            print(name, json.dumps(entry, ensure_ascii=False)[:400], flush=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
