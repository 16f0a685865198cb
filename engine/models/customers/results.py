"""Reading a customers run back for the Customers page: the run, its verdict, the predictions as a
paged SQL table (sorted and filtered in DuckDB), and the numbers behind its charts."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.messages import Message, msg, stored, term
from engine.read.paged_query import PagedQuery
from engine.store.project import Project
from engine.store.runs import RunInfo, latest_run

HEADERS = {"customer_id": "Customer", "tier": "Tier", "orders": "Orders", "spend": "Spend",
           "first_purchase": "First order", "last_purchase": "Last order", "days_since": "Days since",
           "p_buy_again": "P(buy again)", "expected_orders": "Exp. orders", "expected_spend": "Exp. spend",
           "next_order_date": "Next order", "p_bgnbd": "BG/NBD P"}


def latest(project: Project) -> RunInfo | None:
    return latest_run(project, "customers")


def predictions_query(project: Project, run_id: int) -> PagedQuery:
    """Every scored customer, the likeliest to buy again first; filter by id or tier."""
    seg = latest_run(project, "segments")
    # the probabilities as they are: rounded to 3 places, 0.9995 read 1 (a certainty); the table shows 3 digits
    sql = """
        SELECT s.customer_id, a.tier, s.orders, s.spend, s.first_purchase, s.last_purchase, s.days_since,
               s.p_buy_again, round(s.expected_orders, 2) AS expected_orders,
               round(s.expected_spend, 2) AS expected_spend, s.next_order_date, s.p_bgnbd
        FROM customer_scores s
        LEFT JOIN segment_assignments a ON a.run_id = ? AND a.customer_id = s.customer_id
        WHERE s.run_id = ?"""
    query = PagedQuery(project, sql, [seg.run_id if seg is not None else -1, run_id],
                       filter_columns=["customer_id", "tier"])
    query.set_sort("p_buy_again", descending=True)
    return query


def p_histogram(project: Project, run_id: int, bins: int = 20) -> dict[str, Any]:
    """Customers per band of p_buy_again (counted in SQL)."""
    rows = project.query(
        f"SELECT least(CAST(floor(p_buy_again * {bins}) AS INTEGER), {bins - 1}) AS b, count(*) "
        "FROM customer_scores WHERE run_id = ? GROUP BY b ORDER BY b", [run_id])
    counts = np.zeros(bins)
    for b, n in rows:
        counts[int(b)] = n
    return {"edges": np.linspace(0.0, 1.0, bins + 1), "counts": counts}


def totals(project: Project, run_id: int) -> dict[str, float]:
    n, buyers, orders, spend = project.query(
        "SELECT count(*), sum(p_buy_again), sum(expected_orders), sum(expected_spend) FROM customer_scores "
        "WHERE run_id = ?", [run_id])[0]
    return {"customers": int(n or 0), "expected_buyers": float(buyers or 0), "expected_orders": float(orders or 0),
            "expected_spend": float(spend or 0)}


def notes(run: RunInfo) -> list[Message | str]:
    """What the run could not do (a cut without a learned model...), as messages when it kept them."""
    texts = run.metrics.get("notes") or []
    kept = run.metrics.get("notes_messages") or [None] * len(texts)
    return [stored(text, message) for text, message in zip(texts, kept)]


def check_sample(run: RunInfo) -> Message | str | None:
    """When the backtest's predicted-vs-actual check counted a sample of its cut's customers: the
    sentence saying how many of how many (None when it counted them all, or the run is older)."""
    m = run.metrics
    if not m.get("check_sample_text"):
        return None
    return stored(m["check_sample_text"], m.get("check_sample_text_message"))


def verdict_lines(run: RunInfo) -> list[Message | str]:
    """The shipped model and, per candidate, its mean out-of-sample figures; then the calibration of the shipped
    probabilities."""
    m = run.metrics
    labels = m.get("labels", {})
    verdict = stored(m.get("verdict_text", ""), m.get("verdict_text_message"))
    # the verdict ends by naming the score shipped ("Shipped score: …"): "Shipped: …" before it said it twice; a run
    # without one says which model shipped
    lines: list[Message | str] = [verdict if str(verdict) else msg(
        "customers.shipped", winner=term(m.get("winner_label", m.get("winner", "?"))), verdict="")]
    cuts = len(m.get("cuts") or [])
    for name, values in sorted((m.get("mean_metrics") or {}).items(),
                               key=lambda kv: -(kv[1].get("auc") or 0.0)):
        auc, rho, err = values.get("auc"), values.get("spearman_spend"), values.get("total_spend_error")
        line = msg("customers.candidate", label=term(labels.get(name, name)), auc=_or_dash(auc),
                   spearman=_or_dash(rho), spend_error=_or_dash(err))
        if values.get("cuts", cuts) < cuts:   # its mean is of fewer cuts than the others': say so
            line = msg("customers.candidate.fewer_cuts", line=line, k=values["cuts"], n=cuts)
        lines.append(line)
    c = m.get("calibration")
    if c:   # runs since session 44: the shipped probabilities went through it
        # rounded first (+ 0.0: no "-0.00" for a layer that barely moves them)
        lines.append(msg("customers.calibrated", date=c["cut"], a=round(c["a"], 2) + 0.0, b=round(c["b"], 2) + 0.0,
                         mean_p=c["mean_p"], bought=c["bought_rate"], weeks=m.get("horizon_weeks", 4)))
    return lines


def _or_dash(v: float | None) -> float | str:
    """A missing figure reads as a dash (the template's number format applies to numbers only)."""
    return "–" if v is None else v
