"""How soon a cancel ends a training job while its boosting fits run, and what the checkpoints cost.

    OMP_NUM_THREADS=1 PYTHONPATH=CODE python tests/bench/bench_fit_cancel.py PROJECT --model customers \
        --label after [--cancel-after 1.0] [--out FILE.json]

PROJECT is trained (``train_all``, one model, the app's settings: every core) in this
process; run it on a copy, it is written to. Every scikit-learn histogram gradient boosting fit is timed
(wall, its thread's CPU, rows) by wrapping the class's ``fit``, so the same script measures main
(PYTHONPATH=/work/main: no checkpoint inside a fit) and a branch.

* ``--cancel-after S``: the job's token is cancelled S seconds after the first boosting fit starts;
  the figure is ``cancel_to_end_s``, from ``cancel()`` to ``train_all`` raising the cancel.
* ``--cancel-at S``: cancelled S seconds after the run starts (wherever it is then: the gaps below).
* ``--micro ROWS``: no project; a classifier and a Poisson booster on ROWS random rows of 20 columns,
  plain and cancellable fits alternated (``--repeat`` times), each fit's thread CPU.
* without it the run finishes: the fits' CPU (the checkpoints' cost, compared run against run) and
  the longest stretches between two checkpoints (``CancelToken.raise_if_cancelled``) on each thread,
  with the progress step they fell in: a stretch is how late a cancel can be seen there, unless the
  work is a DuckDB query (a cancel interrupts those at once).

Results go to ``tests/bench/results/fitcancel_s21.json`` (or ``--out``) under ``--label``/model/kind.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results" / "fitcancel_s21.json"


def run(project_path: str, model: str, cancel_after: float | None, cancel_at: float | None = None) -> dict:
    from sklearn.ensemble._hist_gradient_boosting import gradient_boosting as hgb

    from engine.jobs import CancelToken, JobCancelled
    from engine.models.train_all import train_all
    from engine.store import open_project

    t0 = time.perf_counter()
    lock = threading.Lock()
    fits: list[dict] = []
    checks: dict[str, list[float]] = {}
    steps: list[tuple[float, str]] = [(0.0, "start")]
    token = CancelToken()
    state: dict = {}

    def now() -> float:
        return time.perf_counter() - t0

    real_fit = hgb.BaseHistGradientBoosting.fit

    def timed_fit(self, X, y, *args, **kwargs):
        start, cpu = now(), time.thread_time()
        with lock:
            if cancel_after is not None and "timer" not in state:
                state["first_fit_at"] = start
                state["timer"] = threading.Timer(cancel_after, cancel)
                state["timer"].start()
        row = {"thread": threading.current_thread().name, "rows": int(len(y)), "start_s": round(start, 3)}
        try:
            return real_fit(self, X, y, *args, **kwargs)
        finally:
            row.update(end_s=round(now(), 3), wall_s=round(now() - start, 3), cpu_s=round(time.thread_time() - cpu, 3),
                       rounds=len(getattr(self, "_predictors", []) or []))
            with lock:
                fits.append(row)

    def cancel():
        state["cancel_at"] = now()
        token.cancel()

    real_check = CancelToken.raise_if_cancelled

    def logged_check(self):
        checks.setdefault(threading.current_thread().name, []).append(now())
        return real_check(self)

    def progress(done, total, message="", partial=None):
        text = str(message or "")
        if text and text != steps[-1][1]:
            steps.append((now(), text[:90]))

    hgb.BaseHistGradientBoosting.fit = timed_fit
    CancelToken.raise_if_cancelled = logged_check
    load = os.getloadavg()
    cpu0 = time.process_time()
    outcome = "finished"
    if cancel_at is not None:
        state["timer"] = threading.Timer(cancel_at, cancel)
        state["timer"].start()
    try:
        with open_project(project_path) as project:
            try:
                train_all(project, models=[model], progress=progress, cancel=token)
            except JobCancelled:
                outcome = "cancelled"
    finally:
        hgb.BaseHistGradientBoosting.fit = real_fit
        CancelToken.raise_if_cancelled = real_check
        if "timer" in state:
            state["timer"].cancel()
    end = now()
    out = {"project": project_path, "model": model, "outcome": outcome, "wall_s": round(end, 2),
           "cpu_s": round(time.process_time() - cpu0, 1),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
           "load_before": [round(x, 2) for x in load], "load_after": [round(x, 2) for x in os.getloadavg()],
           "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
           "fits": len(fits), "fits_wall_s": round(sum(f["wall_s"] for f in fits), 2),
           "fits_cpu_s": round(sum(f["cpu_s"] for f in fits), 2),
           "fit_rows": sorted({f["rows"] for f in fits}),
           "checkpoints_inside_fits": sum(1 for ts in checks.values() for t in ts
                                          if any(f["start_s"] <= t <= f["end_s"] for f in fits))}
    if cancel_after is not None or cancel_at is not None:
        out.update(cancel_after_s=cancel_after, first_fit_at_s=round(state.get("first_fit_at", float("nan")), 2),
                   cancel_at_s=round(state.get("cancel_at", float("nan")), 3),
                   step_at_cancel=[s for t, s in steps if t <= state.get("cancel_at", 0.0)][-1])
        if "cancel_at" in state:
            out["cancel_to_end_s"] = round(end - state["cancel_at"], 3)
            # the fits under way when the cancel came, and how long each still ran
            out["fits_at_cancel"] = [dict(f, after_cancel_s=round(f["end_s"] - state["cancel_at"], 3)) for f in fits
                                     if f["start_s"] <= state["cancel_at"] <= f["end_s"]]
    else:
        out["fit_list"] = fits
        out["longest_gaps"] = _gaps(checks, steps, end)
    return out


def _gaps(checks: dict[str, list[float]], steps: list[tuple[float, str]], end: float, top: int = 12) -> list[dict]:
    """The longest stretches between two checkpoints of a thread (the main thread's from the start to its
    first and from its last to the end), with the progress step under way at the stretch's start."""
    gaps = []
    for thread, ts in checks.items():
        ts = sorted(ts)
        if thread == "MainThread":
            ts = [0.0, *ts, end]
        for a, b in zip(ts, ts[1:]):
            step = [s for t, s in steps if t <= a][-1]
            gaps.append({"thread": thread, "from_s": round(a, 2), "gap_s": round(b - a, 3), "step": step})
    gaps.sort(key=lambda g: -g["gap_s"])
    return gaps[:top]


def micro(rows: int, repeat: int) -> dict:
    """The checkpoints' own cost: each booster fitted plain and cancellable, alternated, on one thread."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    from engine.jobs import CancelToken
    from engine.models import cancellable_fit

    rng = np.random.default_rng(0)
    X = rng.normal(size=(rows, 20))
    eta = X[:, :5].sum(axis=1) * 0.3
    targets = {"classifier": (rng.random(rows) < 1 / (1 + np.exp(-eta))).astype(np.int64),
               "poisson": rng.poisson(np.exp(0.3 * eta))}
    kw = dict(max_iter=150, learning_rate=0.05, min_samples_leaf=40, l2_regularization=1.0, early_stopping=False,
              random_state=0)
    out: dict = {"rows": rows, "repeat": repeat, "load_before": [round(x, 2) for x in os.getloadavg()]}
    for name, y in targets.items():
        cpu: dict[str, list[float]] = {"plain": [], "cancellable": []}
        for _ in range(repeat):
            for how in ("plain", "cancellable"):
                booster = (HistGradientBoostingClassifier(**kw) if name == "classifier"
                           else HistGradientBoostingRegressor(loss="poisson", **kw))
                c0 = time.thread_time()
                if how == "plain":
                    booster.fit(X, y)
                else:
                    cancellable_fit.fit(booster, X, y, CancelToken())
                cpu[how].append(round(time.thread_time() - c0, 3))
        out[name] = {**cpu, "median_plain_s": float(np.median(cpu["plain"])),
                     "median_cancellable_s": float(np.median(cpu["cancellable"]))}
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", nargs="?")
    ap.add_argument("--model", default="customers")
    ap.add_argument("--label", required=True)
    ap.add_argument("--cancel-after", type=float, default=None)
    ap.add_argument("--cancel-at", type=float, default=None)
    ap.add_argument("--micro", type=int, default=None, metavar="ROWS")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if args.micro:
        out, model, kind = micro(args.micro, args.repeat), "micro", "cpu"
    else:
        out, model = run(args.project, args.model, args.cancel_after, args.cancel_at), args.model
        kind = "cancel" if args.cancel_after is not None or args.cancel_at is not None else "full"
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    runs = results.setdefault(args.label, {}).setdefault(model, {}).setdefault(kind, [])
    runs.append(out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k not in ("fit_list",)}, indent=1), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
