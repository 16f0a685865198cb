"""The Migration page driven with qtbot: train with live curves, pause/resume/cancel, the card, flows, customers."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from engine.store.runs import latest_run  # noqa: E402
from gui.pages.migration.page import MigrationPage  # noqa: E402
from gui.theme import verdict_tone  # noqa: E402
from tests.waits import HANG_MS  # noqa: E402

SMALL = {"gbm_iterations": 30, "train_cuts": 3, "threads": 1, "knn_reference": 2000, "epochs": 2,
         "time_budget_s": 3600.0}


@pytest.fixture
def page(make_page):
    return make_page(MigrationPage, SMALL)


def test_train_shows_curves_card_flows_and_customers(qtbot, page):
    assert "No migration model" in page.card.verdict.text()
    qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
    job = page.job
    assert job is not None and not page.controls.start_button.isEnabled()
    partials = []
    job.partial.connect(partials.append)
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.state == "done", job.error
    assert partials    # the curves were drawn live
    assert page.controls.start_button.isEnabled() and not page.controls.cancel_button.isEnabled()
    run = latest_run(page.project, "migration")
    n = len(run.metrics["candidates"])
    assert run is not None and page.card.table.rowCount() == n == 9   # the LSTM, two stackers and six baselines
    assert "Shipped score" in page.card.verdict.text() and "alternative" in page.card.verdict.text()
    # every candidate's out-of-sample AUC at each cut, and its mean line labelled with the spread
    assert len(page.curves.baseline_lines) == n and all(len(v) == 2 for v in page.curves.points.values())
    assert "±" in page.card.table.item(0, 1).text() and "shipped" in "".join(
        page.card.table.item(i, 0).text() for i in range(n))
    assert len(page.flows.labels) > 0 and "→" in page.flows.labels[0].toPlainText()
    # labels come from the run's own parameters
    weeks = run.params["horizon_weeks"]
    assert f"next {weeks} weeks" in page.flows.plotItem.titleLabel.text
    assert f"next {weeks} weeks" in page.controls.status.text()
    # choosing a target category lists its customers, best first, with a reason
    index = page.target.findData("Baby food")
    assert index >= 0
    page.target.setCurrentIndex(index)
    model = page.customers.model
    assert model.rowCount() > 0
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[3]  # the reason
    page.grab().save(os.path.join(os.environ["SHIFTWISE_HOME"], "migration_page.png"))


#: The fewest cuts a migration run accepts (one evaluation cut, one training cut, cuts 4 weeks apart)
#: over a short feature history: the candidate pairs, the run's first partial result, are built at
#: 4 cuts instead of 10 (about a quarter of the SQL), the rest of the path is the real one.
CHEAP = {**SMALL, "eval_cuts": 1, "train_cuts": 1, "grid_step": 4, "history_weeks": 12}


@pytest.fixture
def cheap_pairs(page, monkeypatch):
    """The page's run on the cheapest grid; the cuts its pairs were built at, as the run asks for them."""
    from engine.models.migration import service

    page.extra_params = dict(CHEAP)
    built: list[list[int]] = []
    real = service.build_pairs

    def recording(cur, shifts, **kwargs):
        built.append(list(shifts))
        return real(cur, shifts, **kwargs)

    monkeypatch.setattr(service, "build_pairs", recording)
    return built


def test_pause_resume_cancel_keeps_previous_state(qtbot, page, cheap_pairs, checkpoint_gate):
    qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
    job = page.job
    # mid-run, after a partial result (the candidate pairs built): the gate holds the job at the next
    # cancel checkpoint, in the graph scores. With SMALL the pairs took 10 cuts of the demo shop's SQL.
    qtbot.waitUntil(checkpoint_gate.held.is_set, timeout=HANG_MS)
    assert cheap_pairs == [[0, 4, 8, 12]]
    qtbot.mouseClick(page.controls.pause_button, Qt.MouseButton.LeftButton)
    assert job.paused and page.controls.pause_button.text() == "Resume"
    qtbot.mouseClick(page.controls.pause_button, Qt.MouseButton.LeftButton)
    assert not job.paused
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        qtbot.mouseClick(page.controls.cancel_button, Qt.MouseButton.LeftButton)
        checkpoint_gate.release.set()
    assert job.state == "cancelled"
    assert "Cancelled" in page.controls.status.text()
    assert latest_run(page.project, "migration") is None
    assert page.controls.start_button.isEnabled()


def test_the_transfer_models_verdict_is_shown_beside_the_migration_verdict(make_page, demo_project):
    """New customers in the page's lists are ranked by the transfer model: its verdict (neighbours against
    popularity) and its calibration show under the migration verdict, and nothing shows before it has run."""
    from engine.models.migration.service import train_migration
    from engine.models.transfer.service import train_transfer

    train_migration(demo_project, params=SMALL)
    page = make_page(MigrationPage, SMALL, project=demo_project)
    assert not page.cold_start.isVisibleTo(page)
    train_transfer(demo_project)
    page.reload()
    text = page.cold_start.text()
    assert page.cold_start.isVisibleTo(page) and text.startswith("New customers (the transfer model): ")
    assert "nearest neighbours beats the best alternative (category popularity)" in text
    assert "on the customers who were new at 2 past cuts" in text
    # and the layer its probabilities went through, fitted on those customers
    assert text.endswith("of them happened.") and "Calibrated on the customers who were new at " in text
    assert page.cold_start.property("shiftwiseTone") == "good"
    # each target says the new customers' part apart: its two parts make the Campaigns page's total
    from engine.campaigns.sources import categories, model_sources
    from gui.pages.migration.state import read_state

    totals = {c: (s, s_new) for c, _n, s, _n_new, s_new in categories(demo_project, model_sources(demo_project))}
    targets = read_state(demo_project).targets
    assert {c for c, _e, _new in targets} == set(totals)
    for category, expected, new in targets:
        assert expected + new == pytest.approx(totals[category][0]) and new == pytest.approx(totals[category][1])
    labels = [page.target.itemText(i) for i in range(page.target.count())]
    assert any("more among new customers)" in label for label in labels)
    outcome = demo_project.cursor().execute(
        "SELECT json_extract_string(metrics_json, '$.outcome') FROM model_runs WHERE kind = 'migration'").fetchall()
    assert page.card.verdict.property("shiftwiseTone") == verdict_tone(outcome[0][0])


def test_a_tie_reads_as_a_warning_not_as_a_loss():
    """A house model that ties the best alternative (another learned model, on the grocery dev file) is as
    good as it, not worse: amber, where a loss is red."""
    assert [verdict_tone(o) for o in ("beats", "ties", "loses", None)] == ["good", "warn", "bad", "bad"]


def test_a_long_candidate_name_is_cut_in_the_legend_and_keeps_its_figures(qtbot):
    """The legend's second column ran past the chart's edge ("Boosted stacker (scores and each customer's" and no
    AUC); the legend cuts the name, the line's tooltip keeps it whole."""
    from gui.pages.migration.curves import LEGEND_NAME, TrainingCurves

    long = "a candidate whose name runs on and on past the edge of the chart"
    chart = TrainingCurves()
    qtbot.addWidget(chart)
    chart.load({long: [0.84, 0.85], "popularity": [0.77, 0.78]}, {long: (0.845, 0.005), "popularity": (0.775, None)})
    labels = {label.text for _sample, label in chart.legend.items}
    cut = next(t for t in labels if t.startswith("a candidate"))
    assert cut.endswith("0.845 ±0.005") and cut.split("  ")[0] == long[:LEGEND_NAME - 1].rstrip() + "…"
    assert chart.baseline_lines[long].toolTip().startswith(long)


def test_a_model_skipped_for_its_data_says_why_when_the_project_opens_again(make_page, demo_project):
    """Train all skips a model the data cannot train, and its page said the reason then; opened again, it said
    "press Train", though Train would stop the same way. The newest run skipped, none done since: its reason."""
    from engine.models.base import NoDataError
    from engine.models.migration.service import train_migration

    with pytest.raises(NoDataError):
        train_migration(demo_project, params={**SMALL, "max_categories": 5})
    page = make_page(MigrationPage, SMALL, project=demo_project)
    assert page.run is None
    assert page.controls.status.text().startswith("Migration learns at most 5 categories (max_categories:")
    assert page.controls.start_button.isEnabled()
    # the card where the model's verdict would be does not say "press Train" (nor the reason again, just above it)
    assert page.card.verdict.text() == "No migration model: its newest run was skipped, for the reason above."
