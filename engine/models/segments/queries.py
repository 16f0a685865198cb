"""Reading a segmentation run back: tier cards, cluster profiles, movements, member lists.

The Segments page shows exactly these; every list of customers is a PagedQuery
(sorted, filtered and paged in DuckDB), never a Python list of all rows.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import numpy as np

from engine.features.fixed_point import fixed_sum
from engine.models.segments.labels import OTHER
from engine.models.segments.movements import FROM_STATES, TO_STATES, movement_counts
from engine.models.segments.tiers import TIERS
from engine.read.paged_query import PagedQuery
from engine.store.project import Project
from engine.store.runs import RunInfo, latest_run


def latest(project: Project) -> RunInfo | None:
    return latest_run(project, "segments")


def tier_cards(project: Project, run_id: int) -> list[dict[str, Any]]:
    """Per tier: customers, share of customers and of revenue, change since the earlier period,
    and the weekly revenue of its members (the card's trend line)."""
    rows = dict((t, (n, s)) for t, n, s in project.query(
        f"SELECT tier, count(*), {fixed_sum('greatest(spend, 0)')} FROM segment_assignments WHERE run_id = ? "
        "GROUP BY tier",
        [run_id]))
    before = dict(project.query(
        "SELECT tier_from, count(*) FROM segment_movements WHERE run_id = ? GROUP BY tier_from", [run_id]))
    weeks: dict[str, list[tuple]] = {t: [] for t in TIERS}
    for tier, week, buyers, revenue in project.query(
            "SELECT tier, week_start, buyers, revenue FROM segment_tier_weeks WHERE run_id = ? "
            "ORDER BY tier, week_start", [run_id]):
        weeks.setdefault(tier, []).append((week, int(buyers), float(revenue)))
    total_n = sum(int(n) for n, _s in rows.values()) or 1
    total_s = sum(float(s or 0.0) for _n, s in rows.values()) or 1.0
    cards = []
    for tier in TIERS:
        n, s = rows.get(tier, (0, 0.0))
        cards.append({
            "tier": tier, "customers": int(n), "customer_share": int(n) / total_n,
            "revenue_share": float(s or 0.0) / total_s,
            "customers_before": int(before.get(tier, 0)),
            "weeks": [w for w, _b, _r in weeks.get(tier, [])],
            "weekly_revenue": [r for _w, _b, r in weeks.get(tier, [])],
            "weekly_buyers": [b for _w, b, _r in weeks.get(tier, [])],
        })
    return cards


def cluster_profiles(project: Project, run_id: int, top: int = 18) -> dict[str, Any]:
    """The clusters with their category mix, over the ``top`` categories that matter most
    to any cluster (the rest folded into "(other)"), biggest cluster first."""
    clusters = []
    for cid, label, size, profile, revenue in project.query(
            "SELECT cluster, label, size, profile_json, revenue_share FROM segment_clusters WHERE run_id = ? "
            "ORDER BY size DESC, cluster", [run_id]):
        clusters.append({"cluster": int(cid), "label": label, "size": int(size),
                         "profile": json.loads(profile), "revenue_share": float(revenue or 0.0)})
    return {"categories": profile_categories(clusters, top), "clusters": clusters}


def profile_categories(clusters: list[dict[str, Any]], top: int = 18) -> list[str]:
    """The categories to draw: each cluster's biggest shares first, until ``top`` are picked."""
    picked: list[str] = []
    ranked = [sorted(((v, c) for c, v in cl["profile"].items() if c != OTHER), reverse=True) for cl in clusters]
    depth = 0
    while len(picked) < top and any(depth < len(r) for r in ranked):
        for r in ranked:
            if depth < len(r) and r[depth][1] not in picked and len(picked) < top:
                picked.append(r[depth][1])
        depth += 1
    return picked


def movement_matrix(project: Project, run_id: int) -> dict[str, Any]:
    counts = movement_counts(project.cursor(), "segment_movements", "WHERE run_id = ?", [run_id])
    return {"from": list(FROM_STATES), "to": list(TO_STATES), "counts": counts}


MEMBER_HEADERS = {"customer_id": "Customer", "tier": "Tier", "cluster": "Interest cluster",
                  "category_mix": "Category mix", "last_activity": "Last activity",
                  "days_since": "Days since", "purchases": "Purchases", "spend": "Spend",
                  "engagement": "Engagement"}


def members_query(project: Project, run_id: int, *, tier: str | None = None, cluster: int | None = None,
                  moved: tuple[str, str] | None = None) -> PagedQuery:
    """Members of a tier, a cluster, or a movement (tier_from, tier_to), with their mix and last activity."""
    where, params = ["a.run_id = ?"], [run_id]
    if tier is not None:
        where.append("a.tier = ?")
        params.append(tier)
    if cluster is not None:
        where.append("a.cluster = ?")
        params.append(int(cluster))
    if moved is not None:
        where.append("a.customer_id IN (SELECT customer_id FROM segment_movements "
                     "WHERE run_id = ? AND tier_from = ? AND tier_to = ?)")
        params += [run_id, moved[0], moved[1]]
    sql = f"""
        SELECT a.customer_id, a.tier, c.label AS cluster, a.category_mix, a.last_ts AS last_activity,
               CAST(floor(a.recency_days) AS INTEGER) AS days_since, a.n_purchases AS purchases,
               round(a.spend, 2) AS spend, round(a.engagement, 2) AS engagement
        FROM segment_assignments a
        LEFT JOIN segment_clusters c ON c.run_id = a.run_id AND c.cluster = a.cluster
        WHERE {' AND '.join(where)}"""
    query = PagedQuery(project, sql, params, filter_columns=["customer_id", "category_mix", "cluster"])
    query.set_sort("engagement", descending=True)
    return query


def lapsed_query(project: Project, run_id: int, tier_from: str) -> PagedQuery:
    """Customers of a tier a period ago with no activity in the current window."""
    sql = ("SELECT customer_id, tier_from AS tier_before, tier_to AS tier_now FROM segment_movements "
           "WHERE run_id = ? AND tier_from = ? AND tier_to = 'lapsed'")
    return PagedQuery(project, sql, [run_id, tier_from], default_sort="customer_id")


HISTORY_HEADERS = {"ts": "When", "event_type": "Event", "category": "Category", "item_name": "Item",
                   "quantity": "Qty", "amount": "Amount", "order_id": "Order"}


def history_query(project: Project, customer_id: str, as_of: datetime | None = None) -> PagedQuery:
    """A customer's events, newest first."""
    sql = ("SELECT ts, event_type, category, item_name, quantity, amount, order_id FROM events "
           "WHERE customer_id = ?" + (" AND ts < ?" if as_of else ""))
    params = [customer_id] + ([as_of] if as_of else [])
    query = PagedQuery(project, sql, params, filter_columns=["event_type", "category", "item_name"])
    query.set_sort("ts", descending=True)
    return query


def customer_timeline(project: Project, customer_id: str, as_of: datetime | None = None) -> dict[str, Any]:
    """Weekly counts of a customer's purchases and browsing, for a small timeline chart."""
    cond = " AND ts < ?" if as_of else ""
    params = [customer_id] + ([as_of] if as_of else [])
    data = project.cursor().execute(
        "SELECT CAST(date_trunc('week', ts) AS DATE) AS week, "
        "count(*) FILTER (WHERE event_type = 'purchase') AS purchases, "
        "count(*) FILTER (WHERE event_type IN ('view', 'cart', 'favourite')) AS browse "
        f"FROM events WHERE customer_id = ?{cond} GROUP BY ALL ORDER BY week", params).fetchnumpy()
    weeks = data["week"]
    return {"weeks": [w for w in weeks.tolist()] if len(weeks) else [],
            "purchases": np.asarray(data["purchases"], dtype=float),
            "browse": np.asarray(data["browse"], dtype=float)}
