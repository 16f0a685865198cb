"""The migration service: train (backtest itself, ship the winner, score), backtest, export.

Every run builds candidate pairs for every category with enough buyers at a grid of cuts,
backtests every candidate score at ``eval_cuts`` rolling origins whose label weeks end by the
as-of date, and ships the house model (the boosted stacker) unless another candidate beats it on
AUC there; then the best mean ships (:func:`engine.evaluation.verdict.judge`).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from scipy.special import expit
from threadpoolctl import threadpool_limits

from engine.evaluation.verdict import MIN_MARGIN, Verdict, describe, judge
from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import SubProgress, ensure
from engine.messages import Message, msg, stored, term, with_message
from engine.models.base import NoDataError, TrainResult, data_end, resolve_as_of
from engine.models.baselines.pair_models import PAIR_FEATURES
from engine.features.sequences import FEATURE_NAMES
from engine.models.migration.labels import PAIR_LABELS
from engine.models.migration.results import FLOWS, count_flows
from engine.models.migration.cut_reads import pairs_read
from engine.models.migration.ladder import (LEARNED, STACKED, Ladder, NoLabelledCut, OriginResult, evaluate_origin,
                                            fit_stacker, score_origins_together, scored_cuts, stack_columns,
                                            training_cuts)
from engine.models.migration.weights import save_model
from engine.models.migration.calibration import expected_vs_actual
from engine.models.migration.lstm_candidate import LstmSequences
from engine.models.migration.pair_scoring import ScoreWriter, writer_cursor
from engine.models.migration.params import MigrationParams
from engine.models.migration.partials import CutScored, PairsBuilt
from engine.models.prediction_threads import prediction_threads
from engine.models.scores import (CATEGORY_TOTALS, count_category_totals, current_runs, current_scores_sql,
                                  current_transfer_for)
from engine.store.checkpoints import AppendCheckpoints
from engine.store.errors import ProjectError
from engine.store.memory_share import MemoryStages, memory_stages
from engine.store.project import Project
from engine.store.runs import dumps, model_run, save_blob
from engine.store.scratch import scratch_tables, settle
from engine.work_ahead import written_behind

KIND = "migration"
BACKTEST_KIND = "migration_backtest"
METRICS = ("auc", "precision@5", "recall@10", "ndcg@10")
#: The app's own model in the verdict: the boosted stacker over the learned baselines (on the dev file, 3 seeds,
#: it beat the logistic blend on NDCG@10 at both cuts without losing AUC: tests/bench/results/real_shop_shifts.json).
#: Which score ships is still the backtest's choice.
HOUSE = "stacker"
#: DuckDB's share of the project's memory cap once the pair and graph tables are built: the fits
#: (GBM, LSTM) then hold their arrays in Python, and DuckDB spills its tables rather than keeping
#: both in memory at once (issue #13). The SQL before keeps the whole cap (in session 7, lowering it before the
#: graph stage, or stepping it down when the quarter fails, made the graph stage's own queries run out of memory
#: at wide 10^7: results/memory_steps_migwide.json; in session 47 the graph stage ran at the quarter at wide and
#: long 10^7, 851 and 924 MB against 1,595 and 1,680, 13-19% slower: migration_graph_share_s47.json), unless the
#: graph stage's arrays are large.
FIT_MEMORY_SHARE = 0.25
#: The graph stage's [K+1, K] float64 arrays held at once (engine/features/shift_graph.py: the summed counts, the
#: cuts waiting, the transitions, the co-purchase counts and lift, a chunk's counts in flight): 0.76 GB at 2,757
#: categories. When they would hold more than the fits' share of the cap, DuckDB gives its memory back before the
#: stage, not after it: 2,405 -> 1,701 MB there (tests/bench/results/migration_graph_share_s47.json; the whole run
#: 2,340 -> 1,786 MB, migration_categories_s47.json); at 30 or 299 categories the arrays are small and the stage keeps
#: the whole cap.
GRAPH_ARRAYS = 12


def train_migration(project: Project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult:
    """Backtest every candidate as of a date (default: the end of the data), ship the winner,
    and score every candidate pair at that date."""
    progress, cancel = ensure(progress, cancel)
    p = MigrationParams.from_dict(params)
    as_of = resolve_as_of(project, as_of)
    with model_run(project, KIND, as_of=as_of, params=p.to_dict()) as run:
        # a fixed thread count: OpenMP threads spinning against other work on a shared machine cost more than they give
        with (project.interruptible(cancel) as cur, threadpool_limits(p.n_threads()),
              memory_stages(cur, project.memory_limit) as memory, scratch_tables(cur)):
            state = _backtest(cur, project, as_of, p, progress, cancel, memory=memory)
            cancel.raise_if_cancelled()
            progress(80, 100, msg("progress.migration.fitting", winner=term(PAIR_LABELS.get(state['winner'], state['winner']))))
            clock, cpu_clock = time.perf_counter(), time.process_time()
            base_scores, probability, model_meta, lstm_fit = _ship(state, p)
            state["ladder"].keep_only_shipping()
            cancel.raise_if_cancelled()
            progress(92, 100, msg("progress.migration.writing"))
            lift = state["lifts"].get(0, np.ones((state["k"], state["k"])))
            pairs = customers = 0
            categories = np.zeros(state["k"], bool)

            def scored():
                nonlocal pairs, customers
                # a chunk of customers at a time: features, scores, evidence and ranks never exist for everyone
                for d in state["ladder"].stream(0):
                    yield d, base_scores(d)
                    pairs += len(d.cid)
                    # a chunk's pairs are in customer order and its customers no other chunk's: no sort needed
                    customers += int(np.count_nonzero(np.diff(d.cid))) + (len(d.cid) > 0)
                    categories[d.cat] = True

            # each chunk's last step (the shipped model's own, ranks, evidence, rows) runs on a thread and a cursor
            # of its own while the next chunk's base scores are computed
            with writer_cursor(cur, cancel) as out:
                writer = ScoreWriter(out, run.run_id, lift, state["k"], lookback=p.lookback, keep_top=p.keep_top,
                                     score_floor=p.score_floor)
                # beside the scoring, the writing thread's trees walk on one thread
                threads = prediction_threads()
                # the appended chunks checkpointed a part at a time: at the close one checkpoint merging every
                # chunk's last row group peaked at +830 MB at wide 10^7 (engine.store.checkpoints)
                checkpoints = AppendCheckpoints(cur)
                written = written_behind(lambda d, z: writer.write(d, probability(d, z, 1 if threads > 1 else None)),
                                         scored(), threads, between=checkpoints.appended)
            checkpoints.checkpoint()
            # the Migration and Campaigns pages' per-category figures, counted once here
            totals = count_category_totals(cur, run.run_id, current_transfer_for(project, as_of))
            moves = count_flows(cur, run.run_id)
            state["seconds"]["ship_and_score"] = time.perf_counter() - clock
            state["cpu_seconds"]["ship_and_score"] = time.process_time() - cpu_clock
        run.metrics.update(_metrics(state, p, as_of, "backtest before the as-of date"))
        run.metrics.update({"candidate_pairs": int(pairs), "pairs_written": int(written),
                            "customers_scored": int(customers), "categories_scored": int(categories.sum()),
                            "pairs_judged": {str(c): n for c, n in state["ladder"].sizes["eval_pairs"].items()},
                            "training_pairs": {str(c): n for c, n in state["ladder"].sizes["train_pairs"].items()},
                            CATEGORY_TOTALS: totals, FLOWS: moves})
        if lstm_fit is not None:
            # the shipped score reads the network: its weights go with the run (safetensors, no pickle)
            seqs = state["ladder"].seqs
            model_meta.update(categories=seqs.source.categories, features=list(FEATURE_NAMES),
                              lstm={"train_cuts": lstm_fit.cuts, "epochs": lstm_fit.epochs,
                                    "stopped": lstm_fit.stopped, "history": lstm_fit.history})
            save_model(project, run.run_id, lstm_fit.net, model_meta)
        else:
            save_blob(project, run.run_id, "migration_meta", dumps(model_meta).encode("utf-8"), "json")
        run.save_metrics()
    return TrainResult(KIND, run.run_id, run.metrics, stored(run.metrics["verdict"], run.metrics.get("verdict_message")))


def backtest_migration(project: Project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult:
    """The same rolling-origin backtest whose latest evaluation cut is ``as_of`` (default: H weeks
    before the end of the data): every candidate is scored on the H weeks after it."""
    progress, cancel = ensure(progress, cancel)
    p = MigrationParams.from_dict(params)
    end = data_end(project)
    H = p.horizon_weeks
    as_of = resolve_as_of(project, as_of) if as_of is not None else end - timedelta(weeks=H)
    if as_of + timedelta(weeks=H) > end:
        raise ProjectError(msg("backtest.needs_weeks", as_of=f"{as_of:%Y-%m-%d}", weeks=H, end=f"{end:%Y-%m-%d}",
                               latest=f"{end - timedelta(weeks=H):%Y-%m-%d}"))
    with model_run(project, BACKTEST_KIND, as_of=as_of, params=p.to_dict()) as run:
        with (project.interruptible(cancel) as cur, threadpool_limits(p.n_threads()),
              memory_stages(cur, project.memory_limit) as memory, scratch_tables(cur)):
            state = _backtest(cur, project, as_of + timedelta(weeks=H), p, progress, cancel, memory=memory)
        run.metrics.update(_metrics(state, p, as_of, "backtest"))
        run.save_metrics()
        progress(100, 100, msg("progress.backtest_done"))
    return TrainResult(BACKTEST_KIND, run.run_id, run.metrics,
                       stored(run.metrics["verdict"], run.metrics.get("verdict_message")))


def export_sql(project: Project) -> tuple[str, list]:
    """The kept pairs of the latest run (each customer's top ``keep_top`` candidates plus every pair
    scored at least ``score_floor``); cold-start customers' rows come from the transfer run of the
    same as-of date when there is one (``source`` says which)."""
    migration_run, transfer_run = current_runs(project)
    if migration_run is None:
        raise ProjectError(msg("run.none.migration"))
    scores, params = current_scores_sql(migration_run, transfer_run)
    return (f"SELECT customer_id, category, score, rank, reason, source FROM ({scores}) "
            "ORDER BY customer_id, rank", params)


# -- the shared backtest ---------------------------------------------------------------------
def run_ladder(project: Project, anchor: datetime, p: MigrationParams, *, progress=None, cancel=None,
               keep_scores: bool = False) -> dict[str, Any]:
    """The backtest alone, for the benchmark: features as of ``anchor``, evaluation cuts H, 2H, ...
    weeks before it. With ``keep_scores`` each origin keeps its pairs and every candidate's scores."""
    progress, cancel = ensure(progress, cancel)
    with (project.interruptible(cancel) as cur, threadpool_limits(p.n_threads()),
          memory_stages(cur, project.memory_limit) as memory, scratch_tables(cur)):
        return _backtest(cur, project, anchor, p, progress, cancel, keep_scores=keep_scores, memory=memory)


def _grid(project: Project, anchor: datetime, p: MigrationParams) -> list[int]:
    first = project.scalar("SELECT min(ts) FROM events WHERE ts < ?", [anchor])
    if first is None:
        raise NoDataError(msg("data.no_events_before", as_of=f"{anchor:%Y-%m-%d}"))
    H, step = p.horizon_weeks, p.grid_step
    # counted from the first event's day: a 16-week export whose first sale is at 07:00 has 16 weeks, not 15
    weeks = (anchor.date() - first.date()).days // 7
    top = min(weeks - p.min_history_weeks,
              (p.eval_cuts + 2) * H + (p.train_cuts - 1) * step)   # the oldest cut any fit needs
    # an evaluation cut H weeks back and a training cut H before it: a shop's three months (12 weeks with
    # min_history_weeks 4). The stackers need a third cut, 3H back; without one they are no candidates and the
    # verdict is between the learned models and the rules of thumb. Asking for it (20 weeks, with 8) left a
    # four-month export without any migration, though logistic beat popularity on the weeks after by .06 AUC there.
    need = 2 * H
    if top < need:
        raise NoDataError(msg("migration.needs_history", weeks=need + p.min_history_weeks,
                              as_of=f"{anchor:%Y-%m-%d}", have=weeks))
    return sorted({0} | {H * i for i in range(1, p.eval_cuts + 1) if H * i <= top}
                  | set(range(H, top + 1, step)))


def _backtest(cur, project: Project, anchor: datetime, p: MigrationParams, progress, cancel,
              keep_scores: bool = False, memory: MemoryStages | None = None) -> dict[str, Any]:
    seconds: dict[str, float] = {}
    cpu_s: dict[str, float] = {}     # every thread's CPU seconds (what to compare on a shared machine)
    grid = _grid(project, anchor, p)
    H = p.horizon_weeks
    progress(0, 100, msg("progress.migration.pairs"))
    clock, cpu_clock = time.perf_counter(), time.process_time()
    build_weekly(cur, anchor, p.history_weeks)
    categories = int(cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0])
    if categories > p.max_categories:
        raise NoDataError(msg("migration.too_many_categories", categories=categories, limit=p.max_categories))
    origins = [H * i for i in range(1, p.eval_cuts + 1) if H * i in grid and training_cuts(grid, H * i, p)]
    # the cuts no backtest scores are only read for training, thinned, and the others' beyond what a backtest
    # scores of them: only those pairs are built
    build_pairs(cur, grid, lookback=p.lookback, horizon=H, min_buyers=p.min_buyers, history_weeks=p.history_weeks,
                keep_pairs=pairs_read(p), keep_customers=p.knn_reference,
                thin=set(grid) - scored_cuts(grid, origins, p), neg_rate=p.negative_rate, seed=p.seed,
                whole_pairs=p.max_eval_pairs)
    k = int(cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0])
    seconds["pairs"] = time.perf_counter() - clock
    cpu_s["pairs"] = time.process_time() - cpu_clock
    n_pairs = int(cur.execute("SELECT count(*) FROM sp_pairs WHERE s = 0").fetchall()[0][0])
    if k < 2:   # a one-category shop (a roaster's coffee): every buyer has bought it, no move to learn
        raise NoDataError(msg("migration.needs_categories"))
    if not cur.execute("SELECT EXISTS (SELECT 1 FROM sp_pairs WHERE label IS NOT NULL)").fetchall()[0][0]:
        # a small shop: no category had min_buyers buyers before any cut, so there is nothing to learn or judge
        raise NoDataError(msg("migration.too_few_buyers", min_buyers=p.min_buyers))
    if not cur.execute("SELECT EXISTS (SELECT 1 FROM sp_pairs WHERE label)").fetchall()[0][0]:
        # customers who each bought once (a shop of one-off buyers): no pair to learn a shift from
        raise NoDataError(msg("migration.no_shifts", weeks=H))
    progress(15, 100, msg("progress.migration.graph"),
             PairsBuilt(k, n_pairs))
    if memory is not None and GRAPH_ARRAYS * (k + 1) * k * 8 > FIT_MEMORY_SHARE * memory.cap:
        settle(cur)
        memory.limit_to(FIT_MEMORY_SHARE)
    clock, cpu_clock = time.perf_counter(), time.process_time()
    lifts = build_graph_scores(cur, grid, k, horizon=H, neighbours=p.knn_neighbours,
                               max_reference=p.knn_reference, cancel=cancel)
    seconds["graph"] = time.perf_counter() - clock
    cpu_s["graph"] = time.process_time() - cpu_clock
    if memory is not None:
        settle(cur)
        memory.limit_to(FIT_MEMORY_SHARE)
    seqs = None
    if p.lstm:
        clock, cpu_clock = time.perf_counter(), time.process_time()
        progress(25, 100, msg("progress.migration.sequences"))
        seqs = LstmSequences(cur, anchor, grid, p)
        seconds["sequences"] = time.perf_counter() - clock
        cpu_s["sequences"] = time.process_time() - cpu_clock
    ladder = Ladder(cur, p, seqs, cancel)
    if not origins:
        raise NoDataError(msg("migration.needs_cut"))
    results: list[OriginResult] = []
    clock, cpu_clock = time.perf_counter(), time.process_time()
    sub = SubProgress(progress, 30, 80)
    for i, e in enumerate(origins):
        cancel.raise_if_cancelled()
        sub(i, len(origins), msg("progress.migration.cut_fitting", date=_date(anchor, e)))
        try:
            if i == 0:   # every origin's fits, and each cut scored once for all of them (the first step's CPU)
                score_origins_together(ladder, grid, origins, p)
            res = evaluate_origin(ladder, grid, e, p, keep_scores=keep_scores,
                                  noise_of=(HOUSE, "gbm") if len(origins) == 1 else ())
        except NoLabelledCut:
            raise NoDataError(msg("migration.too_few_buyers", min_buyers=p.min_buyers)) from None
        results.append(res)
        sub(i + 1, len(origins), msg("progress.migration.cut_done", date=_date(anchor, e)),
            CutScored({n: m["auc"] for n, m in res.metrics.items()}))
    seconds["backtest"] = time.perf_counter() - clock
    cpu_s["backtest"] = time.process_time() - cpu_clock
    seconds["lstm_training"] = sum(f.lstm.seconds for f in ladder._fits.values() if f.lstm is not None)
    names = sorted(set.intersection(*(set(r.metrics) for r in results)))
    cuts = [_date(anchor, r.cut) for r in results]
    per_cut = {m: {n: [r.metrics[n][m] for r in results] for n in names} for m in METRICS}
    house = HOUSE if HOUSE in names else "gbm"
    se = {n: [r.auc_se.get(n, float("nan")) for r in results] for n in names}
    verdict = judge(per_cut["auc"], house=house, metric="auc", cuts=cuts, per_cut_se=se)
    ndcg = judge(per_cut["ndcg@10"], house=house, metric="ndcg@10", cuts=cuts)
    latest = min(results, key=lambda r: r.cut)
    try:
        check = expected_vs_actual(ladder, grid, latest.cut, p, verdict.winner, _date(anchor, latest.cut))
    except ValueError:   # no labelled cut before the latest one to calibrate a rule of thumb on
        check = None
    return {"category_check": check, "grid": grid, "k": k, "lifts": lifts, "ladder": ladder, "results": results, "per_cut": per_cut,
            "verdict": verdict, "ndcg_verdict": ndcg, "winner": verdict.winner, "cuts": cuts,
            "anchor": anchor, "seconds": seconds, "cpu_seconds": cpu_s,
            "categories": int(cur.execute("SELECT count(DISTINCT cat) FROM sp_pairs WHERE s = 0").fetchall()[0][0]),
            "train_cuts_used": {c: training_cuts(grid, r.cut, p) for c, r in zip(cuts, results)}}


def _date(anchor: datetime, weeks: int) -> str:
    return f"{anchor - timedelta(weeks=weeks):%Y-%m-%d}"


def _ship(state: dict[str, Any], p: MigrationParams):
    """The winner refitted on every cut labelled by the as-of date, as two functions: from a chunk of cut 0's
    pairs to the base scores the winner reads, and from the chunk and those scores to its probabilities (the
    second runs beside the next chunk's first, on the writing thread, its trees on ``threads`` OpenMP threads).

    Scores that are not probabilities (rules of thumb, margins) are mapped to one by a
    one-column logistic fitted on the latest labelled cut: ranks stay as the backtest judged them."""
    ladder: Ladder = state["ladder"]
    grid, H, winner = state["grid"], p.horizon_weeks, state["winner"]
    meta: dict[str, Any] = {"shipped": winner, "params": p.to_dict()}
    if winner == "blend":
        base = ladder.fit(training_cuts(grid, H, p))
        stack = ladder.scored(base, H)
        stacker = fit_stacker(stack.scores, stack.y, p.seed, ladder.cancel)
        meta.update(stacker={"coef": stacker.coef_[0].tolist(), "intercept": float(stacker.intercept_[0]),
                             "columns": [n for n in STACKED if n in stack.scores]},
                    base_cuts=base.cuts, stack_cut=H)
        return base.scores, (lambda d, z, threads: stacker.predict_proba(stack_columns(z))[:, 1]), meta, base.lstm
    if winner == "stacker":
        # the stream hands over whole customers, so the per-customer ranks are exact chunk by chunk
        never = PAIR_FEATURES.index("never_bought")
        base = ladder.fit(training_cuts(grid, H, p))
        boosted = ladder.boosted(base, H)
        meta.update(stacker={"kind": "gradient boosting", "columns": boosted.columns,
                             "iterations": int(boosted.model.n_iter_)}, base_cuts=base.cuts, stack_cut=H)
        return base.scores, (lambda d, z, threads: boosted.proba(z, d.cid, d.x[:, never] > 0.5, threads)), meta, \
            base.lstm
    learners = ladder.fit(training_cuts(grid, 0, p), lstm=winner == "lstm")
    meta["train_cuts"] = learners.cuts
    net = learners.lstm if winner == "lstm" else None
    if winner in LEARNED:
        # thinned negatives are weighted back up, so the margin is a calibrated log-odds
        return (lambda d: learners.scores(d)[winner]), (lambda d, z, threads: expit(z)), meta, net
    latest = ladder.scored(learners, min(c for c in grid if c >= H))
    from sklearn.linear_model import LogisticRegression

    def column(v: np.ndarray) -> np.ndarray:
        return np.log1p(np.maximum(np.asarray(v, np.float64), 0))[:, None]

    one = LogisticRegression().fit(column(latest.scores[winner]), latest.y)
    return (lambda d: learners.scores(d)[winner]), (lambda d, z, threads: one.predict_proba(column(z))[:, 1]), \
        meta, None


def _why(v: Verdict) -> Message:
    label = lambda name: term(PAIR_LABELS.get(name, name))  # noqa: E731
    one = len(v.cuts) == 1
    if v.means[v.runner_up] > v.means[v.winner]:   # the house model ships on a tie (engine.evaluation.verdict)
        return msg("why.house_tie.one_cut" if one else "why.house_tie", winner=label(v.winner),
                   best=label(v.runner_up), n=len(v.cuts), best_mean=v.means[v.runner_up],
                   winner_mean=v.means[v.winner], min_margin=MIN_MARGIN)
    return msg("why.best_mean.one_cut" if one else "why.best_mean", winner=label(v.winner), n=len(v.cuts),
               winner_mean=v.means[v.winner], runner_up=label(v.runner_up), runner_up_mean=v.means[v.runner_up],
               lead=msg("why.lead.decisive" if v.decisive else "why.lead.tie"))


def _metrics(state: dict[str, Any], p: MigrationParams, as_of: datetime, evaluated_on: str) -> dict[str, Any]:
    v: Verdict = state["verdict"]
    per_cut = state["per_cut"]
    candidates = {n: {m: {"mean": float(np.nanmean(per_cut[m][n])), "sd": float(np.nanstd(per_cut[m][n], ddof=1))
                          if len(per_cut[m][n]) > 1 else 0.0, "per_cut": per_cut[m][n]} for m in METRICS}
                  for n in per_cut["auc"]}
    out: dict[str, Any] = {
        "evaluated_on": evaluated_on, "cuts": state["cuts"], **with_message("verdict", describe(v, PAIR_LABELS)),
        "verdict_auc": v.to_dict(), "verdict_ndcg": state["ndcg_verdict"].to_dict(),
        "shipped": v.winner, "shipped_label": PAIR_LABELS.get(v.winner, v.winner), **with_message("why", _why(v)),
        "house": v.house, "outcome": v.outcome, "beats_best_baseline": v.outcome == "beats",
        "candidates": candidates, "categories": state["categories"], "categories_in_data": state["k"],
        "train_cuts_used": state["train_cuts_used"], "grid": state["grid"],
        "lstm_fallback_pairs": state["ladder"].seqs.fallback_pairs if state["ladder"].seqs is not None else None,
        "stage_seconds": {k: round(s, 2) for k, s in state["seconds"].items()},
        "stage_cpu_seconds": {k: round(s, 2) for k, s in state["cpu_seconds"].items()},
        "category_check": state.get("category_check"),
    }
    for n, c in candidates.items():
        for m in METRICS:
            out[f"{n}_{m}"] = c[m]["mean"]
            out[f"{n}_{m}_sd"] = c[m]["sd"]
    return out
