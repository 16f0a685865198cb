"""Every model trained in one process (``main.py train PROJECT``, as the window's "Train all" runs them) beside
one process per model (``--separate``, as bench_scale.py runs them), on a copy of an imported project: each
model's wall seconds (``model_runs.duration_s``), the process's resident memory sampled every 0.2 s and read
within each model's run (its peak, at its start and at its end), the whole command's wall, CPU and peak memory.

    OMP_NUM_THREADS=1 python tests/bench/bench_models_one_process.py PROJECT --label L \
        --out tests/bench/results/models_one_process_s54.json [--separate] [--code DIR]

``--code`` runs another checkout's command line (a worktree of the commit before) on the same project. The
original project is never written. Results are merged into ``--out`` under ``--label``.
"""

from __future__ import annotations

import argparse
import datetime
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
MODELS = ("customers", "segments", "decay", "migration", "transfer")
TIME = shutil.which("time") or "/usr/bin/time"


def _rss_mb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) // 1024 for line in fh if line.startswith("VmRSS"))
    except (FileNotFoundError, ProcessLookupError, StopIteration):
        return None


def _child(pid: int) -> int | None:
    """The python process /usr/bin/time started (its only child)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            kids = fh.read().split()
    except FileNotFoundError:
        return None
    return int(kids[0]) if kids else None


def sample_memory(proc: subprocess.Popen) -> list[tuple[float, int]]:
    """The resident memory of the python process /usr/bin/time started, every 0.2 s until it ends."""
    samples: list[tuple[float, int]] = []
    child = None
    while proc.poll() is None:
        child = child or _child(proc.pid)
        rss = _rss_mb(child) if child else None
        if rss is not None:
            samples.append((datetime.datetime.now(datetime.timezone.utc).timestamp(), rss))
        time.sleep(0.2)
    return samples


def run_sampled(args: list[str], code: Path) -> tuple[dict, list[tuple[float, int]]]:
    """One command line call under /usr/bin/time, its resident memory sampled every 0.2 s."""
    env = {**os.environ, "PYTHONPATH": str(code), "OMP_NUM_THREADS": "1"}
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        start = time.perf_counter()
        proc = subprocess.Popen([TIME, "-o", timing.name, "-f", "%M %U %S", sys.executable, str(code / "main.py"),
                                 *args], cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples = sample_memory(proc)
        wall = time.perf_counter() - start
        last = timing.read().strip().splitlines()[-1].split()
    return ({"exit_code": proc.returncode, "wall_s": round(wall, 2), "peak_rss_mb": round(int(last[0]) / 1024),
             "cpu_s": round(float(last[1]) + float(last[2]), 2)}, samples)


def model_windows(project: Path, samples: list[tuple[float, int]]) -> dict[str, dict]:
    """Each model run's duration and the memory samples taken within it (the runs' clocks are local times)."""
    con = duckdb.connect(str(project), read_only=True)
    try:
        runs = con.execute("SELECT kind, epoch(started_at), epoch(finished_at), duration_s FROM model_runs "
                           "WHERE status = 'done' ORDER BY run_id").fetchall()
    finally:
        con.close()
    offset = datetime.datetime.now().astimezone().utcoffset().total_seconds()
    out = {}
    for kind, began, ended, duration in runs:
        inside = [m for t, m in samples if began - offset <= t <= ended - offset]
        out[kind] = {"duration_s": round(duration, 2),
                     **({"peak_rss_mb": max(inside), "rss_at_start_mb": inside[0], "rss_at_end_mb": inside[-1]}
                        if inside else {})}
    return out


def measure(project: Path, code: Path, separate: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / project.name
        shutil.copy(project, copy)
        calls = [[str(copy), "--models", m] for m in MODELS] if separate else [[str(copy)]]
        steps, samples = [], []
        for args in calls:
            step, taken = run_sampled(["train", *args], code)
            steps.append(step)
            samples += taken
        models = model_windows(copy, samples)
    return {"code": str(code), "separate": separate, "load_after": round(os.getloadavg()[0], 2),
            "date": f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
            "wall_s": round(sum(s["wall_s"] for s in steps), 2), "cpu_s": round(sum(s["cpu_s"] for s in steps), 2),
            "peak_rss_mb": max(s["peak_rss_mb"] for s in steps), "exit_codes": [s["exit_code"] for s in steps],
            "models": models}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--label", required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "bench" / "results" / "models_one_process.json")
    ap.add_argument("--separate", action="store_true", help="one process per model")
    ap.add_argument("--code", type=Path, default=ROOT)
    args = ap.parse_args(argv)
    result = measure(args.project.resolve(), args.code.resolve(), args.separate)
    result["command"] = "OMP_NUM_THREADS=1 python tests/bench/bench_models_one_process.py " + " ".join(
        argv if argv is not None else sys.argv[1:])
    print(json.dumps(result, indent=1))
    merged = json.loads(args.out.read_text()) if args.out.exists() else {}
    merged[args.label] = result
    args.out.write_text(json.dumps(merged, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
