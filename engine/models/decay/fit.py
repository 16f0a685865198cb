"""Fit the decay model as of a date: per category, then per customer, into temp tables.

All tables live on one cursor (DuckDB temp tables are per connection):

* ``dk_occ``  — purchase occasions before the as-of, with each customer's
  sequence number within the category (``seq``); in a training run, by the integer keys of its
  cached occasions, not the names (:func:`named_occasions_sql` joins them back);
* ``dk_fit``  — per (category, seq): posterior background rate, the customer's
  shrunk decay rate and its own weight, the raw lapse probability at the as-of,
  and the same at the calibration split (as-of minus H) with its known outcome;
* ``dk_cat``  — per category: the fitted process and shrinkage strength.

The fit reads categories' purchases a group at a time as NumPy arrays (:data:`READ_EVENTS`,
so memory is bounded by that or the largest category), fits a group's categories in lockstep
batches (:func:`~engine.models.decay.hawkes.fit_batches`) and reads their posteriors a batch at a
time, and reports each category as it is done (``partial``, a
:class:`~engine.models.decay.partials.DecayPartial`) so a chart can fill in live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pyarrow as pa

from engine.jobs import CancelToken, ProgressCallback
from engine.messages import msg
from engine.models.base import NoDataError
from engine.models.decay.hawkes import ExpHawkesFit, fit_batches, posterior_many
from engine.models.decay.lapse_features import OCCASIONS_TABLE, cached_keys, occasions, sampled_sql
from engine.models.decay.params import DecayParams
from engine.models.decay.partials import DecayPartial, FittedCategory
from engine.models.decay.shrinkage import shrink_rates
from engine.models.prediction_threads import prediction_threads
from engine.store.matrix_fetch import batch_numbers
from engine.work_ahead import worked_ahead


@dataclass
class CategoryFit:
    category: str
    half_life_days: float
    half_life_lo: float
    half_life_hi: float
    beta: float
    branching: float
    mu_shape: float
    mu_rate: float
    kappa: float
    n_customers: int
    n_events: int
    log_likelihood: float

    def to_partial(self) -> FittedCategory:
        return FittedCategory(self.category, self.half_life_days, self.half_life_lo, self.half_life_hi,
                              self.branching, self.n_customers)


@dataclass
class FitOutput:
    origin: datetime
    as_of: datetime
    T: float
    categories: list[CategoryFit]
    n_buyers: int
    past_cuts: list[float] = field(default_factory=list)   # days since origin of ``dk_past``'s cuts
    keyed: bool = False     # ``dk_occ`` holds the run's integer keys (cid, kid) instead of the names


def named_occasions_sql(fit: FitOutput) -> str:
    """SQL of ``dk_occ``'s rows with customer_id and category (a fit from the run's integer keys stores
    none; see :func:`fit_categories`)."""
    if not fit.keyed:
        return "SELECT * FROM dk_occ"
    return (f"SELECT u.customer_id, k.category, o.* FROM dk_occ o JOIN {OCCASIONS_TABLE}_cust u USING (cid) "
            f"JOIN {OCCASIONS_TABLE}_cat k USING (kid)")


def pair_seqs_sql(fit: FitOutput) -> str:
    """SQL of ``dk_occ``'s pairs, one row each: customer_id, category, seq.

    From the integer keys where the fit has them (a distinct over every occasion's two names cost
    more than the names joined to the distinct pairs), else from the names."""
    if not fit.keyed:
        return "SELECT DISTINCT customer_id, category, seq FROM dk_occ"
    return (f"SELECT u.customer_id, k.category, s.seq FROM (SELECT DISTINCT cid, kid, seq FROM dk_occ) s "
            f"JOIN {OCCASIONS_TABLE}_cust u USING (cid) JOIN {OCCASIONS_TABLE}_cat k USING (kid)")


def pair_keys_sql(fit: FitOutput, customers: str = "TRUE") -> str | None:
    """:func:`pair_seqs_sql` with each pair's integer keys (cid, kid) beside its names, where the fit has
    them (else None). ``customers``: a condition on ``customer_id``; the pairs of those customers alone,
    their occasions picked by their keys before they are grouped (a range's grouping over every occasion
    was as large as one pass's)."""
    if not fit.keyed:
        return None
    picked = "" if customers == "TRUE" else \
        f" WHERE cid IN (SELECT cid FROM {OCCASIONS_TABLE}_cust WHERE {customers})"
    return (f"SELECT u.customer_id, k.category, s.seq, s.cid, s.kid "
            f"FROM (SELECT DISTINCT cid, kid, seq FROM dk_occ{picked}) s "
            f"JOIN {OCCASIONS_TABLE}_cust u USING (cid) JOIN {OCCASIONS_TABLE}_cat k USING (kid)")


def data_origin(cur) -> datetime:
    first = cur.execute("SELECT min(ts) FROM events").fetchall()[0][0]
    if first is None:
        raise NoDataError(msg("data.no_events"))
    return datetime(first.year, first.month, first.day)


_PAST_SCHEMA = pa.schema([("category", pa.string()), ("seq", pa.int64()), ("t_cut", pa.float64()),
                          ("p_raw", pa.float64()), ("mu", pa.float64())])

_FIT_SCHEMA = pa.schema([
    ("category", pa.string()), ("seq", pa.int64()), ("mu", pa.float64()), ("beta", pa.float64()),
    ("own_weight", pa.float64()), ("p_raw", pa.float64()), ("p_raw_cal", pa.float64()),
    ("at_risk_cal", pa.bool_()), ("lapsed_cal", pa.bool_()),
])


def fit_categories(cur, as_of: datetime, params: DecayParams, progress: ProgressCallback,
                   cancel: CancelToken, past_cuts: list[datetime] = (), interval: bool = True,
                   start: FitOutput | None = None, past_share: float = 1.0, now_share: float = 1.0) -> FitOutput:
    """``now_share``: the share of buyers (by the same hash, :func:`lapse_features.sampled_sql`) whose
    posterior as of ``as_of`` is computed and written to ``dk_fit`` (an evaluation cut scores a sample of
    its pairs, :data:`~engine.models.decay.params.DecayParams.max_eval_pairs`; the process is fitted on
    every buyer's sample all the same, and a run that ships scores keeps 1.0); ``past_cuts``: earlier
    dates at which ``dk_past`` holds the raw lapse probability under this
    fit of the buyers that ``past_share`` keeps (:func:`lapse_features.sampled_sql`: the learned
    candidates' training sample, the only rows that read it); ``interval``: compute the half-lives'
    95% intervals (a Hessian: worth it for the shipped fit, not for a backtest's); ``start``: a fit
    as of an earlier date whose parameters start each category's optimiser (only ever an earlier
    one: a fit must not depend on what happened after its as-of date)."""
    origin = data_origin(cur)
    T = (as_of - origin).total_seconds() / 86400.0
    H = params.horizon_days
    if T < 2 * H:
        raise NoDataError(msg("decay.needs_history", as_of=f"{as_of:%Y-%m-%d}", weeks=2 * params.horizon_weeks))
    keys = cached_keys(cur, origin, as_of)
    if keys is None:
        cur.execute(f"""CREATE OR REPLACE TEMP TABLE dk_occ AS
            SELECT o.*, dense_rank() OVER (PARTITION BY category ORDER BY customer_id) - 1 AS seq,
                   {sampled_sql(past_share, 'o.customer_id')} AS in_past,
                   {sampled_sql(now_share, 'o.customer_id')} AS in_now,
                   CAST(NULL AS INTEGER) AS cid, CAST(NULL AS INTEGER) AS kid
            FROM ({occasions(cur, origin, as_of)}) o""", [as_of])
        kids = None
    else:
        # the same rows from the run's integer keys (the same numbering and samples, see cached_keys)
        sql, order, keep = keys
        # no names: only integer keys (joined back where a reader needs them, :func:`named_occasions_sql`);
        # the names in every occasion's row cost ~4 CPU s per fit at 10^7 events
        cur.execute(f"""CREATE OR REPLACE TEMP TABLE dk_occ AS
            SELECT o.ts, o.t,
                   dense_rank() OVER (PARTITION BY o.kid ORDER BY o.{order}) - 1 AS seq,
                   {'TRUE' if past_share >= 1.0 else f'o.{keep} < {float(past_share)!r}'} AS in_past,
                   {'TRUE' if now_share >= 1.0 else f'o.{keep} < {float(now_share)!r}'} AS in_now,
                   o.cid, o.kid
            FROM ({sql}) o""", [as_of])
        # the reads below count buyers and pick a group's categories by these integers, not the names
        # (a distinct over every occasion's name, then a string match per occasion per read)
        kids = dict(cur.execute(f"SELECT category, kid FROM {OCCASIONS_TABLE}_cat").fetchall())
    cancel.raise_if_cancelled()
    n_buyers = int(cur.execute(f"SELECT count(DISTINCT {'customer_id' if kids is None else 'cid'}) FROM dk_occ")
                   .fetchall()[0][0])
    if n_buyers == 0:
        raise NoDataError(msg("data.no_category_purchases_before", as_of=f"{as_of:%Y-%m-%d}"))
    if kids is None:
        cats = cur.execute("SELECT category, count(*), max(seq) + 1 FROM dk_occ GROUP BY 1 ORDER BY 2 DESC").fetchall()
    else:
        cats = cur.execute(f"""SELECT k.category, c.n, c.m FROM (SELECT kid, count(*) AS n, max(seq) + 1 AS m
                               FROM dk_occ GROUP BY kid) c JOIN {OCCASIONS_TABLE}_cat k USING (kid)
                               ORDER BY 2 DESC""").fetchall()
    cuts_t = [(c - origin).total_seconds() / 86400.0 for c in past_cuts]
    cur.execute("CREATE OR REPLACE TEMP TABLE dk_past (category VARCHAR, seq BIGINT, t_cut DOUBLE, p_raw DOUBLE, "
                "mu DOUBLE)")
    cur.execute("CREATE OR REPLACE TEMP TABLE dk_fit (category VARCHAR, seq BIGINT, mu DOUBLE, beta DOUBLE, "
                "own_weight DOUBLE, p_raw DOUBLE, p_raw_cal DOUBLE, at_risk_cal BOOLEAN, lapsed_cal BOOLEAN)")
    if start is not None and start.as_of > as_of:
        raise ValueError("a warm start must come from an earlier fit")
    earlier = {f.category: (f.mu_shape, f.mu_rate, f.branching, f.beta) for f in (start.categories if start else [])}
    fitted: list[CategoryFit] = []
    shown = [0.0]

    def forward(done: float, total: float, message: str = "", partial=None) -> None:
        # the batch being fitted and the one behind it both report: the bar never steps back
        shown[0] = max(shown[0], done)
        progress(shown[0], total, message, partial)

    # a fitted batch's posteriors on a thread of their own while this one fits the next batch: the fits ran on
    # one core (long 10^7: 31.5 s of decay's 83 at 1.0 core). Both let the interpreter lock go in their compiled
    # loops (engine.models.decay.hawkes_likelihood). The same batches in the same order
    posteriors = worked_ahead(lambda batch: _read_batch(batch, T, H, params, cuts_t),
                              _fitted(cur, cats, T, n_buyers, params, cancel, interval, earlier, forward, kids),
                              prediction_threads(), name="decay-posteriors")
    for done in posteriors:
        # one insert per batch: DuckDB's per-statement cost was a share of a small category's
        cur.register("dk_fit_chunk", pa.concat_tables([table for _, table, _ in done]))
        cur.execute("INSERT INTO dk_fit SELECT * FROM dk_fit_chunk")
        cur.unregister("dk_fit_chunk")
        cur.register("dk_past_chunk", pa.concat_tables([past for _, _, past in done]))
        cur.execute("INSERT INTO dk_past SELECT * FROM dk_past_chunk")
        cur.unregister("dk_past_chunk")
        for fit, _, _ in done:
            fitted.append(fit)
            forward(len(fitted), len(cats), msg("progress.decay.half_life", category=fit.category,
                                                days=fit.half_life_days),
                    DecayPartial(tuple(f.to_partial() for f in fitted), len(cats)))
    rank = {c[0]: k for k, c in enumerate(cats)}
    fitted.sort(key=lambda f: rank[f.category])   # the batches' order is the fit's business, not the table's
    cat_rows = pa.table({k: [getattr(f, k) for f in fitted] for k in CategoryFit.__dataclass_fields__})
    cur.register("dk_cat_rows", cat_rows)
    cur.execute("CREATE OR REPLACE TEMP TABLE dk_cat AS SELECT * FROM dk_cat_rows")
    cur.unregister("dk_cat_rows")
    return FitOutput(origin, as_of, T, fitted, n_buyers, cuts_t, keyed=kids is not None)


#: Buyers per category whose lapse at the calibration split (H weeks before the as-of) is computed:
#: the Platt layer has two parameters, and the split's AUC and Brier score are a check, not a verdict.
MAX_CALIBRATION_SEQUENCES = 5_000


#: Events read from DuckDB per query: categories are read in groups (one query per category
#: cost more than the fits on a shop with hundreds of small ones), memory stays bounded. A group's
#: arrays and its posteriors' per-event temporaries are the fit's peak on top of DuckDB's buffers:
#: at 2M (a long 10^7-event shop's first group: its six largest categories) the process peaked at
#: 1.9 GB; a category larger than this is read alone (the largest there holds ~0.46M occasions).
READ_EVENTS = 1_000_000


def _fitted(cur, cats: list[tuple], T: float, n_buyers: int, params: DecayParams, cancel: CancelToken,
            interval: bool, earlier: dict, progress: ProgressCallback, kids: dict[str, int] | None = None):
    """Batches of (category, seq, t, in_past, in_now, n_seq, fitted model) for the categories of ``cats``, each
    read group's fitted in lockstep batches (:func:`~engine.models.decay.hawkes.fit_batches`)."""
    done = 0
    for group in _category_arrays(cur, cats, cancel, kids):
        models = [ExpHawkesFit(init_half_life=params.init_half_life, max_sequences=params.max_sequences,
                               random_state=params.seed, interval=interval) for _ in group]
        data = [(seq, t, T, n_buyers - n_seq, n_seq, earlier.get(category))
                for category, seq, t, _, _, n_seq in group]
        progress(done, len(cats), msg("progress.decay.fitting", category=group[0][0], i=done + 1, n=len(cats)))
        for ids in fit_batches(models, data, checkpoint=cancel.raise_if_cancelled):
            yield [(*group[k], models[k]) for k in ids]
            done += len(ids)
            cancel.raise_if_cancelled()
            if done < len(cats):
                progress(done, len(cats), msg("progress.decay.fitting", category=group[0][0], i=done + 1,
                                              n=len(cats)))


def _category_arrays(cur, cats: list[tuple], cancel: CancelToken, kids: dict[str, int] | None = None):
    """Lists of (category, seq, t, in_past, in_now, n_seq) per category of ``cats`` (in its order), one per read;
    ``kids``: each category's integer key in ``dk_occ.kid`` (else the names are matched)."""
    group: list[tuple] = []
    size = 0
    for row in [*cats, None]:
        if row is not None and (not group or size + row[1] <= READ_EVENTS):
            group.append(row)
            size += row[1]
            continue
        cancel.raise_if_cancelled()
        names = [g[0] for g in group]
        column, keys = ("category", names) if kids is None else ("kid", [kids[n] for n in names])
        # the category as its place in the group (1-based), not its name: a Python string per event
        # was ~140 MB of the peak for a 2M-event read
        data = _numbers(cur, f"SELECT CAST(list_position(?, {column}) AS INTEGER) AS k, seq, t, "
                             "CAST(in_past AS INTEGER) AS in_past, CAST(in_now AS INTEGER) AS in_now "
                             f"FROM dk_occ WHERE list_contains(?, {column}) ORDER BY k, seq, t", [keys, keys])
        k = np.asarray(data["k"], dtype=np.int32)
        seq, t = np.asarray(data["seq"], dtype=np.int64), np.asarray(data["t"], dtype=np.float64)
        in_past = np.asarray(data["in_past"], dtype=np.int64) > 0
        in_now = np.asarray(data["in_now"], dtype=np.int64) > 0
        del data
        # every category of ``cats`` has events, so each place 1..len(group) has its slice
        bounds = np.searchsorted(k, np.arange(1, len(group) + 2), side="left")
        yield [(name, seq[lo:hi], t[lo:hi], in_past[lo:hi], in_now[lo:hi], int(n_seq))
               for (name, _n, n_seq), lo, hi in zip(group, bounds[:-1], bounds[1:])]
        group, size = ([row], row[1]) if row is not None else ([], 0)


#: Rows per record batch of a group's read (five numeric columns: ~5 MB of arrays a batch).
READ_BATCH_ROWS = 200_000


def _numbers(cur, sql: str, params: list) -> dict[str, np.ndarray]:
    """A result of numeric columns without NULLs as arrays, converted by Arrow a record batch at a time.

    The same values as ``fetch_columns`` (whose pieces of 50,000 rows each went back through DuckDB's
    numpy conversion: ~120 of them per fit at 10^7 events); each batch is converted in Arrow's C++ and
    the pieces joined once, so the interpreter lock is held a few milliseconds at a time."""
    reader = cur.sql(sql, params=params).to_arrow_reader(READ_BATCH_ROWS)
    names = reader.schema.names
    parts = [batch_numbers(batch, names) for batch in reader if batch.num_rows]
    if not parts:
        return {n: np.zeros(0, reader.schema.field(n).type.to_pandas_dtype()) for n in names}
    return {n: np.concatenate([p[n] for p in parts]) for n in names}


def _read_batch(batch: list[tuple], T: float, H: float, params: DecayParams,
                cuts_t: list[float]) -> list[tuple[CategoryFit, pa.Table, pa.Table]]:
    """Fitted categories' posteriors (``batch``: (category, seq, t, in_past, in_now, n_seq, model) each): per
    buyer ``in_now`` now and at the calibration split, per buyer ``in_past`` at the past cuts; each a pass
    over all of the batch's categories at once."""
    theta = np.array([[m.a_, m.b_, m.alpha_, m.beta_] for *_, m in batch])
    # the buyers scored now: every one, or an evaluation cut's sample (``kept``: their sequence numbers)
    now = [None if in_now.all() else in_now for _, _, _, _, in_now, _, _ in batch]
    kept = [np.arange(n_seq) if m is None else np.flatnonzero(np.bincount(seq[m], minlength=n_seq) > 0)
            for m, (_, seq, _, _, _, n_seq, _) in zip(now, batch)]
    seq_now = [seq if m is None else seq[m] for m, (_, seq, *_rest) in zip(now, batch)]
    t_now = [t if m is None else t[m] for m, (_, _, t, *_rest) in zip(now, batch)]
    posts = posterior_many([(s_, t_, row[5]) for s_, t_, row in zip(seq_now, t_now, batch)], T, theta, H)
    # a buyer left out has no triggered purchases: no weight in the shrinkage's evidence (fit_kappa
    # skips them, the pooled rescale sums zeros), so the kept buyers' rates are the sample's
    shrunk = [shrink_rates(p.n_triggered, p.gap_triggered, row[6].beta_) for p, row in zip(posts, batch)]
    # the calibration split: the same model H days earlier, whose outcome the data already holds,
    # on a bounded random sample of the buyers scored now (two parameters to fit: a sample is enough)
    Tc = T - H
    cal = []
    for k, s_, t_ in zip(range(len(batch)), seq_now, t_now):
        n_seq = batch[k][5]
        chosen = np.zeros(n_seq, dtype=bool)
        if kept[k].size > MAX_CALIBRATION_SEQUENCES:
            rng = np.random.default_rng(params.seed)
            # with every buyer kept, the draw is the one the fit always made (choice of n_seq)
            picks = rng.choice(n_seq, MAX_CALIBRATION_SEQUENCES, replace=False) if now[k] is None \
                else rng.choice(kept[k], MAX_CALIBRATION_SEQUENCES, replace=False)
            chosen[picks] = True
        else:
            chosen[kept[k]] = True
        cal.append(((t_ < Tc) & chosen[s_], (t_ >= Tc) & chosen[s_]))
    posts_c = posterior_many([(s_[c[0]], t_[c[0]], row[5]) for s_, t_, row, c in zip(seq_now, t_now, batch, cal)],
                             Tc, theta, H)
    past: list[list[pa.Table]] = [[] for _ in batch]
    for tc in cuts_t:
        masks = [t < tc if in_past is None else (t < tc) & in_past for _, _, t, in_past, _, _, _ in batch]
        has_any = [k for k, m in enumerate(masks) if m.any()]
        if not has_any:
            continue
        posts_p = posterior_many([(batch[k][1][masks[k]], batch[k][2][masks[k]], batch[k][5]) for k in has_any],
                                 tc, theta[has_any], H)
        for k, post_p in zip(has_any, posts_p):
            category, seq, t, _, _, n_seq, model = batch[k]
            before = masks[k]
            p_past = _p_quiet(post_p.base_quiet, seq[before], t[before], tc, shrunk[k].beta, model.alpha_, H, n_seq)
            has = np.flatnonzero(np.bincount(seq[before], minlength=n_seq) > 0)
            past[k].append(pa.Table.from_arrays([
                _names(category, has.size), pa.array(has), pa.array(np.full(has.size, tc)),
                pa.array(p_past[has]), pa.array(post_p.mu_mean[has])], schema=_PAST_SCHEMA))
    out = []
    for k, (category, seq, t, _, _, n_seq, model) in enumerate(batch):
        post, post_c, sh, s_, t_, ids = posts[k], posts_c[k], shrunk[k], seq_now[k], t_now[k], kept[k]
        before, after = cal[k]
        p_raw = _p_quiet(post.base_quiet, s_, t_, T, sh.beta, model.alpha_, H, n_seq)
        p_cal = _p_quiet(post_c.base_quiet, s_[before], t_[before], Tc, sh.beta, model.alpha_, H, n_seq)
        at_risk = np.bincount(s_[before], minlength=n_seq) > 0
        lapsed = np.bincount(s_[after], minlength=n_seq) == 0
        lo, hi = model.half_life_interval_
        fit = CategoryFit(category, model.half_life_, lo, min(hi, 1e6), model.beta_, model.alpha_, model.a_,
                          model.b_, sh.kappa, n_seq, int(t.size), model.log_likelihood_)
        table = pa.Table.from_arrays([
            _names(category, ids.size), pa.array(ids), pa.array(post.mu_mean[ids]),
            pa.array(sh.beta[ids]), pa.array(sh.own_weight[ids]), pa.array(p_raw[ids]), pa.array(p_cal[ids]),
            pa.array(at_risk[ids]), pa.array(lapsed[ids])], schema=_FIT_SCHEMA)
        out.append((fit, table, pa.concat_tables(past[k]) if past[k] else _PAST_SCHEMA.empty_table()))
    return out


def _names(category: str, n: int) -> pa.Array:
    """The category's name ``n`` times (built in Arrow: a Python list of a name per buyer was ~2M
    references per fit at 10^7 events, each then converted to Arrow on its own)."""
    return pa.repeat(pa.scalar(category, pa.string()), n)


def _p_quiet(base_quiet: np.ndarray, seq: np.ndarray, t: np.ndarray, T: float, beta: np.ndarray,
             alpha: float, H: float, n_seq: int) -> np.ndarray:
    """P(no purchase in (T, T+H]) with each customer's own decay of their purchases' pull."""
    pull = np.bincount(seq, weights=np.exp(-beta[seq] * (T - t)), minlength=n_seq)
    return base_quiet * np.exp(-alpha * pull * (-np.expm1(-beta * H)))
