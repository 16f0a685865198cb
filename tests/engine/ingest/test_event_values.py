"""Event type values: canonical names as written, other spellings, synonyms and a mapping's own
table all land as the whole table says (the canonical names take a shorter path in the SQL)."""

from __future__ import annotations

from engine.ingest import import_file
from engine.ingest.mapping import Mapping
from engine.store import create_project

ROWS = [("view", "view"), (" View ", "view"), ("VIEW", "view"), ("pv", "view"), ("purchase", "purchase"),
        ("Purchase", "purchase"), ("", "purchase"), ("cart", "cart"), ("favourite", "favourite"),
        ("refund", "refund"), ("buy", "purchase"), ("浏览", "view")]


def _import(tmp_path, rows, mapping=None):
    path = tmp_path / "events.csv"
    lines = ["customer_id,ts,event_type,item_id,category"]
    lines += [f"C{i},2026-01-0{1 + i % 9} 10:00:00,{value},I{i},Tea" for i, (value, _) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_file(project, path, mapping=mapping)
        got = dict(project.query("SELECT customer_id, event_type FROM events"))
        rejects = project.query("SELECT reason FROM rejected_rows")
    finally:
        project.close()
    return got, rejects


def test_every_spelling_lands_as_the_table_says(tmp_path):
    got, rejects = _import(tmp_path, ROWS)
    assert got == {f"C{i}": want for i, (_, want) in enumerate(ROWS)}
    assert rejects == []


def test_a_mapping_that_redefines_a_canonical_name_wins(tmp_path):
    mapping = Mapping(columns={"customer_id": "customer_id", "ts": "ts", "event_type": "event_type",
                               "item_id": "item_id", "category": "category"},
                      event_type_values={"view": "skip", "cart": "purchase", "*": "view"})
    rows = [("view", None), ("cart", "purchase"), ("purchase", "purchase"), ("zap", "view"), (" VIEW", None)]
    got, _ = _import(tmp_path, rows, mapping)
    # 'skip' rows are left out of events, not rejected
    assert got == {f"C{i}": want for i, (_, want) in enumerate(rows) if want is not None}
