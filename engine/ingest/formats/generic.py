"""A generic line-item or event table: roles guessed from the column names."""

from __future__ import annotations

from engine.ingest.header_words import guess_roles
from engine.ingest.mapping import Mapping


def recognise(header: list[str], sample: list[list[str]]) -> Mapping | None:
    roles = guess_roles(header)
    mapping = Mapping(format="generic", columns=roles)
    return None if mapping.missing_required() else mapping
