"""What a campaign did: how many of its target and control groups shifted into the
category after the campaign date, the uplift (difference in shift rates) and its 95% CI.

The interval is Newcombe's hybrid score interval for a difference of two
proportions (Newcombe 1998, method 10), built from each group's Wilson
interval: unlike the textbook Wald interval it stays inside [-1, 1] and does
not collapse to zero width when a small control group has no shifter.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.campaigns.spec import ANY_PURCHASE_PREFIX
from engine.campaigns.store import SavedCampaign, get_campaign, list_campaigns
from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.messages import Message, msg
from engine.store.project import Project

Z95 = 1.959963984540054


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion x/n."""
    if n <= 0:
        return 0.0, 1.0
    p = x / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def diff_ci(x1: int, n1: int, x0: int, n0: int, z: float = Z95) -> tuple[float, float]:
    """Newcombe's interval for p1 - p0."""
    p1, p0 = x1 / n1, x0 / n0
    l1, u1 = wilson(x1, n1, z)
    l0, u0 = wilson(x0, n0, z)
    d = p1 - p0
    return d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)


@dataclass
class Uplift:
    campaign_id: int
    name: str
    category: str
    campaign_date: dt.datetime
    horizon_weeks: int
    weeks_observed: float          # how much of the window the imported data covers
    n_target: int
    n_control: int
    shifted_target: int
    shifted_control: int
    rate_target: float | None
    rate_control: float | None
    uplift: float | None           # rate_target - rate_control
    ci_low: float | None
    ci_high: float | None
    expected_shifters: float | None
    # cumulative shift rates at the end of each week since the campaign date: (week, target, control)
    weekly: list[tuple[int, float | None, float | None]] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.weeks_observed <= 0:
            return "waiting"       # no data after the campaign date yet
        # data ends on a day, not an instant: the last day's events close the window
        return "complete" if self.weeks_observed >= self.horizon_weeks - 1 / 7 else "partial"

    @property
    def buys_anything(self) -> bool:
        """A customer target's campaign (likely to lapse, high value): its outcome is any purchase."""
        return self.category.startswith(ANY_PURCHASE_PREFIX)

    @property
    def extra_shifters(self) -> float | None:
        """Shifters the campaign caused among its targets (uplift x targets)."""
        return None if self.uplift is None else self.uplift * self.n_target

    def describe(self) -> Message:
        if self.status == "waiting":
            return msg("uplift.waiting", date=f"{self.campaign_date:%Y-%m-%d}")
        if self.uplift is None:
            return msg("uplift.no_groups")
        window = (msg("uplift.window.partial", observed=self.weeks_observed, weeks=self.horizon_weeks)
                  if self.status == "partial" else msg("uplift.window.complete", weeks=self.horizon_weeks))
        verdict = ("uplift.verdict.positive" if self.ci_low is not None and self.ci_low > 0 else
                   "uplift.verdict.negative" if self.ci_high is not None and self.ci_high < 0 else
                   "uplift.verdict.unclear")
        # percentage points as raw numbers: the renderer formats them for the reader's locale; a customer target
        # ("Any purchase · ...") counts who bought anything, not who shifted into a category
        sentence = "uplift.sentence.bought" if self.buys_anything else "uplift.sentence"
        return msg(sentence, window=window, shifted_target=self.shifted_target, n_target=self.n_target,
                   rate_target=100 * (self.rate_target or 0), shifted_control=self.shifted_control,
                   n_control=self.n_control, rate_control=100 * (self.rate_control or 0),
                   uplift=100 * self.uplift, ci_low=100 * (self.ci_low or 0), ci_high=100 * (self.ci_high or 0),
                   verdict=msg(verdict))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["status"] = self.status
        return out


def measure_uplift(project: Project, campaign: int | SavedCampaign, *, progress: ProgressCallback | None = None,
                   cancel: CancelToken | None = None) -> Uplift:
    """Count shifts after the campaign date among its targets and controls (SQL; a few rows come back)."""
    progress, cancel = ensure(progress, cancel)
    c = campaign if isinstance(campaign, SavedCampaign) else get_campaign(project, campaign)
    end = c.campaign_date + dt.timedelta(weeks=c.horizon_weeks)
    # each member's first purchase of the campaign category inside the window, bucketed by week
    with project.interruptible(cancel) as cur:
        rows, data_end = _counts(cur, c, end)
    progress(1, 1, msg("progress.measured", name=c.name))
    return _uplift(c, rows, data_end)


def _counts(cur: Any, c: SavedCampaign, end: dt.datetime) -> tuple[list[tuple], dt.datetime | None]:
    rows = cur.execute(
        "WITH first AS (SELECT m.grp, m.customer_id, min(e.ts) AS first_ts FROM campaign_members m "
        # a customer target ("Any purchase · ...") counts a purchase of anything
        "LEFT JOIN events e ON e.customer_id = m.customer_id AND (e.category = m.category OR starts_with(m.category, ?)) "
        "AND e.event_type = 'purchase' AND e.quantity > 0 AND e.ts > ? AND e.ts <= ? "
        "WHERE m.campaign_id = ? GROUP BY m.grp, m.customer_id) "
        "SELECT grp, CAST(ceil(date_diff('second', CAST(? AS TIMESTAMP), first_ts) / 604800.0) AS INTEGER) AS week, "
        "count(*) FROM first GROUP BY ALL",
        [ANY_PURCHASE_PREFIX, c.campaign_date, end, c.campaign_id, c.campaign_date]).fetchall()
    return rows, cur.execute("SELECT max(ts) FROM events").fetchall()[0][0]


def _uplift(c: SavedCampaign, rows: list[tuple], data_end: dt.datetime | None) -> Uplift:
    observed = 0.0 if data_end is None else max(
        0.0, min(float(c.horizon_weeks), (data_end - c.campaign_date).total_seconds() / 604800.0))
    n = {"target": 0, "control": 0}
    by_week: dict[str, dict[int, int]] = {"target": {}, "control": {}}
    for grp, week, count in rows:
        n[grp] = n.get(grp, 0) + int(count)
        if week is not None:
            weeks = by_week.setdefault(grp, {})
            weeks[max(1, int(week))] = weeks.get(max(1, int(week)), 0) + int(count)
    shifted = {g: sum(by_week.get(g, {}).values()) for g in ("target", "control")}
    rate = {g: (shifted[g] / n[g]) if n[g] else None for g in ("target", "control")}
    uplift = ci_low = ci_high = None
    if n["target"] and n["control"]:
        uplift = rate["target"] - rate["control"]
        ci_low, ci_high = diff_ci(shifted["target"], n["target"], shifted["control"], n["control"])
    weekly = []
    running = {"target": 0, "control": 0}
    for week in range(1, c.horizon_weeks + 1):
        for g in running:
            running[g] += by_week.get(g, {}).get(week, 0)
        weekly.append((week, running["target"] / n["target"] if n["target"] else None,
                       running["control"] / n["control"] if n["control"] else None))
    return Uplift(c.campaign_id, c.name, c.category, c.campaign_date, c.horizon_weeks, observed,
                  n["target"], n["control"], shifted["target"], shifted["control"], rate["target"],
                  rate["control"], uplift, ci_low, ci_high, c.expected_shifters, weekly)


def measure_all(project: Project, *, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> list[Uplift]:
    """Every saved campaign's result, newest first."""
    progress, cancel = ensure(progress, cancel)
    campaigns = list_campaigns(project)
    out = []
    for i, c in enumerate(campaigns):
        out.append(measure_uplift(project, c, cancel=cancel))
        progress(i + 1, len(campaigns), msg("progress.measured", name=c.name))
    return out
