"""Export memory and speed: a table larger than we would hold in RAM, and campaign lists at scale.

    python tests/bench/bench_export.py [--rows 20000000] [--customers 1000000] [--keep]

Each step runs in its own process, so its peak RSS is its own:

* csv_big: ``write_query`` of a ``--rows`` table (customer_id, category, score, group,
  reason: the campaign columns) to CSV with BOM, neutralising text, ordered by a key,
  with the project's memory limit set to 1 GB;
* xlsx: the first 200,000 rows to .xlsx (constant-memory xlsxwriter);
* campaign: ``--customers`` scored customers for one category: preview summary, the first
  page of the list, save (members written), export to CSV.

Writes the figures to tests/bench/results/export.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).parent / "results"

BIG_TABLE = """
CREATE TABLE big AS
SELECT i AS k, 'C' || lpad(CAST(i AS VARCHAR), 9, '0') AS customer_id, 'Cat' || CAST(hash(i) % 40 AS VARCHAR) AS category,
       CAST(hash(i * 7) % 1000000 AS DOUBLE) / 1e6 AS score,
       CASE WHEN hash(i * 3) % 10 = 0 THEN 'control' ELSE 'target' END AS "group",
       CASE WHEN i % 1000 = 0 THEN '=HYPERLINK("http://x","y")' ELSE 'bought Cat' || CAST(hash(i * 5) % 40 AS VARCHAR) END AS reason
FROM range({rows}) r(i)
"""

SCORES = """
INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source)
SELECT 1, 'C' || lpad(CAST(i AS VARCHAR), 8, '0'), 'Tea', CAST(hash(i * 7) % 1000000 AS DOUBLE) / 1e6, 1,
       'bought Coffee ' || CAST(hash(i) % 9 AS VARCHAR) || ' times', 'model'
FROM range({n}) r(i)
"""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(step: str, project_path: str, out: str, rows: int) -> dict:
    from engine.store import open_project

    project = open_project(project_path, memory_limit=os.environ.get("BENCH_MEMORY_LIMIT", "1GB"))
    t0 = time.perf_counter()
    try:
        if step == "csv_big":
            from engine.export import write_query

            n = write_query(project, "SELECT * FROM big", [], out, bom=True, order_by="src.k",
                            columns=["customer_id", "category", "score", "group", "reason"])
            return {"rows": n, "seconds": round(time.perf_counter() - t0, 2),
                    "file_mb": round(os.path.getsize(out) / 2**20, 1)}
        if step == "xlsx":
            from engine.export import write_query

            n = write_query(project, f"SELECT * FROM big WHERE k < {rows}", [], out, order_by="src.k",
                            columns=["customer_id", "category", "score", "group", "reason"])
            return {"rows": n, "seconds": round(time.perf_counter() - t0, 2),
                    "file_mb": round(os.path.getsize(out) / 2**20, 1)}
        if step == "campaign":
            from engine.campaigns import CampaignSpec, export_campaign, materialise_preview, save_campaign
            from engine.read.paged_query import PagedQuery

            spec = CampaignSpec("Tea", control_fraction=0.1, seed=3, size=rows // 2)
            figures = {}
            built = materialise_preview(project, spec)  # what the page's worker does on each change
            s = built.summary
            figures["preview_build_s"] = round(time.perf_counter() - t0, 3)
            q = PagedQuery(project, built.sql, default_sort="position")
            q.count()
            # what the GUI thread does while scrolling and sorting: one page at a time
            for name, sort, offset in (("page_first_s", None, 0), ("page_middle_s", None, rows // 4),
                                       ("page_sorted_by_score_s", "score", rows // 4)):
                if sort:
                    q.set_sort(sort, descending=True)
                t = time.perf_counter()
                q.fetch(offset, 256)
                figures[name] = round(time.perf_counter() - t, 4)
            t = time.perf_counter()
            c = save_campaign(project, spec)
            figures["save_s"] = round(time.perf_counter() - t, 3)
            t = time.perf_counter()
            n = export_campaign(project, c.campaign_id, out)
            figures["export_csv_s"] = round(time.perf_counter() - t, 3)
            figures.update(customers_scored=rows, list_rows=n, n_target=s.n_target, n_control=s.n_control)
            return figures
        raise SystemExit(f"unknown step {step}")
    finally:
        project.close()


def run_child(step: str, project: Path, out: Path, rows: int) -> dict:
    cmd = [sys.executable, __file__, "--child", step, "--project", str(project), "--out", str(out),
           "--rows", str(rows)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"{step} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def part_csv(tmp: Path, args: argparse.Namespace) -> dict:
    from engine.store import create_project

    big = tmp / "big.shiftwise"
    p = create_project(big)
    t = time.perf_counter()
    p.cursor().execute(BIG_TABLE.format(rows=args.rows))
    p.con.execute("CHECKPOINT")
    p.close()
    figures = {"build_table_s": round(time.perf_counter() - t, 1), "project_mb": round(big.stat().st_size / 2**20, 1)}
    figures["csv_big"] = run_child("csv_big", big, tmp / "big.csv", args.rows)
    (tmp / "big.csv").unlink()
    figures["xlsx"] = run_child("xlsx", big, tmp / "part.xlsx", args.xlsx_rows)
    return figures


def part_campaign(tmp: Path, args: argparse.Namespace) -> dict:
    from engine.store import create_project

    camp = tmp / "camp.shiftwise"
    p = create_project(camp)
    cur = p.cursor()
    cur.execute("INSERT INTO model_runs (run_id, kind, status) VALUES (1, 'migration', 'done')")
    cur.execute(SCORES.format(n=args.customers))
    cur.execute("INSERT INTO events (customer_id, ts, event_type, category, import_id) "
                "VALUES ('x', TIMESTAMP '2026-11-01', 'view', 'Tea', 0)")
    p.con.execute("CHECKPOINT")
    p.close()
    return run_child("campaign", camp, tmp / "campaign.csv", args.customers)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000_000)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--xlsx-rows", type=int, default=200_000)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--only", choices=("csv", "campaign"), default=None, help="run one part")
    ap.add_argument("--child")
    ap.add_argument("--project")
    ap.add_argument("--out")
    args = ap.parse_args()
    if args.child:
        figures = child(args.child, args.project, args.out, args.rows)
        figures["peak_rss_mb"] = round(_peak_mb(), 1)
        print(json.dumps(figures))
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench_export_"))
    figures: dict = {"rows": args.rows, "customers": args.customers}
    try:
        if args.only in (None, "csv"):
            figures.update(part_csv(tmp, args))
        if args.only in (None, "campaign"):
            figures["campaign"] = part_campaign(tmp, args)
    finally:
        if not args.keep:
            for f in sorted(tmp.rglob("*"), reverse=True):
                f.unlink() if f.is_file() else f.rmdir()
            tmp.rmdir()
    import platform

    figures = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, **figures}
    RESULTS.mkdir(exist_ok=True)
    name = "export" if args.only is None else f"export_{args.only}_{args.rows if args.only == 'csv' else args.customers}"
    figures["memory_limit"] = os.environ.get("BENCH_MEMORY_LIMIT", "1GB")
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
