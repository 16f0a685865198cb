"""File to campaign list at 10^5, 10^6 (and 10^7) events, in both shapes, through the CLI.

python tests/bench/bench_scale.py                 # 10^5 and 10^6 events
python tests/bench/bench_scale.py --sizes 100000  # one size
python tests/bench/bench_scale.py --with-1e7      # add 10^7 events
python tests/bench/bench_scale.py --summarise tests/bench/results/scale.json   # the README table
python tests/bench/bench_scale.py --shapes wide --sizes 10000000 --models customers,segments,transfer \
    --out tests/bench/results/scale_wide_1e7.json   # 1M customers x 10 events, chosen models
python tests/bench/bench_scale.py --shapes dev   # writes tests/bench/results/scale_dev_file.json
    # the dev file itself (.csv.gz, as shipped), import included: issue #11's "within a few minutes"
python tests/bench/bench_scale.py --shapes wide --sizes 10000000 --data EVENTS.csv --repeats 3 \
    --out tests/bench/results/scale_wide_repeats.json   # three whole paths on one file, one after another
python tests/bench/bench_scale.py --shapes wide --sizes 10000000 --data EVENTS.csv --one-train \
    --out tests/bench/results/scale_wide_one_train.json   # every model in one train call, as a merchandiser runs it

Shapes (issue #13):

* ``long``: few customers with long histories: the dev grocery file
  (``/work/shared/data/grocery_dev.csv.gz``), whole customers taken in a fixed
  order until the size is reached, copied with new customer ids when it is
  bigger than the file;
* ``wide``: many customers with short histories (issue #13's 1M customers x 10
  events at 10^7): the demo generator with ``size / 10`` customers and
  ``every_customer_buys`` (at so low an activity a fifth of them would draw no
  purchase in the year and have no event at all), its ``activity`` set from two
  small probes so each has about 10 events. ``customers`` in the results counts
  those with an event, ``buying_customers`` those with a purchase. Results
  files before ``scale_s7_wide.json`` had no ``every_customer_buys``: 10^7 gave
  ~0.81M customers x ~12 events;
* ``demo``: the demo shop as the app makes it (about 43 events per customer),
  its customer count scaled to the size (what ``wide`` was before: 233k
  customers at 10^7; results files before this change call it ``wide``);
* ``dev``: the dev file as it is (compressed, every line; ``--sizes`` is ignored).

Each step (a bare DuckDB ``read_csv`` of the same file for comparison, import,
``train --models <m>`` for every model of the registry (the CLI's ``train`` runs
through ``train_all``), a campaign export: the top category's shift list, or
every customer by expected value when ``--models`` leaves migration out) runs as its own subprocess, with
``OMP_NUM_THREADS=1``; its wall time, CPU time (user + system) and peak memory (``/usr/bin/time``) and the project file's size after it go to
``tests/bench/results/scale.json``, with the load average around each step (the
machine is shared). A step that fails is recorded with its exit code and last
line of output, and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench.bench_models_one_process import model_windows, sample_memory  # noqa: E402
RESULTS = Path(__file__).parent / "results" / "scale.json"
DEV_FILE = Path("/work/shared/data/grocery_dev.csv.gz")
MODELS = ("customers", "segments", "decay", "migration", "transfer")
#: Demo customers per event, measured once on a small shop and reused to size the big one.
CALIBRATION_CUSTOMERS = 2000
#: The wide shape's history length (issue #13: 1M customers x 10 events at 10^7).
WIDE_EVENTS_PER_CUSTOMER = 10
CALIBRATION_ACTIVITY = (0.1, 0.3)  # the two probes of the demo activity for the wide shape
TIME = "/usr/bin/time"  # GNU time: the step's own peak resident memory (%M, KB)


def long_shape(target: int, out: Path) -> int:
    """Whole dev-file customers (copies get ids ``<id>-<copy>``) until ``target`` lines."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE dev AS SELECT * FROM read_csv('{DEV_FILE}', all_varchar = true, header = true)")
    total = con.execute("SELECT count(*) FROM dev").fetchall()[0][0]
    copies = max(1, math.ceil(target / total))
    con.execute(f"""
        CREATE TABLE picked AS
        SELECT copy, cid FROM (
            SELECT copy, cid, sum(n) OVER (ORDER BY copy, hash(cid), cid) - n AS before
            FROM (SELECT "Customer ID" AS cid, count(*) AS n FROM dev GROUP BY 1), range({copies}) r(copy)
        ) WHERE before < {int(target)}""")
    con.execute(f"""
        COPY (
            SELECT d.* REPLACE (CASE WHEN p.copy = 0 THEN d."Customer ID"
                                     ELSE d."Customer ID" || '-' || p.copy END AS "Customer ID",
                                CASE WHEN p.copy = 0 THEN d."Order ID"
                                     ELSE d."Order ID" || '-' || p.copy END AS "Order ID")
            FROM dev d JOIN picked p ON d."Customer ID" = p.cid
        ) TO '{out}' (HEADER, DELIMITER ',')""")
    n = con.execute(f"SELECT count(*) FROM read_csv('{out}', all_varchar = true)").fetchall()[0][0]
    con.close()
    return int(n)


def wide_shape(target: int, out_dir: Path) -> tuple[Path, int]:
    """Issue #13's many customers with short histories: ``target / WIDE_EVENTS_PER_CUSTOMER``
    demo customers, each buying at least once, their activity set so that each has about that
    many events."""
    sys.path.insert(0, str(ROOT))
    from engine.demo import generate_demo_shop

    shop = generate_demo_shop(out_dir / "wide", seed=7, n_customers=wide_customers(target),
                              activity=wide_activity(out_dir), every_customer_buys=True)
    return Path(shop.events_csv), _lines(shop.events_csv)


def wide_customers(target: int) -> int:
    return max(1, round(target / WIDE_EVENTS_PER_CUSTOMER))


def wide_activity(out_dir: Path, per_customer: float = WIDE_EVENTS_PER_CUSTOMER) -> float:
    """The demo activity giving ``per_customer`` events when every customer buys: events per
    customer are near-linear in it (a fixed part from the planted events and the one purchase
    of those who drew none), so two probes fix it."""
    from engine.demo import generate_demo_shop

    made = [generate_demo_shop(out_dir / f"probe_{a}", seed=7, n_customers=CALIBRATION_CUSTOMERS, activity=a,
                               every_customer_buys=True).n_rows / CALIBRATION_CUSTOMERS
            for a in CALIBRATION_ACTIVITY]
    (a0, a1), (e0, e1) = CALIBRATION_ACTIVITY, made
    return round(min(max(a0 + (per_customer - e0) * (a1 - a0) / (e1 - e0), 0.01), 10.0), 4)


def demo_shape(target: int, out_dir: Path) -> tuple[Path, int]:
    """The demo shop as the app makes it (about 43 events per customer), customers scaled."""
    sys.path.insert(0, str(ROOT))
    from engine.demo import generate_demo_shop

    probe = generate_demo_shop(out_dir / "probe", seed=7, n_customers=CALIBRATION_CUSTOMERS)
    per_customer = _lines(probe.events_csv) / CALIBRATION_CUSTOMERS
    shop = generate_demo_shop(out_dir / "demo", seed=7, n_customers=max(1, round(target / per_customer)))
    return Path(shop.events_csv), _lines(shop.events_csv)


def _lines(path: Path | str) -> int:
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_csv('{path}', all_varchar = true)").fetchall()[0][0]
    con.close()
    return int(n)


def _buyers(path: Path | str) -> int:
    """Customers with a purchase in a demo file."""
    con = duckdb.connect()
    sql = f"""SELECT count(DISTINCT customer_id) FROM read_csv('{path}', all_varchar = true)
              WHERE event_type = 'purchase'"""
    n = con.execute(sql).fetchall()[0][0]
    con.close()
    return int(n)


def _customers(path: Path | str) -> int:
    con = duckdb.connect()
    column = "customer_id" if "demo_shop" in str(path) else "Customer ID"
    sql = f"""SELECT count(DISTINCT "{column}") FROM read_csv('{path}', all_varchar = true)"""
    n = con.execute(sql).fetchall()[0][0]
    con.close()
    return int(n)


def _size(project: Path) -> int:
    return sum(p.stat().st_size for p in (project, Path(str(project) + ".wal")) if p.exists())


_compiled: set[Path] = set()


def step_env(root: Path) -> dict[str, str]:
    """A step's environment, ``root``'s modules compiled once per run here (into its ``__pycache__``).

    An installed app compiles its modules once (pip does it as it installs); a machine that sets
    ``PYTHONDONTWRITEBYTECODE`` (this sandbox does) otherwise compiles the app's ~80 modules in every step,
    0.06-0.08 s of each command line call (session 41). Both sides of a comparison read theirs the same way."""
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1"}
    if root not in _compiled:
        # compileall writes whatever PYTHONDONTWRITEBYTECODE says, and rewrites only what changed
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "engine"), str(root / "cli"),
                        str(root / "main.py")], env=env, check=True, stdout=subprocess.DEVNULL)
        _compiled.add(root)
    return env


def run_step(name: str, args: list[str], project: Path, log: Path, root: Path = ROOT, sampled: bool = False) -> dict:
    """One CLI call in its own process: wall time, its own peak memory, the project's size after.

    ``root`` is the checkout whose CLI runs (another one gives a before/after in one run). ``sampled``: the
    process's memory read every 0.2 s and each model run's duration and memory within it given as ``models``
    (``train`` of every model in one process)."""
    load = os.getloadavg()[0]
    peak_file = log.with_suffix(".peak")
    peak_file.unlink(missing_ok=True)
    start = time.perf_counter()
    with open(log, "ab") as out:
        out.write(f"\n== {name}: {' '.join(args)}\n".encode())
        out.flush()
        # /usr/bin/time starts the step from a small process: a child forked from this one
        # would report this process's memory as its own peak (Linux keeps ru_maxrss over exec)
        command = args if args[0] == "-c" else [str(root / "main.py"), *args]
        proc = subprocess.Popen([TIME, "-o", str(peak_file), "-f", "%M %U %S", sys.executable, *command],
                                cwd=root, stdout=out, stderr=subprocess.STDOUT, env=step_env(root))
        samples = sample_memory(proc) if sampled else []
        proc.wait()
    wall = time.perf_counter() - start
    code = proc.returncode
    # the last line is "<peak KB> <user s> <system s>" (earlier ones: a signal's note)
    last = peak_file.read_text().strip().splitlines()[-1].split() if peak_file.exists() else []
    peak_kb = last[0] if last else ""
    cpu = round(float(last[1]) + float(last[2]), 2) if len(last) == 3 else None
    step = {"step": name, "exit_code": code, "wall_s": round(wall, 2), "cpu_s": cpu,
            "peak_rss_mb": round(int(peak_kb) / 1024) if peak_kb.isdigit() else None,
            "project_mb": round(_size(project) / 2**20, 1),
            "load_before": round(load, 1), "load_after": round(os.getloadavg()[0], 1), "uptime_after": uptime()}
    if sampled:
        step["models"] = model_windows(project, samples)
    if code != 0:
        lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
        step["last_output"] = lines[-1][:300] if lines else ""
    print(json.dumps(step), flush=True)
    return step


BARE_READ = """
import sys, duckdb
from engine.store.connection import max_threads
from engine.store.project import default_memory_limit
con = duckdb.connect(sys.argv[2])
con.execute(f"SET threads = {max_threads()}")  # as the command line import: every core
con.execute(f"SET memory_limit = '{default_memory_limit()}'")
con.execute("SET preserve_insertion_order = false")
con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{sys.argv[1]}')")
con.execute("CHECKPOINT")
"""


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def top_category(project: Path) -> str | None:
    con = duckdb.connect(str(project), read_only=True)
    try:
        row = con.execute("SELECT category FROM events WHERE category IS NOT NULL GROUP BY 1 "
                          "ORDER BY count(DISTINCT customer_id) DESC, 1 LIMIT 1").fetchone()
    finally:
        con.close()
    return row[0] if row else None


def campaign_target(project: Path, models: tuple[str, ...]) -> list[str]:
    """The top category's shift list when migration trained; else every customer by expected
    value (from the customers model alone: the largest list a shop can export)."""
    if "migration" in models:
        return ["--category", str(top_category(project))]
    return ["--target", "high-value"]


def run_shape(shape: str, size: int, work: Path, models: tuple[str, ...], make_only: bool = False,
              data: Path | None = None, repeat: int = 0, one_train: bool = False) -> dict:
    """One whole path (``data``: that file instead of making one; ``repeat``: the path's number
    among runs on one file, each in its own project, deleted after it to keep the disk bounded; ``one_train``:
    every model in one ``train`` call, as a merchandiser trains them, not one process per model)."""
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if data is not None:
        lines = _lines(data)
    elif shape == "long":
        data = work / "long.csv"
        lines = long_shape(size, data)
    elif shape == "dev":
        data, lines = DEV_FILE, _lines(DEV_FILE)
    elif shape == "demo":
        data, lines = demo_shape(size, work)
    else:
        data, lines = wide_shape(size, work)
    made_s = round(time.perf_counter() - start, 1)
    if make_only:
        return {"shape": shape, "target_events": size, "events": lines, "customers": _customers(data),
                **({"buying_customers": _buyers(data)} if shape in ("wide", "demo") else {}),
                "data_file_mb": round(data.stat().st_size / 2**20, 1), "make_data_s": made_s,
                "load_after": round(os.getloadavg()[0], 1), "steps": []}
    project, log = work / ("shop.shiftwise" if not repeat else f"shop_{repeat}.shiftwise"), work / "cli.log"
    bare_db = work / "bare.duckdb"
    bare = run_step("bare read_csv", ["-c", BARE_READ, str(data), str(bare_db)], bare_db, log)
    bare_db.unlink(missing_ok=True)
    steps = [run_step("import", ["import", str(project), str(data)], project, log)]
    ratio = round(steps[0]["wall_s"] / bare["wall_s"], 2) if bare["wall_s"] else None
    print(f"import {steps[0]['wall_s']} s vs bare read_csv {bare['wall_s']} s: {ratio}x", flush=True)
    if steps[0]["exit_code"] == 0:
        if one_train:
            steps.append(run_step("train", ["train", str(project), "--models", ",".join(models)], project, log,
                                  sampled=True))
        for model in () if one_train else models:
            steps.append(run_step(f"train {model}", ["train", str(project), "--models", model], project, log))
        steps.append(run_step("campaign export", ["campaign", str(project), *campaign_target(project, models),
                                                  "--out", str(work / "campaign.csv")], project, log))
    ok = [s for s in steps if s["exit_code"] == 0]
    if repeat:
        for leftover in (project, Path(str(project) + ".wal")):
            leftover.unlink(missing_ok=True)
    total_cpu = round(sum(s.get("cpu_s") or 0.0 for s in ok), 1)
    # the whole path's peak: every step is its own process, so the largest one
    return {"shape": shape, "target_events": lines if shape == "dev" else size, "events": lines,
            "repeat": repeat,
            "customers": _customers(data),
            **({"buying_customers": _buyers(data)} if shape in ("wide", "demo") else {}),
            "data_file_mb": round(data.stat().st_size / 2**20, 1),
            "make_data_s": made_s, "bare_read_csv": bare, "import_over_bare": ratio, "one_train": one_train,
            "steps": steps,
            "total_wall_s_ok_steps": round(sum(s["wall_s"] for s in ok), 1),
            "total_cpu_s_ok_steps": total_cpu,
            # the machine's speed moves between runs (the same code's whole path took 324 and 406 s at
            # wide 10^7, the bare read's CPU 12.3 and 15.7 s): the path's CPU over the bare read's, next
            # to it in time, is a figure that moves with the code rather than the machine
            "cpu_over_bare_read": round(total_cpu / bare["cpu_s"], 1) if bare.get("cpu_s") else None,
            "max_peak_rss_mb": max((s["peak_rss_mb"] or 0 for s in steps), default=0),
            "all_steps_ok": len(ok) == len(steps)}


def summarise(path: Path) -> str:
    """A markdown table of a results file: per run and step, wall time, peak memory, project size."""
    data = json.loads(path.read_text())
    lines = ["| shape | events | step | wall s | CPU s | peak MB | project MB | load |",
             "|---|---|---|---|---|---|---|---|"]
    for run in data["runs"]:
        if not run["steps"]:  # --make-only
            continue
        for s in [run.get("bare_read_csv") or {}, *run["steps"]]:
            if not s:
                continue
            if s.get("unfinished"):  # a step still running when a session ended (peak sampled by ps)
                wall, peak = f"unfinished after {s['running_s_at_session_end']}", f"≥ {s['peak_rss_mb']}"
            else:
                wall = s["wall_s"] if s["exit_code"] == 0 else f"failed ({s['exit_code']})"
                peak = s["peak_rss_mb"]
            load = f"{s['load_before']}–{s['load_after']}" if s.get("load_before") is not None else ""
            cpu = s.get("cpu_s")
            lines.append(f"| {run['shape']} | {run['events']:,} | {s['step']} | {wall} | "
                         f"{'' if cpu is None else cpu} | {peak} | {s['project_mb'] or ''} | {load} |")
            for model, m in (s.get("models") or {}).items():   # --one-train: each model within the one call
                lines.append(f"| {run['shape']} | {run['events']:,} | · {model} | {m['duration_s']} | | "
                             f"{m.get('peak_rss_mb', '')} | | |")
        over = f" ({run['cpu_over_bare_read']}× the bare read's CPU)" if run.get("cpu_over_bare_read") else ""
        lines.append(f"| {run['shape']} | {run['events']:,} | **total (ok steps)**{over} | "
                     f"**{run['total_wall_s_ok_steps']}** | **{run.get('total_cpu_s_ok_steps', '')}** | "
                     f"**{run['max_peak_rss_mb']}** | | |")
    growth = growth_table(data["runs"])
    return "\n".join(lines + (["", growth] if growth else []))


def growth_table(runs: list[dict]) -> str:
    """Per shape and step, CPU and wall seconds and peak memory from the smallest size to the largest, and the
    factor per decade of events (under 10: better than linear). Only runs of one file per shape and size
    (no ``--repeats``), every step finished; empty when a shape has a single size."""
    by_shape: dict[str, list[dict]] = {}
    for run in runs:
        if run["steps"] and not run.get("repeat"):
            by_shape.setdefault(run["shape"], []).append(run)
    lines = ["| shape | step | CPU s | × CPU per 10× events | wall s | × wall per 10× events | peak MB |",
             "|---|---|---|---|---|---|---|"]
    for shape, shape_runs in by_shape.items():
        shape_runs.sort(key=lambda r: r["events"])
        if len(shape_runs) < 2:
            continue
        names = [s["step"] for s in [shape_runs[-1].get("bare_read_csv") or {}, *shape_runs[-1]["steps"]] if s]
        for name in names + ["total"]:
            cells = []
            for run in shape_runs:
                if name == "total":
                    ok = run.get("all_steps_ok", True)
                    cells.append((run["events"], run.get("total_cpu_s_ok_steps"), run["total_wall_s_ok_steps"],
                                  run["max_peak_rss_mb"]) if ok else None)
                    continue
                found = [s for s in [run.get("bare_read_csv") or {}, *run["steps"]] if s.get("step") == name]
                step = found[0] if found else None
                cells.append(None if step is None or step.get("exit_code") != 0 else
                             (run["events"], step.get("cpu_s"), step["wall_s"], step["peak_rss_mb"]))
            if any(c is None for c in cells):
                continue

            def per_decade(k: int) -> str:
                return " · ".join(f"{(b[k] / a[k]) ** (1 / math.log10(b[0] / a[0])):.1f}" if a[k] and b[k] else "–"
                                  for a, b in zip(cells, cells[1:]))

            label = "**total**" if name == "total" else name
            lines.append(f"| {shape} | {label} | {' → '.join(str(c[1]) for c in cells)} | {per_decade(1)} | "
                         f"{' → '.join(str(c[2]) for c in cells)} | {per_decade(2)} | "
                         f"{' → '.join(str(c[3]) for c in cells)} |")
    return "\n".join(lines) if len(lines) > 2 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--with-1e7", action="store_true", help="add 10^7 events")
    parser.add_argument("--shapes", nargs="+", default=["long", "wide"], choices=["long", "wide", "demo", "dev"])
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--out", type=Path, default=None,
                        help="results file (default: scale.json, or scale_dev_file.json for --shapes dev alone)")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp one)")
    parser.add_argument("--make-only", action="store_true", help="make the data files and count them, no step")
    parser.add_argument("--summarise", type=Path, default=None, help="print a results file as a table and stop")
    parser.add_argument("--data", type=Path, default=None,
                        help="this events file for the one shape given, instead of making one (its size is counted)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="whole paths per shape and size, one after another on one file, each with its own bare read")
    parser.add_argument("--one-train", action="store_true",
                        help="every model in one train call (as the command line's train and the window's Train all"
                             " run them), each model's seconds and memory read within it")
    args = parser.parse_args(argv)
    if args.data is not None and len(args.shapes) != 1:
        parser.error("--data is one shape's file: give one --shapes")
    if args.summarise:
        print(summarise(args.summarise))
        return 0
    sizes = sorted(set(args.sizes + ([10_000_000] if args.with_1e7 else [])))
    if args.shapes == ["dev"]:
        sizes = sizes[:1]           # the dev file has one size
    # the dev file alone never overwrites the README's scale figures
    args.out = args.out or (RESULTS.with_name("scale_dev_file.json") if args.shapes == ["dev"] else RESULTS)
    models = tuple(m for m in args.models.split(",") if m)
    runs = []
    command = "OMP_NUM_THREADS=1 python tests/bench/bench_scale.py " + " ".join(argv if argv is not None else sys.argv[1:])

    def save() -> None:
        if args.make_only and args.out == RESULTS:
            return   # data files alone: the README's figures in scale.json are not overwritten with counts
        result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "note": "shared 2-core machine: see each step's load and uptime"},
                  "command": command, "runs": runs}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, default=str))

    with tempfile.TemporaryDirectory(prefix="shiftwise-scale-") as tmp:
        base = args.keep or Path(tmp)
        for size in sizes:
            for shape in args.shapes:
                for repeat in range(args.repeats):
                    runs.append(run_shape(shape, size, base / f"{shape}_{size}", models, args.make_only,
                                          args.data, repeat + 1 if args.repeats > 1 else 0, args.one_train))
                    save()  # after every run: a long session keeps what it measured
    save()
    if not (args.make_only and args.out == RESULTS):
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
