"""The GUI's import flow: File ▸ Import, drag and drop and Recent all call :func:`start_import`.

Runs the import as a job; a file the engine cannot read without help opens the
mapping dialog (then imports again with the chosen columns, remembered for that
header); at the end a summary says what landed, what was rejected and what
failed, and every page is told the data changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from engine.ingest import NeedsMapping, import_each
from gui.context import AppContext
from gui.jobs.runner import Job


def start_import(ctx: AppContext, paths: Sequence[str | Path], parent: QWidget | None = None, *,
                 mappings: dict | None = None, remember: bool = False) -> Job | None:
    project = ctx.project
    if project is None:
        QMessageBox.information(parent, "Import", "Open or create a project first (File ▸ New project).")
        return None
    paths = [Path(p) for p in paths]
    name = f"Import {paths[0].name}" + (f" and {len(paths) - 1} more" if len(paths) > 1 else "")
    job = ctx.runner.start(name, import_each, project, paths, mappings=mappings, remember=remember)
    job.returned.connect(lambda outcomes: _finished(ctx, outcomes, parent))
    job.errored.connect(lambda exc: ctx.show_status(f"Import failed: {exc}"))
    job.cancelled.connect(lambda: ctx.show_status("Import cancelled; the project is unchanged"))
    return job


def _finished(ctx: AppContext, outcomes, parent: QWidget | None) -> None:
    lines, failed, need_mapping = [], [], []
    for o in outcomes:
        if o.result is not None:
            lines.append(o.result.summary())
        elif isinstance(o.error, NeedsMapping):
            need_mapping.append(o.error)
        else:
            failed.append(str(o.error))
    if any(o.result is not None and not o.result.already_imported for o in outcomes):
        ctx.notify_data_changed()
    if lines:
        ctx.show_status("; ".join(lines))
    if failed or any(o.result is not None and o.result.rows_rejected for o in outcomes):
        box = QMessageBox(QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information, "Import",
                          "\n".join(lines + failed) +
                          ("\n\nRejected rows are listed on the Data page (Rejected rows)." if any(
                              o.result is not None and o.result.rows_rejected for o in outcomes) else ""),
                          parent=parent)
        box.setObjectName("import_summary")
        box.open()
    for error in need_mapping:
        ask_mapping(ctx, error, parent)


def ask_mapping(ctx: AppContext, error: NeedsMapping, parent: QWidget | None = None):
    """Open the mapping dialog for a file; on Import, start its import with the chosen columns."""
    from gui.dialogs.mapping_dialog import MappingDialog

    dialog = MappingDialog(error.inspection, ctx.project, parent)
    dialog.setObjectName("mapping_dialog")

    def accepted() -> None:
        path = str(error.inspection.path)
        start_import(ctx, [path], parent, mappings={path: dialog.mapping()}, remember=dialog.remember())

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog
