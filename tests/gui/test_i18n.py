"""The interface in Chinese and in English: the catalogs are complete and compiled from their
sources, the main window on the demo project speaks Chinese on every page (menus, titles, labels,
buttons, chart titles and axes, table headers), screenshots of each page in both languages are
written under tmp_path, and English still reads as before."""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QGroupBox, QLabel, QLineEdit,
                               QListWidget, QTabWidget, QWidget)

from engine.messages import Message
from engine.models.segments.labels import label_message
from engine.read.stored_text import stored_reason

from gui.i18n.translators import install_language, resolve_language
from tests.waits import HANG_MS

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
sys.path.insert(0, str(ROOT / "tools"))
import update_translations  # noqa: E402

#: Two models train in seconds with small searches: their pages then show cards, charts and labels.
FAST = {"segments": {"k_min": 5, "k_max": 6},
        "decay": {"max_sequences": 200, "train_cuts": 1, "max_train_rows": 20_000}}
PLACEHOLDER = re.compile(r"\{[^}]*\}|%L?n")
#: Rows of each table whose cells are read (data values: kinds, statuses, tiers, events, names, reasons).
CELL_ROWS = 5


def _messages(name: str):
    for context in ET.parse(I18N / name).getroot():
        for message in context.findall("message"):
            yield context.find("name").text, message


def _english_sources() -> set[str]:
    """Every GUI source text whose Chinese differs from it: seen on screen, it was not translated."""
    out = set()
    for _ctx, m in _messages("shiftwise_zh_CN.ts"):
        source = m.find("source").text
        forms = [f.text for f in m.find("translation").iter("numerusform")] or [m.find("translation").text]
        if forms != [source] and len(source) > 1:
            out.add(source.replace("&", ""))
    return out


def test_catalogs_are_complete_and_compiled_from_the_current_sources(tmp_path):
    assert update_translations.stale(tmp_path) == [], "run python tools/update_translations.py"
    count = 0
    for ctx, m in _messages("shiftwise_zh_CN.ts"):
        source, translation = m.find("source").text, m.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        where = f"{ctx}: {source!r}"
        assert translation.get("type") is None, f"unfinished or obsolete: {where}"
        assert all(f.strip() for f in forms), f"no translation: {where}"
        # Chinese has one plural form; every placeholder of the source survives
        assert len(forms) == 1, where
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(forms[0])), where
        count += 1
    assert count > 400
    english = list(_messages("shiftwise_en.ts"))
    assert english, "the English catalog holds the plural forms"
    for ctx, m in english:
        forms = [f.text for f in m.find("translation").iter("numerusform")]
        assert m.get("numerus") == "yes" and len(forms) == 2 and all(forms), f"{ctx}: {m.find('source').text!r}"


def test_the_language_follows_settings_else_the_system():
    assert resolve_language("zh_CN") == "zh_CN" and resolve_language("en") == "en"
    assert resolve_language("system", QLocale("zh_TW")) == "zh_CN"
    assert resolve_language("system", QLocale("de_DE")) == "en"


def test_qt_own_catalog_and_locale_follow_the_language(qapp):
    try:
        loaded = install_language("zh_CN")
        assert any(Path(p).name == "qtbase_zh_CN.qm" for p in loaded)
        assert {Path(p).name for p in loaded} >= {"engine_zh_CN.qm", "shiftwise_zh_CN.qm"}
        assert QLocale().name() == "zh_CN"
        from gui.i18n.plurals import plurals

        assert plurals().days(3) == "3 天" and plurals().weeks(1_200) == "1,200 周"
    finally:
        install_language("en")
    from gui.i18n.plurals import plurals

    assert plurals().days(1) == "1 day" and plurals().days(3) == "3 days"


def _visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) of what the user reads in the window now."""
    out = []
    for w in window.findChildren(QWidget):
        if not w.isVisible():
            continue
        name = f"{type(w).__name__} {w.objectName()}".strip()
        if isinstance(w, QLabel):
            out.append((name, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((name, w.placeholderText()))
        elif isinstance(w, QComboBox) and w.count():
            out += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            out += [(name, w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None and hasattr(w, "horizontalHeader"):
            model = w.model()
            out += [(f"{name} header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                    for c in range(model.columnCount()) if not w.isColumnHidden(c)]
            out += [(f"{name} cell {model.headerData(c, Qt.Orientation.Horizontal)}", str(model.index(r, c).data() or ""))
                    for r in range(min(CELL_ROWS, model.rowCount())) for c in range(model.columnCount())
                    if not w.isColumnHidden(c)]
        if isinstance(w, QListWidget):
            out += [(f"{name} item", w.item(i).text().split("\n")[0]) for i in range(w.count())]
        if w.toolTip():
            out.append((f"{name} tooltip", w.toolTip()))
        plot = getattr(w, "getPlotItem", None)
        if callable(plot):
            item = plot()
            out.append((f"{name} title", item.titleLabel.text))
            for side in ("left", "bottom"):
                out.append((f"{name} {side} axis", item.getAxis(side).labelText))
            legend = item.legend
            if legend is not None:
                out += [(f"{name} legend", label.text) for _sample, label in legend.items]
    return [(where, re.sub(r"<[^>]+>", "", text).strip()) for where, text in out if text and text.strip()]


def _english_engine_text(text: str) -> bool:
    """Text the engine stored in English (a reason, a cluster name) shown as it was stored."""
    return isinstance(stored_reason(text), list) or isinstance(label_message(text), Message)


def _untranslated(seen: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str, str]]:
    english = _english_sources()
    return sorted({(key, where, text) for key, texts in seen.items() for where, text in texts
                   if text.replace("&", "") in english or _english_engine_text(text)})


def _tour(qtbot, window, shots: Path) -> dict[str, list[tuple[str, str]]]:
    shots.mkdir(parents=True, exist_ok=True)
    seen = {}
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        key = next(k for k, p in window.pages.items() if p is page)
        qtbot.waitExposed(page)
        # the layouts that new texts asked for are done before the picture is taken
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        assert window.grab().save(str(shots / f"{row + 1}_{key}.png"))
        seen[key] = _visible_texts(window)
    return seen


def _open_demo(qtbot, tmp_path, demo_project_file):
    from gui.main_window import MainWindow

    path = tmp_path / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    assert window.open_project_path(path) is not None
    return window


def _train_fast(qtbot, window) -> None:
    for key, params in FAST.items():
        page = window.pages[key]
        page.extra_params = dict(params)
        job = page.start()
        with qtbot.waitSignal(job.finished, timeout=HANG_MS):
            pass
        assert job.state == "done", job.error


def _close(qtbot, window) -> None:
    for job in window.runner.running():
        job.cancel()
    qtbot.waitUntil(lambda: not window.runner.running(), timeout=HANG_MS)
    window.close()


@pytest.fixture
def chinese(qapp):
    install_language("zh_CN")
    yield
    install_language("en")


def test_every_page_in_chinese(qtbot, tmp_path, demo_project_file, chinese):
    window = _open_demo(qtbot, tmp_path, demo_project_file)
    try:
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "模型(&M)", "帮助(&H)"]
        titles = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert titles[:2] == ["数据", "顾客"] and "分群" in titles and "营销活动" in titles
        _train_fast(qtbot, window)
        seen = _tour(qtbot, window, tmp_path / "zh_CN")
        assert _untranslated(seen) == []
        # the trained runs' data values: kinds, statuses, metric names, tiers and cluster names
        runs = " ".join(t for w, t in seen["runs"] if " cell " in w)
        assert "分群" in runs and "完成" in runs, runs
        metric = window.pages["runs"].chart.metric
        assert metric.count() and all(metric.itemText(i) != metric.itemData(i) for i in range(metric.count())), \
            " ".join(metric.itemData(i) for i in range(metric.count()) if metric.itemText(i) == metric.itemData(i))
        tiers = {t for w, t in seen["segments"] if w.endswith(" cell 分层")}
        clusters = {t for w, t in seen["segments"] if w.endswith(" cell 兴趣群")}
        assert tiers == {"重度"} and clusters and all(re.search(r"[\u4e00-\u9fff]", c) for c in clusters), \
            (tiers, clusters)
        assert "占营业额" in " ".join(t for _w, t in seen["segments"])
        assert "半衰期中位数" in " ".join(t for _w, t in seen["decay"])
        assert window.pages["data"].cards["customers"].caption.text() == "顾客"
    finally:
        _close(qtbot, window)


def test_every_page_still_in_english(qtbot, tmp_path, demo_project_file):
    window = _open_demo(qtbot, tmp_path, demo_project_file)
    try:
        assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Models", "&Help"]
        seen = _tour(qtbot, window, tmp_path / "en")
        data = " ".join(t for _w, t in seen["data"])
        assert "Date range" in data and "Events per week" in data
        assert not re.search(r"[\u4e00-\u9fff]", " ".join(t for texts in seen.values() for _w, t in texts))
    finally:
        _close(qtbot, window)


def test_settings_tour_and_about_in_chinese(qtbot, tmp_path, chinese):
    from gui.dialogs.settings_dialog import SettingsDialog
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_tour()
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    assert dialog.grab().save(str(tmp_path / "settings_zh_CN.png"))
    assert window.grab().save(str(tmp_path / "tour_zh_CN.png"))
    assert dialog.windowTitle() == "设置" and dialog.language.itemText(0) == "跟随系统"
    assert "下次启动" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "三个问题" in window.tour_dock.widget().text.text()
    assert "所有计算都在这台电脑上进行" in window.about_text()
    english = _english_sources()
    assert [(w, t) for w, t in _visible_texts(dialog) if t.replace("&", "") in english] == []
    dialog.reject()
    window.close()


def test_stored_values_read_in_chinese_and_stay_stored(chinese):
    """Values the pages show from the store: a transfer row's reason (no evidence columns kept), a
    campaign list's reason and group, a saved campaign's status and target, a cluster name; text
    that matches no template is shown as stored."""
    from gui.i18n import values

    transfer = ("New customer (5 purchases so far): customers like them (profile, first purchases) went on to "
                "buy Tea 1.5× as often as average")
    assert values.reason(transfer) == "新顾客（迄今购买 5 次）：相似顾客（资料、最初几次购买）之后购买 Tea 的频率是平均水平的 1.5 倍"
    migration = "viewed Dairy 3× in the last 3 weeks; bought Dairy 2× before, last 4 weeks ago"
    assert values.reason(migration) == "最近 3 周浏览 Dairy 3 次；以前购买过 Dairy 2 次，最近一次在 4 周前"
    assert values.reason("buys again with p 0.53; expected spend 12.40; 3 orders, last 2024-01-02").startswith("再次购买")
    assert values.reason("typed by hand") == "typed by hand"
    assert [values.campaign_value(v) for v in ("target", "control", "active", "closed")] == ["目标组", "对照组", "进行中",
                                                                                             "已结束"]
    assert values.campaign_category("Any purchase · likely to lapse") == "任意购买 · 可能流失"
    assert values.campaign_category("Dairy") == "Dairy"
    assert values.cluster_label("Maternity regulars") == "Maternity 常客"
    assert values.cluster_label("Tea shoppers (+ Coffee) 2") == "Tea 购物者（+ Coffee） 2"
    assert values.run_status("interrupted") == "已中断" and values.run_kind("transfer") != "transfer"
    assert values.event_type("refund") != "refund" and values.event_type("custom") == "custom"
