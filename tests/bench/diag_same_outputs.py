"""Whether two project files hold the same model outputs (a change meant to leave results alone).

    python tests/bench/diag_same_outputs.py BEFORE.shiftwise AFTER.shiftwise [--out FILE.json]

Every table is compared as a multiset of rows (``EXCEPT ALL`` both ways), except the columns
that record a run rather than its result (ids, times, durations: ``VOLATILE``). Metrics are
compared the same way: they are rows of ``model_runs`` / ``training_history``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

#: Columns that differ between two runs of the same code on the same data.
VOLATILE = ("run_id", "id", "started_at", "finished_at", "duration_s", "session_id", "pid", "host")


def compare(before: str, after: str) -> dict:
    con = duckdb.connect()
    con.execute(f"ATTACH '{before}' AS b (READ_ONLY)")
    con.execute(f"ATTACH '{after}' AS a (READ_ONLY)")
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'b' ORDER BY 1").fetchall()]
    out: dict = {}
    for t in tables:
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'b' AND table_name = ? "
            "ORDER BY column_index", [t]).fetchall()]
        kept = [c for c in cols if c.lower() not in VOLATILE and not c.lower().endswith("_at")]
        sel = ", ".join(f'"{c}"' for c in kept)
        n_b = con.execute(f'SELECT count(*) FROM b."{t}"').fetchone()[0]
        n_a = con.execute(f'SELECT count(*) FROM a."{t}"').fetchone()[0]
        only_b = con.execute(f'SELECT count(*) FROM (SELECT {sel} FROM b."{t}" EXCEPT ALL '
                             f'SELECT {sel} FROM a."{t}")').fetchone()[0]
        only_a = con.execute(f'SELECT count(*) FROM (SELECT {sel} FROM a."{t}" EXCEPT ALL '
                             f'SELECT {sel} FROM b."{t}")').fetchone()[0]
        out[t] = {"rows_before": n_b, "rows_after": n_a, "only_before": only_b, "only_after": only_a,
                  "ignored_columns": [c for c in cols if c not in kept], "same": only_a == only_b == 0}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    result = compare(args.before, args.after)
    text = json.dumps(result, indent=1)
    if args.out:
        args.out.write_text(text)
    print(text)
    return 0 if all(v["same"] for v in result.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
