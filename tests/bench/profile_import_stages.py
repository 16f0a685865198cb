"""One import, the CPU time (process, all threads) and wall time of each of its stages and statements.

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python tests/bench/profile_import_stages.py NEW_PROJECT FILE
        [--threads N] [--duckdb-profile OUT.json]

Runs with the app's DuckDB threads (every core by default) unless
``--threads`` says otherwise. Stages: Python and imports, project creation, opening and recognising
the file, the events pass (which carries the attribute values since session 8), the attributes
aggregate over the import's rows in events, rejects, the commit, grouping and close. Then every SQL
statement the import's cursor ran, by its first words: CPU over wall near the thread count means it
ran in parallel, near 1 on one thread. ``--duckdb-profile`` writes DuckDB's own profile (operator
timings) of each statement over 0.2 s wall; ``--rewrite 'OLD=>NEW'`` (repeatable) edits every
statement, for what-if measurements; ``--bare`` times bench_scale's bare ``read_csv`` instead (NEW_PROJECT
is then its database). Issue #13's import ratio: results/import_ratio_s7.json,
results/import_side_by_side_s8.json, results/import_two_threads_s11.json.
A bench tool: it wraps the loader's functions, nothing in the app calls it.
"""

from __future__ import annotations

import time

START_CPU, START_WALL = time.process_time(), time.perf_counter()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import functools  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from engine.ingest import loader, service  # noqa: E402
from engine.store import project as project_module  # noqa: E402
from engine.store.connection import DuckDBLimits, current_limits, set_limits  # noqa: E402
from engine.store.project import create_project, open_project  # noqa: E402

workflow = importlib.import_module("engine.workflows.import_shop")
marks: list[tuple[str, float, float]] = []
statements: list[tuple[str, float, float, str]] = []
profiles: list[dict] = []


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


def thread_cpu() -> dict[str, float]:
    """CPU seconds of each of this process's threads (Linux): which threads a statement kept busy,
    whatever else the machine runs (wall time on a shared machine says little)."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            out[task.name] = (int(fields[11]) + int(fields[12])) / tick
    return out


def spread(before: dict[str, float], after: dict[str, float]) -> str:
    """The CPU seconds of the threads that worked, busiest first."""
    used = sorted((after[t] - before.get(t, 0.0) for t in after), reverse=True)
    return " + ".join(f"{u:.2f}" for u in used if u >= 0.01) or "0"


def statement_label(sql: str) -> str:
    words = re.sub(r"\s+", " ", sql).strip()
    return words[:70]


class TimedCursor:
    """The import's cursor, timing each ``execute`` (and profiling the long ones with DuckDB's own
    profiler when asked); everything else goes straight to the cursor."""

    def __init__(self, cur, profile: bool, rewrites: list[tuple[str, str]]) -> None:
        self._cur, self._profile, self._rewrites = cur, profile, rewrites
        if profile:
            cur.execute("PRAGMA enable_profiling = 'no_output'")
            cur.execute("SET profiling_mode = 'detailed'")

    def execute(self, sql, params=None):
        for old, new in self._rewrites:
            sql = sql.replace(old, new)
        cpu, wall, threads = time.process_time(), time.perf_counter(), thread_cpu()
        try:
            return self._cur.execute(sql, params) if params is not None else self._cur.execute(sql)
        finally:
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            statements.append((statement_label(sql), cpu, wall, spread(threads, thread_cpu())))
            if self._profile and wall > 0.2:
                with contextlib.suppress(Exception):
                    profiles.append({"statement": statement_label(sql), "cpu_s": round(cpu, 3),
                                     "wall_s": round(wall, 3),
                                     "profile": json.loads(self._cur.get_profiling_information(format="json"))})

    def __getattr__(self, name):
        return getattr(self._cur, name)


def bare(db: str, data: str, profile: Path | None) -> None:
    """bench_scale's BARE_READ, statement by statement (the reference of issue #13's ratio)."""
    import duckdb

    from engine.store.connection import max_threads
    from engine.store.project import default_memory_limit

    con = duckdb.connect(db)
    cur = TimedCursor(con, profile is not None, [])
    cur.execute(f"SET threads = {max_threads()}")
    cur.execute(f"SET memory_limit = '{default_memory_limit()}'")
    cur.execute("SET preserve_insertion_order = false")
    cur.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{data}')")
    cur.execute("CHECKPOINT")
    con.close()
    mark("TOTAL", time.process_time() - START_CPU, time.perf_counter() - START_WALL)
    report(profile)


def report(profile: Path | None) -> None:
    for label, cpu_s, wall_s in marks:
        print(f"{label:22s} cpu {cpu_s:6.2f}  wall {wall_s:6.2f}")
    print("statements over 0.05 s wall: CPU s, wall s, CPU s of each thread that worked, busiest first")
    for label, cpu_s, wall_s, threads in statements:
        if wall_s > 0.05:
            print(f"  cpu {cpu_s:6.2f}  wall {wall_s:6.2f}  [{threads}]  {label}")
    if profile is not None:
        profile.write_text(json.dumps(profiles, indent=1))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("data")
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: every core, as the CLI)")
    ap.add_argument("--duckdb-profile", type=Path, default=None)
    ap.add_argument("--rewrite", action="append", default=[], metavar="OLD=>NEW",
                    help="a what-if: replace OLD by NEW in every statement (what lands may differ)")
    ap.add_argument("--bare", action="store_true", help="time the bare read_csv of bench_scale instead")
    args = ap.parse_args(argv)
    if args.bare:
        return bare(args.project, args.data, args.duckdb_profile)
    if args.threads:
        set_limits(DuckDBLimits(threads=args.threads))
    for module, name, label in ((loader, "_read_events", "events pass"),
                                (loader.attributes, "store", "attributes pass"),
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

    def import_files(*a, **kwargs):
        def before_commit(cur, outcomes) -> None:
            mark("before_commit at", time.process_time() - START_CPU, time.perf_counter() - START_WALL)

        out = timed_files(*a, **kwargs, before_commit=before_commit)
        mark("import_files end at", time.process_time() - START_CPU, time.perf_counter() - START_WALL)
        return out

    workflow.import_files = import_files
    interruptible = project_module.Project.interruptible

    @contextlib.contextmanager
    def timed_interruptible(self, cancel):
        with interruptible(self, cancel) as cur:
            yield TimedCursor(cur, args.duckdb_profile is not None,
                              [tuple(r.split("=>", 1)) for r in args.rewrite])

    project_module.Project.interruptible = timed_interruptible
    limits = current_limits()
    print(f"DuckDB threads: {limits.config()['threads']}")
    cpu, wall = time.process_time(), time.perf_counter()
    project = (create_project(args.project) if not Path(args.project).exists()
               else open_project(args.project))
    mark("project create", time.process_time() - cpu, time.perf_counter() - wall)
    workflow.import_shop(project, [args.data])
    cpu, wall = time.process_time(), time.perf_counter()
    project.close()
    mark("close", time.process_time() - cpu, time.perf_counter() - wall)
    mark("TOTAL", time.process_time() - START_CPU, time.perf_counter() - START_WALL)
    report(args.duckdb_profile)


if __name__ == "__main__":
    main()
