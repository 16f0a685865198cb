"""One shop imported as one file and as two exports whose dates overlap: do the models say the same?

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python tests/bench/diag_overlapping_exports.py [FILE] [--work DIR]
        [--overlap 0.2] [--shuffled] [--out F.json]

FILE (a CSV or .csv.gz with ISO times; default: the demo shop, 3,000 customers, seed 7) is split by time into an early and a late export that share
``--overlap`` of the rows (by time, in the middle); one project imports FILE, another the two exports one after the
other. Both train every model through the command line; then every table is compared row for row, leaving out
what names a run, an import or a clock (ids, times, durations, fingerprints, paths). Tables with one row per import
(``imports``, and ``customer_attributes``, which keeps every import's values) are compared as the app reads them:
``customer_attributes`` through :data:`engine.features.current_attributes.CURRENT_ATTRIBUTES`.

``--shuffled`` also imports FILE with its rows in a random order (seeded) into a third project, compared
to the first the same way: a shop's answer must not hang on the order of its export's lines.

Writes a JSON of the tables that differ (nothing else should) to ``--out`` (default:
results/overlapping_exports.json). A diagnostic: CI checks the import's half of this in
tests/engine/ingest/test_attributes.py; training every model twice takes minutes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from engine.features.current_attributes import CURRENT_ATTRIBUTES  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "overlapping_exports.json"
#: Columns that name a run, an import or a clock, or hold what the run took: never the same twice.
NOT_COMPARED = {"run_id", "import_id", "created_at", "started_at", "finished_at", "duration_s", "file_path",
                "file_name", "file_size", "content_hash", "mapping_json", "rows_loaded", "rows_duplicate",
                "data_fingerprint", "session_id", "pid", "host", "updated_at"}
#: Tables with a row per import: compared as the app reads them (or not at all).
PER_IMPORT = {"imports": None, "customer_attributes": f"SELECT * FROM {CURRENT_ATTRIBUTES}"}


def split(data: Path, out: Path, overlap: float) -> tuple[Path, Path]:
    """Two exports of ``data`` (a CSV, or a .csv.gz) by its time column as the import recognises it (ISO times
    sort as text), sharing ``overlap`` of the rows."""
    from engine.ingest.service import inspect_file

    opener = gzip.open if data.suffix == ".gz" else open
    with opener(data, "rt", newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    t = header.index(inspect_file(None, data).guess.column("ts"))
    times = sorted(r[t] for r in rows)
    lo, hi = (times[int(len(times) * (0.5 - overlap / 2))], times[int(len(times) * (0.5 + overlap / 2))])
    early, late = out / "early.csv", out / "late.csv"
    for path, part in ((early, [r for r in rows if r[t] < hi]), (late, [r for r in rows if r[t] >= lo])):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([header, *part])
    return early, late


def shuffled(data: Path, out: Path, seed: int = 3) -> Path:
    """``data``'s rows in a random order (the header first)."""
    opener = gzip.open if data.suffix == ".gz" else open
    with opener(data, "rt", newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    random.Random(seed).shuffle(rows)
    path = out / "shuffled.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def cli(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "main.py"), *args], check=True, stdout=subprocess.DEVNULL)


def _metrics_without_clocks(text: str | None) -> str | None:
    """A run's metrics less the seconds its stages took."""
    if text is None:
        return None
    metrics = json.loads(text)
    for key in [k for k in metrics if k.startswith("stage_") and ("seconds" in k)]:
        del metrics[key]
    return json.dumps(metrics, sort_keys=True)


def compare(one: Path, two: Path) -> dict[str, dict]:
    a, b = duckdb.connect(str(one), read_only=True), duckdb.connect(str(two), read_only=True)
    out = {}
    tables = [r[0] for r in a.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                                      "ORDER BY 1").fetchall()]
    for table in tables:
        if table in PER_IMPORT and PER_IMPORT[table] is None:
            continue
        cols = [r[0] for r in a.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                        "AND table_schema = 'main' ORDER BY ordinal_position", [table]).fetchall()]
        keep = [c for c in cols if c not in NOT_COMPARED]
        if not keep:
            continue
        sql = PER_IMPORT.get(table) or f"SELECT {', '.join(keep)} FROM {table}"
        rows = []
        for con in (a, b):
            got = con.execute(sql).fetchall()
            if "metrics_json" in keep and table == "model_runs":
                i = keep.index("metrics_json")
                got = [r[:i] + (_metrics_without_clocks(r[i]),) + r[i + 1:] for r in got]
            rows.append(sorted(map(repr, got)))
        if rows[0] != rows[1]:
            only_one = len(set(rows[0]) - set(rows[1]))
            out[table] = {"rows": [len(rows[0]), len(rows[1])], "rows_of_one_file_only": only_one}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=None, help="a folder to keep (default: a temp one)")
    ap.add_argument("--overlap", type=float, default=0.2)
    ap.add_argument("--shuffled", action="store_true", help="also the file with its rows in a random order")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shiftwise-overlap-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        data = args.data
        if data is None:
            from engine.demo import generate_demo_shop
            data = generate_demo_shop(work, seed=7, n_customers=3000).events_csv
        early, late = split(data, work, args.overlap)
        one, two = work / "one.shiftwise", work / "two.shiftwise"
        cli("import", str(one), str(data))
        cli("import", str(two), str(early))
        cli("import", str(two), str(late))
        projects = [one, two]
        if args.shuffled:
            three = work / "three.shiftwise"
            cli("import", str(three), str(shuffled(data, work)))
            projects.append(three)
        for project in projects:
            cli("train", str(project))
        differ = compare(one, two)
        result = {"data": str(data), "overlap": args.overlap, "tables_that_differ": differ}
        if args.shuffled:
            result["shuffled_tables_that_differ"] = compare(one, projects[2])
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return 1 if differ or result.get("shuffled_tables_that_differ") else 0


if __name__ == "__main__":
    sys.exit(main())
