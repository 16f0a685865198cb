"""Import a shop's files, then group its products: the one import of the CLI, the GUI and the demo.

The import (:func:`engine.ingest.import_files`) commits all files or none; once it has landed,
products without a category get derived groups (:func:`engine.catalog.derive.group_after_import`)
in the same job, so the groups exist before any page or model reads the events. The ingest
package knows nothing of the catalog: this after-commit step lives here, above both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from engine.catalog.derive import group_after_import
from engine.ingest import ImportOutcome, ImportResult, import_files
from engine.ingest.service import summaries
from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.store.project import Project


def import_shop(project: Project, paths: Sequence[str | Path], *, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None, **options: Any) -> list[ImportOutcome]:
    """:func:`engine.ingest.import_files` (same ``options``), then the product groups when every file landed.

    A cancel while grouping keeps the import (it is committed) and says the products are not grouped.
    """
    progress, cancel = ensure(progress, cancel)
    # alone, and never under a model being trained (engine/store/data_guard)
    with project.data_guard.changing(progress, cancel):
        outcomes = import_files(project, paths, progress=progress, cancel=cancel, **options)
        if any(o.error for o in outcomes):
            return outcomes
        group_after_import(project, [o.result for o in outcomes], progress, cancel)
    progress(100, 100, summaries(outcomes))
    return outcomes


def import_shop_file(project: Project, path: str | Path, *, progress: ProgressCallback | None = None,
                     cancel: CancelToken | None = None, **options: Any) -> ImportResult:
    """One file through :func:`import_shop`; raises its :class:`~engine.ingest.ImportError_` (as
    :func:`engine.ingest.import_file` does)."""
    [outcome] = import_shop(project, [path], progress=progress, cancel=cancel, **options)
    if outcome.error is not None:
        raise outcome.error
    assert outcome.result is not None
    return outcome.result
