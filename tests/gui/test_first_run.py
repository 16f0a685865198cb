"""First run: the window comes up before the model libraries, a new demo is trained as one job,
Models ▸ Train all, the tour shown once, Help ▸ About with versions."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from engine.jobs import JobCancelled
from engine.models.train_all import ModelTrained, TrainAllResult
from engine.paths import demo_project_path
from tests.waits import HANG_MS

ROOT = Path(__file__).resolve().parents[2]


def test_building_the_main_window_does_not_import_torch_or_sklearn(tmp_path):
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from gui.main_window import MainWindow\n"
            "window = MainWindow(); window.show(); app.processEvents()\n"
            "print(sorted(m for m in ('torch', 'sklearn') if m in sys.modules), flush=True)\n"
            # the check is done: skip tearing Qt down at exit, which is not what this test is about
            "import os; os._exit(0)\n")
    env = {**os.environ, "SHIFTWISE_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def _fake_train_all(project, *, progress, cancel, params=None):
    for kind in ("segments", "decay"):
        cancel.raise_if_cancelled()
        progress(1, 2, kind, ModelTrained(kind, 1))
    return TrainAllResult()


def _copy_demo(source):
    def build(path, *, progress, cancel):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, path)
        return Path(path)

    return build


def test_a_new_demo_is_trained_as_one_job_on_first_start(qtbot, main_window, monkeypatch, demo_project_file):
    monkeypatch.setattr("gui.main_window.build_demo_project", _copy_demo(demo_project_file))
    monkeypatch.setattr("engine.models.train_all.train_all", _fake_train_all)
    kinds = []
    main_window.ctx.runs_changed.connect(kinds.append)
    build = main_window.open_startup_project(train_new_demo=True)
    with qtbot.waitSignal(build.finished, timeout=HANG_MS):
        pass
    job = main_window.train_all_job
    assert job is not None and job.name == "Train all models"
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.state == "done" and kinds == ["segments", "decay"]
    assert main_window.ctx.project.path == demo_project_path()


def test_opening_the_demo_without_asking_does_not_train(qtbot, main_window, monkeypatch, demo_project_file):
    monkeypatch.setattr("gui.main_window.build_demo_project", _copy_demo(demo_project_file))
    build = main_window.open_startup_project()
    with qtbot.waitSignal(build.finished, timeout=HANG_MS):
        pass
    assert main_window.ctx.project is not None and main_window.train_all_job is None


def test_train_all_is_one_cancellable_job(qtbot, main_window, monkeypatch, demo_project_file, tmp_path):
    def waits(project, *, progress, cancel, params=None):
        while True:
            cancel.raise_if_cancelled()
            if cancel.wait(0.01):
                raise JobCancelled()

    monkeypatch.setattr("engine.models.train_all.train_all", waits)
    assert main_window.train_all() is None  # no project: a status message, no job
    path = tmp_path / "p.shiftwise"
    shutil.copy(demo_project_file, path)
    main_window.open_project_path(path)
    job = main_window.train_all()
    assert main_window.train_all() is job  # Ctrl+T twice does not start a second one
    assert main_window.train_all_action.shortcut().toString() == "Ctrl+T"
    qtbot.waitUntil(lambda: job.state == "running", timeout=HANG_MS)
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        job.cancel()
    assert job.state == "cancelled"


def test_the_tour_is_shown_once(qtbot, main_window):
    main_window.show_tour_once()
    dock = main_window.tour_dock
    assert dock is not None and dock.isVisible()
    assert "Who are my customers?" in dock.widget().text.text()
    qtbot.mouseClick(dock.widget().close_button, Qt.MouseButton.LeftButton)
    assert not dock.isVisible()
    main_window.close()
    from gui.main_window import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    again.show_tour_once()
    assert again.tour_dock is None
    again.show_tour()  # Help ▸ Getting started still shows it
    assert again.tour_dock.isVisible()


def test_the_tour_says_the_demo_shop_is_in_view_only_when_it_is(qtbot, main_window, tmp_path, demo_project_file):
    from engine.paths import demo_project_path

    own = tmp_path / "own.shiftwise"
    shutil.copy(demo_project_file, own)
    main_window.open_project_path(own)
    main_window.show_tour()  # Help ▸ Getting started over the merchandiser's own project
    text = main_window.tour_dock.widget().text.text()
    assert "demo shop" not in text and "File ▸ Import" in text
    demo = demo_project_path()
    demo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_project_file, demo)
    main_window.open_project_path(demo)
    assert "You are looking at the demo shop" in main_window.tour_dock.widget().text.text()


def test_about_shows_the_versions(main_window):
    from importlib.metadata import version

    import duckdb
    from PySide6.QtCore import qVersion

    text = main_window.about_text()
    for expected in ("0.1.0", qVersion(), duckdb.__version__, version("torch")):
        assert expected in text


def test_train_all_says_which_models_a_short_export_skipped_and_why(qtbot, main_window, monkeypatch,
                                                                     demo_project_file, tmp_path):
    from engine.messages import msg

    def short_export(project, *, progress, cancel, params=None):
        return TrainAllResult(runs=[("customers", None), ("segments", None)], skipped=[
            {"model": "decay", "reason": msg("decay.needs_history", as_of="2017-02-05", weeks=8)},
            {"model": "migration", "reason": msg("migration.needs_cut")}])

    monkeypatch.setattr("engine.models.train_all.train_all", short_export)
    path = tmp_path / "p.shiftwise"
    shutil.copy(demo_project_file, path)
    main_window.open_project_path(path)
    job = main_window.train_all()
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert main_window.statusBar().currentMessage() == (
        "Trained customers, segments; skipped decay (Too little history before 2017-02-05: the decay fit needs "
        "at least 8 weeks), migration (Migration needs enough history for at least one evaluation cut)")
    # each skipped model's page, empty, keeps its reason after the status bar's line is gone
    assert main_window.pages["decay"].controls.status.text() == (
        "Too little history before 2017-02-05: the decay fit needs at least 8 weeks")
    assert main_window.pages["migration"].controls.status.text() == (
        "Migration needs enough history for at least one evaluation cut")
