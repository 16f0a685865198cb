"""The gain curve of a campaign list: expected shifters against list size, over everyone who passes
the filters, so the builder can show what a bigger or smaller list would add.

Expected shifters count the targets only, as the campaign card does: the control group gets no
message. A list cut at size k holds round(k × fraction) control customers drawn at random, so
at a size the builder does not ask for the curve is the running sum of scores times the targets'
share of the list; at the chosen size and at everyone it is the card's own sum over the targets
of that exact list."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from engine.campaigns.query import candidates_sql, list_sql
from engine.campaigns.sources import ModelSources
from engine.campaigns.spec import CampaignSpec
from engine.jobs import CancelToken, ensure
from engine.store.project import Project

#: Points on the curve: enough for a smooth line, few enough to draw at once.
POINTS = 400


@dataclass(frozen=True)
class GainCurve:
    sizes: list[int]            # list sizes (targets and control), ascending, ending at everyone who passes
    expected: list[float]       # expected shifters (or buyers) among the targets of the list cut at each size
    chosen: int                 # the size the builder asks for (everyone when it sets none)

    @property
    def total(self) -> int:
        return self.sizes[-1] if self.sizes else 0


@dataclass(frozen=True)
class Listed:
    """The list a spec gives, materialised (the preview's table: position, customer_id, score, group, …), and its
    targets' expected shifters (the campaign card's figure)."""

    table: str
    expected: float


def gain_curve(project: Project, spec: CampaignSpec, sources: ModelSources, *, points: int = POINTS,
               cancel: CancelToken | None = None, listed: Listed | None = None) -> GainCurve:
    """Running sums in SQL, thinned to about ``points`` sizes (the first, the chosen and the last
    always kept, so the chosen size's figure is exact).

    ``listed``: the list ``spec`` gives, already made (the preview's): the chosen size's figure is its own, and
    with no size asked for (everyone who passes) the sums run over its table in its order, not over the candidates
    ranked again. At wide 10^7 the preview's curve took 4.9 s on one core of its 8.6 (session 40)."""
    _, cancel = ensure(None, cancel)
    if listed is not None and spec.size is None:
        # the list's position is the candidates' rank (list_sql: priority, then customer_id)
        source, params, order = f"SELECT position, score FROM {listed.table}", [], "position"
    else:
        source, params = candidates_sql(dataclasses.replace(spec, size=None), sources)
        order = "priority DESC, customer_id"
    with project.interruptible(cancel) as cur:
        rows = cur.execute(
            "SELECT n, expected FROM ("
            "  SELECT row_number() OVER w AS n, sum(score) OVER w AS expected, count(*) OVER () AS total "
            f"  FROM ({source}) WINDOW w AS (ORDER BY {order} ROWS UNBOUNDED PRECEDING)) "
            "WHERE n = 1 OR n = total OR n = ? OR n % greatest(1, ceil(total / ?)::BIGINT) = 0 ORDER BY n",
            params + [int(spec.size or 0), int(points)]).fetchall()
        sizes = [int(r[0]) for r in rows]
        total = sizes[-1] if sizes else 0
        chosen = min(int(spec.size), total) if spec.size else total
        fraction = float(spec.control_fraction)
        expected = [float(r[1] or 0.0) * _target_share(n, fraction) for n, r in zip(sizes, rows)]
        for size in {chosen, total} - {0}:
            # a size at or past everyone gives everyone's list: the chosen one's is the list made
            expected[sizes.index(size)] = (listed.expected if listed is not None and size == chosen else
                                           _targets_expected(cur, dataclasses.replace(spec, size=size), sources))
    return GainCurve(sizes, expected, chosen)


def _target_share(n: int, fraction: float) -> float:
    """The share of a list of ``n`` that is not held out (control.group_sql: round(n × fraction),
    DuckDB rounding half away from zero)."""
    return (n - math.floor(n * fraction + 0.5)) / n if n else 0.0


def _targets_expected(cur, spec: CampaignSpec, sources: ModelSources) -> float:
    """The sum of the targets' scores of the list ``spec`` gives: the campaign card's figure."""
    sql, params = list_sql(spec, sources)
    return float(cur.execute(f"SELECT coalesce(sum(score) FILTER (WHERE \"group\" = 'target'), 0) FROM ({sql})",
                             params).fetchall()[0][0])
