"""Removing an import: a file imported by mistake (another shop's, or read in the wrong encoding) goes, whole, and
can be imported again; an import whose rows a later overlapping export relied on cannot go first."""

from __future__ import annotations

import json

import pytest

from cli.app import main
from engine.ingest import ImportError_, import_file
from engine.ingest.removal import find_import, remove_import
from engine.jobs import CancelToken, JobCancelled
from engine.store import create_project, open_project
from engine.workflows import import_shop, remove_shop_import


def _write(path, rows, header="customer_id,ts,item_name,amount,region"):
    path.write_text(header + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def two(tmp_path):
    a = _write(tmp_path / "a.csv", ["C1,2024-01-02,Tea,10,North", "C2,2024-01-03,Cup,8,West",
                                    ",2024-01-04,Pot,3,East"])            # a row without a customer: rejected
    b = _write(tmp_path / "b.csv", ["C3,2024-02-02,Tea,10,South", "C1,2024-02-03,Mug,4,North"])
    project = create_project(tmp_path / "p.shiftwise")
    ia, ib = import_file(project, a).import_id, import_file(project, b).import_id
    yield project, a, b, ia, ib
    project.close()


def _counts(project, import_id):
    return [project.scalar(f"SELECT count(*) FROM {t} WHERE import_id = ?", [import_id])
            for t in ("events", "rejected_rows", "customer_attributes", "imports")]


def test_an_import_goes_whole_and_can_come_back(two):
    project, a, _, ia, ib = two
    assert _counts(project, ia) == [2, 1, 2, 1]
    removed = remove_import(project, ia)
    assert (removed.file_name, removed.events) == ("a.csv", 2)
    assert str(removed.summary()) == "a.csv removed: 2 events"
    assert _counts(project, ia) == [0, 0, 0, 0]
    assert _counts(project, ib) == [2, 0, 2, 1]
    # no longer "already imported"
    again = import_file(project, a)
    assert not again.already_imported and again.rows_loaded == 2


def test_an_import_others_skipped_rows_against_cannot_go_first(tmp_path):
    a = _write(tmp_path / "jan.csv", ["C1,2024-01-02,Tea,10,North", "C2,2024-01-03,Cup,8,West"])
    b = _write(tmp_path / "jan_feb.csv", ["C1,2024-01-02,Tea,10,North", "C2,2024-02-03,Cup,8,West"])
    project = create_project(tmp_path / "p.shiftwise")
    try:
        ia = import_file(project, a).import_id
        ib = import_file(project, b).import_id
        assert project.scalar("SELECT rows_duplicate FROM imports WHERE import_id = ?", [ib]) == 1
        with pytest.raises(ImportError_, match="jan.csv cannot be removed before jan_feb.csv"):
            remove_import(project, ia)
        assert project.scalar("SELECT count(*) FROM events") == 3
        remove_import(project, ib)
        remove_import(project, ia)
        assert project.scalar("SELECT count(*) FROM events") == 0
    finally:
        project.close()


def test_an_import_is_found_by_id_or_file_name(two):
    project, _, _, ia, ib = two
    assert find_import(project, str(ia)) == ia and find_import(project, "b.csv") == ib
    with pytest.raises(ImportError_, match="called nope.csv"):
        find_import(project, "nope.csv")
    with pytest.raises(ImportError_, match="There is no import 99"):
        remove_import(project, 99)


def test_a_cancelled_removal_leaves_the_project_as_it_was(two):
    project, _, _, ia, _ = two
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(JobCancelled):
        remove_import(project, ia, cancel=cancel)
    assert _counts(project, ia) == [2, 1, 2, 1]


def test_derived_groups_of_items_gone_go_too(tmp_path):
    """A shop without categories: its products are grouped; removing an import drops the groups of items no longer
    bought and regroups the rest, so every purchase still has its item's group."""
    from tests.engine.test_derived_groups import EN_MODS, EN_NOUNS, planted, write_orders

    names, truth = planted(EN_NOUNS, EN_MODS, " ")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_orders(first, names, truth, seed=3)
    lines = first.read_text(encoding="utf-8").splitlines()
    first.write_text("\n".join(lines[:len(lines) // 2]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[:1] + lines[len(lines) // 2:]) + "\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_shop(project, [first])
        [outcome] = import_shop(project, [second])
        only_second = {r[0] for r in project.query(
            "SELECT DISTINCT item_id FROM events WHERE import_id = ? EXCEPT "
            "SELECT DISTINCT item_id FROM events WHERE import_id <> ?", [outcome.result.import_id] * 2)}
        assert only_second
        removed = remove_shop_import(project, outcome.result.import_id)
        assert removed.groups_message is None
        derived = {r[0] for r in project.query("SELECT item_id FROM item_catalog WHERE source = 'derived'")}
        assert derived and not derived & only_second
        assert project.scalar("SELECT count(*) FROM events WHERE event_type = 'purchase' AND category IS NULL") == 0
    finally:
        project.close()


def test_a_catalogs_categories_go_with_it(tmp_path):
    """A catalog imported by mistake gave the shop's items its categories: removing it takes them back from the
    events it gave them to (they were left behind until session 35); a file's own categories stay."""
    orders = _write(tmp_path / "orders.csv", ["C1,2024-01-02,o1,i1,10", "C2,2024-01-03,o2,i2,8"],
                    header="customer_id,ts,order_id,item_id,amount")
    own = _write(tmp_path / "own.csv", ["C3,2024-01-04,o3,i1,Tea,5"],
                 header="customer_id,ts,order_id,item_id,category,amount")
    catalog = _write(tmp_path / "catalog.csv", ["i1,Green tea,Tea,catalog,2", "i2,Mug,Cups,catalog,1"],
                     header="item_id,item_name,category,source,buyers")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_shop(project, [orders, own])
        [outcome] = import_shop(project, [catalog])
        categories = "SELECT order_id, category FROM events ORDER BY order_id"
        assert project.query(categories) == [("o1", "Tea"), ("o2", "Cups"), ("o3", "Tea")]
        remove_shop_import(project, outcome.result.import_id)
        assert project.scalar("SELECT count(*) FROM item_catalog WHERE source = 'catalog'") == 0
        assert project.query(categories) == [("o1", None), ("o2", None), ("o3", "Tea")]
        # imported again, it gives them again
        import_shop(project, [catalog])
        assert project.query(categories) == [("o1", "Tea"), ("o2", "Cups"), ("o3", "Tea")]
    finally:
        project.close()


def test_cli_remove_import(two, capsys):
    project, _, _, ia, ib = two
    path = str(project.path)
    project.close()
    assert main(["imports", path, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["imports"]
    assert [(r["id"], r["file"], r["rows"], r["rejected"], r["encoding"]) for r in listed] == [
        (ia, "a.csv", 2, 1, "utf-8"), (ib, "b.csv", 2, 0, "utf-8")]
    assert main(["imports", path]) == 0 and " a.csv  generic  2 rows, 1 rejected" in capsys.readouterr().out
    assert main(["remove-import", path, "a.csv", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"events_removed": 2, "file_name": "a.csv", "import_id": ia}
    assert main(["remove-import", path, "a.csv"]) == 1
    assert "No import of this project is of a file called a.csv" in capsys.readouterr().err
    with open_project(path) as p:
        assert p.scalar("SELECT count(*) FROM imports") == 1
