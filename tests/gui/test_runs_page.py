"""The Runs page: the runs table, a metric over the runs (one line per model), one run's JSON record."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402

import pytest  # noqa: E402

from engine.read.runs import metric_history  # noqa: E402
from engine.store import create_project  # noqa: E402
from engine.store.runs import model_run  # noqa: E402
from gui.pages.runs.page import RunsPage  # noqa: E402


def _run(project, kind: str, metrics: dict, fail: bool = False) -> None:
    try:
        with model_run(project, kind, as_of=None, params={"seed": 1}) as run:
            run.metrics.update(metrics)
            if fail:
                raise RuntimeError("boom")
    except RuntimeError:
        pass


@pytest.fixture
def project(tmp_path):
    project = create_project(tmp_path / "p.shiftwise")
    _run(project, "decay", {"auc": 0.70, "n_customers": 10, "verdict": "beats", "nested": {"a": 1}})
    _run(project, "migration", {"auc": 0.80})
    _run(project, "decay", {"auc": 0.75, "n_customers": 12})
    _run(project, "decay", {"auc": 0.99}, fail=True)    # a failed run measured nothing
    yield project
    project.close()


def test_metric_history_is_every_finished_runs_numbers_by_key_and_model(project):
    history = metric_history(project)
    assert list(history) == ["auc", "n_customers"]
    decay, migration = history["auc"]
    assert (decay.kind, decay.run_ids, decay.values) == ("decay", (1, 3), (0.70, 0.75))
    assert (migration.kind, migration.values) == ("migration", (0.80,))
    assert decay.started[0] <= decay.started[1]


def test_the_page_charts_a_metric_per_model_and_shows_a_runs_json(qtbot, project, _isolated_home):
    from gui.context import AppContext
    from gui.jobs.runner import JobRunner
    from gui.settings import make_settings

    ctx = AppContext(JobRunner(), make_settings())
    page = RunsPage(ctx)
    qtbot.addWidget(page)
    ctx.set_project(project)
    chart = page.chart
    assert [chart.metric.itemText(i) for i in range(chart.metric.count())] == ["auc", "n_customers"]
    assert chart.current_metric() == "auc" and set(chart.lines) == {"decay", "migration"}
    assert list(chart.lines["decay"].getData()[1]) == [0.70, 0.75]
    chart.metric.setCurrentIndex(chart.metric.findData("n_customers"))
    assert set(chart.lines) == {"decay"}
    # a new run: the chart reads again and keeps the metric chosen
    _run(project, "decay", {"auc": 0.8, "n_customers": 14})
    ctx.notify_runs_changed("decay")
    assert chart.current_metric() == "n_customers" and list(chart.lines["decay"].getData()[1]) == [10, 12, 14]
    # a run's record stays available as JSON
    page.runs.row_selected.emit({"run": 1})
    text = page.details.toPlainText()
    assert text.startswith("Run 1 — decay, done")
    metrics = json.loads(text.split("Metrics:\n", 1)[1])
    assert metrics["verdict"] == "beats" and metrics["nested"] == {"a": 1}
    ctx.set_project(None)
    assert chart.metric.count() == 0 and not chart.lines


def test_a_migration_backtest_shows_its_auc_beside_the_other_models(tmp_path):
    """Migration runs keep their AUC in the verdict (the shipped candidate's mean): the chart's
    "auc" has a line for them, as for a model that reports "auc" at the top."""
    with create_project(tmp_path / "p.shiftwise") as project:
        verdict = {"metric": "auc", "winner": "gbm", "means": {"gbm": 0.81, "lstm": 0.79}}
        _run(project, "migration_backtest", {"verdict_auc": verdict, "verdict": "a sentence", "gbm_auc": 0.81})
        _run(project, "customers", {"verdict": {"metric": "auc", "winner": "learned",
                                                "means": {"learned": 0.72, "bgnbd": 0.7}}})
        _run(project, "decay_backtest", {"auc": 0.66})
        _run(project, "decay", {"verdict": "a sentence", "lapse_verdict": {"winner": "decay", "means": {"decay": 0.8}}})
        _run(project, "segments", {"verdict": {"winner": "x", "means": {"x": None}}})   # no figure: no point
        history = metric_history(project)
    by_kind = {s.kind: s.values for s in history["auc"]}
    assert by_kind == {"migration_backtest": (0.81,), "customers": (0.72,), "decay_backtest": (0.66,),
                       "decay": (0.8,)}


def test_the_auc_charted_is_the_shipped_candidates(tmp_path):
    """Transfer keeps its neighbours' AUC at the top beside a verdict that may ship popularity: the chart
    drew the neighbours' 0.55 for a run that shipped popularity's 0.57. The verdict's winner is charted;
    a verdict on another metric gives no AUC, and a run without a verdict keeps its own."""
    with create_project(tmp_path / "p.shiftwise") as project:
        popular = {"metric": "auc", "winner": "popularity", "means": {"neighbours": 0.55, "popularity": 0.57}}
        _run(project, "transfer", {"auc": 0.55, "auc_popularity": 0.57, "verdict": popular})
        _run(project, "transfer", {"auc": 0.60})       # before transfer had a verdict
        _run(project, "segments", {"verdict": {"metric": "silhouette", "winner": "x", "means": {"x": 0.3}}})
        history = metric_history(project)
    by_kind = {s.kind: s.values for s in history["auc"]}
    assert by_kind == {"transfer": (0.57, 0.60)}
    assert [s.values for s in history["auc_popularity"]] == [(0.57,)]


def test_a_project_without_runs_shows_a_sentence_not_an_empty_axis(qtbot, tmp_path, _isolated_home):
    """An empty chart showed pyqtgraph's default range as ticks ("00.100…" on the date axis): with no
    run to draw, the chart gives way to a sentence, in the interface language."""
    from gui.context import AppContext
    from gui.i18n.translators import install_language
    from gui.jobs.runner import JobRunner
    from gui.settings import make_settings

    with create_project(tmp_path / "p.shiftwise") as project:
        ctx = AppContext(JobRunner(), make_settings())
        page = RunsPage(ctx)
        qtbot.addWidget(page)
        ctx.set_project(project)
        chart = page.chart
        assert chart.plot.isHidden() and not chart.empty.isHidden() and not chart.lines
        assert chart.empty.text().startswith("No runs with metrics yet")
        _run(project, "decay", {"auc": 0.99}, fail=True)    # a failed run measured nothing either
        ctx.notify_runs_changed("decay")
        assert chart.plot.isHidden() and not chart.empty.isHidden()
        _run(project, "decay", {"auc": 0.7})
        ctx.notify_runs_changed("decay")
        assert not chart.plot.isHidden() and chart.empty.isHidden() and set(chart.lines) == {"decay"}
        ctx.set_project(None)
        assert chart.plot.isHidden() and not chart.empty.isHidden()
        install_language("zh_CN")
        try:
            chinese = RunsPage(ctx)
            qtbot.addWidget(chinese)
            assert chinese.chart.plot.isHidden()
            text = chinese.chart.empty.text()
            assert text and "No runs" not in text and any("\u4e00" <= c <= "\u9fff" for c in text)
        finally:
            install_language("en")
        ctx.set_project(None)


def test_runs_seconds_apart_keep_the_date_axis_in_hours_and_minutes(qtbot, project, _isolated_home):
    """The fixture's runs start within a second: pyqtgraph would label such a span in seconds and
    milliseconds ("35.225"); the chart widens it to at least MIN_SPAN_S, around the runs."""
    from gui.context import AppContext
    from gui.jobs.runner import JobRunner
    from gui.pages.runs.metrics_chart import MIN_SPAN_S
    from gui.settings import make_settings

    ctx = AppContext(JobRunner(), make_settings())
    page = RunsPage(ctx)
    qtbot.addWidget(page)
    ctx.set_project(project)
    low, high = page.chart.plot.getViewBox().viewRange()[0]
    started = [x for line in page.chart.lines.values() for x in line.getData()[0]]
    assert high - low >= MIN_SPAN_S and low < min(started) and max(started) < high
