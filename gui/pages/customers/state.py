"""What the Customers page shows of the latest customers run, as plain data read from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from engine.models.customers import results
from engine.models.customers.params import CustomerParams
from engine.read.paged_query import PagedQuery
from engine.store import Project
from engine.store.runs import RunInfo
from gui.i18n.engine_text import locale_number
from gui.widgets.sql_table_model import read_ahead

PARAM_NAMES = set(CustomerParams.__dataclass_fields__)


@dataclass(frozen=True)
class CustomersState:
    run: RunInfo
    params: CustomerParams          # the run's own: the horizon label comes from it
    headline: str
    verdict: list[str]
    histogram: dict[str, Any]       # edges, counts of p_buy_again
    deciles: Any
    winner: str
    predictions: PagedQuery
    deciles_sample: int | None = None   # customers the predicted-vs-actual check counted, when a sample


def read_state(project: Project) -> CustomersState | None:
    run = results.latest(project)
    if run is None:
        return None
    params = CustomerParams.from_dict({k: v for k, v in run.params.items() if k in PARAM_NAMES})
    m, t = run.metrics, results.totals(project, run.run_id)
    headline = QCoreApplication.translate(
        "CustomersPage", "{customers} customers as of {date}, next {weeks} weeks: {buyers} expected to buy again, "
        "{orders} orders, {spend} spend · run {run}").format(
        customers=locale_number(t["customers"], ","), date=f"{run.as_of:%Y-%m-%d}", weeks=params.horizon_weeks,
        buyers=locale_number(t["expected_buyers"], ",.0f"), orders=locale_number(t["expected_orders"], ",.0f"),
        spend=locale_number(t["expected_spend"], ",.0f"), run=run.run_id)
    sample = results.check_sample(run)
    return CustomersState(run, params, headline,
                          results.verdict_lines(run) + ([sample] if sample else []) + results.notes(run)[:3],
                          results.p_histogram(project, run.run_id), m.get("deciles"), m.get("winner", ""),
                          read_ahead(results.predictions_query(project, run.run_id)),
                          (m.get("check_sample") or {}).get("customers"))
