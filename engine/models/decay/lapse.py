"""Lapse candidates at one cut: the decay model's fit as of the cut, the learned candidates trained on
earlier origins whose label windows end by the cut, and each candidate's probabilities for the pairs
at the cut (with the outcome where the caller may see it).

Rolling origins: the verdict calls :func:`score_cut` at evaluation cuts before the as-of date (labels
known, never seen by any fit), the shipped run at the as-of itself (labels unknown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pyarrow as pa

from engine.jobs import CancelToken, ProgressCallback, SubProgress
from engine.messages import msg
from engine.models.decay import lapse_features, scoring
from engine.evaluation.platt import PlattCalibrator
from engine.models.decay.candidates import NAMES, LapseCandidates
from engine.models.decay.fit import FitOutput, data_origin, fit_categories, pair_seqs_sql
from engine.models.decay.lapse_features import OCCASIONS_TABLE
from engine.models.decay.params import DecayParams
from engine.store.matrix_fetch import batch_numbers, fetch_columns

#: A training origin needs this much history before it (weeks). 8 left a three-month export without a verdict,
#: shipping the decay model's probability, which ranked lapses worse on the weeks after than gradient boosting +
#: decay, which a verdict at its one cut now ships (the dev file's last 12 weeks before 2017-07-31, scored on the
#: 4 weeks after: .747 against .758, tests/bench/bench_short_exports.py). A shop of 20 weeks or more trains on the
#: same origins with either.
MIN_HISTORY_WEEKS = 4
#: Candidates trained on the decay model's probabilities at the training origins.
NEEDS_DECAY_FEATURES = ("gbm_decay",)
#: Cells (pairs x columns) predicted per batch at a scored cut, as the other matrix reads are sized: bounds memory on a
#: large shop. The shipped cut's first batches were the decay step's peak (its record batches and their numbers beside
#: DuckDB at its cap): at long 10^7 (1.9M shipped pairs, 28 columns) 200,000-228,000 pairs a batch peaked at
#: 1,643-1,783 MiB in six runs, 100,000-114,000 (this: 114,000) at 1,615-1,644, the same scores; CPU ~4% more on
#: average, within the machine's drift (tests/bench/results/decay_batch_s26.json).
BATCH_CELLS = 3_200_000
#: The lapse rows' text columns (the pair's names), which no candidate reads.
TEXT_COLUMNS = ("customer_id", "category")


def training_cuts(cut: datetime, origin: datetime, p: DecayParams) -> list[datetime]:
    """Origins whose H-week label windows end by ``cut``: cut - H, then every step before it."""
    first = cut - timedelta(days=p.horizon_days)
    cuts = [first - timedelta(weeks=k * p.cut_step_weeks) for k in range(p.train_cuts)]
    return [c for c in cuts if c - origin >= timedelta(weeks=MIN_HISTORY_WEEKS)]


def evaluation_cuts(as_of: datetime, p: DecayParams) -> list[datetime]:
    """Evaluation origins whose H weeks end by the as-of date, the latest first."""
    last = as_of - timedelta(days=p.horizon_days)
    return [last - timedelta(weeks=k * p.cut_step_weeks) for k in range(p.eval_cuts)]


@dataclass
class CutPlan:
    """One scored cut's training origins, the share of customers its learned candidates keep, and the
    share of customers scored at the cut (every one where scores ship, a bounded sample where a
    verdict is measured: :attr:`DecayParams.max_eval_pairs`)."""

    cut: datetime
    train: list[datetime]
    share: float
    scored_share: float = 1.0

    @property
    def shares(self) -> dict[datetime, float]:
        """Share per cut its lapse rows hold: the training origins' sample, the scored sample at the cut."""
        return {**{c: self.share for c in self.train}, self.cut: self.scored_share}


def plan_cut(cur, origin: datetime, cut: datetime, p: DecayParams, n_pairs: int | None = None,
             evaluate: bool = True) -> CutPlan:
    """``n_pairs``: the pairs with history at ``cut`` (counted here if not given); ``evaluate``: the cut
    measures a verdict (at most :attr:`DecayParams.max_eval_pairs` pairs scored), else its scores ship
    (every pair)."""
    train = training_cuts(cut, origin, p)
    if n_pairs is None:
        n_pairs = lapse_features.count_pairs(cur, origin, cut)
    scored = min(1.0, p.max_eval_pairs / max(1, n_pairs)) if evaluate else 1.0
    return CutPlan(cut, train, min(1.0, p.max_train_rows / max(1, n_pairs * max(1, len(train)))), scored)


def prepare(cur, cuts: list[datetime], known_until: datetime, p: DecayParams,
            ship: datetime | None = None) -> dict[datetime, CutPlan]:
    """Plans of the ``cuts`` a training run scores, and their lapse features built once (``lf_pairs``);
    ``ship``: the cut (if any) whose every pair is scored, the others being evaluation cuts.

    Consecutive cuts share most of their training origins; each origin is built once at the largest
    share any plan keeps (a smaller share keeps a subset of its customers, see
    :data:`lapse_features.KEEP_SQL`), so each plan's rows are those it would have built alone. Labels
    end by ``known_until``; a plan reads only its own origins and cut, all before its own labels' end.
    """
    origin = data_origin(cur)
    counts = lapse_features.count_pairs_at(cur, origin, cuts)
    plans = {c: plan_cut(cur, origin, c, p, counts[c], evaluate=c != ship) for c in cuts}
    union: dict[datetime, float] = {}
    for plan in plans.values():
        for c, share in plan.shares.items():
            union[c] = max(union.get(c, 0.0), share)
    if union:
        lapse_features.build_pairs(cur, origin, dict(sorted(union.items())), p.horizon_days, known_until)
    return plans


class OneOutcome(ValueError):
    """Every training pair of a cut lapsed, or none did (a shop whose customers each bought once): no learned
    candidate can be fitted there, so the cut gives no verdict."""


@dataclass
class CutScores:
    cut: datetime
    fit: FitOutput
    probs: dict[str, np.ndarray]      # candidate -> probability per scored pair (evaluation cuts only)
    y: np.ndarray | None              # lapsed (evaluation cuts only)
    n_train: int
    cal: PlattCalibrator | None = None  # the fit's calibration layer (from its own split, dk_fit)


def score_cut(cur, cut: datetime, known_until: datetime, p: DecayParams, progress: ProgressCallback,
              cancel: CancelToken, *, interval: bool = False, ship: str | None = None,
              start: FitOutput | None = None, plan: "CutPlan | None" = None) -> CutScores:
    """Fit everything as of ``cut`` and score its pairs (the plan's scored share of its customers').

    With ``ship`` (the as-of run) only the named candidate is scored, batch by batch, into the
    temp table ``dk_ship`` (customer_id, category, p). ``start``: an earlier cut's decay fit to
    warm-start this one's from. ``plan``: this cut's from :func:`prepare` (its lapse features are
    then read from the run's ``lf_pairs``, not built here).
    """
    origin = data_origin(cur)
    if plan is None:
        plan = plan_cut(cur, origin, cut, p, evaluate=ship is None)
        lapse_features.build_pairs(cur, origin, plan.shares, p.horizon_days, known_until)
    train, share = plan.train, plan.share
    # the decay model's past probabilities are features of gbm_decay's training rows only
    past = train if ship is None or ship in NEEDS_DECAY_FEATURES else []
    fit = fit_categories(cur, cut, p, SubProgress(progress, 0, 80), cancel, past_cuts=past, interval=interval,
                         start=start, past_share=share, now_share=plan.scored_share)
    cancel.raise_if_cancelled()
    progress(80, 100, msg("progress.decay.lapse_features"))
    cal = scoring.fit_calibrator(cur)
    lapse_features.select_rows(cur, plan.shares, p.horizon_days, known_until)
    joined = _hawkes_table(cur, fit)
    cancel.raise_if_cancelled()
    # category_key: the per-category candidate groups by a number; grouping the text held the
    # interpreter lock (np.unique over Python strings: 0.85 s of frozen window at long 10^6)
    select = ("SELECT r.*, hash(r.category) AS category_key, coalesce(h.p_raw, 0.5) AS hawkes_p, "
              f"coalesce(h.mu, 0.0) AS hawkes_mu FROM {joined} ")
    # in a set order: the boosting's bin edges come from a sample of the rows by position
    train_select = select.replace("SELECT r.*", f"SELECT r.* EXCLUDE ({', '.join(TEXT_COLUMNS)})", 1)
    tr = fetch_columns(cur, train_select + "WHERE r.cut < ? AND r.lapsed IS NOT NULL "
                       "ORDER BY r.cut, r.customer_id, r.category", [cut])
    progress(85, 100, msg("progress.decay.lapse_training", n=len(tr['lapsed'])))
    names = [ship] if ship else list(NAMES)
    if ship is None and np.unique(np.asarray(tr["lapsed"])).size < 2:
        raise OneOutcome(f"{cut:%Y-%m-%d}")
    model = LapseCandidates(seed=p.seed).fit(tr, names, cancel)
    del tr
    cancel.raise_if_cancelled()
    progress(92, 100, msg("progress.decay.lapse_scoring"))
    probs: dict[str, list[np.ndarray]] = {n: [] for n in names}
    ys: list[np.ndarray] = []
    shipped: list[pa.Table] = []
    if ship:
        cur.execute("CREATE OR REPLACE TEMP TABLE dk_ship (customer_id VARCHAR, category VARCHAR, p DOUBLE)")
    # an evaluation cut's rows in a set order (its metrics sum over them); the shipped pairs in any
    # (each pair's probability is its own, stored by its names): sorting ~2M pairs by two names was
    # a cost of its own at 10^7 events
    order = "" if ship else "ORDER BY r.customer_id, r.category"
    rows = cur.sql(select + f"WHERE r.cut = ? {order}", params=[cut])
    reader = rows.to_arrow_reader(max(1, BATCH_CELLS // len(rows.columns)))
    for batch in reader:
        cancel.raise_if_cancelled()
        # only the columns the candidates compute with; the names stay Arrow strings (as Python
        # strings they held the interpreter lock ~80 ms per batch at long 10^6, and were a Python
        # object per pair: ~2 x 1.9M per shipped run at 10^7 events)
        d = batch_numbers(batch, [n for n in batch.schema.names if n not in TEXT_COLUMNS])
        hawkes = np.asarray(cal.transform(d["hawkes_p"]))
        out = model.predict(d, hawkes, names)
        if ship:  # three narrow columns, written once the reader is drained (it holds the cursor)
            # copied out (take): a column of the imported batch keeps every column of it alive, ~340 MB
            # more at the peak for 1.9M pairs
            pair = batch.select(list(TEXT_COLUMNS)).take(pa.array(np.arange(batch.num_rows)))
            shipped.append(pa.table({"customer_id": pair.column(0), "category": pair.column(1), "p": out[ship]}))
        else:
            for n in names:
                probs[n].append(out[n])
            ys.append(np.asarray(d["lapsed"], np.float64))
    if shipped:
        cur.register("dk_ship_rows", pa.concat_tables(shipped))
        cur.execute("INSERT INTO dk_ship SELECT * FROM dk_ship_rows")
        cur.unregister("dk_ship_rows")
    joined = {n: np.concatenate(v) if v else np.zeros(0) for n, v in probs.items()}
    y = np.concatenate(ys) if ys else None
    return CutScores(cut, fit, joined, y, int(model.y_.size), cal)


def _hawkes_table(cur, fit: FitOutput) -> str:
    """``dk_hk``: the decay model's raw lapse probability and background rate per (cut, pair); returns
    the FROM clause of ``lf_rows r`` with ``dk_hk h`` joined to its rows (NULLs where a pair has none).

    Where the fit has the run's integer keys, ``dk_hk`` holds them (cid, kid), not the names: the lapse
    rows then meet it on three numbers. Met on the names, the ~1.9M pairs of the shipped cut at long 10^7
    did not fit in a 256 MB cap, and the join ran out of memory moving the wide lapse rows aside; the same
    pairs match (the keys stand for the names one to one)."""
    # the pairs joined once to both tables' rows (joined to each, they were held whole to be read twice)
    if fit.keyed:
        cust, cat = f"{OCCASIONS_TABLE}_cust", f"{OCCASIONS_TABLE}_cat"
        pairs, keys = (f"SELECT s.cid, s.kid, k.category, s.seq FROM (SELECT DISTINCT cid, kid, seq FROM dk_occ) s "
                       f"JOIN {cat} k USING (kid)"), "s.cid, s.kid"
        joined = (f"lf_rows r LEFT JOIN {cust} u USING (customer_id) LEFT JOIN {cat} k USING (category) "
                  "LEFT JOIN dk_hk h ON h.cut = r.cut AND h.cid = u.cid AND h.kid = k.kid")
    else:
        pairs, keys = pair_seqs_sql(fit), "s.customer_id, s.category"
        joined = "lf_rows r LEFT JOIN dk_hk h USING (cut, customer_id, category)"
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE dk_hk AS
        SELECT h.cut, {keys}, h.p_raw, h.mu
        FROM (SELECT TIMESTAMP '{fit.origin:%Y-%m-%d}'
                         + to_microseconds(CAST(round(t_cut * 86400) AS BIGINT) * 1000000) AS cut,
                     category, seq, p_raw, mu FROM dk_past
              UNION ALL
              SELECT CAST(? AS TIMESTAMP), category, seq, p_raw, mu FROM dk_fit) h
        JOIN ({pairs}) s USING (category, seq)""", [fit.as_of])
    return joined


def drop(cur) -> None:
    lapse_features.drop(cur)
    for name in ("dk_hk", "dk_past", "dk_ship"):
        cur.execute(f"DROP TABLE IF EXISTS {name}")
