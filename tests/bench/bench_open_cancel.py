"""How long a cancel takes to stop the opening of a file that is copied whole (a file not in UTF-8, a .csv.gz).

    python tests/bench/bench_open_cancel.py FILE [FILE ...] [--after 0.5] [--checkout DIR] [--out F.json]

Each file is opened once whole (timed), then opened again on a thread and cancelled ``--after`` seconds in: the
figure is the time from the cancel to the open's end (JobCancelled). ``--checkout DIR`` runs another checkout's
code (a ``git worktree`` of an earlier commit), for a before/after. Writes tests/bench/results/open_cancel.json
unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--after", type=float, default=0.5)
    ap.add_argument("--checkout", type=Path, default=None, help="another checkout's code to run")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "bench" / "results" / "open_cancel.json")
    args = ap.parse_args(argv)
    sys.path.insert(0, str((args.checkout or ROOT).resolve()))
    from engine.ingest.readers import open_source
    from engine.jobs import CancelToken, JobCancelled
    rows = []
    for path in args.files:
        start = time.perf_counter()
        open_source(path).close()
        whole = time.perf_counter() - start
        token, ended = CancelToken(), {}

        def run() -> None:
            try:
                open_source(path, cancel=token).close()
                ended["outcome"] = "finished"
            except JobCancelled:
                ended["outcome"] = "cancelled"
            ended["at"] = time.perf_counter()

        worker = threading.Thread(target=run)
        worker.start()
        time.sleep(args.after)
        cancelled_at = time.perf_counter()
        token.cancel()
        worker.join()
        rows.append({"file": str(path), "bytes": path.stat().st_size, "open_s": round(whole, 2),
                     "cancelled_after_s": args.after, "outcome": ended["outcome"],
                     "cancel_to_end_ms": round(1000 * (ended["at"] - cancelled_at)),
                     "load": round(os.getloadavg()[0], 1)})
        print(rows[-1], flush=True)
    args.out.write_text(json.dumps({"command": "python tests/bench/bench_open_cancel.py "
                                    + " ".join(argv if argv is not None else sys.argv[1:]),
                                    "code": str((args.checkout or ROOT).resolve()), "files": rows},
                                   indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
