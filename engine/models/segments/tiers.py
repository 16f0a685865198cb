"""Interest tiers: light, medium, heavy by an engagement score, computed in SQL.

The score is a weighted sum of standardised log features: browsing (the steadiest
sign of interest), purchase frequency, spend, and recency (negative: a long
silence lowers it). ``fit`` learns the standardisation and the two cut points
(the score's quantiles at the tier shares); the fitted numbers then score any
other feature table — the one built a period earlier included — so a customer
who moves from heavy to light really did lose engagement, not just rank.
"""

from __future__ import annotations

from typing import Any

import duckdb

from engine.features.fixed_point import fixed_avg

TIERS = ("light", "medium", "heavy")

DEFAULT_WEIGHTS = {"browse": 1.0, "frequency": 0.3, "spend": 0.3, "recency": -0.2}
DEFAULT_SHARES = (0.50, 0.35, 0.15)

#: The SQL of each term, on a feature table's columns (see engine.features.customer_features).
_TERMS = {
    "browse": "ln(1 + n_browse * window_scale)",
    "frequency": "ln(1 + n_purchases * window_scale)",
    "spend": "ln(1 + greatest(spend, 0) * window_scale)",
    "recency": "ln(1 + recency_days)",
}


class EngagementTiers:
    def __init__(self, weights: dict[str, float] | None = None,
                 shares: tuple[float, float, float] = DEFAULT_SHARES) -> None:
        self.weights = dict(weights or DEFAULT_WEIGHTS)
        self.shares = tuple(shares)

    def check(self) -> None:
        unknown = set(self.weights) - set(_TERMS)
        if unknown:
            raise ValueError(f"unknown tier weight(s) {', '.join(sorted(unknown))}; use {', '.join(_TERMS)}")
        if len(self.shares) != 3 or any(s <= 0 for s in self.shares) or abs(sum(self.shares) - 1) > 1e-6:
            raise ValueError("tier shares must be three positive numbers that sum to 1")

    def fit(self, cur: duckdb.DuckDBPyConnection, table: str) -> "EngagementTiers":
        self.check()
        names = sorted(self.weights)
        # in two passes, each sum in fixed point: the same statistics (and tiers) in any row order
        means = [float(m or 0.0) for m in cur.execute(
            f"SELECT {', '.join(fixed_avg(_TERMS[n]) for n in names)} FROM {table}").fetchall()[0]]
        sds = cur.execute("SELECT " + ", ".join(f"sqrt({fixed_avg(f'(({_TERMS[n]}) - {m!r}) ** 2')})"
                                                for n, m in zip(names, means)) + f" FROM {table}").fetchall()[0]
        self.stats_ = {n: (m, float(sd or 0.0) or 1.0) for n, m, sd in zip(names, means, sds)}
        lo, hi = self.shares[0], self.shares[0] + self.shares[1]
        cuts = cur.execute(
            f"SELECT quantile_disc(score, {lo!r}), quantile_disc(score, {hi!r}) "
            f"FROM (SELECT {self.score_sql()} AS score FROM {table})").fetchall()[0]
        self.cuts_ = (float(cuts[0] or 0.0), float(cuts[1] or 0.0))
        return self

    def score_sql(self) -> str:
        """The engagement score as a SQL expression over a feature table's columns."""
        terms = []
        for name in sorted(self.weights):
            mean, std = self.stats_[name]
            terms.append(f"{float(self.weights[name])!r} * (({_TERMS[name]}) - {mean!r}) / {std!r}")
        return " + ".join(terms) or "0.0"

    def tier_sql(self, score: str = "engagement") -> str:
        """The tier of a score: at or below the first cut is light, above the second heavy."""
        lo, hi = self.cuts_
        return f"CASE WHEN {score} <= {lo!r} THEN 'light' WHEN {score} <= {hi!r} THEN 'medium' ELSE 'heavy' END"

    def to_dict(self) -> dict[str, Any]:
        return {"weights": self.weights, "shares": list(self.shares),
                "stats": {k: list(v) for k, v in self.stats_.items()}, "cuts": list(self.cuts_)}
