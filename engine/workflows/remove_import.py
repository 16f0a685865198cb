"""Remove an import, then group the products again: the one removal of the CLI and the GUI.

The removal (:func:`engine.ingest.removal.remove_import`) commits on its own; derived product groups of
items no longer in the project are dropped and the rest regrouped (their groups were made from baskets that
held the removed rows), in the same job. Like importing, the catalog step lives here, above both packages.
"""

from __future__ import annotations

from engine.catalog.derive import regroup_after_removal
from engine.ingest.removal import Removed, remove_import
from engine.jobs import CancelToken, ProgressCallback, SubProgress, ensure
from engine.store.project import Project


def remove_shop_import(project: Project, import_id: int, *, progress: ProgressCallback | None = None,
                       cancel: CancelToken | None = None) -> Removed:
    progress, cancel = ensure(progress, cancel)
    # alone, and never under a model being trained (engine/store/data_guard)
    with project.data_guard.changing(progress, cancel):
        removed = remove_import(project, import_id, progress=SubProgress(progress, 0, 60, total=100), cancel=cancel)
        removed.groups_message = regroup_after_removal(project, SubProgress(progress, 60, 100, total=100), cancel)
    progress(100, 100, removed.summary())
    return removed
