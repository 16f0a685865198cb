"""Data values shown in the user's language: a run's kind and status, a tier, an event type, a
metric key, a campaign group or status, a cluster name, a stored reason.

Only the display is translated: the stored value stays what SQL, filters and exports read (a
table filter matches the stored English, see the page's filter placeholder). Each function takes
the stored value and gives it back unchanged when it does not know it.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.messages import TEMPLATES, term
from engine.models.segments.labels import label_message
from engine.read.stored_text import stored_reason
from gui.i18n.engine_text import engine_text, translate_template
from gui.i18n.names import METRIC_NAMES, tier_name

#: Run statuses (engine/store/runs.py, sessions.py; context "runs").
RUN_STATUSES = {"running": QT_TRANSLATE_NOOP("runs", "running"), "done": QT_TRANSLATE_NOOP("runs", "done"),
                "cancelled": QT_TRANSLATE_NOOP("runs", "cancelled"), "failed": QT_TRANSLATE_NOOP("runs", "failed"),
                "interrupted": QT_TRANSLATE_NOOP("runs", "interrupted"),
                "skipped": QT_TRANSLATE_NOOP("runs", "skipped")}
#: A campaign member's group and a saved campaign's status (engine/campaigns; context "campaigns").
CAMPAIGN_VALUES = {"target": QT_TRANSLATE_NOOP("campaigns", "target"),
                   "control": QT_TRANSLATE_NOOP("campaigns", "control"),
                   "active": QT_TRANSLATE_NOOP("campaigns", "active"),
                   "closed": QT_TRANSLATE_NOOP("campaigns", "closed")}
EVENT_TYPES = {"view", "cart", "favourite", "purchase", "refund"}   # gui/i18n/names.py EVENT_NAMES


def _in(context: str, known: dict[str, str] | set[str], value: Any) -> str:
    if value is None:
        return ""
    return QCoreApplication.translate(context, str(value)) if str(value) in known else str(value)


def run_kind(kind: Any) -> str:
    return "" if kind is None else engine_text(term(str(kind)))


def run_status(status: Any) -> str:
    return _in("runs", RUN_STATUSES, status)


def tier(value: Any) -> str:
    return "" if value is None else tier_name(str(value))


def event_type(value: Any) -> str:
    return _in("events", EVENT_TYPES, value)


def role_label(role: str) -> str:
    """A mapping role's name (engine.ingest.mapping.ROLE_LABELS) as the mapping dialog shows it."""
    from engine.ingest.mapping import ROLE_LABELS

    return QCoreApplication.translate("MappingDialog", ROLE_LABELS.get(role, role))


def metric_name(key: str) -> str:
    """A metric key as the Runs page lists it: translated in context "metrics" when gui/i18n/names.py
    lists it (English shows the key itself), else the key as it is."""
    return QCoreApplication.translate("metrics", key) if key in METRIC_NAMES else key


def campaign_value(value: Any) -> str:
    return _in("campaigns", CAMPAIGN_VALUES, value)


def campaign_category(value: Any) -> str:
    """A campaign's target: a category (data) or one of the builder's customer targets."""
    from engine.campaigns.spec import CUSTOMER_TARGETS

    if value is None:
        return ""
    return QCoreApplication.translate("campaigns", value) if value in CUSTOMER_TARGETS.values() else str(value)


def cluster_label(label: Any) -> str:
    return "" if label is None else engine_text(label_message(str(label)))


def reason(text: Any) -> str:
    """A stored reason (English) in the interface language; text composed otherwise, as it is."""
    parsed = stored_reason(None if text is None else str(text))
    if isinstance(parsed, str):
        return parsed
    return translate_template(TEMPLATES["reason.separator"]).join(engine_text(m) for m in parsed)


def cell(function: Callable[[Any], str]) -> Callable[[Any, dict[str, Any]], str]:
    """A value translator as SqlTableModel.set_cell_text takes it."""
    return lambda value, _row: function(value)


def translate_columns(model, **columns: Callable[[Any], str]) -> None:
    """Show each named column of ``model`` (a SqlTableModel) through its translator."""
    for column, function in columns.items():
        model.set_cell_text(column, cell(function))
