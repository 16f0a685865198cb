"""The mapping dialog's currencies: which one spend is in, and the rate of each other one the file's amounts are in.

Shown only for a file whose lines are in two currencies or more, counted over the whole file as the import counts
them (engine/ingest/currencies.py, engine/ingest/preview.py). The app runs
offline and knows no rates: a currency left at "no rate" has its lines without spend, as the import says.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QGridLayout, QGroupBox, QLabel, QWidget

#: The other currencies given a rate each (the file's most frequent, after the main one)
RATES_SHOWN = 5
#: Rates on a line, beside the main currency's choice
PER_LINE = 3


class CurrencyRates(QGroupBox):
    """The main currency and a rate per other currency; ``changed`` when the merchandiser changes either."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Amounts in several currencies"), parent)
        self.grid = QGridLayout(self)
        self.main_box = QComboBox()
        self.main_box.currentIndexChanged.connect(self._on_main_changed)
        self.grid.addWidget(QLabel(self.tr("Spend is in")), 0, 0)
        self.grid.addWidget(self.main_box, 0, 1)
        self.grid.setColumnStretch(2 + 3 * PER_LINE, 1)
        #: the currencies the file's lines are in, most lines first (as the preview counted them, the whole file's)
        self.found: tuple[str, ...] = ()
        #: the main currency the merchandiser chose, None for the one most lines are in
        self.chosen: str | None = None
        self.spins: dict[str, QDoubleSpinBox] = {}
        #: rates given before the rows were made (a saved mapping's), by currency
        self._given: dict[str, float] = {}
        self._rows: dict[str, tuple[QLabel, QDoubleSpinBox, QLabel]] = {}
        self.setVisible(False)

    def preset(self, main: str | None, rates: dict[str, float]) -> None:
        """A saved mapping's main currency and rates, shown once the preview finds the file's currencies."""
        self.chosen, self._given = main, dict(rates)

    def set_found(self, found: tuple[str, ...]) -> None:
        """The currencies of the preview (main first); the rows are made again only when they are others."""
        ordered = tuple(sorted(found))
        if ordered == tuple(sorted(self.found)):
            return
        self.found = found
        if self.chosen not in found:    # the columns changed: a choice among other currencies no longer holds
            self.chosen = None
        self.main_box.blockSignals(True)
        self.main_box.clear()
        for code in found:
            self.main_box.addItem(code, code)
        self.main_box.setCurrentIndex(max(0, self.main_box.findData(self.chosen)))
        self.main_box.blockSignals(False)
        for label, spin, unit in self._rows.values():
            for w in (label, spin, unit):
                self.grid.removeWidget(w)
                w.deleteLater()
        self._rows.clear()
        kept = {**self._given, **{code: spin.value() for code, spin in self.spins.items()}}
        self.spins.clear()
        for i, code in enumerate(found[:1 + RATES_SHOWN]):
            spin = QDoubleSpinBox()
            spin.setDecimals(6)
            spin.setRange(0.0, 1e6)
            spin.setSpecialValueText(self.tr("no rate: no spend"))
            spin.setValue(kept.get(code, 0.0))
            spin.valueChanged.connect(self.changed)
            label = QLabel(self.tr("1 {currency} =").format(currency=code))
            label.setContentsMargins(12, 0, 0, 0)   # apart from the currency before it
            self._rows[code] = (label, spin, QLabel())
            self.spins[code] = spin
        self._relabel()
        self.setVisible(len(found) > 1)

    def main_currency(self) -> str | None:
        return self.chosen

    def rates(self) -> dict[str, float]:
        """The rates given (a currency at "no rate" is left out), not the main currency's own."""
        main = self.main_box.currentData()
        return {code: spin.value() for code, spin in self.spins.items() if spin.value() > 0 and code != main}

    def _on_main_changed(self) -> None:
        self.chosen = self.main_box.currentData()
        self._relabel()
        self.changed.emit()

    def _relabel(self) -> None:
        """Each other currency's rate in the main one, side by side after the main currency's choice."""
        main = self.main_box.currentData()
        others = [code for code in self._rows if code != main]
        for code, row in self._rows.items():
            for w in row:
                self.grid.removeWidget(w)
                w.setVisible(code != main)
        for k, code in enumerate(others):
            label, spin, unit = self._rows[code]
            unit.setText(main or "")
            for j, w in enumerate((label, spin, unit)):
                self.grid.addWidget(w, k // PER_LINE, 2 + (k % PER_LINE) * 3 + j)
