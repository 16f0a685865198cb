"""A generic line-item or event table: roles guessed from the column names (the time by its values when no name
says it: :mod:`engine.ingest.value_roles`)."""

from __future__ import annotations

from engine.ingest.mapping import Mapping
from engine.ingest.value_roles import guess_roles_by_values


def recognise(header: list[str], sample: list[list[str]]) -> Mapping | None:
    roles = guess_roles_by_values(header, sample)
    mapping = Mapping(format="generic", columns=roles)
    return None if mapping.missing_required() else mapping
