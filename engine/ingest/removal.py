"""Take an import out of a project: its events, rejected rows, customer attributes and catalog rows, in one
transaction, so a file imported by mistake (another shop's, or read in the wrong encoding) can be imported
again or left out.

An import whose rows a later import skipped as already there (an overlapping export) cannot go before that
later one: those rows are in the project once, under the earlier import, and would be lost with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from engine.ingest.catalog import apply_catalog
from engine.ingest.errors import ImportError_
from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.messages import Message, msg
from engine.store.project import Project

#: The tables that hold an import's rows (by ``import_id``), the import's own row last.
TABLES = ("events", "rejected_rows", "customer_attributes", "item_catalog", "category_tree", "imports")


@dataclass
class Removed:
    import_id: int
    file_name: str
    events: int
    groups_message: Message | None = None   # products not regrouped after it (a cancel), set by the workflow

    def summary(self) -> Message:
        done = msg("import.removed", name=self.file_name, events=self.events)
        return msg("import.removed.groups", removed=done, groups=self.groups_message) if self.groups_message else done


def find_import(project: Project, which: str) -> int:
    """The import named by its id or its file's name (the latest import of that name)."""
    if which.strip().isdigit():
        return int(which)
    row = project.cursor().execute("SELECT max(import_id) FROM imports WHERE file_name = ?", [which]).fetchall()
    if row[0][0] is None:
        raise ImportError_(msg("import.remove.none_named", name=which))
    return int(row[0][0])


def removable(project: Project, import_id: int) -> tuple[str, int]:
    """The import's file name and event count; an ImportError_ saying why when it cannot be removed."""
    row = project.cursor().execute("SELECT file_name, rows_loaded FROM imports WHERE import_id = ?",
                                   [import_id]).fetchall()
    if not row:
        raise ImportError_(msg("import.remove.none", import_id=import_id))
    later = [r[0] for r in project.cursor().execute(
        "SELECT file_name FROM imports WHERE import_id > ? AND rows_duplicate > 0 ORDER BY import_id",
        [import_id]).fetchall()]
    if later:
        raise ImportError_(msg("import.remove.overlapped", name=row[0][0], later=", ".join(later)))
    return row[0][0], int(row[0][1])


def remove_import(project: Project, import_id: int, *, progress: ProgressCallback | None = None,
                  cancel: CancelToken | None = None) -> Removed:
    """Remove the import's rows from every table that holds them, all or nothing."""
    progress, cancel = ensure(progress, cancel)
    name, _ = removable(project, import_id)
    progress(0, 100, msg("progress.removing", name=name))
    with project.interruptible(cancel) as cur:
        with project.transaction(cur):
            events = cur.execute("SELECT count(*) FROM events WHERE import_id = ?", [import_id]).fetchall()[0][0]
            given = _take_back_categories(cur, import_id)
            for i, table in enumerate(TABLES):
                cancel.raise_if_cancelled()
                cur.execute(f"DELETE FROM {table} WHERE import_id = ?", [import_id])
                progress(10 + 80 * (i + 1) / len(TABLES), 100, msg("progress.removing", name=name))
            if given:
                apply_catalog(cur)   # what the other catalogs say of those items
    return Removed(import_id, name, int(events))


def _take_back_categories(cur: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """A catalog import's categories (and a category tree's paths) leave the events it gave them to; returns how many
    events it had given one. An event's category came from the catalog when it is its item's category there and its
    own file had no category column (the loader's rule when a catalog replaces another: engine.ingest.catalog). A
    file's own categories stay even where they equal the catalog's: they could not come back."""
    tables = {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "item_catalog" not in tables:
        return 0
    plain = [i for i, text in cur.execute("SELECT import_id, mapping_json FROM imports").fetchall()
             if not ((json.loads(text or "{}").get("columns") or {}).get("category"))]
    if not plain:
        return 0
    ids = ", ".join(str(int(i)) for i in plain)
    given = cur.execute(f"""
        SELECT count(*) FROM events e JOIN item_catalog c ON e.item_id = c.item_id AND e.category = c.category
        WHERE c.import_id = ? AND e.import_id IN ({ids})""", [import_id]).fetchall()[0][0]
    if given:
        cur.execute(f"""
            UPDATE events e SET category = NULL, category_path = NULL FROM item_catalog c
            WHERE c.import_id = ? AND e.item_id = c.item_id AND e.category = c.category
              AND e.import_id IN ({ids})""", [import_id])
    if "category_tree" in tables:
        cur.execute(f"""
            UPDATE events e SET category_path = NULL FROM category_tree t
            WHERE t.import_id = ? AND t.category = e.category AND e.category_path = t.parent || ' > ' || e.category
              AND e.import_id IN ({ids})""", [import_id])
    return int(given)
