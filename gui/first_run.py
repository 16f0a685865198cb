"""The first-run tour: a few lines on what Shiftwise answers and where to start, shown once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

#: QSettings key: the tour was dismissed (it is not shown again at start).
TOUR_SEEN = "tour/seen"


def tour_html(on_demo: bool = True) -> str:
    """The tour in the interface language: each item one sentence for the translators. Its last sentence says
    the demo shop is in view only when it is (``on_demo``): Help ▸ Getting started opens it over any project."""
    items = (QCoreApplication.translate(
                 "TourPanel", "<b>Who are my customers?</b> Interest tiers and clusters, on <i>Segments</i>."),
             QCoreApplication.translate(
                 "TourPanel", "<b>Whose interest is fading, and in what?</b> Half-lives and lapse risk, on "
                 "<i>Decay</i>."),
             QCoreApplication.translate(
                 "TourPanel", "<b>Who is about to move into a new category?</b> The shift model and its "
                 "baselines, on <i>Migration</i>; <i>Campaigns</i> turns its scores into mailing lists."))
    # one paragraph, not a list of five lines: over every page at the first start, the list left the Decay page's
    # at-risk list one row on a laptop's screen (session 43)
    return (QCoreApplication.translate("TourPanel", "<b>Shiftwise answers three questions about your shop's "
                                                    "customers:</b>")
            + "".join(f" {n}&nbsp;{i}" for n, i in zip(("①", "②", "③"), items)) + "<br>"
            + (QCoreApplication.translate(
                "TourPanel", "You are looking at the demo shop. To start with your own data: <b>File ▸ Import</b> "
                "(Ctrl+I) or drop a shop export on the window, then <b>Models ▸ Train all</b> (Ctrl+T).")
               if on_demo else QCoreApplication.translate(
                "TourPanel", "To add data: <b>File ▸ Import</b> (Ctrl+I) or drop a shop export on the window, then "
                "<b>Models ▸ Train all</b> (Ctrl+T).")))


class TourPanel(QFrame):
    """A dismissible panel above the pages, not a dialog: it never blocks the window."""

    dismissed = Signal()

    def __init__(self, on_demo: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunTour")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#firstRunTour { background: palette(alternate-base); }")
        row = QHBoxLayout(self)
        self.text = QLabel(tour_html(on_demo))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.text, 1)
        column = QVBoxLayout()
        self.close_button = QPushButton(self.tr("Got it"))
        self.close_button.setObjectName("dismissTour")
        self.close_button.clicked.connect(self.dismissed)
        column.addWidget(self.close_button)
        column.addStretch(1)
        row.addLayout(column)

    def set_on_demo(self, on_demo: bool) -> None:
        """Say whether the demo shop is the project in view (the window tells it as projects open)."""
        self.text.setText(tour_html(on_demo))
