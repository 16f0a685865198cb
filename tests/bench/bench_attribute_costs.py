"""What the customer attributes cost a wide import, part by part, in CPU seconds of one process.

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python tests/bench/bench_attribute_costs.py FILE [--reps 5] [--out F.json]

(writes results/import_attribute_costs_<FILE's stem>.json unless ``--out`` says otherwise)

Issue #13 (the import within 1.2x of a bare read) and :mod:`engine.ingest.attributes`. Two parts,
each a set of variants alternated rep by rep (every variant rolled back), so that all see the same
load on a shared machine; compare medians, and pairs of the same rep:

* the events pass (``INSERT INTO events``) with the joined attribute column and without any
  attribute (the reader then skips their columns): what carrying the values costs the pass; and with the
  attributes' columns read but nothing carried (a column NULL but where every value is blank): the reader's
  share of that cost, a floor no form of carrying goes under;
* over that pass, committed once in a scratch project (a temp folder): the store as the import runs
  it (:func:`engine.ingest.attributes.store`: since schema 6 one statement writes each customer's latest
  row, split, as a row of ``customer_attributes``, then the customers lacking a value are counted), the
  latest row's text and time unsplit into a table of the project (``latest_text_stored``: a narrower
  table, what a schema keeping the joined text would write), the store of schema 5 (``store_long``: the latest rows in a temp table, then a row per value, with its time,
  into a table shaped as schema 5's), and its floors: the group-by alone (``max(ts)``), the latest row's
  text, and the latest rows split.

A bench tool: it builds the loader's statements the way :func:`engine.ingest.loader.load` does,
nothing in the app calls it. Session 14's figures: results/import_attributes_s14.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.ingest import attributes, loader  # noqa: E402
from engine.ingest.parsing import lit, q  # noqa: E402
from engine.ingest.readers import open_source  # noqa: E402
from engine.ingest.service import _inspect  # noqa: E402
from engine.store.connection import DuckDBLimits, max_threads, set_limits  # noqa: E402
from engine.store.project import create_project  # noqa: E402

#: The pass's column, added inside the transaction as the loader does (on an empty table: no cost).
ADD = f"ALTER TABLE events ADD COLUMN {q(attributes.COLUMN)} VARCHAR"
RESULTS_DIR = Path(__file__).resolve().parent / "results"


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def pass_statements(cur, data: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The events pass with and without the attributes, and the mapping's attribute roles."""
    source = open_source(data)
    mapping = _inspect(None, source, None).guess
    sample = source.relation(sample=True)
    readings = loader.sample_readings(cur, mapping, sample, sample)
    rel = source.relation(rejects=loader.REJECTS)
    roles = attributes.roles(mapping)
    with_attributes = loader.event_select(source, mapping, readings, rel, "UTC", attributes=True)
    without = loader.event_select(source, mapping, readings, rel, "UTC", attributes=False)
    insert = "INSERT INTO events BY NAME SELECT *, 1 AS import_id FROM ({})"
    joined = attributes.pass_columns

    def read_only(values: list[str], counts: str, separate: bool = False) -> str:
        # every value read and looked at, nothing kept: '' on the rare row where all are blank, else NULL
        blank = " AND ".join(f"{v} IS NULL" for v in values)
        return f",\n           CASE WHEN {counts} AND {blank} THEN '' END AS {q(attributes.COLUMN)}"

    attributes.pass_columns = read_only
    try:
        reads_only = loader.event_select(source, mapping, readings, rel, "UTC", attributes=True)
    finally:
        attributes.pass_columns = joined
    return {"pass_joined": [ADD, insert.format(with_attributes)], "pass_without": [insert.format(without)],
            "pass_reads_only": [ADD, insert.format(reads_only)]}, roles


def store_statements(roles: list[str], target: str = "customer_attributes") -> dict[str, list[str]]:
    n, col, sep = len(roles), q(attributes.COLUMN), lit(attributes.SEP)
    names = "[" + ", ".join(lit(r) for r in roles) + "]"
    complete = f"len(parts) = {n} AND NOT list_contains(parts, '')"
    rows = f"FROM events WHERE import_id = 1 AND {col} IS NOT NULL GROUP BY customer_id"
    # as engine.ingest.attributes.store runs it: the latest row by (time, hash of its text), and its time
    key = attributes._LATEST_FIRST.format(col)
    latest = (f"CREATE TEMP TABLE _b_latest AS SELECT customer_id, string_split(arg_max({col}, {key}), {sep}) AS parts, "
              f"max(ts) AS ts {rows}")
    return {
        # schema 5's store: a row per value (LONG_TABLE is made as that schema's table)
        "store_long": [latest,
                       f"INSERT INTO {LONG_TABLE} (customer_id, attribute, value, import_id, ts) "
                       f"SELECT customer_id, unnest({names}), unnest(parts), 1, ts FROM _b_latest WHERE {complete}",
                       f"SELECT count(*) FROM _b_latest WHERE NOT ({complete})"],
        "group_by_max_ts": [f"CREATE TEMP TABLE _b_latest AS SELECT customer_id, max(ts) AS parts {rows}"],
        "latest_text": [f"CREATE TEMP TABLE _b_latest AS SELECT customer_id, arg_max({col}, ts) AS parts {rows}"],
        "latest_split": [latest],
        "latest_text_stored": [f"CREATE TABLE _b_narrow AS SELECT customer_id, 1 AS import_id, arg_max({col}, {key}) "
                               f"AS attrs, max(ts) AS ts {rows}"],
        # the store's first statement as engine.ingest.attributes.store runs it, into ``target``
        "store_statement": [attributes.latest_rows_sql(roles, 1, target)],
    }


def stored_blocks(cur, store: Callable[[], None]) -> dict[str, int]:
    """The blocks of 256 KiB the customers' rows take in the project's file once checkpointed, as DuckDB compresses
    them and with no compression (each written alone, committed)."""
    blocks = {}
    for name, setting in (("compressed", "RESET force_compression"),
                          ("uncompressed", "SET force_compression = 'uncompressed'")):
        cur.execute("DELETE FROM customer_attributes")
        cur.execute(setting)
        cur.execute("BEGIN")
        store()
        cur.execute("COMMIT")
        cur.execute("CHECKPOINT")
        cur.execute("RESET force_compression")
        blocks[name] = cur.execute("SELECT count(DISTINCT block_id) FROM pragma_storage_info('customer_attributes') "
                                   "WHERE block_id >= 0").fetchall()[0][0]
    return blocks


#: customer_attributes as schema 5 kept it, for ``store_long``
LONG_TABLE = "_b_attributes_v5"


def alternate(cur, variants: dict[str, list[str] | Callable[[], None]], reps: int) -> dict:
    """Each variant (statements, or a function running them on ``cur``) ``reps`` times, alternated, rolled back."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(reps):
        for name, statements in variants.items():
            cur.execute("BEGIN")
            start = cpu()
            if callable(statements):
                statements()
            else:
                for sql in statements:
                    cur.execute(sql).fetchall()
            times[name].append(round(cpu() - start, 3))
            cur.execute("ROLLBACK")
            for t in ("_b_latest", "_b_rows", "_b_narrow", f"{loader.REJECTS}_errors", f"{loader.REJECTS}_scans"):
                cur.execute(f"DROP TABLE IF EXISTS {t}")
    return {name: {"cpu_s": v, "median": round(statistics.median(v), 3)} for name, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", type=Path, default=None,
                    help="default: results/import_attribute_costs_<file's name>.json (one per file)")
    args = ap.parse_args(argv)
    args.out = args.out or RESULTS_DIR / f"import_attribute_costs_{args.data.stem}.json"
    set_limits(DuckDBLimits(threads=max_threads()))     # as the command line's import: every core
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-attr-") as tmp:
        project = create_project(Path(tmp) / "p.shiftwise")
        cur = project.cursor()
        cur.execute("SET preserve_insertion_order = false")
        passes, roles = pass_statements(cur, args.data)
        if not roles:
            raise SystemExit(f"{args.data} maps no customer attribute")
        out = {"file": str(args.data), "attributes": roles, "reps": args.reps, "duckdb_threads": max_threads(),
               "pass": alternate(cur, passes, args.reps)}
        # the pass once more, committed: the store's variants read it
        for sql in passes["pass_joined"]:
            cur.execute(sql)
        cur.execute(f"CREATE TABLE {LONG_TABLE} (customer_id TEXT NOT NULL, attribute TEXT NOT NULL, value TEXT, "
                    "import_id INTEGER NOT NULL, ts TIMESTAMP)")

        def store() -> None:
            attributes.store(cur, roles, 1, lambda *_: None, lambda: "unused: no value holds the separator")

        def written(setting: str) -> Callable[[], None]:
            def run() -> None:
                cur.execute(setting)
                try:
                    store()
                finally:
                    cur.execute("RESET force_compression")
            return run

        # the row per customer written into memory (a temp table of customer_attributes' shape): what writing it into
        # the project's file costs; and written with no compression
        into_memory = ["CREATE TEMP TABLE _b_rows AS SELECT * FROM customer_attributes LIMIT 0",
                       store_statements(roles, target="_b_rows")["store_statement"][0]]
        out["store"] = alternate(cur, {"store": store, **store_statements(roles), "store_into_memory": into_memory,
                                       "store_uncompressed": written("SET force_compression = 'uncompressed'")},
                                 args.reps)
        out["store_blocks"] = stored_blocks(cur, store)
        project.close()
    args.out.write_text(json.dumps(out, indent=1))
    for part in ("pass", "store"):
        for name, r in out[part].items():
            print(f"{name:18s} median {r['median']:6.2f}  {r['cpu_s']}")
    print("customer_attributes' blocks:", out["store_blocks"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
