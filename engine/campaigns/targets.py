"""Customer targets from the customers model, in the shape of the shift scores a list is built from
(customer_id, category, score, reason, source, priority).

* lapsing: past repeat buyers (two orders or more) more likely not to buy in the next H weeks than
  to buy; the least likely first. The score is their p_buy_again.
* high-value: every scored customer, the highest expected spend first; the score is p_buy_again.

The score stays a probability of buying again, so "expected shifters" (the sum of the targets'
scores) reads as the buyers expected among them, and uplift counts a purchase of anything.
"""

from __future__ import annotations

from typing import Any

from engine.campaigns.sources import TRAIN_HINT, ModelSources
from engine.campaigns.spec import CampaignError, CampaignSpec
from engine.messages import sql_format

LAPSING_BELOW = 0.5


def customer_scores_sql(spec: CampaignSpec, sources: ModelSources) -> tuple[str, list[Any]]:
    if sources.customers_run is None:
        raise CampaignError(TRAIN_HINT["customers"])
    if spec.target == "lapsing":
        where, priority = f"orders >= 2 AND p_buy_again < {LAPSING_BELOW}", "1.0 - p_buy_again"
    else:
        where, priority = "TRUE", "expected_spend"
    sql = (f"SELECT customer_id, CAST(? AS TEXT) AS category, p_buy_again AS score, "
           f"format({sql_format('reason.customer', ('p', 'spend', 'orders', 'last'))}, p_buy_again, "
           f"expected_spend, orders, strftime(last_purchase, '%Y-%m-%d')) AS reason, "
           f"'customers' AS source, {priority} AS priority "
           f"FROM customer_scores WHERE run_id = ? AND {where}")
    return sql, [spec.category, sources.customers_run]
