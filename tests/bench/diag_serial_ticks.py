"""Where a command leaves a core idle: every half second its process's CPU (cores in use); in each tick under 1.5
cores, a py-spy dump of its active Python threads, kept as the innermost app frame of each. Then the idle core-seconds
per set of frames, largest first (a serial stretch of a step shows as one frame holding many ticks).

    OMP_NUM_THREADS=1 python tests/bench/diag_serial_ticks.py OUT.jsonl -- python main.py train COPY --models migration
    python tests/bench/diag_serial_ticks.py --summarise OUT.jsonl [...]

Needs py-spy (``pip install py-spy``; a bench tool, nothing in the app calls it). ``(none active)``: no Python thread
was running (DuckDB's own threads, or a wait). Session 25's use: results/backtest_taken_fits_s25.json.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import sys
import time

TICK_S, LOW_CORES = 0.5, 1.5
HZ = os.sysconf("SC_CLK_TCK")


def _cpu_s(pid: int) -> float | None:
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / HZ


def _frame(thread: dict) -> dict:
    frames = thread.get("frames", [])
    app = [f for f in frames if "/engine/" in f.get("filename", "")]
    inner = app[0] if app else (frames[0] if frames else {})
    return {"thread": thread.get("thread_name") or str(thread.get("thread_id")),
            "frame": f"{inner.get('name')}@{os.path.basename(inner.get('filename', ''))}:{inner.get('line')}"}


def record(out_path: str, command: list[str]) -> None:
    spy = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = last_t = time.perf_counter()
    last_c = 0.0
    with open(out_path, "w") as out:
        while proc.poll() is None:
            time.sleep(TICK_S)
            c, t = _cpu_s(proc.pid), time.perf_counter()
            if c is None:
                break
            tick = {"t": round(t - start, 2), "cores": round((c - last_c) / (t - last_t), 2)}
            if tick["cores"] < LOW_CORES:
                try:
                    dump = subprocess.run([spy, "dump", "--pid", str(proc.pid), "--json", "--nonblocking"],
                                          capture_output=True, text=True, timeout=5)
                    tick["threads"] = [_frame(th) for th in json.loads(dump.stdout) if th.get("active")]
                except (subprocess.SubprocessError, json.JSONDecodeError) as e:
                    tick["error"] = str(e)[:100]
                c, t = _cpu_s(proc.pid) or c, time.perf_counter()     # the dump's own time is not the step's
            last_c, last_t = c, t
            out.write(json.dumps(tick) + "\n")
            out.flush()
    print(f"exit {proc.wait()}, {time.perf_counter() - start:.1f} s")


def summarise(path: str, top: int = 15) -> None:
    ticks = [json.loads(line) for line in open(path)]
    if not ticks:
        return
    idle = collections.Counter()
    for tick in ticks:
        if tick["cores"] < LOW_CORES and "threads" in tick:
            key = " | ".join(sorted(th["frame"] for th in tick["threads"])) or "(none active)"
            idle[key] += (2 - min(tick["cores"], 2)) * TICK_S
    total = sum((2 - min(t["cores"], 2)) * TICK_S for t in ticks)
    print(f"== {path}: {ticks[-1]['t']} s, ~{total:.1f} idle core-s of 2 cores")
    for key, seconds in idle.most_common(top):
        print(f"  {seconds:6.1f}  {key[:200]}")


if __name__ == "__main__":
    if sys.argv[1] == "--summarise":
        for p in sys.argv[2:]:
            summarise(p)
    else:
        record(sys.argv[1], sys.argv[sys.argv.index("--") + 1:])
