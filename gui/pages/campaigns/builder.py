"""The campaign builder form: every control maps to one field of a CampaignSpec."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QSpinBox, QVBoxLayout, QWidget)

from engine.campaigns import CampaignSpec, ModelSources
from engine.campaigns.spec import CUSTOMER_TARGETS
from gui.i18n.engine_text import engine_text, locale_number
from gui.i18n.names import tier_name
from gui.i18n.values import cluster_label

#: The combo's data for a customer target (a category name never starts with it).
TARGET_PREFIX = "\x00target:"


class BuilderForm(QWidget):
    #: Any setting changed (the page debounces it into one preview).
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = QComboBox()
        self.category.setMinimumContentsLength(14)
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.min_score = _spin(0, 1, 0.05, 2, self.tr("no minimum"))
        self.tier = QComboBox()
        self.cluster = QComboBox()
        self.min_lapse = _spin(0, 1, 0.1, 2, self.tr("any"))
        self.recent = QCheckBox(self.tr("bought it in the last"))
        self.recent.setChecked(True)
        self.recent_days = QSpinBox()
        self.recent_days.setRange(1, 720)
        self.recent_days.setValue(56)
        self.recent_days.setSuffix(self.tr(" days"))
        self.refund_only = QCheckBox(self.tr("only refunded what they bought"))
        self.refund_only.setChecked(True)
        self.active = QCheckBox(self.tr("are in another active campaign"))
        self.active.setChecked(True)
        self.size = QSpinBox()
        self.size.setRange(0, 10_000_000)
        self.size.setSingleStep(100)
        self.size.setSpecialValueText(self.tr("everyone who passes"))
        self.size.setPrefix(self.tr("top "))
        self.control = QSpinBox()
        self.control.setRange(0, 90)
        self.control.setValue(10)
        self.control.setSuffix(self.tr(" % held out"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.seed.setValue(1)
        self.seed.setToolTip(self.tr("The same seed draws the same control group from the same list"))
        self.horizon = QSpinBox()
        self.horizon.setRange(1, 26)
        self.horizon.setValue(4)
        self.horizon.setSuffix(self.tr(" weeks"))
        self.horizon.setToolTip(self.tr("A purchase of the category within this many weeks after the campaign "
                                        "date counts as a shift when results are measured"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("default: category, date and number"))
        self.attributes = QListWidget()
        self.attributes.setMaximumHeight(80)
        # a long attribute name (or the note that there are none) wraps rather than scrolling sideways
        self.attributes.setWordWrap(True)
        self.attributes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.attributes.setToolTip(self.tr("Customer attributes added as columns to the list and its export"))

        who = QGroupBox(self.tr("Who"))
        f = QFormLayout(who)
        f.addRow(self.tr("Target category"), self.category)
        self.min_score_label = QLabel()
        f.addRow(self.min_score_label, self.min_score)
        self._follow_target()
        f.addRow(self.tr("Tier"), self.tier)
        f.addRow(self.tr("Cluster"), self.cluster)
        f.addRow(self.tr("Lapse risk at least"), self.min_lapse)
        leave = QGroupBox(self.tr("Leave out customers who"))
        v = QVBoxLayout(leave)
        row = QHBoxLayout()
        row.addWidget(self.recent)
        row.addWidget(self.recent_days)
        row.addStretch(1)
        v.addLayout(row)
        v.addWidget(self.refund_only)
        v.addWidget(self.active)
        how = QGroupBox(self.tr("List"))
        f2 = QFormLayout(how)
        f2.addRow(self.tr("Size"), self.size)
        f2.addRow(self.tr("Control group"), self.control)
        f2.addRow(self.tr("Control seed"), self.seed)
        f2.addRow(self.tr("Measure over"), self.horizon)
        f2.addRow(self.tr("Name"), self.name)
        f2.addRow(QLabel(self.tr("Add attributes")), self.attributes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in (who, leave, how):
            layout.addWidget(box)
        layout.addStretch(1)

        self.category.currentIndexChanged.connect(self._follow_target)
        for w in (self.category, self.tier, self.cluster):
            w.currentIndexChanged.connect(self.changed)
        for w in (self.min_score, self.min_lapse, self.recent_days, self.size, self.control, self.seed, self.horizon):
            w.valueChanged.connect(self.changed)
        for w in (self.recent, self.refund_only, self.active):
            w.toggled.connect(self.changed)
        self.recent.toggled.connect(self.recent_days.setEnabled)
        self.attributes.itemChanged.connect(lambda _i: self.changed.emit())

    # -- options from the project ------------------------------------------------------
    def set_options(self, sources: ModelSources, categories: list[tuple[str, int, float, int, float]],
                    tiers: list[str], clusters: list[tuple[int, str]], attributes: list[str]) -> None:
        """Fill the choices; a filter whose model has not run is disabled with a tooltip saying which."""
        blockers = [w.blockSignals(True) for w in (self.category, self.tier, self.cluster, self.attributes)]
        try:
            keep = self.category.currentData()
            self.category.clear()
            for name, n, expected, n_new, expected_new in categories:
                self.category.addItem(self.tr("{category} — {expected} expected").format(
                    category=name, expected=locale_number(expected, ",.0f")), name)
                tip = self.tr("{customers} customers have a shift score for {category}; the scores add up to "
                              "{expected} expected shifters").format(
                    customers=locale_number(n, ","), category=name, expected=locale_number(expected, ",.1f"))
                if n_new:
                    # the Migration page counts the two apart: the tooltip says how its numbers make this one
                    tip += self.tr(" ({customers} of them new customers, ranked by the transfer model: {expected} "
                                   "expected)").format(customers=locale_number(n_new, ","),
                                                      expected=locale_number(expected_new, ",.1f"))
                self.category.setItemData(self.category.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            if sources.customers_run is not None:
                # customer targets (customers model): listed after the categories, work without them
                for target, tip in (("lapsing", self.tr("Repeat buyers more likely not to buy again than to buy, "
                                                        "the least likely first")),
                                    ("high-value", self.tr("Every customer, the highest expected spend first"))):
                    self.category.addItem(QCoreApplication.translate("campaigns", CUSTOMER_TARGETS[target]),
                                          TARGET_PREFIX + target)
                    self.category.setItemData(self.category.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            if keep is not None and (i := self.category.findData(keep)) >= 0:
                self.category.setCurrentIndex(i)
            _fill(self.tier, [(self.tr("Any tier"), None)] + [(tier_name(t), t) for t in tiers])
            _fill(self.cluster, [(self.tr("Any cluster"), None)]
                  + [(f"{c} · {cluster_label(label)}", c) for c, label in clusters])
            ticked = set(self.ticked_attributes())
            self.attributes.clear()
            for name in attributes:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
                self.attributes.addItem(item)
            if not attributes:
                self.attributes.addItem(self.tr("(the imports have no customer attributes)"))
                self.attributes.setEnabled(False)
            else:
                self.attributes.setEnabled(True)
        finally:
            for w, old in zip((self.category, self.tier, self.cluster, self.attributes), blockers):
                w.blockSignals(old)
        self._follow_target()   # the choice was made with the signals held (the demo's first is a customer target)
        for widget, key in ((self.category, "category"), (self.tier, "tier"), (self.cluster, "cluster"),
                            (self.min_lapse, "lapse")):
            reason = sources.unavailable.get(key)
            if key == "category" and sources.customers_run is not None:
                reason = None
            widget.setEnabled(reason is None)
            widget.setToolTip(engine_text(reason))

    def ticked_attributes(self) -> list[str]:
        out = []
        for i in range(self.attributes.count()):
            item = self.attributes.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                out.append(item.text())
        return out

    # -- the spec ---------------------------------------------------------------------------
    def customer_target(self) -> bool:
        """A customer target (customers model) is chosen, not a category: its score is a chance to buy again."""
        return str(self.category.currentData()).startswith(TARGET_PREFIX)

    def _follow_target(self) -> None:
        # a lapsing customer's score is their chance to buy again, not a shift into a category
        self.min_score_label.setText(self.tr("Min P(buy again)") if self.customer_target()
                                     else self.tr("Min shift score"))

    def spec(self) -> CampaignSpec | None:
        category = self.category.currentData()
        if category is None:
            return None
        tier, cluster = self.tier.currentData(), self.cluster.currentData()
        target = category[len(TARGET_PREFIX):] if str(category).startswith(TARGET_PREFIX) else "category"
        return CampaignSpec(
            category=CUSTOMER_TARGETS.get(target, category), target=target, name=self.name.text().strip(),
            min_score=self.min_score.value() or None,
            tiers=[tier] if tier and self.tier.isEnabled() else [],
            clusters=[int(cluster)] if cluster is not None and self.cluster.isEnabled() else [],
            min_lapse=(self.min_lapse.value() or None) if self.min_lapse.isEnabled() else None,
            suppress_recent_days=self.recent_days.value() if self.recent.isChecked() else None,
            suppress_refund_only=self.refund_only.isChecked(), suppress_active=self.active.isChecked(),
            size=self.size.value() or None, control_fraction=self.control.value() / 100.0,
            seed=self.seed.value(), horizon_weeks=self.horizon.value(), attributes=self.ticked_attributes())


def _spin(lo: float, hi: float, step: float, decimals: int, special: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(lo, hi)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setSpecialValueText(special)
    return spin


def _fill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    keep = combo.currentData()
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    if keep is not None and (i := combo.findData(keep)) >= 0:
        combo.setCurrentIndex(i)
