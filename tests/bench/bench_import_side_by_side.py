"""Import against a bare DuckDB ``read_csv`` of the same file, alternated in one run (each its own
process, ``OMP_NUM_THREADS=1``), so both see the same load on a shared machine.

    python tests/bench/bench_import_side_by_side.py FILE [FILE ...] [--reps 2]

Writes tests/bench/results/import_side_by_side.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench.bench_scale import BARE_READ, run_step  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "import_side_by_side.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--reps", type=int, default=2)
    args = ap.parse_args(argv)
    out = []
    with tempfile.TemporaryDirectory(prefix="shiftwise-import-") as tmp:
        for data in args.files:
            for rep in range(args.reps):
                work = Path(tmp) / f"{Path(data).stem}_{rep}"
                work.mkdir()
                bare_db, project, log = work / "bare.duckdb", work / "p.shiftwise", work / "log"
                bare = run_step("bare read_csv", ["-c", BARE_READ, data, str(bare_db)], bare_db, log)
                imp = run_step("import", ["import", str(project), data], project, log)
                out.append({"file": data, "rep": rep, "bare": bare, "import": imp,
                            "ratio": round(imp["wall_s"] / bare["wall_s"], 2)})
    RESULTS.write_text(json.dumps(out, indent=2))
    for r in out:
        print(f"{r['file']} #{r['rep']}: bare {r['bare']['wall_s']} s, import {r['import']['wall_s']} s, {r['ratio']}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
