"""Text the engine composes for people, as a message id and its parameters.

A verdict, a hint or an error is a :class:`Message`: an id from :data:`TEMPLATES` and raw
parameters (numbers stay numbers). ``str(message)`` is the English sentence, so the CLI and the
log read as before; the GUI translates the template and formats the numbers for its locale
(``gui/i18n/engine_text.py``). Both sides render through :func:`render`, so placeholders and
number formats mean the same everywhere.

Templates use ``str.format`` fields. A numeric field's format spec (``{auc:.3f}``, ``{n:,}``,
``{x:+.1f}``) is kept simple so a locale can reproduce it. A parameter may itself be a Message
(rendered, and translated, on its own), or a list of messages and strings (joined with the
"list.separator" template). Plurals: an id with a ``.one`` variant is used for a
count of one when built with :meth:`Message.plural`.
"""

from __future__ import annotations

import numbers
import string
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

#: Every sentence the engine composes for display, by id. The GUI translates the English text
#: (context "engine"); tools/engine_messages_ts.py writes them to resources/i18n/engine_zh_CN.ts.
TEMPLATES: dict[str, str] = {
    # out-of-sample verdicts (engine/evaluation/verdict.py)
    "verdict.beats": "{house} beats the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs "
                     "{other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.",
    "verdict.ties": "{house} ties the best alternative ({other}); the difference is within the spread across "
                    "cuts, {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (spread ±{spread:.3f}). "
                    "Shipped score: {winner}.",
    "verdict.loses": "{house} does not beat the best alternative ({other}), {span}: {metric} {house_mean:.3f} "
                     "vs {other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.",
    "verdict.span": "out of sample at {n} cuts",
    "verdict.span.one": "out of sample at {n} cut",
    # why a candidate shipped (engine/models/migration/service.py)
    "why.best_mean": "{winner} had the best mean AUC over {n} out-of-sample cuts ({winner_mean:.3f} vs "
                     "{runner_up} {runner_up_mean:.3f}; {lead}).",
    "why.lead.decisive": "a lead beyond the spread across cuts",
    "why.lead.tie": "a lead within the spread across cuts (a tie)",
    # what a training or backtest run says when it is done
    "decay.no_verdict": "Too little history for an out-of-sample verdict: the decay model's lapse probability "
                        "is shipped.",
    "decay.trained": "{categories} categories, median half-life {half_life:.0f} days, {pairs:,} pairs scored. "
                     "{verdict}",
    "decay.backtest": "lapse AUC {auc:.3f} vs recency {recency_auc:.3f} ({pairs:,} customer-category pairs, "
                      "{lapsed:.0%} lapsed)",
    "customers.no_backtest": "Too little history for a backtest: the BG/NBD baseline is shipped untested.",
    "customers.scored": "{n:,} customers scored by {winner}",
    "customers.scored.verdict": "{n:,} customers scored by {winner} — {verdict}",
    "customers.backtest": "{head} · after {date}: AUC {auc:.3f}",
    "customers.shipped": "Shipped: {winner}. {verdict}",
    "customers.candidate": "{label}: AUC {auc:.3f}, spend Spearman {spearman:.3f}, total spend error "
                           "{spend_error:+.1%}",
    "train.all_done": "All models trained",
    "train.skipped": "Trained {trained}; skipped {models}: {reason}",
    "segments.trained": "{n:,} customers in {k} interest clusters (silhouette {silhouette:.3f}, agreement "
                        "across seeds {stability:.2f})",
    "segments.trained.tiers": "{n:,} customers in tiers; {reason}",
    "transfer.trained": "{cold:,} cold-start customers scored from {reference:,} established customers like them",
    # why the segments model chose its number of clusters (engine/models/segments/clusters.py)
    "k.one_cluster": "one cluster: fewer than three customers with distinct category mixes",
    "k.unstable": "k = {k}: no k was stable across seeds (adjusted Rand ≥ {stability:.2f}); the most stable one",
    "k.best": "k = {k}: the fewest clusters whose silhouette is within {tolerance:g} of the best ({top:.3f}) "
              "{what}",
    "k.among_usable": "among the usable k from {k_min} to {k_max} (every cluster ≥ {share:.0%} of customers, "
                      "adjusted Rand ≥ {stability:.2f} across {seeds} seeds)",
    "k.among_stable": "among the stable k (adjusted Rand ≥ {stability:.2f}): no k kept every cluster ≥ "
                      "{share:.0%} of customers (a small group stands apart)",
    # product groups when the shop has no category column (engine/catalog/derive.py)
    "groups.derived": "No category column: {items:,} products grouped into {groups:,} groups by their {how}.",
    "groups.how.names": "names",
    "groups.how.baskets": "baskets",
    "groups.how.names_baskets": "names and baskets",
    "groups.how.purchases": "purchases",
    "groups.no_items": "No category column and no item ids: there are no product groups, so the category "
                       "models (tiers, decay, migration, transfer) have nothing to work on.",
    "groups.pending": "No category column: {items:,} products are not grouped yet. Use Group products to "
                      "group them by their names and baskets.",
    "groups.catalog": "Categories from an imported catalog: {items:,} products in {groups:,} categories.",
    # known conditions: a plain message on the page, not an error
    "data.no_events": "The project has no events yet: import a shop export first",
    "data.no_customer_window": "No customer has events in the {weeks} weeks before {as_of}",
    "data.no_purchases": "No purchases to learn from: the customers model needs orders",
    "data.no_purchases_before": "No purchases before {as_of}",
    "data.no_customer_before": "No customer ordered before {as_of}",
    "data.no_events_before": "No events before {as_of}: nothing to train on",
    "data.no_category_purchases_before": "No purchases with a category before {as_of}",
    "migration.needs_history": "Migration needs at least {weeks} weeks of history before {as_of}; "
                               "the data has {have}",
    "migration.needs_cut": "Migration needs enough history for at least one evaluation cut",
    "decay.needs_history": "Too little history before {as_of}: the decay fit needs more than {weeks} weeks",
    "transfer.needs_categories": "Transfer needs purchases in at least two categories",
    "transfer.needs_customers": "Transfer needs at least {n} established customers to learn from",
    "backtest.needs_weeks": "A backtest as of {as_of} needs {weeks} weeks of data after it; the data ends "
                            "{end}. Choose a date on or before {latest}.",
    "backtest.needs_until": "A backtest as of {as_of} needs data until {until}; the data ends {end}",
    "segments.no_categories": "No purchase in the {weeks} weeks before {as_of} has a category, so customers "
                              "are tiered by engagement but not clustered by interest",
    "categories.pending": "the shop has no categories: {items:,} products are not grouped yet "
                          "(group them on the Data page)",
    "categories.none": "the shop has no categories: its purchases carry no category and no item ids to group",
    "categories.refused": "{models}: {reason}",
    # a model that has not been trained yet
    "run.none.segments": "No segmentation yet: run `train PROJECT --models segments` first",
    "run.none.customers": "No customer predictions yet: run `train PROJECT --models customers` first",
    "run.none.migration": "No migration run yet: run `train PROJECT --models migration` first",
    "run.none.decay": "No decay model yet: run `train PROJECT --models decay` first",
    # projects and files
    "project.missing": "No project at {path}",
    "project.closed": "The project {name} is closed",
    "project.not_duckdb_project": "{name} is a DuckDB file but not a Shiftwise project",
    "project.not_project": "{name} is not a Shiftwise project",
    "project.kind_not_project": "{name} is {kind}, not a Shiftwise project",
    "project.cut_short": "{name} is damaged: the file is cut short, perhaps by a copy that stopped or a full "
                         "disk. Open a backup copy of it instead.",
    "project.cut_short_size": "{name} is damaged: the file is cut short ({actual} of {expected}), perhaps by a "
                              "copy that stopped or a full disk. Open a backup copy of it instead.",
    "project.bad_table": "{name} is damaged: its table {table} cannot be read ({detail}). Open a backup copy "
                         "of it instead.",
    "project.locked_by": "{name} is open in another program ({program}, process {pid}). Close it there, then "
                         "open the project again.",
    "project.locked": "{name} is open in another program. Close it there first.",
    "project.too_new": "{name} was written by a newer database version than this Shiftwise can read. Update "
                       "Shiftwise to open it.",
    "project.cannot_open": "Cannot open {name}: {detail}",
    "project.bad_journal": "{name} has a damaged journal ({journal}): the changes since its last save cannot "
                           "be read back. Run `python main.py repair {path}` (or press Repair) to set the "
                           "journal aside and open the project as it was last saved.",
    "project.exists": "{name} already exists",
    "project.bad_date": "Not a date: {value} (use YYYY-MM-DD)",
    # model parameters
    "params.unknown": "Unknown {model} parameter {names}; known: {known}",
    "params.bad_value": "The {model} parameter {key} must be {what}, not {value}",
    "kind.int": "a whole number",
    "kind.float": "a number",
    "params.at_least_one": "The {model} parameter {name} must be at least 1",
    "params.name_at_least_one": "{name} must be at least 1",
    "segments.k_range": "The segments parameters need 2 <= k_min <= k_max",
    "segments.share_range": "The segments parameters need 0 <= min_cluster_share < 0.5 and "
                            "-1 <= min_stability <= 1",
    "segments.bad_params": "The segments parameters: {detail}",
    "migration.bad_params": "horizon, lookback, seq_weeks, train_cuts must be ≥ 1 and top_k ≥ 2",
    "model.unknown": "Unknown model {name}; choose from {choices}",
    "model.unavailable": "{name} is not available in this build ({detail})",
    "model.no_backtest": "{name} has no backtest; backtest one of {choices}",
    "export.unknown_name": "Unknown name {name}; choose from {choices}",
    # export and campaigns
    "export.no_column": "No column {names} in the rows to export",
    "export.bad_suffix": "Cannot write {name}: use .csv, .parquet or .xlsx",
    "export.no_folder": "Folder {folder} does not exist",
    "export.is_folder": "{path} is a folder",
    "export.too_many_rows": "{rows:,} rows do not fit in one Excel sheet; export to CSV or Parquet",
    "campaign.bad_suffix": "Cannot write {name}: campaign lists are exported as .csv or .xlsx",
    "campaign.no_scores": "No shift scores yet: train the migration model first",
    "campaign.needs_segments": "Tier and cluster filters need a segments run: train the segments model",
    "campaign.needs_decay": "The lapse risk filter needs a decay run: train the decay model",
    "campaign.choose_category": "Choose a target category",
    "campaign.unknown_target": "Unknown target {target}: choose a category, {choices}",
    "campaign.hint.migration": "Train the migration model (the Migration page's Train button, or "
                               "`python main.py train PROJECT --models migration`) to get shift scores",
    "campaign.hint.segments": "Train the segments model to filter by tier or cluster",
    "campaign.hint.decay": "Train the decay model to filter by lapse risk",
    "campaign.hint.customers": "Train the customers model (`python main.py train PROJECT --models customers`) to "
                               "target customers likely to lapse or of high expected value",
    # uplift sentences (engine/campaigns/uplift.py)
    "uplift.waiting": "No data after {date} yet: import later orders to measure this campaign.",
    "uplift.no_groups": "Both a target and a control group are needed to measure uplift.",
    "uplift.window.partial": "{observed:.1f} of {weeks} weeks observed",
    "uplift.window.complete": "{weeks} weeks",
    "uplift.sentence": "{window}: {shifted_target} of {n_target} targets shifted ({rate_target:.1f}%) vs "
                       "{shifted_control} of {n_control} in control ({rate_control:.1f}%). Uplift {uplift:+.1f} "
                       "points, 95% CI {ci_low:+.1f} to {ci_high:+.1f} points: {verdict}.",
    "uplift.verdict.positive": "the campaign made a difference",
    "uplift.verdict.negative": "worse than no message",
    "uplift.verdict.unclear": "not distinguishable from no effect yet",
    # the migration model card (engine/models/migration/results.py)
    "card.as_of": "As of",
    "card.evaluated_on": "Evaluated on",
    "card.evaluated_on.text": "out of sample, the {weeks} weeks after each of {n} cuts ({cuts}); each fitted "
                              "only on earlier cuts",
    "card.shipped": "Shipped score",
    "card.shipped.text": "{label}: {why}",
    "card.categories": "Categories",
    "card.categories.text": "{scored} scored (every category with ≥ {min_buyers} buyers), of {total}",
    "card.customers": "Customers scored",
    "card.count": "{n:,}",
    "card.pairs": "Candidate pairs",
    "card.pairs.text": "{scored:,} scored; {kept:,} kept (each customer's top {top} and every pair ≥ {floor})",
    "card.time": "Time taken",
    "card.seconds": "{seconds:.0f} s",
    "card.shipped_mark": "{label}  ← shipped",
    # a list parameter's items are joined with this
    "list.separator": ", ",
}

#: Candidate names shown inside verdicts: translatable as they are (see :func:`term`).
TERMS: tuple[str, ...] = (
    "gradient boosting", "BG/NBD + Gamma-Gamma", "recency rule", "frequency rule", "BG/NBD × past mean spend",
    "Popularity (category shift rate)", "Own frequency (weeks bought)", "Category transitions (Markov)",
    "User-kNN collaborative filtering", "Logistic regression (hand features)", "Gradient boosting (hand features)",
    "LSTM (this model)", "Blend (stacker over LSTM and learned baselines)",
    "recency", "recency + frequency", "per-category decay", "decay model (Hawkes)",
    "gradient boosting + decay model",
    # the models, as the CLI names them
    "segments", "decay", "migration", "transfer", "customers",
)
TEMPLATES.update({f"term:{t}": t for t in TERMS})


@dataclass(frozen=True)
class Message:
    """A sentence for people: an id from :data:`TEMPLATES` and its raw parameters."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.id not in TEMPLATES:
            raise KeyError(f"no message template {self.id!r}")

    @classmethod
    def plural(cls, id: str, n: int, **params: Any) -> "Message":
        """The ``.one`` variant for a count of one (English; other languages translate each)."""
        return cls(f"{id}.one" if n == 1 and f"{id}.one" in TEMPLATES else id, {"n": n, **params})

    @property
    def template(self) -> str:
        return TEMPLATES[self.id]

    def text(self) -> str:
        """The English sentence."""
        return render(self)

    def __str__(self) -> str:
        return self.text()

    def __hash__(self) -> int:  # params is a dict: hash what it says instead
        return hash((self.id, self.text()))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (run metrics keep it beside the English text)."""
        return {"id": self.id, "params": {k: _plain(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Message":
        return cls(d["id"], {k: _revive(v) for k, v in d.get("params", {}).items()})


def msg(id: str, **params: Any) -> Message:
    return Message(id, params)


def with_message(key: str, message: Message | str) -> dict[str, Any]:
    """Metrics entries for a run: the English text under ``key`` (what older readers and SQL see)
    and the message under ``key + "_message"`` (what the GUI translates)."""
    if isinstance(message, Message):
        return {key: message.text(), f"{key}_message": message.to_dict()}
    return {key: message}


def term(text: str) -> Message | str:
    """A candidate's label as a translatable message, or the text itself when it is not one."""
    return Message(f"term:{text}") if f"term:{text}" in TEMPLATES else text


def stored(text: Any, message: Any) -> Message | str:
    """What a run stored: its message dict when there is one (newer runs), else its English text."""
    if _is_message_dict(message):
        try:
            return Message.from_dict(message)
        except KeyError:   # an id this version no longer has
            pass
    return "" if text is None else str(text)


def message_of(exc: BaseException) -> Message | str:
    """An exception's message for people: the Message it carries, else its text."""
    m = getattr(exc, "message", None)
    return m if isinstance(m, Message) else str(exc)


def _plain(v: Any) -> Any:
    if isinstance(v, Message):
        return v.to_dict()
    return [_plain(x) for x in v] if isinstance(v, (list, tuple)) else v


def _revive(v: Any) -> Any:
    if _is_message_dict(v):
        return Message.from_dict(v)
    return [_revive(x) for x in v] if isinstance(v, list) else v


def _is_message_dict(v: Any) -> bool:
    return isinstance(v, Mapping) and isinstance(v.get("id"), str) and isinstance(v.get("params", {}), Mapping)


def _english_number(value: float | int, spec: str) -> str:
    return format(value, spec)


def _same(text: str) -> str:
    return text


def render(message: Message | str, *, template: Callable[[str], str] = _same,
           number: Callable[[float | int, str], str] = _english_number) -> str:
    """Fill a message's template. ``template`` maps the English template to the language shown
    (identity: English); ``number`` formats a numeric parameter with its spec. Nested messages are
    rendered the same way; other parameters are put in as text."""
    if not isinstance(message, Message):
        return str(message)
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template(message.template)):
        out.append(literal)
        if name is None:
            continue
        value = message.params[name]
        if isinstance(value, (list, tuple)):  # items rendered one by one, joined the language's way
            out.append(template(TEMPLATES["list.separator"]).join(
                render(v, template=template, number=number) for v in value))
        elif isinstance(value, Message):
            out.append(render(value, template=template, number=number))
        elif isinstance(value, numbers.Real) and not isinstance(value, bool) and not conversion:
            out.append(number(value, spec or ""))
        else:
            # a number's format spec does not apply to the text standing in for it (a dash)
            out.append(repr(value) if conversion == "r" else str(value))
    return "".join(out)


def placeholders(template: str) -> set[str]:
    """The parameter names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
