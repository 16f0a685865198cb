"""What the Data page shows, as plain data: where the categories come from and the imports and events tables
(read as it opens), the health cards and events per period (from a job)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale

from engine.messages import Message  # noqa: F401  (the groups note)
from engine.catalog.derive import group_summary
from engine.read.events import events_query
from engine.read.imports import imports_query
from engine.read.overview import DataHealth, WeeklyEvents
from engine.read.paged_query import PagedQuery
from engine.store import Project
from gui.i18n.engine_text import locale_number
from gui.i18n.plurals import plurals
from gui.widgets.sql_table_model import read_ahead


def _day(moment) -> str:
    """A date in the locale's short form (12/31/17, 2017/12/31)."""
    return QLocale().toString(QDate(moment.year, moment.month, moment.day), QLocale.FormatType.ShortFormat)

#: The health cards: key, caption (translated in context "DataPage" when shown).
CARDS = (("span", QT_TRANSLATE_NOOP("DataPage", "Date range")),
         ("customers", QT_TRANSLATE_NOOP("DataPage", "Customers")),
         ("orders", QT_TRANSLATE_NOOP("DataPage", "Orders")),
         ("categories", QT_TRANSLATE_NOOP("DataPage", "Categories")),
         ("events", QT_TRANSLATE_NOOP("DataPage", "Events")),
         ("rejected", QT_TRANSLATE_NOOP("DataPage", "Rows rejected")))
#: Event types in the chart's order (others follow, sorted).
EVENT_ORDER = ("view", "cart", "favourite", "purchase", "refund")


@dataclass(frozen=True)
class DataState:
    """What the page reads as it opens (quick: the tables page through SQL as they are shown)."""
    groups_note: "Message | str"                  # where the categories come from ("" when from the file)
    can_review_groups: bool
    can_derive_groups: bool
    imports: PagedQuery
    events: PagedQuery


@dataclass(frozen=True)
class DataFigures:
    """The counts over every event (engine.read.overview.data_counts, a job: 1.7 s at 10^7 events), as shown."""
    health: DataHealth                  # the counts the cards and the window's status line show
    cards: dict[str, tuple[str, str]]   # by card key: value, detail line
    weekly: WeeklyEvents
    event_kinds: list[str]              # the weekly counts' event types, in the chart's order


def read_state(project: Project) -> DataState:
    summary = group_summary(project)
    return DataState(summary.sentence(), summary.state in ("derived", "catalog"), summary.state == "pending",
                     read_ahead(imports_query(project)), read_ahead(events_query(project)))


def figures(h: DataHealth, weekly: WeeklyEvents) -> DataFigures:
    n = lambda value: locale_number(value, ",")  # noqa: E731
    span = (QCoreApplication.translate("DataPage", "{first} – {last}").format(
        first=_day(h.first_event), last=_day(h.last_event))
        if h.first_event else QCoreApplication.translate("DataPage", "no events"))
    days = (h.last_event - h.first_event).days + 1 if h.first_event else 0
    amount = locale_number(h.revenue, ",.0f")
    # in the currency the imports read, when one did (a file in several: the project's main one)
    revenue = (QCoreApplication.translate("DataPage", "revenue {amount} {currency}").format(
        amount=amount, currency=h.currency) if h.currency else
        QCoreApplication.translate("DataPage", "revenue {amount}").format(amount=amount))
    kinds = QCoreApplication.translate("DataPage", "{purchases} purchases, {refunds} refunds").format(
        purchases=n(h.purchases), refunds=n(h.refunds))
    cards = {"span": (span, plurals().days(days) if days else ""),
             "customers": (n(h.customers), ""),
             "orders": (n(h.orders), revenue),
             "categories": (n(h.categories), ""),
             "events": (n(h.events), kinds),
             "rejected": (n(h.rows_rejected), plurals().in_imports(h.imports))}
    kinds = [k for k in EVENT_ORDER if k in weekly.counts] + sorted(set(weekly.counts) - set(EVENT_ORDER))
    return DataFigures(h, cards, weekly, kinds)
