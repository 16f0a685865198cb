"""Derived product groups on the dev file with its Category and Department columns dropped.

    python tests/bench/bench_groups.py [--data /work/shared/data/grocery_dev.csv.gz] [--no-names]

Makes a copy of the file without Category and Department (DuckDB), imports it into a new
project the way `python main.py import` does (the import ends by grouping the products),
then scores the derived groups against the real categories over items with scikit-learn's
V-measure, homogeneity and completeness. Items whose real category varies across rows
take their most common one.

``--no-names`` drops the Product Name column too: groups from baskets alone.

Writes tests/bench/results/groups.json (groups_no_names.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).parent / "results"
DATA = Path("/work/shared/data/grocery_dev.csv.gz")


def run(data: Path, workdir: Path, names: bool = True) -> dict:
    import duckdb
    from sklearn.metrics import homogeneity_completeness_v_measure

    from engine.catalog.derive import group_summary
    from engine.workflows import import_shop
    from engine.store import create_project

    src = f"read_csv('{data}')"
    nocat = workdir / "nocat.csv"
    con = duckdb.connect()
    dropped = "Category, Department" + ("" if names else ', "Product Name"')
    con.execute(f"COPY (SELECT * EXCLUDE ({dropped}) FROM {src}) TO '{nocat}' (HEADER)")
    truth = dict(con.execute(f"SELECT CAST(SKU AS VARCHAR), mode(Category) FROM {src} GROUP BY 1").fetchall())
    con.close()
    started = time.perf_counter()
    with create_project(workdir / "dev.shiftwise") as project:
        results = import_shop(project, [nocat])
        wall = time.perf_counter() - started
        rows = project.query("SELECT item_id, category FROM item_catalog WHERE source = 'derived'")
        summary = group_summary(project)
        saved = json.loads(project.get_meta("derived_groups") or "{}")
    pairs = [(truth[i], g) for i, g in rows if truth.get(i) is not None]
    h, c, v = homogeneity_completeness_v_measure([p[0] for p in pairs], [p[1] for p in pairs])
    return {
        "data": str(data), "rows_imported": results[0].rows_loaded,
        "items": summary.items, "groups": summary.groups, "true_categories": len(set(truth.values()) - {None}),
        "items_scored": len(pairs), "v_measure": round(v, 4), "homogeneity": round(h, 4),
        "completeness": round(c, 4), "used_names": summary.used_names, "used_baskets": summary.used_baskets,
        "baskets_sampled": saved.get("baskets_sampled"),
        "grouping_seconds": round(float(saved.get("seconds", 0.0)), 1),
        "import_and_grouping_wall_seconds": round(wall, 1),
        "message": str(summary.sentence()),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-names", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR", "/tmp")) as tmp:
        figures = run(args.data, Path(tmp), names=not args.no_names)
    figures = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, **figures}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / ("groups_no_names.json" if args.no_names else "groups.json")).write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
