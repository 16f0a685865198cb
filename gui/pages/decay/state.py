"""What the Decay page shows of the latest decay runs, as plain data read from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from engine.models.decay import queries
from engine.store import Project
from engine.store.runs import RunInfo
from gui.i18n.engine_text import locale_number


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
    """What the page reads as it loads: the latest fit (None: none yet) and the latest backtest."""
    latest: DecayState | None
    backtest: RunInfo | None


def read_page(project: Project) -> DecayRead:
    return DecayRead(read_state(project), read_backtest(project))


def read_backtest(project: Project | None) -> RunInfo | None:
    return queries.latest_backtest(project) if project is not None else None
