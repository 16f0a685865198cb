"""Headers of exports the formats do not know by name map on their own: Chinese platforms', Amazon's, a ledger's,
the cross-border marketplaces' (Shopee, TikTok Shop, Lazada, eBay, Etsy) and a point of sale's (Square)."""

from __future__ import annotations

from datetime import datetime

import pytest
import xlsxwriter

from engine.ingest import import_file, inspect_file
from engine.ingest.header_words import guess_roles
from engine.store import create_project

JD = ["订单编号", "客户账号", "下单时间", "商品编号", "商品名称", "一级类目", "三级类目", "订购数量", "应付金额", "订单状态"]
AMAZON = ["amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
          "fulfillment-channel", "sales-channel", "product-name", "sku", "asin", "item-status", "quantity",
          "currency", "item-price", "buyer-email", "ship-city", "ship-state", "ship-postal-code", "ship-country"]
LEDGER_DE = ["Belegnr", "Kundennr", "Datum", "Artikelnr", "Bezeichnung", "Warengruppe", "Menge", "Betrag"]
# Pinduoduo's order export: no buyer id, units in brackets
PINDUODUO = ["订单号", "商品", "商品id", "商品规格", "商品数量(件)", "商品总价(元)", "用户实付金额（元）", "订单状态",
             "订单成交时间", "收货人", "手机", "省", "市"]


# Shopee's order export: its buyer is "Username (Buyer)"; "Buyer Paid Shipping Fee" was taken for the customer,
# "Estimated Ship Out Date" for the time and the order's "Total Amount" for each line's amount
SHOPEE = ["Order ID", "Order Status", "Return / Refund Status", "Tracking Number*", "Shipping Option",
          "Estimated Ship Out Date", "Ship Time", "Order Creation Date", "Order Paid Time", "Parent SKU Reference No.",
          "Product Name", "SKU Reference No.", "Variation Name", "Original Price", "Deal Price", "Quantity",
          "Returned quantity", "Product Subtotal", "Total Discount(MYR)", "Seller Voucher(MYR)", "Grand Total",
          "Buyer Paid Shipping Fee", "Total Amount", "Username (Buyer)", "Receiver Name", "Phone Number",
          "Delivery Address", "City", "Province", "Country", "Zip Code", "Remark from buyer", "Order Complete Time"]
# TikTok Shop's: "Buyer Message" came before "Buyer Username"
TIKTOK = ["Order ID", "Order Status", "Order Substatus", "Cancelation/Return Type", "SKU ID", "Seller SKU",
          "Product Name", "Variation", "Quantity", "Sku Quantity of return", "SKU Unit Original Price",
          "SKU Subtotal Before Discount", "SKU Platform Discount", "SKU Subtotal After Discount", "Order Amount",
          "Order Refund Amount", "Created Time", "Paid Time", "Shipped Time", "Cancelled Time", "Buyer Message",
          "Buyer Username", "Recipient", "Phone #", "Country", "State", "City", "Product Category", "Package ID"]
# Lazada's: one row per item; "Refund Amount" was the amount, "Update Time" the time, "Order Type" the category
LAZADA = ["Order Item Id", "Order Type", "Lazada Id", "Seller SKU", "Lazada SKU", "Create Time", "Update Time",
          "Order Number", "Delivered Date", "Customer Name", "Customer Email", "Shipping Name", "Shipping Address",
          "Shipping Region", "Billing Name", "Paid Price", "Unit Price", "Shipping Fee", "Wallet Credits",
          "Item Name", "Variation", "Tracking Code", "Status", "Bundle Discount", "Refund Amount"]
# eBay's and Etsy's: "Transaction ID" was an event type ("action" inside "transaction"), "Order Type" a category
EBAY = ["Sales Record Number", "Order Number", "Buyer Username", "Buyer Name", "Buyer Email", "Buyer Note",
        "Buyer City", "Buyer State", "Item Number", "Item Title", "Custom Label", "Quantity", "Sold For",
        "Shipping And Handling", "Total Price", "Sale Date", "Paid On Date", "Ship By Date", "Shipped On Date",
        "Tracking Number", "Transaction ID", "Variation Details", "Order Type"]
ETSY = ["Sale Date", "Item Name", "Buyer", "Quantity", "Price", "Coupon Code", "Discount Amount", "Order Shipping",
        "Order Sales Tax", "Item Total", "Currency", "Transaction ID", "Listing ID", "Date Paid", "Date Shipped",
        "Ship Name", "Ship State", "Order ID", "Variations", "Order Type", "SKU"]
# Shopee Taiwan's, in Traditional characters: matched as their Simplified words; the time is the order's creation,
# not the latest ship date (最晚出貨日期) or its completion
SHOPEE_TW = ["訂單編號", "訂單狀態", "不成立原因", "退貨 / 退款狀態", "買家帳號", "訂單成立日期", "訂單付款時間", "商品名稱",
             "商品選項名稱", "商品選項貨號", "商品原價", "商品活動價格", "數量", "商品總價", "訂單小計 (TWD)", "買家支付運費",
             "買家總支付金額", "收件者姓名", "收件者電話", "最晚出貨日期", "實際出貨時間", "訂單完成時間", "買家備註"]
# Square's item sales: "Price Point Name" ("Regular") was a unit price
SQUARE = ["Date", "Time", "Time Zone", "Category", "Item", "Qty", "Price Point Name", "SKU", "Gross Sales",
          "Discounts", "Net Sales", "Tax", "Transaction ID", "Payment ID", "Event Type", "Location",
          "Customer ID", "Customer Name", "Channel"]


@pytest.mark.parametrize("header,expected", [
    (JD, {"customer_id": "客户账号", "ts": "下单时间", "order_id": "订单编号", "item_id": "商品编号",
          "item_name": "商品名称", "category": "三级类目", "category_path": "一级类目", "quantity": "订购数量",
          "amount": "应付金额", "status": "订单状态"}),
    # Amazon's item-price is the line's total
    (AMAZON, {"customer_id": "buyer-email", "ts": "purchase-date", "order_id": "amazon-order-id", "item_id": "sku",
              "item_name": "product-name", "quantity": "quantity", "amount": "item-price", "currency": "currency",
              "status": "order-status", "region": "ship-state", "channel": "sales-channel"}),
    (LEDGER_DE, {"customer_id": "Kundennr", "ts": "Datum", "order_id": "Belegnr", "item_id": "Artikelnr",
                 "item_name": "Bezeichnung", "category": "Warengruppe", "quantity": "Menge", "amount": "Betrag"}),
    (PINDUODUO, {"customer_id": "手机", "ts": "订单成交时间", "order_id": "订单号", "item_id": "商品id",
                 "item_name": "商品", "quantity": "商品数量(件)", "amount": "用户实付金额（元）", "status": "订单状态",
                 "region": "省"}),
    (SHOPEE, {"customer_id": "Username (Buyer)", "ts": "Order Creation Date", "order_id": "Order ID",
              "item_id": "SKU Reference No.", "item_name": "Product Name", "quantity": "Quantity",
              "amount": "Product Subtotal", "unit_price": "Deal Price", "status": "Order Status",
              "region": "Province"}),
    (TIKTOK, {"customer_id": "Buyer Username", "ts": "Created Time", "order_id": "Order ID", "item_id": "Seller SKU",
              "item_name": "Product Name", "category": "Product Category", "quantity": "Quantity",
              "amount": "SKU Subtotal After Discount", "unit_price": "SKU Unit Original Price",
              "status": "Order Status", "region": "State"}),
    (LAZADA, {"customer_id": "Customer Email", "ts": "Create Time", "order_id": "Order Number",
              "item_id": "Seller SKU", "item_name": "Item Name", "amount": "Paid Price", "unit_price": "Unit Price",
              "status": "Status", "region": "Shipping Region"}),
    (EBAY, {"customer_id": "Buyer Username", "ts": "Sale Date", "order_id": "Order Number", "item_id": "Item Number",
            "item_name": "Item Title", "quantity": "Quantity", "unit_price": "Sold For", "amount": "Total Price",
            "region": "Buyer State"}),
    (ETSY, {"customer_id": "Buyer", "ts": "Sale Date", "order_id": "Order ID", "item_id": "SKU",
            "item_name": "Item Name", "quantity": "Quantity", "amount": "Item Total", "unit_price": "Price",
            "currency": "Currency", "region": "Ship State"}),
    # Square's time of day in a column of its own (it was left out: every sale at midnight)
    (SQUARE, {"customer_id": "Customer ID", "ts": "Date", "time_of_day": "Time", "event_type": "Event Type",
              "order_id": "Transaction ID",
              "item_id": "SKU", "item_name": "Item", "category": "Category", "quantity": "Qty", "amount": "Net Sales",
              "channel": "Channel"}),
    (SHOPEE_TW, {"customer_id": "買家帳號", "ts": "訂單成立日期", "order_id": "訂單編號", "item_id": "商品選項貨號",
                 "item_name": "商品名稱", "quantity": "數量", "amount": "商品總價", "status": "訂單狀態"}),
    # Shopee Brazil's, Mercado Libre's and Rakuten's, in Portuguese, Spanish and Japanese
    (["ID do pedido", "Status do pedido", "Data de criação do pedido", "Nome do Produto", "Quantidade",
      "Preço acordado", "Subtotal do produto", "Valor Total", "Nome de usuário (comprador)", "Mensagem do comprador",
      "Taxa de envio", "Data prevista de envio"],
     {"order_id": "ID do pedido", "status": "Status do pedido", "ts": "Data de criação do pedido",
      "item_name": "Nome do Produto", "quantity": "Quantidade", "unit_price": "Preço acordado",
      "amount": "Subtotal do produto", "customer_id": "Nome de usuário (comprador)"}),
    (["# de venta", "Fecha de venta", "Estado", "Unidades", "Ingresos por productos (ARS)", "Cargo por venta",
      "Costos de envío", "Total (ARS)", "SKU", "Título de la publicación", "Comprador"],
     {"order_id": "# de venta", "ts": "Fecha de venta", "status": "Estado", "quantity": "Unidades",
      "amount": "Ingresos por productos (ARS)", "item_id": "SKU", "item_name": "Título de la publicación",
      "customer_id": "Comprador"}),
    (["注文番号", "注文日時", "購入者", "商品名", "個数", "単価", "合計金額"],
     {"order_id": "注文番号", "ts": "注文日時", "customer_id": "購入者", "item_name": "商品名", "quantity": "個数",
      "unit_price": "単価", "amount": "合計金額"}),
    (["customer_id", "Metadata", "Amount"], {"customer_id": "customer_id", "amount": "Amount"}),
    # a small shop's ledger: its Name is the customer's (it was taken for the order, as Shopify's is)
    (["Date", "Name", "Item", "Qty", "Total"], {"ts": "Date", "customer_id": "Name", "item_name": "Item",
                                                 "quantity": "Qty", "amount": "Total"}),
    (["Order Date", "Product Name", "Amount"], {"ts": "Order Date", "item_name": "Product Name", "amount": "Amount"}),
    # Kuaishou's quantity; camelCase headers split into their words (OrderDate is an order date)
    (["订单号", "订单创建时间", "订单状态", "商品ID", "商品名称", "商品单价", "成交数量", "实付款", "买家ID", "留言"],
     {"order_id": "订单号", "ts": "订单创建时间", "status": "订单状态", "item_id": "商品ID", "item_name": "商品名称",
      "unit_price": "商品单价", "quantity": "成交数量", "amount": "实付款", "customer_id": "买家ID"}),
    (["ShopperRef", "OrderDate", "TransactionID", "ProductCode", "LineRevenue"],
     {"ts": "OrderDate", "order_id": "TransactionID", "amount": "LineRevenue"}),
    # a sales ledger's "Sales" is its amount; "Sales Channel" is not, nor is "Item Type" an item's name
    (["Order ID", "Order Date", "Customer ID", "Product ID", "Category", "Product Name", "Sales", "Quantity"],
     {"order_id": "Order ID", "ts": "Order Date", "customer_id": "Customer ID", "item_id": "Product ID",
      "category": "Category", "item_name": "Product Name", "amount": "Sales", "quantity": "Quantity"}),
    (["Customer", "Date", "Item", "Total"], {"customer_id": "Customer", "ts": "Date", "item_name": "Item",
                                            "amount": "Total"}),
    (["customer_id", "date", "Sales Channel", "Item Type"], {"customer_id": "customer_id", "ts": "date",
                                                             "channel": "Sales Channel", "category": "Item Type"}),
    # the UCI Online Retail exports (a UK gift shop's, I and II): the invoice is the order, the stock code the item
    (["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"],
     {"order_id": "Invoice", "item_id": "StockCode", "item_name": "Description", "quantity": "Quantity",
      "ts": "InvoiceDate", "unit_price": "Price", "customer_id": "Customer ID", "region": "Country"}),
    (["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"],
     {"order_id": "InvoiceNo", "item_id": "StockCode", "item_name": "Description", "quantity": "Quantity",
      "ts": "InvoiceDate", "unit_price": "UnitPrice", "customer_id": "CustomerID", "region": "Country"}),
    # Ta Feng's grocery export (Taiwan): a transaction's day in TRANSACTION_DT, not an event type
    (["TRANSACTION_DT", "CUSTOMER_ID", "AGE_GROUP", "PIN_CODE", "PRODUCT_SUBCLASS", "PRODUCT_ID", "SALES_PRICE"],
     {"ts": "TRANSACTION_DT", "customer_id": "CUSTOMER_ID", "age_band": "AGE_GROUP", "category": "PRODUCT_SUBCLASS",
      "item_id": "PRODUCT_ID", "unit_price": "SALES_PRICE"}),
    (["dt", "user_id", "sku_id", "pay_amount"], {"ts": "dt", "customer_id": "user_id", "item_id": "sku_id",
                                                 "amount": "pay_amount"}),
    # Weidian's buyer known by phone and name (its address the region: read as its province when it begins with one,
    # tests/engine/ingest/test_provinces.py); a Yonyou or Kingdee sales ledger's stock items and taxed totals; a
    # supermarket till's member cards, barcodes and stores
    (["订单编号", "下单时间", "买家姓名", "买家电话", "商品名称", "商品数量", "商品价格", "订单状态", "收货地址"],
     {"order_id": "订单编号", "ts": "下单时间", "customer_id": "买家电话", "item_name": "商品名称", "quantity": "商品数量",
      "unit_price": "商品价格", "status": "订单状态", "region": "收货地址"}),
    (["单据日期", "单据编号", "客户名称", "存货编码", "存货名称", "存货分类", "数量", "含税单价", "价税合计"],
     {"ts": "单据日期", "order_id": "单据编号", "customer_id": "客户名称", "item_id": "存货编码", "item_name": "存货名称",
      "category": "存货分类", "quantity": "数量", "unit_price": "含税单价", "amount": "价税合计"}),
    (["日期", "会员卡号", "会员姓名", "商品条码", "商品名称", "品类", "销售数量", "销售金额", "门店"],
     {"ts": "日期", "customer_id": "会员卡号", "item_id": "商品条码", "item_name": "商品名称", "category": "品类",
      "quantity": "销售数量", "amount": "销售金额", "channel": "门店"}),
    # Youzan's: the buyer's nickname beside their phone, the recipient's province
    (["订单号", "订单状态", "下单时间", "付款时间", "买家昵称", "买家手机号", "商品名称", "商品编码", "商品数量", "商品单价",
      "商品实际成交金额", "收货人省份"],
     {"order_id": "订单号", "status": "订单状态", "ts": "付款时间", "customer_id": "买家昵称", "item_name": "商品名称",
      "item_id": "商品编码", "quantity": "商品数量", "unit_price": "商品单价", "amount": "商品实际成交金额",
      "region": "收货人省份"}),
    # a ledger's Transaction Type (Invoice, Sales Receipt, Credit Memo) is neither its event type nor a category
    (["Transaction Type", "Date", "Customer", "Amount"], {"ts": "Date", "customer_id": "Customer", "amount": "Amount"}),
    # a shop's ERP order lines (商品总金额, 收件人省); a supermarket till's receipts (交易单号); a point of sale's in
    # English (Receipt number, a Customer code beside the Customer name; its Store is not read: the grocery dev file's
    # Store ID would become every customer's channel, a change no one has measured)
    (["订单编号", "订单创建时间", "支付时间", "买家账号", "商品编码", "商品名称", "规格", "数量", "单价", "商品总金额", "订单状态",
      "收件人省"],
     {"customer_id": "买家账号", "ts": "支付时间", "order_id": "订单编号", "item_id": "商品编码", "item_name": "商品名称",
      "quantity": "数量", "amount": "商品总金额", "unit_price": "单价", "status": "订单状态", "region": "收件人省"}),
    (["交易单号", "交易时间", "会员卡号", "会员姓名", "商品条码", "商品名称", "销售数量", "销售单价", "销售金额", "门店名称"],
     {"customer_id": "会员卡号", "ts": "交易时间", "order_id": "交易单号", "item_id": "商品条码", "item_name": "商品名称",
      "quantity": "销售数量", "amount": "销售金额", "unit_price": "销售单价", "channel": "门店名称"}),
    (["Receipt number", "Date", "Customer name", "Customer code", "Item", "SKU", "Quantity", "Gross sales",
      "Net sales", "Status", "Store"],
     {"customer_id": "Customer code", "ts": "Date", "order_id": "Receipt number", "item_id": "SKU", "item_name": "Item",
      "quantity": "Quantity", "amount": "Net sales", "status": "Status"}),
    # an invoice number beside the order's own number is not the order
    (["Order Number", "Invoice Number", "Order Date", "Customer", "Total"],
     {"order_id": "Order Number", "ts": "Order Date", "customer_id": "Customer", "amount": "Total"}),
])
def test_an_export_s_own_words_map_to_roles(header, expected):
    assert guess_roles(header) == expected


def test_a_workbook_with_a_title_above_its_header_and_a_totals_row_below(tmp_path):
    """A JD export as a merchandiser saves it: a title row, a blank row, the header, the rows, a 合计 row."""
    path = tmp_path / "jd.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("订单")
    sheet.write(0, 0, "京东订单明细导出 2017-01")
    sheet.write_row(2, 0, JD)
    rows = [["1001", "jd_a", "2017/01/03 10:00:00", "S1", "牛奶", "食品", "乳品", 2, 9.8, "已完成"],
            ["1002", "jd_b", "2017/01/04 11:30:00", "S2", "面包", "食品", "烘焙", 1, 5.5, "已完成"],
            ["1003", "jd_a", "2017/01/09 09:15:00", "S2", "面包", "食品", "烘焙", 3, 16.5, "已完成"]]
    for i, row in enumerate(rows):
        sheet.write_row(3 + i, 0, row)
    sheet.write_row(3 + len(rows), 0, ["合计", "", "", "", "", "", "", 6, 31.8, ""])
    book.close()
    inspection = inspect_file(None, path)
    assert inspection.header == JD and inspection.guess.format == "generic"
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        # the 合计 row is a sum of the rows, left out (it was a rejected row, "no customer id")
        assert (result.rows_loaded, result.rows_rejected, result.rows_skipped) == (3, 0, 1)
        assert project.query("SELECT customer_id, category, quantity, amount FROM events ORDER BY ts") == [
            ("jd_a", "乳品", 2.0, 9.8), ("jd_b", "烘焙", 1.0, 5.5), ("jd_a", "烘焙", 3.0, 16.5)]
        assert project.scalar("SELECT count(*) FROM rejected_rows") == 0
    finally:
        project.close()


def test_a_chinese_platform_s_order_statuses(tmp_path):
    """Pinduoduo and JD statuses: a cancelled or unpaid order is left out (it counted as a purchase), a refund
    after or before shipping is a refund, a delivered one a purchase."""
    path = tmp_path / "pdd.csv"
    rows = [("1", "已签收"), ("2", "已取消"), ("3", "未发货，退款成功"), ("4", "待付款"), ("5", "已完成"),
            ("6", "已关闭"), ("7", "已签收，退款成功")]
    path.write_text("订单号,手机,订单成交时间,商品,商品数量(件),用户实付金额(元),订单状态\n" + "".join(
        f'{o},1380000000{o},2017-01-0{o} 10:00:00,牛奶,1,9.9,"{status}"\n' for o, status in rows), encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert (result.rows_loaded, result.rows_skipped) == (4, 3)
        assert project.query("SELECT order_id, event_type FROM events ORDER BY order_id") == [
            ("1", "purchase"), ("3", "refund"), ("5", "purchase"), ("7", "refund")]
    finally:
        project.close()


def test_an_order_never_paid_is_left_out_though_it_has_no_payment_time(tmp_path):
    """Taobao's and Youzan's exports time an order by its payment: a closed order never paid has none. It was
    rejected ("no time") with every such order listed as a bad row; it is left out as a cancelled order is, and a
    row that is neither left out nor timed is still rejected."""
    path = tmp_path / "youzan.csv"
    path.write_text("订单号,订单状态,下单时间,付款时间,买家昵称,商品名称,商品数量,商品实际成交金额\n"
                    "1,交易成功,2024-01-05 10:00:00,2024-01-05 10:01:00,小王,牛奶,1,9.9\n"
                    "2,交易关闭,2024-01-06 10:00:00,,小李,牛奶,1,9.9\n"
                    "3,待付款,2024-01-07 10:00:00,,,牛奶,1,9.9\n"
                    "4,交易成功,2024-01-08 10:00:00,,小张,牛奶,1,9.9\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert (result.rows_loaded, result.rows_skipped, result.rows_rejected) == (1, 2, 1)
        assert project.query("SELECT line_no, reason FROM rejected_rows") == [(5, "no time")]
    finally:
        project.close()


def test_a_shopee_taiwan_export_leaves_its_orders_that_never_went_through_out(tmp_path):
    """不成立 (the order did not go through) is left out, 退貨/退款 is a refund, 已完成 a purchase."""
    path = tmp_path / "shopee_tw.csv"
    path.write_text(",".join(SHOPEE_TW[:8] + ["數量", "商品總價"]) + "\n" + "".join(
        f"{o},{status},,,buyer{o % 2},2024-03-0{o} 10:00,,茶\u8449,1,120\n"
        for o, status in ((1, "已完成"), (2, "不成立"), (3, "退貨/退款"), (4, "已完成"))), encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert (result.rows_loaded, result.rows_skipped) == (3, 1)
        assert project.query("SELECT order_id, customer_id, event_type FROM events ORDER BY order_id") == [
            ("1", "buyer1", "purchase"), ("3", "buyer1", "refund"), ("4", "buyer0", "purchase")]
    finally:
        project.close()


def test_masked_customer_ids_land_with_a_warning(tmp_path):
    """Masked phone numbers (138****5678) merge the buyers who share one: the import says so; real ids do not."""
    from engine.ingest.customer_ids import MIN_SHARE

    project = create_project(tmp_path / "p.shiftwise")
    try:
        for name, ids, warned in (("masked.csv", ["138****5678", "139****1234", "138****5678", "U4"], True),
                                  ("plain.csv", ["13800005678", "U2", "a*b", "U4"], False)):
            path = tmp_path / name
            path.write_text("订单号,手机,订单成交时间,商品\n" + "".join(
                f"{name}{i},{c},2017-01-0{i + 1} 10:00:00,牛奶\n" for i, c in enumerate(ids)), encoding="utf-8")
            result = import_file(project, path)
            assert result.rows_loaded == 4 and (result.warning is not None) == warned
            if warned:
                text = str(result.summary())
                assert "holds masked ids (138****5678, 75% of the first rows)" in text and 0.75 >= MIN_SHARE
                assert result.to_dict()["warning"].startswith("The customer column (手机) holds masked ids")
    finally:
        project.close()


def test_one_customer_id_on_every_row_lands_with_a_warning(tmp_path):
    """A column taken for the customer that is no buyer (a shipping fee of 0.00 on every row made a Shopee export
    one customer) is said at the import and kept for the Data page; a small file of one buyer's is not."""
    from engine.read.imports import import_notes

    project = create_project(tmp_path / "p.shiftwise")
    try:
        for name, rows, warned in (("fees.csv", 25, True), ("mine.csv", 5, False)):
            path = tmp_path / name
            path.write_text("Order ID,Buyer,Order Date,Product,Amount\n" + "".join(
                f"{name}{i},0.00,2024-01-{i % 28 + 1:02d},Tea,9.90\n" for i in range(rows)), encoding="utf-8")
            result = import_file(project, path)
            assert (result.warning is not None) == warned
            if warned:
                text = "The customer column (Buyer) holds one value (0.00) on all of the first 25 rows"
                assert text in str(result.summary())
                assert [str(n) for n in import_notes(project, result.import_id)][0].startswith(text)
    finally:
        project.close()


def test_a_tab_before_a_long_number_is_padding_not_part_of_the_id(tmp_path):
    """Douyin, Kuaishou and JD put a tab before long numbers so Excel keeps their digits. DuckDB's trim() takes
    only spaces: '\\tbuyerA' and 'buyerA' (a later export without the tab) were two customers."""
    first, later = tmp_path / "douyin.csv", tmp_path / "later.csv"
    first.write_text('主订单编号,买家昵称,订单提交时间,商品ID,选购商品,商品数量,订单应付金额,订单状态\n'
                     '"\t4810234567890","\tbuyerA","\t2017-01-03 10:00:00","\t3456",牛奶,1,"\t9.90","\t已取消"\n'
                     '"\t4810234567891","\tbuyerA","\t2017-01-04 11:00:00","\t3457",面包,2,"\t11.00",已完成\n',
                     encoding="utf-8")
    later.write_text("主订单编号,买家昵称,订单提交时间,商品ID,选购商品,商品数量,订单应付金额,订单状态\n"
                     "4810234567899,buyerA,2017-02-01 09:00:00,3456,牛奶,1,9.90,已完成\n"
                     "4810234567900,\u3000buyerB\u3000,2017-02-02 09:00:00,3456,牛奶,1,9.90,已完成\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        assert import_file(project, first).rows_skipped == 1   # '\t已取消' is a cancelled order too
        import_file(project, later)
        assert project.query("SELECT customer_id, order_id, item_id, amount FROM events ORDER BY ts") == [
            ("buyerA", "4810234567891", "3457", 11.0), ("buyerA", "4810234567899", "3456", 9.9),
            ("buyerB", "4810234567900", "3456", 9.9)]
    finally:
        project.close()


def test_an_e_mail_address_is_one_customer_whatever_its_case(tmp_path):
    """A WooCommerce shop's customers type their address as they like: Anna.Li@QQ.com on one order and
    anna.li@qq.com on the next were two customers. Ids that are no address keep their case (C001 is not c001)."""
    shop, ledger = tmp_path / "orders.csv", tmp_path / "ledger.csv"
    shop.write_text("Order Number,Order Date,Billing Email,Order Total\n"
                    "1001,2024-01-02,Anna.Li@QQ.com,10\n1002,2024-01-09,anna.li@qq.com,12\n"
                    "1003,2024-01-10,guest,5\n1004,2024-01-11,Guest,6\n", encoding="utf-8")
    ledger.write_text("Customer,Date,Amount\nC001,2024-01-02,10\nc001,2024-01-09,12\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_file(project, shop)
        import_file(project, ledger)
        assert project.query("SELECT customer_id, count(*) FROM events GROUP BY 1 ORDER BY 1") == [
            ("C001", 1), ("Guest", 1), ("anna.li@qq.com", 2), ("c001", 1), ("guest", 1)]
    finally:
        project.close()


def test_a_phone_number_is_one_customer_whatever_its_form(tmp_path):
    """An ERP writes 138-1234-5678, the mini-program's export +86 138 1234 5678 and the shop 13812345678: one
    customer. A number with its country code is + and digits; a customer number with a dash and a number without
    its country code keep their form (no phone can be told in them), as do masked ids."""
    erp, shop = tmp_path / "erp.csv", tmp_path / "shop.csv"
    erp.write_text("客户手机,下单时间,金额\n138-1234-5678,2024-01-02,10\n+86 138 1234 5678,2024-01-03,11\n"
                   "+44 20 7946 0958,2024-01-04,12\n139****0000,2024-01-05,13\n", encoding="utf-8")
    shop.write_text("Customer,Date,Amount\n13812345678,2024-01-09,12\n+442079460958,2024-01-10,5\n"
                    "2017-0001,2024-01-11,6\n(415) 555-0100,2024-01-12,7\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_file(project, erp, mapping={"columns": {"customer_id": "客户手机", "ts": "下单时间", "amount": "金额"}})
        import_file(project, shop)
        assert project.query("SELECT customer_id, count(*) FROM events GROUP BY 1 ORDER BY 1") == [
            ("(415) 555-0100", 1), ("+442079460958", 2), ("13812345678", 3), ("139****0000", 1), ("2017-0001", 1)]
    finally:
        project.close()


def test_a_customer_number_written_as_a_decimal_is_the_number(tmp_path):
    """pandas writes a column of customer numbers with a blank as floats (12900.0), a shop's spreadsheet and its
    other exports write 12900: one customer, and one order (489434.0 and 489434). A phone number written so is a
    mobile's 11 digits. Ids that are no whole number keep their form (12.5, A12.0, 2017.01)."""
    exported, ledger = tmp_path / "online_retail.csv", tmp_path / "ledger.csv"
    exported.write_text("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
                        "489434.0,85048,LED BULB,2,12/1/2009 7:45,6.95,12900.0,United Kingdom\n"
                        "489435.0,22064,PINK MUG,1,12/1/2009 7:46,2.10,,United Kingdom\n"
                        "489436.0,22065,BLUE MUG,1,12/1/2009 7:47,2.10,12.5,United Kingdom\n"
                        "489437.0,22066,RED MUG,1,12/1/2009 7:48,2.10,A12.0,United Kingdom\n"
                        "489438.0,22067,TEA SET,1,12/1/2009 7:49,9.10,13812345678.0,United Kingdom\n",
                        encoding="utf-8")
    ledger.write_text("Customer,Order,Date,Amount\n12900,489434,2009-12-02,10\n2017.01,1,2009-12-03,4\n"
                      "13812345678,2,2009-12-04,5\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, exported)
        assert result.rows_loaded == 4 and result.rows_rejected == 1   # the row without a customer
        import_file(project, ledger, mapping={"columns": {"customer_id": "Customer", "order_id": "Order",
                                                          "ts": "Date", "amount": "Amount"}})
        assert project.query("SELECT customer_id, count(*) FROM events GROUP BY 1 ORDER BY 1") == [
            ("12.5", 1), ("12900", 2), ("13812345678", 2), ("2017.01", 1), ("A12.0", 1)]
        assert project.query("SELECT count(DISTINCT order_id) FROM events WHERE customer_id = '12900'") == [(1,)]
    finally:
        project.close()


def test_a_tiktok_shop_export_lands_with_its_buyers_and_line_amounts(tmp_path):
    """Each buyer is a customer (not their message to the shop), each line its own subtotal (not the order's
    amount, repeated on each of its lines), a cancelled order is left out; and a Lazada export is not taken for
    WooCommerce's (both have billing columns)."""
    path = tmp_path / "tiktok.csv"
    rows = [("577001", "Completed", "S1", "Tea", "2", "20.00", "35.00", "2024-03-01 10:00:00", "fast please", "ann_1"),
            ("577001", "Completed", "S2", "Cup", "1", "15.00", "35.00", "2024-03-01 10:00:00", "fast please", "ann_1"),
            ("577002", "Cancelled", "S1", "Tea", "1", "10.00", "10.00", "2024-03-02 11:00:00", "", "bob_2"),
            ("577003", "Delivered", "S1", "Tea", "1", "10.00", "10.00", "2024-03-05 09:00:00", "", "bob_2")]
    header = ["Order ID", "Order Status", "Seller SKU", "Product Name", "Quantity", "SKU Subtotal After Discount",
              "Order Amount", "Created Time", "Buyer Message", "Buyer Username"]
    path.write_text(",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert (result.rows_loaded, result.rows_skipped) == (3, 1)
        assert project.query("SELECT customer_id, item_id, amount FROM events ORDER BY ts, item_id") == [
            ("ann_1", "S1", 20.0), ("ann_1", "S2", 15.0), ("bob_2", "S1", 10.0)]
    finally:
        project.close()
    assert inspect_file(None, _csv(tmp_path / "lazada.csv", LAZADA)).guess.format == "generic"


def test_a_point_of_sale_export_with_dollar_amounts_and_payment_events(tmp_path):
    """Square's item sales: its Event Type says Payment or Refund, its amounts carry $, thousands' commas and an
    accountant's brackets for a refund."""
    path = tmp_path / "items-2024.csv"
    path.write_text(",".join(SQUARE) + "\n"
                    '2024-01-05,10:12:01,Pacific Time (US & Canada),Coffee,Latte,1,Regular,LAT-1,$4.50,$0.00,$4.50,'
                    '$0.39,TX1,P1,Payment,Main St,CUST1,Ann,Point of Sale\n'
                    '2024-01-05,10:12:01,Pacific Time (US & Canada),Bakery,Cake,2,Regular,CAK-1,"$1,006.00",($0.50),'
                    '"$1,005.50",$0.48,TX1,P1,Payment,Main St,CUST1,Ann,Point of Sale\n'
                    '2024-01-07,09:00:00,Pacific Time (US & Canada),Coffee,Latte,1,Regular,LAT-1,($4.50),$0.00,'
                    '($4.50),($0.39),TX2,P2,Refund,Main St,CUST2,Bob,Point of Sale\n', encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        assert import_file(project, path).rows_loaded == 3
        # the date and its time of day, from their two columns
        assert project.query("SELECT DISTINCT CAST(ts AS VARCHAR) FROM events ORDER BY 1") == [
            ("2024-01-05 10:12:01",), ("2024-01-07 09:00:00",)]
        assert project.query("SELECT customer_id, event_type, category, amount FROM events ORDER BY ts, amount") == [
            ("CUST1", "purchase", "Coffee", 4.5), ("CUST1", "purchase", "Bakery", 1005.5),
            ("CUST2", "refund", "Coffee", -4.5)]
    finally:
        project.close()


@pytest.mark.parametrize("header,rows,times", [
    # an ERP's date and time in two columns: every sale was at midnight
    ("日期,时间,客户,金额", ["2024-01-05,10:12,张三,12", "2024-01-05,16:40:30,张三,8"],
     ["2024-01-05 10:12:00", "2024-01-05 16:40:30"]),
    ("Date,Time,Customer,Amount", ["05/01/2024,2:32 PM,c1,1", "06/01/2024,9:05 AM,c1,2", "31/01/2024,11:00 PM,c2,3"],
     ["2024-01-05 14:32:00", "2024-01-06 09:05:00", "2024-01-31 23:00:00"]),
    # a Time column that is no time of day (a whole timestamp), or beside a date that has its time: left alone
    ("Date,Time,Customer,Amount", ["2024-01-05,2024-01-05 10:12,c1,1"], ["2024-01-05 00:00:00"]),
    ("Date,Time,Customer,Amount", ["2024-01-05 08:00,10:12,c1,1"], ["2024-01-05 08:00:00"]),
])
def test_a_time_of_day_in_its_own_column_joins_its_date(tmp_path, header, rows, times):
    path = tmp_path / "sales.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        assert import_file(project, path).rows_loaded == len(rows)
        assert [r[0] for r in project.query("SELECT CAST(ts AS VARCHAR) FROM events ORDER BY ts")] == times
    finally:
        project.close()


def test_a_ledger_writes_a_return_as_a_negative_amount(tmp_path):
    """Without an event type, a status or a quantity, a negative amount (or an accountant's brackets) is a return:
    a refund, not the customer buying again."""
    path = tmp_path / "ledger.csv"
    path.write_text("Customer,Date,Item,Amount\nc1,2024-01-02,Tea,12.50\nc1,2024-01-09,Tea,-12.50\n"
                    "c2,2024-01-03,Cup,8.00\nc2,2024-01-04,Cup,(8.00)\nc3,2024-01-05,Pot,0.00\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        assert import_file(project, path).rows_loaded == 5
        assert project.query("SELECT customer_id, event_type, quantity, amount FROM events ORDER BY ts") == [
            ("c1", "purchase", 1.0, 12.5), ("c2", "purchase", 1.0, 8.0), ("c2", "refund", -1.0, -8.0),
            ("c3", "purchase", 1.0, 0.0), ("c1", "refund", -1.0, -12.5)]
    finally:
        project.close()


def _csv(path, header):
    path.write_text(",".join(header) + "\n" + ",".join(f"v{i}" for i in range(len(header))) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("totals", ["Total,,,,3,26.00", ',,"Grand Total",,3,26.00', "合计,,,,3,26.00"])
def test_a_totals_row_is_left_out_and_a_bad_row_beside_it_still_rejected(tmp_path, totals):
    path = tmp_path / "ledger.csv"
    path.write_text("Order ID,Customer ID,Date,SKU,Quantity,Amount\n"
                    "1,c1,2024-01-05,S1,1,10.00\n1,c1,2024-01-05,S2,1,6.00\n2,,2024-01-06,S1,1,10.00\n"
                    + totals + "\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert (result.rows_loaded, result.rows_rejected, result.rows_skipped) == (2, 1, 1)
        assert project.query("SELECT line_no, reason FROM rejected_rows") == [(4, "no customer id")]
        assert "1 left out (cancelled, non-shopping or totals rows)" in str(result.summary())
    finally:
        project.close()


def test_a_mercado_libre_export_lands_with_its_spanish_dates(tmp_path):
    """Its dates were refused as unreadable; its amounts have a decimal comma and a $ sign."""
    path = tmp_path / "ventas.csv"
    path.write_text("# de venta,Fecha de venta,Estado,Unidades,Ingresos por productos (ARS),Total (ARS),SKU,"
                    "Título de la publicación,Comprador\n"
                    "2000001,15 de marzo de 2024 14:32 hs.,Entregado,2,\"$ 12.400,00\",\"$ 10.900,00\",T1,Té verde,"
                    "ANA\n"
                    "2000002,2 de abril de 2024 09:05 hs.,Cancelada,1,\"$ 6.200,00\",\"$ 5.450,00\",T1,Té verde,LUIS\n",
                    encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        # Cancelada is a cancelled sale: left out (it counted as a purchase)
        assert (result.rows_loaded, result.rows_skipped) == (1, 1)
        assert result.ts_format == "month names, %d %m %Y %H:%M"
        assert project.query("SELECT customer_id, ts, quantity, amount FROM events") == [
            ("ANA", datetime(2024, 3, 15, 14, 32), 2.0, 12400.0)]
    finally:
        project.close()
