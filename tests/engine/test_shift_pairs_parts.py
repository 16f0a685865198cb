"""The migration's per-customer pair features built a range of customers at a time, where DuckDB's memory cap is
small for the shop, are those of one pass (issue #13: at wide 10^7 on one thread the one pass ran out of a 256 MB
cap in ``sp_pair_cust``'s statement)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

import engine.features.shift_pairs as sp
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.store.memory_parts import EVERY_ROW
from engine.store.scratch import scratch_tables
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12]
L, H, W, MIN_BUYERS = 8, 4, 52, 5
TABLES = {"sp_pair_cust": "s, cid", "sp_pair_cat": "s, cat", "sp_pairs": "s, cid, cat", "sp_hist": "s, cid, cat"}
CUSTOMER_PARTS = sp._customer_parts


def _tables(cur) -> dict[str, list[tuple]]:
    return {t: cur.execute(f"SELECT * FROM {t} ORDER BY {key}").fetchall() for t, key in TABLES.items()}


def _slice_tables(grocery_slice_file: Path, folder: Path, monkeypatch: pytest.MonkeyPatch,
                  bytes_per_row: int) -> tuple[dict[str, list[tuple]], list[int]]:
    folder.mkdir()
    parts: list[int] = []
    monkeypatch.setattr(sp, "CUSTOMER_BYTES_PER_ROW", bytes_per_row)
    monkeypatch.setattr(sp, "_customer_parts", lambda cur: parts.append(len(CUSTOMER_PARTS(cur))) or CUSTOMER_PARTS(cur))
    project = open_copy(grocery_slice_file, folder)
    try:
        with project.interruptible(CancelToken()) as cur, scratch_tables(cur):
            build_weekly(cur, AS_OF, W)
            build_pairs(cur, GRID, lookback=L, horizon=H, min_buyers=MIN_BUYERS, history_weeks=W)
            return _tables(cur), parts
    finally:
        project.close()


def test_pair_tables_built_a_range_of_customers_at_a_time_are_those_of_one_pass(grocery_slice_file: Path,
                                                                                tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch):
    whole, one = _slice_tables(grocery_slice_file, tmp_path / "whole", monkeypatch, sp.CUSTOMER_BYTES_PER_ROW)
    # the project's cap holding a few rows per range: the slice's customers in many ranges
    parts, many = _slice_tables(grocery_slice_file, tmp_path / "parts", monkeypatch, 10**8)
    assert one == [1] and len(many) == 1 and many[0] > 5
    assert len(whole["sp_pair_cust"]) > 100 and len(whole["sp_pairs"]) > 1000
    assert parts == whole


def test_the_ranges_take_every_customer_once(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "ids.duckdb"))
    try:
        con.execute("CREATE TEMP TABLE sp_cust AS SELECT 'c' || i AS customer_id, i::INTEGER AS cid FROM range(1000) r(i)")
        con.execute("CREATE TEMP TABLE sp_elig AS SELECT s::INTEGER AS s, cid FROM sp_cust, range(3) r(s)")
        con.execute("SET memory_limit = '100MB'")
        assert [p("cid") for p in CUSTOMER_PARTS(con)] == [EVERY_ROW]
        con.execute("SET memory_limit = '1MB'")   # 3,000 rows of 300 bytes: a range per 1 MB
        parts = CUSTOMER_PARTS(con)
        taken = [con.execute(f"SELECT s, cid FROM sp_elig e WHERE {p('e.cid')}").fetchall() for p in parts]
    finally:
        con.close()
    assert len(parts) == -(-3000 * sp.CUSTOMER_BYTES_PER_ROW // 1_000_000)
    rows = [r for part in taken for r in part]
    assert len(rows) == len(set(rows)) == 3000 and all(taken)
    # a customer's rows of every cut are in one range
    assert sum(len({c for _, c in part}) for part in taken) == 1000


ORIGIN = datetime(2025, 1, 6)
SHOP_AS_OF = datetime(2025, 7, 7)
SHOP_GRID = [0, 4, 8, 12]


def _shop(path: Path) -> duckdb.DuckDBPyConnection:
    """50k customers who buy one of 3 categories most weeks for 26 weeks (each of them in any 8 weeks: few pairs):
    200k eligible customers of the four cuts, enough for one pass of the per-customer features to need more than a
    24 MB cap holds (three ranges of 300 bytes a row fit it)."""
    con = duckdb.connect(str(path), config={"threads": 1, "memory_limit": "1GB"})
    con.execute(f"SET temp_directory = '{path.parent / 'tmp'}'")
    con.execute("""CREATE TABLE events AS
        SELECT 'c' || c AS customer_id, 'k' || ((c + w) % 3) AS category,
               TIMESTAMP '2025-01-06' + INTERVAL 1 DAY * (7 * w + c % 7) AS ts, 'purchase' AS event_type,
               1.0 AS quantity, 'o' || c || '-' || w AS order_id, 2.5 AS amount
        FROM range(50000) r(c), range(26) s(w) WHERE hash(c, w) % 4 > 0""")
    return con


def _shop_tables(con: duckdb.DuckDBPyConnection, cap: str) -> tuple[dict[str, list[tuple]], int]:
    """The per-customer and per-category feature tables with their statements under ``cap`` (the stages before
    and after them under 1 GB), and the number of customer ranges taken for that cap."""
    real, parts = sp._customer_parts, []

    class Capped:
        """The cursor, its cap back to 1 GB once the per-customer features are built."""

        def __init__(self, cur):
            self.cur = cur

        def execute(self, q, *a):
            if q.startswith("DROP TABLE sp_ccust"):
                self.cur.execute("SET memory_limit = '1GB'")
            return self.cur.execute(q, *a)

        def __getattr__(self, name):
            return getattr(self.cur, name)

    def capped(cur):
        cur.execute(f"SET memory_limit = '{cap}'")
        parts.append(len(real(cur)))
        return real(cur)

    sp._customer_parts = capped
    try:
        cur = Capped(con)
        with scratch_tables(cur):
            build_weekly(cur, SHOP_AS_OF, W)
            build_pairs(cur, SHOP_GRID, lookback=L, horizon=H, min_buyers=MIN_BUYERS, history_weeks=W)
            return {t: con.execute(f"SELECT * FROM {t} ORDER BY {TABLES[t]}").fetchall()
                    for t in ("sp_pair_cust", "sp_pair_cat")}, parts[0]
    finally:
        sp._customer_parts = real
        con.execute("SET memory_limit = '1GB'")


def test_customer_features_fit_a_cap_one_pass_ran_out_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """At 24 MB on one thread one pass over the shop's eligible customers runs out of DuckDB's memory (as wide
    10^7 did under 256 MB); in the ranges _customer_parts gives for that cap the features fit, the same rows."""
    con = _shop(tmp_path / "shop.duckdb")
    try:
        whole, one = _shop_tables(con, "1GB")
        with monkeypatch.context() as m:
            m.setattr(sp, "CUSTOMER_BYTES_PER_ROW", 1)   # one range whatever the cap
            with pytest.raises(duckdb.OutOfMemoryException):
                _shop_tables(con, "24MB")
        parts, many = _shop_tables(con, "24MB")
    finally:
        con.close()
    assert one == 1 and many > 1
    assert len(whole["sp_pair_cust"]) == 200_000
    assert parts == whole
