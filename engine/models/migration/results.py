"""Reading a migration run back for views: the model card, the predicted flows, who shifts into a category."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from engine.messages import Message, msg, stored, term
from engine.models.migration.labels import PAIR_LABELS
from engine.models.migration.params import MigrationParams
from engine.models.migration.reasons import reason_sql
from engine.models.scores import category_totals
from engine.store.project import Project
from engine.store.runs import RunInfo, latest_run

KIND = "migration"
#: Parameters a stored run may carry that this version still knows (older runs may have others).
PARAM_NAMES = set(MigrationParams.__dataclass_fields__)

METRIC_COLUMNS = ("auc", "precision@5", "recall@10", "ndcg@10")


@dataclass
class ModelCard:
    run: RunInfo
    rows: list[tuple[Message | str, dict[str, float]]]   # (candidate label, mean metrics over the backtest cuts)
    spreads: list[dict[str, float | None]]    # the sd across cuts, row by row (None at one cut)
    verdict: Message | str
    outcome: str                              # the verdict's: beats, ties or loses
    facts: list[tuple[Message, Message | str]]  # (msg("card.as_of"), "2026-11-01"), ...
    shipped: str = ""


def label(name: str) -> str:
    """A candidate's name for people."""
    return PAIR_LABELS.get(name, name)


def latest(project: Project) -> RunInfo | None:
    return latest_run(project, KIND)


def run_params(run: RunInfo) -> MigrationParams:
    """The parameters the run used (labels come from them, not from retyped defaults)."""
    return MigrationParams.from_dict({k: v for k, v in run.params.items() if k in PARAM_NAMES})


def model_card(run: RunInfo) -> ModelCard:
    """Every candidate's out-of-sample figures (mean ± sd over the rolling cuts), best AUC first."""
    m, p = run.metrics, run_params(run)
    cands = m.get("candidates", {})
    order = sorted(cands, key=lambda n: -(cands[n]["auc"]["mean"] or 0))
    rows = [(msg("card.shipped_mark", label=term(label(n))) if n == m.get("shipped") else term(label(n)),
             {k: cands[n][k]["mean"] for k in METRIC_COLUMNS}) for n in order]
    cuts = m.get("cuts", [])
    spreads = [{k: _spread(cands[n][k], cuts) for k in METRIC_COLUMNS} for n in order]
    facts = [
        (msg("card.as_of"), f"{run.as_of:%Y-%m-%d}" if run.as_of else "—"),
        (msg("card.evaluated_on"), Message.plural("card.evaluated_on.text", len(cuts), weeks=p.horizon_weeks,
                                                  cuts=list(cuts))),
        (msg("card.shipped"), msg("card.shipped.text", label=term(m.get("shipped_label", "—")),
                                  why=stored(m.get("why", ""), m.get("why_message")))),
        (msg("card.categories"), msg("card.categories.text", scored=m.get("categories", 0),
                                     min_buyers=p.min_buyers, total=m.get("categories_in_data", 0))),
        (msg("card.customers"), msg("card.count", n=m.get("customers_scored", 0))),
        (msg("card.pairs"), msg("card.pairs.text", scored=m.get("candidate_pairs", 0),
                                kept=m.get("pairs_written", 0), top=p.keep_top, floor=p.score_floor)),
        (msg("card.time"), msg("card.seconds", seconds=run.duration_s or 0)),
    ]
    return ModelCard(run, rows, spreads, stored(m.get("verdict", ""), m.get("verdict_message")),
                     m.get("outcome", ""), facts, m.get("shipped", ""))


def auc_means(run: RunInfo) -> dict[str, tuple[float, float | None]]:
    """Each candidate's mean out-of-sample AUC and its sd across cuts (None at one cut), for the lines on the chart."""
    cuts = run.metrics.get("cuts", [])
    return {label(n): (c["auc"]["mean"], _spread(c["auc"], cuts))
            for n, c in run.metrics.get("candidates", {}).items()}


def _spread(figures: dict[str, Any], cuts: list) -> float | None:
    """A metric's sd across the cuts; None at one cut, which has no spread (not "±0.000")."""
    return figures["sd"] if len(cuts) > 1 else None


def per_cut(run: RunInfo) -> tuple[list[str], dict[str, list[float]]]:
    """The cuts and each candidate's AUC at them (the chart's points)."""
    return run.metrics.get("cuts", []), {label(n): c["auc"]["per_cut"]
                                         for n, c in run.metrics.get("candidates", {}).items()}


#: The run metric that keeps :func:`count_flows` (the Migration page's chart of moves).
FLOWS = "flows"
#: The moves the chart shows.
FLOWS_SHOWN = 12


def count_flows(cur, run_id: int, limit: int = FLOWS_SHOWN) -> list[list]:
    """(from, to, expected customers, customers ranking it first): the summed shift probabilities
    per move from the recently bought category that most points to it, largest first. Customers with
    no recent purchase have no "from" and are left out. Counted as the run finishes (:data:`FLOWS`): as the page
    opened, 0.17 s of the window's thread at wide 10^7."""
    return [[r[0], r[1], float(r[2]), int(r[3])] for r in cur.execute(
        "SELECT from_category, category, sum(score), count(*) FILTER (WHERE rank = 1) "
        "FROM shift_scores WHERE run_id = ? AND from_category IS NOT NULL "
        "GROUP BY ALL ORDER BY 3 DESC, 1, 2 LIMIT ?", [run_id, limit]).fetchall()]


def flows(project: Project, run: RunInfo) -> list[tuple[str, str, float, int]]:
    """:func:`count_flows` as the run kept it (counted now for a run from before session 37)."""
    kept = run.metrics.get(FLOWS)
    rows = kept if kept is not None else count_flows(project.cursor(), run.run_id)
    return [tuple(r) for r in rows]


def target_categories(project: Project, run_id: int,
                      transfer_run: int | None = None) -> list[tuple[str, float, float]]:
    """Categories by expected customers shifting into them: (category, expected among the customers the run
    scored, expected among the new customers ``transfer_run`` ranks in their place). Campaign lists draw on both
    (engine.models.scores.current_scores_sql): the Migration page says both, so its numbers add up to theirs."""
    return [(c, expected - expected_new, expected_new)
            for c, _n, expected, _n_new, expected_new in category_totals(project, run_id, transfer_run)]


@dataclass(frozen=True)
class CategoryCheck:
    """Expected against actual shifters per category at the run's latest backtest cut (out of sample)."""
    cut: str
    horizon_weeks: int
    candidate: str
    rows: list[tuple[str, float, int]]      # (category, expected, actual), most expected first
    expected_total: float
    actual_total: int


def category_check(run: RunInfo, top: int = 15) -> CategoryCheck | None:
    """The ``top`` categories by expected shifters at the latest cut; None for a run made before
    the check was stored."""
    check = run.metrics.get("category_check")
    if not check:
        return None
    rows = [(str(c), float(e), int(a)) for c, e, a in check["categories"][:top]]
    return CategoryCheck(check["cut"], int(check["horizon_weeks"]), label(check["candidate"]), rows,
                         float(check["expected_total"]), int(check["actual_total"]))


def customers_sql(run_id: int, category: str, *, lookback: int | None = None,
                  template: Callable[[str], str] | None = None) -> tuple[str, list[Any]]:
    """The customers predicted to shift into ``category``, for a paged table.

    With ``template`` (a translation of message templates) the model's reasons are composed again
    from their evidence in that language; the stored reason (English) is shown otherwise, and for
    rows whose evidence is not kept (transfer)."""
    why = "reason"
    if template is not None and lookback is not None:
        why = f"CASE WHEN source = 'model' THEN {reason_sql(lookback, template)} ELSE reason END"
    return ("SELECT customer_id AS \"Customer\", round(score, 4) AS \"Score\", rank AS \"Rank for customer\", "
            f"{why} AS \"Why\" FROM shift_scores WHERE run_id = ? AND category = ?", [run_id, category])


def history(project: Project, run_id: int) -> list[tuple[int, float, float, float]]:
    return project.query("SELECT epoch, train_loss, val_loss, val_metric FROM training_history "
                         "WHERE run_id = ? ORDER BY epoch", [run_id])
