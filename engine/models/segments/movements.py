"""Tier movements: each customer's tier a period before the as-of date, and now.

The earlier tiers are scored with the *current* fit (same standardisation, same
cut points), so the movements are real changes of engagement: if the whole shop
slows down, many customers move down a tier.
"""

from __future__ import annotations

from datetime import timedelta

import duckdb

from engine.features.customer_features import FeatureSpec, build_engagement_features
from engine.models.segments.tiers import TIERS, EngagementTiers

#: Order of rows and columns in a movement matrix.
FROM_STATES = ("new",) + TIERS
TO_STATES = TIERS + ("lapsed",)


def build_movements(cur: duckdb.DuckDBPyConnection, spec: FeatureSpec, tiers: EngagementTiers,
                    current: str, weeks: int, out: str, prev_table: str = "seg_prev_features") -> None:
    """TEMP table ``out`` (customer_id, tier_from, tier_to) from ``current`` (customer_id, tier)."""
    earlier = FeatureSpec(spec.as_of - timedelta(weeks=weeks), spec.window_days, (), spec.event_weights)
    # the columns the tiers score only: the whole feature table took 10 s at wide 10^7 events
    build_engagement_features(cur, earlier, prev_table)
    cur.execute(f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        SELECT coalesce(c.customer_id, p.customer_id) AS customer_id,
               coalesce(p.tier, 'new') AS tier_from,
               coalesce(c.tier, 'lapsed') AS tier_to
        FROM {current} c
        FULL OUTER JOIN (SELECT customer_id, {tiers.tier_sql('(' + tiers.score_sql() + ')')} AS tier
                         FROM {prev_table}) p USING (customer_id)""")
    cur.execute(f"DROP TABLE IF EXISTS {prev_table}")


def movement_counts(cur: duckdb.DuckDBPyConnection, table: str, where: str = "", params: list | None = None
                    ) -> list[list[int]]:
    """The matrix counts[from][to] over FROM_STATES × TO_STATES."""
    rows = cur.execute(f"SELECT tier_from, tier_to, count(*) FROM {table} {where} GROUP BY ALL",
                       params or []).fetchall()
    counts = [[0] * len(TO_STATES) for _ in FROM_STATES]
    for a, b, n in rows:
        if a in FROM_STATES and b in TO_STATES:
            counts[FROM_STATES.index(a)][TO_STATES.index(b)] = int(n)
    return counts
