"""Opening a project in the window, then every page, then every page's reload in view (as when its run ends), then
every page's as an import lands: how long the window's thread is held, and the longest stall of its event loop in
each step.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=$PWD python tests/bench/bench_page_loads.py PROJECT [--out F.json]

A 5 ms timer ticks on the window's thread; the largest gap between two ticks, less the interval, is the stall.
The model libraries are loaded first, as the app's start does
(``--no-warm-up``: not, as before session 39). Each page is shown for 4 s (its paged tables fetch their first
rows meanwhile) and grabbed. Use a trained
project (``main.py import`` then ``main.py train``): at wide 10^7 the reads the pages made as a project opened
held the window 8.3 s (`4a37e80`, session 37 before it moved them: `results/page_loads_s37_before.json`). Writes
tests/bench/results/page_loads.json (or ``--out``). The project opens as File > Open does (``--set-project``: opened
and checked on the window's thread, then set, as before session 40). ``--stall-stacks FILE`` appends every thread's
Python stack to FILE whenever the event loop has not ticked for 100 ms (``faulthandler``'s watchdog needs no
interpreter lock: the thread holding it is where the stall comes from), with each step's name before its stacks.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "page_loads.json"
TICK_MS = 5
#: A gap the stall stacks are written for (issue #13's bar).
STALL_S = 0.1


class Ticker:
    """The longest gap between two ticks of a timer on the window's thread, less the interval."""

    def __init__(self, stacks=None) -> None:
        self.stacks = stacks
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last, self.worst = 0, 0
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last - TICK_MS)
        self.last = now
        if self.stacks is not None:   # re-armed every tick: it fires only when ticks stop
            faulthandler.dump_traceback_later(STALL_S, file=self.stacks)

    def reset(self, step: str = "") -> None:
        self.last, self.worst = self.clock.elapsed(), 0
        if self.stacks is not None and step:
            self.stacks.write(f"== {step}\n")
            self.stacks.flush()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--no-warm-up", action="store_true", help="measure without the app's warm-up (before session 39)")
    ap.add_argument("--set-project", action="store_true",
                    help="open the project on the window's thread, tables checked, and set it (before session 40)")
    ap.add_argument("--stall-stacks", type=Path, default=None, help="append the threads' stacks of each stall here")
    args = ap.parse_args(argv)
    stacks = open(args.stall_stacks, "a") if args.stall_stacks else None
    # the window's settings (last project, recent ones) in a folder of their own, not the user's
    os.environ.setdefault("SHIFTWISE_HOME", tempfile.mkdtemp(prefix="shiftwise-bench-home-"))
    app = QApplication.instance() or QApplication([])
    from engine.store import open_project
    from gui.i18n.translators import install_language
    from gui.main_window import MainWindow

    install_language("en")

    def settle(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)

    window = MainWindow()
    window.resize(1366, 740)
    window.show()
    if not args.no_warm_up:
        # as the app does at its start (gui/app.py): the model libraries loaded and every object alive then frozen,
        # so the collector's full collections walk only what was made since (without it: 46-53 ms pauses)
        from engine.models.warmup import warm_up

        warm_up()
    settle(0.5)
    ticker = Ticker(stacks)
    settle(0.2)
    out: dict[str, float] = {}
    ticker.reset("open")
    start = time.perf_counter()
    if args.set_project:
        window.ctx.set_project(open_project(args.project))
    else:
        # as File > Open does: the tables read by a job, the project shown once they read (session 40)
        window.open_project_path(args.project)
    out["open: held s"] = round(time.perf_counter() - start, 3)
    settle(5)
    out["open: longest stall ms"] = ticker.worst
    for name in window.pages:
        ticker.reset(f"{name}: shown")
        start = time.perf_counter()
        window.nav.setCurrentRow(list(window.pages).index(name))
        out[f"{name}: shown, held s"] = round(time.perf_counter() - start, 3)
        settle(4)
        out[f"{name}: shown, longest stall ms"] = ticker.worst
        window.grab()
    for name, page in window.pages.items():
        if hasattr(page, "reload"):
            # in view, as the page whose run just ended (a page out of view draws when it is shown: session 38)
            window.nav.setCurrentRow(list(window.pages).index(name))
            settle(1)
            ticker.reset(f"{name}: reload")
            start = time.perf_counter()
            page.reload()
            out[f"{name}: reload, held s"] = round(time.perf_counter() - start, 3)
            settle(3)
            out[f"{name}: reload, longest stall ms"] = ticker.worst
    # as an import lands: every page reads again, the one in view (the Data page) and the Data page draw
    window.nav.setCurrentRow(0)
    settle(1)
    ticker.reset("data changed")
    start = time.perf_counter()
    window.ctx.notify_data_changed()
    out["data changed: held s"] = round(time.perf_counter() - start, 3)
    settle(5)
    out["data changed: longest stall ms"] = ticker.worst
    window.close()
    if stacks is not None:
        faulthandler.cancel_dump_traceback_later()
        stacks.close()
    print(json.dumps(out, indent=1))
    args.out.write_text(json.dumps({"project": str(args.project), **out}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
