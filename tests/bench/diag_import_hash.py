"""Content hashes of what an import lands: a before/after check that the same rows and values land.

    OMP_NUM_THREADS=1 PYTHONPATH=<checkout> python tests/bench/diag_import_hash.py OUT.json FILE [FILE ...] [--fixtures]

Each file (and with ``--fixtures`` each of tests/fixtures/ingest's files, bad rows included) is
imported into a fresh project of its own the way the command line does (every core), then each
table the import writes is summed up: its row count, an order-free content hash (the sum of every
row's hash, so a repeated row counts twice) and, for ``events`` and ``rejected_rows``, an
order-bound one (each row's hash times its rank in the table's scan order / by line number).
Run it with two checkouts (PYTHONPATH) and compare the two OUT files (``--compare A B``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: table -> (columns hashed, the order the order-bound hash follows; None: none)
TABLES = {
    "events": ("customer_id, ts, event_type, order_id, item_id, item_name, category, category_path, "
               "quantity, amount, import_id", "rowid"),
    "rejected_rows": ("import_id, line_no, reason, raw", "import_id, line_no, reason, raw"),
    # every column, as the checkout's schema has them (a row per value before schema 6, a row per customer since)
    "customer_attributes": ("*", None),
    "item_catalog": ("item_id, item_name, category, category_path, import_id, source", None),
    "imports": ("import_id, file_name, format, encoding, rows_loaded, rows_rejected, rows_duplicate", None),
}


def table_hashes(con, table: str) -> dict:
    cols, order = TABLES[table]
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchall()[0][0]:
        return {"absent": True}
    if cols == "*":
        cols = ", ".join(r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]).fetchall())
    row = f"hash({cols})::HUGEINT"
    # the window cannot sit inside an aggregate: rank first, then sum
    sql = (f"SELECT count(*), sum(h)::VARCHAR, sum(h * r)::VARCHAR FROM (SELECT {row} AS h, "
           f"row_number() OVER (ORDER BY {order})::HUGEINT AS r FROM {table})" if order else
           f"SELECT count(*), sum({row})::VARCHAR, NULL FROM {table}")
    n, content, in_order = con.execute(sql).fetchall()[0]
    return {"rows": n, "content": content, "ordered": in_order}


def import_and_hash(path: Path, work: Path) -> dict:
    from engine.store.project import create_project
    from engine.workflows.import_shop import import_shop

    project_path = work / (path.name + ".shiftwise")
    project = create_project(project_path)
    try:
        outcomes = import_shop(project, [path])
        errors = [str(o.summary()) for o in outcomes if o.error]
        con = project.cursor()
        out = {"errors": errors, **{t: table_hashes(con, t) for t in TABLES}}
    finally:
        project.close()
    project_path.unlink(missing_ok=True)
    return out


def compare(a: Path, b: Path) -> int:
    before, after = json.loads(a.read_text()), json.loads(b.read_text())
    differ = 0
    for name in sorted(set(before) | set(after)):
        x, y = before.get(name), after.get(name)
        if x != y:
            differ += 1
            # which of each table's figures differ: "ordered" alone means the same rows in another order
            tables = {t: [k for k in set((x or {}).get(t) or {}) | set((y or {}).get(t) or {})
                          if ((x or {}).get(t) or {}).get(k) != ((y or {}).get(t) or {}).get(k)]
                      for t in TABLES if (x or {}).get(t) != (y or {}).get(t)}
            print(f"DIFFERS {name}: {tables or 'errors'}")
    print(f"{len(set(before) | set(after)) - differ} files identical, {differ} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--fixtures", action="store_true", help="also every file of tests/fixtures/ingest")
    ap.add_argument("--compare", type=Path, default=None, help="compare OUT with this other OUT file")
    args = ap.parse_args(argv)
    if args.compare is not None:
        return compare(args.compare, args.out)
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))   # PYTHONPATH (the checkout under test) comes first
    results = {}
    with tempfile.TemporaryDirectory(prefix="shiftwise-importhash-") as tmp:
        files = [(str(f), f) for f in args.files]
        if args.fixtures:
            from tests.fixtures.ingest.build import write_all

            files += [(f"fixture:{name}", p) for name, p in sorted(write_all(Path(tmp) / "fixtures").items())]
        for label, path in files:
            work = Path(tmp) / f"w{len(results)}"
            work.mkdir()
            results[label] = import_and_hash(path, work)
            print(label, json.dumps(results[label]["events"]), flush=True)
    args.out.write_text(json.dumps(results, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
