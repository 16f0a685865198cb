"""Migration's stages through the command line (``main.py train --models migration``) on a copy of a project:
wall and CPU seconds per stage (the run's own ``stage_seconds`` / ``stage_cpu_seconds``), the process's
wall, CPU and peak memory (``/usr/bin/time``), the load around it, and the backtest's figures.

    OMP_NUM_THREADS=1 python tests/bench/bench_migration_stages.py PROJECT --label wide6_after \
        --out tests/bench/results/migration_stages_s12.json [--code DIR] [--keep COPY] [--params JSON]

``--code`` runs another checkout's code (a ``git archive`` of the commit before, say) on the same project;
``--keep`` keeps the trained copy (for diag_same_outputs.py / diag_close_steps.py). The original project is
never written. Results are merged into ``--out`` under ``--label``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]


def _metrics(project: Path) -> dict:
    con = duckdb.connect(str(project), read_only=True)
    try:
        row = con.execute("SELECT metrics_json FROM model_runs WHERE kind = 'migration' AND status = 'done' "
                          "ORDER BY run_id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return json.loads(row[0]) if row else {}


def run(project: Path, code: Path, copy: Path, params: str | None) -> dict:
    shutil.copyfile(project, copy)
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "main.py", "train", str(copy),
           "--models", "migration"] + (["--params", params] if params else [])
    env = {**os.environ, "PYTHONPATH": str(code), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    load_before = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    done = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True)
    wall, user, sys_s, kb = done.stderr.strip().splitlines()[-1].split()
    m = _metrics(copy)
    return {
        "project": str(project), "code": str(code), "date": started, "exit_code": done.returncode,
        "wall_s": float(wall), "cpu_s": round(float(user) + float(sys_s), 1), "peak_rss_mb": int(kb) // 1024,
        "load_before": [round(v, 2) for v in load_before], "load_after": [round(v, 2) for v in os.getloadavg()],
        "stage_seconds": m.get("stage_seconds"), "stage_cpu_seconds": m.get("stage_cpu_seconds"),
        "candidate_pairs": m.get("candidate_pairs"), "pairs_written": m.get("pairs_written"),
        "pairs_judged": m.get("pairs_judged"), "shipped": m.get("shipped"), "cuts": m.get("cuts"),
        "auc": {n: c["auc"]["per_cut"] for n, c in m.get("candidates", {}).items()},
        "ndcg@10": {n: c["ndcg@10"]["per_cut"] for n, c in m.get("candidates", {}).items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--label", required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--code", type=Path, default=ROOT)
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument("--params", default=None, help="migration params as JSON (the CLI's --params)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="migstages-") as tmp:
        copy = args.keep or Path(tmp) / args.project.name
        result = run(args.project, args.code.resolve(), copy, args.params)
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    results[args.label] = result
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print(json.dumps({k: result[k] for k in ("wall_s", "cpu_s", "peak_rss_mb", "stage_seconds",
                                               "stage_cpu_seconds", "exit_code")}))
    return result["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
