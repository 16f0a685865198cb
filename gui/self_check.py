"""A self-check tour for the packaging test: once the start-up jobs (demo build, first-run
training, model-library warm-up) are done, visit every page, write a JSON report and exit
(0 all good, 1 something is missing). Started by gui.app when SHIFTWISE_SELF_CHECK is set.

It checks what a frozen bundle gets wrong: a page or model module not found (a placeholder or
a failed job), a data file not bundled (the project cannot be created), a library that does
not load (the warm-up fails).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from gui.pages.base import PlaceholderPage

log = logging.getLogger(__name__)

#: Give up (report, exit 1) after this long: a hung start-up must not hang the test forever.
TIMEOUT_ENV = "SHIFTWISE_SELF_CHECK_TIMEOUT_S"
DEFAULT_TIMEOUT_S = 1800


class SelfCheck(QObject):
    def __init__(self, window, report_path: Path, first_window: dict[str, Any]) -> None:
        super().__init__(window)
        self.window = window
        self.report_path = report_path
        self.report: dict[str, Any] = {"python": sys.version.split()[0], "frozen": bool(getattr(sys, "frozen", False)),
                                       **first_window, "job_failures": [], "unhandled": []}
        self._done = False
        self._toured = False
        self._watching = False
        # a failure is recorded, not shown in a modal box nobody can click offscreen
        window.runner.job_failed.disconnect(window._on_job_failed)
        window.runner.job_failed.connect(self._on_failed)
        window.runner.job_started.connect(self._on_job_started)
        sys.excepthook = self._on_unhandled
        timeout_s = float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT_S))
        QTimer.singleShot(int(timeout_s * 1000), self._on_timeout)

    def start(self, warm_up_job) -> None:
        self._watching = True
        for job in self.window.runner.running():
            job.finished.connect(self._maybe_tour)
        self._maybe_tour()

    def _on_job_started(self, job) -> None:
        job.finished.connect(self._maybe_tour)

    def _on_failed(self, job, exc: BaseException) -> None:
        self.report["job_failures"].append({"job": job.name, "error": f"{type(exc).__name__}: {exc}"})

    def _on_unhandled(self, kind, exc, tb) -> None:
        log.error("Unhandled exception:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        self.report["unhandled"].append(f"{kind.__name__}: {exc}")

    def _on_timeout(self) -> None:
        if not self._done:
            self.report["timeout"] = True
            self._finish(ok=False)

    def _maybe_tour(self) -> None:
        # the runner forgets a job in a slot connected before ours: defer one turn of the loop
        QTimer.singleShot(0, self._tour_if_idle)

    def _tour_if_idle(self) -> None:
        # once: a job that the tour itself starts (a page's preview) must not start a second tour
        if self._done or self._toured or not self._watching or self.window.runner.running():
            return
        self._toured = True
        self._tour()

    def _tour(self) -> None:
        from engine.models.registry import default_names
        from engine.store.runs import latest_run

        window = self.window
        app = QApplication.instance()
        shots = self.report_path.with_suffix("")
        shots.mkdir(parents=True, exist_ok=True)
        project = window.ctx.project
        self.report["project"] = str(project.path) if project is not None else None
        self.report["heavy_modules_after_warm_up"] = [m for m in ("torch", "sklearn") if m in sys.modules]
        self.report["about"] = window.about_text()
        from gui.i18n import fonts

        # where Chinese text gets its glyphs: the system's fonts, else the one the bundle carries
        self.report["cjk_font"] = {"source": fonts.found[0], "families": fonts.found[1][:5]}
        pages = []
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            app.processEvents()
            page = window.stack.currentWidget()
            key = next(k for k, p in window.pages.items() if p is page)
            shot = shots / f"{row + 1}_{key}.png"
            window.grab().save(str(shot))
            pages.append({"key": key, "title": window.nav.item(row).text(), "class": type(page).__name__,
                          "placeholder": isinstance(page, PlaceholderPage), "visible": page.isVisible(),
                          "screenshot": str(shot)})
        self.report["pages"] = pages
        runs = {}
        if project is not None:
            for kind in default_names():
                run = latest_run(project, kind)
                runs[kind] = None if run is None else {"run_id": run.run_id, "status": run.status}
        self.report["runs"] = runs
        trained = window.train_all_job is not None
        self.report["trained_all"] = trained and window.train_all_job.state == "done"
        ok = (project is not None and bool(pages) and not any(p["placeholder"] or not p["visible"] for p in pages)
              and not self.report["job_failures"] and not self.report["unhandled"]
              and not self.report["heavy_modules_at_window"]
              and set(self.report["heavy_modules_after_warm_up"]) == {"torch", "sklearn"}
              and (not trained or (self.report["trained_all"]
                                   and all(r is not None and r["status"] == "done" for r in runs.values()))))
        self._finish(ok)

    def _finish(self, ok: bool) -> None:
        self._done = True
        self.report["ok"] = ok
        self.report_path.parent.mkdir(parents=True, exist_ok=True)
        self.report_path.write_text(json.dumps(self.report, indent=2, default=str), encoding="utf-8")
        self.window.close()
        QApplication.instance().exit(0 if ok else 1)
