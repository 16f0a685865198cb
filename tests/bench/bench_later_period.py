"""The later, unseen period, as a merchandiser meets it: a shop's export up to a date is imported and trained,
campaigns are saved on that date, then the weeks after are imported and the campaigns measured.

    python tests/bench/bench_later_period.py [--data grocery_dev.csv.gz] [--cut 2017-07-31] [--weeks 4]
        [--category NAME ...] [--out F.json]

The file is split at ``--cut`` (lines before it, the rest). The first part goes through ``main.py import`` and
``main.py train --json``; ``main.py campaign`` saves a list for each ``--category`` (default: the one with the most
expected shifters), one of customers likely to lapse and one of the 300 of highest expected value, with their
control groups (10%). The second part is imported and every campaign measured (``engine.campaigns.measure_all``,
what the Campaigns page shows): how many of each list shifted or bought against how many the models expected, and
the uplift against the control group (no message was sent: it should be indistinguishable from none). Beside the
lists, every pair the migration and transfer runs wrote (source ``model`` and ``transfer``): their scores summed
against the pairs whose customer bought the category in the weeks after (what a list drawing on them expects).
Writes tests/bench/results/later_period.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEV = Path("/work/shared/data/grocery_dev.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results" / "later_period.json"


def split(data: Path, cut: str, folder: Path) -> tuple[Path, Path, int, int]:
    """The file's lines before ``cut`` and from it on (the time in the third column, ISO, as the dev file's)."""
    early, late = folder / "early.csv", folder / "late.csv"
    counts = [0, 0]
    opener = gzip.open if data.suffix == ".gz" else open
    with opener(data, "rt", encoding="utf-8") as src, open(early, "w", encoding="utf-8") as a, \
            open(late, "w", encoding="utf-8") as b:
        header = src.readline()
        a.write(header)
        b.write(header)
        for line in src:
            later = line.split(",", 3)[2] >= cut
            (b if later else a).write(line)
            counts[later] += 1
    return early, late, counts[0], counts[1]


def run(args: list[str]) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"main.py {' '.join(args)} failed: {done.stderr.strip()}")
    return done


def top_category(project: Path) -> str:
    con = duckdb.connect(str(project), read_only=True)
    try:
        return con.execute("""SELECT category FROM shift_scores WHERE run_id = (SELECT max(run_id) FROM model_runs
            WHERE kind = 'migration' AND status = 'done') GROUP BY category ORDER BY sum(score) DESC LIMIT 1"""
                           ).fetchall()[0][0]
    finally:
        con.close()


def pairs_after(project: Path, cut: str, weeks: int) -> dict:
    """Per source of the latest migration and transfer runs' pairs: how many, their scores summed, and how many of
    their customers bought the pair's category in the ``weeks`` from ``cut`` (the later period imported)."""
    con = duckdb.connect(str(project), read_only=True)
    try:
        rows = con.execute(f"""
            WITH s AS (SELECT * FROM shift_scores WHERE run_id IN (
                           SELECT max(run_id) FROM model_runs WHERE kind IN ('migration', 'transfer') AND status = 'done'
                           GROUP BY kind)),
                 f AS (SELECT DISTINCT customer_id, category FROM events WHERE event_type = 'purchase' AND quantity > 0
                       AND ts >= CAST(? AS TIMESTAMP) AND ts < CAST(? AS TIMESTAMP) + INTERVAL ({7 * int(weeks)}) DAY)
            SELECT s.source, count(*), sum(s.score), count(f.customer_id)
            FROM s LEFT JOIN f USING (customer_id, category) GROUP BY 1 ORDER BY 1""", [cut, cut]).fetchall()
    finally:
        con.close()
    return {source: {"pairs": int(n), "expected": round(float(e), 1), "happened": int(h)} for source, n, e, h in rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--cut", default="2017-07-31", help="the first day of the later period")
    ap.add_argument("--weeks", type=int, default=4, help="the campaigns' measuring window")
    ap.add_argument("--category", nargs="+", default=None, help="category campaigns (default: the top one)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    from engine.campaigns import measure_all
    from engine.store import open_project

    out: dict = {"command": " ".join(["python tests/bench/bench_later_period.py",
                                      *(sys.argv[1:] if argv is None else argv)]), "cut": args.cut}
    with tempfile.TemporaryDirectory(prefix="shiftwise-later-") as tmp:
        early, late, n_early, n_late = split(args.data, args.cut, Path(tmp))
        out["lines"] = {"before": n_early, "after": n_late}
        project = Path(tmp) / "shop.shiftwise"
        run(["import", str(project), str(early)])
        trained = json.loads(run(["train", str(project), "--json"]).stdout)
        out["models"] = {**{r["kind"]: r["message"] for r in trained["runs"]},
                         **{s["model"]: f"skipped: {s['reason']}" for s in trained["skipped"]}}
        campaigns = [["--category", c] for c in (args.category or [top_category(project)])]
        campaigns += [["--target", "lapsing"], ["--target", "high-value", "--size", "300"]]
        for i, how in enumerate(campaigns):
            run(["campaign", str(project), *how, "--horizon-weeks", str(args.weeks),
                 "--out", str(Path(tmp) / f"campaign_{i}.csv")])
        run(["import", str(project), str(late)])
        out["pairs"] = pairs_after(project, args.cut, args.weeks)
        with open_project(project) as shop:
            out["campaigns"] = []
            for u in sorted(measure_all(shop), key=lambda u: u.campaign_id):
                d = u.to_dict()
                out["campaigns"].append({
                    "name": u.name, "status": u.status, "targets": u.n_target, "control": u.n_control,
                    "expected_among_targets": round(u.expected_shifters or 0.0, 1),
                    "responded_targets": u.shifted_target, "responded_control": u.shifted_control,
                    "actual_over_expected": round(u.shifted_target / u.expected_shifters, 3)
                    if u.expected_shifters else None,
                    "uplift_points": round(100 * d["uplift"], 1) if d["uplift"] is not None else None,
                    "ci_points": [round(100 * d["ci_low"], 1), round(100 * d["ci_high"], 1)]
                    if d["ci_low"] is not None else None,
                    "sentence": str(u.describe())})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    for source, r in out["pairs"].items():
        print(f"{source} pairs: {r['pairs']:,}, expected {r['expected']:,.1f}, happened {r['happened']:,}")
    for c in out["campaigns"]:
        print(f"{c['name']}: {c['responded_targets']} of {c['targets']} against {c['expected_among_targets']} "
              f"expected; uplift {c['uplift_points']} points, CI {c['ci_points']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
