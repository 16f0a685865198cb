"""The mapping dialog's preview of a file whose lines name their currency: its first preview (the whole file's
currencies counted since session 52) and the next ones (counted once per open file), beside a preview that counts
nothing (another checkout's, ``--code``).

    python tests/bench/bench_preview_currencies.py --lines 1000000 --reps 3 --out tests/bench/results/F.json \
        [--code DIR] [--label L]

The file is written once to a temporary folder: ``--lines`` lines in USD then a third in EUR (an export sorted by
store), a currency column beside the amount.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _write(path: Path, lines: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("customer_id,ts,category,amount,currency\n")
        for i in range(lines):
            f.write(f"c{i % 50_000},2024-{1 + i * 12 // lines:02d}-{1 + i % 28:02d} 10:00:00,Tea,10.50,"
                    f"{'USD' if i < lines * 2 // 3 else 'EUR'}\n")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--code", type=Path, default=ROOT)
    ap.add_argument("--label", default="this")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    sys.path.insert(0, str(a.code.resolve()))
    from engine.ingest.open_files import OpenFiles
    from engine.ingest.preview import preview_mapping

    mapping = {"columns": {"customer_id": "customer_id", "ts": "ts", "category": "category", "amount": "amount",
                           "currency": "currency"}}
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.csv"
        _write(path, a.lines)
        for _ in range(a.reps):
            files = OpenFiles()
            times = []
            try:
                for m in (mapping, {"columns": {**mapping["columns"], "category": "customer_id"}}):
                    t0, c0 = time.perf_counter(), time.process_time()
                    preview = preview_mapping(None, path, m, files=files)
                    times.append({"wall_s": round(time.perf_counter() - t0, 3),
                                  "cpu_s": round(time.process_time() - c0, 3)})
            finally:
                files.close()
            runs.append({"first": times[0], "next": times[1], "currencies": list(preview.currencies)})
    results = json.loads(a.out.read_text()) if a.out.exists() else {}
    results[a.label] = {"code": str(a.code), "lines": a.lines, "runs": runs, "load": os.getloadavg()[0],
                        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    a.out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results[a.label], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
