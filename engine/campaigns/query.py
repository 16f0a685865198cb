"""The campaign list as SQL: candidates, filters, suppressions, the size cap and the control split.

The same SQL feeds the live preview (paged), the saved members and the export,
so what is exported is what was shown, row for row. Columns:
position (1 = highest score), customer_id, category, score, group, reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.campaigns.control import draw_order_sql, group_sql
from engine.campaigns.sources import ModelSources
from engine.campaigns.spec import CampaignError, CampaignSpec
from engine.campaigns.targets import customer_scores_sql
from engine.features.current_attributes import CURRENT_BY_CUSTOMER, ROLES as ATTRIBUTE_ROLES
from engine.messages import msg

LIST_COLUMNS = ("position", "customer_id", "category", "score", "group", "reason")
EXPORT_COLUMNS = ("customer_id", "category", "score", "group", "reason")

_PURCHASE = "event_type = 'purchase' AND quantity > 0"
_REFUND = "(event_type = 'refund' OR quantity < 0)"


def campaign_date(spec: CampaignSpec, sources: ModelSources) -> dt.datetime:
    """The day the campaign goes out: set by the user, else the end of the imported data."""
    date = spec.campaign_date or sources.data_end
    if date is None:
        raise CampaignError(msg("data.no_events"))
    return date


def candidates_sql(spec: CampaignSpec, sources: ModelSources) -> tuple[str, list[Any]]:
    """Scored customers who pass every filter, best first, capped at ``spec.size``."""
    spec.validate()
    date = campaign_date(spec, sources)
    joins: list[str] = []
    jparams: list[Any] = []
    if spec.customer_target:
        scores, sparams = customer_scores_sql(spec, sources)
        where, wparams = ["TRUE"], []
    else:
        if sources.migration_run is None:
            raise CampaignError(msg("campaign.no_scores"))
        scores, sparams = sources.scores_sql()
        scores = f"SELECT *, score AS priority FROM ({scores})"
        where = ["s.category = ?"]
        wparams: list[Any] = [spec.category]
    if spec.min_score is not None:
        where.append("s.score >= ?")
        wparams.append(float(spec.min_score))
    if spec.tiers or spec.clusters:
        if sources.segments_run is None:
            raise CampaignError(msg("campaign.needs_segments"))
        joins.append("JOIN segment_assignments g ON g.run_id = ? AND g.customer_id = s.customer_id")
        jparams.append(sources.segments_run)
        if spec.tiers:
            where.append(f"g.tier IN ({', '.join('?' * len(spec.tiers))})")
            wparams.extend(spec.tiers)
        if spec.clusters:
            where.append(f"g.cluster IN ({', '.join('?' * len(spec.clusters))})")
            wparams.extend(int(c) for c in spec.clusters)
    if spec.min_lapse is not None or spec.max_lapse is not None:
        if sources.decay_run is None:
            raise CampaignError(msg("campaign.needs_decay"))
        joins.append("JOIN (SELECT customer_id, max(lapse_probability) AS lapse_risk FROM decay_scores "
                     "WHERE run_id = ? GROUP BY customer_id) d ON d.customer_id = s.customer_id")
        jparams.append(sources.decay_run)
        if spec.min_lapse is not None:
            where.append("d.lapse_risk >= ?")
            wparams.append(float(spec.min_lapse))
        if spec.max_lapse is not None:
            where.append("d.lapse_risk <= ?")
            wparams.append(float(spec.max_lapse))
    if spec.suppress_recent_days and not spec.customer_target:
        where.append(f"s.customer_id NOT IN (SELECT customer_id FROM events WHERE category = ? AND {_PURCHASE} "
                     "AND ts > CAST(? AS TIMESTAMP) - to_days(CAST(? AS INTEGER)) AND ts <= CAST(? AS TIMESTAMP))")
        wparams.extend([spec.category, date, int(spec.suppress_recent_days), date])
    if spec.suppress_refund_only:
        # everything they bought came back: a message would be wasted, or worse
        refunded = f"sum(CASE WHEN {_REFUND} THEN abs(quantity) ELSE 0 END)"
        bought = f"sum(CASE WHEN {_PURCHASE} THEN quantity ELSE 0 END)"
        where.append("s.customer_id NOT IN (SELECT customer_id FROM events WHERE ts <= CAST(? AS TIMESTAMP) "
                     f"AND (event_type IN ('purchase', 'refund') OR quantity < 0) GROUP BY customer_id "
                     f"HAVING {refunded} > 0 AND {refunded} >= {bought})")
        wparams.append(date)
    if spec.suppress_active:
        where.append("s.customer_id NOT IN (SELECT m.customer_id FROM campaign_members m "
                     "JOIN campaigns c ON c.campaign_id = m.campaign_id WHERE c.status = 'active')")
    # the size cap keeps the best: only then is this list sorted here (list_sql numbers it in the same order; sorting
    # the whole list twice took 0.30 s of the preview's 2.7 at wide 10^7, session 42)
    top = f"ORDER BY s.priority DESC, s.customer_id LIMIT {int(spec.size)}" if spec.size else ""
    # ``priority`` orders the list: the score itself for a category, the target's own order otherwise
    sql = (f"SELECT s.customer_id, s.category, s.score, s.reason, s.priority FROM ({scores}) s {' '.join(joins)} "
           f"WHERE {' AND '.join(where)} "
           # one row per customer even if a run wrote a pair twice (model and transfer)
           f"QUALIFY row_number() OVER (PARTITION BY s.customer_id ORDER BY s.priority DESC, s.source) = 1 {top}")
    return sql, sparams + jparams + wparams


def list_sql(spec: CampaignSpec, sources: ModelSources) -> tuple[str, list[Any]]:
    """The campaign list: candidates with their position and group (target or control)."""
    cand, params = candidates_sql(spec, sources)
    sql = (
        "SELECT CAST(position AS INTEGER) AS position, customer_id, category, score, "
        f"{group_sql()} AS \"group\", coalesce(reason, '') AS reason FROM ("
        "SELECT *, row_number() OVER (ORDER BY priority DESC, customer_id) AS position, "
        f"row_number() OVER (ORDER BY {draw_order_sql()}) AS draw, count(*) OVER () AS n "
        f"FROM ({cand}))")
    return sql, [float(spec.control_fraction), str(int(spec.seed))] + params


def members_sql(campaign_id: int) -> tuple[str, list[Any]]:
    """A saved campaign's list, with the same columns as :func:`list_sql`."""
    return ("SELECT position, customer_id, category, score, grp AS \"group\", reason "
            "FROM campaign_members WHERE campaign_id = ?", [int(campaign_id)])


def attribute_columns(attributes: list[str]) -> list[str]:
    """Output names of ticked attributes; an attribute named like a list column gets a prefix."""
    return [f"attr_{a}" if a in LIST_COLUMNS else a for a in attributes]


def with_attributes(sql: str, params: list[Any], attributes: list[str]) -> tuple[str, list[Any]]:
    """Add one column per ticked customer attribute (each customer's value seen last: CURRENT_BY_CUSTOMER)."""
    if not attributes:
        return sql, params
    unknown = [a for a in attributes if a not in ATTRIBUTE_ROLES]
    if unknown:
        raise CampaignError(msg("campaign.unknown_attribute", name=repr(unknown[0]), choices=", ".join(ATTRIBUTE_ROLES)))
    names = attribute_columns(attributes)
    # each a role, checked above: a column of the relation
    picks = ", ".join(f"{a} AS {_q(n)}" for a, n in zip(attributes, names))
    pivot = f"SELECT customer_id, {picks} FROM {CURRENT_BY_CUSTOMER}"
    cols = ", ".join(f"a.{_q(n)}" for n in names)
    out = f"SELECT l.*, {cols} FROM ({sql}) l LEFT JOIN ({pivot}) a ON a.customer_id = l.customer_id"
    return out, params


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
