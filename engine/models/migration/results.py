"""Reading a migration run back for views: the model card, the predicted flows, who shifts into a category."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.models.baselines import BASELINE_LABELS
from engine.store.project import Project
from engine.store.runs import RunInfo, latest_run

METRIC_COLUMNS = ("auc", "precision@5", "recall@10", "ndcg@10")


@dataclass
class ModelCard:
    run: RunInfo
    rows: list[tuple[str, dict[str, float]]]   # ("LSTM (this model)", metrics), then each baseline
    verdict: str
    beats: bool
    facts: list[tuple[str, str]]              # ("As of", "2026-11-01"), ...


def model_card(run: RunInfo) -> ModelCard:
    m = run.metrics
    rows = [("LSTM (this model)", m.get("model", {}))]
    rows += [(BASELINE_LABELS.get(n, n), r) for n, r in sorted(
        m.get("baselines", {}).items(), key=lambda item: -(item[1].get("auc") or 0))]
    where = ("validation weeks held out before the as-of date" if m.get("evaluated_on") == "validation"
             else "the weeks after the as-of date (backtest)")
    facts = [
        ("As of", f"{run.as_of:%Y-%m-%d}" if run.as_of else "—"),
        ("Evaluated on", where),
        ("Customers", f"{m.get('customers', 0):,}"),
        ("Categories", f"{m.get('categories', 0)} (top by purchases; the rest pooled)"),
        ("Training samples", f"{m.get('train_samples', 0):,} over {m.get('train_cuts', 0)} past cut dates"),
        ("Epochs", f"{m.get('epochs', 0)} (best {m.get('best_epoch', 0)}; {m.get('stopped', '')})"),
        ("Time taken", f"{run.duration_s or 0:.0f} s ({m.get('seconds_per_epoch', 0):.1f} s per epoch)"),
        ("Candidate pairs scored", f"{m.get('candidate_pairs', 0):,}"),
    ]
    cal = m.get("calibration")
    if cal and cal.get("after", {}).get("expected") is not None:
        a, b = cal["after"], cal["before"]
        worst = a.get("worst") or [["—", 0, 0]]
        facts.append(("Calibration", f"expected {a['expected']:.0f} vs actual {a['actual']} shifters "
                      f"(before recalibration {b['expected']:.0f}); Brier {a['brier']:.4f}; "
                      f"furthest off: {worst[0][0]} {worst[0][1]:.0f} vs {worst[0][2]} "
                      f"[{cal.get('measured_on', '')}]"))
    return ModelCard(run, rows, m.get("verdict", ""), bool(m.get("beats_best_baseline")), facts)


def latest_card(project: Project) -> ModelCard | None:
    run = latest_run(project, "migration")
    return model_card(run) if run else None


def flows(project: Project, run_id: int, limit: int = 12) -> list[tuple[str, str, float, int]]:
    """(from, to, expected customers, customers ranking it first): the summed shift probabilities
    per move from the recently bought category that most points to it, largest first. Customers with
    no recent purchase have no "from" and are left out."""
    return [(r[0], r[1], float(r[2]), int(r[3])) for r in project.query(
        "SELECT from_category, category, sum(score), count(*) FILTER (WHERE rank = 1) "
        "FROM shift_scores WHERE run_id = ? AND from_category IS NOT NULL "
        "GROUP BY ALL ORDER BY 3 DESC LIMIT ?", [run_id, limit])]


def target_categories(project: Project, run_id: int) -> list[tuple[str, float]]:
    """Categories by expected customers shifting into them."""
    return [(r[0], float(r[1])) for r in project.query(
        "SELECT category, sum(score) FROM shift_scores WHERE run_id = ? GROUP BY category ORDER BY 2 DESC",
        [run_id])]


def customers_sql(run_id: int, category: str) -> tuple[str, list[Any]]:
    """The customers predicted to shift into ``category``, for a paged table."""
    return ("SELECT customer_id AS \"Customer\", round(score, 4) AS \"Score\", rank AS \"Rank for customer\", "
            "reason AS \"Why\" FROM shift_scores WHERE run_id = ? AND category = ?", [run_id, category])


def history(project: Project, run_id: int) -> list[tuple[int, float, float, float]]:
    return project.query("SELECT epoch, train_loss, val_loss, val_metric FROM training_history "
                         "WHERE run_id = ? ORDER BY epoch", [run_id])
