"""Short exports (a quarter, four months, five months) of the grocery dev file: what each model trains as of H weeks
before the file's end, and how the shipped scores do on those H weeks, which no fit saw.

    python tests/bench/bench_short_exports.py [--data grocery_dev.csv.gz] [--weeks 12 16 20] [--checkout DIR]
        [--out F.json]

For each N in ``--weeks`` the export is the file's last N + H weeks (H = 4, the default horizon), imported with
``main.py import``. ``main.py train --as-of END-H`` trains every model on its first N weeks (the shop as the
merchandiser would have it); ``main.py backtest --as-of END-H`` scores every candidate of customers and migration
on the H weeks after it, fitted on the same weeks before it. Per model the result keeps the trained run's message (or
the reason it was skipped), the shipped candidate, and the backtest's AUC after END-H of the shipped candidate and
of the rule of thumb (customers: the frequency rule; migration: category popularity), and of every candidate. Decay's
lapse candidates are scored on the same weeks by the rolling backtest as of the file's end, whose latest cut is
END-H (the rule: recency + frequency).

``--checkout DIR`` runs another checkout's app (``git worktree add DIR <commit>``): before and after.
Writes tests/bench/results/short_exports.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DEV = Path("/work/shared/data/grocery_dev.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results" / "short_exports.json"
H = 4
TIME = "Created At"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--weeks", type=int, nargs="+", default=[12, 16, 20])
    ap.add_argument("--checkout", type=Path, default=ROOT)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    con = duckdb.connect()
    last = con.execute(f'SELECT max("{TIME}")::TIMESTAMP FROM read_csv(\'{args.data}\')').fetchall()[0][0]
    end = datetime.combine(last.date(), datetime.min.time()) + timedelta(days=1)
    as_of = end - timedelta(weeks=H)
    out: dict = {"data": str(args.data), "checkout": str(args.checkout), "as_of": f"{as_of:%Y-%m-%d}",
                 "end": f"{end:%Y-%m-%d}", "horizon_weeks": H, "exports": {}}
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-short-") as tmp:
        for weeks in args.weeks:
            start = as_of - timedelta(weeks=weeks)
            csv, project = Path(tmp) / f"last_{weeks}w.csv", Path(tmp) / f"last_{weeks}w.shiftwise"
            con.execute(f"""COPY (SELECT * FROM read_csv('{args.data}') WHERE "{TIME}" >= TIMESTAMP '{start}')
                            TO '{csv}' (HEADER)""")
            _run(args.checkout, ["import", str(project), str(csv)])
            trained = json.loads(_run(args.checkout, ["train", str(project), "--as-of", f"{as_of:%Y-%m-%d}",
                                                      "--json"]))
            # each model's backtest alone: one that cannot run (too little history) says why, the other still runs
            backtest = {"runs": []}
            for model in ("customers", "migration"):
                done = _run(args.checkout, ["backtest", str(project), "--as-of", f"{as_of:%Y-%m-%d}", "--models",
                                            model, "--json"], may_fail=True)
                if done is not None:
                    backtest["runs"] += json.loads(done)["runs"]
            out["exports"][f"{weeks} weeks"] = entry = _summary(trained, backtest)
            if "decay" in entry and "skipped" not in entry["decay"]:
                lapse = _decay_after(args.checkout, project, end)
                shipped = trained_metrics(trained, "decay").get("winner")
                entry["decay"].update(shipped=shipped, after_auc={"shipped": lapse.get(shipped),
                                                                  "recency_frequency": lapse.get("recency_frequency")},
                                      after_every=lapse)
            print(f"{weeks} weeks before {as_of:%Y-%m-%d}:", json.dumps(entry, indent=1), flush=True)
    args.out.write_text(json.dumps(out, indent=2))
    return 0


def _run(checkout: Path, cli: list[str], may_fail: bool = False) -> str | None:
    done = subprocess.run([sys.executable, str(checkout / "main.py"), *cli], capture_output=True, text=True,
                          cwd=checkout)
    if done.returncode == 1 and may_fail:   # a known problem (too little history), said on one line
        return None
    if done.returncode != 0:
        raise SystemExit(f"main.py {' '.join(cli)}: exit {done.returncode}\n{done.stderr}")
    return done.stdout


#: Run in the checkout (its own engine): every lapse candidate's AUC at the rolling cuts before the data's end, the
#: latest of which is the as-of date: the H weeks after it (the decay backtest command scores the decay model only).
_DECAY_AFTER = """
import json, shutil, sys, tempfile
from datetime import datetime
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from engine.jobs import ensure
from engine.models.decay import lapse, service
from engine.models.decay.params import DecayParams
from engine.store import open_project
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "p.shiftwise"
    shutil.copy(sys.argv[2], path)
    project = open_project(path)
    progress, cancel = ensure(None, None)
    with project.interruptible(cancel) as cur:
        try:
            v = service._backtest(cur, datetime.fromisoformat(sys.argv[3]), DecayParams(), progress, cancel)[0]
        finally:
            lapse.drop(cur)
    project.close()
lv = v["lapse_verdict"]
i = lv["cuts"].index(max(lv["cuts"]))
print(json.dumps({name: round(values[i], 4) for name, values in lv["per_cut"].items()}))
"""


def _decay_after(checkout: Path, project: Path, end: datetime) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _DECAY_AFTER, str(checkout), str(project), end.isoformat()],
                          capture_output=True, text=True, cwd=checkout)
    if done.returncode != 0:
        raise SystemExit(f"decay after {project}: exit {done.returncode}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def trained_metrics(trained: dict, kind: str) -> dict:
    return next((r["metrics"] for r in trained["runs"] if r["kind"] == kind), {})


def _summary(trained: dict, backtest: dict) -> dict:
    """Per model: its trained run's message or skip reason; for customers and migration the shipped candidate and
    its AUC on the weeks after the as-of date beside the rule of thumb's."""
    out: dict = {s["model"]: {"skipped": s["reason"]} for s in trained.get("skipped", [])}
    runs = {r["kind"]: r for r in trained["runs"]}
    after = {r["kind"].removesuffix("_backtest"): r["metrics"] for r in backtest["runs"]}
    for kind, run in runs.items():
        out[kind] = {"message": run["message"]}
    rules = {"customers": "frequency", "migration": "popularity"}
    for kind, rule in rules.items():
        if kind not in runs or kind not in after:
            continue
        m, b = runs[kind]["metrics"], after[kind]
        shipped = m.get("shipped") or m.get("winner")
        verdict = m.get("verdict_auc") or m.get("verdict") or {}
        scores = _after(b)
        out[kind].update(shipped=shipped, verdict_cuts=verdict.get("cuts", []),
                         after_auc={"shipped": scores.get(shipped), rule: scores.get(rule)}, after_every=scores)
    return out


def _after(metrics: dict) -> dict[str, float | None]:
    """Each candidate's AUC on the H weeks after a backtest's as-of date: customers' ``future`` figures; migration's
    latest evaluation cut (the as-of date itself)."""
    if "future" in metrics:
        return {name: round(f["auc"], 4) for name, f in metrics["future"].items() if f.get("auc") is not None}
    v = metrics.get("verdict_auc") or {}
    cuts = v.get("cuts", [])
    if not cuts:
        return {}
    i = cuts.index(max(cuts))
    return {name: (None if values[i] is None else round(values[i], 4)) for name, values in v["per_cut"].items()}


if __name__ == "__main__":
    sys.exit(main())
