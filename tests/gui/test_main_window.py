import shutil
import threading

from PySide6.QtCore import QMimeData, QPoint, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox, QPushButton

from engine.paths import demo_project_path
from gui.pages import model_page
from gui.pages.registry import pages
from tests.damage import damage_first_rows
from tests.waits import HANG_MS, HANG_S, wait_for_data_figures


def record(job):
    seen = []
    for name in ("started", "progress", "partial", "returned", "errored", "cancelled", "finished"):
        getattr(job, name).connect(lambda *a, n=name: seen.append(n))
    return seen


def counting(n, *, progress, cancel):
    for i in range(n):
        cancel.raise_if_cancelled()
        progress(i + 1, n, f"step {i + 1}", partial={"step": i + 1})
    return n * 2


def forever(*, progress, cancel):
    progress(0, 0, "waiting")
    while not cancel.wait(3600):   # returns at once on cancel
        pass
    cancel.raise_if_cancelled()


def test_first_start_builds_and_opens_the_demo_project(qtbot, main_window):
    job = main_window.open_startup_project()
    assert job is not None and job.name == "Building the demo shop"
    qtbot.waitUntil(lambda: main_window.ctx.project is not None, timeout=HANG_MS)
    assert main_window.ctx.project.path == demo_project_path()
    data = main_window.pages["data"]
    wait_for_data_figures(qtbot, data)
    assert data.cards["customers"].value.text().replace(",", "").isdigit()
    assert int(data.cards["customers"].value.text().replace(",", "")) > 2000
    assert data.events.model.rowCount() > 0
    assert "customers" in main_window.project_label.text()
    # every page is there and says something, none is blank
    assert [main_window.nav.item(i).text() for i in range(main_window.nav.count())] == [p.title for p in pages()]


def test_second_start_reopens_the_last_project(qtbot, main_window, demo_project_file):
    demo_project_path().parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_project_file, demo_project_path())
    assert main_window.open_startup_project() is None
    assert main_window.ctx.project is not None
    main_window.close()
    from gui.main_window import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_startup_project() is None
    assert again.ctx.project.path == demo_project_path()
    again.close()


def test_job_signals_arrive_in_order_with_result(qtbot, main_window):
    job = main_window.runner.start("Counting", counting, 5)
    seen = record(job)
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert seen[0] == "started" and seen[-2:] == ["returned", "finished"]
    assert set(seen[1:-2]) <= {"progress", "partial"} and "partial" in seen
    assert job.result == 10 and job.state == "done"


def test_a_page_read_never_waits_behind_long_jobs_for_a_thread(qtbot, main_window):
    """Jobs share Qt's thread pool, as many threads as cores: long ones holding them all (two trainings on a
    laptop) made a page's read, an unlisted job, wait for one to end."""
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    release = threading.Event()
    holding = [main_window.runner.start(f"long {i}", lambda progress, cancel: release.wait(HANG_S))
               for i in range(threads)]
    try:
        for job in holding:
            if job.state == "queued":   # (its started signal not yet delivered here: waited for, not missed)
                with qtbot.waitSignal(job.started, timeout=HANG_MS):
                    pass
        read = main_window.runner.start("Reading", counting, 2, listed=False)
        assert pool.maxThreadCount() == threads + 1
        with qtbot.waitSignal(read.finished, timeout=HANG_MS):   # while every long job still runs
            pass
        assert read.result == 4 and all(job.is_running for job in holding)
        assert not any(row.job is read for row in main_window.jobs_panel.rows)   # not listed
    finally:
        release.set()
    for job in holding:
        if job.is_running:
            with qtbot.waitSignal(job.finished, timeout=HANG_MS):
                pass
    assert pool.maxThreadCount() == threads


def test_cancel_button_stops_a_job(qtbot, main_window):
    job = main_window.runner.start("Waiting forever", forever)
    seen = record(job)
    with qtbot.waitSignal(job.started, timeout=HANG_MS):   # queued to this thread: not missed
        pass
    row = main_window.jobs_panel.rows[-1]
    button = row.findChild(QPushButton, "cancelJob")
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert job.state == "cancelled" and "cancelled" in seen and "errored" not in seen


def test_failed_job_shows_the_error(qtbot, main_window, monkeypatch):
    shown = []
    monkeypatch.setattr("gui.main_window.show_error", lambda title, exc, parent=None: shown.append((title, exc)))

    def broken(*, progress, cancel):
        raise ValueError("the file has no customer column")

    job = main_window.runner.start("Broken", broken)
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.state == "failed"
    assert shown and shown[0][0] == "Broken failed" and "customer column" in str(shown[0][1])


def test_closing_the_window_during_a_job_cancels_it(qtbot, main_window, demo_project_file, tmp_path):
    path = tmp_path / "p.shiftwise"
    shutil.copy(demo_project_file, path)
    project = main_window.open_project_path(path)
    job = main_window.runner.start("Waiting forever", forever)
    with qtbot.waitSignal(job.started, timeout=HANG_MS):
        pass
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        main_window.close()
    assert job.state == "cancelled"
    assert project.closed and main_window.ctx.project is None


def test_dropping_a_file_imports_it(qtbot, main_window, demo_shop, tmp_path):
    from engine.store import create_project

    main_window.ctx.set_project(create_project(tmp_path / "new.shiftwise"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(demo_shop.events_csv))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(main_window.ctx.data_changed, timeout=HANG_MS):
        main_window.dropEvent(event)
    assert main_window.ctx.project.scalar("SELECT count(*) FROM events") > 0
    assert main_window.recent_files_menu.isEnabled()
    assert main_window.pages["data"].events.model.rowCount() > 0


def test_pages_without_a_project_say_what_to_do(qtbot, main_window):
    assert main_window.ctx.project is None
    assert main_window.pages["data"].empty.isVisibleTo(main_window)


def test_model_libraries_load_in_the_background(qtbot, main_window):
    job = main_window.warm_up_models()
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.state == "done"


def test_quit_after_a_failed_training_closes_cleanly(qtbot, main_window, monkeypatch):
    """The error dialog stays open longer than a finished job's row lingers: the row is gone when the
    dialog closes, and nothing may touch its deleted progress bar (the window must still quit)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    monkeypatch.setattr("gui.jobs.panel.LINGER_MS", 0)
    shown = []

    def slow_reader(title, exc, parent=None):
        # what a user reading the dialog does: the event loop runs on, the row lingers out and is deleted
        qtbot.waitUntil(lambda: not main_window.jobs_panel.rows, timeout=HANG_MS)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        shown.append(title)

    monkeypatch.setattr("gui.main_window.show_error", slow_reader)

    def training(*, progress, cancel):
        progress(1, 10, "epoch 1")
        raise ValueError("the migration model needs at least 8 weeks")

    main_window.show()
    job = main_window.runner.start("Training migration", training)
    qtbot.waitUntil(lambda: shown == ["Training migration failed"], timeout=HANG_MS)
    assert job.state == "failed"
    main_window.close()
    assert not main_window.isVisible()


def test_a_damaged_journal_offers_repair_and_opens_the_project(qtbot, main_window, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.engine.test_store_safety import _journal_left_by_a_crash, _project_with_data

    path = tmp_path / "p.shiftwise"
    _project_with_data(path, rows=1000)
    _journal_left_by_a_crash(path)
    seen = []

    def press_repair():
        box = QApplication.activeModalWidget()
        seen.append(box.text())
        box.findChild(QPushButton, "repairButton").click()

    QTimer.singleShot(0, press_repair)
    project = main_window.open_project_path(path)
    assert "python main.py repair" in seen[0]
    assert project is not None and main_window.ctx.project is project
    assert project.scalar("SELECT count(*) FROM events") == 1000
    assert "march_orders.csv" in main_window.repair_report.text()
    assert list(tmp_path.glob("p.shiftwise.damaged-journal-*.wal"))
    main_window.repair_report.close()


def test_a_run_killed_midway_shows_as_interrupted_on_the_runs_page(qtbot, main_window, tmp_path):
    from engine.store import create_project
    from tests.engine.test_store_safety import kill_a_run_midway

    path = tmp_path / "p.shiftwise"
    create_project(path).close()
    kill_a_run_midway(path)
    main_window.open_project_path(path)
    assert "marked interrupted" in main_window.statusBar().currentMessage()
    runs = main_window.pages["runs"].runs
    model = runs.model
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = {name: model.index(0, c).data() for c, name in enumerate(columns)}
    assert row["status"] == "interrupted" and row["summary"].startswith("Interrupted")


def test_an_injected_context_brings_the_one_runner_the_jobs_panel_watches(qtbot, _isolated_home):
    from gui.context import AppContext
    from gui.jobs.runner import JobRunner
    from gui.main_window import MainWindow
    from gui.settings import make_settings

    runner = JobRunner()
    ctx = AppContext(runner, make_settings())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.runner is runner and window.ctx is ctx
    with qtbot.waitSignal(runner.job_started, timeout=HANG_MS):
        job = ctx.runner.start("counting", counting, 3)
    assert [row.job for row in window.jobs_panel.rows] == [job]
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.result == 6


def test_closing_the_window_while_an_import_waits_for_a_model_ends_both(qtbot, main_window, demo_project_file,
                                                                       demo_shop, tmp_path, monkeypatch):
    """A model being trained holds the data, an import waits for it: closing the window cancels the two (the wait
    ends at the cancel, not when the model would have finished) and the project closes unchanged."""
    from engine.models import registry
    from engine.store import open_project
    from gui.import_flow import start_import

    def train(project, *, as_of=None, params=None, progress=None, cancel=None):
        return forever(progress=progress, cancel=cancel)

    monkeypatch.setattr(registry.ModelSpec, "train_fn", lambda self: train)
    path = tmp_path / "p.shiftwise"
    shutil.copy(demo_project_file, path)
    project = main_window.open_project_path(path)
    events = project.scalar("SELECT count(*) FROM events")
    run = main_window.runner.start("Train segments", registry.lazy("segments"), project)
    with qtbot.waitSignal(run.started, timeout=HANG_MS):
        pass
    more = tmp_path / "more.csv"
    lines = demo_shop.events_csv.read_text(encoding="utf-8").splitlines()
    more.write_text("\n".join(lines[:1] + ["X" + line[1:] for line in lines[1:100]]) + "\n", encoding="utf-8")
    waiting = start_import(main_window.ctx, [more], main_window)
    with qtbot.waitSignal(waiting.progress, timeout=HANG_MS,
                          check_params_cb=lambda p: getattr(p.message, "id", "") == "progress.waiting.models"):
        pass
    with qtbot.waitSignals([run.finished, waiting.finished], timeout=HANG_MS):
        main_window.close()
    assert run.state == "cancelled" and waiting.state == "cancelled"
    assert project.closed
    with open_project(path) as again:
        assert again.scalar("SELECT count(*) FROM events") == events


def _opened(qtbot, window, path):
    """Open ``path`` as the app does (its tables read by a job) and wait until the window shows it."""
    with qtbot.waitSignal(window.ctx.project_changed, timeout=HANG_MS):
        project = window.open_project_path(path)
    return project


def test_the_window_shows_a_project_once_its_tables_read(qtbot, main_window, demo_project_file, tmp_path,
                                                        monkeypatch):
    monkeypatch.setattr(model_page, "READ_IN_BACKGROUND", True)
    path = tmp_path / "p.shiftwise"
    shutil.copy(demo_project_file, path)
    shown = []
    main_window.ctx.project_changed.connect(shown.append)
    project = main_window.open_project_path(path)
    # open, not shown: its check's result comes through the event loop, which this line has not run
    check = main_window.project_check
    assert project is not None and not project.closed and main_window.ctx.project is None and not shown
    assert check.is_running and not check.listed
    with qtbot.waitSignal(main_window.ctx.project_changed, timeout=HANG_MS):
        pass
    assert shown == [project] and main_window.ctx.project is project
    assert main_window.ctx.settings.value("project/last") == str(path)


def test_a_damaged_project_is_said_and_the_one_shown_stays(qtbot, main_window, demo_project_file, tmp_path,
                                                          monkeypatch):
    monkeypatch.setattr(model_page, "READ_IN_BACKGROUND", True)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append((title, text))))
    good, bad = tmp_path / "good.shiftwise", tmp_path / "bad.shiftwise"
    shutil.copy(demo_project_file, good)
    shutil.copy(demo_project_file, bad)
    damage_first_rows(bad, "events")
    shown = _opened(qtbot, main_window, good)
    damaged = main_window.open_project_path(bad)
    assert damaged is not None   # the file opens: its tables are read by the check
    with qtbot.waitSignal(main_window.project_check.finished, timeout=HANG_MS):
        pass
    assert main_window.project_check.state == "failed"
    assert len(said) == 1 and said[0][0] == "Cannot open the project"
    assert "bad.shiftwise is damaged: its table" in said[0][1] and "cannot be read" in said[0][1]
    assert damaged.closed and main_window.ctx.project is shown and not shown.closed
    assert main_window.ctx.settings.value("project/last") == str(good)


def test_a_project_opened_while_another_is_checked_wins(qtbot, main_window, demo_project_file, tmp_path,
                                                       monkeypatch):
    monkeypatch.setattr(model_page, "READ_IN_BACKGROUND", True)
    first, second = tmp_path / "first.shiftwise", tmp_path / "second.shiftwise"
    shutil.copy(demo_project_file, first)
    shutil.copy(demo_project_file, second)
    earlier = main_window.open_project_path(first)
    earlier_check = main_window.project_check
    later = main_window.open_project_path(second)
    with qtbot.waitSignals([earlier_check.finished, main_window.project_check.finished], timeout=HANG_MS):
        pass
    assert main_window.ctx.project is later and earlier.closed and not later.closed


def test_the_last_project_damaged_at_start_is_said_and_the_demo_opens(qtbot, main_window, demo_project_file,
                                                                      tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append((title, text))))
    demo_project_path().parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_project_file, demo_project_path())
    bad = tmp_path / "bad.shiftwise"
    shutil.copy(demo_project_file, bad)
    damage_first_rows(bad, "events")
    main_window.ctx.settings.setValue("project/last", str(bad))
    assert main_window.open_startup_project() is None
    assert len(said) == 1 and "bad.shiftwise is damaged" in said[0][1]
    assert main_window.ctx.project.path == demo_project_path()
