"""How the grocery dev file's cold-start customers buy after each of several dates: the transfer model's later-period
over-prediction (expected 124.9 entries after 2017-07-31, 60 happened: results/later_period_s44_2017-07-31.json)
looked into.

    python tests/bench/bench_transfer_cold_drift.py [--data grocery_dev.csv.gz] [--out F.json]

At each date, the customers with fewer than three orders before it (the transfer model's cold-start customers),
split by how long ago they last bought (under 4 weeks, under 12, 12 or more), and per group: how many, the categories
each entered in the four weeks after (categories they had not bought before), and the share that entered any. Read
from the file with DuckDB alone (no model): what the Platt layer fitted at the earlier dates meets at the later ones.
Writes tests/bench/results/transfer_cold_drift.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

DEV = Path("/work/shared/data/grocery_dev.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results" / "transfer_cold_drift.json"
DATES = ("2017-05-22", "2017-06-05", "2017-06-19", "2017-07-03", "2017-07-17", "2017-07-31")


def drift(con: duckdb.DuckDBPyConnection, cut: str) -> list[dict]:
    at = f"TIMESTAMP '{cut}'"   # one of DATES
    rows = con.execute(f"""
        WITH b AS (SELECT c, count(DISTINCT o) AS n, max(t) AS l FROM g WHERE t < {at} GROUP BY c),
        cold AS (SELECT * FROM b WHERE n < 3),
        seen AS (SELECT DISTINCT c, k FROM g WHERE t < {at}),
        after AS (SELECT DISTINCT c, k FROM g WHERE t >= {at} AND t < {at} + INTERVAL 28 DAY),
        entered AS (SELECT a.c, count(*) AS e FROM after a ANTI JOIN seen s USING (c, k) GROUP BY a.c)
        SELECT CASE WHEN date_diff('day', l, {at}) < 28 THEN 'under 4 weeks'
                    WHEN date_diff('day', l, {at}) < 84 THEN 'under 12 weeks' ELSE '12 weeks or more' END AS last,
               count(*), round(avg(coalesce(e, 0)), 2), round(avg((coalesce(e, 0) > 0)::INTEGER), 3)
        FROM cold LEFT JOIN entered USING (c) GROUP BY 1 ORDER BY min(date_diff('day', l, {at}))""").fetchall()
    return [{"last_bought": r[0], "customers": r[1], "categories_entered_each": r[2], "share_entering_any": r[3]}
            for r in rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    con = duckdb.connect()
    con.execute(f"""CREATE TABLE g AS SELECT "Customer ID" AS c, "Order ID" AS o, "Created At"::TIMESTAMP AS t,
                    Category AS k FROM read_csv('{args.data}')""")
    out = {"what": "the dev file's cold-start customers (under 3 orders) at each date, by when they last bought: "
                   "categories entered in the 4 weeks after",
           "command": " ".join(["python tests/bench/bench_transfer_cold_drift.py",
                                *(sys.argv[1:] if argv is None else argv)]),
           "dates": {}}
    for cut in DATES:
        out["dates"][cut] = drift(con, cut)
        print(cut, out["dates"][cut], flush=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
