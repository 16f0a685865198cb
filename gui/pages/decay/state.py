"""What the Decay page shows of the latest decay runs, as plain data read from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from engine.models.decay import queries
from engine.store import Project
from engine.store.runs import RunInfo
from engine.read.paged_query import PagedQuery
from gui.i18n.engine_text import locale_number
from gui.widgets.sql_table_model import read_ahead


@dataclass(frozen=True)
class DecayState:
    run: RunInfo
    categories: list[dict[str, Any]]   # half-life per category, slowest fading first
    summary: dict[str, int]            # pairs scored, customers at risk
    horizon_weeks: int                 # the run's own lapse horizon: labels come from it
    headline: str

    @property
    def busiest(self) -> str:
        """The category with the most customers at stake (the page starts on it)."""
        return max(self.categories, key=lambda c: c["n_customers"])["category"]


def read_state(project: Project) -> DecayState | None:
    run = queries.latest(project)
    if run is None:
        return None
    cats = queries.category_half_lives(project, run.run_id)
    s = queries.summary(project, run)
    weeks = queries.horizon_weeks(run)
    headline = QCoreApplication.translate(
        "DecayPage", "Decay as of {date}: {categories} categories, {pairs} customer-category pairs · lapse = no "
        "purchase in the next {weeks} weeks · run {run}").format(
        date=f"{run.as_of:%Y-%m-%d}", categories=len(cats), pairs=locale_number(s["n_pairs"], ","), weeks=weeks,
        run=run.run_id)
    return DecayState(run, cats, s, weeks, headline)


@dataclass(frozen=True)
class DecayRead:
    """What the page reads as it loads: the latest fit (None: none yet), the latest backtest, and the at-risk list
    the page opens on (the busiest category's, as the page's box of customers still interested was ticked)."""
    latest: DecayState | None
    backtest: RunInfo | None
    first_at_risk: tuple[str, bool, PagedQuery] | None = None   # category, still interested only, its first page read


def read_page(project: Project, still_interested: bool = True) -> DecayRead:
    latest = read_state(project)
    first = None
    if latest is not None and latest.categories:
        run, category = latest.run, latest.busiest
        first = (category, still_interested, read_ahead(queries.at_risk_query(project, run.run_id, category, run.as_of,
                                                                             still_interested)))
    return DecayRead(latest, read_backtest(project), first)


def read_backtest(project: Project | None) -> RunInfo | None:
    return queries.latest_backtest(project) if project is not None else None
