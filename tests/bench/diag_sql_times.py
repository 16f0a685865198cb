"""A decay training run on a copy of a project, with each SQL statement's wall and CPU time (the
process's, DuckDB's threads included) summed by the line that ran it, and each progress stage's.

    OMP_NUM_THREADS=1 python tests/bench/diag_sql_times.py CODE_DIR PROJECT OUT.json

CODE_DIR is the source tree to import (a worktree, or ``git archive`` of another commit: its
``engine`` comes first on the path). Under ``py-spy record -r 20 -f speedscope -o F -- python ...``
the same run gives the Python side. The project is copied first, never written.
"""
import json, os, shutil, sys, tempfile, time
from contextlib import contextmanager
wt, project_path, out = sys.argv[1:4]
sys.path.insert(0, wt)
from engine.store.project import Project
from engine.store import open_project
from engine.models.train_all import train_all

log = []
def cpu(): return sum(os.times()[:2])

class Proxy:
    def __init__(self, cur): self._cur = cur
    def execute(self, sql, params=None):
        f = sys._getframe(1)
        w0, c0 = time.perf_counter(), cpu()
        r = self._cur.execute(sql, params) if params is not None else self._cur.execute(sql)
        log.append({"where": f"{os.path.basename(f.f_code.co_filename)}:{f.f_code.co_name}:{f.f_lineno}",
                    "sql": " ".join(sql.split())[:160], "wall": time.perf_counter() - w0, "cpu": cpu() - c0})
        return r
    def __getattr__(self, n): return getattr(self._cur, n)

orig = Project.interruptible
@contextmanager
def patched(self, cancel):
    with orig(self, cancel) as cur:
        yield Proxy(cur)
Project.interruptible = patched

stages = []
last = [None, time.perf_counter(), cpu()]
def progress(done, total, message="", partial=None):
    name = str(message).split(" — ")[-1].split(":")[-1][:60] if message else last[0]
    name = "fit" if "half-life" in name or "Fitting" in name else name
    if name != last[0]:
        w, c = time.perf_counter(), cpu()
        if last[0] is not None:
            stages.append({"stage": last[0], "wall": round(w - last[1], 2), "cpu": round(c - last[2], 2)})
        last[:] = [name, w, c]

with tempfile.TemporaryDirectory(prefix="sqltime_") as tmp:
    copy = os.path.join(tmp, "p.shiftwise")
    shutil.copyfile(project_path, copy)
    if os.path.exists(project_path + ".wal"):
        shutil.copyfile(project_path + ".wal", copy + ".wal")
    w0, c0 = time.perf_counter(), cpu()
    p = open_project(copy)
    try:
        res = train_all(p, models=["decay"], progress=progress)
        progress(0, 0, "end")
    finally:
        p.close()
    total = {"wall": time.perf_counter() - w0, "cpu": cpu() - c0, "load": os.getloadavg()}
by = {}
for r in log:
    k = r["where"]
    d = by.setdefault(k, {"where": k, "n": 0, "cpu": 0.0, "wall": 0.0, "sql": r["sql"]})
    d["n"] += 1; d["cpu"] += r["cpu"]; d["wall"] += r["wall"]
top = sorted(by.values(), key=lambda d: -d["cpu"])
json.dump({"total": total, "stages": stages, "sql_by_site": top, "sql_cpu_total": sum(r["cpu"] for r in log)},
          open(out, "w"), indent=1)
print(json.dumps(total))
for d in top[:25]:
    print(f"{d['cpu']:7.2f} cpu {d['wall']:7.2f} wall n={d['n']:3d} {d['where']}  {d['sql'][:90]}")
for s in stages: print(s)
