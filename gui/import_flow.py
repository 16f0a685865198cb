"""The GUI's import flow: run the import as a job, then tell every page the data changed."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from engine.ingest import import_files
from gui.context import AppContext
from gui.jobs.runner import Job


def start_import(ctx: AppContext, paths: Sequence[str | Path], parent: QWidget | None = None) -> Job | None:
    project = ctx.project
    if project is None:
        QMessageBox.information(parent, "Import", "Open or create a project first (File ▸ New project).")
        return None
    paths = [Path(p) for p in paths]
    name = f"Import {paths[0].name}" + (f" and {len(paths) - 1} more" if len(paths) > 1 else "")
    job = ctx.runner.start(name, import_files, project, paths)

    def done(results) -> None:
        loaded = sum(r.rows_loaded for r in results)
        rejected = sum(r.rows_rejected for r in results)
        ctx.show_status(f"Imported {loaded:,} rows ({rejected:,} rejected)")
        ctx.notify_data_changed()

    job.returned.connect(done)
    return job
