"""The window's longest stall while the mapping dialog opens on a file and previews it again as columns change.

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_mapping_dialog_stall.py FILE [FILE ...] [--changes 3]
        [--checkout DIR] [--out F.json]

The file is inspected as File ▸ Import and choose columns does (a job, before the dialog; not timed here), then the
dialog is made and shown, and ``--changes`` times the amount's column is set to none and back. A 5 ms timer ticks
on the window's thread throughout; the longest gap between ticks, less the tick, is the stall a merchandiser feels.
Each step ends when its preview is shown (the dialog's ``previewed`` signal; a checkout whose dialog previews in the
window's thread has none, and its step ends with the call). ``--checkout DIR`` runs another checkout's code (e.g. a
``git worktree`` of an earlier commit), for a before/after. Writes tests/bench/results/mapping_dialog_stall.json
unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICK_MS = 5


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--changes", type=int, default=3)
    ap.add_argument("--checkout", type=Path, default=None, help="another checkout's code to run")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "bench" / "results" / "mapping_dialog_stall.json")
    args = ap.parse_args(argv)
    code = (args.checkout or ROOT).resolve()
    sys.path.insert(0, str(code))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from engine.ingest import inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog
    from gui.jobs.runner import JobRunner

    app = QApplication.instance() or QApplication([])
    runner = JobRunner()
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    def step(action, dialog_of) -> dict:
        """``action()`` on the window's thread, then the event loop until its preview is shown."""
        gaps.clear()
        clock.start()
        last[0] = 0
        timer.start()
        app.processEvents()
        start = time.perf_counter()
        dialog = action()
        dialog = dialog or dialog_of()
        if getattr(dialog, "previewing", None) is not None:
            loop = QEventLoop()
            dialog.previewed.connect(loop.quit)
            loop.exec()
            dialog.previewed.disconnect(loop.quit)
        wall = time.perf_counter() - start
        QTimer.singleShot(3 * TICK_MS, lambda: None)
        app.processEvents()
        tick()
        timer.stop()
        return {"max_stall_ms": round(max(gaps) - TICK_MS), "wall_ms": round(1000 * wall),
                "status": dialog.status.text()[:120]}

    out = {"command": "python tests/bench/bench_mapping_dialog_stall.py "
                      + " ".join(argv if argv is not None else sys.argv[1:]),
           "code": str(code), "commit": subprocess.run(["git", "-C", str(code), "rev-parse", "--short", "HEAD"],
                                                     capture_output=True, text=True).stdout.strip(),
           "files": []}
    for path in args.files:
        t = time.perf_counter()
        try:
            inspection = inspect_file(None, path, keep_open=True)
        except TypeError:   # a checkout from before the inspection kept its file open
            inspection = inspect_file(None, path)
        inspect_s = time.perf_counter() - t
        holder: dict = {}

        def opened():
            holder["dialog"] = MappingDialog(inspection, None, runner)
            holder["dialog"].show()
            return holder["dialog"]

        steps = [{"step": "open", **step(opened, lambda: holder["dialog"])}]
        dialog = holder["dialog"]
        amount = dialog.role_combos["amount"]
        chosen = amount.currentIndex()
        for i in range(args.changes):
            steps.append({"step": f"amount none ({i + 1})", **step(lambda: amount.setCurrentIndex(0), lambda: dialog)})
            steps.append({"step": f"amount back ({i + 1})",
                          **step(lambda: amount.setCurrentIndex(chosen), lambda: dialog)})
        dialog.reject()
        row = {"file": str(path), "bytes": path.stat().st_size, "inspect_s": round(inspect_s, 2), "steps": steps,
               "longest_stall_ms": max(s["max_stall_ms"] for s in steps), "load": round(os.getloadavg()[0], 1)}
        print(json.dumps({k: row[k] for k in ("file", "longest_stall_ms", "inspect_s")}),
              [(s["step"], s["max_stall_ms"], s["wall_ms"]) for s in steps], flush=True)
        out["files"].append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
