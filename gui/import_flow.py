"""The GUI's import flow: File ▸ Import, drag and drop and Recent all call :func:`start_import`.

Runs the engine's one import (all files land or none does) as a job. A file the
engine cannot read without help opens the mapping dialog, then the same files
are imported again with the chosen columns (remembered for that header); at the
end a summary says, per file, what landed, what was rejected and what failed,
and every page is told the data changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from engine.ingest import NeedsMapping
from engine.workflows import import_shop
from gui.context import AppContext
from gui.i18n.engine_text import engine_text
from gui.i18n.plurals import plurals
from gui.jobs.runner import Job


#: The files File ▸ Import offers (any other can be chosen under All files).
IMPORT_PATTERNS = "*.csv *.tsv *.txt *.xlsx *.xls *.ods *.parquet"


def start_import(ctx: AppContext, paths: Sequence[str | Path], parent: QWidget | None = None, *,
                 mappings: dict | None = None, remember: bool = False) -> Job | None:
    project = ctx.project
    if project is None:
        QMessageBox.information(parent, QCoreApplication.translate("import", "Import"), QCoreApplication.translate(
            "import", "Open or create a project first (File ▸ New project)."))
        return None
    paths = [Path(p) for p in paths]
    name = (QCoreApplication.translate("import", "Import {file}").format(file=paths[0].name) if len(paths) == 1 else
            plurals().import_and_more(paths[0].name, len(paths) - 1))
    job = ctx.runner.start(name, import_shop, project, paths, mappings=mappings, remember=remember)
    job.returned.connect(lambda outcomes: _finished(ctx, outcomes, parent, mappings or {}, remember))
    job.errored.connect(lambda exc: ctx.show_status(QCoreApplication.translate(
        "import", "Import failed: {reason}").format(reason=engine_text(exc))))
    job.cancelled.connect(lambda: ctx.show_status(QCoreApplication.translate(
        "import", "Import cancelled; the project is unchanged")))
    return job


def _finished(ctx: AppContext, outcomes, parent: QWidget | None, mappings: dict, remember: bool) -> None:
    lines = [engine_text(o.summary()) for o in outcomes]
    need_mapping = [o.error for o in outcomes if isinstance(o.error, NeedsMapping)]
    failed = [o for o in outcomes if o.error is not None and not isinstance(o.error, NeedsMapping)]
    if need_mapping and not failed:
        # nothing landed yet: choose the columns, then the same files are imported again
        ask_mapping(ctx, need_mapping[0], parent, paths=[o.path for o in outcomes], mappings=mappings,
                    remember=remember)
        return
    if failed or need_mapping:
        ctx.show_status(QCoreApplication.translate("import", "Import failed; the project is unchanged"))
        box = _summary_box(QMessageBox.Icon.Warning,
                           QCoreApplication.translate("import", "Nothing was imported: every file lands or none does.")
                           + "\n\n" + "\n".join(lines),
                           parent)
        if any(_message_id(o.error) == "import.lines_without_orders" for o in failed):
            # Taobao's order lines alone: their buyers and times are in the order report, chosen here and imported
            # with them (the files already chosen are imported again)
            add = box.addButton(QCoreApplication.translate("import", "Add the order report…"),
                                QMessageBox.ButtonRole.ActionRole)
            add.setObjectName("add_order_report")
            add.clicked.connect(lambda: _add_files(ctx, [o.path for o in outcomes], parent, mappings, remember))
        return
    if any(not o.result.already_imported for o in outcomes):
        ctx.notify_data_changed()
    ctx.show_status("; ".join(lines))
    warned = any(o.result.warning is not None for o in outcomes)
    rejected = any(o.result.rows_rejected for o in outcomes)
    if warned or rejected:
        # a warning (masked customer ids) makes every customer's history doubtful: it is read, not glimpsed
        hint = ("\n\n" + QCoreApplication.translate(
            "import", "Rejected rows are listed on the Data page (Rejected rows).")) if rejected else ""
        _summary_box(QMessageBox.Icon.Warning if warned else QMessageBox.Icon.Information,
                     "\n".join(lines) + hint, parent)


def _message_id(error) -> str | None:
    return getattr(getattr(error, "message", None), "id", None)


def _add_files(ctx: AppContext, paths: list[Path], parent: QWidget | None, mappings: dict, remember: bool) -> None:
    title = QCoreApplication.translate("import", "The order report (ExportOrderList) of these lines")
    more = choose_files(parent, title, paths[0].parent)
    if more:
        start_import(ctx, [*paths, *(Path(p) for p in more if Path(p) not in paths)], parent, mappings=mappings,
                     remember=remember)


def choose_files(parent: QWidget | None, title: str, folder: Path) -> list[str]:
    """Shop exports chosen in a file dialog opened in ``folder``."""
    from PySide6.QtWidgets import QFileDialog

    kinds = QCoreApplication.translate("import", "Shop exports ({patterns});;All files (*)").format(
        patterns=IMPORT_PATTERNS)
    return QFileDialog.getOpenFileNames(parent, title, str(folder), kinds)[0]


#: Summaries without a parent window are kept here while they are open (else Python deletes them at once).
_open_boxes: set[QMessageBox] = set()


def _summary_box(icon: QMessageBox.Icon, text: str, parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(icon, QCoreApplication.translate("import", "Import"), text, parent=parent)
    box.setObjectName("import_summary")
    _open_boxes.add(box)
    box.finished.connect(lambda _=0, b=box: _open_boxes.discard(b))
    box.open()
    return box


def ask_mapping(ctx: AppContext, error: NeedsMapping, parent: QWidget | None = None, *,
                paths: Sequence[Path] | None = None, mappings: dict | None = None, remember: bool = False):
    """Open the mapping dialog for a file; on Import, import ``paths`` (that file alone by default)
    again with the chosen columns."""
    return _mapping_dialog(ctx, error.inspection, parent, paths=paths, mappings=mappings, remember=remember)


def choose_columns(ctx: AppContext, path: str | Path, parent: QWidget | None = None) -> Job | None:
    """File ▸ Import and choose columns: the mapping dialog on a file whatever its format, for one the import
    would read without asking but not as the merchandiser wants (another column, another encoding). The file
    is looked at as a job (a file not in UTF-8 is copied whole to be read)."""
    from engine.ingest import ImportError_, inspect_file

    if ctx.project is None:
        return start_import(ctx, [path], parent)   # says to open a project first
    path = Path(path)
    job = ctx.runner.start(QCoreApplication.translate("import", "Read {file}").format(file=path.name),
                           inspect_file, ctx.project, path, keep_open=True)   # the dialog previews it open
    job.expected = (ImportError_,)
    job.returned.connect(lambda inspection: _mapping_dialog(ctx, inspection, parent))
    job.errored.connect(lambda exc: ctx.show_status(QCoreApplication.translate(
        "import", "Import failed: {reason}").format(reason=engine_text(exc))))
    return job


def _mapping_dialog(ctx: AppContext, inspection, parent: QWidget | None = None, *,
                    paths: Sequence[Path] | None = None, mappings: dict | None = None, remember: bool = False):
    from gui.dialogs.mapping_dialog import MappingDialog

    dialog = MappingDialog(inspection, ctx.project, ctx.runner, parent)
    dialog.setObjectName("mapping_dialog")

    def accepted() -> None:
        path = str(inspection.path)
        start_import(ctx, list(paths or [path]), parent, mappings={**(mappings or {}), path: dialog.mapping()},
                     remember=remember or dialog.remember())

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog
