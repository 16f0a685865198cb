"""Import against a bare DuckDB ``read_csv`` of the same file, alternated in one run (each its own
process, ``OMP_NUM_THREADS=1``), so both see the same load on a shared machine.

    python tests/bench/bench_import_side_by_side.py FILE [FILE ...] [--reps 2] [--baseline DIR] [--out F.json]

``--summarise F.json [F.json ...]`` prints the pairs' summary of results files written before (medians, spread,
how many over 1.2x, the paired CPU differences).

``--baseline DIR`` also imports with the checkout in DIR (e.g. ``git worktree add DIR <commit>``)
in the same alternation: a before/after under the same load. ``--without-attributes`` also imports
with the file's recognised mapping less its customer attributes (``--mapping``): what the attributes
cost, under the same load.

Both sides run DuckDB on every core: the bare read sets ``threads`` to the core count
(bench_scale's BARE_READ) and the import runs through ``main.py``, whose DuckDB threads are every core by
default. Writes tests/bench/results/import_side_by_side.json, or ``--out`` (wall and
CPU time of each, and their ratios).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.store.connection import max_threads  # noqa: E402
from tests.bench.bench_scale import BARE_READ, run_step  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "import_side_by_side.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", help="CSV files to import (with --summarise: results files)")
    ap.add_argument("--summarise", action="store_true",
                    help="print the summary of results files written before, their pairs taken together")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--baseline", type=Path, default=None, help="another checkout to import with too")
    ap.add_argument("--without-attributes", action="store_true",
                    help="also import without the customer attributes (the recognised mapping less them)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if args.summarise:
        pairs = [r for f in args.files for r in json.loads(Path(f).read_text())]
        for key, value in summary(pairs).items():
            print(f"{key}: {value}")
        return 0
    out = []
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-sbs-") as tmp:
        for data in args.files:
            for rep in range(args.reps):
                work = Path(tmp) / f"{Path(data).stem}_{rep}"
                work.mkdir()
                bare_db, project, log = work / "bare.duckdb", work / "p.shiftwise", work / "log"
                bare = run_step("bare read_csv", ["-c", BARE_READ, data, str(bare_db)], bare_db, log)
                imp = run_step("import", ["import", str(project), data], project, log)
                extra = {}
                if args.without_attributes:
                    plain = work / "plain.shiftwise"
                    bare_mapping = _without_attributes(data, work / "mapping.json")
                    alone = run_step("import (no attributes)", ["import", str(plain), data, "--mapping", str(bare_mapping)],
                                     plain, log)
                    extra["without_attributes"] = alone
                    extra["without_attributes_ratio"] = round(alone["wall_s"] / bare["wall_s"], 2)
                    extra["without_attributes_cpu_ratio"] = (round(alone["cpu_s"] / bare["cpu_s"], 2)
                                                             if alone["cpu_s"] and bare["cpu_s"] else None)
                if args.baseline is not None:
                    base_project = work / "base.shiftwise"
                    base = run_step("import (baseline)", ["import", str(base_project), data], base_project, log,
                                    root=args.baseline.resolve())
                    # beside the import without attributes when both are asked for
                    extra.update({"baseline": base, "baseline_cpu_ratio": round(base["cpu_s"] / bare["cpu_s"], 2)
                                  if base["cpu_s"] and bare["cpu_s"] else None})
                out.append({"file": data, "rep": rep, "bare": bare, "import": imp, **extra,
                            "ratio": round(imp["wall_s"] / bare["wall_s"], 2),
                            # CPU time is the fairer ratio on a shared machine: waiting for a core is not work
                            "cpu_ratio": round(imp["cpu_s"] / bare["cpu_s"], 2) if imp["cpu_s"] and bare["cpu_s"] else None,
                            "duckdb_threads": max_threads()})
    args.out.write_text(json.dumps(out, indent=2))
    for r in out:
        print(f"{r['file']} #{r['rep']}: wall bare {r['bare']['wall_s']} s, import {r['import']['wall_s']} s, "
              f"{r['ratio']}x; CPU bare {r['bare']['cpu_s']} s, import {r['import']['cpu_s']} s, {r['cpu_ratio']}x; "
              f"load {r['import']['load_after']}"
              + (f"; baseline import wall {r['baseline']['wall_s']} s, CPU {r['baseline']['cpu_s']} s, "
                 f"{r['baseline_cpu_ratio']}x" if "baseline" in r else "")
              + (f"; without attributes wall {r['without_attributes']['wall_s']} s, {r['without_attributes_ratio']}x, "
                 f"CPU {r['without_attributes']['cpu_s']} s, {r['without_attributes_cpu_ratio']}x"
                 if "without_attributes" in r else ""))
    for key, value in summary(out).items():
        print(f"{key}: {value}")
    return 0


def summary(pairs: list[dict]) -> dict:
    """Each file's pairs apart (a shape's figure is its own), or the pairs as one when all read one file."""
    files = list(dict.fromkeys(r["file"] for r in pairs))
    if len(files) == 1:
        return _summary(pairs)
    return {Path(f).name if sum(Path(g).name == Path(f).name for g in files) == 1 else f:
            _summary([r for r in pairs if r["file"] == f]) for f in files}


def _summary(pairs: list[dict]) -> dict:
    """Medians and spread of the pairs' ratios (the machine's noise moves one pair by +-0.1x: one pair is no
    verdict), how many are over the issue's 1.2x, the ratio of each side's least disturbed run, and the paired
    CPU differences of the other imports."""
    out: dict = {"pairs": len(pairs)}
    for key in ("ratio", "cpu_ratio"):
        values = [r[key] for r in pairs if r.get(key) is not None]
        if values:
            out[key] = {"median": round(statistics.median(values), 3), "min": min(values), "max": max(values),
                        "over_1.2": sum(v > 1.2 for v in values)}
    # timeit's reading of a noisy machine: each side's fastest run is the one least disturbed
    for side, key in (("wall_s", "ratio_of_fastest"), ("cpu_s", "cpu_ratio_of_least")):
        imports = [r["import"][side] for r in pairs if r["import"].get(side)]
        bares = [r["bare"][side] for r in pairs if r["bare"].get(side)]
        if imports and bares:
            out[key] = round(min(imports) / min(bares), 3)
    for other in ("baseline", "without_attributes"):
        diffs = [r[other]["cpu_s"] - r["import"]["cpu_s"] for r in pairs
                 if other in r and r[other]["cpu_s"] is not None and r["import"]["cpu_s"] is not None]
        if diffs:
            out[f"{other}_minus_import_cpu_s"] = {"median": round(statistics.median(diffs), 2),
                                                  "min": round(min(diffs), 2), "max": round(max(diffs), 2)}
    return out


def _without_attributes(data: str, out: Path) -> Path:
    """The mapping the import recognises for ``data``, less its attribute roles, written to ``out``."""
    from engine.ingest.mapping import ATTRIBUTE_ROLES
    from engine.ingest.service import inspect_file

    mapping = json.loads(inspect_file(None, data).guess.to_json())
    mapping["columns"] = {role: col for role, col in mapping["columns"].items() if role not in ATTRIBUTE_ROLES}
    out.write_text(json.dumps(mapping))
    return out


if __name__ == "__main__":
    sys.exit(main())
