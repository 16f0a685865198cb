"""The backtest: lapse probabilities as of a past date against what happened in the next H weeks.

Beside the model, two baselines a merchandiser would otherwise use, both fitted
on the split H weeks before the as-of (so they see no more than the model):

* recency only: the longer since the last purchase, the likelier a lapse
  (AUC from the raw days; probabilities from the lapse rate of each recency bin);
* frequency and recency: a logistic regression on log recency and log count.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from engine.evaluation.platt import PlattCalibrator
from engine.models.decay.calibration import (auc_or_none, binned_rate_model, brier_skill,
                                             lapse_metrics, reliability_bins)
from engine.models.decay.fit import FitOutput, named_occasions_sql
from engine.models.decay.params import DecayParams

#: Recency bins (days) of the recency-only baseline's probabilities.
RECENCY_EDGES = np.array([7, 14, 21, 28, 42, 56, 84, 112, 168, 252], dtype=np.float64)


def backtest_metrics(cur, fit: FitOutput, cal: PlattCalibrator, params: DecayParams) -> dict[str, Any]:
    H = params.horizon_days
    Tc = fit.T - H
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE dk_eval AS
        WITH future AS (
            SELECT DISTINCT customer_id, category FROM events
            WHERE event_type = 'purchase' AND quantity > 0 AND category IS NOT NULL AND ts >= ? AND ts < ?)
        SELECT o.customer_id, o.category, f.p_raw,
               CAST(f.at_risk_cal AS INTEGER) AS at_risk_cal, CAST(f.lapsed_cal AS INTEGER) AS lapsed_cal,
               ? - max(o.t) AS recency, count(*) AS n,
               ? - max(o.t) FILTER (WHERE o.t < ?) AS recency_cal,
               count(*) FILTER (WHERE o.t < ?) AS n_cal,
               CAST(bool_and(fu.customer_id IS NULL) AS INTEGER) AS lapsed
        FROM ({named_occasions_sql(fit)}) o JOIN dk_fit f USING (category, seq)
        LEFT JOIN future fu USING (customer_id, category)
        GROUP BY o.customer_id, o.category, f.p_raw, f.at_risk_cal, f.lapsed_cal""",
                [fit.as_of, fit.as_of + timedelta(days=H), fit.T, Tc, Tc, Tc])
    d = cur.execute("""SELECT e.*, epoch(s.decay_point - CAST(? AS TIMESTAMP)) / 86400.0 AS days_to_point
                       FROM dk_eval e JOIN dk_scores s USING (customer_id, category)""", [fit.as_of]).fetchnumpy()
    y = np.asarray(d["lapsed"], dtype=np.float64)
    p_model = cal.transform(np.asarray(d["p_raw"], dtype=np.float64))
    recency = np.asarray(d["recency"], dtype=np.float64)
    n = np.asarray(d["n"], dtype=np.float64)
    risk = np.asarray(d["at_risk_cal"], dtype=bool)
    y_cal = np.asarray(d["lapsed_cal"], dtype=np.float64)[risk]
    rec_cal = np.asarray(d["recency_cal"], dtype=np.float64)[risk]
    n_cal = np.asarray(d["n_cal"], dtype=np.float64)[risk]

    p_recency = binned_rate_model(rec_cal, y_cal, recency, RECENCY_EDGES)
    fr = LogisticRegression().fit(_features(rec_cal, n_cal), y_cal.astype(int))
    p_fr = fr.predict_proba(_features(recency, n))[:, 1]

    out: dict[str, Any] = {"n_pairs": int(y.size), "lapse_rate": float(y.mean()), "horizon_weeks": params.horizon_weeks}
    out.update(lapse_metrics(y, p_model, ""))
    out.update(lapse_metrics(y, p_recency, "recency_"))
    out["recency_auc"] = auc_or_none(y, recency)  # the ranking by raw recency, not its binned rates
    out.update(lapse_metrics(y, p_fr, "freq_recency_"))
    out["brier_skill"] = brier_skill(out["brier"], y)
    out["recency_brier_skill"] = brier_skill(out["recency_brier"], y)
    out["auc_lift_over_recency"] = (out["auc"] - out["recency_auc"]) if out["auc"] and out["recency_auc"] else None
    out["beats_recency"] = bool(out["auc"] is not None and out["recency_auc"] is not None
                                and out["auc"] > out["recency_auc"] and out["brier"] < out["recency_brier"])
    # the decay point as a forecast on its own: does passing it within the horizon mean a lapse?
    to_point = np.asarray(d["days_to_point"], dtype=np.float64)
    passes = to_point <= H
    out["decay_point_auc"] = auc_or_none(y, -to_point)
    out["lapse_rate_decay_point_within_horizon"] = float(y[passes].mean()) if passes.any() else None
    out["lapse_rate_decay_point_later"] = float(y[~passes].mean()) if (~passes).any() else None
    out["share_decay_point_within_horizon"] = float(passes.mean())
    out["reliability"] = reliability_bins(y, p_model)
    out["recency_reliability"] = reliability_bins(y, p_recency)
    return out


def _features(recency: np.ndarray, n: np.ndarray) -> np.ndarray:
    return np.column_stack([np.log1p(np.maximum(recency, 0.0)), np.log1p(n)])
