"""Decay's ``dk_rates`` built a range of customers at a time, where DuckDB's memory cap is small for the shop, is
the table of one pass over every pair, row for row (issue #13: over every pair at once its joins, distinct and
sort ran out of a 256 MB cap at wide 10^7, 1M customers, on one thread)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from engine.models.decay import scoring
from engine.models.decay.fit import FitOutput
from engine.models.decay.lapse_features import OCCASIONS_TABLE

pytestmark = pytest.mark.slow

RATES_PARTS = scoring.rates_parts
ORIGIN = datetime(2025, 1, 1)
AS_OF = datetime(2025, 7, 1)
OCCASIONS = ("SELECT customer_id, category, ts, date_diff('second', TIMESTAMP '2025-01-01', ts) / 86400.0 AS t "
             "FROM events WHERE event_type = 'purchase' AND ts < TIMESTAMP '2025-07-01'")


def _shop(path: Path, keyed: bool) -> duckdb.DuckDBPyConnection:
    """1.5M events of 200k customers in 8 categories (a third of them purchases) and the fit's tables over them:
    enough for one pass to need more than a 40 MB cap holds. ``keyed``: ``dk_occ`` by the run's integer keys,
    as a training run's (:func:`engine.models.decay.lapse_features.cache_occasions`), else by the names."""
    con = duckdb.connect(str(path), config={"threads": 1, "memory_limit": "1GB"})
    con.execute("""CREATE TABLE events AS
        SELECT 'c' || (hash(i) % 200000) AS customer_id, 'k' || (hash(i * 5) % 8) AS category,
               TIMESTAMP '2025-01-01' + to_microseconds(CAST(hash(i * 7) % 15000000000000 AS BIGINT)) AS ts,
               CASE WHEN hash(i * 3) % 3 = 0 THEN 'purchase' ELSE 'view' END AS event_type
        FROM range(1500000) r(i)""")
    if keyed:
        con.execute(f"""CREATE TEMP TABLE {OCCASIONS_TABLE}_cust AS
            SELECT customer_id, CAST(row_number() OVER (ORDER BY customer_id) AS INTEGER) AS cid
            FROM (SELECT DISTINCT customer_id FROM ({OCCASIONS}))""")
        con.execute(f"""CREATE TEMP TABLE {OCCASIONS_TABLE}_cat AS
            SELECT category, CAST(row_number() OVER (ORDER BY category) AS INTEGER) AS kid
            FROM (SELECT DISTINCT category FROM events)""")
        con.execute(f"""CREATE TEMP TABLE dk_occ AS
            SELECT o.ts, o.t, dense_rank() OVER (PARTITION BY k.kid ORDER BY u.cid) - 1 AS seq, u.cid, k.kid
            FROM ({OCCASIONS}) o JOIN {OCCASIONS_TABLE}_cust u USING (customer_id)
            JOIN {OCCASIONS_TABLE}_cat k USING (category)""")
        pairs = (f"SELECT k.category, s.seq, s.cid AS customer FROM (SELECT DISTINCT kid, seq, cid FROM dk_occ) s "
                 f"JOIN {OCCASIONS_TABLE}_cat k USING (kid)")
    else:
        con.execute(f"""CREATE TEMP TABLE dk_occ AS
            SELECT o.*, dense_rank() OVER (PARTITION BY category ORDER BY customer_id) - 1 AS seq FROM ({OCCASIONS}) o""")
        pairs = "SELECT DISTINCT category, seq, customer_id AS customer FROM dk_occ"
    con.execute(f"""CREATE TEMP TABLE dk_fit AS
        SELECT category, seq, 0.1 AS mu, 0.01 + (hash(customer, seq) % 100) / 1000.0 AS beta, 0.5 AS own_weight,
               (hash(seq) % 97) / 97.0 AS p_raw
        FROM ({pairs})""")
    con.execute("CREATE TEMP TABLE dk_cat AS SELECT DISTINCT category, 0.05 AS beta FROM events")
    return con


def _built(con: duckdb.DuckDBPyConnection, keyed: bool, cap: str) -> list[tuple]:
    fit = FitOutput(ORIGIN, AS_OF, (AS_OF - ORIGIN).total_seconds() / 86400.0, [], 0, keyed=keyed)
    con.execute(f"SET memory_limit = '{cap}'")
    scoring.build_rates(con, fit)
    con.execute("SET memory_limit = '1GB'")
    # with each row's number: the scoring windows partition by it (and the order of a pair's float sums with it)
    return con.execute("SELECT rowid, * FROM dk_rates ORDER BY rowid").fetchall()


@pytest.mark.parametrize("keyed", [True, False], ids=["keyed", "named"])
def test_rates_fit_a_cap_one_pass_over_every_pair_ran_out_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             keyed: bool):
    """At 40 MB on one thread the statement over the shop's pairs runs out of DuckDB's memory (as at wide 10^7
    under 256 MB); in the ranges rates_parts gives for that cap it fits, and its rows are one pass's, in the
    same places."""
    con = _shop(tmp_path / "shop.duckdb", keyed)
    fit = FitOutput(ORIGIN, AS_OF, 0.0, [], 0, keyed=keyed)
    try:
        assert RATES_PARTS(con, fit) == [scoring.EVERY_PAIR]
        whole = _built(con, keyed, "1GB")
        monkeypatch.setattr(scoring, "rates_parts", lambda cur, fit: [scoring.EVERY_PAIR])
        with pytest.raises(duckdb.OutOfMemoryException):
            _built(con, keyed, "40MB")
        monkeypatch.setattr(scoring, "rates_parts", RATES_PARTS)
        con.execute("SET memory_limit = '40MB'")
        parts = RATES_PARTS(con, fit)
        con.execute("SET memory_limit = '1GB'")
        ranged = _built(con, keyed, "40MB")
    finally:
        con.close()
    assert len(parts) > 1
    assert len(whole) > 900_000
    assert ranged == whole


def test_the_buyers_ranges_take_every_customer_once(tmp_path: Path):
    """The fit's buyers bound k ranges (not k + 1) of about as many buyers each, named or keyed."""
    for keyed in (True, False):
        con = _shop(tmp_path / f"shop_{keyed}.duckdb", keyed)
        fit = FitOutput(ORIGIN, AS_OF, 0.0, [], 0, keyed=keyed)
        try:
            ranges = scoring._customer_ranges(con, 6_500_000_000, scoring._buyers(fit))
            counts = [con.execute(f"SELECT count(DISTINCT customer_id) FROM events WHERE {w}").fetchall()[0][0]
                      for w in ranges]
            everyone = con.execute("SELECT count(DISTINCT customer_id) FROM events").fetchall()[0][0]
        finally:
            con.close()
        assert len(ranges) == 7
        assert sum(counts) == everyone and max(counts) - min(counts) < 2_000
