"""Customer attributes: per customer and attribute, the value of its latest row that has one."""

from __future__ import annotations

import random

import pytest

from engine.features.current_attributes import ATTRIBUTE_ROWS
from engine.ingest import attributes, import_file, loader
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
        rows = p.con.execute(f"SELECT customer_id, attribute, value FROM {ATTRIBUTE_ROWS} "
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
        rows = p.con.execute(f"SELECT customer_id, attribute, value FROM {ATTRIBUTE_ROWS} "
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
        return p.con.execute(f"SELECT customer_id, attribute, value FROM {ATTRIBUTE_ROWS} ORDER BY ALL").fetchall()


def test_latest_values_whatever_the_sample(tmp_path, monkeypatch):
    assert _attributes_of(tmp_path, "whole_sample") == _LATEST
    monkeypatch.setattr(loader, "SAMPLE_ROWS", 2)       # readings from the first two rows only
    assert _attributes_of(tmp_path, "two_rows") == _LATEST


def _latest_by_hand(rows: list[tuple], names: list[str]) -> list[tuple]:
    """Each customer's latest non-blank value of each attribute (times distinct per customer; trimmed of
    spaces only, as SQL's trim())."""
    best: dict[tuple, tuple] = {}
    for customer, ts, *values in rows:
        for name, value in zip(names, values):
            if value.strip(" ") and ((customer, name) not in best or ts > best[customer, name][0]):
                best[customer, name] = (ts, value.strip(" "))
    return sorted((c, n, v) for (c, n), (_, v) in best.items())


def _latest_rows(rows: list[tuple], names: list[str]) -> dict[str, list[list[str]]]:
    """Each customer's rows at its latest time with any value (their trimmed values)."""
    latest: dict[str, tuple] = {}
    for customer, ts, *values in rows:
        trimmed = [v.strip(" ") for v in values]
        if not any(trimmed):
            continue
        if customer not in latest or ts > latest[customer][0]:
            latest[customer] = (ts, [trimmed])
        elif ts == latest[customer][0]:
            latest[customer][1].append(trimmed)
    return {c: tied for c, (_, tied) in latest.items()}


def _import_rows(tmp_path, name: str, names: list[str], rows: list[tuple]) -> list[tuple]:
    """``rows`` imported (after filler rows: a file whose first lines hold many control characters
    is taken for a binary one), then customer_attributes but the filler's."""
    rows = [(f"F{i}", "2025-01-01 10:00:00", *(["filler"] * len(names))) for i in range(200)] + rows
    csv = tmp_path / f"{name}.csv"
    with open(csv, "w", encoding="utf-8", newline="") as fh:
        fh.write("customer_id,ts,event_type," + ",".join(names) + "\n")
        for customer, ts, *values in rows:
            fh.write(f"{customer},{ts},view," + ",".join(values) + "\n")
    with create_project(tmp_path / f"{name}.shiftwise") as p:
        import_file(p, csv)
        return p.con.execute(f"SELECT customer_id, attribute, value FROM {ATTRIBUTE_ROWS} "
                             "WHERE NOT starts_with(customer_id, 'F') ORDER BY ALL").fetchall()


def test_a_value_holding_the_separator_is_read_again_from_the_file(tmp_path, monkeypatch):
    """The pass joins a row's values with a separator; a value holding it cannot be split, so
    those customers' values come from the file again: the same values as any other."""
    rereads = []
    select = loader.event_select

    def spy(*args, **kwargs):
        rereads.append(kwargs.get("separate", False))
        return select(*args, **kwargs)

    monkeypatch.setattr(loader, "event_select", spy)
    sep = attributes.SEP
    rows = [("C1", "2025-01-01 10:00:00", "25-34", "North", "web"),
            ("C1", "2025-01-02 10:00:00", f"x{sep}y", "", f"{sep}"),     # latest, two values hold it
            ("C2", "2025-01-01 10:00:00", f"a{sep}", "South", "app"),    # older, holding it: never chosen
            ("C2", "2025-01-03 10:00:00", "35-44", "East", ""),          # latest lacks the channel
            ("C3", "2025-01-01 10:00:00", "18-24", "West", "shop")]      # complete: split as it is
    names = ["age_band", "region", "channel"]
    assert _import_rows(tmp_path, "sep", names, rows) == _latest_by_hand(rows, names)
    assert rereads == [False, True]


def test_values_are_split_without_reading_again_when_no_value_holds_the_separator(tmp_path, monkeypatch):
    rereads = []
    select = loader.event_select
    monkeypatch.setattr(loader, "event_select",
                        lambda *a, **k: rereads.append(k.get("separate", False)) or select(*a, **k))
    _attributes_of(tmp_path, "plain")
    assert rereads == [False]


def test_latest_values_of_many_customers_match_a_reference(tmp_path):
    """Seeded random files: blanks, padding, values holding the separator or a comma-free
    punctuation, any row order; each customer's latest value of each attribute as computed by hand."""
    names = ["age_band", "gender", "region", "channel", "member_level"]
    values = ["", "  ", "a", "b b", " padded ", "x" * 20, "日本", "-", attributes.SEP, f"p{attributes.SEP}q"]
    for seed in range(3):
        rng = random.Random(seed)
        rows = []
        for c in range(40):
            for day in rng.sample(range(1, 29), rng.randint(1, 6)):
                rows.append((f"C{c}", f"2025-02-{day:02d} 10:00:00",
                             # a value holding the separator in some rows (not at all with seed 0)
                             *(rng.choice(values[:8] if seed == 0 or rng.random() < 0.9 else values[8:])
                               for _ in names)))
        rng.shuffle(rows)
        assert _import_rows(tmp_path, f"seed{seed}", names, rows) == _latest_by_hand(rows, names), seed


@pytest.mark.parametrize("holding_separator", [False, True])
def test_rows_at_the_same_latest_time_give_the_same_values_in_any_order(tmp_path, holding_separator):
    """Rows of a customer at one time (a basket's lines, say) with different values: each value is one of
    theirs, the same however the file orders them and however the parallel read hands them over (whole
    rows, rows lacking a value, and values holding the separator, which are read again from the file)."""
    names = ["region", "channel"]
    values = ["", "a", "b", "c c", "日本"] + ([attributes.SEP, f"z{attributes.SEP}"] if holding_separator else [])
    rng = random.Random(7)
    rows = [(f"C{c}", f"2025-03-0{rng.randint(1, 2)} 10:00:00", *(rng.choice(values) for _ in names))
            for c in range(60) for _ in range(rng.randint(2, 5))]
    tied = _latest_rows(rows, names)
    assert sum(len(t) > 1 for t in tied.values()) > 10              # ties there are
    got = []
    for order in range(3):
        shuffled = rows[:]
        random.Random(order).shuffle(shuffled)
        got.append(_import_rows(tmp_path, f"ties{order}", names, shuffled))
    assert got[0] == got[1] == got[2]
    values_of = {}
    for customer, name, value in got[0]:
        values_of.setdefault(customer, {})[name] = value
    for customer, rows_then in tied.items():
        mine = values_of.get(customer, {})
        for i, name in enumerate(names):      # each value from one of the latest rows that have one
            having = [r[i] for r in rows_then if r[i]]
            if having:
                assert mine[name] in having, (customer, name)


def test_rows_whose_values_count_are_told_by_their_marks(tmp_path):
    """The pass carries every row's text; which rows count is read from ``events`` afterwards: no
    customer, no time, an unreadable time or a repeated header never give a value (whatever their
    place in the file), a rejected or skipped row with both does, and so does a time at the epoch
    itself (the time a row without one is stored with). Padded values are trimmed there too."""
    csv = tmp_path / "marks.csv"
    csv.write_text(
        "customer_id,ts,event_type,region,channel\n"
        "C1,2025-01-01 10:00:00,view, North ,web\n"
        "C1,,view,Blank,blank\n"                            # no time
        "C1,   ,view,Spaces,spaces\n"                       # no time either
        "C1,2026-13-45 99:00:00,view,Bad,bad\n"             # unreadable time
        "customer_id,ts,event_type,region,channel\n"        # a repeated header
        ",2027-01-01 10:00:00,view,Nobody,nobody\n"         # no customer
        "C1,2025-01-02 10:00:00,teleport,  ,app \n"         # rejected, but timed: C1's channel, not its region
        "C2,1970-01-01 00:00:00,view,East,shop\n"           # at the epoch: counts
        "C3,2025-01-01 10:00:00,view,   ,  \n"              # timed, but blank once trimmed: no row
        "C4,2025-01-01 10:00:00,view,,app\n"                # the latest lacks the region...
        "C4,,view,Untimed,x\n"                              # ...and only a row without a time has one
        "C5,,view,Only,untimed\n"                           # no timed row at all
        "C6,not a time,view,West,web\n",
        encoding="utf-8")
    with create_project(tmp_path / "p.shiftwise") as p:
        result = import_file(p, csv)
        assert (result.rows_loaded, result.rows_rejected) == (4, 8)
        rows = p.con.execute(f"SELECT customer_id, attribute, value FROM {ATTRIBUTE_ROWS} ORDER BY ALL").fetchall()
    assert rows == [("C1", "channel", "app"), ("C1", "region", "North"),
                    ("C2", "channel", "shop"), ("C2", "region", "East"), ("C4", "channel", "app")]


def test_two_overlapping_exports_give_the_events_and_current_attributes_of_one(tmp_path, demo_shop):
    """The demo shop as one file, and as two exports whose dates overlap (a merchandiser's Jan-Jun and Apr-Dec):
    the same events land once each, and each customer's current attributes are the same."""
    import csv

    from engine.features.current_attributes import CURRENT_ATTRIBUTES

    with open(demo_shop.events_csv, newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    times = sorted(r[1] for r in rows)
    lo, hi = times[len(times) * 2 // 5], times[len(times) * 3 // 5]
    parts = {"early.csv": [r for r in rows if r[1] < hi], "late.csv": [r for r in rows if r[1] >= lo]}
    for name, part in parts.items():
        with open(tmp_path / name, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([header, *part])
    whole = create_project(tmp_path / "whole.shiftwise")
    split = create_project(tmp_path / "split.shiftwise")
    try:
        import_file(whole, demo_shop.events_csv)
        for name in parts:
            import_file(split, tmp_path / name)
        events = ("SELECT customer_id, ts, event_type, order_id, item_id, category, quantity, amount FROM events "
                  "ORDER BY ALL")
        current = f"SELECT * FROM {CURRENT_ATTRIBUTES} ORDER BY ALL"
        assert split.query("SELECT count(DISTINCT import_id) FROM customer_attributes")[0][0] == 2
        assert split.query(events) == whole.query(events)
        assert split.query(current) == whole.query(current)
        assert len(whole.query(current)) == whole.query(f"SELECT count(*) FROM {ATTRIBUTE_ROWS}")[0][0] > 0
    finally:
        whole.close()
        split.close()


@pytest.mark.parametrize("holding_separator", [False, True])
def test_an_older_export_imported_later_does_not_override_newer_values(tmp_path, holding_separator):
    """A merchandiser backfills: this year's export first, last year's after. Each customer's current value is the
    one seen last in time, whichever import brought it; each value keeps its row's time (also on the paths for
    customers whose latest row lacks a value, or whose values must be read again from the file)."""
    from engine.features.current_attributes import CURRENT_ATTRIBUTES

    north = "North\x1f1" if holding_separator else "North"
    newer, older = tmp_path / "2025.csv", tmp_path / "2024.csv"
    newer.write_text(
        "customer_id,ts,event_type,item_id,age_band,region\n"
        f"C1,2025-03-01 10:00:00,view,I1,35-44,{north}\n"
        "C2,2025-02-01 10:00:00,view,I1,25-34,West\n"
        "C2,2025-02-03 10:00:00,view,I1,,\n"            # C2's latest row has no values
        "C3,2025-01-01 10:00:00,view,I1,,East\n",        # C3 has no age band this year
        encoding="utf-8")
    older.write_text(
        "customer_id,ts,event_type,item_id,age_band,region\n"
        "C1,2024-06-01 10:00:00,view,I1,25-34,South\n"
        "C2,2024-06-01 10:00:00,view,I1,18-24,South\n"
        "C3,2024-06-01 10:00:00,view,I1,55+,South\n",
        encoding="utf-8")
    with create_project(tmp_path / "p.shiftwise") as p:
        import_file(p, newer)
        import_file(p, older)
        current = p.con.execute(f"SELECT * FROM {CURRENT_ATTRIBUTES} ORDER BY ALL").fetchall()
        times = p.con.execute(f"SELECT customer_id, attribute, value, ts::VARCHAR FROM {ATTRIBUTE_ROWS} "
                              "WHERE import_id = 1 ORDER BY ALL").fetchall()
    assert current == [("C1", "age_band", "35-44"), ("C1", "region", north),
                       ("C2", "age_band", "25-34"), ("C2", "region", "West"),
                       ("C3", "age_band", "55+"), ("C3", "region", "East")]
    assert times == [("C1", "age_band", "35-44", "2025-03-01 10:00:00"), ("C1", "region", north, "2025-03-01 10:00:00"),
                     ("C2", "age_band", "25-34", "2025-02-01 10:00:00"), ("C2", "region", "West", "2025-02-01 10:00:00"),
                     ("C3", "region", "East", "2025-01-01 10:00:00")]


def test_values_imported_before_their_times_were_kept_rank_by_import(tmp_path):
    """Rows from before schema version 5 have no time: among them the later import wins, and any row with a
    time wins over them."""
    from engine.features.current_attributes import CURRENT_ATTRIBUTES

    with create_project(tmp_path / "p.shiftwise") as p:
        p.con.execute("INSERT INTO customer_attributes (customer_id, import_id, region, region_ts) VALUES "
                      "('C1', 1, 'old-1', NULL), ('C1', 2, 'old-2', NULL), "
                      "('C2', 3, 'old', NULL), ('C2', 1, 'timed', TIMESTAMP '2020-01-01')")
        assert p.con.execute(f"SELECT * FROM {CURRENT_ATTRIBUTES} ORDER BY ALL").fetchall() == [
            ("C1", "region", "old-2"), ("C2", "region", "timed")]


def test_attributes_of_rows_before_1970_are_kept(tmp_path):
    """Times before 1970 have negative microseconds: the order of a customer's rows still holds (DuckDB refuses
    to shift a negative number; the import failed with an internal error), on every path."""
    csv = tmp_path / "old.csv"
    csv.write_text("customer_id,ts,event_type,item_id,age_band,region\n"
                   "C1,1965-03-01 10:00:00,purchase,I1,25-34,North\n"
                   "C1,1966-03-01 10:00:00,purchase,I1,35-44,South\n"
                   "C2,1960-01-01 10:00:00,view,I1,18-24,East\n"
                   "C2,1961-01-01 10:00:00,view,I1,,West\n",          # C2's latest row lacks an age band
                   encoding="utf-8")
    with create_project(tmp_path / "p.shiftwise") as p:
        assert import_file(p, csv).rows_loaded == 4
        rows = p.con.execute(f"SELECT customer_id, attribute, value, ts::VARCHAR FROM {ATTRIBUTE_ROWS} "
                             "ORDER BY ALL").fetchall()
    assert rows == [("C1", "age_band", "35-44", "1966-03-01 10:00:00"), ("C1", "region", "South", "1966-03-01 10:00:00"),
                    ("C2", "age_band", "18-24", "1960-01-01 10:00:00"), ("C2", "region", "West", "1961-01-01 10:00:00")]
