"""The base of every page that runs engine work: one job binding, the run bar of a model page,
the throttled redraw of partial results, and reloading when the page's runs or project change.

A model page names its model (a :class:`~engine.models.registry.ModelSpec`) and fills in small
hooks: ``read_state(project)`` reads what the page shows of the latest run, ``show_state(state)`` draws
it, ``draw_partial(partial)`` a result still coming, ``params()`` the parameters its own fields set,
``before_start()`` clears what a new run replaces. A page without a model (Data, Campaigns, Runs) has
no run bar and uses the same read and draw, and :meth:`ModelPage.run_job` for its own jobs.

The read runs as a job (slot :data:`READ_SLOT`, not listed in the jobs panel) and the page draws when it
comes: at wide 10^7 a page's reads held the window 0.1-0.5 s when a run ended, and 1.8 s in all when a
project opened. While a run's reload reads, the page keeps what it shows; when another project opens it
is cleared first (nothing of the old project can be clicked), and says it is reading. A page out of view
draws its read when the window is idle, one page a turn, or when it comes into view if that is sooner
(:attr:`ModelPage.draws_out_of_view`).

A known condition (a :class:`ProjectError`, e.g. too little history) is a plain message on the
page, not an error dialog; other failures still reach the main window's dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget
from superqt.utils import qthrottled

from engine.models.registry import ModelSpec, lazy, missing_categories, spec
from engine.store.errors import ProjectError
from engine.store.project import Project
from engine.store.runs import skip_reason
from gui.context import AppContext
from gui.i18n.engine_text import engine_text
from gui.jobs.runner import Job, JobRunner
from gui.pages.base import Page
from gui.widgets.run_controls import RunControls
from gui.widgets.sql_table_model import building

#: Partial results redraw at most this often.
REDRAW_MS = 50
#: The job slot of the page's own model.
MODEL_SLOT = "model"
#: The job slot of the page's read of what it shows.
READ_SLOT = "read"
#: What a page says while it reads another project's state, and its read job's name (context "ModelPage").
READING_TEXT = QT_TRANSLATE_NOOP("ModelPage", "Reading the project…")
READ_JOB_NAME = QT_TRANSLATE_NOOP("ModelPage", "Reading {page}")
#: Pages read what they show as a job. Tests read on the window's thread instead (tests/gui/conftest.py), so that
#: what a reload draws is there for the next line without a wait, as their tables wait for their queries;
#: tests/gui/test_page_reads.py drives the jobs.
READ_IN_BACKGROUND = True
#: A page out of view draws a read that came this long after the window's previous such drawing, one page at a time
#: (see :class:`_IdleDraws`).
IDLE_DRAW_MS = 50


@dataclass(frozen=True)
class PageRead:
    """What a page's read found: its state (``read_state``'s) and, on a shop without categories, why a model
    that needs them has nothing to show (``category_gap``, None otherwise)."""
    state: Any
    gap: str | None = None
    #: why the model's newest run was skipped, when none has finished since (engine.store.runs.skip_reason)
    skipped: str | None = None


def _page_text(text: str) -> str:
    return QCoreApplication.translate("ModelPage", text)


class ModelPage(Page):
    #: The page drew what its latest read found (tests wait on it).
    state_shown = Signal()
    #: The model this page trains (a name in the ModelSpec registry); None: no run bar.
    model: str | None = None
    #: Other run kinds whose runs change what this page shows.
    also_reads: tuple[str, ...] = ()
    #: The run bar: its Start button, what the status says the job is, its as-of tooltip.
    #: (each marked for lupdate in context "ModelPage" and translated when shown)
    start_text = QT_TRANSLATE_NOOP("ModelPage", "Train")
    noun = QT_TRANSLATE_NOOP("ModelPage", "the model")
    as_of_tip = QT_TRANSLATE_NOOP("ModelPage", "Train as of this date (YYYY-MM-DD); blank = the day after the "
                                               "last event")
    #: Said when a run is cancelled (after the latest run is shown again).
    cancelled_text = QT_TRANSLATE_NOOP("ModelPage", "Cancelled: the previous run is kept.")
    #: A page out of view draws what its read found one page a turn of the event loop (:class:`_IdleDraws`), or
    #: when it comes into view if that is sooner: as an import of 10^7 events or a project opened, every page's
    #: drawing back to back held the window 0.3-0.4 s. A page whose drawing feeds another part of the window (the
    #: Data page's counts, the status line) draws at once.
    draws_out_of_view = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        #: The latest job started in each slot (finished ones stay until replaced).
        self.jobs: dict[str, Job] = {}
        #: Training parameters beyond the page's own fields (tests train with smaller searches).
        self.extra_params: dict[str, Any] = {}
        #: The latest run shown (show_state sets it), None when there is none.
        self.run = None
        #: A read of another project's state is under way: the page is empty meanwhile.
        self.reading = False
        #: Why the page is empty on a shop without categories (from the latest read), or None.
        self.gap: str | None = None
        #: Why the model's newest run was skipped, when none has finished since (from the latest read), or None.
        self.skipped: str | None = None
        #: Said when the next read is drawn (after its headline).
        self._said_after_read: str | None = None
        #: A read that came while the page was out of view, drawn at idle or when it comes into view.
        self._unshown: PageRead | None = None
        #: Another project opened while the page was out of view: cleared if it comes into view before its read.
        self._uncleared = False
        #: The parameters the running (or last) model job was given, parsed: labels come from them.
        self.started_params: Any = None
        self.spec: ModelSpec | None = spec(self.model) if self.model else None
        self.controls: RunControls | None = None
        if self.spec is not None:
            self.controls = RunControls(_page_text(self.start_text), noun=_page_text(self.noun),
                                        as_of_tip=_page_text(self.as_of_tip), fields=self.run_fields())
            self.controls.start_button.clicked.connect(self.start)
        self._pending: Any = None
        # live charts redraw at most every REDRAW_MS, with the latest partial result
        self._redraw = qthrottled(self._flush_partial, timeout=REDRAW_MS, leading=False, parent=self)

    # -- hooks -------------------------------------------------------------------------------------
    def run_fields(self) -> list[tuple[str, QWidget]]:
        """The page's own fields in the run bar, after As of."""
        return []

    def read_state(self, project: Project) -> Any:
        """What the page shows of the latest run, read from the engine (None: no run). Runs on a worker thread:
        it reads only ``project``, never a widget."""
        return None

    def show_state(self, state: Any) -> None:
        """Draw ``state`` (set ``self.run``); None: there is no run (or no project, or a read under way:
        ``self.reading``), say why."""

    def draw_partial(self, partial: Any) -> None:
        """Show a partial result of the running job (called at most every REDRAW_MS)."""

    def params(self) -> dict[str, Any]:
        """The parameters the page's own fields set."""
        return {}

    def run_params(self) -> dict[str, Any]:
        """What the model's jobs are given: the user's L and H (Edit ▸ Settings) under the page's
        own fields, under ``extra_params``."""
        defaults = self.ctx.user_defaults().params_for(self.spec.name) if self.spec is not None else {}
        return {**defaults, **self.params(), **self.extra_params}

    def before_start(self) -> None:
        """Clear what the new run will replace."""

    # -- what the page reads ---------------------------------------------------------------------
    @property
    def kinds(self) -> tuple[str, ...]:
        own = (self.spec.result_kinds or (self.spec.name,)) if self.spec is not None else ()
        return (*own, *self.also_reads)

    @property
    def job(self) -> Job | None:
        """A job of this page still running (the model's first), or None."""
        ordered = sorted(self.jobs.items(), key=lambda kv: kv[0] != MODEL_SLOT)
        return next((j for _, j in ordered if j.is_running), None)

    def say(self, text: str) -> None:
        """A line for the user: the run bar's status, or the window's status bar."""
        if self.controls is not None:
            self.controls.status.setText(text)
        else:
            self.ctx.show_status(text)

    def category_gap(self, project: Project | None) -> str | None:
        """Why this page is empty on a shop without categories (its model needs them), in words (read on the
        read's worker: it counts the shop's purchases)."""
        if project is None or self.spec is None or not self.spec.needs_categories:
            return None
        reason = missing_categories(project)
        if reason is None:
            return None
        from engine.catalog.derive import group_summary

        reason_text = engine_text(reason)
        why = engine_text(group_summary(project).sentence()) or reason_text[:1].upper() + reason_text[1:] + "."
        return QCoreApplication.translate(
            "ModelPage", "{model} learns per category, so this page stays empty. {why} The Customers page has "
            "predictions per customer, which need no categories.").format(
            model=QCoreApplication.translate("pages", self.spec.title), why=why)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.draw_unshown() and self._uncleared:
            self._clear_for_reading()

    def on_project_changed(self, project: Project | None) -> None:
        # the old project's jobs were cancelled; one still ending must not draw on this project's charts
        for slot in list(self.jobs):
            self.drop_job(slot)
        self._unshown = None   # a read of the old project's, never drawn
        if project is not None and READ_IN_BACKGROUND:
            self.reading, self.run, self.gap, self.skipped = True, None, None, None
            # nothing of the old project stays to be clicked while this one's state is read (out of view: cleared
            # if it comes into view before the read does)
            self._uncleared = True
            if self.draws_out_of_view or self.isVisible():
                self._clear_for_reading()
        self.reload()

    def on_data_changed(self) -> None:
        # the same project: what the page shows stays until the new read comes
        self.reload()

    def _clear_for_reading(self) -> None:
        self._uncleared = False
        self.show_state(None)
        if self.controls is not None:   # (a page without a run bar says it on itself, not in the window's status)
            self.say(_page_text(READING_TEXT))

    def on_runs_changed(self, kind: str) -> None:
        if kind in self.kinds:
            self.reload()

    def reload(self) -> None:
        """Read what the page shows again and draw it (when the read comes, in the app)."""
        # a throttled partial redraw still pending would paint over the finished run
        self._redraw.cancel()
        self._pending = None
        project = self.project
        if project is None or not READ_IN_BACKGROUND:
            self.drop_job(READ_SLOT)
            self._show_read(self._read(project))
            return
        job = self.run_job(_page_text(READ_JOB_NAME).format(page=QCoreApplication.translate("pages", self.title)),
                           _read_in_job, self._read, project, slot=READ_SLOT, listed=False, on_result=self._show_read)
        job.finished.connect(lambda: self._read_failed(job))
        self._update_controls()

    def _read_failed(self, job: Job) -> None:
        """A read that failed (said by ``on_job_error``) leaves the page usable: it is no longer reading."""
        if shiboken6.isValid(self) and self.jobs.get(READ_SLOT) is job and job.state == "failed":
            self.reading = False
            self._update_controls()

    def _read(self, project: Project | None) -> PageRead:
        """The page's read (on the read job's worker, or in tests the window's thread)."""
        if project is None:
            return PageRead(None)
        skipped = skip_reason(project, self.kinds[0]) if self.spec is not None else None
        return PageRead(self.read_state(project), self.category_gap(project),
                        engine_text(skipped) if skipped else None)

    def _show_read(self, read: PageRead) -> None:
        if READ_IN_BACKGROUND and not self.draws_out_of_view and not self.isVisible():
            self._unshown = read   # drawn at idle, or when the page comes into view (showEvent) if sooner
            idle_draws().add(self)
            return
        self._draw(read)

    def draw_unshown(self) -> bool:
        """Draw a read that came while the page was out of view, if one did (True)."""
        if self._unshown is None:
            return False
        self._draw(self._unshown)
        return True

    def _draw(self, read: PageRead) -> None:
        self._unshown = None
        self._uncleared = False
        self.reading = False
        self.gap, self.skipped = read.gap, read.skipped
        self.show_state(read.state)
        self._update_controls()
        if self.run is None and (read.gap or read.skipped):
            self.say(read.gap or read.skipped)
        if self._said_after_read:
            self.say(self._said_after_read)
            self._said_after_read = None
        self.state_shown.emit()

    def empty_hint(self, none_yet: str) -> str:
        """What the page says where its model's results would be when it has none: why its newest run was skipped
        (Train would stop the same way), else ``none_yet`` (how to make one)."""
        return self.skipped or none_yet

    def _update_controls(self) -> None:
        if self.controls is None:
            return
        available = self.project is not None and not self.reading and (self.run is not None or not self.gap)
        self.controls.set_running(self.jobs.get(MODEL_SLOT) is not None and self.jobs[MODEL_SLOT].is_running,
                                  available=available)

    # -- jobs --------------------------------------------------------------------------------------
    def run_job(self, name: str, fn: Callable[..., Any], *args: Any, slot: str | None = None,
                on_result: Callable[[Any], Any] | None = None, on_stale: Callable[[Any], Any] | None = None,
                on_cancelled: Callable[[], Any] | None = None, on_finished: Callable[[], Any] | None = None,
                listed: bool = True, **kwargs: Any) -> Job:
        """Run ``fn(*args, **kwargs)`` through the one runner in a slot (default: its name); ``listed``: in the jobs
        panel.

        A newer job in the same slot wins: the older one is cancelled, and a result it still
        returns goes to ``on_stale`` (to free what it made), not to ``on_result``.
        """
        slot = slot or name
        old = self.jobs.get(slot)
        if old is not None and old.is_running:
            old.cancel()
        job = self.ctx.runner.start(name, fn, *args, listed=listed, **kwargs)
        job.expected = (ProjectError,)
        self.jobs[slot] = job

        def current() -> bool:
            # these handlers are closures, which Qt does not disconnect when the page is deleted: a
            # result still queued when the page closes must not reach its deleted widgets (it goes to
            # on_stale, which frees what the job made without touching a widget)
            return shiboken6.isValid(self) and self.jobs.get(slot) is job

        def returned(value: Any) -> None:
            handler = on_result if current() else on_stale
            if handler is not None:
                handler(value)

        job.returned.connect(returned)
        job.errored.connect(lambda exc: current() and self.on_job_error(job, exc))
        if on_cancelled is not None:
            job.cancelled.connect(lambda: current() and on_cancelled())
        if on_finished is not None:
            job.finished.connect(on_finished)
        return job

    def drop_job(self, slot: str) -> None:
        """Cancel the slot's job, if running; a result it still returns goes to its ``on_stale``."""
        job = self.jobs.pop(slot, None)
        if job is not None and job.is_running:
            job.cancel()

    def on_job_error(self, job: Job, exc: BaseException) -> None:
        if isinstance(exc, ProjectError):
            self.say(engine_text(exc))
        else:
            self.say(QCoreApplication.translate("ModelPage", "{job} failed: {reason}").format(
                job=job.name, reason=engine_text(exc)))

    # -- the model's job ---------------------------------------------------------------------------
    def start(self) -> Job | None:
        if self.project is None or self.spec is None or self.job is not None:
            return None
        params = self.run_params()
        try:
            self.started_params = self.spec.params_class().from_dict(params)
        except ProjectError as exc:
            self.say(engine_text(exc))
            return None
        self.before_start()
        job = self.run_job(_page_text(self.start_text), lazy(self.model), self.project, slot=MODEL_SLOT,
                           as_of=self.controls.as_of_value(), params=params,
                           on_result=self._on_trained, on_cancelled=self._on_cancelled)
        self.controls.watch(job)
        job.finished.connect(self._on_model_finished)  # after the run bar's own, which enables Start
        job.partial.connect(self._on_partial)
        return job

    def _on_partial(self, partial: Any) -> None:
        self._pending = partial
        self._redraw()

    def _flush_partial(self) -> None:
        partial, self._pending = self._pending, None
        model_job = self.jobs.get(MODEL_SLOT)
        if partial is not None and model_job is not None and model_job.is_running:
            self.draw_partial(partial)

    def _on_trained(self, result: Any) -> None:
        self.say(engine_text(result.message))
        self.ctx.notify_runs_changed(result.kind)

    def _on_cancelled(self) -> None:
        # said once the previous run is drawn again (its read's headline would replace it)
        self._said_after_read = _page_text(self.cancelled_text)
        self.reload()

    def _on_model_finished(self) -> None:
        self._update_controls()
        # (a first run's read may still be under way: self.run is not it yet)
        job = self.jobs.get(MODEL_SLOT)
        self.controls.progress.setValue(1000 if self.run is not None or (job is not None and job.state == "done")
                                        else 0)


def _read_in_job(read: Callable[[Project], PageRead], project: Project, progress: Any = None,
                 cancel: Any = None) -> PageRead:
    """A page's read as a job: a cancel (a newer read, another project) interrupts the query under way."""
    with project.interruptible_reads(cancel):
        return read(project)


class _IdleDraws(QObject):
    """Pages out of view with a read to draw, drawn one a turn of the event loop, :data:`IDLE_DRAW_MS` apart, when no
    page reads and no table builds in the background.

    A page drawn while out of view is only painted when shown: at wide 10^7 showing a page the first time held the
    window 104-150 ms when it drew then (Migration, Segments, Decay), 29-52 ms once drawn before (session 39). One
    page a turn keeps each drawing its own stall (19-61 ms there), not the sum of six.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pages: list[ModelPage] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.draw_next)

    def add(self, page: ModelPage) -> None:
        if not any(p is page for p in self._pages):
            self._pages.append(page)
        if not self._timer.isActive():
            self._timer.start(IDLE_DRAW_MS)

    def draw_next(self) -> None:
        """Draw the first page waiting that still has a read to draw, once no page reads and no table builds in the
        background: drawn while the pages' reads ran (as a 10^7 project opened, or an import landed) a page's drawing
        took 2-3 times as long (up to 200 ms) as on an idle window, and while the tables built their value lists the
        Migration page's took 141-172 ms (80 on a quiet window)."""
        if self._pages and (JobRunner.unlisted_running() or building()):
            self._timer.start(IDLE_DRAW_MS)
            return
        while self._pages:
            page = self._pages.pop(0)
            # a page deleted since, shown since (it drew then) or read again for another project has nothing here
            if shiboken6.isValid(page) and page.draw_unshown():
                break
        if self._pages:
            self._timer.start(IDLE_DRAW_MS)

    def stop(self) -> None:
        """Forget the pages waiting (tests)."""
        self._timer.stop()
        self._pages.clear()


_idle: _IdleDraws | None = None


def idle_draws() -> _IdleDraws:
    """The drawer of pages out of view (one for the window's thread)."""
    global _idle
    if _idle is None or not shiboken6.isValid(_idle):
        _idle = _IdleDraws()
    return _idle
