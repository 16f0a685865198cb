"""Rough edges of the charts and tables a merchandiser reads (issue 14): sort arrows, labels that
do not overlap or run off a chart, tables with room, charts cleared when the project changes."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor
from tests.waits import HANG_MS, HANG_S


def _arrow_rows(header, section: int) -> list[int]:
    """Widths (in dark pixels) of the sort arrow's rows, top to bottom, in the section's right quarter
    (where the style draws it, clear of a short caption)."""
    image = header.grab().toImage()
    x0 = header.sectionViewportPosition(section)
    width = header.sectionSize(section)
    rows = []
    for y in range(image.height() - 1):   # the last row is the header's border
        dark = sum(1 for x in range(x0 + 3 * width // 4, x0 + width - 2)
                   if QColor(image.pixel(x, y)).lightness() < 200)
        if dark:
            rows.append(dark)
    return rows


def test_a_descending_column_shows_a_downward_arrow(qtbot, demo_project):
    from engine.read.paged_query import PagedQuery
    from gui.widgets.sql_table_view import SqlTableView

    view = SqlTableView("")
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    query = PagedQuery(demo_project, "SELECT 'a' AS name, 1.0 AS \"Score\"")
    query.set_sort("Score", descending=True)
    view.set_query(query)
    header = view.table.horizontalHeader()
    header.resizeSection(1, 160)
    rows = _arrow_rows(header, 1)
    assert len(rows) >= 3, "no arrow drawn"
    # a downward triangle is widest at its top
    assert rows[0] > rows[-1]
    query.set_sort("Score", descending=False)
    view.set_query(query)
    rows = _arrow_rows(header, 1)
    assert rows[0] < rows[-1]


def test_the_campaign_hints_name_menus_and_pages_that_exist(main_window):
    """A hint that sends the user to "Models ▸ X" or "the X page" names a real menu item or page."""
    import re

    from engine.campaigns.sources import TRAIN_HINT

    menus = {}
    for action in main_window.menuBar().actions():
        menu = action.menu()
        if menu is not None:
            menus[action.text().replace("&", "")] = {a.text().replace("&", "") for a in menu.actions()}
    pages = {main_window.nav.item(i).text() for i in range(main_window.nav.count())}
    for model, message in TRAIN_HINT.items():
        hint = str(message)
        for menu, item in re.findall(r"(\w+) ▸ ([\w ]+?)(?=[,;)]|$)", hint):
            assert item in menus.get(menu, set()), f"{model}: {menu} ▸ {item} is no menu item"
        for page in re.findall(r"the (\w+) page", hint):
            assert page in pages, f"{model}: no {page} page"


@pytest.mark.parametrize("width", [380, 520, 900])
def test_half_life_labels_end_inside_the_chart(qtbot, width):
    from gui.pages.decay.half_life_chart import HalfLifeChart

    chart = HalfLifeChart()
    qtbot.addWidget(chart)
    chart.resize(width, 420)
    chart.show()
    qtbot.waitExposed(chart)
    names = ["Phones", "Audio", "Fragrance", "Bedding", "Dairy", "Smart home"]
    days = [107.0, 98.0, 30.0, 72.0, 11.0, 68.0]
    # wide (uncertain) ranges push their labels furthest right
    chart.set_data(names, days, [(60.0, 260.0), (70.0, 120.0), (12.0, 200.0), (50.0, 200.0), (9.0, 13.0),
                                 (40.0, 180.0)])
    chart.grab()   # lays out and paints: labels take their place on the scene
    box = chart.plot.getViewBox().sceneBoundingRect()
    labels = [label for label in chart._labels if label.isVisible()]
    assert len(labels) == len(names)
    for label in labels:
        rect = label.mapRectToScene(label.boundingRect())
        assert box.left() <= rect.left() and rect.right() <= box.right() + 1, label.toPlainText()


def test_half_lives_of_hundreds_of_categories_stay_legible_and_scroll(qtbot):
    from gui.pages.decay.half_life_chart import ROW_PX, HalfLifeChart

    chart = HalfLifeChart()
    qtbot.addWidget(chart)
    chart.resize(520, 420)
    chart.show()
    qtbot.waitExposed(chart)
    names = [f"Category {i:03d}" for i in range(299)]   # the grocery dev file has 299
    chart.set_data(names, [10.0 + i for i in range(299)])
    chart.grab()
    box = chart.plot.getViewBox()
    top, bottom = box.viewRange()[1]
    assert bottom - top <= chart.rows_shown() < 299
    one_row = abs(box.mapViewToScene(pg.Point(0, 1)).y() - box.mapViewToScene(pg.Point(0, 0)).y())
    assert one_row >= ROW_PX - 1
    assert chart.categories[0] == "Category 298" and top < 0   # slowest fading first, from the top
    # a drag down the list: the last rows come into view, and no further
    box.translateBy(y=400)
    top, bottom = box.viewRange()[1]
    assert bottom == pytest.approx(299 - 0.4) and bottom - top <= chart.rows_shown()
    chart.resize(520, 600)   # a resize keeps the place and shows more rows
    chart.grab()
    top, bottom = chart.plot.getViewBox().viewRange()[1]
    assert bottom == pytest.approx(299 - 0.4) and bottom - top == chart.rows_shown() > 20


def _visible_rows(table) -> int:
    viewport = table.viewport()
    return viewport.height() // max(table.verticalHeader().defaultSectionSize(), 1)


def test_the_events_table_has_room_on_a_laptop_screen(qtbot, main_window, demo_project_file, tmp_path):
    import shutil

    path = tmp_path / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    main_window.resize(1440, 900)
    main_window.open_project_path(path)
    main_window.nav.setCurrentRow(0)
    qtbot.waitExposed(main_window)
    main_window.jobs_dock.show()   # opening a project starts jobs: their panel takes its room too
    main_window.grab()
    table = main_window.pages["data"].events.table
    assert table.model().rowCount() >= 10
    assert _visible_rows(table) >= 10, table.viewport().height()
    assert main_window.width() <= 1440 and main_window.height() <= 900


@pytest.mark.parametrize("width", [1100, 1440])
def test_the_segments_status_line_is_never_cut(qtbot, make_page, width):
    from gui.pages.segments.page import SegmentsPage

    page = make_page(SegmentsPage)
    page.resize(width, 760)
    long = ("2,997 customers active in the 52 weeks before 2026-11-01 · 6 interest clusters · k = 6: the fewest "
            "clusters whose silhouette is within 0.01 of the best (0.522) among the usable k from 5 to 12 (every "
            "cluster ≥ 3% of customers, adjusted Rand ≥ 0.80 across 3 seeds) · run 2")
    page.say(long)
    page.grab()
    status = page.controls.status
    assert status.isVisible()
    assert status.height() >= status.heightForWidth(status.width()), (status.height(), status.width())


def test_a_new_project_does_not_show_the_previous_projects_curves(qtbot, make_page, monkeypatch, tmp_path):
    """Another project opens while a training runs on the old one: the old job is cancelled, but a
    long step may still report a cut after the switch. That cut must not draw on the new project."""
    import threading

    from engine.models.migration.partials import CutScored
    from engine.store import create_project
    from gui.context import AppContext
    from gui.pages.migration.page import MigrationPage

    go = threading.Event()

    def training(project, *, as_of=None, params=None, progress, cancel):
        progress(1, 10, "cut 1", CutScored({"gbm": 0.8, "popularity": 0.6}))
        assert go.wait(HANG_S)   # a long step: the switch does not wait for it
        progress(2, 10, "cut 2", CutScored({"gbm": 0.81, "popularity": 0.61}))
        cancel.raise_if_cancelled()
        raise AssertionError("not cancelled")

    monkeypatch.setattr("gui.pages.model_page.lazy", lambda name, **kw: training)
    monkeypatch.setattr(AppContext, "SWITCH_WAIT_MS", 0)
    page = make_page(MigrationPage)
    job = page.start()
    qtbot.waitUntil(lambda: bool(page.curves.points), timeout=HANG_MS)
    page.ctx.set_project(create_project(tmp_path / "new.shiftwise"))
    assert page.curves.points == {}
    seen = []
    # connected after the page's own slots: sees the chart as the late partial left it
    job.partial.connect(lambda _p: seen.append({k: list(v) for k, v in page.curves.points.items()}))
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        go.set()
    assert seen == [{}]
    assert page.curves.points == {}


def test_too_little_history_is_a_message_on_the_page_not_an_error_dialog(qtbot, main_window, monkeypatch,
                                                                        tmp_path):
    """A six-week shop: Train all stops at a model that needs more history, and says so plainly."""
    import duckdb

    from engine.demo import generate_demo_shop
    from engine.ingest import import_file
    from engine.store import create_project

    files = generate_demo_shop(tmp_path / "shop", seed=3, n_customers=200)
    short = tmp_path / "short.csv"
    src = str(files.events_csv).replace("'", "''")
    duckdb.sql(f"COPY (SELECT * FROM read_csv_auto('{src}') WHERE ts >= (SELECT max(ts) FROM "
               f"read_csv_auto('{src}')) - INTERVAL 6 WEEK) TO '{short}' (HEADER)")
    project = create_project(tmp_path / "short.shiftwise")
    import_file(project, short)
    project.close()
    dialogs = []
    monkeypatch.setattr("gui.main_window.show_error", lambda *a, **k: dialogs.append(a))
    main_window.open_project_path(tmp_path / "short.shiftwise")
    main_window.nav.setCurrentRow(list(main_window.pages).index("decay"))
    job = main_window.train_all()
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert dialogs == []
    page = main_window.pages["decay"]
    assert "history" in page.controls.status.text()
    assert "history" in main_window.statusBar().currentMessage()


def test_every_page_fits_a_laptop_screen(qtbot, main_window, demo_project_file, tmp_path):
    import shutil

    path = tmp_path / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    main_window.resize(1440, 900)
    main_window.open_project_path(path)
    for key, page in main_window.pages.items():
        main_window.nav.setCurrentRow(list(main_window.pages).index(key))
        main_window.grab()
        assert page.minimumSizeHint().width() + main_window.nav.width() <= 1400, key
        assert main_window.width() <= 1440, key


def test_auc_means_are_read_in_a_legend_that_covers_neither_curves_nor_itself(qtbot):
    from gui.pages.migration.curves import LEGEND_NAME, TrainingCurves

    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.resize(760, 330)
    curves.show()
    qtbot.waitExposed(curves)
    # close means: labels on the lines would sit on top of each other
    means = {f"Candidate {c} (scores and each customer's ranks, a long name)": (0.90 + 0.002 * i, 0.01)
             for i, c in enumerate("ABCDEFGH")}
    curves.load({n: [m - 0.01, m + 0.01] for n, (m, _) in means.items()}, means)
    for _ in range(3):   # the graphics layout places the legend on posted layout requests
        QCoreApplication.processEvents()
    curves.grab()
    texts = [label.text for _, label in curves.legend.items]
    for name, (mean, sd) in means.items():
        # a long name is cut in the legend (its second column ran past the chart's edge), its figures kept
        shown = name if len(name) <= LEGEND_NAME else name[:LEGEND_NAME - 1].rstrip() + "…"
        assert any(t.startswith(shown) and f"{mean:.3f} ±{sd:.3f}" in t for t in texts), name
    assert all(getattr(line, "label", None) is None for line in curves.baseline_lines.values())   # none on lines
    # the text without its document's blank margin: the rows are packed closer than the margins (a laptop's
    # screen left the chart 30 pixels under two columns of legend), never the letters
    rects = [label.sceneBoundingRect().adjusted(0, m, 0, -m) for _, label in curves.legend.items
             for m in [label.item.document().documentMargin()]]
    for i, a in enumerate(rects):
        assert not any(a.intersects(b) for b in rects[i + 1:])
    view = curves.metric_plot.getViewBox().sceneBoundingRect()
    assert not curves.legend.sceneBoundingRect().intersects(view)
    assert curves.legend.sceneBoundingRect().right() <= curves.metric_plot.width()


@pytest.mark.parametrize("kinds", [["view", "cart", "favourite", "purchase", "refund"], ["purchase"]])
def test_the_events_chart_legend_is_beside_the_curves_its_entries_together_at_the_top(qtbot, kinds):
    """Over the curves the legend hid them (at 10^7 events the views' line), and on a laptop's screen its last
    entry ran past the chart's foot; beside them, stretched to the chart's height, two entries stood 90 pixels
    apart, each label above its line."""
    import numpy as np

    from engine.read.overview import WeeklyEvents
    from gui.pages.data.weekly_chart import WeeklyEventsChart

    chart = WeeklyEventsChart()
    qtbot.addWidget(chart)
    chart.resize(700, 190)   # the Data page's chart on a 1366 x 740 screen
    chart.show()
    qtbot.waitExposed(chart)
    weeks = np.arange(30, dtype=np.float64) * 7 * 86400 + 1.7e9
    weekly = WeeklyEvents(weeks, {k: np.full(30, 1000.0 * (i + 1)) for i, k in enumerate(kinds)},
                          partial=(True, True))
    chart.set_weekly(weekly, kinds)
    for _ in range(3):   # the graphics layout places the legend on posted layout requests
        QCoreApplication.processEvents()
    chart.grab()
    legend = chart.plot.getPlotItem().legend
    assert len(legend.items) == len(kinds) + 1   # and the dashed ends' line
    box = legend.sceneBoundingRect()
    view = chart.plot.getViewBox().sceneBoundingRect()
    assert not box.intersects(view) and box.right() <= chart.plot.width() and box.bottom() <= chart.plot.height()
    # each line beside its own words, the entries packed at the top of the column
    for sample, label in legend.items:
        text = label.item.sceneBoundingRect()
        assert text.top() <= sample.sceneBoundingRect().center().y() <= text.bottom(), label.text
    assert box.height() < 0.8 * view.height() or len(kinds) > 2


def test_curves_loaded_again_for_the_same_candidates_keep_their_items_and_take_the_new_figures(qtbot):
    """A reload after a run drew the same candidates' curves, lines and legend again (40-90 ms of the window at 10^7
    events): they are kept and take the new figures; other candidates are drawn anew."""
    from gui.pages.migration.curves import TrainingCurves

    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.load({"gbm": [0.80, 0.82], "popularity": [0.70, 0.71]}, {"gbm": (0.81, 0.01), "popularity": (0.705, 0.005)})
    kept = dict(curves.curves)
    curves.load({"gbm": [0.84, 0.86], "popularity": [0.70, 0.72]}, {"gbm": (0.85, 0.01), "popularity": (0.71, 0.01)})
    assert curves.curves == kept
    assert list(curves.curves["gbm"].getData()[1]) == [0.84, 0.86]
    assert curves.baseline_lines["gbm"].value() == 0.85
    texts = [label.text for _, label in curves.legend.items]
    assert len(texts) == 2 and any("0.850" in t for t in texts) and not any("0.810" in t for t in texts)
    curves.load({"gbm": [0.84, 0.86]}, {"gbm": (0.85, 0.01)})   # another set of candidates
    assert set(curves.curves) == {"gbm"} and curves.curves["gbm"] is not kept["gbm"]
    assert len(curves.legend.items) == 1


def test_the_expected_vs_actual_chart_draws_the_top_categories(qtbot):
    from engine.models.migration.results import CategoryCheck
    from gui.pages.migration.category_check import TOP, CategoryCheckChart

    chart = CategoryCheckChart()
    qtbot.addWidget(chart)
    rows = [(f"Category {i}", 30.0 - i, 25 - i) for i in range(20)]
    chart.show_check(CategoryCheck("2026-10-04", 4, "Gradient boosting", rows, 400.0, 380))
    assert chart.bar_values() == [(n, e, float(a)) for n, e, a in rows[:TOP]]
    assert "2026-10-04" in chart.getPlotItem().titleLabel.text and "400 expected" in chart.getPlotItem().titleLabel.text
    chart.show_check(None)
    assert chart.bar_values() == []


def test_the_cluster_mix_title_and_legend_are_read_whole_beside_long_cluster_names(qtbot):
    from PySide6.QtGui import QTextDocument

    from gui.pages.segments.stacked_bars import StackedBars

    title = "Interest clusters: category mix"
    bars = StackedBars(title)
    qtbot.addWidget(bars)
    bars.resize(420, 260)
    bars.show()
    qtbot.waitExposed(bars)
    rows = ["Frzn meat/meat dinners & frozen pizza regulars (791)", "Coupon/misc items & fluid milk shoppers (243)"]
    parts = ["SOFT DRINKS", "CANDY - CHECKLANE", "ICE CREAM/MILK/SHERBTS", "VEGETABLES - SHELF STABLE", "BEEF",
             "BAKED BREAD/BUNS/ROLLS", "other"]
    bars.set_data(rows, parts, [[0.1] * 7, [0.1] * 7])
    for _ in range(3):
        QCoreApplication.processEvents()
    bars.grab()
    item = bars.plot.getPlotItem()
    # long names on the left leave the chart's own column narrower than the title: the title spans the names too
    view = item.getViewBox().sceneBoundingRect()
    text = item.titleLabel.item
    written = text.mapRectToScene(text.boundingRect())
    assert view.width() < written.width() and text.toPlainText() == title
    room = item.titleLabel.sceneBoundingRect()
    assert room.left() <= written.left() and written.right() <= room.right() <= bars.width()
    # the legend's lines break between names only ("CANDY -" / "CHECKLANE" read as two names)
    doc = QTextDocument()
    doc.setHtml(bars.legend.text())
    doc.setTextWidth(200)
    doc.size()   # lays the text out
    block = doc.firstBlock()
    text, layout = block.text(), block.layout()
    lines = [text[layout.lineAt(i).textStart():][:layout.lineAt(i).textLength()].strip()
             for i in range(layout.lineCount())]
    assert len(lines) > 2 and all(line.startswith("■") for line in lines)
    assert "\u00a0".join("CANDY - CHECKLANE".split()) in text.replace("\u2060", "")


def test_a_card_of_words_is_written_smaller_than_a_card_of_figures(qtbot):
    from gui.widgets.stat_card import VALUE_PT, WORDS_PT, StatCard

    card = StatCard("Shipped lapse score")
    qtbot.addWidget(card)
    card.set("1,215")
    assert f"{VALUE_PT}pt" in card.value.styleSheet()
    card.set("gradient boosting + decay model", "AUC 0.784")
    assert f"{WORDS_PT}pt" in card.value.styleSheet()
    card.set("740")
    assert f"{VALUE_PT}pt" in card.value.styleSheet()
