"""Sentences stored in English (a shift score's reason, a campaign member's reason, a cluster's
name) read back as the messages they were composed from, so the GUI shows them in its language.

The stored text stays the stored value (filters, SQL and exports read it); only the display is
translated. Rows such as the transfer model's keep no evidence columns to compose the sentence
again, so the English is matched against the templates it was made from. Text that matches no
template (a project made by an older version, a hand-edited row) is shown as it is.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Sequence

from engine.messages import TEMPLATES, Message

#: Templates whose parameter is itself a message of these ids (parsed the same way).
NESTED = {"why": ("reason.transfer.lift", "reason.transfer.little", "reason.transfer.popular")}

#: The reasons a shift score or a campaign member may carry, tried in this order.
REASON_IDS = ("reason.transfer.visitor", "reason.transfer.customer", "reason.transfer.customer.one",
              "reason.customer", "reason.viewed", "reason.bought_from", "reason.movers",
              "reason.bought_before", "reason.no_signal")
#: The parts of a migration reason, joined by the "reason.separator" template.
REASON_PART_IDS = ("reason.viewed", "reason.bought_from", "reason.movers", "reason.bought_before")

_NUMBER = r"-?\d+(?:\.\d+)?"
#: Parameters that are whole numbers written without a format spec (counts, weeks).
COUNTS = frozenset({"n", "views", "buys", "weeks", "times", "weeks_ago", "orders"})


@lru_cache(maxsize=None)
def _pattern(id: str) -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    """The template of ``id`` as a regular expression, and its (parameter, format spec) pairs."""
    out, fields = [], []
    for literal, name, spec, _conv in string.Formatter().parse(TEMPLATES[id]):
        out.append(re.escape(literal))
        if name is None:
            continue
        group = f"p{len(fields)}"
        # a formatted number is read back as one (the GUI formats it for its locale); text is lazy so
        # the literal after it decides where it ends
        out.append(f"(?P<{group}>{_NUMBER})" if spec else f"(?P<{group}>-?\\d+)" if name in COUNTS
                   else f"(?P<{group}>.+?)")
        fields.append((name, spec))
    return re.compile("".join(out), re.S), tuple(fields)


def parse(text: str, ids: Sequence[str]) -> Message | None:
    """The message among ``ids`` whose English is exactly ``text``, or None."""
    for id in ids:
        pattern, fields = _pattern(id)
        m = pattern.fullmatch(text)
        if m is None:
            continue
        params: dict[str, object] = {}
        for i, (name, spec) in enumerate(fields):
            value = m[f"p{i}"]
            if name in NESTED:
                nested = parse(value, NESTED[name])
                if nested is None:
                    break
                params[name] = nested
            elif spec:
                params[name] = int(value) if spec.endswith("d") else float(value)
            else:
                params[name] = value   # a count or a name: put back as it was written
        else:
            message = Message(id, params)
            if message.text() == text:   # what it renders is what was stored: nothing misread
                return message
    return None


def stored_reason(text: str | None) -> list[Message] | str:
    """A stored reason as its messages: one, or a migration reason's parts (joined with the
    "reason.separator" template when shown); the text itself when it matches none."""
    if not text:
        return text or ""
    # the parts first: a part's lazy category would otherwise swallow the parts before it
    parts = text.split(TEMPLATES["reason.separator"])
    if len(parts) > 1:
        messages = [parse(part, REASON_PART_IDS) for part in parts]
        if all(m is not None for m in messages):
            return messages   # type: ignore[return-value]
    whole = parse(text, REASON_IDS)
    return [whole] if whole is not None else text
