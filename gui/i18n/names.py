"""Names the engine hands the GUI as data (tier states, event types, table columns, customer
targets), listed here so lupdate finds them: each is translated where it is shown, in its context.

A name the engine adds later and this list lacks is shown in English; tests/gui/test_i18n.py
fails on such a name on the pages it visits.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: Tier states (context "tiers").
TIER_NAMES = {"light": QT_TRANSLATE_NOOP("tiers", "light"), "medium": QT_TRANSLATE_NOOP("tiers", "medium"),
              "heavy": QT_TRANSLATE_NOOP("tiers", "heavy"), "lapsed": QT_TRANSLATE_NOOP("tiers", "lapsed"),
              "new": QT_TRANSLATE_NOOP("tiers", "new")}

#: Event types (context "events"), as the Data page's chart names its lines.
EVENT_NAMES = (QT_TRANSLATE_NOOP("events", "view"), QT_TRANSLATE_NOOP("events", "cart"),
               QT_TRANSLATE_NOOP("events", "favourite"), QT_TRANSLATE_NOOP("events", "purchase"),
               QT_TRANSLATE_NOOP("events", "refund"))

#: The campaign builder's customer targets (engine.campaigns.spec.CUSTOMER_TARGETS, context "campaigns").
CUSTOMER_TARGET_NAMES = (QT_TRANSLATE_NOOP("campaigns", "Any purchase · likely to lapse"),
                         QT_TRANSLATE_NOOP("campaigns", "Any purchase · high expected value"))

#: Table column titles (context "columns"): the engine's header maps and column names with
#: underscores shown as spaces (gui/widgets/sql_table_model.py translates them).
COLUMN_NAMES = (
)


def tier_name(state: str) -> str:
    """A tier state in the interface language (one this list does not know, as it is)."""
    return QCoreApplication.translate("tiers", TIER_NAMES[state]) if state in TIER_NAMES else state
