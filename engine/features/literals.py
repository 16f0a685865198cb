"""Python values written as SQL literals, for statement text that cannot take ``?`` parameters.

Its own module, not :mod:`engine.features.portable`'s: that one imports sqlglot (~0.1 s, parsers of
every dialect), which a model writing a literal into its own DuckDB statement has no use for.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value:%Y-%m-%d %H:%M:%S}'"
    if isinstance(value, date):
        return f"DATE '{value:%Y-%m-%d}'"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"
