"""The mapping dialog: which column is the customer, the time, the item...

Shows the file's first rows, a role selector per role (pre-set to the guess),
and, as the user changes them, the canonical rows and the rows that would be
rejected — computed by the engine's ``preview_mapping`` on the first 200 rows, as a
job (opening a file may copy it whole) — and the lines of the whole file rejected
before any row is read (too long to be a row), which no mapping brings in. "This file
holds" reads a file as a product list or a list of customers (their columns only) when
no format recognised it so.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from engine.ingest import FileInspection, ImportError_, Mapping, inspect_file, preview_mapping
from engine.ingest.open_files import OpenFiles
from engine.ingest.mapping import LIST_ROLES, ROLES
from engine.ingest.reasons import reject_reason
from engine.store import Project
from gui.dialogs.currency_rates import CurrencyRates
from gui.i18n import values
from gui.i18n.engine_text import engine_text
from gui.jobs.runner import Job, JobRunner

NONE = QT_TRANSLATE_NOOP("MappingDialog", "(not in this file)")
ZONES = ("UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago",
         "America/Los_Angeles", "Asia/Shanghai", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney")
TIME_READINGS = ((QT_TRANSLATE_NOOP("MappingDialog", "Recognise automatically"), None),
                 (QT_TRANSLATE_NOOP("MappingDialog", "Unix seconds"), "unix_s"),
                 (QT_TRANSLATE_NOOP("MappingDialog", "Unix milliseconds"), "unix_ms"),
                 (QT_TRANSLATE_NOOP("MappingDialog", "Excel serial days"), "excel"),
                 (QT_TRANSLATE_NOOP("MappingDialog", "Day first (31/12/2024 14:00)"), "%d/%m/%Y %H:%M"),
                 (QT_TRANSLATE_NOOP("MappingDialog", "Month first (12/31/2024 2:00 PM)"), "%m/%d/%Y %I:%M %p"))
#: The encodings offered beside the one recognised (Python codec names).
ENCODINGS = (("UTF-8", "utf-8"), (QT_TRANSLATE_NOOP("MappingDialog", "GB18030 (Simplified Chinese)"), "gb18030"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Big5 (Traditional Chinese)"), "cp950"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Shift_JIS (Japanese)"), "cp932"),
             (QT_TRANSLATE_NOOP("MappingDialog", "EUC-JP (Japanese)"), "euc_jp"),
             (QT_TRANSLATE_NOOP("MappingDialog", "EUC-KR (Korean)"), "cp949"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1252 (Western European)"), "cp1252"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1250 (Central European)"), "cp1250"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1251 (Cyrillic)"), "cp1251"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1253 (Greek)"), "cp1253"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1254 (Turkish)"), "cp1254"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1255 (Hebrew)"), "cp1255"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1256 (Arabic)"), "cp1256"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1257 (Baltic)"), "cp1257"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-1258 (Vietnamese)"), "cp1258"),
             (QT_TRANSLATE_NOOP("MappingDialog", "Windows-874 (Thai)"), "cp874"))
PREVIEW_ROWS = 50
#: What a file holds, as the dialog offers it, and the format that reads it so (None: events, in the guess's format).
#: A list's columns are those of engine.ingest.mapping.LIST_ROLES; the other roles' choices are set aside.
KINDS = ((QT_TRANSLATE_NOOP("MappingDialog", "customers' purchases or other events"), None),
         (QT_TRANSLATE_NOOP("MappingDialog", "a product list: items and their categories"), "product_catalog"),
         (QT_TRANSLATE_NOOP("MappingDialog", "a list of customers and what describes them"), "customer_list"))
#: What each kind needs, said above the columns.
NEEDS = {None: QT_TRANSLATE_NOOP("MappingDialog", "<b>Customer</b> and <b>Time</b> are required."),
         "product_catalog": QT_TRANSLATE_NOOP("MappingDialog", "<b>Item id</b> and <b>Category</b> are required."),
         "customer_list": QT_TRANSLATE_NOOP("MappingDialog", "<b>Customer</b> and one of the customer's attributes "
                                                             "are required.")}
CANONICAL_HEADERS = [QT_TRANSLATE_NOOP("MappingDialog", "Customer"), QT_TRANSLATE_NOOP("MappingDialog", "Time"),
                     QT_TRANSLATE_NOOP("MappingDialog", "Event"), QT_TRANSLATE_NOOP("MappingDialog", "Order"),
                     QT_TRANSLATE_NOOP("MappingDialog", "Item"), QT_TRANSLATE_NOOP("MappingDialog", "Item name"),
                     QT_TRANSLATE_NOOP("MappingDialog", "Category"), QT_TRANSLATE_NOOP("MappingDialog", "Quantity"),
                     QT_TRANSLATE_NOOP("MappingDialog", "Amount")]
#: The column roles of engine.ingest.mapping.ROLE_LABELS not listed above, for lupdate (context "MappingDialog").
ROLE_LABELS_TRANSLATED = (
    QT_TRANSLATE_NOOP("MappingDialog", "Time of day"),
    QT_TRANSLATE_NOOP("MappingDialog", "Event type"), QT_TRANSLATE_NOOP("MappingDialog", "Item id"),
    QT_TRANSLATE_NOOP("MappingDialog", "Category path"), QT_TRANSLATE_NOOP("MappingDialog", "Line amount"),
    QT_TRANSLATE_NOOP("MappingDialog", "Unit price"), QT_TRANSLATE_NOOP("MappingDialog", "Currency"),
    QT_TRANSLATE_NOOP("MappingDialog", "Order status"),
    QT_TRANSLATE_NOOP("MappingDialog", "Age band"), QT_TRANSLATE_NOOP("MappingDialog", "Gender"),
    QT_TRANSLATE_NOOP("MappingDialog", "Region"), QT_TRANSLATE_NOOP("MappingDialog", "Channel"),
    QT_TRANSLATE_NOOP("MappingDialog", "Member level"),
    QT_TRANSLATE_NOOP("MappingDialog", "an attribute (age band, gender, region, channel or member level)"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("MappingDialog", text)


def _role(role: str) -> str:
    return values.role_label(role)


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
    #: The preview of the columns as chosen is shown, or why there is none (the status says).
    previewed = Signal()

    def __init__(self, inspection: FileInspection, project: Project | None, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inspection = inspection
        self.project = project
        self.runner = runner
        #: The file being read again in another encoding (a job: a file not in UTF-8 is copied whole to be read).
        self.reading: Job | None = None
        #: The preview being read (a job: opening a file may copy it whole, and a preview at 10^7 lines held the
        #: window's thread 0.5 s, 0.12 s at every change after); one at a time, see :meth:`refresh_preview`.
        self.previewing: Job | None = None
        self._preview_again = False
        self._previewing_mapping: Mapping | None = None
        #: What a failed read in another encoding said, shown once the preview that follows it is
        self._after_preview = ""
        # the file stays open while the dialog previews it (closed by done()); the inspection's own when it kept it
        self.files = inspection.files or OpenFiles()
        self.setWindowTitle(self.tr("Choose the columns of {file}").format(file=inspection.path.name))
        self.resize(1000, 820)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        self.file_table = QTableWidget()
        self.file_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        top = QVBoxLayout()
        # a product list or a list of customers no format recognised is read as such when the user says so
        self.kind_combo = QComboBox()
        for label, fmt in KINDS:
            self.kind_combo.addItem(_tr(label), fmt)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(inspection.guess.format)))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(self.tr("This file holds")))
        kind_row.addWidget(self.kind_combo, 1)
        top.addLayout(kind_row)
        roles_box = QGroupBox(self.tr("Columns"))
        grid = QGridLayout(roles_box)
        self.role_combos: dict[str, QComboBox] = {}
        half = (len(ROLES) + 1) // 2
        for role in ROLES:
            combo = QComboBox()
            combo.currentIndexChanged.connect(self.refresh_preview)
            label = _role(role) + (" *" if role in ("customer_id", "ts") else "")
            # two columns of roles: the events' on the left, money, status and customer attributes on the right
            i = len(self.role_combos)
            row, col = (i, 0) if i < half else (i - half, 2)
            grid.addWidget(QLabel(label), row, col)
            grid.addWidget(combo, row, col + 1)
            self.role_combos[role] = combo
        self.time_combo = QComboBox()
        for label, value in TIME_READINGS:
            self.time_combo.addItem(_tr(label), value)
        guessed_ts = inspection.guess.ts_format
        if guessed_ts and guessed_ts not in [v for _, v in TIME_READINGS]:
            self.time_combo.addItem(guessed_ts, guessed_ts)
        self.time_combo.setCurrentIndex(max(0, self.time_combo.findData(guessed_ts)))
        self.time_combo.currentIndexChanged.connect(self.refresh_preview)
        # how times are read, under the right column's roles
        times_row = len(ROLES) - half
        grid.addWidget(QLabel(self.tr("Times are")), times_row, 2)
        grid.addWidget(self.time_combo, times_row, 3)
        self.zone_combo = QComboBox()
        self.zone_combo.addItem(self.tr("in the project's time zone"), None)
        for zone in ZONES:
            self.zone_combo.addItem(self.tr("in {zone}").format(zone=zone), zone)
        if inspection.guess.timezone and self.zone_combo.findData(inspection.guess.timezone) < 0:
            self.zone_combo.addItem(self.tr("in {zone}").format(zone=inspection.guess.timezone),
                                    inspection.guess.timezone)
        self.zone_combo.setCurrentIndex(max(0, self.zone_combo.findData(inspection.guess.timezone)))
        self.zone_combo.currentIndexChanged.connect(self.refresh_preview)
        grid.addWidget(QLabel(self.tr("Time zone")), times_row + 1, 2)
        grid.addWidget(self.zone_combo, times_row + 1, 3)
        # text the file's bytes do not tell apart (a short Turkish or Hebrew ledger) is read as the user says
        self.encoding_combo = QComboBox()
        self.encoding_combo.addItem(self.tr("as recognised ({encoding})").format(encoding=inspection.encoding), None)
        for label, codec in ENCODINGS:
            self.encoding_combo.addItem(_tr(label), codec)
        self.encoding_combo.setCurrentIndex(max(0, self.encoding_combo.findData(inspection.guess.encoding)))
        self.encoding_combo.setEnabled(inspection.kind == "csv")
        self.encoding_combo.currentIndexChanged.connect(self._read_again)
        grid.addWidget(QLabel(self.tr("Text encoding")), max(half, times_row + 2), 0)
        grid.addWidget(self.encoding_combo, max(half, times_row + 2), 1, 1, 3)
        top.addWidget(roles_box, 0)
        # which currency spend is in and the others' rates, for a file whose amounts are in several
        self.currency_rates = CurrencyRates()
        self.currency_rates.preset(inspection.guess.main_currency, inspection.guess.currency_rates)
        self.currency_rates.changed.connect(self.refresh_preview)
        top.addWidget(self.currency_rates, 0)
        file_box = QGroupBox(self.tr("The file (first rows)"))
        QVBoxLayout(file_box).addWidget(self.file_table)
        top.addWidget(file_box, 1)
        layout.addLayout(top, 2)

        self.tabs = QTabWidget()
        self.result_table = QTableWidget()
        self.rejects_table = QTableWidget()
        for t in (self.result_table, self.rejects_table):
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.result_table, self.tr("What will be imported"))
        self.tabs.addTab(self.rejects_table, self.tr("Rows that would be rejected"))
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.remember_box = QCheckBox(self.tr("Remember these columns for files with the same header"))
        self.remember_box.setChecked(True)
        layout.addWidget(self.remember_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_file()

    def _show_file(self) -> None:
        """The file's rows and, in every role's list, its columns with the guessed one chosen; then the preview."""
        inspection = self.inspection
        delimiter = self.tr("tab") if inspection.delimiter == chr(9) else repr(inspection.delimiter)
        what = (self.tr("Shiftwise read <b>{file}</b> as {format}, but check the columns ({encoding}, "
                        "{delimiter}-separated).").format(file=inspection.path.name, format=inspection.guess.format,
                                                         encoding=inspection.encoding, delimiter=delimiter)
                if inspection.recognised else
                self.tr("Shiftwise did not recognise <b>{file}</b> ({encoding}, {delimiter}-separated).").format(
                    file=inspection.path.name, encoding=inspection.encoding, delimiter=delimiter))
        self._what = what
        self._say_needs()
        _fill(self.file_table, inspection.header, inspection.sample_rows[:PREVIEW_ROWS])
        for role, combo in self.role_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_tr(NONE), None)
            for col in inspection.header:
                combo.addItem(col, col)
            guessed = inspection.guess.columns.get(role)
            combo.setCurrentIndex(inspection.header.index(guessed) + 1 if guessed in inspection.header else 0)
            combo.blockSignals(False)
        self._kind_changed()

    def _say_needs(self) -> None:
        self.intro.setText(self._what + " " + self.tr("Tell it which column holds what.") + " "
                           + _tr(NEEDS[self.kind_combo.currentData()]))

    def _kind_changed(self) -> None:
        """Only the roles the kind of file reads can be chosen (a list's: engine.ingest.mapping.LIST_ROLES)."""
        kind = self.kind_combo.currentData()
        for role, combo in self.role_combos.items():
            combo.setEnabled(kind is None or role in LIST_ROLES[kind])
        for widget in (self.time_combo, self.zone_combo, self.currency_rates):
            widget.setEnabled(kind is None)
        self._say_needs()
        self.refresh_preview()

    def _read_again(self) -> None:
        """The file read in the encoding chosen: its header's words may now be known, so the roles are guessed again.

        A job, not the window's thread: the file is copied whole in that encoding (half a second at 300,000 lines of
        GBK, with the window frozen). The choice and Import wait for it."""
        codec = self.encoding_combo.currentData()
        self.encoding_combo.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.status.setText(self.tr("Reading {file} again as {encoding}…").format(
            file=self.inspection.path.name, encoding=self.encoding_combo.currentText()))
        job = self.runner.start(self.tr("Read {file} again").format(file=self.inspection.path.name),
                                inspect_file, self.project, self.inspection.path, encoding=codec, keep_open=True)
        job.expected = (ImportError_,)
        self.reading = job
        for signal, slot in self._reading_slots():
            signal.connect(slot)

    def _reading_slots(self) -> tuple:
        job = self.reading
        # cancelled (from the jobs panel): the choice stays, the file as it was read before
        return ((job.returned, self._on_read_again), (job.errored, self._on_read_failed),
                (job.cancelled, self.refresh_preview), (job.finished, self._on_read_finished))

    def _on_read_again(self, inspection: FileInspection) -> None:
        self._retire(self.files)
        self.inspection = inspection
        self.files = inspection.files or OpenFiles()
        self._show_file()

    def _on_read_failed(self, exc: BaseException) -> None:
        self._after_preview = engine_text(exc)
        self.refresh_preview()   # Import as the columns allow, as before the choice

    def _on_read_finished(self) -> None:
        self.reading = None
        self.encoding_combo.setEnabled(self.inspection.kind == "csv")

    def _retire(self, files: OpenFiles) -> None:
        """Close ``files`` once no preview reads it."""
        if self.previewing is not None:
            self.previewing.finished.connect(files.close)
        else:
            files.close()

    def done(self, result: int) -> None:
        if self.reading is not None:   # closed while the file is read again: nothing of it comes back here
            for signal, slot in self._reading_slots():
                signal.disconnect(slot)
            # the file it kept open, when it ended before it heard the cancel
            self.reading.returned.connect(lambda inspection: inspection.files and inspection.files.close())
            self.reading.cancel()
            self.reading = None
        if self.previewing is not None:   # closed while it previews: nothing of it comes back here either
            for signal, slot in self._previewing_slots():
                signal.disconnect(slot)
            self.previewing.cancel()
        self._retire(self.files)
        self.previewing = None
        super().done(result)

    def mapping(self) -> Mapping:
        guess = self.inspection.guess
        columns = {role: combo.currentData() for role, combo in self.role_combos.items() if combo.currentData()}
        kind = self.kind_combo.currentData()
        if kind is not None:
            return Mapping(format=kind, columns={r: c for r, c in columns.items() if r in LIST_ROLES[kind]},
                           header=self.inspection.has_header,
                           column_names=None if self.inspection.has_header else list(self.inspection.header),
                           encoding=self.encoding_combo.currentData())
        return Mapping(format="custom" if guess.format in ("custom", "generic") else guess.format,
                       columns=columns, event_type_values=guess.event_type_values,
                       status_values=guess.status_values, timezone=self.zone_combo.currentData(),
                       ts_format=self.time_combo.currentData(),
                       year=guess.year, fill_by_order=guess.fill_by_order, header=self.inspection.has_header,
                       column_names=None if self.inspection.has_header else list(self.inspection.header),
                       encoding=self.encoding_combo.currentData(),
                       main_currency=self.currency_rates.main_currency(), currency_rates=self.currency_rates.rates())

    def _result_headers(self, mapping: Mapping) -> list[str]:
        """The preview's columns: the events' canonical ones, or the list's roles chosen."""
        if mapping.format in LIST_ROLES:
            return [_role(r) for r in LIST_ROLES[mapping.format] if mapping.column(r)]
        return [_tr(h) for h in CANONICAL_HEADERS]

    def reject_headers(self) -> list[str]:
        return [self.tr("Line"), self.tr("Reason"), self.tr("Row")]

    def remember(self) -> bool:
        return self.remember_box.isChecked()

    def refresh_preview(self) -> None:
        """Preview the columns as chosen: a job that reads the file's first rows (and opens the file, the first
        time or in another reading). One at a time: a change made while one runs is previewed once it ends, and
        what it read is not shown. Import waits for the preview."""
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok) if hasattr(self, "buttons") else None
        if self.previewing is not None:
            self._preview_again = True
            if ok_button:   # Import waits for the columns as chosen now
                ok_button.setEnabled(False)
            return
        mapping = self.mapping()
        missing = mapping.missing_required()
        if missing:
            _fill(self.result_table, self._result_headers(mapping), [])
            _fill(self.rejects_table, self.reject_headers(), [])
            self.status.setText(self.tr("Choose the column for: {roles}.").format(
                roles=", ".join(_role(m) for m in missing)))
            if ok_button:
                ok_button.setEnabled(False)
            self._previewed()
            return
        if ok_button:
            ok_button.setEnabled(False)
        # opening may take a while (a copy of the whole file), and so may the first preview (a file whose lines name
        # their currency has them counted over the whole file: 5-6 s at 10^7 lines); the next ones do not
        if not self.files.is_open or not self.status.text():
            self.status.setText(self.tr("Reading {file}…").format(file=self.inspection.path.name))
        self._previewing_mapping = mapping
        self.previewing = self.runner.start(self.tr("Preview {file}").format(file=self.inspection.path.name),
                                            preview_mapping, self.project, self.inspection.path, mapping,
                                            files=self.files, listed=False)
        self.previewing.expected = (ImportError_,)
        for signal, slot in self._previewing_slots():
            signal.connect(slot)

    def _previewing_slots(self) -> tuple:
        job = self.previewing
        return ((job.returned, self._on_preview), (job.errored, self._on_preview_failed),
                (job.finished, self._on_preview_finished))

    def _on_preview_failed(self, exc: BaseException) -> None:
        if self._preview_again:   # the columns changed meanwhile: the next preview says
            return
        self.status.setText(engine_text(exc))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _on_preview_finished(self) -> None:
        self.previewing = None
        if self._preview_again:
            self._preview_again = False
            self.refresh_preview()
        else:
            self._previewed()

    def _previewed(self) -> None:
        if self._after_preview:
            self.status.setText(self._after_preview)
            self._after_preview = ""
        self.previewed.emit()

    def _on_preview(self, preview) -> None:
        if self._preview_again:
            return
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        mapping = self._previewing_mapping
        good, bad, unread = preview.rows, preview.rejects, preview.unread
        self.currency_rates.set_found(preview.currencies)
        # the event type as the pages name it ("购买", not "purchase"); a list's values as they are
        _fill(self.result_table, self._result_headers(mapping),
              [(*r[:2], values.event_type(r[2]), *r[3:]) if not preview.roles else r for r in good[:PREVIEW_ROWS]])
        # the unread lines first: they are few, and the first rows' rejects may be many
        _fill(self.rejects_table, self.reject_headers(),
              [(line, engine_text(reject_reason(reason)), raw) for line, reason, raw in (unread + bad)[:PREVIEW_ROWS]])
        self.tabs.setTabText(1, self.tr("Rows that would be rejected ({n})").format(n=len(unread) + len(bad)))
        total = len(good) + len(bad)
        text = self.tr("Of the first %n row(s), {good} would be imported and {bad} rejected.", "",
                       total).format(good=len(good), bad=len(bad))
        if unread:
            reasons = "; ".join(f"{engine_text(reject_reason(reason))}: {n}"
                                for reason, n in Counter(r[1] for r in unread).most_common())
            text += " " + self.tr("%n line(s) of the file cannot be read and will be rejected ({reasons}).", "",
                                  len(unread)).format(reasons=reasons)
        if preview.warning is not None:
            # said while the customer column can still be changed, not only after the import
            text += " " + self.tr("{warning}.").format(warning=engine_text(preview.warning))
        self.status.setText(text)
        if ok_button:
            ok_button.setEnabled(len(good) > 0)
