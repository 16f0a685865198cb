"""Derived product groups: planted groups in English and Chinese names are found again, from
baskets alone too; the groups land as categories and survive the catalog round trip."""

from __future__ import annotations

import csv

import numpy as np
import openpyxl
import pytest
from sklearn.metrics import v_measure_score

from engine.catalog.derive import derive_groups, export_sql, group_summary, rename_group
from engine.catalog.grouping import group_items, k_range, normalise_name
from engine.export import write_query
from engine.workflows import import_shop
from cli.app import main
from engine.store import create_project, open_project

EN_NOUNS = ("yogurt", "coffee beans", "green tea", "tortilla chips", "shampoo", "toothpaste", "dog food",
            "cat litter", "orange juice", "cheddar cheese", "pasta sauce", "spaghetti", "rice",
            "olive oil", "peanut butter", "strawberry jam", "dish soap", "paper towels", "chocolate bar",
            "ice cream", "frozen pizza", "chicken breast", "ground beef", "salmon fillet", "bananas",
            "apples", "potatoes", "onions", "white bread", "croissants")
EN_MODS = ("organic", "classic", "family", "premium", "value", "fresh", "original", "light", "extra",
           "select", "natural", "daily")
ZH_NOUNS = ("牛奶", "酸奶", "咖啡豆", "绿茶", "薯片", "洗发水", "牙膏", "狗粮", "猫砂", "橙汁", "奶酪",
            "意面酱", "挂面", "大米", "橄榄油", "花生酱", "草莓酱", "洗洁精", "纸巾", "巧克力", "冰淇淋",
            "披萨", "鸡胸肉", "牛肉馅", "三文鱼", "香蕉", "苹果", "土豆", "洋葱", "面包")
ZH_MODS = ("有机", "经典", "家庭装", "进口", "特价", "新鲜", "原味", "低脂", "加量", "精选", "天然", "每日")
ITEMS_PER_GROUP = 20


def planted(nouns, mods, sep: str, seed: int = 1):
    """Names (modifiers shared by every group, the noun telling the group) and their groups."""
    rng = np.random.default_rng(seed)
    names, truth = [], []
    for g, noun in enumerate(nouns):
        for i in range(ITEMS_PER_GROUP):
            a, b = rng.choice(len(mods), 2, replace=False)
            size = f"{(i + 1) * 50}{'g' if i % 2 else 'ml'}"
            names.append(sep.join([mods[a], mods[b], noun, size]) if sep else f"{mods[a]}{mods[b]}{noun} {size}")
            truth.append(g)
    return names, np.array(truth)


def baskets(truth: np.ndarray, n_baskets: int = 3000, seed: int = 2):
    """Each basket takes 3 items of one group and, one time in four, one item of any group."""
    rng = np.random.default_rng(seed)
    groups = {g: np.flatnonzero(truth == g) for g in np.unique(truth)}
    items, ids = [], []
    for b in range(n_baskets):
        g = int(rng.integers(len(groups)))
        chosen = list(rng.choice(groups[g], 3, replace=False))
        if rng.random() < 0.25:
            chosen.append(int(rng.integers(len(truth))))
        items += chosen
        ids += [b] * len(chosen)
    return np.array(items), np.array(ids)


@pytest.mark.parametrize("nouns, mods, sep", [(EN_NOUNS, EN_MODS, " "), (ZH_NOUNS, ZH_MODS, "")],
                         ids=["english", "chinese"])
def test_planted_groups_are_found_from_names(nouns, mods, sep):
    names, truth = planted(nouns, mods, sep)
    g = group_items(names, baskets(truth))
    assert g.used_names_ and g.used_baskets_
    assert k_range(g.n_units_)[0] <= len(g.names_) <= k_range(g.n_units_)[1]
    assert v_measure_score(truth, g.labels_) >= 0.9
    # a group is named by its noun: the name of the largest group of each noun's items holds it
    for noun in nouns[:5]:
        labels = g.labels_[truth == nouns.index(noun)]
        name = g.names_[np.bincount(labels).argmax()]
        key = noun.split()[0] if sep else noun[:2]
        assert key in name.lower(), (noun, name)


def test_items_without_names_are_grouped_by_baskets():
    _, truth = planted(EN_NOUNS, EN_MODS, " ")
    g = group_items([None] * len(truth), baskets(truth, n_baskets=6000))
    assert not g.used_names_ and g.used_baskets_
    assert v_measure_score(truth, g.labels_) >= 0.8
    assert g.names_[0] == "Group 1"


def test_sizes_do_not_make_names_differ():
    assert normalise_name("SOFT DRINK 12 OZ") == normalise_name("soft drink 2.5 oz") == "soft drink oz"


def write_orders(path, names, truth, seed: int = 3):
    """Orders without a category column: order, customer, time, item id, name, quantity, amount."""
    items, ids = baskets(truth, n_baskets=1500, seed=seed)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Order ID", "Customer ID", "Created At", "SKU", "Product Name", "Quantity", "Line Total"])
        for item, b in zip(items, ids):
            w.writerow([f"O{b}", f"C{b % 300:05d}", f"2026-0{1 + b % 6}-{1 + b % 27:02d} 10:00",
                        f"SKU{item:04d}", names[item], 1, 2.5])


@pytest.fixture
def grouped(tmp_path):
    names, truth = planted(EN_NOUNS, EN_MODS, " ")
    path = tmp_path / "orders.csv"
    write_orders(path, names, truth)
    project = create_project(tmp_path / "p.shiftwise")
    results = import_shop(project, [path])
    yield project, results, names, truth
    project.close()


def test_the_ingest_step_alone_leaves_the_products_to_the_workflow(tmp_path):
    from engine.ingest import import_files

    names, truth = planted(EN_NOUNS, EN_MODS, " ")
    write_orders(tmp_path / "orders.csv", names, truth)
    project = create_project(tmp_path / "p.shiftwise")
    [outcome] = import_files(project, [tmp_path / "orders.csv"])
    assert outcome.result.rows_loaded and outcome.result.groups == ""
    assert group_summary(project).state == "pending"
    project.close()


def test_import_without_categories_derives_groups(grouped):
    project, results, names, truth = grouped
    summary = group_summary(project)
    assert summary.state == "derived" and summary.used_names and summary.used_baskets
    assert results[0].result.groups == str(summary.sentence())
    assert str(summary.sentence()).startswith(f"No category column: {summary.items:,} products grouped into "
                                         f"{summary.groups} groups by their names and baskets")
    rows = project.query("SELECT item_id, category FROM item_catalog WHERE source = 'derived' ORDER BY item_id")
    got = np.array([r[1] for r in rows])
    want = truth[[int(r[0][3:]) for r in rows]]
    assert v_measure_score(want, got) >= 0.9
    # every purchase carries its item's group, and no category path
    assert project.scalar("SELECT count(*) FROM events WHERE category IS NULL OR category_path IS NOT NULL") == 0
    # grouping again changes nothing while no new item came in
    before = project.query("SELECT item_id, category FROM item_catalog ORDER BY item_id")
    derive_groups(project)
    assert project.query("SELECT item_id, category FROM item_catalog ORDER BY item_id") == before


def test_rename_moves_the_group_and_its_events(grouped):
    project = grouped[0]
    old, n = project.query("SELECT category, count(*) FROM item_catalog GROUP BY ALL ORDER BY 2 DESC LIMIT 1")[0]
    assert rename_group(project, old, "Yoghurts") == n
    assert project.scalar("SELECT count(*) FROM events WHERE category = ?", [old]) == 0
    assert project.scalar("SELECT count(DISTINCT item_id) FROM events WHERE category = 'Yoghurts'") == n
    assert project.scalar("SELECT DISTINCT source FROM item_catalog WHERE category = 'Yoghurts'") == "catalog"


def test_catalog_round_trip(grouped, tmp_path):
    project = grouped[0]
    out = tmp_path / "catalog.csv"
    sql, params = export_sql(project)
    assert write_query(project, sql, params, out) == project.scalar("SELECT count(*) FROM item_catalog")
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["item_id", "item_name", "category", "source", "buyers"]
    assert {r["source"] for r in rows} == {"derived"}
    # the merchandiser names one group and moves one item elsewhere
    first = rows[0]["category"]
    moved = next(r for r in rows if r["category"] != first)
    for r in rows:
        if r["category"] == first:
            r["category"] = "Dairy"
    moved["category"] = "Dairy"
    edited = tmp_path / "catalog_edited.csv"
    with open(edited, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    result = import_shop(project, [edited])[0].result
    assert result.format == "shiftwise_catalog" and result.rows_loaded == len(rows)
    assert project.scalar("SELECT count(*) FROM item_catalog WHERE source = 'derived'") == 0
    dairy = {r["item_id"] for r in rows if r["category"] == "Dairy"}
    got = {r[0] for r in project.query("SELECT DISTINCT item_id FROM events WHERE category = 'Dairy'")}
    assert got == dairy and moved["item_id"] in got
    assert project.scalar("SELECT count(*) FROM events WHERE category = ?", [first]) == 0
    assert group_summary(project).state == "catalog"
    # exported again, the edit reads back as the catalog's
    sql, params = export_sql(project)
    sources = {r[0] for r in project.query(f"SELECT DISTINCT source FROM ({sql})", params)}
    assert sources == {"catalog"}


def test_file_with_categories_gets_no_derived_groups(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_text("customer_id,ts,item_id,item_name,category,quantity,amount\n"
                    "C1,2026-01-05 10:00,A,organic yogurt,Dairy,1,3.5\n"
                    "C2,2026-01-06 10:00,B,green tea,Tea,1,3.5\n", encoding="utf-8")
    with create_project(tmp_path / "p.shiftwise") as project:
        results = import_shop(project, [path])
        assert group_summary(project).state == "file" and not results[0].result.groups
        assert project.scalar("SELECT count(*) FROM item_catalog") == 0


def test_no_item_ids_means_no_groups_and_says_why(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("customer_id,date,quantity,amount\nC1,2026-01-05,1,3.5\nC2,2026-01-06,2,7\n", encoding="utf-8")
    with create_project(tmp_path / "p.shiftwise") as project:
        import_shop(project, [path])
        summary = group_summary(project)
        assert summary.state == "no_items" and "no item ids" in str(summary.sentence())


def test_cli_import_groups_and_catalog_round_trips_through_xlsx(tmp_path, capsys):

    names, truth = planted(EN_NOUNS[:20], EN_MODS, " ")
    orders = tmp_path / "orders.csv"
    write_orders(orders, names, truth)
    path = tmp_path / "p.shiftwise"
    assert main(["import", str(path), str(orders)]) == 0
    assert "products grouped into" in capsys.readouterr().out
    out = tmp_path / "catalog.xlsx"
    assert main(["export", str(path), "catalog", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == ["item_id", "item_name", "category", "source", "buyers"]
    for row in sheet.iter_rows(min_row=2):
        row[2].value = "All groceries"
    book.save(out)
    assert main(["import", str(path), str(out)]) == 0
    with open_project(path) as project:
        assert project.query("SELECT DISTINCT category FROM events") == [("All groceries",)]
        assert project.query("SELECT DISTINCT source FROM item_catalog") == [("catalog",)]


def test_a_product_catalog_replaces_derived_groups(grouped, tmp_path):
    project = grouped[0]
    item = project.scalar("SELECT min(item_id) FROM item_catalog")
    products = tmp_path / "products.csv"
    products.write_text(f"Handle,Title,Variant SKU,Type\nh1,Organic yogurt,{item},Dairy\n", encoding="utf-8")
    result = import_shop(project, [products])[0].result
    assert result.format == "shopify_products"
    assert project.query("SELECT DISTINCT category FROM events WHERE item_id = ?", [item]) == [("Dairy",)]
    assert project.scalar("SELECT source FROM item_catalog WHERE item_id = ?", [item]) == "catalog"


def test_cancelled_grouping_leaves_the_import_and_no_groups(tmp_path):
    from engine.jobs import CancelToken, JobCancelled

    names, truth = planted(EN_NOUNS[:20], EN_MODS, " ")
    path = tmp_path / "orders.csv"
    write_orders(path, names, truth)
    token = CancelToken()

    def progress(done, total, message="", partial=None):
        if str(message).startswith("Grouping"):
            token.cancel()

    with create_project(tmp_path / "p.shiftwise") as project:
        results = import_shop(project, [path], progress=progress, cancel=token)
        assert results[0].result.rows_loaded > 0 and "not grouped (cancelled)" in results[0].result.groups
        assert project.scalar("SELECT count(*) FROM item_catalog") == 0
        assert project.scalar("SELECT count(*) FROM events WHERE category IS NOT NULL") == 0
        assert group_summary(project).state == "pending"
        with pytest.raises(JobCancelled):
            derive_groups(project, cancel=token)
        assert derive_groups(project).state == "derived"


def test_products_known_by_name_alone_are_grouped_too(tmp_path):
    """An export without item ids (a Thai shop's, a ledger's): a product's name is its id, so its products are
    grouped (there were no items to group: no category reached any model)."""
    names, truth = planted(EN_NOUNS, EN_MODS, " ")
    path = tmp_path / "orders.csv"
    write_orders(path, names, truth)
    with open(path, newline="", encoding="utf-8") as f:
        rows = [[c for i, c in enumerate(r) if i != 3] for r in csv.reader(f)]   # no SKU column
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_shop(project, [path])
        assert project.scalar("SELECT count(*) FROM events WHERE item_id IS DISTINCT FROM item_name") == 0
        assert group_summary(project).state == "derived"
        assert project.scalar("SELECT count(*) FROM events WHERE event_type = 'purchase' AND category IS NULL") == 0
    finally:
        project.close()
