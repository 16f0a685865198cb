"""The Customers page driven with qtbot: predict, read the verdict, sort and filter the table in SQL."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from engine.store.runs import latest_run  # noqa: E402
from gui.pages.customers.page import CustomersPage  # noqa: E402
from tests.waits import HANG_MS  # noqa: E402

FAST = {"eval_cuts": 2, "train_cuts": 2}


@pytest.fixture
def page(make_page):
    return make_page(CustomersPage, FAST)


def test_predict_then_sort_and_filter(qtbot, page):
    assert "No customer predictions yet" in page.controls.status.text()
    page.horizon.setValue(6)
    qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
    job = page.job
    assert job is not None and not page.controls.start_button.isEnabled()
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.state == "done", job.error
    run = latest_run(page.project, "customers")
    assert run is not None and run.params["horizon_weeks"] == 6
    assert page.controls.start_button.isEnabled()
    # the page says which model it ships and how it fared
    assert f"Shipped score: {run.metrics['winner_label']}." in page.verdict.text()
    assert page.verdict.text().count(run.metrics["winner_label"]) >= 1 and "Shipped: " not in page.verdict.text()
    assert "BG/NBD + Gamma-Gamma: AUC" in page.verdict.text()
    # the shipped probabilities went through a layer fitted at the latest cut: the page says so, and its chart's
    # curve (the check at that cut) is the model's own
    c = run.metrics["calibration"]
    assert page.verdict.text().endswith(f"bought again in the 6 weeks after") and f"calibrated at {c['cut']}" in \
        page.verdict.text()
    legend = page.charts.deciles.plotItem.legend
    assert legend.getLabel(page.charts.shipped).text == "shipped model, before its calibration"
    # the table holds every scored customer, likeliest to buy again first (sorted in SQL)
    table = page.table
    assert table.model.rowCount() == run.metrics["n_customers"]
    cols = table.model.query.columns
    p = [table.model.row_values(i)[cols.index("p_buy_again")] for i in range(5)]
    assert p == sorted(p, reverse=True)
    table.model.sort(cols.index("expected_spend"), Qt.SortOrder.AscendingOrder)
    s = [table.model.row_values(i)[cols.index("expected_spend")] for i in range(5)]
    assert s == sorted(s)
    first = table.model.row_values(0)[cols.index("customer_id")]
    table.filter_edit.setText(str(first))
    table._apply_filter()
    assert 1 <= table.model.rowCount() < run.metrics["n_customers"]
    # the chart shows every customer
    assert sum(page.charts.bars.opts["height"]) == run.metrics["n_customers"]
    assert "next 6 weeks" in page.controls.status.text()   # the label is the run's horizon
    # BG/NBD's own probability is a second column only when another model ships; the chart's second curve is
    # BG/NBD beside another model, gradient boosting beside BG/NBD
    winner = run.metrics["winner"]
    assert table.table.isColumnHidden(cols.index("p_bgnbd")) == (winner == "bgnbd")
    for shipped, beside in (("bgnbd", "gradient boosting"), ("learned", "BG/NBD")):
        page.charts.set_deciles(run.metrics["deciles"], shipped)
        assert legend.getLabel(page.charts.baseline).text == beside
        other = "learned" if shipped == "bgnbd" else "bgnbd"
        assert list(page.charts.baseline.getData()[0]) == run.metrics["deciles"][other]["predicted"]
    page.grab().save(os.path.join(os.environ["SHIFTWISE_HOME"], "customers_page.png"))


def test_campaign_builder_targets_customers_likely_to_lapse(qtbot, make_page, demo_project):
    from engine.models.customers.service import train_customers
    from gui.pages.campaigns.page import CampaignsPage

    train_customers(demo_project, params=FAST)
    page = make_page(CampaignsPage)
    combo = page.form.category
    i = next(i for i in range(combo.count()) if combo.itemText(i).endswith("likely to lapse"))
    page.form.size.setValue(20)
    combo.setCurrentIndex(i)
    spec = page.form.spec()
    assert spec.target == "lapsing" and spec.customer_target
    qtbot.waitUntil(lambda: page.cards["customers"].value.text() == "20", timeout=HANG_MS)
    page.grab().save(os.path.join(os.environ["SHIFTWISE_HOME"], "campaigns_page.png"))


def test_a_sampled_backtest_cut_says_its_check_is_on_a_sample(qtbot, make_page, tmp_path):
    """The predicted-vs-actual check counts only the sampled customers of the backtest cut when a
    shop has more than ``max_customers_per_cut``: the card and the chart say so, in both languages."""
    from engine.ingest import import_file
    from engine.store import create_project
    from gui.i18n.translators import install_language
    from tests.engine.test_customers import _ledger

    project = create_project(tmp_path / "ledger.shiftwise")
    try:
        import_file(project, _ledger(tmp_path / "ledger.csv"))
        page = make_page(CustomersPage, {**FAST, "max_customers_per_cut": 150}, project=project)
        qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(page.job.finished, timeout=HANG_MS):
            pass
        check = latest_run(project, "customers").metrics["check_sample"]
        n, total = check["customers"], check["of"]
        assert n < total
        assert f"predicted vs actual at {check['cut']} counts {n:,} of its {total:,} customers" in page.verdict.text()
        title = page.charts.deciles.getPlotItem().titleLabel.text
        assert f"on a sample of {n:,} customers" in title
        install_language("zh_CN")
        try:
            page.reload()
            assert f"只统计了该时点 {total:,} 位顾客中的 {n:,} 位" in page.verdict.text()
            assert f"{n:,} 位顾客的样本" in page.charts.deciles.getPlotItem().titleLabel.text
        finally:
            install_language("en")
        # a run that counted everyone shows the plain title again and no sample line
        page.extra_params = dict(FAST)
        qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(page.job.finished, timeout=HANG_MS):
            pass
        assert "checked on a sample" not in page.verdict.text()
        assert page.charts.deciles.getPlotItem().titleLabel.text == "Backtest: predicted vs actual"
    finally:
        page.ctx.set_project(None)
        project.close()


def test_a_run_without_a_backtest_says_so_over_its_empty_chart(qtbot, make_page, tmp_path, grocery_slice_file):
    """Four weeks of the grocery slice: too little history for a backtest cut. The chart said "predicted vs
    actual" over empty axes under a legend."""
    from engine.store import open_project
    from tests.conftest import copy_of

    path = copy_of(grocery_slice_file, tmp_path)
    project = open_project(path)
    try:
        project.con.execute("DELETE FROM events WHERE ts >= TIMESTAMP '2017-02-01'")
        page = make_page(CustomersPage, FAST, project=project)
        qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(page.job.finished, timeout=HANG_MS):
            pass
        assert "Too little history for a backtest" in page.verdict.text()
        title = page.charts.deciles.getPlotItem().titleLabel.text
        assert title == "Backtest: none on this run (too little history for a cut)"
    finally:
        page.ctx.set_project(None)
        project.close()
