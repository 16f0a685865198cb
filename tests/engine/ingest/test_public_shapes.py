"""Shapes of the public shops' files: a time column no header word names (H&M's ``t_dat``), found by its values; a
product list of any shop (H&M's articles, Olist's products) read as a catalog that gives the items their categories;
of two headers holding a category's words, the one naming a name, not a number; a list of customers (Shopify's
customers export, a member list) giving them their attributes."""

from __future__ import annotations

import pytest

from engine.catalog.derive import group_summary
from engine.features.current_attributes import CURRENT_BY_CUSTOMER
from engine.ingest import import_file, import_files, inspect_file
from engine.ingest.catalog import apply_catalog
from engine.ingest.errors import ImportError_
from engine.ingest.header_words import guess_roles
from engine.ingest.value_roles import time_by_values
from engine.messages import render
from engine.store import create_project

HM = ["t_dat", "customer_id", "article_id", "price", "sales_channel_id"]
HM_ROWS = [("2018-09-20", "c1", "0663713001", "0.0508", "2"), ("2018-09-20", "c1", "0541518023", "0.0305", "2"),
           ("2018-09-21", "c2", "0663713001", "0.0508", "1"), ("2018-10-02", "c2", "0505221004", "0.0152", "2")]
ARTICLES = ["article_id", "product_code", "prod_name", "product_type_no", "product_type_name", "product_group_name"]
ARTICLE_ROWS = [("0663713001", "663713", "Atlanta Push Body Harlow", "283", "Underwear body", "Underwear"),
                ("0541518023", "541518", "Rae Push (Melbourne) 2p", "306", "Bra", "Underwear"),
                ("0505221004", "505221", "Inca Jumper", "252", "Sweater", "Garment Upper body")]


def _write(path, header, rows):
    path.write_text(",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_time_column_no_header_names_is_found_by_its_values(tmp_path):
    guess = inspect_file(None, _write(tmp_path / "transactions_train.csv", HM, HM_ROWS)).guess
    assert guess.format == "generic"
    assert (guess.column("ts"), guess.column("customer_id"), guess.column("item_id")) == (
        "t_dat", "customer_id", "article_id")


@pytest.mark.parametrize("values", [
    ["1537401600", "1537488000"],          # numbers alone: an epoch, a price, an id read alike
    ["2018-09-20", "soon"],                # a value that is no time
    ["1890-01-01", "1890-02-01"],          # times no shop's export holds
])
def test_a_column_is_not_taken_for_the_time_unless_every_value_is_a_time_written_as_text(values):
    assert time_by_values(["x", "tag"], [["a", v] for v in values], set()) is None


def test_a_list_of_customers_with_dates_is_not_read_as_purchases(tmp_path):
    """A member list (a customer, their birthday, the day they signed up) holds dates but no purchases."""
    inspection = inspect_file(None, _write(tmp_path / "members.csv", ["member", "signed", "level"],
                                                [("m1", "2018-03-01", "gold"), ("m2", "2019-07-15", "silver")]))
    assert "ts" not in inspection.guess.columns


def test_the_time_by_values_is_the_first_such_column_and_never_one_named_for_another_time():
    sample = [["2018-09-25", "20/09/2018 10:00", "21.09.2018"], ["2018-09-26", "21/09/2018 11:30", "22.09.2018"]]
    assert time_by_values(["ship dt", "wann", "tag"], sample, set()) == "wann"
    assert time_by_values(["ship dt", "wann", "tag"], sample, {"wann"}) == "tag"


def test_a_header_naming_a_number_is_passed_over_for_one_naming_a_name():
    roles = guess_roles(ARTICLES)
    assert (roles["item_id"], roles["item_name"], roles["category"]) == ("article_id", "prod_name",
                                                                          "product_type_name")
    assert guess_roles(["category_id", "user_id", "ts"])["category"] == "category_id"   # the only one


def test_a_shop_s_product_list_gives_its_items_their_categories(tmp_path):
    events = _write(tmp_path / "transactions_train.csv", HM, HM_ROWS)
    articles = _write(tmp_path / "articles.csv", ARTICLES, ARTICLE_ROWS)
    assert inspect_file(None, articles).guess.format == "product_catalog"
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_file(project, events)
        result = import_file(project, articles)
        assert result.rows_loaded == 3
        assert render(result.summary()).startswith("articles.csv: product_catalog, 3 products' categories imported")
        assert project.query("SELECT item_id, category FROM events ORDER BY ts, item_id") == [
            ("0541518023", "Bra"), ("0663713001", "Underwear body"), ("0663713001", "Underwear body"),
            ("0505221004", "Sweater")]
        assert render(group_summary(project).sentence()) == (
            "Categories from an imported catalog: 3 products in 3 categories.")
    finally:
        project.close()


def test_a_product_list_imported_with_its_shop_s_files_names_what_it_covers(tmp_path):
    """Olist's three files together: the orders (buyer, time), their lines (product, price), the products (category);
    a product the list does not name is grouped, and the Data page says both."""
    orders = _write(tmp_path / "olist_orders_dataset.csv",
                    ["order_id", "customer_id", "order_status", "order_purchase_timestamp"],
                    [("o1", "c1", "delivered", "2017-10-02 10:56:33"), ("o2", "c2", "delivered", "2017-10-03 09:01:00"),
                     ("o3", "c1", "delivered", "2017-11-05 18:00:00")])
    items = _write(tmp_path / "olist_order_items_dataset.csv", ["order_id", "order_item_id", "product_id", "price"],
                   [("o1", "1", "p1", "29.99"), ("o1", "2", "p2", "10.00"), ("o2", "1", "p1", "29.99"),
                    ("o3", "1", "p3", "5.50")])
    products = _write(tmp_path / "olist_products_dataset.csv",
                      ["product_id", "product_category_name", "product_weight_g"],
                      [("p1", "cama_mesa_banho", "500"), ("p2", "beleza_saude", "200")])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        outcomes = import_files(project, [orders, items, products])
        assert [o.error for o in outcomes] == [None, None, None]
        assert project.query("SELECT customer_id, item_id, category FROM events ORDER BY ts, item_id")[:3] == [
            ("c1", "p1", "cama_mesa_banho"), ("c1", "p2", "beleza_saude"), ("c2", "p1", "cama_mesa_banho")]
        assert render(group_summary(project).sentence()).startswith("No category column: 1 products are not grouped")
        # the product the list does not name, as grouping leaves it (one product is too few to group here)
        cur = project.cursor()
        cur.execute("INSERT INTO item_catalog (item_id, category, source) VALUES ('p3', 'g1', 'derived')")
        apply_catalog(cur)
        assert render(group_summary(project).sentence()).startswith(
            "Categories from an imported catalog: 2 products in 2 categories; 1 products it does not name grouped "
            "into 1 groups by their")
    finally:
        project.close()


def test_a_file_of_order_lines_is_no_product_list(tmp_path):
    """Lines with an order and a quantity but no buyer wait for their orders' file; they are not a catalog."""
    lines = _write(tmp_path / "lines.csv", ["order_id", "sku", "category", "quantity"], [("o1", "s1", "Tea", "2")])
    assert inspect_file(None, lines).guess.format != "product_catalog"
    project = create_project(tmp_path / "p.shiftwise")
    try:
        with pytest.raises(ImportError_):
            import_file(project, lines)
    finally:
        project.close()


def test_a_customers_export_beside_the_orders_gives_them_their_attributes(tmp_path):
    """Shopify's customers export keys its customers by a Customer ID the orders export does not have: its rows meet
    the orders' customers by their Email, and its lifetime totals are no purchases."""
    orders = _write(tmp_path / "orders_export.csv",
                    ["Name", "Email", "Financial Status", "Paid at", "Lineitem quantity", "Lineitem name",
                     "Lineitem price", "Lineitem sku"],
                    [("#1001", "Ann@Example.com", "paid", "2024-03-01 10:00:00 +0000", "1", "Tea", "10.00", "T1"),
                     ("#1002", "bob@example.com", "paid", "2024-03-02 10:00:00 +0000", "2", "Cup", "5.00", "C1")])
    customers = _write(tmp_path / "customers_export.csv",
                       ["Customer ID", "First Name", "Email", "Default Address Province Code", "Total Spent",
                        "Total Orders", "Tags"],
                       [("7001", "Ann", "ann@example.com", "TX", "10.00", "1", "vip"),
                        ("7002", "Bob", "bob@example.com", "CA", "10.00", "1", "")])
    assert inspect_file(None, customers).guess.format == "customer_list"
    project = create_project(tmp_path / "p.shiftwise")
    try:
        outcomes = import_files(project, [orders, customers])
        assert [o.error for o in outcomes] == [None, None]
        assert outcomes[1].result.rows_loaded == 2 and outcomes[1].result.columns["customer_id"] == "Email"
        assert project.scalar("SELECT count(*) FROM events") == 2   # the list adds no events
        assert project.query(f"SELECT customer_id, region FROM {CURRENT_BY_CUSTOMER} ORDER BY 1") == [
            ("ann@example.com", "TX"), ("bob@example.com", "CA")]
    finally:
        project.close()


def test_a_member_list_gives_its_members_gender_level_and_province(tmp_path):
    """A Chinese shop's member list: its sign-up time and birthday are no purchases, its provinces written short or
    whole are one province each."""
    members = _write(tmp_path / "会员列表.csv", ["会员卡号", "手机号", "性别", "生日", "会员等级", "注册时间", "省份"],
                     [("VIP001", "13800000001", "男", "1990-01-01", "金卡", "2023-01-01 10:00:00", "浙江"),
                      ("VIP002", "13800000002", "女", "1992-02-02", "银卡", "2023-02-01 10:00:00", "广东省"),
                      ("VIP001", "13800000001", "男", "1990-01-01", "钻石卡", "2023-01-01 10:00:00", "")])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, members)
        assert (result.format, result.rows_loaded) == ("customer_list", 2)
        assert render(result.summary()).startswith("会员列表.csv: customer_list, 2 customers' attributes imported")
        assert project.scalar("SELECT count(*) FROM events") == 0
        # a member on two rows: each value from their last row that has one
        assert project.query(f"SELECT customer_id, gender, member_level, region FROM {CURRENT_BY_CUSTOMER} "
                             "ORDER BY 1") == [("VIP001", "男", "钻石卡", "浙江省"), ("VIP002", "女", "银卡", "广东省")]
    finally:
        project.close()


def test_an_order_file_s_values_with_their_times_win_over_a_list_s(tmp_path):
    """A list's values have no time: a value an order gave with its time is the one seen last."""
    orders = _write(tmp_path / "orders.csv", ["customer_id", "ts", "sku", "region"],
                    [("c1", "2024-03-01 10:00:00", "s1", "North")])
    members = _write(tmp_path / "customers.csv", ["customer_id", "region", "gender"], [("c1", "South", "F")])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_files(project, [members, orders])
        assert project.query(f"SELECT region, gender FROM {CURRENT_BY_CUSTOMER}") == [("North", "F")]
    finally:
        project.close()


def test_categories_written_as_numbers_are_named_by_their_path(tmp_path):
    """REES46's category_id beside its category_code: each category takes the name its rows give (also a row whose
    code is blank); a category no row names keeps its number; categories written as names keep them. An item taken
    out of the cart is left out (it was a rejected row)."""
    path = _write(tmp_path / "2019-Oct.csv", ["event_time", "event_type", "product_id", "category_id", "category_code",
                                               "price", "user_id"],
                  [("2019-10-01 00:00:00 UTC", "purchase", "p1", "2053013555631882655", "electronics.smartphone",
                    "489.07", "u1"),
                   ("2019-10-01 00:01:00 UTC", "purchase", "p2", "2053013555631882655", "", "200.00", "u2"),
                   ("2019-10-01 00:02:00 UTC", "view", "p3", "2053013566100866035", "", "5.00", "u1"),
                   ("2019-10-01 00:03:00 UTC", "purchase", "p4", "2232732093077520756", "construction.tools.light",
                    "9.99", "u2"),
                   ("2019-10-01 00:04:00 UTC", "remove_from_cart", "p4", "2232732093077520756", "", "9.99", "u2")])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert (result.category_ids, result.category_names) == ("category_id", "category_code")
        assert (result.rows_loaded, result.rows_skipped, result.rows_rejected) == (4, 1, 0)   # out of the cart
        assert "categories written as numbers in category_id are named by category_code" in render(result.summary())
        assert project.query("SELECT item_id, category FROM events ORDER BY ts") == [
            ("p1", "electronics.smartphone"), ("p2", "electronics.smartphone"), ("p3", "2053013566100866035"),
            ("p4", "construction.tools.light")]
        named = _write(tmp_path / "lines.csv", ["customer_id", "ts", "sku", "category", "department"],
                       [("c1", "2024-03-01 10:00:00", "s1", "ROLLS", "PASTRY")])
        result = import_file(project, named)
        assert result.category_names == "" and project.scalar(
            "SELECT category FROM events WHERE item_id = 's1'") == "ROLLS"
    finally:
        project.close()


def test_a_line_without_an_item_id_is_known_by_its_name(tmp_path):
    """Shopify's custom items and products sold without a SKU: the line's product is its name, so it can be grouped
    and counted as an item (it had none)."""
    path = _write(tmp_path / "orders_export.csv",
                  ["Name", "Email", "Financial Status", "Paid at", "Lineitem quantity", "Lineitem name",
                   "Lineitem price", "Lineitem sku"],
                  [("#1001", "a@x.com", "paid", "2024-03-01 10:00:00 +0000", "1", "Tea", "10.00", "T1"),
                   ("#1001", "", "", "", "1", "Gift wrap", "2.00", ""),
                   ("#1002", "b@x.com", "paid", "2024-03-02 10:00:00 +0000", "2", "Hand-made mug", "5.00", "")])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_file(project, path)
        assert project.query("SELECT item_id FROM events ORDER BY ts, item_id") == [
            ("Gift wrap",), ("T1",), ("Hand-made mug",)]
    finally:
        project.close()


def test_a_category_code_alone_is_the_category():
    """REES46's category_code is the path naming its numeric category_id; a file's only Category Code is its category."""
    assert guess_roles(["Order No", "Customer", "Date", "Category Code", "Amount"])["category"] == "Category Code"
    roles = guess_roles(["event_time", "user_id", "category_id", "category_code"])
    assert (roles["category"], roles["category_path"]) == ("category_id", "category_code")


def test_a_product_list_s_commodity_is_its_category():
    """dunnhumby's product file (The Complete Journey): a commodity is the category, its department the path."""
    roles = guess_roles(["PRODUCT_ID", "MANUFACTURER", "DEPARTMENT", "BRAND", "COMMODITY_DESC", "SUB_COMMODITY_DESC"])
    assert (roles["category"], roles["category_path"]) == ("COMMODITY_DESC", "DEPARTMENT")


@pytest.mark.parametrize("name, header, row", [
    ("olist_order_payments_dataset.csv", ["order_id", "payment_sequential", "payment_type", "payment_value"],
     ("o1", "1", "credit_card", "10.50")),
    ("olist_order_reviews_dataset.csv", ["review_id", "order_id", "review_score", "review_comment_title",
                                         "review_creation_date"], ("r1", "o1", "5", "ok", "2017-10-03 00:00:00")),
])
def test_an_order_s_payments_or_reviews_are_no_order_lines(tmp_path, name, header, row):
    """They name orders but no items: imported beside the orders they were taken for purchases (a review was a
    purchase on its day, a payment doubled the spend); now the import asks what they are."""
    orders = _write(tmp_path / "olist_orders_dataset.csv", ["order_id", "customer_id", "order_purchase_timestamp"],
                    [("o1", "c1", "2017-10-02 10:56:33")])
    other = _write(tmp_path / name, header, [row])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        outcomes = import_files(project, [orders, other])
        assert outcomes[1].error is not None and "no column for the customer" in render(outcomes[1].summary())
        assert project.scalar("SELECT count(*) FROM events") == 0
    finally:
        project.close()


@pytest.mark.parametrize("header, rows, expected", [
    (["user_id", "sku_id", "time", "model_id", "type", "cate", "brand"],
     [("200719", "22", "2016-02-01 00:00:02", "", "6", "8", "403"), ("200719", "22", "2016-02-01 00:00:05", "0", "1",
                                                                       "8", "403"),
      ("200719", "33", "2016-02-01 00:10:05", "", "2", "8", "403"), ("200719", "33", "2016-02-01 00:11:05", "", "3",
                                                                       "8", "403"),
      ("200719", "33", "2016-02-01 00:20:05", "", "4", "8", "403"), ("300001", "44", "2016-02-02 00:20:05", "", "5",
                                                                       "9", "12")],
     [("22", "view", "8"), ("22", "view", "8"), ("33", "cart", "8"), ("33", "purchase", "8"),
      ("44", "favourite", "9")]),
    (["user_id", "sku_id", "action_time", "module_id", "type"],
     [("1", "22", "2018-03-01 10:00:00", "8107", "1"), ("1", "22", "2018-03-01 10:05:00", "8107", "5"),
      ("1", "22", "2018-03-01 10:06:00", "8107", "2"), ("1", "22", "2018-03-09 10:06:00", "8107", "4")],
     [("22", "view", None), ("22", "cart", None), ("22", "purchase", None)]),
])
def test_jd_s_jdata_action_logs_read_their_action_codes(tmp_path, header, rows, expected):
    """JData's ``type`` is an action's code (2017: 4 an order, 3 out of the cart; 2019: 2 an order, 4 a comment), not
    a category: read by header words, every browse was a purchase of the category "1"."""
    path = _write(tmp_path / "JData_Action.csv", header, rows)
    project = create_project(tmp_path / "p.shiftwise")
    try:
        assert import_file(project, path).format == "jdata"
        assert project.query("SELECT item_id, event_type, category FROM events ORDER BY ts") == expected
    finally:
        project.close()


def test_a_list_s_mapping_needs_the_list_s_roles(tmp_path):
    """A mapping that reads a file as a product list (the dialog's "This file holds", --mapping) needs an item and
    a category; as a list of customers, a customer and one of their attributes."""
    path = _write(tmp_path / "stammdaten.csv", ["nummer", "gruppe", "land"], [("A1", "Tee", "DE")])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        with pytest.raises(ImportError_, match="no column for category"):
            import_file(project, path, mapping={"format": "product_catalog", "columns": {"item_id": "nummer"}})
        with pytest.raises(ImportError_, match="no column for attribute"):
            import_file(project, path, mapping={"format": "customer_list", "columns": {"customer_id": "nummer"}})
        import_file(project, path, mapping={"format": "product_catalog",
                                            "columns": {"item_id": "nummer", "category": "gruppe"}})
        assert project.query("SELECT item_id, category, source FROM item_catalog") == [("A1", "Tee", "catalog")]
    finally:
        project.close()


def test_a_paypal_activity_download_lands_with_its_payments_and_refund(tmp_path):
    """PayPal's activity download: its Gross is the amount (a refund's negative), its Type the transaction's (no
    category), its Date day first beside its Time."""
    path = _write(tmp_path / "Download.CSV",
                  ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
                   "From Email Address", "Transaction ID", "Item Title", "Item ID", "Quantity"],
                  [("01/03/2024", "10:00:00", "PST", "Ann Lee", "Website Payment", "Completed", "USD", "25.00", "-1.03",
                    "23.97", "ann@x.com", "1AB", "Green tea", "T1", "1"),
                   ("02/03/2024", "11:30:00", "PST", "Bob Wu", "Website Payment", "Completed", "USD", "40.00", "-1.46",
                    "38.54", "bob@x.com", "2CD", "Mug", "M1", "2"),
                   ("13/03/2024", "09:00:00", "PDT", "Bob Wu", "Payment Refund", "Completed", "USD", "-40.00", "1.46",
                    "-38.54", "shop@x.com", "3EF", "Mug", "M1", "2")])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert result.columns["amount"] == "Gross" and "category" not in result.columns
        assert project.query("SELECT customer_id, CAST(ts AS DATE)::VARCHAR, event_type, amount FROM events "
                             "ORDER BY ts") == [("Ann Lee", "2024-03-01", "purchase", 25.0),
                                                ("Bob Wu", "2024-03-02", "purchase", 40.0),
                                                ("Bob Wu", "2024-03-13", "refund", -40.0)]
    finally:
        project.close()


@pytest.mark.parametrize("header, expected", [
    # WooCommerce's products export: its bare Name is the product's, not a customer's
    (["ID", "Type", "SKU", "Name", "Published", "Description", "Regular price", "Categories", "Tags"],
     {"item_id": "SKU", "item_name": "Name", "category": "Categories"}),
    # Taobao's item list (宝贝列表) with its stock and listing time; Youzan's (商品分组) with its sales
    (["宝贝名称", "宝贝类目", "商家编码", "价格", "数量", "上架时间"],
     {"item_id": "商家编码", "item_name": "宝贝名称", "category": "宝贝类目"}),
    (["商品名称", "商品编码", "商品分组", "价格", "库存", "销量"],
     {"item_id": "商品编码", "item_name": "商品名称", "category": "商品分组"}),
])
def test_the_platforms_product_lists_are_read_as_catalogs(header, expected):
    from engine.ingest import formats

    mapping = formats.recognise(header, [])
    assert (mapping.format, mapping.columns) == ("product_catalog", expected)


def test_a_file_of_amounts_whose_time_no_word_names_is_no_customer_list(tmp_path):
    """A customer, a region and a line's amount, its time in epoch seconds under a header no word names: a file of
    purchases the mapping dialog asks about, not a list of customers (whose amount is a lifetime's, Total Spent)."""
    from engine.ingest import formats

    sample = [["c1", "North", "12.50", "1704448800"]]
    assert formats.recognise(["customer_id", "region", "amount", "zeit"], sample) is None
    assert formats.recognise(["customer_id", "region", "Total Spent"], []).format == "customer_list"
