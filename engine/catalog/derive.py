"""Derive product groups for a project whose purchases carry no category, and keep them.

When: at the end of every import (:func:`engine.workflows.import_shop`, the one import
of the CLI and the GUI, calls :func:`group_after_import` once the import committed) in the same job, so the groups exist before
any page or model reads the events, and a cancel of this step leaves the import landed
and the Data page offers "Group products" to run it again.

What: the items bought (with their most common name and their baskets, sampled to at
most :data:`MAX_BASKETS`) go through :func:`engine.catalog.grouping.group_items`; the
groups are written as ``item_catalog`` rows with source 'derived' and applied to the
events' category (``category_path`` left unset). Imported catalogs and edited exports
(source 'catalog') are never overwritten, and a shop whose file has categories gets no
derived groups.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from engine.ingest.catalog import apply_catalog, ensure_tables
from engine.jobs import CancelToken, JobCancelled, ProgressCallback, SubProgress, ensure
from engine.messages import Message, msg
from engine.store.project import Project

MAX_BASKETS = 200_000
META_KEY = "derived_groups"

#: Purchases whose category the file (not a catalog row) gave.
_FILE_CATEGORIES = """
    SELECT EXISTS (SELECT 1 FROM events e LEFT JOIN item_catalog c USING (item_id)
                   WHERE e.event_type = 'purchase' AND e.category IS NOT NULL
                     AND c.category IS DISTINCT FROM e.category)"""


@dataclass
class GroupSummary:
    """What the Data page says about the project's categories."""

    state: str                 # file, derived, catalog, no_items, none, pending
    items: int = 0             # products grouped (derived) or in the catalog
    groups: int = 0
    used_names: bool = False
    used_baskets: bool = False
    seconds: float = 0.0
    catalog_items: int = 0     # derived beside an imported catalog: the products it names, in so many categories
    catalog_groups: int = 0

    def sentence(self) -> Message | str:
        """What the Data page says about product groups ("" when there is nothing to say)."""
        if self.state == "derived":
            how = {(True, True): "names_baskets", (True, False): "names",
                   (False, True): "baskets"}.get((self.used_names, self.used_baskets), "purchases")
            if self.catalog_items:   # the products a catalog does not name
                return msg("groups.catalog_derived", catalog_items=self.catalog_items,
                           catalog_groups=self.catalog_groups, items=self.items, groups=self.groups,
                           how=msg(f"groups.how.{how}"))
            return msg("groups.derived", items=self.items, groups=self.groups, how=msg(f"groups.how.{how}"))
        if self.state == "no_items":
            return msg("groups.no_items")
        if self.state == "pending":
            return msg("groups.pending", items=self.items)
        if self.state == "catalog":
            return msg("groups.catalog", items=self.items, groups=self.groups)
        return ""


def _state(cur) -> tuple[str, int]:
    """(file | derive | no_items | none, purchase items without a category)."""
    ensure_tables(cur)
    purchases, with_item = cur.execute(
        "SELECT count(*), count(item_id) FROM events WHERE event_type = 'purchase'").fetchall()[0]
    if not purchases:
        return "none", 0
    if cur.execute(_FILE_CATEGORIES).fetchall()[0][0]:
        return "file", 0
    if not with_item:
        return "no_items", 0
    missing = cur.execute("SELECT count(DISTINCT item_id) FROM events WHERE event_type = 'purchase' "
                          "AND category IS NULL AND item_id IS NOT NULL").fetchall()[0][0]
    return "derive", int(missing)


def group_summary(project: Project) -> GroupSummary:
    cur = project.cursor()
    return _summary(project, cur, *_state(cur))


def _summary(project: Project, cur, state: str, missing: int) -> GroupSummary:
    """:func:`group_summary` from the project's :func:`_state` (read once: each read scans the events)."""
    if state in ("none", "no_items"):
        return GroupSummary(state)
    sources = dict(cur.execute("SELECT source, count(*) FROM item_catalog GROUP BY ALL").fetchall())
    if state == "file" and not sources.get("derived"):
        return GroupSummary("file")
    if missing:
        return GroupSummary("pending", items=missing)
    if sources.get("derived"):
        saved = json.loads(project.get_meta(META_KEY) or "{}")
        items, groups, named, named_groups = cur.execute(
            "SELECT count_if(source = 'derived'), count(DISTINCT category) FILTER (WHERE source = 'derived'), "
            "count_if(source = 'catalog'), count(DISTINCT category) FILTER (WHERE source = 'catalog') "
            "FROM item_catalog").fetchall()[0]
        return GroupSummary("derived", int(items), int(groups), bool(saved.get("used_names", True)),
                            bool(saved.get("used_baskets", False)), float(saved.get("seconds", 0.0)),
                            int(named), int(named_groups))
    items, groups = cur.execute("SELECT count(*), count(DISTINCT category) FROM item_catalog").fetchall()[0]
    return GroupSummary("catalog", int(items), int(groups))


def derive_groups(project: Project, *, force: bool = False, progress: ProgressCallback | None = None,
                  cancel: CancelToken | None = None, seed: int = 0) -> GroupSummary:
    """Group the purchased items that have no category from a file or a catalog.

    Runs only when some purchased item has no category and the file gave none (or
    ``force``: regroup the derived items). Returns what the Data page says afterwards.
    """
    progress, cancel = ensure(progress, cancel)
    # alone, and never under a model being trained (engine/store/data_guard)
    with project.data_guard.changing(progress, cancel):
        return _derive_groups(project, force, progress, cancel, seed)


def _derive_groups(project: Project, force: bool, progress: ProgressCallback, cancel: CancelToken,
                   seed: int) -> GroupSummary:
    started = time.perf_counter()
    cur = project.cursor()
    state, missing = _state(cur)
    if state != "derive" or not (missing or force):
        return _summary(project, cur, state, missing)
    # scikit-learn, NumPy and pyarrow: loaded only when grouping (scikit-learn's import cost 4.5 s
    # of a 10^6-line import that had categories and never grouped; the other two 0.25 s of CPU
    # of every import)
    import numpy as np
    import pyarrow as pa

    from engine.catalog.grouping import group_items
    progress(2, 100, msg("progress.grouping.items"))
    with project.interruptible(cancel) as icur:
        icur.execute("""
            CREATE OR REPLACE TEMP TABLE _group_items AS
            SELECT item_id, (row_number() OVER (ORDER BY item_id)) - 1 AS idx, name, buyers FROM (
                SELECT e.item_id, mode(e.item_name) AS name, count(DISTINCT e.customer_id) AS buyers
                FROM events e LEFT JOIN item_catalog c USING (item_id)
                WHERE e.event_type = 'purchase' AND e.item_id IS NOT NULL
                  AND (c.item_id IS NULL OR c.source = 'derived' OR c.category IS NULL)
                GROUP BY e.item_id)""")
        names = [r[0] for r in icur.execute("SELECT name FROM _group_items ORDER BY idx").fetchall()]
        n_baskets = icur.execute(
            "SELECT count(DISTINCT coalesce(order_id, customer_id || CAST(CAST(ts AS DATE) AS TEXT))) "
            "FROM events WHERE event_type = 'purchase'").fetchall()[0][0]
        # a basket is an order (or a customer's day when the file has no order ids); hash-sampled
        keep = max(1, min(1000, int(1000 * MAX_BASKETS / max(n_baskets, 1))))
        pairs = icur.execute(f"""
            SELECT DISTINCT g.idx, hash(coalesce(e.order_id, e.customer_id || CAST(CAST(e.ts AS DATE) AS TEXT))) AS b
            FROM events e JOIN _group_items g USING (item_id)
            WHERE e.event_type = 'purchase' AND b % 1000 < {keep}""").fetchnumpy()
        cancel.raise_if_cancelled()
        grouping = group_items(names, (np.asarray(pairs["idx"], dtype=np.int64), np.asarray(pairs["b"])),
                               seed=seed, progress=SubProgress(progress, 10, 90), cancel=cancel)
        progress(92, 100, msg("progress.grouping.saving"))
        labels = grouping.labels_
        table = pa.table({"idx": np.arange(len(labels), dtype=np.int64),
                          "category": pa.array([grouping.names_[g] if g >= 0 else None for g in labels],
                                               type=pa.string())})
        icur.register("_group_labels", table)
        icur.execute("BEGIN TRANSACTION")
        try:
            # events still carrying an old derived group give it up; then the new groups apply
            icur.execute("""
                UPDATE events e SET category = NULL, category_path = NULL FROM item_catalog c
                WHERE c.source = 'derived' AND e.item_id = c.item_id AND e.category = c.category""")
            icur.execute("DELETE FROM item_catalog WHERE source = 'derived'")
            icur.execute("""
                INSERT OR REPLACE INTO item_catalog (item_id, item_name, category, category_path, import_id, source)
                SELECT g.item_id, g.name, l.category, NULL, NULL, 'derived'
                FROM _group_items g JOIN _group_labels l USING (idx) WHERE l.category IS NOT NULL""")
            apply_catalog(icur)
            saved = {"items": int((labels >= 0).sum()), "groups": len(grouping.names_),
                     "used_names": grouping.used_names_, "used_baskets": grouping.used_baskets_,
                     "baskets_sampled": int(len(np.unique(pairs["b"]))), "seconds": time.perf_counter() - started}
            icur.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         [META_KEY, json.dumps(saved)])
            icur.execute("COMMIT")
        except BaseException:
            icur.execute("ROLLBACK")
            raise
        finally:
            icur.unregister("_group_labels")
            icur.execute("DROP TABLE IF EXISTS _group_items")
    progress(100, 100, msg("progress.grouping.done"))
    return group_summary(project)


def group_after_import(project: Project, results: list, progress: ProgressCallback,
                       cancel: CancelToken) -> None:
    """The import's last step: group the products if it left purchases without a category.

    A cancel here keeps the import (it is committed) and says the products are not grouped.
    """
    landed = [r for r in results if r is not None and r.rows_loaded and not r.already_imported]
    if not landed:
        return
    try:
        summary = derive_groups(project, progress=progress, cancel=cancel)
    except JobCancelled:
        landed[-1].groups_message = msg("groups.cancelled")
        landed[-1].groups = str(landed[-1].groups_message)
        return
    if summary.state == "derived":
        landed[-1].groups_message = summary.sentence()
        landed[-1].groups = str(summary.sentence())


def regroup_after_removal(project: Project, progress: ProgressCallback, cancel: CancelToken) -> Message | None:
    """After an import is removed: the derived groups of items no longer in the project are dropped and the rest
    regrouped (they were grouped with baskets the import held). A cancel while regrouping keeps the removal (it
    is committed) and the groups as they were, and is said (the returned message); else None."""
    cur = project.cursor()
    ensure_tables(cur)
    with project.transaction(cur):
        cur.execute("DELETE FROM item_catalog WHERE source = 'derived' AND item_id NOT IN "
                    "(SELECT DISTINCT item_id FROM events WHERE item_id IS NOT NULL)")
    if _state(cur)[0] != "derive":
        return None
    try:
        derive_groups(project, force=True, progress=progress, cancel=cancel)
    except JobCancelled:
        return msg("groups.cancelled")
    return None


def rename_group(project: Project, old: str, new: str) -> int:
    """Rename a group (or move it into another of that name); returns the items moved.

    The renamed rows become the merchandiser's own (source 'catalog'): a later regrouping
    leaves them as they are.
    """
    new = new.strip()
    if not new:
        raise ValueError("A group needs a name")
    cur = project.cursor()
    # a quick edit on the window's thread: refused, not waited for, while a job uses the data
    with project.data_guard.change_now(), project.transaction(cur):
        cur.execute("""UPDATE events e SET category = ? FROM item_catalog c
                       WHERE c.category = ? AND e.item_id = c.item_id AND e.category = c.category""", [new, old])
        n = cur.execute("SELECT count(*) FROM item_catalog WHERE category = ?", [old]).fetchall()[0][0]
        cur.execute("UPDATE item_catalog SET category = ?, source = 'catalog' WHERE category = ?", [new, old])
    return int(n)


#: The groups and their items, for the review dialog (SQL-paged).
GROUPS_SQL = """
    SELECT c.category AS "group", any_value(c.source) AS source, count(*) AS items,
           sum(coalesce(b.buyers, 0)) AS buyers
    FROM item_catalog c LEFT JOIN (
        SELECT item_id, count(DISTINCT customer_id) AS buyers FROM events
        WHERE event_type = 'purchase' GROUP BY item_id) b USING (item_id)
    WHERE c.category IS NOT NULL GROUP BY c.category"""

ITEMS_SQL = """
    SELECT c.item_id, c.item_name, coalesce(b.buyers, 0) AS buyers
    FROM item_catalog c LEFT JOIN (
        SELECT item_id, count(DISTINCT customer_id) AS buyers FROM events
        WHERE event_type = 'purchase' GROUP BY item_id) b USING (item_id)
    WHERE c.category = ?"""


def export_sql(project: Project) -> tuple[str, list]:
    """``export PROJECT catalog``: every item bought or catalogued, its category and where it came from."""
    ensure_tables(project.cursor())
    return ("""
        SELECT coalesce(i.item_id, c.item_id) AS item_id, coalesce(c.item_name, i.name) AS item_name,
               coalesce(c.category, i.category) AS category,
               CASE WHEN c.category IS NOT NULL AND (i.category IS NULL OR i.category = c.category)
                    THEN coalesce(c.source, 'catalog')
                    WHEN i.category IS NOT NULL THEN 'file' END AS source,
               coalesce(i.buyers, 0) AS buyers
        FROM (SELECT item_id, mode(item_name) AS name, mode(category) AS category,
                     count(DISTINCT customer_id) FILTER (WHERE event_type = 'purchase') AS buyers
              FROM events WHERE item_id IS NOT NULL GROUP BY item_id) i
        FULL JOIN item_catalog c USING (item_id)
        ORDER BY category NULLS LAST, buyers DESC, item_id""", [])
