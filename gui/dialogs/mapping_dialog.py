"""The mapping dialog: which column is the customer, the time, the item...

Shows the file's first rows, a role selector per role (pre-set to the guess),
and, as the user changes them, the canonical rows and the rows that would be
rejected — computed by the engine's ``preview_mapping`` on the first 200 rows.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QLabel,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from engine.ingest import FileInspection, ImportError_, Mapping, preview_mapping
from engine.ingest.mapping import ROLE_LABELS, ROLES
from engine.ingest.reasons import reject_reason
from engine.store import Project
from gui.i18n.engine_text import engine_text

NONE = "(not in this file)"
ZONES = ("UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago",
         "America/Los_Angeles", "Asia/Shanghai", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney")
TIME_READINGS = (("Recognise automatically", None), ("Unix seconds", "unix_s"), ("Unix milliseconds", "unix_ms"),
                 ("Excel serial days", "excel"), ("Day first (31/12/2024 14:00)", "%d/%m/%Y %H:%M"),
                 ("Month first (12/31/2024 2:00 PM)", "%m/%d/%Y %I:%M %p"))
PREVIEW_ROWS = 50
CANONICAL_HEADERS = ["Customer", "Time", "Event", "Order", "Item", "Item name", "Category", "Quantity", "Amount"]


def _fill(table: QTableWidget, headers: list[str], rows: list) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.resizeColumnsToContents()


class MappingDialog(QDialog):
    def __init__(self, inspection: FileInspection, project: Project | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inspection = inspection
        self.project = project
        self.setWindowTitle(f"Choose the columns of {inspection.path.name}")
        self.resize(1000, 820)
        layout = QVBoxLayout(self)
        what = (f"Shiftwise read <b>{inspection.path.name}</b> as {inspection.guess.format}, but check the columns"
                if inspection.recognised else f"Shiftwise did not recognise <b>{inspection.path.name}</b>")
        intro = QLabel(
            f"{what} "
            f"({inspection.encoding}, {'tab' if inspection.delimiter == chr(9) else repr(inspection.delimiter)}"
            f"-separated). Tell it which column holds what. <b>Customer</b> and <b>Time</b> are required.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.file_table = QTableWidget()
        self.file_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        _fill(self.file_table, inspection.header, inspection.sample_rows[:PREVIEW_ROWS])
        top = QVBoxLayout()
        roles_box = QGroupBox("Columns")
        grid = QGridLayout(roles_box)
        self.role_combos: dict[str, QComboBox] = {}
        for role in ROLES:
            combo = QComboBox()
            combo.addItem(NONE, None)
            for col in inspection.header:
                combo.addItem(col, col)
            guessed = inspection.guess.columns.get(role)
            if guessed in inspection.header:
                combo.setCurrentIndex(inspection.header.index(guessed) + 1)
            combo.currentIndexChanged.connect(self.refresh_preview)
            label = ROLE_LABELS[role] + (" *" if role in ("customer_id", "ts") else "")
            # two columns of roles: events on the left, the rest and customer attributes on the right
            i = len(self.role_combos)
            row, col = (i, 0) if i < 9 else (i - 9, 2)
            grid.addWidget(QLabel(label), row, col)
            grid.addWidget(combo, row, col + 1)
            self.role_combos[role] = combo
        self.time_combo = QComboBox()
        for label, value in TIME_READINGS:
            self.time_combo.addItem(label, value)
        guessed_ts = inspection.guess.ts_format
        if guessed_ts and guessed_ts not in [v for _, v in TIME_READINGS]:
            self.time_combo.addItem(guessed_ts, guessed_ts)
        self.time_combo.setCurrentIndex(max(0, self.time_combo.findData(guessed_ts)))
        self.time_combo.currentIndexChanged.connect(self.refresh_preview)
        grid.addWidget(QLabel("Times are"), 8, 2)
        grid.addWidget(self.time_combo, 8, 3)
        self.zone_combo = QComboBox()
        self.zone_combo.addItem("in the project's time zone", None)
        for zone in ZONES:
            self.zone_combo.addItem(f"in {zone}", zone)
        if inspection.guess.timezone and self.zone_combo.findData(inspection.guess.timezone) < 0:
            self.zone_combo.addItem(f"in {inspection.guess.timezone}", inspection.guess.timezone)
        self.zone_combo.setCurrentIndex(max(0, self.zone_combo.findData(inspection.guess.timezone)))
        self.zone_combo.currentIndexChanged.connect(self.refresh_preview)
        grid.addWidget(QLabel("Time zone"), 9, 0)
        grid.addWidget(self.zone_combo, 9, 1, 1, 3)
        top.addWidget(roles_box, 0)
        file_box = QGroupBox("The file (first rows)")
        QVBoxLayout(file_box).addWidget(self.file_table)
        top.addWidget(file_box, 1)
        layout.addLayout(top, 2)

        self.tabs = QTabWidget()
        self.result_table = QTableWidget()
        self.rejects_table = QTableWidget()
        for t in (self.result_table, self.rejects_table):
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.result_table, "What will be imported")
        self.tabs.addTab(self.rejects_table, "Rows that would be rejected")
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.remember_box = QCheckBox("Remember these columns for files with the same header")
        self.remember_box.setChecked(True)
        layout.addWidget(self.remember_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.refresh_preview()

    def mapping(self) -> Mapping:
        guess = self.inspection.guess
        columns = {role: combo.currentData() for role, combo in self.role_combos.items() if combo.currentData()}
        return Mapping(format="custom" if guess.format in ("custom", "generic") else guess.format,
                       columns=columns, event_type_values=guess.event_type_values,
                       status_values=guess.status_values, timezone=self.zone_combo.currentData(),
                       ts_format=self.time_combo.currentData(),
                       year=guess.year, fill_by_order=guess.fill_by_order, header=self.inspection.has_header,
                       column_names=None if self.inspection.has_header else list(self.inspection.header))

    def remember(self) -> bool:
        return self.remember_box.isChecked()

    def refresh_preview(self) -> None:
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok) if hasattr(self, "buttons") else None
        mapping = self.mapping()
        missing = mapping.missing_required()
        if missing:
            _fill(self.result_table, CANONICAL_HEADERS, [])
            _fill(self.rejects_table, ["Line", "Reason", "Row"], [])
            self.status.setText("Choose the column for: " + ", ".join(ROLE_LABELS[m] for m in missing) + ".")
            if ok_button:
                ok_button.setEnabled(False)
            return
        try:
            good, bad = preview_mapping(self.project, self.inspection.path, mapping)
        except ImportError_ as exc:
            self.status.setText(engine_text(exc))
            if ok_button:
                ok_button.setEnabled(False)
            return
        _fill(self.result_table, CANONICAL_HEADERS, good[:PREVIEW_ROWS])
        _fill(self.rejects_table, ["Line", "Reason", "Row"],
              [(line, engine_text(reject_reason(reason)), raw) for line, reason, raw in bad[:PREVIEW_ROWS]])
        self.tabs.setTabText(1, f"Rows that would be rejected ({len(bad)})")
        total = len(good) + len(bad)
        self.status.setText(f"Of the first {total} rows, {len(good)} would be imported and {len(bad)} rejected.")
        if ok_button:
            ok_button.setEnabled(len(good) > 0)
