"""Customer attributes from the events pass: per customer and attribute, the value of its latest row
that has one (by the time read; rows with a customer and a readable time count, rejected or not,
repeated headers do not).

One statement writes one table, so the pass carries the values in columns ``events`` has for the
pass only, added and dropped inside the import's transaction (the committed schema never changes;
a second read of the file cost about a fifth of a wide file's import). Every attribute of a row
travels in one integer, a byte each: 0 no value, 1 a value the sample did not have (its text then
in a list beside, NULL on the other rows), else the value's place among the sample's values. A
text column per attribute was a wide import's dearest extra: each written, then read back and
compared by its own aggregate. The latest values are then one ``arg_max`` of that integer per
customer; only a customer whose latest row lacks a value that an earlier row has (rare) is looked
at again attribute by attribute.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from engine.ingest.mapping import ATTRIBUTE_ROLES, Mapping
from engine.ingest.parsing import lit, q, text_expr
from engine.jobs import ProgressCallback
from engine.messages import msg

#: The pass's columns: every attribute's code (a byte each, the first attribute lowest), and the
#: texts of values without a code.
CODES, TEXTS = "_ingest_attr_codes", "_ingest_attr_texts"
#: The per-customer aggregate, and the customers looked at again (see :func:`store`).
LATEST, AGAIN = "_ingest_attr_latest", "_ingest_attr_again"
NO_VALUE, AS_TEXT = 0, 1
#: At most this many values of an attribute get a code; a sample with more codes its most frequent.
MAX_CODES = 254


@dataclass(frozen=True)
class Carried:
    """One mapped attribute in the events pass: its file column (taken untrimmed when ``clean``)
    and the values that have a code (``values[k]`` is code ``k + 2``)."""

    role: str
    column: str
    clean: bool
    values: tuple[str, ...]


def attribute_roles(mapping: Mapping) -> list[str]:
    return [r for r in ATTRIBUTE_ROLES if mapping.column(r)]


def carried(cur: duckdb.DuckDBPyConnection, mapping: Mapping, clean: frozenset[str], sample: str) -> list[Carried]:
    """The mapping's attributes, each with the values its column has in ``sample``, most frequent first."""
    out = []
    for role in attribute_roles(mapping):
        column = mapping.column(role)
        value = text_expr(q(column), column in clean)
        rows = cur.execute(f"SELECT v FROM (SELECT {value} AS v FROM {sample}) WHERE v IS NOT NULL "
                           f"GROUP BY v ORDER BY count(*) DESC, v LIMIT {MAX_CODES}").fetchall()
        out.append(Carried(role, column, column in clean, tuple(r[0] for r in rows)))
    return out


def _byte(codes: str, i: int) -> str:
    return f"(({codes} >> {8 * i}) & 255)"


def pass_values(attrs: list[Carried]) -> str:
    """The trimmed values, selected beside the pass's other raw columns (``__a<i>``)."""
    return "".join(f", {text_expr(q(a.column), a.clean)} AS __a{i}" for i, a in enumerate(attrs))


def pass_codes(attrs: list[Carried]) -> str:
    """Each value's code (``__c<i>``), beside the pass's reasons."""
    out = []
    for i, a in enumerate(attrs):
        known = ("coalesce(enum_code(TRY_CAST(__a{i} AS ENUM({values}))) + 2, {text})"
                 .format(i=i, values=", ".join(lit(v) for v in a.values), text=AS_TEXT)
                 if a.values else str(AS_TEXT))
        out.append(f", CASE WHEN __a{i} IS NULL THEN {NO_VALUE} ELSE {known} END::UBIGINT AS __c{i}")
    return "".join(out)


def pass_columns(attrs: list[Carried], counts: str) -> str:
    """The pass's two output columns, given ``counts`` (SQL: the row is one whose values count):
    the codes (NULL when no value counts) and the texts (NULL unless some value has no code)."""
    if not attrs:
        return ""
    codes = " | ".join(f"(__c{i} << {8 * i})" for i in range(len(attrs)))
    as_text = " OR ".join(f"__c{i} = {AS_TEXT}" for i in range(len(attrs)))
    texts = ", ".join(f"CASE WHEN __c{i} = {AS_TEXT} THEN __a{i} END" for i in range(len(attrs)))
    return (f",\n           CASE WHEN {counts} THEN nullif({codes}, 0) END AS {CODES}"
            f",\n           CASE WHEN ({as_text}) AND {counts} THEN [{texts}] END AS {TEXTS}")


def add_columns(cur: duckdb.DuckDBPyConnection, attrs: list[Carried]) -> None:
    if attrs:
        cur.execute(f"ALTER TABLE events ADD COLUMN {CODES} UBIGINT")
        cur.execute(f"ALTER TABLE events ADD COLUMN {TEXTS} VARCHAR[]")


def drop_columns(cur: duckdb.DuckDBPyConnection, attrs: list[Carried]) -> None:
    if attrs:
        cur.execute(f"ALTER TABLE events DROP COLUMN {CODES}")
        cur.execute(f"ALTER TABLE events DROP COLUMN {TEXTS}")


def store(cur: duckdb.DuckDBPyConnection, attrs: list[Carried], import_id: int, progress: ProgressCallback) -> None:
    """Each customer's latest value of each attribute, from the import's rows in ``events``, into
    customer_attributes.

    Per customer, the codes of its latest row, and every code any row had (``bit_or``): where the
    latest row has no value for an attribute that some row has, the customer is looked at again
    attribute by attribute. A latest code of 1 takes its text from the latest row with texts (the
    same row: the latest of all). The aggregates need no row order, and keeping it costs the
    group-by a merge of its results.
    """
    progress(76, 100, msg("progress.attributes"))
    cur.execute("SET SESSION preserve_insertion_order = false")
    cur.execute(f"""
        CREATE TEMP TABLE {LATEST} AS
        SELECT customer_id, arg_max({CODES}, ts) AS codes, bit_or({CODES}) AS seen,
               arg_max({TEXTS}, ts) FILTER (WHERE {TEXTS} IS NOT NULL) AS texts
        FROM events WHERE import_id = ? AND {CODES} IS NOT NULL GROUP BY customer_id""", [import_id])
    lacking = " OR ".join(f"{_byte('codes', i)} = 0 AND {_byte('seen', i)} <> 0" for i in range(len(attrs)))
    cur.execute(f"CREATE TEMP TABLE {AGAIN} AS SELECT customer_id FROM {LATEST} WHERE {lacking}")
    rows = LATEST
    if cur.execute(f"SELECT count(*) FROM {AGAIN}").fetchall()[0][0]:
        # attribute by attribute: each one's latest code and text among the rows that have one
        byte = [_byte(CODES, i) for i in range(len(attrs))]
        per = ", ".join(f"arg_max({b}, ts) FILTER (WHERE {b} <> 0) AS c{i}, "
                        f"arg_max({TEXTS}[{i + 1}], ts) FILTER (WHERE {TEXTS}[{i + 1}] IS NOT NULL) AS t{i}"
                        for i, b in enumerate(byte))
        codes = " | ".join(f"(coalesce(c{i}, 0) << {8 * i})" for i in range(len(attrs)))
        texts = ", ".join(f"t{i}" for i in range(len(attrs)))
        rows = f"""(SELECT l.customer_id, coalesce(f.codes, l.codes) AS codes, coalesce(f.texts, l.texts) AS texts
                    FROM {LATEST} l LEFT JOIN (
                        SELECT customer_id, {codes} AS codes, [{texts}] AS texts FROM (
                            SELECT customer_id, {per} FROM events
                            WHERE import_id = ? AND {CODES} IS NOT NULL AND customer_id IN (SELECT customer_id FROM {AGAIN})
                            GROUP BY customer_id)) f USING (customer_id))"""
    values = []
    for i, a in enumerate(attrs):
        code = _byte("codes", i)
        names = f"([{', '.join(lit(v) for v in a.values)}])[{code}::BIGINT - 1]" if a.values else "NULL"
        values.append(f"CASE {code} WHEN {NO_VALUE} THEN NULL WHEN {AS_TEXT} THEN texts[{i + 1}] "
                      f"ELSE {names} END AS {q(a.role)}")
    # UNPIVOT leaves out NULLs: a customer without a value gets no row for that attribute
    params = [import_id] + ([import_id] if rows != LATEST else [])
    cur.execute(f"""
        INSERT INTO customer_attributes
        SELECT customer_id, attribute, value, ? FROM (
            UNPIVOT (SELECT customer_id, {", ".join(values)} FROM {rows})
            ON {", ".join(q(a.role) for a in attrs)} INTO NAME attribute VALUE value)""", params)
    cur.execute(f"DROP TABLE {LATEST}")
    cur.execute(f"DROP TABLE {AGAIN}")
    # (not restored on failure: the import rolls back and the next load sets it again)
    cur.execute("SET SESSION preserve_insertion_order = true")
