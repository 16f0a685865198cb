"""The imports of a project and their rejected rows, as the Data page, the rejects dialog and
``import --rejects-out`` show them."""

from __future__ import annotations

import json

from engine.ingest.mapping import ROLES
from engine.ingest.rejects import reject_summary, rejects_query
from engine.ingest.result import currency_notes, date_notes, orders_given_message, unread_amounts_message
from engine.messages import TEMPLATES, Message, msg
from engine.read.paged_query import PagedQuery
from engine.store.project import Project

# "left out": the rows the format leaves out by design (cancelled orders, non-shopping events), so the counts
# add up to the file's rows
IMPORTS_SQL = """
    SELECT import_id AS id, file_name AS file, format, rows_loaded AS "rows", rows_rejected AS rejected,
           rows_duplicate AS duplicates,
           coalesce(TRY_CAST(json_extract_string(mapping_json, '$.detected.rows_skipped') AS BIGINT), 0) AS "left out",
           encoding, imported_at AS imported
    FROM imports"""


def imports_query(project: Project) -> PagedQuery:
    return PagedQuery(project, IMPORTS_SQL, default_sort="id")


def imports_list(project: Project) -> list[dict]:
    """Every import as a row of :data:`IMPORTS_SQL`'s columns, oldest first (the command line's list)."""
    cur = project.cursor().execute(f"SELECT * FROM ({IMPORTS_SQL}) ORDER BY id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def import_notes(project: Project, import_id: int) -> list[Message]:
    """What the import said a merchandiser must know of its data, as it said it: its customer column's warning
    (engine/ingest/customer_ids.py), order totals shared out over their lines (kept with the import's mapping;
    none for an import from before)."""
    saved = _saved_mapping(project, import_id)
    detected = saved.get("detected") or {}
    notes = []
    warning = detected.get("warning")
    if warning and warning.get("id") in TEMPLATES:   # a warning of a later version's is not shown by this one
        notes.append(Message(warning["id"], warning.get("params") or {}))
    columns = saved.get("columns") or {}
    if detected.get("orders_given"):
        notes.append(orders_given_message(int(detected["orders_given"]), str(detected.get("lines_file") or "")))
    if detected.get("sheet"):
        notes.append(msg("import.result.sheet", sheet=detected["sheet"]))
    if detected.get("items_unpacked"):
        notes.append(msg("import.result.unpacked", column=detected["items_unpacked"]))
    if detected.get("orders_shared"):
        notes.append(msg("import.result.shared", orders=int(detected["orders_shared"]),
                         column=columns.get("amount") or ""))
    if detected.get("totals_priced"):
        notes.append(msg("import.result.priced", column=detected["totals_priced"], price=columns.get("unit_price") or ""))
    if detected.get("unread_amounts"):
        money = (columns.get("unit_price") if detected.get("totals_priced") else
                 columns.get("amount") or columns.get("unit_price"))
        notes.append(unread_amounts_message(int(detected["unread_amounts"]), money or "",
                                            str(detected.get("amount_example") or "")))
    notes += currency_notes(int(detected.get("other_currency") or 0), list(detected.get("currencies") or []),
                            dict(detected.get("rates") or {}))
    notes += date_notes(int(detected.get("future_events") or 0), str(detected.get("future_latest") or ""),
                        int(detected.get("early_events") or 0), str(detected.get("early_earliest") or ""))
    return notes


def import_columns(project: Project, import_id: int) -> dict[str, str]:
    """Role -> the file's column the import read it from (engine.ingest.mapping.ROLES' order)."""
    columns = _saved_mapping(project, import_id).get("columns") or {}
    return {role: columns[role] for role in ROLES if columns.get(role)}


def _saved_mapping(project: Project, import_id: int) -> dict:
    text = project.scalar("SELECT mapping_json FROM imports WHERE import_id = ?", [import_id])
    return json.loads(text) if text else {}


def import_file_name(project: Project, import_id: int) -> str:
    return project.scalar("SELECT file_name FROM imports WHERE import_id = ?", [import_id]) or f"import {import_id}"


def rejects_reasons(project: Project, import_id: int) -> list[tuple[str, int]]:
    """Reasons and how many rows each, most frequent first."""
    return reject_summary(project.cursor(), import_id)


def rejects_paged(project: Project, import_ids: list[int]) -> PagedQuery:
    """The same rows as ``import --rejects-out`` writes (one query behind both)."""
    sql, params = rejects_query(import_ids)
    return PagedQuery(project, sql, params, filter_columns=["reason", "row_text"], default_sort="line")
