"""Whether two projects hold the same decay outputs up to floating-point summation order.

    python tests/bench/diag_close_outputs.py BEFORE.shiftwise AFTER.shiftwise [--rtol 1e-12] [--out FILE.json]

:mod:`diag_same_outputs` compares rows exactly; DuckDB's parallel window sums are not bitwise
repeatable (two runs of one code on one file differ in the 16th digit of a few interests), so this
matches ``decay_scores`` and ``decay_categories`` of the latest decay run by key, the text and integer
columns exactly, the floats to ``rtol``, the timestamps to a millisecond (a decay point is computed
from those floats), and the runs' metrics (JSON) number by number.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import duckdb

TABLES = {"decay_scores": ("customer_id", "category"), "decay_categories": ("category",)}
SKIP = {"run_id"}


def _latest(con, db: str) -> int:
    return con.execute(f"SELECT max(run_id) FROM {db}.model_runs WHERE kind = 'decay' AND status = 'done'"
                       ).fetchall()[0][0]


def _close_json(a, b, rtol: float, path: str, bad: list) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in ("duration_s",):
                continue
            if k not in a or k not in b:
                bad.append(f"{path}.{k}: only in one")
            else:
                _close_json(a[k], b[k], rtol, f"{path}.{k}", bad)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            bad.append(f"{path}: lengths {len(a)} {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            _close_json(x, y, rtol, f"{path}[{i}]", bad)
    elif isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))
                and math.isclose(a, b, rel_tol=rtol, abs_tol=1e-300)):
            bad.append(f"{path}: {a!r} vs {b!r}")
    elif a != b:
        bad.append(f"{path}: {a!r} vs {b!r}")


def compare(before: str, after: str, rtol: float) -> dict:
    con = duckdb.connect()
    con.execute(f"ATTACH '{before}' AS b (READ_ONLY)")
    con.execute(f"ATTACH '{after}' AS a (READ_ONLY)")
    rb, ra = _latest(con, "b"), _latest(con, "a")
    out: dict = {"runs": [rb, ra]}
    for table, keys in TABLES.items():
        cols = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'b' "
                           "AND table_name = ? ORDER BY column_index", [table]).fetchall()
        on = " AND ".join(f"x.{k} = y.{k}" for k in keys)
        n_b, n_a = (con.execute(f"SELECT count(*) FROM {d}.{table} WHERE run_id = ?", [r]).fetchall()[0][0]
                    for d, r in (("b", rb), ("a", ra)))
        matched = con.execute(f"SELECT count(*) FROM (SELECT * FROM b.{table} WHERE run_id = ?) x "
                              f"JOIN (SELECT * FROM a.{table} WHERE run_id = ?) y ON {on}", [rb, ra]).fetchall()[0][0]
        per: dict = {}
        for c, kind in cols:
            if c in SKIP or c in keys:
                continue
            if kind in ("DOUBLE", "FLOAT"):
                diff = (f"max(CASE WHEN x.{c} IS NULL AND y.{c} IS NULL THEN 0 WHEN x.{c} IS NULL OR y.{c} IS NULL "
                        f"THEN 1e300 ELSE abs(x.{c} - y.{c}) / greatest(abs(x.{c}), abs(y.{c}), 1e-300) END)")
            elif kind.startswith("TIMESTAMP"):
                diff = (f"max(CASE WHEN x.{c} IS NULL AND y.{c} IS NULL THEN 0 WHEN x.{c} IS NULL OR y.{c} IS NULL "
                        f"THEN 1e300 ELSE abs(epoch(x.{c}) - epoch(y.{c})) END)")
            else:
                diff = f"max(CASE WHEN x.{c} IS NOT DISTINCT FROM y.{c} THEN 0 ELSE 1 END)"
            per[c] = con.execute(f"SELECT {diff} FROM (SELECT * FROM b.{table} WHERE run_id = ?) x "
                                 f"JOIN (SELECT * FROM a.{table} WHERE run_id = ?) y ON {on}", [rb, ra]).fetchall()[0][0]
        ok = n_b == n_a == matched and all(
            v <= (1e-3 if k.startswith("TIMESTAMP") else rtol)
            for (c, k) in cols if c in per for v in [per[c] or 0.0])
        out[table] = {"rows_before": n_b, "rows_after": n_a, "matched": matched, "max_difference": per, "close": ok}
    mb, ma = (json.loads(con.execute(f"SELECT metrics_json FROM {d}.model_runs WHERE run_id = ?", [r]).fetchall()[0][0])
              for d, r in (("b", rb), ("a", ra)))
    bad: list = []
    _close_json(mb, ma, rtol, "metrics", bad)
    out["metrics"] = {"close": not bad, "differences": bad[:20]}
    out["all_close"] = all(v["close"] for k, v in out.items() if isinstance(v, dict))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--rtol", type=float, default=1e-12)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    result = compare(args.before, args.after, args.rtol)
    text = json.dumps(result, indent=1, default=str)
    if args.out:
        args.out.write_text(text)
    print(text)
    return 0 if result["all_close"] else 1


if __name__ == "__main__":
    sys.exit(main())
