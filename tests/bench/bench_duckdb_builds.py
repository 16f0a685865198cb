"""The import against a bare DuckDB ``read_csv`` under two DuckDB builds, alternated in one run: the one installed
here and another installed apart, for a DuckDB upgrade's effect on issue #13's import ratio before it is pinned.

    pip install --target DIR --no-deps duckdb==X.Y.Z
    python tests/bench/bench_duckdb_builds.py FILE --other DIR [--reps 6] [--out F.json]

Each rep runs the bare read and the import with one build, then with the other (the order swapped every rep, so
both see the same load on a shared machine); each step is its own process (bench_scale.run_step), the other
build's directory put after the checkout on ``PYTHONPATH``, ahead of the installed one. Writes each rep's walls, CPU
seconds and ratios per build, and prints their medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench import bench_scale  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "duckdb_builds.json"


def _with_build(directory: str | None):
    """bench_scale's step environment, with ``directory``'s DuckDB ahead of the installed one."""
    plain = bench_scale.step_env

    def env(root: Path) -> dict[str, str]:
        out = plain(root)
        if directory:
            out["PYTHONPATH"] = f"{out['PYTHONPATH']}:{directory}"
        return out
    return env


def version(directory: str | None) -> str:
    """The DuckDB version a step sees with ``directory``'s build (None: the installed one)."""
    env = _with_build(directory)(ROOT)
    return subprocess.run([sys.executable, "-c", "import duckdb; print(duckdb.__version__)"], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--other", required=True, help="a folder DuckDB was installed into (pip install --target)")
    ap.add_argument("--reps", type=int, default=6)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    builds = {"installed": None, "other": str(Path(args.other).resolve())}
    plain, rows = bench_scale.step_env, []
    try:
        with tempfile.TemporaryDirectory(prefix="shiftwise-bench-builds-") as tmp:
            for rep in range(args.reps):
                row: dict = {"rep": rep}
                order = list(builds) if rep % 2 == 0 else list(builds)[::-1]
                for name in order:
                    bench_scale.step_env = _with_build(builds[name])
                    work = Path(tmp) / f"{name}_{rep}"
                    work.mkdir()
                    bare_db, project, log = work / "bare.duckdb", work / "p.shiftwise", work / "log"
                    bare = bench_scale.run_step("bare read_csv", ["-c", bench_scale.BARE_READ, args.file,
                                                                  str(bare_db)], bare_db, log)
                    bare_db.unlink(missing_ok=True)
                    imp = bench_scale.run_step("import", ["import", str(project), args.file], project, log)
                    project.unlink(missing_ok=True)
                    row[name] = {"bare": bare, "import": imp, "ratio": round(imp["wall_s"] / bare["wall_s"], 3),
                                 "cpu_ratio": round(imp["cpu_s"] / bare["cpu_s"], 3)
                                 if imp["cpu_s"] and bare["cpu_s"] else None}
                rows.append(row)
    finally:
        bench_scale.step_env = plain
    versions = {name: version(directory) for name, directory in builds.items()}
    args.out.write_text(json.dumps({"file": args.file, "other": builds["other"], "versions": versions, "reps": rows},
                                   indent=2))
    for name in builds:
        side = [r[name] for r in rows]
        print(f"{name} ({versions[name]}): wall ratio median {statistics.median(s['ratio'] for s in side):.3f}, CPU ratio median "
              f"{statistics.median(s['cpu_ratio'] for s in side if s['cpu_ratio']):.3f}, bare median "
              f"{statistics.median(s['bare']['wall_s'] for s in side):.2f} s, import median "
              f"{statistics.median(s['import']['wall_s'] for s in side):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
