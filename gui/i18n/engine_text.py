"""The engine's messages in the user's language: the template translated in context "engine"
(resources/i18n/engine_*.qm), numbers formatted by QLocale with the template's precision."""

from __future__ import annotations

import numbers
import re

from PySide6.QtCore import QCoreApplication, QLocale

from engine.messages import Message, message_of, render

CONTEXT = "engine"
#: the format specs templates use: [sign][,][.precision][type]
_SPEC = re.compile(r"^(?P<sign>[+]?)(?P<group>,?)(?:\.(?P<prec>\d+))?(?P<type>[dfg%]?)$")


def translate_template(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def locale_number(value: float | int, spec: str, locale: QLocale | None = None) -> str:
    """``format(value, spec)`` for the simple specs templates use, with the locale's digits,
    decimal point and group separator."""
    m = _SPEC.match(spec)
    if m is None or value != value or value in (float("inf"), float("-inf")):
        return format(value, spec)  # a spec this scheme does not know, or no number to localise
    loc = QLocale(locale or QLocale())
    # as in Python: digits are grouped where the template asks (even in the C locale) and only there
    omit = QLocale.NumberOption.OmitGroupSeparator
    loc.setNumberOptions(loc.numberOptions() & ~omit if m["group"] else loc.numberOptions() | omit)
    kind, prec = m["type"], m["prec"]
    if kind == "%":
        text = loc.toString(float(value) * 100, "f", int(prec or 0)) + loc.percent()
    elif prec is not None or kind == "f":
        text = loc.toString(float(value), "f", int(prec) if prec is not None else 6)
    elif isinstance(value, numbers.Integral):
        text = loc.toString(int(value))
    else:
        text = loc.toString(float(value), "g", 12)
    if m["sign"] and value >= 0:
        text = loc.positiveSign() + text
    return text


def engine_text(message: Message | BaseException | str | None) -> str:
    """A message (or an exception carrying one) in the current language; a plain string as it is."""
    if message is None:
        return ""
    if isinstance(message, BaseException):
        message = message_of(message)
    return render(message, template=translate_template, number=locale_number)
