"""Benchmark of the decay model: fit + score throughput and peak memory on a generated shop.

Run on demand (not part of the test suite):

    nice python tests/bench/bench_decay.py --customers 200000
    python -m pytest tests/bench/bench_decay.py        # the small default size

The events CSV is loaded straight into a fresh project with DuckDB's reader (the
import's own speed is benchmarked elsewhere), then ``train`` and ``backtest`` run
as the CLI would. Figures go to tests/bench/results/decay.json, keyed by size.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).resolve().parent / "results" / "decay.json"


def _rss_mb() -> float:
    """Resident memory now (falls back to the peak so far where /proc is missing)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class _PeakSampler:
    """Samples this process's resident memory (DuckDB's included) every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_mb())
            self._stop.wait(0.05)

    def __enter__(self) -> "_PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run(n_customers: int, workdir: Path) -> dict:
    from engine.demo import generate_demo_shop
    from engine.models.decay.service import backtest_decay, train_decay
    from engine.store import create_project

    t0 = time.perf_counter()
    shop = generate_demo_shop(workdir / "shop", seed=11, n_customers=n_customers)
    gen_s = time.perf_counter() - t0
    project = create_project(workdir / "bench.shiftwise")
    try:
        t0 = time.perf_counter()
        project.cursor().execute(
            "INSERT INTO events SELECT customer_id, ts, event_type, order_id, item_id, item_name, category, "
            "category_path, coalesce(quantity, 1), amount, 1 FROM read_csv(?, header = true)", [str(shop.events_csv)])
        load_s = time.perf_counter() - t0
        n_events = project.scalar("SELECT count(*) FROM events")
        base_mb = _rss_mb()
        with _PeakSampler() as mem:
            t0 = time.perf_counter()
            trained = train_decay(project)
            train_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            backtest = backtest_decay(project)
            backtest_s = time.perf_counter() - t0
        truth = shop.truth.category_half_life_days
        est = dict(project.query("SELECT category, half_life_days FROM decay_categories WHERE run_id = ?",
                                 [trained.run_id]))
        rel = sorted(abs(est[c] / truth[c] - 1) for c in est)
        pairs = trained.metrics["n_pairs"]
        m = backtest.metrics
        return {
            "customers": n_customers, "events": int(n_events), "pairs_scored": int(pairs),
            "generate_s": round(gen_s, 2), "load_s": round(load_s, 2),
            "train_s": round(train_s, 2), "backtest_s": round(backtest_s, 2),
            "pairs_per_s_train": round(pairs / train_s, 1),
            "peak_rss_mb": round(mem.peak, 1), "rss_before_fit_mb": round(base_mb, 1),
            "median_rel_error_half_life": round(rel[len(rel) // 2], 4),
            "backtest_auc": round(m["auc"], 4), "backtest_recency_auc": round(m["recency_auc"], 4),
            "backtest_freq_recency_auc": round(m["freq_recency_auc"], 4),
            "backtest_brier": round(m["brier"], 4), "backtest_recency_brier": round(m["recency_brier"], 4),
            "backtest_pairs": m["n_pairs"], "machine_threads": project.scalar("SELECT current_setting('threads')"),
        }
    finally:
        project.close()


def save(result: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[str(result["customers"])] = {**result, "measured_at": time.strftime("%Y-%m-%d %H:%M")}
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True))


def test_bench_decay_small(tmp_path: Path) -> None:
    result = run(20_000, tmp_path)
    save(result)
    print(json.dumps(result, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_decay_") as tmp:
        result = run(args.customers, Path(tmp))
    save(result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
