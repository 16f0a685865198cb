"""The English templates of every sentence the engine composes, by message id.

The catalog :mod:`engine.messages` builds its :class:`~engine.messages.Message` from. Kept apart
from the message machinery because it grows with every feature; its Chinese lives in
``resources/i18n/engine_zh_CN.json`` (tools/engine_messages_ts.py).
"""

from __future__ import annotations

from engine.message_terms import TERMS

#: Every sentence the engine composes for display, by id. The GUI translates the English text
#: (context "engine"); tools/engine_messages_ts.py writes them to resources/i18n/engine_zh_CN.ts.
TEMPLATES: dict[str, str] = {
    # out-of-sample verdicts (engine/evaluation/verdict.py)
    "verdict.beats": "{house} beats the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs "
                     "{other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.",
    "verdict.ties": "{house} ties the best alternative ({other}); the difference is within the spread across "
                    "cuts, {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (spread ±{spread:.3f}). "
                    "Shipped score: {winner}.",
    # a tie the spread does not explain: the candidates differed by less than MIN_MARGIN at every cut
    "verdict.ties.small": "{house} ties the best alternative ({other}); the difference is under {min_margin:.3f}, "
                          "too small to count, {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (spread "
                          "±{spread:.3f}). Shipped score: {winner}.",
    "verdict.loses": "{house} does not beat the best alternative ({other}), {span}: {metric} {house_mean:.3f} "
                     "vs {other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.",
    # one cut gives no spread to weigh a difference against: the sentence says so instead of "±0.000"
    "verdict.beats.one_cut": "{house} beats the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs "
                             "{other_mean:.3f} (one cut: no spread across cuts to weigh it against). Shipped "
                             "score: {winner}.",
    "verdict.ties.one_cut": "{house} ties the best alternative ({other}); the difference is under {min_margin:.3f}, "
                            "too small to count, {span}: {metric} {house_mean:.3f} vs {other_mean:.3f}. Shipped "
                            "score: {winner}.",
    "verdict.loses.one_cut": "{house} does not beat the best alternative ({other}), {span}: {metric} "
                             "{house_mean:.3f} vs {other_mean:.3f} (one cut: no spread across cuts to weigh it "
                             "against). Shipped score: {winner}.",
    # the house model had no score at any cut (too little history before them to fit it): no "AUC nan"
    "verdict.unscored": "{house} could not be fitted before any cut, so it has no out-of-sample score; the best "
                        "alternative ({other}), {span}: {metric} {other_mean:.3f}. Shipped score: {winner}.",
    # one cut, weighed against the sampling error of its own metric (DeLong's standard error of the difference)
    "verdict.beats.one_cut.noise": "{house} beats the best alternative ({other}), {span}: {metric} {house_mean:.3f} "
                                   "vs {other_mean:.3f}, a lead beyond the cut's sampling error (±{noise:.3f}). "
                                   "Shipped score: {winner}.",
    "verdict.ties.one_cut.noise": "{house} ties the best alternative ({other}); the difference is within the cut's "
                                  "sampling error (±{noise:.3f}), {span}: {metric} {house_mean:.3f} vs "
                                  "{other_mean:.3f}. Shipped score: {winner}.",
    "verdict.loses.one_cut.noise": "{house} does not beat the best alternative ({other}), {span}: {metric} "
                                   "{house_mean:.3f} vs {other_mean:.3f}, behind by more than the cut's sampling "
                                   "error (±{noise:.3f}). Shipped score: {winner}.",
    "verdict.span": "out of sample at {n} cuts",
    "verdict.span.one": "out of sample at {n} cut",
    "verdict.span.new_customers": "out of sample on the customers who were new at {n} past cuts",
    "verdict.span.new_customers.one": "out of sample on the customers who were new at {n} past cut",
    "verdict.span.groups": "out of sample on {n} held-out groups of established customers",
    "verdict.span.groups.one": "out of sample on {n} held-out group of established customers",
    # why a candidate shipped (engine/models/migration/service.py)
    "why.best_mean": "{winner} had the best mean AUC over {n} out-of-sample cuts ({winner_mean:.3f} vs "
                     "{runner_up} {runner_up_mean:.3f}; {lead}).",
    "why.house_tie": "{winner} ships: {best} had the best mean AUC over {n} out-of-sample cuts ({best_mean:.3f} "
                     "vs {winner_mean:.3f}), a lead within the spread across cuts (a tie), and an alternative "
                     "replaces {winner} only when it beats it.",
    # one cut: a best AUC, not a mean, and no spread to weigh a lead against
    "why.best_mean.one_cut": "{winner} had the best AUC at the one out-of-sample cut ({winner_mean:.3f} vs "
                             "{runner_up} {runner_up_mean:.3f}; one cut gives no spread to weigh the lead against).",
    "why.house_tie.one_cut": "{winner} ships: {best} had the best AUC at the one out-of-sample cut ({best_mean:.3f} "
                             "vs {winner_mean:.3f}), a lead under {min_margin:.3f}, too small to count, and an "
                             "alternative replaces {winner} only when it beats it.",
    "why.lead.decisive": "a lead beyond the spread across cuts",
    "why.lead.tie": "a lead within the spread across cuts (a tie)",
    # what a training or backtest run says when it is done
    "decay.eval_sample": "Verdict judged on a sample: at each evaluation cut at most {pairs:,} customer-category "
                         "pairs are scored, {share:.0%} of the customers at the smallest share; the shipped "
                         "score covers every customer",
    "decay.fit_sample": "Half-lives fitted on a sample: at most {buyers:,} buyers per category, in the {sampled} of "
                        "{categories} categories that have more; every buyer is scored with them",
    "decay.no_verdict": "Too little history for an out-of-sample verdict: the decay model's lapse probability "
                        "is shipped.",
    # runs before session 37 stored this one (their summaries are rendered from it)
    "decay.trained": "{categories:,} categories, median half-life {half_life:.0f} days, {pairs:,} pairs scored. "
                     "{verdict}",
    "decay.trained.at_risk": "{categories:,} categories, median half-life {half_life:.0f} days, {pairs:,} pairs "
                             "scored; {at_risk:,} of {customers:,} customers likely (≥50%) to lapse from their main "
                             "category. {verdict}",
    "decay.trained.at_risk.one_category": "{categories} category, median half-life {half_life:.0f} days, {pairs:,} "
                                          "pairs scored; {at_risk:,} of {customers:,} customers likely (≥50%) to "
                                          "lapse from it. {verdict}",
    "decay.backtest": "lapse AUC {auc:.3f} vs recency {recency_auc:.3f} ({pairs:,} customer-category pairs, "
                      "{lapsed:.0%} lapsed)",
    "customers.no_backtest": "Too little history for a backtest: the BG/NBD baseline is shipped untested.",
    # past cuts there were, but none of their customers bought again (a shop of one-off buyers)
    "customers.no_repeat_buyers": "No customer bought again in the {weeks} weeks after any past cut: nothing to "
                                  "judge the predictions on, so the BG/NBD baseline is shipped untested.",
    "customers.scored": "{n:,} customers scored by {winner}",
    "customers.scored.verdict": "{n:,} customers scored by {winner} — {verdict}",
    "customers.candidate.fewer_cuts": "{line} (at {k} of the {n} cuts)",
    "customers.backtest": "{head} · after {date}: AUC {auc:.3f}",
    "customers.shipped": "Shipped: {winner}. {verdict}",
    "customers.candidate": "{label}: AUC {auc:.3f}, spend Spearman {spearman:.3f}, total spend error "
                           "{spend_error:+.1%}",
    "customers.calibrated": "Probabilities calibrated at {date} (a Platt layer, a = {a:.2f}, b = {b:.2f}): there the "
                            "model said {mean_p:.1%} on average and {bought:.1%} bought again in the {weeks} weeks "
                            "after",
    "customers.check.sample": "Backtest checked on a sample: predicted vs actual at {date} counts {n:,} of "
                              "its {total:,} customers",
    "train.all_done": "All models trained",
    "train.skipped": "Trained {trained}; skipped {skips}",
    "train.skip": "{models} ({reason})",
    "segments.trained": "{n:,} customers in {k} interest clusters (silhouette {silhouette:.3f}, agreement "
                        "across seeds {stability:.2f})",
    # a shop of one category has one cluster
    "segments.trained.one_cluster": "{n:,} customers in {k} interest cluster (silhouette {silhouette:.3f}, "
                                    "agreement across seeds {stability:.2f})",
    "segments.trained.tiers": "{n:,} customers in tiers; {reason}",
    "transfer.calibrated": "Calibrated on the customers who were new at {cuts}: their pairs were given {mean_p:.1%} on "
                           "average, and {rate:.1%} of them happened.",
    "transfer.trained": "{cold:,} cold-start customers scored from {reference:,} established customers like them",
    "transfer.trained.verdict": "{cold:,} cold-start customers scored by {winner}, from {reference:,} established "
                                "customers — {verdict}",
    # why the segments model chose its number of clusters (engine/models/segments/clusters.py)
    "k.one_cluster": "one cluster: fewer than three customers with distinct category mixes",
    "k.unstable": "k = {k}: no k was stable across seeds (adjusted Rand ≥ {stability:.2f}); the most stable one",
    "k.best": "k = {k}: the fewest clusters whose silhouette is within {tolerance:g} of the best ({top:.3f}) "
              "{what}",
    "k.among_usable": "among the usable k from {k_min} to {k_max} (every cluster ≥ {share:.0%} of customers, "
                      "adjusted Rand ≥ {stability:.2f} across {seeds} seeds)",
    "k.among_stable": "among the stable k (adjusted Rand ≥ {stability:.2f}): no k kept every cluster ≥ "
                      "{share:.0%} of customers (a small group stands apart)",
    # interest cluster names (engine/models/segments/labels.py): the categories are data, the rest is text
    "cluster.regulars": "{categories} regulars",
    "cluster.shoppers": "{categories} shoppers",
    "cluster.mixed": "Mixed interests",
    "cluster.plus": "{label} (+ {extra})",
    "cluster.numbered": "{label} {n}",
    # product groups when the shop has no category column (engine/catalog/derive.py)
    "groups.derived": "No category column: {items:,} products grouped into {groups:,} groups by their {how}.",
    "groups.how.names": "names",
    "groups.how.baskets": "baskets",
    "groups.how.names_baskets": "names and baskets",
    "groups.how.purchases": "purchases",
    "groups.no_items": "No category column, and no item ids or names: there are no product groups, so the "
                       "category models (interest clusters, decay, migration, transfer) have nothing to work on; "
                       "tiers and the Customers page need none.",
    "groups.pending": "No category column: {items:,} products are not grouped yet. Use Group products to "
                      "group them by their names and baskets.",
    "groups.catalog": "Categories from an imported catalog: {items:,} products in {groups:,} categories.",
    "groups.catalog_derived": "Categories from an imported catalog: {catalog_items:,} products in {catalog_groups:,} "
                              "categories; {items:,} products it does not name grouped into {groups:,} groups by "
                              "their {how}.",
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
    "migration.too_few_buyers": "Migration learns from categories that {min_buyers} or more customers bought; no "
                                "category of this shop had that many buyers before a past cut",
    "migration.needs_categories": "Migration needs purchases in at least two categories",
    "migration.too_many_categories": "Migration learns at most {limit:,} categories (max_categories: the moves "
                                     "between every two of them are held in memory); this shop's history has "
                                     "{categories:,}. Import it with a broader column as its category (a department, "
                                     "a category path), or raise max_categories where memory allows",
    "migration.no_shifts": "Migration learns from customers who began buying a category new to them; at no past cut "
                           "did a customer of this shop do so in the {weeks} weeks after it",
    "decay.needs_history": "Too little history before {as_of}: the decay fit needs at least {weeks} weeks",
    "decay.too_many_categories": "Decay fits at most {limit:,} categories (max_categories: each has a fit of its "
                                 "own at every cut); this shop's history has {categories:,}. Import it with a "
                                 "broader column as its category (a department, a category path), or raise "
                                 "max_categories and allow the time",
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
    "run.out_of_memory": "This model needs more memory than DuckDB's limit ({limit}) on this data: raise the "
                         "memory limit in Settings and train again",
    # projects and files
    "project.missing": "No project at {path}",
    "data.busy": "A job is using the shop's data (a model being trained, an import, a removal or grouping): "
                 "try again when it has finished",
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
    "export.permission": "Cannot write {name}: the folder {folder} cannot be written to (permission denied); choose another",
    "export.disk_full": "No space left on the disk that holds {folder}: {name} was not written",
    "export.failed": "Cannot write {name}: {detail}",
    "campaign.bad_suffix": "Cannot write {name}: campaign lists are exported as .csv or .xlsx",
    "campaign.no_scores": "No shift scores yet: train the migration model first",
    "campaign.needs_segments": "Tier and cluster filters need a segments run: train the segments model",
    "campaign.needs_decay": "The lapse risk filter needs a decay run: train the decay model",
    "campaign.choose_category": "Choose a target category",
    "campaign.unknown_target": "Unknown target {target}: choose a category, {choices}",
    "campaign.unknown_attribute": "Unknown customer attribute {name}: choose from {choices}",
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
    "uplift.sentence.bought": "{window}: {shifted_target} of {n_target} targets bought ({rate_target:.1f}%) vs "
                              "{shifted_control} of {n_control} in control ({rate_control:.1f}%). Uplift "
                              "{uplift:+.1f} points, 95% CI {ci_low:+.1f} to {ci_high:+.1f} points: {verdict}.",
    "uplift.verdict.positive": "the campaign made a difference",
    "uplift.verdict.negative": "worse than no message",
    "uplift.verdict.unclear": "not distinguishable from no effect yet",
    # the migration model card (engine/models/migration/results.py)
    "card.as_of": "As of",
    "card.evaluated_on": "Evaluated on",
    "card.evaluated_on.text": "out of sample, the {weeks} weeks after each of {n} cuts ({cuts}); each fitted "
                              "only on earlier cuts",
    "card.evaluated_on.text.one": "out of sample, the {weeks} weeks after one cut ({cuts}); fitted only on earlier "
                                  "cuts (one cut: no spread across cuts)",
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
    # imports: why a file cannot be imported (engine/ingest)
    "import.no_file": "{name}: no such file",
    "import.empty": "{name} is empty (0 bytes)",
    "import.office_not_workbook": "{name} is an Office file but not a workbook: save it as .xlsx or CSV",
    "import.binary": "{name} is not a text table (it looks like a binary file)",
    "import.blank": "{name} has no rows (only blank lines)",
    "import.header_only": "{name} has a header but no data rows",
    "import.bad_parquet": "{name} is not a readable Parquet file ({detail})",
    "import.no_rows": "{name} has columns but no rows",
    "import.no_data_rows": "{name} has no data rows",
    "import.unpacks_too_big": "{name} unpacks to more than {limit}, the most one import may unpack",
    "import.bad_gzip": "{name} is not a readable gzip file ({detail})",
    "import.zip.none": "holds no CSV file",
    "import.zip.many": "holds {n} CSV files ({names}…)",
    "import.zip_tables": "{name} is a zip archive that {what}: import a zip with one table, or unzip it and "
                         "import the files",
    "import.bad_zip": "{name} is not a readable zip archive ({detail})",
    "import.bad_workbook": "{name} is not a readable workbook ({detail})",
    "import.sheet_rows": "{name}: its sheet has {rows:,} rows, more than the {limit:,} an Excel sheet can hold",
    "import.sheet_rows_over": "{name}: its sheet has more than the {limit:,} rows an Excel sheet can hold",
    "import.workbook_empty": "{name}: the workbook has no filled cells",
    "import.shared_strings_too_big": "{name}: its text cells unpack to {mb:,.0f} MB, more than the {limit} an "
                                     "import may hold",
    "import.sheet_too_big": "{name}: its sheet unpacks to {gb:,.1f} GB, more than the {limit} an import may unpack",
    "import.bad_mapping": "The mapping is not valid: {detail}",
    "import.no_column.customer_id": "no column for the customer",
    "import.no_column.ts": "no column for the time",
    "import.no_column.customer_id_ts": "no column for the customer and the time",
    "import.unknown_encoding": "there is no text encoding called {encoding!r} (try utf-8, gb18030, big5, cp932, "
                               "cp949 or cp1252)",
    "import.removed": "{name} removed: {events:,} events",
    "import.removed.groups": "{removed}. {groups}",
    "import.remove.none": "There is no import {import_id} in this project",
    "import.remove.none_named": "No import of this project is of a file called {name}",
    "import.remove.overlapped": "{name} cannot be removed before {later}: rows of theirs that {name} already held "
                                "were skipped as duplicates and would be lost with it. Remove {later} first.",
    "import.one_column": "{name}: every line reads as one column: its values are not separated by a comma, a "
                         "semicolon, a tab or |. Save it with its columns so separated (as CSV) and import it again.",
    "import.not_format": "it does not look like a {format} export",
    "import.unrecognised": "the format is not recognised",
    "import.needs_mapping": "{name}: {what}. Choose the columns in the mapping dialog (or pass --mapping FILE.json).",
    "import.mapping_absent": "the mapping names columns the file does not have: {columns}",
    "import.mapping_missing": "the mapping has no column for {roles}",
    "import.file_problem": "{name}: {problem}",
    "import.rolled_back": "{name}: not imported, since another file of this import failed",
    "import.nothing_readable": "{name}: none of its {rows:,} rows could be read (most common problem: {problem})",
    "import.unknown": "unknown",
    "import.all_known": "every readable row was already in the project; nothing added",
    "import.all_known.rejects": "every readable row was already in the project; nothing added; see the rejected "
                                "rows of import {import_id}",
    "import.see_rejects": "see the rejected rows of import {import_id}",
    "import.already": "{name} was already imported; nothing changed (to read it again otherwise, remove import "
                      "{import_id} first)",
    "import.choose_columns": "Choose a column for: {roles}",
    "import.files": "{first}; {rest}",
    # what an import did (engine/ingest/result.py)
    "import.result": "{name}: {format}, {parts}",
    "import.result.orders_given": "the buyers and times of {orders:,} orders, read with the lines of {lines}",
    "import.result.orders_given.one": "the buyer and time of {orders:,} order, read with the lines of {lines}",
    "import.lines_without_orders": "{name}: its order lines have no buyer and no time; they are in the shop's "
                                   "order report (订单报表, ExportOrderList): import both files together",
    "import.orders_imported_alone": "{name} was imported alone before (import {import_id}), an event per order "
                                    "with its titles joined; its lines would count each order again: remove "
                                    "import {import_id} first, then import both files together",
    "import.order_report_alone": "{name} is Taobao's order report: each order landed as one line whose product is "
                                 "its titles joined ({column}); import it together with its 宝贝报表 "
                                 "(ExportOrderDetailList) for each line's own product",
    "import.result.rows": "{rows:,} rows imported",
    "import.result.rows.one": "{rows:,} row imported",
    "import.result.listed.customer_list": "{rows:,} customers' attributes imported",
    "import.result.listed.customer_list.one": "{rows:,} customer's attributes imported",
    "import.result.listed.product_catalog": "{rows:,} products' categories imported",
    "import.result.listed.product_catalog.one": "{rows:,} product's category imported",
    "import.result.rejected": "{rows:,} rejected",
    "import.result.duplicate": "{rows:,} already in the project",
    "import.result.skipped": "{rows:,} left out (cancelled, non-shopping or totals rows)",
    "import.result.shared": "{column} held each order's total on every line: shared out over the lines of "
                            "{orders:,} orders",
    "import.result.sheet": "read from the sheet '{sheet}', not the first (a cover: a title and totals, or empty)",
    "import.result.unpacked": "{column} packed each order's items in one cell: read as a line per item",
    "import.result.category_names": "categories written as numbers in {ids} are named by {names} where it names "
                                    "them",
    "import.result.priced": "{column} holds each order's total on its every line: each line's amount is its {price} "
                            "times its quantity",
    "import.result.unread_amounts": "{column} holds no number on {rows:,} lines (such as '{example}'): they count "
                                    "without spend",
    "import.result.unread_amounts.one": "{column} holds no number on one line ('{example}'): it counts without spend",
    "import.result.unread_amounts.bare": "{column} holds no number on {rows:,} lines: they count without spend",
    "import.result.unread_amounts.bare.one": "{column} holds no number on one line: it counts without spend",
    "import.result.other_currency": "{rows:,} lines are in another currency than {currency} (such as {others}): they "
                                    "count without spend (no exchange rate was given)",
    "import.result.other_currency.one": "one line is in another currency than {currency} ({others}): it counts "
                                        "without spend (no exchange rate was given)",
    "import.result.other_currency.bare": "{rows:,} lines are in another currency than {currency}: they count "
                                         "without spend (no exchange rate was given)",
    "import.result.other_currency.bare.one": "one line is in another currency than {currency}: it counts without "
                                             "spend (no exchange rate was given)",
    "import.result.converted": "amounts in other currencies converted to {currency} at the rates given ({rates})",
    "import.result.future": "{rows:,} lines are dated after today (the latest {latest}): check how the time column "
                            "was read (File ▸ Import and choose columns, or a mapping's ts_format)",
    "import.result.future.one": "one line is dated after today ({latest}): check how the time column was read "
                                "(File ▸ Import and choose columns, or a mapping's ts_format)",
    "import.result.early": "{rows:,} lines are dated before 1995 (the earliest {earliest}): check how the time "
                           "column was read (File ▸ Import and choose columns, or a mapping's ts_format)",
    "import.result.early.one": "one line is dated before 1995 ({earliest}): check how the time column was read "
                               "(File ▸ Import and choose columns, or a mapping's ts_format)",
    "import.result.groups": "{result}. {groups}",
    "import.result.warning": "{result}. {warning}",
    "import.masked_ids": "The customer column ({column}) holds masked ids ({example}, {share:.0%} of the first "
                         "rows): buyers whose masked ids match count as one customer. Map a column that "
                         "identifies each buyer, such as a buyer id or account, if the export has one",
    "import.scientific_ids": "The {column} column holds numbers Excel wrote in scientific notation ({example}): "
                             "their last digits are lost, so different ids read as one. Export the file again and "
                             "import it without saving it in Excel (or save that column as text)",
    "import.one_customer": "The customer column ({column}) holds one value ({example}) on all of the first {rows:,} "
                            "rows: every buyer would count as one customer. Map the column that identifies each "
                            "buyer",
    "import.result.already": "{name}: already imported (import {import_id}), nothing changed; to read it again "
                             "otherwise, remove that import first",
    "groups.cancelled": "Products not grouped (cancelled): the Data page can group them later.",
    # why a row was rejected (stored in English; engine/ingest/reasons.py reads it back)
    "reject.too_many_fields": "too many fields",
    "reject.too_few_fields": "too few fields",
    "reject.stray_quote": "stray quote",
    "reject.line_too_long": "line too long",
    "reject.invalid_characters": "invalid characters",
    "reject.no_customer": "no customer id",
    "reject.no_time": "no time",
    "reject.no_order": "its order is in no orders' file of the import",
    "reject.kind.bad_time": "unreadable time",
    "reject.kind.bad_event": "unknown event type",
    "reject.kind.bad_quantity": "unreadable quantity",
    "reject.bad_time": "unreadable time '{value}'",
    "reject.bad_event": "unknown event type '{value}'",
    "reject.bad_quantity": "unreadable quantity '{value}'",
    "reject.formula": "formula without a value (cell {cell})",
    "reject.long_cell": "a cell longer than Excel's {limit:,} characters",
    "reject.long_row": "row longer than {limit} (the most one row may hold)",
    # progress of long jobs
    "progress.checking": "Checking {name}",
    "progress.removing": "Removing {name}…",
    "progress.reading": "Reading {name}",
    "progress.saving": "Saving",
    "progress.demo_ready": "Demo project ready",
    "progress.counting": "Counting",
    "progress.n_customers": "{n:,} customers",
    "progress.saved": "Saved {name}",
    "progress.measured": "Measured {name}",
    "progress.building_list": "Building the list",
    "progress.item_categories": "Updating item categories",
    "progress.checking_rows": "Checking rows",
    "progress.attributes": "Customer attributes",
    "progress.already_imported": "{name} was already imported",
    "progress.grouping.items": "Grouping products: reading items",
    "progress.grouping.saving": "Grouping products: saving the groups",
    "progress.grouping.done": "Products grouped",
    "progress.waiting.models": "Waiting for the models being trained to finish (they read the shop's data as it is)",
    "progress.waiting.change": "Waiting for the import, removal or grouping under way to finish",
    "progress.step": "{model} ({i}/{n})",
    "progress.step_done": "{step}: done",
    "progress.step_message": "{step}: {message}",
    "progress.grouping.names": "Reading product names",
    "progress.grouping.baskets": "Reading baskets",
    "progress.grouping.n": "Grouping {n:,} products",
    "progress.grouping.naming": "Naming the groups",
    "progress.export.writing": "Writing {name}",
    "progress.export.wrote": "Wrote {rows:,} rows to {name}",
    "progress.export.rows": "Writing rows",
    "progress.loading": "Loading {name}",
    "progress.libraries_ready": "Model libraries ready",
    "progress.segments.features": "Building customer features",
    "progress.segments.tiers": "Cutting tiers",
    "progress.segments.earlier": "Comparing with an earlier period",
    "progress.segments.choosing": "Choosing the number of clusters",
    "progress.segments.tried": "Tried {k} clusters (silhouette {silhouette:.3f}, agreement across seeds {stability:.2f}, smallest {share:.1%})",
    "progress.segments.assigning": "Assigning customers to clusters",
    "progress.segments.saving": "Saving the segments",
    "progress.segments.saved": "Segments saved",
    "progress.segments.tiers_saved": "Tiers saved (no categories to cluster)",
    "progress.customers.saving": "Saving the customer predictions",
    "progress.customers.saved": "Customer predictions saved",
    "progress.customers.backtest_done": "Customer backtest done",
    "progress.customers.orders": "Collecting orders",
    "progress.customers.summarising": "Summarising customers at {n} cuts",
    "progress.customers.cut": "Backtest at {date} (cut {i} of {n})",
    "progress.customers.scoring": "Scoring every customer as of the as-of date",
    "progress.customers.scored": "Scored and saved {n:,} customers",
    "progress.migration.fitting": "Fitting the shipped score ({winner}) on every labelled cut",
    "progress.migration.writing": "Writing the shift scores",
    "progress.migration.cut_fitting": "Backtest at cut {date}: fitting on earlier cuts",
    "progress.migration.cut_done": "Backtest at cut {date} done",
    "progress.migration.pairs": "Building candidate pairs and their features (SQL)",
    "progress.migration.graph": "Transitions, neighbours and co-purchase scores",
    "progress.migration.sequences": "Weekly category sequences for the LSTM",
    "progress.backtest_done": "Backtest done",
    "progress.decay.calibrating": "Calibrating lapse probabilities",
    "progress.decay.scoring": "Scoring interest, lapse risk and decay points",
    "progress.decay.fitted": "Decay fitted for {n} categories",
    "progress.decay.comparing": "Comparing with what happened next",
    "progress.decay.fitting": "Fitting {category} ({i} of {n})",
    "progress.decay.half_life": "{category}: half-life {days:.0f} days",
    "progress.decay.lapse_features": "Lapse features of the candidates",
    "progress.decay.lapse_training": "Training the lapse candidates on {n:,} pairs",
    "progress.decay.lapse_scoring": "Scoring the lapse candidates",
    "progress.transfer.established": "Describing established customers by their first weeks",
    "progress.transfer.measuring": "Measuring on held-out established customers",
    "progress.transfer.cold": "Describing cold-start customers",
    "progress.transfer.scoring": "Scoring cold-start customers from customers like them",
    "progress.transfer.scoring_part": "Scoring cold-start customers from customers like them ({done:,} of {n:,})",
    "progress.transfer.done": "Transfer done",
    "progress.demo.generated": "Generated {done:,} of {n:,} customers",
    # why a customer is expected to shift (composed in SQL: engine/models/migration/reasons.py)
    "reason.viewed": "viewed {category} {views}× in the last 3 weeks",
    "reason.bought_from": "bought {from_category} {buys}× in the last {weeks} weeks",
    "reason.movers": "customers moving from {from_category} enter {category} {lift:.1f}× as often as others",
    "reason.bought_before": "bought {category} {times}× before, last {weeks_ago} weeks ago",
    "reason.no_signal": "no personal signal: ranked by how often customers like this enter {category}",
    "reason.separator": "; ",
    "reason.transfer.visitor": "New visitor (no purchase yet): {why}",
    "reason.transfer.customer": "New customer ({n} purchases so far): {why}",
    "reason.transfer.customer.one": "New customer ({n} purchase so far): {why}",
    "reason.transfer.lift": "customers like them (profile, first purchases) went on to buy {category} {lift:.1f}× "
                            "as often as average",
    "reason.transfer.little": "little history yet; ranked by what customers like them buy",
    "reason.transfer.popular": "little history yet; ranked by what new customers most often go on to buy",
    "reason.customer": "buys again with p {p:.2f}; expected spend {spend:.2f}; {orders} orders, last {last}",
    # what a customers run could not do (engine/models/customers)
    "customers.note.no_earlier_cut": "no earlier cut to learn from",
    "customers.note.one_outcome": "the training cuts have only one outcome (everyone or no one bought again)",
    "customers.note.at_cut": "{date}: {note}",
    "customers.note.not_fitted": "{label} won the backtest but could not be fitted as of the as-of date",
    # campaigns and settings that cannot be taken as given
    "campaign.bad_control": "The control fraction must be at least 0 and below 1 (e.g. 0.1 for 10%)",
    "campaign.bad_size": "The list size must be at least 1",
    "campaign.bad_min_score": "The minimum score is a probability between 0 and 1",
    "campaign.bad_minimum_lapse": "The minimum lapse risk is a probability between 0 and 1",
    "campaign.bad_maximum_lapse": "The maximum lapse risk is a probability between 0 and 1",
    "campaign.bad_recent_days": "Days since the last purchase cannot be negative",
    "campaign.bad_window": "The measurement window must be at least one week",
    "campaign.empty": "No customer passes these filters: nothing to save",
    "campaign.missing": "No campaign {id} in this project",
    "campaign.bad_status": "Unknown campaign status {status}",
    "settings.bad_period": "The period must be one of {choices}; {value} is not",
    "settings.bad_lookback": "L (look-back) must be between 1 and {max} weeks; {value} is not",
    "settings.bad_horizon": "H (horizon) must be between 1 and {max} weeks; {value} is not",
    "settings.bad_memory_size": "The memory limit {value} is not a size like 4GB or 512MB",
    "settings.bad_memory": "The memory limit must be between {low} and {high} (this machine's memory); {value} is not",
    "settings.bad_threads": "Threads must be between 1 and {max} (this machine's cores); {value} is not",
    # what repairing a damaged journal did (engine/store/repair.py)
    "repair.nothing": "{name} opens as it is: nothing to repair",
    "repair.set_aside": "Set the damaged journal aside as {journal} ({bytes:,} bytes)",
    "repair.opens": "{name} now opens as it was last saved",
    "repair.lost": "Lost with the journal: changes to {what}",
    "repair.import_again": "Import these files again: {files}",
    "repair.unknown": "What the journal held cannot be told from it",
    "repair.what.imports": "imports",
    "repair.what.events": "imported events",
    "repair.what.customer_attributes": "customer attributes",
    "repair.what.model_runs": "model runs",
    "repair.what.campaigns": "campaigns",
    "repair.what.saved_mappings": "saved column mappings",
    # a list parameter's items are joined with this
    "list.separator": ", ",
}

TEMPLATES.update({f"term:{t}": t for t in TERMS})
