"""Every model run, newest first, as the Runs page lists them; one run's record; the metrics over runs."""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from itertools import groupby

from engine.messages import TEMPLATES, Message, sql_format, stored
from engine.read.paged_query import PagedQuery
from engine.store.project import Project
from engine.store.runs import RunInfo, get_run

def lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_NUMBER_JSON = "('DOUBLE', 'BIGINT', 'UBIGINT')"
#: Runs made before runs kept their summary, and whose metrics hold no sentence (segments,
#: transfer): by kind, the figures present, the template and where its parameters are kept.
_OLDER = {
    "segments": (f"json_type(metrics_json, '$.silhouette') IN {_NUMBER_JSON}", "segments.trained",
                 {"n": "$.n_customers", "k": "$.k", "silhouette": "$.silhouette", "stability": "$.stability"}),
    "transfer": ("json_type(metrics_json, '$.cold_customers') IN ('BIGINT', 'UBIGINT')", "transfer.trained",
                 {"cold": "$.cold_customers", "reference": "$.reference_customers"}),
}


def _english_sql(template_id: str, paths: dict[str, str]) -> str:
    """SQL for a template's English sentence filled from ``metrics_json`` (what Message.text() gives):
    the table filter runs in SQL, so a summary that only a message holds must be text there too."""
    specs = {name: spec for _, name, spec, _ in string.Formatter().parse(TEMPLATES[template_id]) if name}
    args = [f"CAST(json_extract(metrics_json, {lit(paths[n])}) AS DOUBLE)" if specs[n].endswith(("f", "%"))
            else f"CAST(json_extract(metrics_json, {lit(paths[n])}) AS BIGINT)" if specs[n]
            else f"json_extract_string(metrics_json, {lit(paths[n])})" for n in specs]
    return f"format({sql_format(template_id, list(specs))}, {', '.join(args)})"


def _older(render: str) -> str:
    whens = []
    for kind, (test, template_id, paths) in _OLDER.items():
        if render == "message":
            params = ", ".join(f"{lit(k)}, json_extract(metrics_json, {lit(v)})" for k, v in paths.items())
            value = f"json_object('id', {lit(template_id)}, 'params', json_object({params}))"
        else:
            value = _english_sql(template_id, paths)
        whens.append(f"WHEN kind = {lit(kind)} AND {test} THEN {value}")
    return "CASE " + " ".join(whens) + " END"


#: An older segments or transfer run's summary: the message made from its figures, and its English.
_OLDER_SUMMARY = _older("message")
_OLDER_TEXT = _older("text")

#: ``summary`` is one readable line for every kind: a failed run's message, else what the run said
#: when it finished (kept since the Runs page reads it), else an older run's verdict sentence (a
#: customers run keeps its verdict as numbers: its sentence is ``verdict_text``).
#: ``summary_message`` is the same line as a message (JSON) for the GUI to translate; an older
#: segments or transfer run has only its figures, so both are made from them.
RUNS_SQL = f"""
    SELECT run_id AS run, kind, status, as_of, started_at AS started,
           CAST(round(duration_s, 1) AS DECIMAL(12, 1)) AS seconds, data_fingerprint AS data,
           coalesce(message, json_extract_string(metrics_json, '$.summary'),
                    CASE WHEN json_type(metrics_json, '$.verdict') = 'VARCHAR'
                         THEN json_extract_string(metrics_json, '$.verdict') END,
                    json_extract_string(metrics_json, '$.verdict_text'), {_OLDER_TEXT}, '') AS summary,
           CAST(CASE WHEN message IS NOT NULL THEN NULL
                     WHEN json_extract_string(metrics_json, '$.summary') IS NOT NULL
                     THEN json_extract(metrics_json, '$.summary_message')
                     WHEN json_type(metrics_json, '$.verdict') = 'VARCHAR'
                     THEN json_extract(metrics_json, '$.verdict_message')
                     ELSE coalesce(json_extract(metrics_json, '$.verdict_text_message'), {_OLDER_SUMMARY})
                END AS VARCHAR) AS summary_message
    FROM model_runs"""


def summary_of(text: str | None, message_json: str | None) -> Message | str:
    """A Runs row's summary: its message when the run kept one, else its text."""
    try:
        message = json.loads(message_json) if message_json else None
    except ValueError:
        message = None
    return stored(text, message)


def runs_query(project: Project) -> PagedQuery:
    query = PagedQuery(project, RUNS_SQL, filter_columns=["kind", "status", "summary"])
    query.set_sort("run", descending=True)
    return query


#: The shipped candidate's mean out-of-sample AUC, the figure a run's verdict reports (migration and its
#: backtest, decay, customers keep their AUC only there; transfer keeps its neighbours' AUC beside it, which is
#: not what shipped when popularity beat them). A verdict on another metric gives none.
_VERDICT_AUC = """
    coalesce(json_extract(metrics_json, '$.verdict_auc.means."' || json_extract_string(metrics_json,
                                                                                       '$.verdict_auc.winner') || '"'),
             json_extract(metrics_json, '$.lapse_verdict.means."' || json_extract_string(metrics_json,
                                                                                         '$.lapse_verdict.winner') || '"'),
             CASE WHEN json_type(metrics_json, '$.verdict') = 'OBJECT'
                       AND json_extract_string(metrics_json, '$.verdict.metric') = 'auc'
                  THEN json_extract(metrics_json, '$.verdict.means."' || json_extract_string(metrics_json,
                                                                                            '$.verdict.winner') || '"')
             END)"""

#: Every finished run's numeric top-level metrics, one row per run and metric key (SQL does the
#: JSON); "auc" is what shipped, from the run's verdict when it has one (:data:`_VERDICT_AUC`).
METRICS_SQL = f"""
    WITH runs AS (SELECT kind, run_id, started_at, metrics_json,
                         CASE WHEN json_type({_VERDICT_AUC}) IN {_NUMBER_JSON}
                              THEN TRY_CAST({_VERDICT_AUC} AS DOUBLE) END AS shipped_auc
                  FROM model_runs WHERE status = 'done' AND metrics_json IS NOT NULL)
    SELECT key, kind, run_id, started, value FROM (
        SELECT key, kind, run_id, epoch(started_at) AS started,
               TRY_CAST(json_extract(metrics_json, '$."' || key || '"') AS DOUBLE) AS value
        FROM (SELECT *, unnest(json_keys(metrics_json)) AS key FROM runs)
        WHERE json_type(metrics_json, '$."' || key || '"') IN {_NUMBER_JSON}
          AND NOT (key = 'auc' AND shipped_auc IS NOT NULL)
        UNION ALL
        SELECT 'auc', kind, run_id, epoch(started_at), shipped_auc FROM runs)
    WHERE value IS NOT NULL
    ORDER BY key, kind, run_id"""


@dataclass(frozen=True)
class MetricSeries:
    """One metric of one model over its finished runs, oldest first."""

    kind: str
    run_ids: tuple[int, ...]
    started: tuple[float, ...]      # seconds since the epoch
    values: tuple[float, ...]


def metric_history(project: Project) -> dict[str, list[MetricSeries]]:
    """By metric key (sorted): one series per model whose runs report that number."""
    out: dict[str, list[MetricSeries]] = {}
    rows = project.cursor().execute(METRICS_SQL).fetchall()
    for (key, kind), group in groupby(rows, key=lambda r: (r[0], r[1])):
        _k, _kind, run_ids, started, values = zip(*group)
        out.setdefault(key, []).append(MetricSeries(kind, tuple(int(r) for r in run_ids),
                                                    tuple(float(s) for s in started), tuple(values)))
    return out


def run_info(project: Project, run_id: int) -> RunInfo | None:
    return get_run(project, run_id)
