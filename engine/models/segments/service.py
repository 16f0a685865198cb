"""Segmentation as a service: train (a job with progress, cancel, partials) and export.

A run builds the customer features in DuckDB, cuts tiers there, compares them with
a period earlier, clusters the category mixes on a bounded sample, labels every
customer in chunks, and writes everything under the run id in one transaction.
A shop whose events carry no category (a ledger, an orders export) still gets tiers
and movements; clustering is skipped with the reason in the metrics
(``clusters_skipped``) and every customer's cluster reads as NULL. The metrics also
carry the k rule's verdict (``k_rule``), every candidate's figures (``k_candidates``)
and the mean spend per tier (``tier_mean_spend``: heavy spends most).

Partial results (``progress(..., partial=SegmentsPartial)``, engine/models/segments/partials.py)
carry a ``stage`` and what is known so far: tiers, movements, the k candidates tried, profiles.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any, Iterator

import numpy as np
import pyarrow as pa

from engine.features.fixed_point import fixed_avg, fixed_sum
from engine.features.customer_features import FeatureSpec, build_customer_features, top_categories
from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.messages import msg, stored, with_message
from engine.models.base import NoDataError, TrainResult, resolve_as_of
from engine.models.prediction_threads import prediction_threads
from engine.models.segments.clusters import InterestClusters, KCandidate
from engine.models.segments.labels import OTHER, PreviousCluster, align, name_cluster, unique_labels
from engine.models.segments.mix_text import mix_text_sql
from engine.models.segments.movements import FROM_STATES, TO_STATES, build_movements, movement_counts
from engine.models.segments.params import SegmentParams
from engine.models.segments.partials import KScore, SegmentsPartial
from engine.models.segments.tiers import TIERS, EngagementTiers
from engine.store.matrix_fetch import fetch_matrix
from engine.store.project import Project
from engine.store.runs import latest_run, model_run

KIND = "segments"
_CHUNK = 200_000
_F, _T, _L, _M = "seg_features", "seg_tiers", "seg_labels", "seg_movements"

#: The cluster stored for a customer of a shop without categories: schema v1 makes the column
#: NOT NULL, so every read (export, member lists) turns it into NULL.
NO_CLUSTER = -1


def train_segments(project: Project, *, as_of: datetime | str | None = None, params: dict[str, Any] | None = None,
                   progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> TrainResult:
    progress, cancel = ensure(progress, cancel)
    p = SegmentParams.from_dict(params)
    as_of = resolve_as_of(project, as_of)
    previous = previous_clusters(project)
    with model_run(project, KIND, as_of=as_of, params=p.to_dict()) as run:
        # a cancel or failure deletes this run's rows from every result table (model_run)
        with project.interruptible(cancel) as cur:
            metrics = _train(project, cur, as_of, p, previous, run.run_id, progress, cancel)
        run.metrics.update(metrics)
    if metrics.get("clusters_skipped"):
        message = msg("segments.trained.tiers", n=metrics["n_customers"],
                      reason=stored(metrics["clusters_skipped"], metrics.get("clusters_skipped_message")))
    else:
        message = msg("segments.trained.one_cluster" if metrics["k"] == 1 else "segments.trained",
                      n=metrics["n_customers"], k=metrics["k"],
                      silhouette=metrics["silhouette"], stability=metrics["stability"])
    return TrainResult(KIND, run.run_id, metrics, message)


def _train(project: Project, cur, as_of: datetime, p: SegmentParams, previous: list[PreviousCluster],
           run_id: int, progress: ProgressCallback, cancel: CancelToken) -> dict[str, Any]:
    window_days = 7 * int(p.window_weeks)
    progress(0, 100, msg("progress.segments.features"))
    categories = top_categories(cur, as_of, window_days, int(p.max_categories))
    spec = FeatureSpec(as_of, window_days, tuple(categories), dict(p.event_weights))
    # without the distinct order and day counts: nothing here reads them
    n = build_customer_features(cur, spec, _F, order_and_day_counts=False)
    if n == 0:
        raise NoDataError(msg("data.no_customer_window", weeks=p.window_weeks, as_of=f"{as_of:%Y-%m-%d}"))
    cancel.raise_if_cancelled()

    # -- tiers ---------------------------------------------------------------------------------
    progress(15, 100, msg("progress.segments.tiers"))
    tiers = EngagementTiers(p.tier_weights, p.tier_shares).fit(cur, _F)
    cur.execute(f"CREATE OR REPLACE TEMP TABLE {_T} AS SELECT rn, customer_id, engagement, "
                f"{tiers.tier_sql()} AS tier FROM (SELECT rn, customer_id, {tiers.score_sql()} AS engagement "
                f"FROM {_F})")
    tier_counts = dict.fromkeys(TIERS, 0)
    tier_counts.update({t: int(c) for t, c in cur.execute(f"SELECT tier, count(*) FROM {_T} GROUP BY ALL").fetchall()})
    partial = SegmentsPartial("tiers", dict(tier_counts))
    progress(20, 100, msg("progress.segments.earlier"), partial)
    cancel.raise_if_cancelled()

    build_movements(cur, spec, tiers, _T, int(p.movement_weeks), _M)
    partial = replace(partial, stage="movements", movements={"from": list(FROM_STATES), "to": list(TO_STATES),
                                                             "counts": movement_counts(cur, _M)})
    progress(30, 100, msg("progress.segments.choosing"), partial)

    # -- clusters --------------------------------------------------------------------------------
    if not categories:
        return _finish_without_clusters(project, cur, spec, p, run_id, n, tier_counts, tiers, partial, progress,
                                        cancel)
    rng = np.random.default_rng(p.seed)
    sample_rn = np.sort(rng.choice(n, size=min(n, int(p.fit_sample)), replace=False)).astype(np.int32)
    X_fit = _fetch_mix(cur, spec, sample_rn)
    model = InterestClusters(p.k_min, p.k_max, p.min_cluster_share, p.min_stability, p.silhouette_tolerance,
                             p.stability_seeds,
                             p.components, p.silhouette_sample, p.n_init, p.seed,
                             # candidate k side by side on the process's thread budget (the same fits)
                             threads=prediction_threads())
    k_total = max(1, min(p.k_max, len(X_fit) - 1) - p.k_min + 1)

    def on_k(c: KCandidate) -> None:
        nonlocal partial
        partial = replace(partial, stage="k_search",
                          k_scores=partial.k_scores + (KScore(c.k, c.silhouette, c.stability, c.min_share),))
        progress(30 + 45 * min(1.0, len(partial.k_scores) / k_total), 100,
                 msg("progress.segments.tried", k=c.k, silhouette=c.silhouette, stability=c.stability, share=c.min_share), partial)

    model.fit(X_fit, on_k=on_k, cancel=cancel)
    del X_fit

    labels = np.empty(n, dtype=np.int16)
    for start, X in _chunks(cur, spec, n):
        cancel.raise_if_cancelled()
        labels[start:start + len(X)] = model.predict(X)
        progress(75 + 10 * min(1.0, (start + len(X)) / n), 100, msg("progress.segments.assigning"))

    # -- ids, names, profiles -----------------------------------------------------------------------
    _ids, clusters = _clusters(cur, spec, labels, model.k_, categories, previous)
    partial = replace(partial, stage="profiles", profiles={"categories": categories + [OTHER], "clusters": clusters})
    progress(88, 100, msg("progress.segments.saving"), partial)

    # -- write -------------------------------------------------------------------------------------
    cancel.raise_if_cancelled()
    _write(project, cur, spec, p, run_id, clusters)
    heavy_to_light = movement_counts(cur, _M)[FROM_STATES.index("heavy")][TO_STATES.index("light")]
    tier_spend = _tier_spend(cur)
    for table in (_F, _T, _L, _M):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    progress(100, 100, msg("progress.segments.saved"), replace(partial, stage="done"))
    return {
        "n_customers": n,
        "k": model.k_,
        **with_message("k_rule", model.rule_),
        "k_candidates": [c.to_dict() for c in model.candidates_],
        "silhouette": model.silhouette_,
        "stability": model.stability_,
        "silhouette_by_k": {str(c.k): c.silhouette for c in model.candidates_},
        "silhouette_sample": int(min(p.silhouette_sample, p.fit_sample, n)),
        "cluster_shares": {c["label"]: c["size"] / n for c in clusters},
        "tiers": tier_counts,
        "tier_mean_spend": tier_spend,
        "tier_model": tiers.to_dict(),
        "heavy_to_light": heavy_to_light,
        "categories": categories,
        "clusters_matched_to_previous": sum(1 for c in clusters if c["kept"]),
    }


def _finish_without_clusters(project: Project, cur, spec: FeatureSpec, p: SegmentParams, run_id: int, n: int,
                             tier_counts: dict[str, int], tiers: EngagementTiers, partial: SegmentsPartial,
                             progress: ProgressCallback, cancel: CancelToken) -> dict[str, Any]:
    """A shop whose events carry no category (a ledger, an orders export): tiers only."""
    reason = msg("segments.no_categories", weeks=p.window_weeks, as_of=f"{spec.as_of:%Y-%m-%d}")
    _store_labels(cur, np.full(n, NO_CLUSTER, dtype=np.int32))
    cancel.raise_if_cancelled()
    _write(project, cur, spec, p, run_id, [])
    heavy_to_light = movement_counts(cur, _M)[FROM_STATES.index("heavy")][TO_STATES.index("light")]
    tier_spend = _tier_spend(cur)
    for table in (_F, _T, _L, _M):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    progress(100, 100, msg("progress.segments.tiers_saved"), replace(partial, stage="done"))
    return {"n_customers": n, "k": 0, "clusters_skipped": str(reason), "k_rule": str(reason),
            "clusters_skipped_message": reason.to_dict(), "k_candidates": [],
            "silhouette": None, "silhouette_by_k": {}, "tiers": tier_counts, "tier_mean_spend": tier_spend,
            "tier_model": tiers.to_dict(), "heavy_to_light": heavy_to_light, "categories": [],
            "clusters_matched_to_previous": 0}


def _store_labels(cur, cluster: np.ndarray) -> None:
    cur.register("seg_labels_arrow", pa.table({"rn": pa.array(np.arange(len(cluster), dtype=np.int32)),
                                               "cluster": pa.array(cluster.astype(np.int32))}))
    cur.execute(f"CREATE OR REPLACE TEMP TABLE {_L} AS SELECT * FROM seg_labels_arrow")
    cur.unregister("seg_labels_arrow")


def _tier_spend(cur) -> dict[str, float]:
    """Mean spend per tier: heavy should spend the most (a check the run's metrics carry)."""
    return {t: float(s or 0.0) for t, s in cur.execute(
        f"SELECT t.tier, {fixed_avg('f.spend')} FROM {_F} f JOIN {_T} t USING (rn) GROUP BY ALL").fetchall()}


def _mix_select(spec: FeatureSpec) -> str:
    return ", ".join(spec.mix_columns)


def _fetch_mix(cur, spec: FeatureSpec, rns: np.ndarray) -> np.ndarray:
    cur.register("seg_sample_arrow", pa.table({"rn": pa.array(rns)}))
    try:
        # in bounded pieces: the whole fit sample at once held the interpreter lock (engine.store.matrix_fetch)
        return fetch_matrix(cur, f"SELECT {_mix_select(spec)} FROM {_F} SEMI JOIN seg_sample_arrow USING (rn) "
                                 "ORDER BY rn")
    finally:
        cur.unregister("seg_sample_arrow")


def _chunks(cur, spec: FeatureSpec, n: int) -> Iterator[tuple[int, np.ndarray]]:
    for start in range(0, n, _CHUNK):
        yield start, fetch_matrix(cur, f"SELECT {_mix_select(spec)} FROM {_F} WHERE rn >= ? AND rn < ? ORDER BY rn",
                                  [start, start + _CHUNK])


def _clusters(cur, spec: FeatureSpec, labels: np.ndarray, k: int, categories: list[str],
              previous: list[PreviousCluster]) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Cluster ids (per model cluster) and each cluster's size, mix, name and centroid.

    The centroid kept for the next run is the square root of the cluster's mean shares per category
    (the Hellinger embedding of its mix), a space that outlives this run's idf weights and axes.
    An id continues the previous run's cluster it matches, else is fresh (biggest first).
    """
    names = categories + [OTHER]
    _store_labels(cur, labels)
    avgs = ", ".join(fixed_avg(c) for c in spec.mix_columns)
    spend = fixed_sum("greatest(spend, 0)")
    rows = {int(r[0]): r[1:] for r in cur.execute(
        f"SELECT l.cluster, count(*), avg(f.n_purchases), {spend}, {avgs} "
        f"FROM {_F} f JOIN {_L} l USING (rn) GROUP BY l.cluster").fetchall()}
    overall_row = cur.execute(f"SELECT avg(n_purchases), {spend}, {avgs} FROM {_F}").fetchall()[0]
    overall = dict(zip(names, (float(v) for v in overall_row[2:])))
    all_buys = float(overall_row[0] or 0.0) or 1.0
    all_spend = float(overall_row[1] or 0.0) or 1.0
    present = sorted(rows, key=lambda i: (-int(rows[i][0]), i))
    profiles = {i: dict(zip(names, (float(v) for v in rows[i][3:]))) for i in present}
    centres = np.sqrt(np.clip(np.array([[profiles[i][c] for c in names] for i in present]), 0.0, None))
    matches = dict(zip(present, align(centres, names, previous)))
    next_id = max((prev.cluster for prev in previous), default=-1) + 1
    cluster_of = np.full(max(k, 1), NO_CLUSTER, dtype=np.int32)
    clusters = []
    for row, i in enumerate(present):
        prev = matches[i]
        if prev is not None:
            cluster_of[i] = prev.cluster
        else:
            cluster_of[i], next_id = next_id, next_id + 1
        size, buys, spend = int(rows[i][0]), float(rows[i][1] or 0.0), float(rows[i][2] or 0.0)
        clusters.append({
            "cluster": int(cluster_of[i]), "size": size, "profile": profiles[i],
            "label": prev.label if prev is not None else name_cluster(profiles[i], overall, buys / all_buys),
            "kept": prev is not None, "revenue_share": spend / all_spend,
            "centroid": dict(zip(names, (float(v) for v in centres[row]))),
        })
    taken = {c["label"] for c in clusters if c["kept"]}
    renamed = unique_labels([c["label"] for c in clusters], [c["profile"] for c in clusters], overall)
    for c, label in zip(clusters, renamed):
        if not c["kept"]:
            c["label"] = label if label not in taken else f"{label} (new)"
    _store_labels(cur, cluster_of[labels.astype(np.int32)])
    return cluster_of, sorted(clusters, key=lambda c: c["cluster"])


def _write(project: Project, cur, spec: FeatureSpec, p: SegmentParams, run_id: int,
           clusters: list[dict[str, Any]]) -> None:
    mix_sql, mix_params = mix_text_sql(_F, spec.categories)
    with project.transaction(cur):
        cur.execute(f"""
            INSERT INTO segment_assignments
            SELECT ?, f.customer_id, t.tier, l.cluster, t.engagement, f.n_purchases, f.n_browse, f.spend,
                   f.recency_days, f.tenure_days, f.last_ts, coalesce(mx.category_mix, '')
            FROM {_F} f JOIN {_T} t USING (rn) JOIN {_L} l USING (rn)
            LEFT JOIN ({mix_sql}) mx USING (rn)""", [run_id] + mix_params)
        for c in clusters:
            cur.execute("INSERT INTO segment_clusters VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [run_id, c["cluster"], c["label"], c["size"], json.dumps(c["profile"]),
                         json.dumps(c["centroid"]), c["revenue_share"]])
        cur.execute(f"INSERT INTO segment_movements SELECT ?, customer_id, tier_from, tier_to FROM {_M}", [run_id])
        # whole weeks counted back from the as-of date, so the last point is a full week
        cur.execute(f"""
            INSERT INTO segment_tier_weeks
            SELECT ?, tier, CAST(CAST(? AS TIMESTAMP) - INTERVAL (7 * (week_no + 1)) DAY AS DATE),
                   count(DISTINCT customer_id), coalesce({fixed_sum('amount')}, 0.0)
            FROM (SELECT t.tier, e.customer_id, e.amount,
                         CAST(floor(date_diff('second', e.ts, CAST(? AS TIMESTAMP)) / 604800.0) AS INTEGER) AS week_no
                  FROM events e JOIN {_T} t USING (customer_id)
                  WHERE e.event_type = 'purchase' AND e.ts < ? AND e.ts >= ? - INTERVAL (? * 7) DAY)
            GROUP BY tier, week_no""", [run_id, spec.as_of, spec.as_of, spec.as_of, spec.as_of, int(p.trend_weeks)])


def previous_clusters(project: Project) -> list[PreviousCluster]:
    """The clusters of the latest finished run, to keep ids and names stable."""
    run = latest_run(project, KIND)
    if run is None:
        return []
    rows = project.query("SELECT cluster, label, centroid_json FROM segment_clusters WHERE run_id = ? "
                         "ORDER BY cluster", [run.run_id])
    return [PreviousCluster(int(c), label, json.loads(cj)) for c, label, cj in rows if cj]


def export_sql(project: Project) -> tuple[str, list]:
    """customer_id, tier, cluster (its name), cluster_id of the latest run."""
    from engine.store.errors import ProjectError

    run = latest_run(project, KIND)
    if run is None:
        raise ProjectError(msg("run.none.segments"))
    # a shop without categories has tiers and no clusters: its cluster columns are NULL
    sql = ("SELECT a.customer_id, a.tier, c.label AS cluster, nullif(a.cluster, ?) AS cluster_id "
           "FROM segment_assignments a LEFT JOIN segment_clusters c ON c.run_id = a.run_id AND c.cluster = a.cluster "
           "WHERE a.run_id = ? ORDER BY a.customer_id")
    return sql, [NO_CLUSTER, run.run_id]
