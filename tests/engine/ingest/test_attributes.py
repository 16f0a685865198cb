"""Customer attributes: per customer and attribute, the value of its latest row that has one."""

from __future__ import annotations

from engine.ingest import import_file, loader
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


def _event_columns(p) -> list[str]:
    return [r[0] for r in p.con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'events' "
                                        "ORDER BY column_index").fetchall()]


def test_attributes_come_from_the_events_read_and_leave_the_schema_as_it_was(tmp_path):
    """The one read of the file carries the attribute values (in columns ``events`` has for the
    pass only): rows that are not events but have a customer and a time still count, rows
    without a readable time do not, and the latest is by the time read, not the text."""
    first = tmp_path / "first.csv"
    first.write_text("customer_id,ts,event_type,item_id,region\n"
                     "C1,2025-01-01 10:00:00,view,I1,North\n", encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text(
        "customer_id,ts,event_type,item_id,region,channel\n"
        "C1,2025-01-01 10:00:00,view,I1,North,web\n"       # already in the project: a duplicate, still C1's
        "C1,2025-01-02 9:00:00,view,I2,South,\n"           # one-digit hour: later than the text says
        "C1,2025-01-02 10:00:00,teleport,I2,East,\n"       # unknown event type: rejected, but has a time
        "C2,2025-01-03 10:00:00,view,I1,,app\n"
        "C2,not a time,view,I1,West,shop\n",               # no readable time: no attributes
        encoding="utf-8")
    with create_project(tmp_path / "p.shiftwise") as p:
        before = _event_columns(p)
        import_file(p, first)
        result = import_file(p, second)
        assert (result.rows_loaded, result.rows_duplicate, result.rows_rejected) == (2, 1, 2)
        rows = p.con.execute("SELECT customer_id, attribute, value FROM customer_attributes "
                             "WHERE import_id = ? ORDER BY ALL", [result.import_id]).fetchall()
        assert _event_columns(p) == before
    assert rows == [("C1", "channel", "web"), ("C1", "region", "East"), ("C2", "channel", "app")]


# (customer, time, region, channel): each customer's latest value of each attribute, whatever
# the rows' order in the file and whichever rows the column readings were sampled from.
_ROWS = [
    ("C1", "2025-01-01 10:00:00", "North", "web"),
    ("C2", "2025-01-01 10:00:00", "North", "web"),
    ("C1", "2025-01-03 10:00:00", "Far East", "app"),      # C1's latest, later in the file than older rows
    ("C1", "2025-01-02 10:00:00", "North", "web"),
    ("C2", "2025-01-05 10:00:00", "North", ""),             # C2's latest has no channel: an older row's
    ("C2", "2025-01-04 10:00:00", "Deep South", "kiosk"),
    ("C3", "2025-01-02 10:00:00", "Deep South", "web"),
    ("C3", "2025-01-01 10:00:00", "North", "shop"),
    ("C5", "2025-01-01 10:00:00", "Atlantis", "web"),
    ("C5", "2025-01-02 10:00:00", "", "web"),               # the latest row lacks the region: the earlier one's
    ("C6", "2025-01-01 10:00:00", "", ""),                  # no value at all: no row
]
_LATEST = [("C1", "channel", "app"), ("C1", "region", "Far East"), ("C2", "channel", "kiosk"),
           ("C2", "region", "North"), ("C3", "channel", "web"), ("C3", "region", "Deep South"),
           ("C5", "channel", "web"), ("C5", "region", "Atlantis")]


def _attributes_of(tmp_path, name: str) -> list[tuple]:
    csv = tmp_path / f"{name}.csv"
    csv.write_text("customer_id,ts,event_type,region,channel\n"
                   + "".join(f"{c},{t},view,{r},{ch}\n" for c, t, r, ch in _ROWS), encoding="utf-8")
    with create_project(tmp_path / f"{name}.shiftwise") as p:
        import_file(p, csv)
        return p.con.execute("SELECT customer_id, attribute, value FROM customer_attributes ORDER BY ALL").fetchall()


def test_latest_values_whatever_the_sample(tmp_path, monkeypatch):
    assert _attributes_of(tmp_path, "whole_sample") == _LATEST
    monkeypatch.setattr(loader, "SAMPLE_ROWS", 2)       # readings from the first two rows only
    assert _attributes_of(tmp_path, "two_rows") == _LATEST
