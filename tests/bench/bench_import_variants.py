"""What-if variants of the import's SQL, alternated: each rep runs ``profile_import_stages.py`` once per variant
(each its own process, a new project), the order swapped every rep, so every variant sees the same load.

    python tests/bench/bench_import_variants.py FILE VARIANTS.json [--reps 4] [--out F.json]

``VARIANTS.json`` maps a variant's name to its list of ``OLD=>NEW`` rewrites (profile_import_stages's
``--rewrite``; ``[]`` is the import as it is). A rewrite that finds nothing leaves the SQL as it is: check a
variant's statement with ``--duckdb-profile`` first. Per run: the process's CPU and wall, the events pass's and
the attribute values' statements' CPU, the project's size; the medians of each variant printed. Upper bounds
come from rewrites that drop a piece of work (e.g. an expression made a constant): what lands must keep what
the piece does. The machine moves one run's pass by up to ~0.9 CPU s: compare medians of many reps.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROFILE = Path(__file__).resolve().parent / "profile_import_stages.py"
RESULTS = Path(__file__).resolve().parent / "results" / "import_variants.json"
_STATEMENT = r"cpu\s+([\d.]+)\s+wall\s+([\d.]+)\s+\[.*\]\s+{}"


def run(data: str, project: Path, rewrites: list[str]) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    args = [a for rewrite in rewrites for a in ("--rewrite", rewrite)]
    out = subprocess.run([sys.executable, str(PROFILE), str(project), data, *args], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    total = re.search(r"TOTAL\s+cpu\s+([\d.]+)\s+wall\s+([\d.]+)", out)
    found = {name: re.search(_STATEMENT.format(re.escape(start)), out)
             for name, start in (("pass_cpu", "INSERT INTO events"), ("attributes_cpu", "INSERT INTO customer_attributes"))}
    return {"cpu_s": float(total[1]), "wall_s": float(total[2]),
            **{name: float(m[1]) if m else None for name, m in found.items()},
            "project_mb": round(project.stat().st_size / 2**20, 1), "load": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("variants", type=Path, help="JSON: a variant's name -> its list of OLD=>NEW rewrites")
    ap.add_argument("--reps", type=int, default=4)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    variants: dict[str, list[str]] = json.loads(args.variants.read_text())
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-variants-") as tmp:
        for rep in range(args.reps):
            for name in (list(variants) if rep % 2 == 0 else list(variants)[::-1]):
                project = Path(tmp) / f"{name}_{rep}.shiftwise"
                runs[name].append(run(args.file, project, variants[name]))
                project.unlink()
                print(rep, name, runs[name][-1], flush=True)
    medians = {name: {k: round(statistics.median(r[k] for r in rs if r[k] is not None), 3)
                      for k in ("cpu_s", "wall_s", "pass_cpu", "attributes_cpu", "project_mb")}
               for name, rs in runs.items()}
    args.out.write_text(json.dumps({"file": args.file, "variants": variants, "medians": medians, "runs": runs},
                                   indent=2, ensure_ascii=False))
    for name, m in medians.items():
        print(name, m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
