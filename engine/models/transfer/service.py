"""Train the transfer model and write cold-start customers' shift scores.

A cold-start customer (fewer than ``min_purchases`` purchases before the as-of
date) gets, per category they have not bought, the rate at which customers like
them entered it. Where the migration model also scored them, the two are
blended, the customer's own evidence weighing more as their purchases grow:
``w = n / (n + own_weight_k)``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.models.base import NoDataError, TrainResult, resolve_as_of
from engine.models.transfer.features import cold_start, established, vocabulary
from engine.models.transfer.model import NeighbourTransfer
from engine.store.project import Project
from engine.store.runs import latest_run, model_run

DEFAULTS: dict[str, Any] = {
    "min_purchases": 3, "early_days": 14, "horizon_weeks": 4, "n_neighbors": 50, "prior_weight": 5.0,
    "own_weight_k": 3.0, "max_categories": 50, "max_train": 50_000, "validation_share": 0.2,
}


def _validate(X: np.ndarray, Y: np.ndarray, seen: np.ndarray, params: dict, cancel: CancelToken) -> dict:
    """Hold out established customers: does 'customers like them' beat plain popularity?"""
    n = len(X)
    hold = np.zeros(n, dtype=bool)
    hold[np.random.default_rng(0).permutation(n)[: int(n * params["validation_share"])]] = True
    if hold.sum() < 20 or (~hold).sum() < 20:
        return {"validation_customers": int(hold.sum())}
    model = NeighbourTransfer(params["n_neighbors"], params["prior_weight"]).fit(X[~hold], Y[~hold])
    pred = model.predict_proba(X[hold], cancel)
    pop = np.broadcast_to(model.prior_, pred.shape)
    mask = ~seen[hold]
    truth = Y[hold][mask]
    if truth.min() == truth.max():
        return {"validation_customers": int(hold.sum())}
    auc = float(roc_auc_score(truth, pred[mask]))
    auc_pop = float(roc_auc_score(truth, pop[mask]))
    return {"validation_customers": int(hold.sum()), "auc": auc, "auc_popularity": auc_pop,
            "beats_popularity": auc > auc_pop}


#: The reason a merchandiser reads, built in SQL (millions of rows: no Python per row).
REASON_SQL = """
    CASE WHEN n = 0 THEN 'New visitor (no purchase yet' ELSE 'New customer (' || n || ' purchase'
         || CASE WHEN n = 1 THEN '' ELSE 's' END END
    || CASE WHEN attrs <> '' THEN ', ' || attrs ELSE '' END || '): customers like them'
    || CASE WHEN first_category <> '' THEN ' who first bought ' || first_category ELSE '' END
    || ' entered ' || category || ' at ' || CAST(round(100 * transfer) AS INTEGER)
    || '% in the next weeks, against ' || CAST(round(100 * base) AS INTEGER) || '% of all customers'
    || CASE WHEN own IS NOT NULL THEN ' (blended with their own history)' ELSE '' END"""


def train_transfer(project: Project, *, as_of: datetime | str | None = None, params: dict | None = None,
                   progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> TrainResult:
    progress, cancel = ensure(progress, cancel)
    params = {**DEFAULTS, **{k: v for k, v in (params or {}).items() if k in DEFAULTS}}
    as_of = resolve_as_of(project, as_of)
    vocab = vocabulary(project, as_of, params["max_categories"])
    if not vocab.categories:
        raise NoDataError("No purchases before the as-of date: nothing to transfer")
    with model_run(project, "transfer", as_of=as_of, params=params) as run:
        progress(5, 100, "Describing established customers")
        train = established(project, vocab, as_of, early_days=params["early_days"],
                            horizon_days=7 * params["horizon_weeks"], min_purchases=params["min_purchases"],
                            limit=params["max_train"], cancel=cancel)
        if len(train.X) == 0:
            raise NoDataError("No established customers with enough history to learn from")
        progress(25, 100, "Validating against popularity")
        run.metrics.update(_validate(train.X, train.labels, train.seen, params, cancel))
        progress(45, 100, "Describing cold-start customers")
        cold = cold_start(project, vocab, as_of, min_purchases=params["min_purchases"], cancel=cancel)
        model = NeighbourTransfer(params["n_neighbors"], params["prior_weight"]).fit(train.X, train.labels)
        progress(60, 100, f"Scoring {len(cold.X):,} cold-start customers")
        probs = model.predict_proba(cold.X, cancel)
        run.metrics.update({"train_customers": int(len(train.X)), "cold_start_customers": int(len(cold.X))})
        _write_scores(project, run.run_id, vocab, cold, probs, model.prior_, params, as_of, cancel)
        run.metrics["scored_pairs"] = int(project.scalar(
            "SELECT count(*) FROM shift_scores WHERE run_id = ?", [run.run_id]))
        progress(100, 100, "Transfer done")
    verdict = ""
    if "auc" in run.metrics:
        verdict = (f"validation AUC {run.metrics['auc']:.3f} vs popularity {run.metrics['auc_popularity']:.3f}"
                   + ("" if run.metrics["beats_popularity"] else " — does NOT beat popularity"))
    return TrainResult("transfer", run.run_id, run.metrics, verdict)


def _write_scores(project: Project, run_id: int, vocab, cold, probs: np.ndarray, prior: np.ndarray,
                  params: dict, as_of: datetime, cancel: CancelToken) -> None:
    import pyarrow as pa

    n_cust, n_cat = probs.shape
    if n_cust == 0:
        return
    rows, cols = np.nonzero(~cold.seen)
    table = pa.table({
        "customer_id": pa.array(cold.customer_ids[rows].astype(str)),
        "category": pa.array(np.asarray(vocab.categories, dtype=object)[cols].astype(str)),
        "transfer": pa.array(probs[rows, cols].astype(np.float64)),
        "base": pa.array(prior[cols].astype(np.float64)),
        "n": pa.array(cold.purchases[rows].astype(np.int64)),
    })
    migration = latest_run(project, "migration")
    with project.interruptible(cancel) as cur:
        cur.register("transfer_scores", table)
        cur.execute(f"""
            CREATE OR REPLACE TEMP TABLE blended AS
            WITH own AS (
                SELECT customer_id, category, score FROM shift_scores
                WHERE run_id = ? AND source = 'model'),
            attrs AS (
                SELECT customer_id, string_agg(value, ', ' ORDER BY attribute) AS attrs
                FROM customer_attributes GROUP BY customer_id),
            firsts AS (
                SELECT customer_id, arg_min(category, ts) AS first_category
                FROM events WHERE event_type = 'purchase' AND ts < ? GROUP BY customer_id)
            SELECT t.customer_id, t.category, t.transfer, t.base, t.n, own.score AS own,
                   CASE WHEN own.score IS NULL THEN t.transfer
                        ELSE (t.n / (t.n + {float(params['own_weight_k'])})) * own.score
                             + (1 - t.n / (t.n + {float(params['own_weight_k'])})) * t.transfer END AS score,
                   coalesce(a.attrs, '') AS attrs, coalesce(f.first_category, '') AS first_category
            FROM transfer_scores t
            LEFT JOIN own USING (customer_id, category)
            LEFT JOIN attrs a USING (customer_id)
            LEFT JOIN firsts f USING (customer_id)""",
                    [migration.run_id if migration else -1, as_of])
        cur.unregister("transfer_scores")
        cur.execute(f"""
            INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source)
            SELECT ?, customer_id, category, score,
                   row_number() OVER (PARTITION BY customer_id ORDER BY score DESC, category),
                   {REASON_SQL}, 'transfer'
            FROM blended""", [run_id])
        cur.execute("DROP TABLE blended")
