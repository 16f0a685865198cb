"""A rejected row's reason, as stored (English, stable: filters and SQL group by it), turned back
into a message the GUI can translate. Reasons the project does not know stay as they are."""

from __future__ import annotations

import re

from engine.messages import Message, msg

#: Stored reasons without a value, by their English text (rejects.py, expressions.py, the CSV reader).
_PLAIN = {
    "too many fields": "reject.too_many_fields",
    "too few fields": "reject.too_few_fields",
    "stray quote": "reject.stray_quote",
    "line too long": "reject.line_too_long",
    "invalid characters": "reject.invalid_characters",
    "no customer id": "reject.no_customer",
    "no time": "reject.no_time",
    "order not in the orders' file": "reject.no_order",
    # the reasons that quote a value, grouped by what they say (rejects.reject_summary)
    "unreadable time": "reject.kind.bad_time",
    "unknown event type": "reject.kind.bad_event",
    "unreadable quantity": "reject.kind.bad_quantity",
}
#: Stored reasons that quote a value: (pattern, message id, parameter names).
_VALUED = (
    (re.compile(r"^unreadable time '(.*)'$", re.S), "reject.bad_time", ("value",)),
    (re.compile(r"^unknown event type '(.*)'$", re.S), "reject.bad_event", ("value",)),
    (re.compile(r"^unreadable quantity '(.*)'$", re.S), "reject.bad_quantity", ("value",)),
    (re.compile(r"^formula without a value \(cell (.*)\)$", re.S), "reject.formula", ("cell",)),
    (re.compile(r"^a cell longer than Excel's ([\d,]+) characters$"), "reject.long_cell", ("limit",)),
    (re.compile(r"^row longer than (.*) \(the most one row may hold\)$"), "reject.long_row", ("limit",)),
)


def reject_reason(text: str | None) -> Message | str:
    if text is None:
        return ""
    if text in _PLAIN:
        return msg(_PLAIN[text])
    for pattern, key, names in _VALUED:
        m = pattern.match(text)
        if m:
            values = [int(v.replace(",", "")) if key == "reject.long_cell" else v for v in m.groups()]
            return msg(key, **dict(zip(names, values)))
    return text
