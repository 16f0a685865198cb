"""The Data page's events table model at 10^7 rows: time from typing a filter to its first page
and to its count, through the real model and its workers (value lists built first, as they are
once a big table is shown).

    OMP_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen python tests/bench/bench_filter_gui.py PROJECT

PROJECT holds the events table of ``bench_events_table.py``. Writes
tests/bench/results/filter_gui.json (wall times, this process's CPU time, the load average).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).resolve().parent / "results" / "filter_gui.json"
FILTERS = ("C000042", "C0000421", "SKU-4972 C0009972")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from engine.read.events import events_query
    from engine.store import open_project
    from gui.widgets.sql_table_model import SqlTableModel

    app = QApplication.instance() or QApplication([])  # noqa: F841 - the model's signals need it

    def wait(signal, timeout_s: int = 600) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_s * 1000, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    project = open_project((argv or sys.argv[1:])[0])
    model = SqlTableModel()
    start, cpu = time.perf_counter(), time.process_time()
    model.set_query(events_query(project))
    if not model.query.has_value_lists():
        wait(model.listed)
    out: dict = {"rows": project.query("SELECT count(*) FROM events")[0][0],
                 "value_lists_ready_s": round(time.perf_counter() - start, 2),
                 "value_lists_cpu_s": round(time.process_time() - cpu, 2), "filters": []}
    for words in FILTERS:
        seen: dict[str, float] = {}

        def first_page(seen=seen) -> None:
            seen.setdefault("page", time.perf_counter())

        model.modelReset.connect(first_page)
        start, cpu = time.perf_counter(), time.process_time()
        model.set_filter_text(words)
        if "page" not in seen:
            wait(model.modelReset)
        if model.counting:
            wait(model.counted)
        out["filters"].append({"filter": words, "first_page_ms": round((seen["page"] - start) * 1000),
                               "counted_ms": round((time.perf_counter() - start) * 1000), "rows": model.rowCount(),
                               "cpu_s": round(time.process_time() - cpu, 2), "load": round(os.getloadavg()[0], 1)})
        model.modelReset.disconnect(first_page)
        print(json.dumps(out["filters"][-1]), flush=True)
    out["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    project.close()
    RESULTS.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
