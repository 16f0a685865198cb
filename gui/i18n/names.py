"""Names the engine hands the GUI as data (tier states, event types, table columns, customer
targets), listed here so lupdate finds them: each is translated where it is shown, in its context.

A name the engine adds later and this list lacks is shown in English; tests/gui/test_i18n.py
fails on such a name on the pages it visits.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: Tier states (context "tiers").
TIER_NAMES = {"light": QT_TRANSLATE_NOOP("tiers", "light"), "medium": QT_TRANSLATE_NOOP("tiers", "medium"),
              "heavy": QT_TRANSLATE_NOOP("tiers", "heavy"), "lapsed": QT_TRANSLATE_NOOP("tiers", "lapsed"),
              "new": QT_TRANSLATE_NOOP("tiers", "new")}

#: Event types (context "events"), as the Data page's chart names its lines.
EVENT_NAMES = (QT_TRANSLATE_NOOP("events", "view"), QT_TRANSLATE_NOOP("events", "cart"),
               QT_TRANSLATE_NOOP("events", "favourite"), QT_TRANSLATE_NOOP("events", "purchase"),
               QT_TRANSLATE_NOOP("events", "refund"))

#: The campaign builder's customer targets (engine.campaigns.spec.CUSTOMER_TARGETS, context "campaigns").
CUSTOMER_TARGET_NAMES = (QT_TRANSLATE_NOOP("campaigns", "Any purchase · likely to lapse"),
                         QT_TRANSLATE_NOOP("campaigns", "Any purchase · high expected value"))

#: Table column titles (context "columns"): the engine's header maps and column names with
#: underscores shown as spaces (gui/widgets/sql_table_model.py translates them).
COLUMN_NAMES = (
    QT_TRANSLATE_NOOP("columns", "id"),
    QT_TRANSLATE_NOOP("columns", "file"),
    QT_TRANSLATE_NOOP("columns", "format"),
    QT_TRANSLATE_NOOP("columns", "rows"),
    QT_TRANSLATE_NOOP("columns", "rejected"),
    QT_TRANSLATE_NOOP("columns", "duplicates"),
    QT_TRANSLATE_NOOP("columns", "left out"),
    QT_TRANSLATE_NOOP("columns", "encoding"),
    QT_TRANSLATE_NOOP("columns", "imported"),
    QT_TRANSLATE_NOOP("columns", "customer id"),
    QT_TRANSLATE_NOOP("columns", "ts"),
    QT_TRANSLATE_NOOP("columns", "event type"),
    QT_TRANSLATE_NOOP("columns", "order id"),
    QT_TRANSLATE_NOOP("columns", "item id"),
    QT_TRANSLATE_NOOP("columns", "item name"),
    QT_TRANSLATE_NOOP("columns", "category"),
    QT_TRANSLATE_NOOP("columns", "quantity"),
    QT_TRANSLATE_NOOP("columns", "amount"),
    QT_TRANSLATE_NOOP("columns", "run"),
    QT_TRANSLATE_NOOP("columns", "kind"),
    QT_TRANSLATE_NOOP("columns", "status"),
    QT_TRANSLATE_NOOP("columns", "as of"),
    QT_TRANSLATE_NOOP("columns", "started"),
    QT_TRANSLATE_NOOP("columns", "seconds"),
    QT_TRANSLATE_NOOP("columns", "summary"),
    QT_TRANSLATE_NOOP("columns", "data"),
    QT_TRANSLATE_NOOP("columns", "Customer"),
    QT_TRANSLATE_NOOP("columns", "Tier"),
    QT_TRANSLATE_NOOP("columns", "Interest cluster"),
    QT_TRANSLATE_NOOP("columns", "Category mix"),
    QT_TRANSLATE_NOOP("columns", "Last activity"),
    QT_TRANSLATE_NOOP("columns", "Days since"),
    QT_TRANSLATE_NOOP("columns", "Purchases"),
    QT_TRANSLATE_NOOP("columns", "Spend"),
    QT_TRANSLATE_NOOP("columns", "Engagement"),
    QT_TRANSLATE_NOOP("columns", "When"),
    QT_TRANSLATE_NOOP("columns", "Event"),
    QT_TRANSLATE_NOOP("columns", "Category"),
    QT_TRANSLATE_NOOP("columns", "Item"),
    QT_TRANSLATE_NOOP("columns", "Qty"),
    QT_TRANSLATE_NOOP("columns", "Amount"),
    QT_TRANSLATE_NOOP("columns", "Order"),
    QT_TRANSLATE_NOOP("columns", "Orders"),
    QT_TRANSLATE_NOOP("columns", "First order"),
    QT_TRANSLATE_NOOP("columns", "Last order"),
    QT_TRANSLATE_NOOP("columns", "P(buy again)"),
    QT_TRANSLATE_NOOP("columns", "Exp. orders"),
    QT_TRANSLATE_NOOP("columns", "Exp. spend"),
    QT_TRANSLATE_NOOP("columns", "Next order"),
    QT_TRANSLATE_NOOP("columns", "BG/NBD P"),
    QT_TRANSLATE_NOOP("columns", "Interest today"),
    QT_TRANSLATE_NOOP("columns", "Half-life (days)"),
    QT_TRANSLATE_NOOP("columns", "Last purchase"),
    QT_TRANSLATE_NOOP("columns", "Decay point"),
    QT_TRANSLATE_NOOP("columns", "Score"),
    QT_TRANSLATE_NOOP("columns", "Rank for customer"),
    QT_TRANSLATE_NOOP("columns", "Why"),
    QT_TRANSLATE_NOOP("columns", "customer"),
    QT_TRANSLATE_NOOP("columns", "shift score"),
    QT_TRANSLATE_NOOP("columns", "group"),
    QT_TRANSLATE_NOOP("columns", "reason"),
    QT_TRANSLATE_NOOP("columns", "name"),
    QT_TRANSLATE_NOOP("columns", "date"),
    QT_TRANSLATE_NOOP("columns", "targets"),
    QT_TRANSLATE_NOOP("columns", "control"),
    QT_TRANSLATE_NOOP("columns", "expected shifters"),
    QT_TRANSLATE_NOOP("columns", "weeks"),
    QT_TRANSLATE_NOOP("columns", "source"),
    QT_TRANSLATE_NOOP("columns", "items"),
    QT_TRANSLATE_NOOP("columns", "buyers"),
    QT_TRANSLATE_NOOP("columns", "File"),
    QT_TRANSLATE_NOOP("columns", "Line"),
    QT_TRANSLATE_NOOP("columns", "Reason"),
    QT_TRANSLATE_NOOP("columns", "Row"),
    QT_TRANSLATE_NOOP("columns", "tier before"),
    QT_TRANSLATE_NOOP("columns", "tier now"),
)

#: Metric keys the runs report (context "metrics"): the Runs page lists them by these names; a key
#: not listed here is shown as it is.
METRIC_NAMES = (
    QT_TRANSLATE_NOOP("metrics", "auc"),
    QT_TRANSLATE_NOOP("metrics", "silhouette"),
    QT_TRANSLATE_NOOP("metrics", "brier_skill"),
    QT_TRANSLATE_NOOP("metrics", "brier"),
    QT_TRANSLATE_NOOP("metrics", "stability"),
    QT_TRANSLATE_NOOP("metrics", "k"),
    QT_TRANSLATE_NOOP("metrics", "n_customers"),
    QT_TRANSLATE_NOOP("metrics", "n_categories"),
    QT_TRANSLATE_NOOP("metrics", "categories"),
    QT_TRANSLATE_NOOP("metrics", "categories_scored"),
    QT_TRANSLATE_NOOP("metrics", "categories_in_data"),
    QT_TRANSLATE_NOOP("metrics", "n_pairs"),
    QT_TRANSLATE_NOOP("metrics", "candidate_pairs"),
    QT_TRANSLATE_NOOP("metrics", "pairs_written"),
    QT_TRANSLATE_NOOP("metrics", "cold_customers"),
    QT_TRANSLATE_NOOP("metrics", "reference_customers"),
    QT_TRANSLATE_NOOP("metrics", "holdout_customers"),
    QT_TRANSLATE_NOOP("metrics", "customers_scored"),
    QT_TRANSLATE_NOOP("metrics", "median_half_life_days"),
    QT_TRANSLATE_NOOP("metrics", "at_risk_pairs"),
    QT_TRANSLATE_NOOP("metrics", "at_risk_customers_main"),
    QT_TRANSLATE_NOOP("metrics", "at_risk_customers_any"),
    QT_TRANSLATE_NOOP("metrics", "customers_with_purchase"),
    QT_TRANSLATE_NOOP("metrics", "lapse_rate"),
    QT_TRANSLATE_NOOP("metrics", "buy_again_rate"),
    QT_TRANSLATE_NOOP("metrics", "spearman_spend"),
    QT_TRANSLATE_NOOP("metrics", "total_spend_error"),
    QT_TRANSLATE_NOOP("metrics", "total_orders_error"),
    QT_TRANSLATE_NOOP("metrics", "seconds"),
    QT_TRANSLATE_NOOP("metrics", "train_rows"),
    QT_TRANSLATE_NOOP("metrics", "learned_train_rows"),
    QT_TRANSLATE_NOOP("metrics", "evaluation_cuts"),
    QT_TRANSLATE_NOOP("metrics", "train_cuts"),
    QT_TRANSLATE_NOOP("metrics", "train_cuts_used"),
    QT_TRANSLATE_NOOP("metrics", "epochs"),
    QT_TRANSLATE_NOOP("metrics", "lstm_fallback_pairs"),
    QT_TRANSLATE_NOOP("metrics", "clusters_matched_to_previous"),
    QT_TRANSLATE_NOOP("metrics", "n_buyers"),
    QT_TRANSLATE_NOOP("metrics", "fit_sampled_categories"),
    QT_TRANSLATE_NOOP("metrics", "expected_buyers"),
    QT_TRANSLATE_NOOP("metrics", "mean_p"),
    QT_TRANSLATE_NOOP("metrics", "auc_popularity"),
    QT_TRANSLATE_NOOP("metrics", "horizon_weeks"),
    QT_TRANSLATE_NOOP("metrics", "silhouette_sample"),
    QT_TRANSLATE_NOOP("metrics", "calibration_a"),
    QT_TRANSLATE_NOOP("metrics", "calibration_b"),
    QT_TRANSLATE_NOOP("metrics", "calibration_split_auc"),
    QT_TRANSLATE_NOOP("metrics", "calibration_split_brier"),
    QT_TRANSLATE_NOOP("metrics", "calibration_split_log_loss"),
    QT_TRANSLATE_NOOP("metrics", "heavy_to_light"),
    QT_TRANSLATE_NOOP("metrics", "lapse_auc_category_decay"),
    QT_TRANSLATE_NOOP("metrics", "lapse_auc_decay"),
    QT_TRANSLATE_NOOP("metrics", "lapse_auc_gbm"),
    QT_TRANSLATE_NOOP("metrics", "lapse_auc_gbm_decay"),
    QT_TRANSLATE_NOOP("metrics", "lapse_auc_recency"),
    QT_TRANSLATE_NOOP("metrics", "lapse_auc_recency_frequency"),
)


def tier_name(state: str) -> str:
    """A tier state in the interface language (one this list does not know, as it is)."""
    return QCoreApplication.translate("tiers", TIER_NAMES[state]) if state in TIER_NAMES else state
