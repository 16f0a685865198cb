"""Small helpers the recognisers share."""

from __future__ import annotations

from engine.ingest.header_words import normalise_header


def find(header: list[str], *names: str) -> str | None:
    """The first column whose normalised name is one of ``names``."""
    norm = {normalise_header(c): c for c in reversed(header)}
    for n in names:
        hit = norm.get(normalise_header(n))
        if hit is not None:
            return hit
    return None


def has_all(header: list[str], *names: str) -> bool:
    return all(find(header, n) for n in names)
