"""One import, the CPU time (process, all threads) and wall time of each of its stages.

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python tests/bench/profile_import_stages.py NEW_PROJECT FILE

Stages: Python and imports, project creation, opening and recognising the file, the events pass
(which carries the attribute values since session 8), the attributes aggregate over the import's
rows in events, rejects, the commit (from "before_commit at" to "import_files end at", both
cumulative), grouping and close. Issue #13's import ratio: results/import_ratio_s7.json, results/import_side_by_side_s8.json.
A bench tool: it wraps the loader's functions, nothing in the app calls it.
"""

from __future__ import annotations

import time

START_CPU, START_WALL = time.process_time(), time.perf_counter()

import functools  # noqa: E402
import importlib  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from engine.ingest import loader, service  # noqa: E402
from engine.store.project import create_project, open_project  # noqa: E402

workflow = importlib.import_module("engine.workflows.import_shop")
marks: list[tuple[str, float, float]] = []


def mark(label: str, cpu: float, wall: float) -> None:
    marks.append((label, round(cpu, 2), round(wall, 2)))


def timed(module, name: str, label: str) -> None:
    inner = getattr(module, name)

    @functools.wraps(inner)
    def wrapper(*args, **kwargs):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            mark(label, time.process_time() - cpu, time.perf_counter() - wall)

    setattr(module, name, wrapper)


def main(project_path: str, data: str) -> None:
    for module, name, label in ((loader, "_read_events", "events pass"),
                                (loader, "store_attributes", "attributes pass"),
                                (loader, "store_row_rejects", "row rejects"),
                                (loader, "store_reader_rejects", "reader rejects"),
                                (loader.catalog, "apply_catalog", "apply catalog"),
                                (service, "load", "load total"),
                                (service, "_resolve", "open+recognise"),
                                (service, "_known_import", "known import"),
                                (service, "record_import", "record import"),
                                (workflow, "import_files", "import_files total"),
                                (workflow, "group_after_import", "group after import")):
        timed(module, name, label)
    mark("python+imports", time.process_time() - START_CPU, time.perf_counter() - START_WALL)
    timed_files = workflow.import_files

    def import_files(*args, **kwargs):
        def before_commit(cur, outcomes) -> None:
            mark("before_commit at", time.process_time() - START_CPU, time.perf_counter() - START_WALL)

        out = timed_files(*args, **kwargs, before_commit=before_commit)
        mark("import_files end at", time.process_time() - START_CPU, time.perf_counter() - START_WALL)
        return out

    workflow.import_files = import_files
    cpu, wall = time.process_time(), time.perf_counter()
    project = create_project(project_path) if not Path(project_path).exists() else open_project(project_path)
    mark("project create", time.process_time() - cpu, time.perf_counter() - wall)
    workflow.import_shop(project, [data])
    cpu, wall = time.process_time(), time.perf_counter()
    project.close()
    mark("close", time.process_time() - cpu, time.perf_counter() - wall)
    mark("TOTAL", time.process_time() - START_CPU, time.perf_counter() - START_WALL)
    for label, cpu_s, wall_s in marks:
        print(f"{label:22s} cpu {cpu_s:6.2f}  wall {wall_s:6.2f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
