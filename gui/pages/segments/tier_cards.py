"""A card per tier: its customers, its share of revenue, its change and its weekly revenue."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.models.segments.params import SegmentParams
from gui.i18n.engine_text import locale_number
from gui.i18n.names import tier_name
from gui.theme import tone_colour
from gui.widgets.chart_theme import ThemedPlotItem, follow_palette

TIER_COLOURS = {"light": "#9ecae1", "medium": "#4292c6", "heavy": "#08519c"}
TIER_TITLES = {"light": QT_TRANSLATE_NOOP("tiers", "Light"), "medium": QT_TRANSLATE_NOOP("tiers", "Medium"),
               "heavy": QT_TRANSLATE_NOOP("tiers", "Heavy")}

DEFAULT_MOVEMENT_WEEKS = SegmentParams().movement_weeks


class TierCard(QFrame):
    clicked = Signal(str)

    def __init__(self, tier: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tier = tier
        self.setObjectName(f"tierCard_{tier}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Show the customers of the {tier} tier").format(tier=tier_name(tier)))
        self.setStyleSheet(f"#tierCard_{tier} {{ border-left: 5px solid {TIER_COLOURS[tier]}; }}")
        self.title = QLabel("<b>" + QCoreApplication.translate("tiers", TIER_TITLES[tier]) + "</b>")
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.detail = QLabel("")
        self.trend = QLabel("")
        self.spark = follow_palette(pg.PlotWidget(plotItem=ThemedPlotItem()))
        self.spark.setFixedHeight(44)
        self.spark.hideAxis("left")
        self.spark.hideAxis("bottom")
        self.spark.setMenuEnabled(False)
        self.spark.setMouseEnabled(x=False, y=False)
        self.spark.hideButtons()
        self.spark.setToolTip(self.tr("Weekly revenue of this tier's customers"))
        self.spark.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.curve = self.spark.plot([], [], pen=pg.mkPen(TIER_COLOURS[tier], width=2),
                                     fillLevel=0, brush=pg.mkBrush(TIER_COLOURS[tier] + "40"))
        text = QVBoxLayout()
        text.setSpacing(1)
        for w in (self.title, self.value, self.detail, self.trend):
            text.addWidget(w)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(text, 3)
        layout.addWidget(self.spark, 2)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.tier)
        super().mouseReleaseEvent(event)

    def set_count(self, customers: int, total: int) -> None:
        """While training: the count is known before revenue and trend."""
        self.value.setText(locale_number(customers, ","))
        self.detail.setText(self.tr("{share} of customers").format(share=locale_number(customers / max(total, 1), ".0%")))
        self.trend.setText("")

    def set_card(self, card: dict[str, Any] | None, movement_weeks: int = DEFAULT_MOVEMENT_WEEKS) -> None:
        if card is None:
            self.value.setText("–")
            self.detail.setText(self.tr("No segmentation yet"))
            self.trend.setText("")
            self.curve.setData([], [])
            return
        n, before = card["customers"], card["customers_before"]
        self.value.setText(locale_number(n, ","))
        self.detail.setText(self.tr("{customers} of customers · {revenue} of revenue").format(
            customers=locale_number(card["customer_share"], ".0%"), revenue=locale_number(card["revenue_share"], ".0%")))
        change = n - before
        arrow, tone = ("▲", "good") if change > 0 else ("▼", "bad") if change < 0 else ("●", "muted")
        colour = tone_colour(tone, self.palette())
        self.trend.setText(f"<span style='color:{colour}'>{arrow} {locale_number(change, '+,')}</span> " + self.tr(
            "vs {weeks} weeks ago ({before})").format(weeks=movement_weeks, before=locale_number(before, ",")))
        revenue = np.asarray(card["weekly_revenue"], dtype=float)
        self.curve.setData(np.arange(len(revenue), dtype=float), revenue)
        self.spark.setToolTip(self.tr("Weekly revenue of this tier's customers, last {weeks} weeks").format(
            weeks=len(revenue)))


class TierCards(QWidget):
    tier_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {tier: TierCard(tier) for tier in TIER_TITLES}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for card in self.cards.values():
            card.clicked.connect(self.tier_clicked)
            layout.addWidget(card, 1)

    def set_counts(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        for tier, card in self.cards.items():
            card.set_count(int(counts.get(tier, 0)), total)

    def set_cards(self, cards: list[dict[str, Any]] | None, movement_weeks: int = DEFAULT_MOVEMENT_WEEKS) -> None:
        by_tier = {c["tier"]: c for c in cards or []}
        for tier, card in self.cards.items():
            card.set_card(by_tier.get(tier), movement_weeks)
