"""Spreadsheet formula injection: which text cells a spreadsheet would run, and how to defuse them.

Excel, LibreOffice and Google Sheets treat a cell whose text starts with
= + - @ (or a tab or carriage return before one of them) as a formula, in CSV
and when a user edits the cell. OWASP's advice is to prefix such text with an
apostrophe, which every spreadsheet shows as plain text. Full-width variants
are included because some East Asian locales turn them into their ASCII forms.
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

#: RE2 character class matching a dangerous first character.
_SQL_CLASS = "^[=+\\-@\\t\\r\uff1d\uff0b\uff0d\uff20]"


def neutralise(value: Any) -> Any:
    """The value a safe export writes: text that would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def neutralise_sql(expr: str) -> str:
    """The same rule as :func:`neutralise`, as a DuckDB expression over a VARCHAR ``expr``."""
    return f"CASE WHEN regexp_matches({expr}, '{_SQL_CLASS}') THEN '''' || {expr} ELSE {expr} END"
