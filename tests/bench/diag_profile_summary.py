"""Where a model's training run spends its wall time, from py-spy's raw stacks: the main thread's samples summed by
the service's call site and the two engine frames under it, and the other threads' (boosting fits, lockstep
optimisers, neighbour searches) by their deepest engine frames.

    py-spy record --idle -r 20 -f raw -o MODEL.txt -- python main.py train PROJECT --models MODEL
    python tests/bench/diag_profile_summary.py MODEL.txt [MODEL.txt ...] --rate 20 --out F.json

``--idle`` keeps the samples of a thread that waits (on DuckDB's workers, on a future): the main thread's seconds
then add up to the run's wall time. A sample of a thread waiting on another is counted where it waits.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

MAIN = "<module> (main.py"


def _engine(frames: list[str]) -> list[str]:
    return [f.replace("engine/models/", "").replace("engine/", "") for f in frames if "engine/" in f]


def summarise(path: Path, rate: float, top: int = 15) -> dict:
    main: collections.Counter = collections.Counter()
    other: collections.Counter = collections.Counter()
    main_samples = other_samples = 0
    for line in path.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        frames = stack.split(";")
        engine = _engine(frames)
        if frames[0].startswith(MAIN):
            main_samples += int(n)
            at = next((i for i, f in enumerate(engine) if "service.py" in f), None)
            main[" > ".join(engine[at:at + 3]) if at is not None else " > ".join(engine[-2:])] += int(n)
        else:
            other_samples += int(n)
            other[" > ".join(engine[-3:])] += int(n)
    return {"main_thread_s": round(main_samples / rate, 1), "other_threads_s": round(other_samples / rate, 1),
            "main": [{"where": k, "s": round(v / rate, 1)} for k, v in main.most_common(top)],
            "other": [{"where": k, "s": round(v / rate, 1)} for k, v in other.most_common(top)]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("stacks", nargs="+", type=Path, help="py-spy raw files (-f raw), one per model")
    ap.add_argument("--rate", type=float, default=20.0, help="py-spy's sampling rate (-r)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    out = {p.stem: summarise(p, args.rate) for p in args.stacks}
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    for name, s in out.items():
        print(f"{name}: main thread {s['main_thread_s']} s; " + "; ".join(f"{m['where']} {m['s']}"
                                                                         for m in s["main"][:4]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
