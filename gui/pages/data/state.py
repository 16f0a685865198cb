"""What the Data page shows, as plain data: the health cards, events per week, where the
categories come from, and the imports and events tables."""

from __future__ import annotations

from dataclasses import dataclass

from engine.messages import Message  # noqa: F401  (the groups note)
from engine.catalog.derive import group_summary
from engine.read.events import events_query
from engine.read.imports import imports_query
from engine.read.overview import WeeklyEvents, data_health, events_per_period
from engine.read.paged_query import PagedQuery
from engine.store import Project

#: The health cards: key, caption.
CARDS = (("span", "Date range"), ("customers", "Customers"), ("orders", "Orders"),
         ("categories", "Categories"), ("events", "Events"), ("rejected", "Rows rejected"))
#: Event types in the chart's order (others follow, sorted).
EVENT_ORDER = ("view", "cart", "favourite", "purchase", "refund")


@dataclass(frozen=True)
class DataState:
    cards: dict[str, tuple[str, str]]   # by card key: value, detail line
    weekly: WeeklyEvents
    event_kinds: list[str]              # the weekly counts' event types, in the chart's order
    groups_note: "Message | str"                  # where the categories come from ("" when from the file)
    can_review_groups: bool
    can_derive_groups: bool
    imports: PagedQuery
    events: PagedQuery


def read_state(project: Project, period: str = "week") -> DataState:
    h = data_health(project)
    span = (f"{h.first_event:%d %b %Y} – {h.last_event:%d %b %Y}" if h.first_event else "no events")
    days = (h.last_event - h.first_event).days + 1 if h.first_event else 0
    cards = {"span": (span, f"{days:,} days" if days else ""),
             "customers": (f"{h.customers:,}", ""),
             "orders": (f"{h.orders:,}", f"revenue {h.revenue:,.0f}"),
             "categories": (f"{h.categories:,}", ""),
             "events": (f"{h.events:,}", f"{h.purchases:,} purchases, {h.refunds:,} refunds"),
             "rejected": (f"{h.rows_rejected:,}", f"in {h.imports} import(s)")}
    weekly = events_per_period(project, period)  # the period of Edit ▸ Settings
    kinds = [k for k in EVENT_ORDER if k in weekly.counts] + sorted(set(weekly.counts) - set(EVENT_ORDER))
    summary = group_summary(project)
    return DataState(cards, weekly, kinds, summary.sentence(), summary.state in ("derived", "catalog"),
                     summary.state == "pending", imports_query(project), events_query(project))
