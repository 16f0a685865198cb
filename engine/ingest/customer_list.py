"""A list of customers and what describes them, with no events: Shopify's customers export, Olist's customers file,
a Chinese shop's member list (会员列表: 会员卡号, 性别, 会员等级, 省份). Imported beside the shop's orders, such a file made
the whole import fail ("no column for the time"); now its attributes go to ``customer_attributes`` as an export's do
(:mod:`engine.ingest.attributes`), so the transfer model and the campaigns' columns can use them.

A customer list names no time: its values are stored without one, so a value an order file gives with its time is
the one seen last (:mod:`engine.features.current_attributes`). Its customer ids are read as the events read theirs
(trimmed, e-mail addresses without case, phone numbers in one form, ``12900.0`` as 12900), so they meet the orders'.
A customer on several rows takes the values of their last row holding each.
"""

from __future__ import annotations

import duckdb

from engine.features.current_attributes import seen_column
from engine.ingest.header_words import guess_roles
from engine.ingest.mapping import ATTRIBUTE_ROLES, Mapping
from engine.ingest.parsing import (detect_decimal_ids, detect_emails, detect_phones, email_folded, id_expr, phone_folded,
                                   q, text_expr, whole_number_folded)
from engine.ingest.provinces import detect_provinces, province_of

FORMAT = "customer_list"
#: roles a list of customers has none of: a time, an order, an item, a quantity, an event
_EVENT_ROLES = ("ts", "order_id", "item_id", "item_name", "category", "quantity", "event_type")
#: an amount a list of customers can have: a lifetime's (Shopify's Total Spent, 累计消费); another (a line's Amount)
#: says the file is of purchases whose time no word named, for the mapping dialog to ask
_LIFETIME = ("spent", "lifetime", "累计", "总消费")
#: the rows sampled to read the customer ids' form (as the events' readings: engine.ingest.loader.read_columns)
_SAMPLE_ROWS = 5_000


def recognise(header: list[str], sample: list[list[str]]) -> Mapping | None:
    roles = guess_roles(header)
    described = [r for r in ATTRIBUTE_ROLES if r in roles]
    if "customer_id" not in roles or not described or any(r in roles for r in _EVENT_ROLES):
        return None
    if "amount" in roles and not any(w in roles["amount"].lower() for w in _LIFETIME):
        return None
    return Mapping(format=FORMAT, columns={"customer_id": roles["customer_id"], **{r: roles[r] for r in described}})


def load_customer_list(cur: duckdb.DuckDBPyConnection, mapping: Mapping, stage: str, import_id: int) -> int:
    """Each listed customer's values into ``customer_attributes`` (a row per customer, no times); returns the
    customers stored."""
    roles = [r for r in ATTRIBUTE_ROLES if mapping.column(r)]
    sample = f"(SELECT * FROM {stage} LIMIT {_SAMPLE_ROWS})"
    column = _meeting_column(cur, stage, sample, mapping.column("customer_id"))
    # the mapping says the column read: the import's summary and its record name it
    mapping.columns["customer_id"] = column
    customer = _customer_expr(cur, sample, column)

    def value(role: str) -> str:
        text = text_expr(q(mapping.column(role)))
        if role == "region" and detect_provinces(cur, sample, mapping.column(role)):
            return province_of(text)
        return text

    values = ", ".join(f"{value(r)} AS {q(r)}" for r in roles)
    # each role's last value in file order (the staged table keeps it: its rowid is the row's position)
    latest = ", ".join(f"arg_max({q(r)}, pos) FILTER (WHERE {q(r)} IS NOT NULL) AS {q(r)}" for r in roles)
    columns = ", ".join(f"{q(r)}, {q(seen_column(r))}" for r in roles)
    picks = ", ".join(f"{q(r)}, NULL" for r in roles)
    cur.execute(f"""
        INSERT INTO customer_attributes (customer_id, import_id, {columns})
        SELECT customer_id, ?, {picks} FROM (
            SELECT customer_id, {latest}
            FROM (SELECT {customer} AS customer_id, rowid AS pos, {values} FROM {stage})
            WHERE customer_id IS NOT NULL GROUP BY customer_id)
        WHERE {" OR ".join(f"{q(r)} IS NOT NULL" for r in roles)}""", [import_id])
    return int(cur.execute("SELECT count(*) FROM customer_attributes WHERE import_id = ?", [import_id]
                           ).fetchall()[0][0])


def _customer_expr(cur: duckdb.DuckDBPyConnection, sample: str, column: str) -> str:
    """SQL of ``column``'s customer ids as the events pass reads them (engine.ingest.expressions)."""
    customer = id_expr(q(column))
    if detect_decimal_ids(cur, sample, column):
        customer = whole_number_folded(customer)
    if detect_emails(cur, sample, column):
        return email_folded(customer)
    if detect_phones(cur, sample, column):
        return phone_folded(customer)
    return customer


def _meeting_column(cur: duckdb.DuckDBPyConnection, stage: str, sample: str, mapped: str) -> str:
    """The column whose ids meet the shop's customers: ``mapped`` unless none of its sampled ids is a customer of the
    project's events (those imported before, and this import's files before it) and another column's are; then the
    column meeting most. Shopify's customers export has a Customer ID, but its orders export keys customers by their
    Email: the list's Customer IDs met no one."""
    columns = [r[0] for r in cur.execute(f"DESCRIBE {stage}").fetchall() if not r[0].startswith("__")]

    def met(column: str) -> int:
        return int(cur.execute(f"""
            SELECT count(DISTINCT id) FROM (SELECT {_customer_expr(cur, sample, column)} AS id FROM {sample})
            WHERE id IN (SELECT customer_id FROM events)""").fetchall()[0][0])

    if met(mapped) or not cur.execute("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)").fetchall()[0][0]:
        return mapped
    counts = {c: met(c) for c in columns if c != mapped}
    best = max(counts, key=lambda c: counts[c], default=mapped)
    return best if counts.get(best) else mapped
