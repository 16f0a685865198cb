"""Customer attributes: per customer and attribute, the value of its latest row that has one."""

from __future__ import annotations

from engine.ingest import import_file
from engine.store import create_project


def test_latest_non_empty_value_per_customer_and_attribute(tmp_path):
    csv = tmp_path / "events.csv"
    csv.write_text(
        "customer_id,ts,event_type,item_id,age_band,region\n"
        "C1,2025-01-03 10:00:00,view,I1,25-34,North\n"
        "C1,2025-01-01 10:00:00,view,I2,18-24,South\n"   # older: loses on both attributes
        "C1,2025-01-05 10:00:00,view,I3,,\n"              # newest, but empty: keeps the earlier values
        "C2,2025-01-02 10:00:00,cart,I1,,East\n"          # no age band at all: no age_band row
        "C2,2025-01-04 10:00:00,view,I1,,West\n"
        ",2025-01-09 10:00:00,view,I1,99+,Nowhere\n",     # rejected (no customer): no attributes
        encoding="utf-8")
    with create_project(tmp_path / "p.shiftwise") as p:
        result = import_file(p, csv)
        assert (result.rows_loaded, result.rows_rejected) == (5, 1)
        rows = p.con.execute("SELECT customer_id, attribute, value FROM customer_attributes "
                             "ORDER BY ALL").fetchall()
    assert rows == [("C1", "age_band", "25-34"), ("C1", "region", "North"), ("C2", "region", "West")]
