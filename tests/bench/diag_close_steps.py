"""Whether two projects hold the same model outputs, floats up to DuckDB's parallel summation order.

    python tests/bench/diag_close_steps.py BEFORE.shiftwise AFTER.shiftwise [--rtol 1e-12] [--out FILE.json]

:mod:`diag_same_outputs` compares rows exactly; two runs of one code on one file differ in the 15th
digit of a few sums (DuckDB's parallel aggregates: spend, tier weeks, the customers' spend on the dev
file). Here every table's rows are matched on their columns that are not floating point (ids, texts,
integers, dates; the volatile ones of :mod:`diag_same_outputs` left out), in the order of their float
columns where several share those, and the floats compared to ``rtol`` (relative to the larger).
``model_runs`` compares the metrics (JSON) number by number to the same ``rtol``. The largest
relative difference of each table is reported, so "identical" and "equal to 1e-15" read apart.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.diag_same_outputs import VOLATILE  # noqa: E402

FLOATS = ("DOUBLE", "FLOAT", "REAL")


def _close_json(a, b, rtol: float) -> tuple[bool, float]:
    """Equal structure, equal texts, numbers within ``rtol``; and the largest relative difference."""
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return False, math.inf
        out = [_close_json(a[k], b[k], rtol) for k in a]
        return all(o[0] for o in out), max((o[1] for o in out), default=0.0)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False, math.inf
        out = [_close_json(x, y, rtol) for x, y in zip(a, b)]
        return all(o[0] for o in out), max((o[1] for o in out), default=0.0)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if a == b or (math.isnan(a) and math.isnan(b)):
            return True, 0.0
        rel = abs(a - b) / max(abs(a), abs(b))
        return rel <= rtol, rel
    return a == b, 0.0 if a == b else math.inf


def compare(before: str, after: str, rtol: float, skip: tuple[str, ...] = ()) -> dict:
    """``skip``: tables left out (the events of a 10^7 file, which training only reads)."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{before}' AS b (READ_ONLY)")
    con.execute(f"ATTACH '{after}' AS a (READ_ONLY)")
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'b' ORDER BY 1").fetchall() if r[0] not in skip]
    out: dict = {}
    for t in tables:
        cols = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'b' "
                           "AND table_name = ? ORDER BY column_index", [t]).fetchall()
        kept = [(c, ty) for c, ty in cols if c.lower() not in VOLATILE and not c.lower().endswith("_at")]
        if t == "model_runs":
            kept = [(c, ty) for c, ty in kept if c != "metrics_json"]
        keys = [f'"{c}"' for c, ty in kept if ty not in FLOATS]
        floats = [f'"{c}"' for c, ty in kept if ty in FLOATS]
        n_b = con.execute(f'SELECT count(*) FROM b."{t}"').fetchone()[0]
        n_a = con.execute(f'SELECT count(*) FROM a."{t}"').fetchone()[0]
        part = f"PARTITION BY {', '.join(keys)}" if keys else ""
        order = f"ORDER BY {', '.join(floats)}" if floats else ""
        sel = ", ".join(keys + floats + [f"row_number() OVER ({part} {order}) AS _k"])
        on = " AND ".join([f"x.{k} IS NOT DISTINCT FROM y.{k}" for k in keys] + ["x._k = y._k"])
        rel = " , ".join(f"abs(x.{f} - y.{f}) / nullif(greatest(abs(x.{f}), abs(y.{f})), 0)" for f in floats)
        worst = f"greatest({rel})" if len(floats) > 1 else (rel or "0.0")
        same_nulls = " AND ".join(f"((x.{f} IS NULL) = (y.{f} IS NULL))" for f in floats) or "true"
        unmatched, far, max_rel = con.execute(f"""
            WITH x AS (SELECT {sel} FROM b."{t}"), y AS (SELECT {sel} FROM a."{t}"),
            j AS (SELECT x._k AS kx, y._k AS ky, coalesce({worst}, 0.0) AS rel, {same_nulls} AS nulls_ok
                  FROM x FULL OUTER JOIN y ON {on})
            SELECT count(*) FILTER (WHERE kx IS NULL OR ky IS NULL),
                   count(*) FILTER (WHERE kx IS NOT NULL AND ky IS NOT NULL AND (rel > ? OR NOT nulls_ok)),
                   max(rel) FILTER (WHERE kx IS NOT NULL AND ky IS NOT NULL)
            FROM j""", [rtol]).fetchone()
        entry = {"rows_before": n_b, "rows_after": n_a, "unmatched": unmatched, "beyond_rtol": far,
                 "max_rel_diff": float(max_rel or 0.0)}
        if t == "model_runs":
            rb = con.execute('SELECT kind, metrics_json FROM b.model_runs ORDER BY run_id').fetchall()
            ra = con.execute('SELECT kind, metrics_json FROM a.model_runs ORDER BY run_id').fetchall()
            checks = [(x[0] == y[0], *_close_json(json.loads(x[1] or "null"), json.loads(y[1] or "null"), rtol))
                      for x, y in zip(rb, ra)]
            entry["metrics_close"] = len(rb) == len(ra) and all(k and c for k, c, _ in checks)
            entry["metrics_max_rel_diff"] = max((r for _, _, r in checks), default=0.0)
        entry["close"] = unmatched == 0 and far == 0 and entry.get("metrics_close", True)
        out[t] = entry
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--rtol", type=float, default=1e-12)
    ap.add_argument("--skip", nargs="*", default=[], help="tables to leave out (events)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    result = compare(args.before, args.after, args.rtol, tuple(args.skip))
    text = json.dumps(result, indent=1)
    if args.out:
        args.out.write_text(text)
    print(text)
    return 0 if all(v["close"] for v in result.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
