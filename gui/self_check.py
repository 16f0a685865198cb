"""A self-check tour for the packaging test: once the start-up jobs (demo build, first-run
training, model-library warm-up) are done, visit every page, write a JSON report and exit
(0 all good, 1 something is missing). Started by gui.app when SHIFTWISE_SELF_CHECK is set.

It checks what a frozen bundle gets wrong: a page or model module not found (a placeholder or
a failed job), a data file not bundled (the project cannot be created), a library that does
not load (the warm-up fails).

Each page is grabbed once what it reads on showing has landed: the jobs it starts (the Campaigns preview) and its
tables' pages. Grabbed as soon as shown, the Campaigns page showed "…" cards and an empty list in every report of
sessions 40 and 41, which is not what a merchandiser sees a moment later. A page that has not settled after
:data:`PAGE_SETTLE_S` is grabbed as it is, and its entry says so (``settled`` false).
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
from gui.widgets.sql_table_model import SqlTableModel

log = logging.getLogger(__name__)

#: Give up (report, exit 1) after this long: a hung start-up must not hang the test forever.
TIMEOUT_ENV = "SHIFTWISE_SELF_CHECK_TIMEOUT_S"
DEFAULT_TIMEOUT_S = 1800
#: How long a page may take to land what it reads on showing before it is grabbed as it is.
PAGE_SETTLE_S = 60


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
        self._rows: list[int] = []            # the pages still to visit, by row of the navigation
        self._pages: list[dict[str, Any]] = []
        self._visit = 0                       # which visit a settle check or a page's deadline belongs to
        self._watched: list[SqlTableModel] = []   # the tables of the page in view, whose reads are waited for
        self._shots: Path | None = None
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
        job.finished.connect(self._check_page)

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
        window = self.window
        self._shots = self.report_path.with_suffix("")
        self._shots.mkdir(parents=True, exist_ok=True)
        project = window.ctx.project
        self.report["project"] = str(project.path) if project is not None else None
        self.report["heavy_modules_after_warm_up"] = [m for m in ("torch", "sklearn") if m in sys.modules]
        self.report["about"] = window.about_text()
        from gui.i18n import fonts

        # where Chinese text gets its glyphs: the system's fonts, else the one the bundle carries
        self.report["cjk_font"] = {"source": fonts.found[0], "families": fonts.found[1][:5]}
        self._rows = list(range(window.nav.count()))
        self._next_page()

    def _next_page(self) -> None:
        if self._done:
            return
        if not self._rows:
            self._conclude()
            return
        self._visit += 1
        self.window.nav.setCurrentRow(self._rows[0])
        self._watched = self._models()
        for model in self._watched:
            model.loaded.connect(self._check_page)
            model.failed.connect(self._check_page)
        visit = self._visit
        QTimer.singleShot(int(PAGE_SETTLE_S * 1000), lambda: self._grab(visit, settled=False))
        self._check_page()

    def _models(self) -> list[SqlTableModel]:
        return self.window.stack.currentWidget().findChildren(SqlTableModel)

    def _check_page(self, *_args) -> None:
        """Grab the page in view once nothing it reads is under way (a turn of the loop later: the runner forgets
        a finished job in a slot of its own, and a landed read may start the next)."""
        if self._rows and not self._done:
            visit = self._visit
            QTimer.singleShot(0, lambda: self._grab(visit, settled=True) if self._settled() else None)

    def _settled(self) -> bool:
        return not self.window.runner.running() and not any(m.loading for m in self._models())

    def _grab(self, visit: int, settled: bool) -> None:
        if visit != self._visit or self._done or not self._rows:
            return   # that page was grabbed already (settled, or at its deadline)
        # this visit is over before the events below are handled: a check they start is stale (it grabbed the
        # same page a second time, as the next one's)
        self._visit += 1
        window = self.window
        row = self._rows.pop(0)
        QApplication.instance().processEvents()   # the layout requests its filling posted
        page = window.stack.currentWidget()
        key = next(k for k, p in window.pages.items() if p is page)
        shot = self._shots / f"{row + 1}_{key}.png"
        window.grab().save(str(shot))
        for model in self._watched:
            try:
                model.loaded.disconnect(self._check_page)
                model.failed.disconnect(self._check_page)
            except RuntimeError:   # a table the page has since let go of
                pass
        self._watched = []
        self._pages.append({"key": key, "title": window.nav.item(row).text(), "class": type(page).__name__,
                            "placeholder": isinstance(page, PlaceholderPage), "visible": page.isVisible(),
                            "settled": settled, "screenshot": str(shot)})
        QTimer.singleShot(0, self._next_page)

    def _conclude(self) -> None:
        from engine.models.registry import default_names
        from engine.store.runs import latest_run

        window = self.window
        project = window.ctx.project
        pages = self.report["pages"] = self._pages
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
