"""Peak resident memory of one model's training, per progress step, on a copy of a project.

OMP_NUM_THREADS=1 python tests/bench/bench_memory_steps.py PROJECT --models migration \
    --label dev_after --out tests/bench/results/memory_steps.json

The training runs the CLI's path (``open_project`` + ``train_all``) in this process. Each time the
progress message changes, the kernel's high-water mark of resident memory (``VmHWM``) is read and
reset (``/proc/self/clear_refs``, Linux), so every step gets its own peak, DuckDB's buffers and
torch's arrays included; closing the project (DuckDB's last checkpoint) is the last step. CPU time
(user + system, every thread) and wall time per step go with it, and the load average before and
after (the machine is shared). The project is copied to a temporary directory first: the original
is never written. Results are merged into ``--out`` under ``--label``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _status(field: str) -> int:
    """A ``/proc/self/status`` figure in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return -1


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


class StepMeter:
    """A progress callback that closes a step whenever the message changes."""

    def __init__(self) -> None:
        self.steps: list[dict] = []
        self._name: str | None = None
        self._wall = time.perf_counter()
        self._cpu = sum(os.times()[:2])
        _reset_peak()

    def close_step(self) -> None:
        if self._name is not None:
            wall, cpu = time.perf_counter(), sum(os.times()[:2])
            self.steps.append({"step": self._name, "peak_rss_mb": _status("VmHWM"), "rss_after_mb": _status("VmRSS"),
                               "wall_s": round(wall - self._wall, 1), "cpu_s": round(cpu - self._cpu, 1)})
            # streamed as it closes: a run killed at a deadline still leaves its steps in the log
            s = self.steps[-1]
            print(f"step {s['peak_rss_mb']:6d} MB peak {s['wall_s']:7.1f} s wall {s['cpu_s']:7.1f} s cpu  "
                  f"load {os.getloadavg()[0]:.2f}  {s['step']}", file=sys.stderr, flush=True)
            self._wall, self._cpu = wall, cpu
        _reset_peak()

    def __call__(self, done: float, total: float, message: object = "", partial: object = None) -> None:
        name = str(message).split(" — ")[-1][:80] if message else self._name
        if name != self._name:
            self.close_step()
            self._name = name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", help="a .shiftwise project (copied first, never written)")
    ap.add_argument("--models", default="migration", help="comma-separated model names (default: migration)")
    ap.add_argument("--params", default=None, help="JSON, per model, as the CLI's --params")
    ap.add_argument("--label", required=True, help="key of this run in --out")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "memory_steps.json"))
    args = ap.parse_args(argv)

    from engine.models.train_all import train_all
    from engine.store import open_project

    # the code this run imports: read before training (a commit made while it runs is not its code)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    if subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                      text=True).stdout.strip():
        commit += " with uncommitted changes"
    baseline = _status("VmRSS")
    with tempfile.TemporaryDirectory(prefix="shiftwise_mem_") as tmp:
        copy = Path(tmp) / Path(args.project).name
        shutil.copyfile(args.project, copy)
        # its journal too: a project left open (or killed) holds committed work only there
        wal = Path(str(args.project) + ".wal")
        if wal.exists():
            shutil.copyfile(wal, Path(str(copy) + ".wal"))
        load_before = list(os.getloadavg())
        wall0, cpu0 = time.perf_counter(), sum(os.times()[:2])
        meter = StepMeter()
        project = open_project(copy)
        try:
            memory_limit = project.scalar("SELECT current_setting('memory_limit')")
            events = project.scalar("SELECT count(*) FROM events")
            models = [m.strip() for m in args.models.split(",")]
            params = json.loads(args.params) if args.params else None
            out = train_all(project, models=models, params=params, progress=meter)
            # closing writes DuckDB's last checkpoint: its own step (a command line's run ends with it,
            # and its peak counts in that process's maximum resident size)
            meter(1, 1, "closing the project")
        finally:
            project.close()
        meter.close_step()
        wall, cpu = time.perf_counter() - wall0, sum(os.times()[:2]) - cpu0
    runs = {name: {k: v for k, v in r.metrics.items() if k.endswith("_auc") or k in ("shipped", "winner")}
            for name, r in out.runs}
    record = {
        "command": "OMP_NUM_THREADS=%s python tests/bench/bench_memory_steps.py %s" % (
            os.environ.get("OMP_NUM_THREADS", ""), " ".join(sys.argv[1:] if argv is None else argv)),
        "commit": commit, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
        "events": int(events), "duckdb_memory_limit": memory_limit, "rss_before_import_mb": baseline,
        "peak_rss_mb": max(s["peak_rss_mb"] for s in meter.steps), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
        "steps": meter.steps, "metrics": runs,
    }
    path = Path(args.out)
    data = json.loads(path.read_text()) if path.exists() else {}
    data[args.label] = record
    tmp_out = path.with_suffix(".tmp")
    tmp_out.write_text(json.dumps(data, indent=1) + "\n")
    tmp_out.replace(path)
    print(json.dumps({k: record[k] for k in ("peak_rss_mb", "wall_s", "cpu_s", "load_before")}))
    for s in meter.steps:
        print(f"{s['peak_rss_mb']:6d} MB {s['wall_s']:7.1f} s  {s['step']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
