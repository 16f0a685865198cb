"""The engine's messages in Chinese: the compiled catalog translates every template the pages show,
numbers follow QLocale, and a plain string or an untranslated language falls back to English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from engine.campaigns.uplift import Uplift
from engine.evaluation.verdict import describe, judge
from engine.messages import TEMPLATES, Message, msg, term
from engine.models.base import NoDataError
from engine.store.errors import ProjectLockedError
from gui.i18n.engine_text import engine_text, locale_number

QM = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "engine_zh_CN.qm"
#: names that stay as they are in Chinese text: acronyms are allowed by the check itself
PROPER = {"Hawkes", "Gamma", "Shiftwise", "DuckDB", "Excel", "Parquet", "Repair"}
PAIR_LABELS = {"lstm": "LSTM (this model)", "gbm": "Gradient boosting (hand features)",
               "popularity": "Popularity (category shift rate)"}


@pytest.fixture
def chinese(qapp):
    translator = QTranslator()
    assert translator.load(str(QM))
    before = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(before)


def english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]+", text) if not w.isupper() and w not in PROPER]


def _verdicts() -> list[Message]:
    beats = judge({"lstm": [0.80, 0.81, 0.79], "gbm": [0.75, 0.76, 0.74]}, house="lstm", metric="auc",
                  cuts=["2017-06-01", "2017-07-01", "2017-08-01"])
    ties = judge({"lstm": [0.75, 0.80], "gbm": [0.78, 0.77]}, house="lstm", metric="auc", cuts=["a", "b"])
    loses = judge({"lstm": [0.60, 0.62], "popularity": [0.75, 0.74]}, house="lstm", metric="auc", cuts=["a", "b"])
    one_cut = judge({"lstm": [0.60], "popularity": [0.75]}, house="lstm", metric="auc", cuts=["a"])
    out = [describe(v, PAIR_LABELS) for v in (beats, ties, loses, one_cut)]
    assert [m.id for m in out] == ["verdict.beats", "verdict.ties", "verdict.loses", "verdict.loses.one_cut"]
    return out


def _uplift(**kw) -> Uplift:
    import datetime as dt
    base = dict(campaign_id=1, name="春季茶叶", category="茶", campaign_date=dt.datetime(2017, 6, 1),
                horizon_weeks=4, weeks_observed=4.0, n_target=700, n_control=300, shifted_target=84,
                shifted_control=21, rate_target=0.12, rate_control=0.07, uplift=0.05, ci_low=0.012,
                ci_high=0.085, expected_shifters=80.0)
    return Uplift(**{**base, **kw})


def representative() -> list[Message]:
    return [*_verdicts(),
            _uplift().describe(), _uplift(weeks_observed=1.5).describe(), _uplift(weeks_observed=0.0).describe(),
            NoDataError(msg("migration.needs_history", weeks=24, as_of="2017-08-28", have=20)).message,
            ProjectLockedError(msg("project.locked", name="店铺项目")).message,
            msg("decay.trained", categories=12, half_life=23.4, pairs=123_456, verdict=_verdicts()[0]),
            msg("categories.refused", models=[term("decay"), term("migration")],
                reason=msg("categories.pending", items=1200)),
            msg("card.pairs.text", scored=1_234_567, kept=50_000, top=5, floor=0.05)]


def test_representative_messages_read_in_chinese_with_no_english_words(chinese):
    for m in representative():
        text = engine_text(m)
        assert text != str(m)
        assert not english_words(text), (m.id, text)


def test_every_template_is_translated_by_the_compiled_catalog(chinese):
    # a template of placeholders and punctuation alone ("{label} {n}") may read the same in Chinese
    untranslated = [k for k, t in TEMPLATES.items()
                    if QCoreApplication.translate("engine", t) == t and not k.startswith("card.count")
                    and re.search(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", t))]
    assert untranslated == []


def test_numbers_follow_the_locale(chinese):
    german = QLocale("de_DE")
    assert locale_number(0.8123, ".3f", german) == "0,812"
    assert locale_number(1_234_567, ",", german) == "1.234.567"
    assert locale_number(2.5, "+.1f", german) == "+2,5" and locale_number(-2.5, "+.1f", german) == "-2,5"
    assert locale_number(0.153, ".0%", german).startswith("15")
    assert locale_number(2017, "", german) == "2017"    # no grouping where the template asks none
    assert locale_number(123_456, ",", QLocale.c()) == "123,456"
    text = engine_text(msg("export.too_many_rows", rows=1_234_567))
    assert text.startswith("1,234,567 行")


def test_without_a_translator_the_text_is_the_english_one(qapp):
    for m in representative():
        assert engine_text(m) == str(m)
    assert engine_text("a plain string") == "a plain string" and engine_text(None) == ""
    exc = NoDataError(msg("data.no_events"))
    assert engine_text(exc) == str(exc)


def test_the_migration_model_card_reads_in_chinese(chinese, qtbot):
    import datetime as dt

    from engine.models.migration.results import model_card
    from engine.store.runs import RunInfo
    from gui.pages.migration.card import ModelCardView

    cuts = ["2017-07-03", "2017-07-31"]
    v = judge({"lstm": [0.80, 0.81], "popularity": [0.70, 0.71]}, house="lstm", metric="auc", cuts=cuts)
    from engine.messages import with_message
    from engine.models.migration.service import _why
    one = {"mean": 0.8, "sd": 0.01, "per_cut": [0.8, 0.8]}
    metrics = {"candidates": {n: {k: one for k in ("auc", "precision@5", "recall@10", "ndcg@10")}
                              for n in ("lstm", "popularity")},
               "shipped": "lstm", "shipped_label": PAIR_LABELS["lstm"], "outcome": "beats", "cuts": cuts,
               "categories": 12, "categories_in_data": 14, "customers_scored": 2429, "candidate_pairs": 123_456,
               "pairs_written": 20_000, **with_message("verdict", describe(v, PAIR_LABELS)),
               **with_message("why", _why(v))}
    run = RunInfo(7, "migration", "done", dt.datetime(2017, 8, 28), {}, metrics, None,
                  dt.datetime(2017, 8, 28), None, 42.0)
    view = ModelCardView()
    qtbot.addWidget(view)
    view.show_card(model_card(run))
    texts = [view.verdict.text()] + [view.table.item(i, 0).text() for i in range(view.table.rowCount())]
    for i in range(view.facts.rowCount()):
        for role in (view.facts.ItemRole.LabelRole, view.facts.ItemRole.FieldRole):
            texts.append(view.facts.itemAt(i, role).widget().text())
    assert "已采用" in "".join(texts) and "优于" in view.verdict.text()
    for text in texts:
        assert not english_words(text), text
