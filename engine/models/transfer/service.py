"""The transfer service: cold-start customers (fewer than a few purchases before the as-of date) get
shift scores from established customers like them, blended with their own migration score as their
history grows (weight n / (n + min_purchases) for n purchases).

Like every model it states an out-of-sample verdict and ships what it says (:mod:`engine.evaluation.verdict`):
the neighbours against popularity (each category's rate among established customers). Like the other models'
verdicts it replays past cuts (:func:`_cut_metrics`): at each, the customers who were new then are scored as
they were and judged by what they bought in the weeks after. A shop with too few such customers at two cuts is
judged on disjoint groups of established customers kept out of the fit, each described as it was when new
(:func:`_holdout_metrics`). When popularity beats the neighbours, popularity is what cold-start customers are
scored by (the neighbours are not searched for them), and their reasons say so. A purchase is an order
(:func:`~engine.models.transfer.features.basket`). On the grocery dev file popularity wins on the new customers at
two past cuts (bench_transfer_cold_cuts.py: 0.646 and 0.614 against 0.634 and 0.596; 0.628 against 0.606 on
held-out groups); on the demo shop (3,000 customers) the neighbours beat it (0.742 against 0.594).

The shipped probabilities go through a Platt layer fitted on those past cuts' new customers (the winner's
probabilities and what they bought in the weeks after): the neighbours are established customers, who by
definition kept buying, and a new customer often does not. On the grocery dev file, before the layer, the new
customers' pairs said 920.6 entries in the four weeks after 2017-07-31 and 100 happened (9x); a category's
campaign list counted them among its expected shifters. Through the layer, at four dates, 555.4 where 439 happened
(before: 4,246.0 where 675; tests/bench/results/later_period_s44_*.json).

Scores go to shift_scores with source = 'transfer' under a run of kind 'transfer'.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import numpy as np
import pyarrow as pa

from engine.evaluation.metrics import auc
from engine.evaluation.platt import PlattCalibrator, fitted_layer
from engine.evaluation.verdict import Verdict, describe, judge
from engine.jobs import ensure
from engine.messages import msg, stored, term, with_message
from engine.models.base import NoDataError, TrainResult, resolve_as_of
from engine.models.migration.reasons import transfer_lift_shown_sql, transfer_reason_sql
from engine.models.prediction_threads import prediction_threads
from engine.models.scores import CATEGORY_TOTALS, count_category_totals, current_migration_for
from engine.models.transfer.features import (
    close_window, cold_start_then, describe_part, established, open_cold_start, vocabulary)
from engine.models.transfer.known_rows import KnownRows
from engine.models.transfer.model import NeighbourTransfer
from engine.models.transfer.params import TransferParams
from engine.models.transfer.run_tables import RunTables, run_tables
from engine.store.checkpoints import AppendCheckpoints
from engine.store.matrix_fetch import fetch_columns
from engine.store.memory_share import memory_stages
from engine.store.project import Project
from engine.store.runs import latest_run, model_run

KIND = "transfer"
#: Cold-start customers described, scored and written at a time (memory: ~50 MB a part).
CHUNK_CUSTOMERS = 50_000
#: DuckDB's share of its cap while the parts are scored and written: the written rows' pages, checkpointed as they
#: go, stayed in its pool beside the scoring's arrays (162 -> 449 MB at wide 10^7, the process's peak at its end)
SCORING_MEMORY_SHARE = 0.6
#: The verdict's cuts are looked for among this many times ``eval_cuts`` past cuts (the grocery dev file's latest
#: has 20 new customers buying after it, the two before 39 and 53).
LOOK_BACK = 3
#: The candidates of the verdict: the house model first.
HOUSE, POPULARITY = "neighbours", "popularity"
LABELS = {HOUSE: "nearest neighbours", POPULARITY: "category popularity"}


def train_transfer(project: Project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult:
    progress, cancel = ensure(progress, cancel)
    p = TransferParams.from_dict(params)
    as_of = resolve_as_of(project, as_of)
    own = latest_run(project, "migration")
    with model_run(project, KIND, as_of=as_of, params=asdict(p)) as run, run_tables(project, cancel) as tables:
        progress(0, 100, msg("progress.transfer.established"))
        vocab = vocabulary(project, as_of, p.max_categories, tables)
        if len(vocab.categories) < 2:
            raise NoDataError(msg("transfer.needs_categories"))
        ref = established(project, vocab, as_of, early_days=p.early_days, horizon_weeks=p.horizon_weeks,
                          min_purchases=p.min_purchases, limit=p.max_reference, tables=tables, cancel=cancel)
        if len(ref.customer_ids) < 20:
            raise NoDataError(msg("transfer.needs_customers", n=20))
        progress(20, 100, msg("progress.transfer.measuring"))
        # the process's thread budget: every core unless the user set fewer
        threads = prediction_threads()
        at_cuts = _cut_metrics(project, as_of, p, tables, threads, cancel)
        metrics, verdict = at_cuts[:2] if at_cuts else _holdout_metrics(ref, p, threads, cancel)
        popular = verdict is not None and verdict.winner == POPULARITY
        layer, calibration = _calibration(at_cuts[2][POPULARITY if popular else HOUSE] if at_cuts else None,
                                          metrics.get("verdict", {}).get("cuts", []))
        if calibration is not None:
            metrics.update({"calibration": calibration, **with_message("calibration_text", msg(
                "transfer.calibrated", cuts=", ".join(calibration["cuts"]), mean_p=calibration["mean_p"],
                rate=calibration["rate"]))})
        model = NeighbourTransfer(p.n_neighbors, p.prior_weight).fit(ref.X, ref.labels)
        candidates, written, n_cold = 0, 0, 0
        # cold-start customers go in parts of CHUNK_CUSTOMERS, each described, scored and written
        # before the next: a shop of a million new customers never holds customers × categories
        # arrays for all of them (the pairs alone would be 50M rows at 50 categories)
        with project.interruptible(cancel) as cur, memory_stages(cur, project.memory_limit) as memory:
            try:
                memory.limit_to(SCORING_MEMORY_SHARE)
                progress(35, 100, msg("progress.transfer.cold"))
                total = open_cold_start(cur, as_of, min_purchases=p.min_purchases, tables=tables)
                known: KnownRows | None = None   # descriptions met in an earlier part are not searched again
                # the written parts checkpointed as they go, not merged all at the run's end (engine.store.checkpoints): at
                # wide 10^7 (16.1M rows in 17 parts) the peak fell 1,572 -> 1,507 MiB and the file 677 -> 600 MB
                checkpoints = AppendCheckpoints(cur)
                for lo in range(0, total, CHUNK_CUSTOMERS):
                    progress(45 + 50 * lo / max(total, 1), 100,
                             msg("progress.transfer.scoring_part", done=lo, n=total))
                    cold = describe_part(cur, vocab, lo, lo + CHUNK_CUSTOMERS)
                    if known is None:
                        known = KnownRows(cold.X.shape[1], len(vocab.categories))
                    transfer = (np.tile(model.prior_, (len(cold.customer_ids), 1)) if popular else
                                model.predict_proba(cold.X, cancel=cancel, threads=threads, known=known))
                    cancel.raise_if_cancelled()
                    mine = _own_scores(cur, own.run_id if own else None, lo, len(cold.customer_ids),
                                       len(vocab.categories))
                    n = cold.purchases.astype(np.float64)[:, None]
                    w = n / (n + p.min_purchases)
                    # their own migration score is calibrated already (its own layer); the reasons keep the raw
                    # probability's lift over popularity (a ratio of two uncalibrated rates)
                    calibrated = transfer if layer is None else layer.transform(transfer).reshape(transfer.shape)
                    score = np.where(np.isnan(mine), calibrated, w * np.nan_to_num(mine) + (1 - w) * calibrated)
                    candidates += int((~cold.seen).sum())
                    rows = _write(cur, run.run_id, lo, cold, score, None if popular else transfer, model.prior_,
                                  keep_top=p.keep_top, score_floor=p.score_floor)
                    written += rows
                    checkpoints.appended(rows)
                    n_cold += len(cold.customer_ids)
                checkpoints.checkpoint()
                # the Migration and Campaigns pages' per-category figures with this run's customers, counted once
                migration = current_migration_for(project, as_of)
                totals = count_category_totals(cur, migration, run.run_id) if migration is not None else None
            finally:
                close_window(cur)
        run.metrics.update(metrics)
        run.metrics.update({"cold_customers": int(n_cold), "reference_customers":
                            int(len(ref.customer_ids)), "candidate_pairs": candidates,
                            "pairs_written": written,
                            "blended_with_run": own.run_id if own else None})
        if totals is not None:
            run.metrics[CATEGORY_TOTALS] = totals
        progress(100, 100, msg("progress.transfer.done"))
    return TrainResult(KIND, run.run_id, run.metrics, _message(run.metrics, n_cold, len(ref.customer_ids)))


def _message(m: dict, cold: int, reference: int):
    if not m.get("verdict_text"):
        return msg("transfer.trained", cold=cold, reference=reference)
    return msg("transfer.trained.verdict", cold=cold, reference=reference, winner=term(LABELS[m["winner"]]),
               verdict=stored(m["verdict_text"], m.get("verdict_text_message")))


def _calibration(pairs: list[tuple[np.ndarray, np.ndarray]] | None, cuts: list[str]
                 ) -> tuple[PlattCalibrator | None, dict | None]:
    """The Platt layer of the shipped candidate's probabilities, fitted on the candidate pairs of the customers new
    at the verdict's past cuts and what they bought after, and what it says; none without such cuts (held-out
    established customers would teach it their own rates, which are the ones to correct)."""
    if not pairs:
        return None, None
    prob = np.concatenate([q for q, _ in pairs]).astype(np.float64)
    y = np.concatenate([t for _, t in pairs]).astype(np.float64)
    layer = fitted_layer(prob, y)
    a, b = layer.coef_
    return layer, {"cuts": list(cuts), "a": a, "b": b, "pairs": int(y.size), "mean_p": float(prob.mean()),
                   "rate": float(y.mean()), "mean_calibrated": float(layer.transform(prob).mean())}


def _cut_metrics(project: Project, as_of, p: TransferParams, tables: RunTables, threads: int = 1,
                 cancel=None) -> tuple[dict, Verdict, dict[str, list[tuple[np.ndarray, np.ndarray]]]] | None:
    """AUC of the neighbours and of popularity on the customers who were new at each of ``p.eval_cuts`` past
    cuts (``horizon_weeks`` apart before the as-of date, the latest with ``p.cut_min_buyers`` of them buying), each
    fitted on the established customers of its cut and judged by what those customers bought in the weeks after
    it; the verdict on them, and each candidate's (probabilities, outcomes) of their candidate pairs at every cut (the
    calibration's). None when fewer than two cuts (or ``p.eval_cuts``) had enough of them (the held-out
    groups then judge: :func:`_holdout_metrics`)."""
    per_cut: dict[str, list[float]] = {HOUSE: [], POPULARITY: []}
    pairs: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {HOUSE: [], POPULARITY: []}
    cuts, tested, buyers = [], 0, 0
    # a cut with too few new buyers is passed over for an earlier one, up to LOOK_BACK times as many cuts
    for k in range(1, LOOK_BACK * p.eval_cuts + 1):
        if len(cuts) == p.eval_cuts:
            break
        cut = as_of - timedelta(weeks=p.horizon_weeks * k)
        vocab = vocabulary(project, cut, p.max_categories, tables)
        if len(vocab.categories) < 2:
            break   # an earlier cut has no more
        new = cold_start_then(project, vocab, cut, min_purchases=p.min_purchases, horizon_weeks=p.horizon_weeks,
                              limit=p.cut_customers, tables=tables, cancel=cancel)
        bought = int((new.labels.sum(axis=1) > 0).sum())
        if bought < p.cut_min_buyers:
            continue
        ref = established(project, vocab, cut, early_days=p.early_days, horizon_weeks=p.horizon_weeks,
                          min_purchases=p.min_purchases, limit=p.max_reference, tables=tables, cancel=cancel)
        if len(ref.customer_ids) < 20:
            continue
        fit = NeighbourTransfer(p.n_neighbors, p.prior_weight).fit(ref.X, ref.labels)
        probs = fit.predict_proba(new.X, threads=threads, cancel=cancel)
        cand = ~new.seen
        y = new.labels[cand] > 0
        prior = np.broadcast_to(fit.prior_, probs.shape)[cand]
        per_cut[HOUSE].append(auc(probs[cand], y))
        per_cut[POPULARITY].append(auc(prior, y))
        pairs[HOUSE].append((probs[cand], y))
        pairs[POPULARITY].append((prior, y))
        cuts.append(f"{cut:%Y-%m-%d}")
        tested, buyers = tested + len(new.customer_ids), buyers + bought
    if not cuts or len(cuts) < min(2, p.eval_cuts):
        return None   # one cut has no spread to weigh a lead against
    verdict = judge(per_cut, house=HOUSE, metric="auc", cuts=cuts)
    return {"auc": verdict.means[HOUSE], "auc_popularity": verdict.means[POPULARITY], "verdict_on": "new_customers",
            "cut_customers": tested, "cut_buyers": buyers, "labels": dict(LABELS), "winner": verdict.winner,
            "verdict": verdict.to_dict(),
            **with_message("verdict_text", describe(verdict, LABELS, span="verdict.span.new_customers"))}, verdict, pairs


def _holdout_metrics(ref, p: TransferParams, threads: int = 1, cancel=None) -> tuple[dict, Verdict | None]:
    """AUC of the neighbours and of popularity on ``p.holdout_groups`` disjoint groups of established customers,
    each kept out of its fit (a share ``p.holdout`` each, while the rest can spare it), and the verdict on them."""
    n = len(ref.customer_ids)
    size = max(1, int(n * p.holdout))
    per_group: dict[str, list[float]] = {HOUSE: [], POPULARITY: []}
    tested = 0
    for g in range(p.holdout_groups):
        if (g + 1) * size > n:
            break
        rows = np.arange(n)
        test = (rows >= g * size) & (rows < (g + 1) * size)   # rows are in hash order: random groups
        fit = NeighbourTransfer(p.n_neighbors, p.prior_weight).fit(ref.X[~test], ref.labels[~test])
        probs = fit.predict_proba(ref.X[test], threads=threads, cancel=cancel)
        cand = ~ref.seen[test]
        y = ref.labels[test][cand] > 0
        prior = np.broadcast_to(fit.prior_, probs.shape)[cand]
        per_group[HOUSE].append(auc(probs[cand], y))
        per_group[POPULARITY].append(auc(prior, y))
        tested += int(test.sum())
    m = {"auc": float(np.nanmean(per_group[HOUSE])) if np.isfinite(per_group[HOUSE]).any() else float("nan"),
         "auc_popularity": (float(np.nanmean(per_group[POPULARITY])) if np.isfinite(per_group[POPULARITY]).any()
                            else float("nan")),
         "verdict_on": "held_out_groups", "holdout_customers": tested, "labels": dict(LABELS), "winner": HOUSE}
    if not np.isfinite(per_group[HOUSE]).any():   # no group held both outcomes: nothing to judge on
        return m, None
    groups = [f"group {g + 1}" for g in range(len(per_group[HOUSE]))]
    verdict = judge(per_group, house=HOUSE, metric="auc", cuts=groups)
    m.update({"winner": verdict.winner, "verdict": verdict.to_dict(),
              **with_message("verdict_text", describe(verdict, LABELS, span="verdict.span.groups"))})
    return m, verdict


def _own_scores(cur, run_id: int | None, lo: int, n: int, n_categories: int) -> np.ndarray:
    """The part's cold customers' own migration scores as a matrix (NaN where there is none).

    Matched to the part's rows (``tw_part``) and the categories' columns (``tw_keys``) in SQL:
    the ids and category names looked up in Python held the interpreter lock row by row."""
    out = np.full((n, n_categories), np.nan)
    if run_id is None or n == 0:
        return out
    rows = fetch_columns(
        cur, "SELECT p.rn - ? AS i, k.j, s.score FROM shift_scores s JOIN tw_part p USING (customer_id) "
             "JOIN tw_keys k ON k.kind = 'category' AND k.key = s.category "
             "WHERE s.run_id = ? AND s.source = 'model'", [lo, run_id])
    i = np.asarray(rows["i"], dtype=np.int64)
    out[i, np.asarray(rows["j"], dtype=np.int64)] = np.asarray(rows["score"], dtype=np.float64)
    return out


def write_sql(ordered: bool = True) -> str:
    """The INSERT of a part's kept pairs (``transfer_chunk``; params: the part's first ``rn``, the run id).

    A reason reads the lift to one decimal only: each (category, purchases, lift as shown) is composed once and
    joined to its rows (16.1M sentences at wide 10^7 were ~6 CPU s). ``ordered``: the rows go in as they did from
    one array (customer by customer, column order), which the join alone does not keep (the sort's cost:
    tests/bench/bench_transfer_write_order.py)."""
    return ("INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source) "
            "WITH r AS ("
            "  SELECT p.customer_id, k.key AS category, t.score, t.rank, t.purchases, t.lift, t.i, t.j, "
            f"   {transfer_lift_shown_sql('t.lift')} AS shown "
            "  FROM transfer_chunk t JOIN tw_part p ON p.rn = t.i + ? "
            "  JOIN tw_keys k ON k.kind = 'category' AND k.j = t.j), "
            "why AS ("
            f"  SELECT category, purchases, shown, {transfer_reason_sql()} AS reason "
            "  FROM (SELECT category, purchases, shown, any_value(lift) AS lift FROM r GROUP BY ALL)) "
            "SELECT ?, customer_id, category, score, rank, reason, 'transfer' "
            "FROM r JOIN why USING (category, purchases, shown)" + (" ORDER BY i, j" if ordered else ""))


def _write(cur, run_id: int, lo: int, cold, score, transfer, prior, *, keep_top: int, score_floor: float) -> int:
    """Each customer's ``keep_top`` best candidates plus every one scored at least ``score_floor``,
    as migration keeps them (a campaign reads both alike): every unbought category of every
    cold-start customer was 16.9M rows (about 200 MB) a run at 10^7 wide events (574k cold-start
    customers), and each run's rows stay in the project file.

    The rows go to DuckDB as numbers (the customer's row in the part, the category's column) and
    take their id and name there (``tw_part``, ``tw_keys``): a text array of them built in numpy
    cost a Python string per row."""
    cand = ~cold.seen
    order = np.argsort(-np.where(cand, score, -np.inf), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(1, score.shape[1] + 1)[None, :], axis=1)
    b, c = np.nonzero(cand & ((rank <= keep_top) | (score >= score_floor)))
    table = pa.table({
        "i": pa.array(b.astype(np.int32)),
        "j": pa.array(c.astype(np.int32)),
        "score": pa.array(score[b, c].astype(np.float64)),
        "rank": pa.array(rank[b, c].astype(np.int32)),
        "purchases": pa.array(cold.purchases[b].astype(np.int32)),
        # no lift when popularity shipped (``transfer`` None): the reason then says so
        "lift": (pa.nulls(len(b), pa.float64()) if transfer is None else
                 pa.array((transfer[b, c] / np.maximum(prior[c], 1e-9)).astype(np.float64))),
    })
    cur.register("transfer_chunk", table)
    try:
        cur.execute(write_sql(), [lo, run_id])
    finally:
        cur.unregister("transfer_chunk")
    return len(b)
