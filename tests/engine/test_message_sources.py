"""Engine text that used to be English fragments: import errors and reject reasons, progress,
shift and customer reasons composed in SQL, customers notes and the Runs summary line."""

from __future__ import annotations

import json

import duckdb
import pytest

from engine.ingest.errors import ImportError_
from engine.ingest.readers import open_source
from engine.ingest.reasons import reject_reason
from engine.messages import Message, msg, render, sql_format, with_message
from engine.models.migration.reasons import reason_sql, transfer_reason_sql
from engine.read.runs import runs_query, summary_of
from engine.store import create_project
from engine.store.runs import model_run, record_summary

ROWS = ("(VALUES ('Tea', 3, 2.0, 5, 'Coffee', 4.4, 1.53), ('Tea', 0, 0.0, NULL, NULL, NULL, NULL)) "
        "t(category, views_recent, bought_before, weeks_since_bought, from_category, from_buys, transition_lift)")


def _marked(template: str) -> str:
    """A stand-in translation: the English template, marked, so a test sees which text was used."""
    return "«" + template + "»"


def test_an_import_error_carries_its_message_and_reads_in_english(tmp_path):
    empty = tmp_path / "orders.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportError_) as info:
        open_source(empty)
    assert info.value.message == msg("import.empty", name="orders.csv")
    assert str(info.value) == "orders.csv is empty (0 bytes)"


@pytest.mark.parametrize("stored, key", [
    ("too many fields", "reject.too_many_fields"), ("no customer id", "reject.no_customer"),
    ("unreadable time 'yesterday'", "reject.bad_time"), ("unknown event type 'wish'", "reject.bad_event"),
    ("formula without a value (cell B7)", "reject.formula"),
    ("a cell longer than Excel's 32,767 characters", "reject.long_cell"),
    ("unreadable time", "reject.kind.bad_time"),
])
def test_a_stored_reject_reason_reads_back_as_its_message(stored, key):
    m = reject_reason(stored)
    assert isinstance(m, Message) and m.id == key and str(m) == stored
    assert reject_reason("a reason from an older version") == "a reason from an older version"


def test_sql_format_keeps_specs_orders_arguments_and_escapes_quotes():
    literal = sql_format("reason.movers", ("category", "from_category", "lift"))
    text = duckdb.sql(f"SELECT format({literal}, 'Tea''s', 'Coffee', 1.53)").fetchall()[0][0]
    assert text == str(msg("reason.movers", from_category="Coffee", category="Tea's", lift=1.53))
    # a translation may put the fields in another order and hold quotes and braces
    reordered = sql_format("reason.viewed", ("category", "views"), lambda _t: "{views}× '{{看}}' {category}")
    assert duckdb.sql(f"SELECT format({reordered}, 'Tea', 3)").fetchall()[0][0] == "3× '{看}' Tea"


def test_shift_reasons_are_the_catalog_sentences_in_english_and_in_a_translation():
    english = [r[0] for r in duckdb.sql(f"SELECT {reason_sql(8)} FROM {ROWS}").fetchall()]
    assert english[0] == "; ".join(str(m) for m in (
        msg("reason.viewed", category="Tea", views=3), msg("reason.bought_from", from_category="Coffee", buys=4, weeks=8),
        msg("reason.movers", from_category="Coffee", category="Tea", lift=1.53),
        msg("reason.bought_before", category="Tea", times=2, weeks_ago=5)))
    assert english[1] == str(msg("reason.no_signal", category="Tea"))
    marked = [r[0] for r in duckdb.sql(f"SELECT {reason_sql(8, _marked)} FROM {ROWS}").fetchall()]
    assert marked[1] == render(msg("reason.no_signal", category="Tea"), template=_marked)
    assert marked[0].startswith("«viewed Tea 3× in the last 3 weeks»«; »«bought Coffee 4×")


def test_transfer_and_customer_reasons_come_from_the_catalog():
    rows = "(VALUES ('Tea', 0, 2.0), ('Tea', 1, 1.0)) t(category, purchases, lift)"
    got = [r[0] for r in duckdb.sql(f"SELECT {transfer_reason_sql()} FROM {rows}").fetchall()]
    assert got == [str(msg("reason.transfer.visitor", why=msg("reason.transfer.lift", category="Tea", lift=2.0))),
                   "New customer (1 purchase so far): little history yet; ranked by what customers like them buy"]


def test_customers_notes_are_kept_as_messages_beside_their_english():
    from engine.models.customers.results import notes
    from engine.store.runs import RunInfo

    note = msg("customers.note.at_cut", date="2024-01-01", note=msg("customers.note.no_earlier_cut"))
    run = RunInfo(1, "customers", "done", None, {}, {"notes": [str(note), "an older plain note"],
                                                      "notes_messages": [note.to_dict(), "an older plain note"]},
                  None, None, None, None)
    assert notes(run) == [note, "an older plain note"]
    old = RunInfo(2, "customers", "done", None, {}, {"notes": ["2024-01-01: x"]}, None, None, None, None)
    assert notes(old) == ["2024-01-01: x"]


def test_the_runs_summary_is_one_readable_line_for_every_kind(tmp_path):
    """A customers run keeps its verdict as numbers: the summary is its sentence, never raw JSON."""
    verdict_text = msg("customers.no_backtest")
    with create_project(tmp_path / "p.shiftwise") as project:
        with model_run(project, "customers", as_of=None, params={}) as run:
            run.metrics.update({"verdict": {"winner": "bgnbd", "means": {"bgnbd": 0.7}},
                                **with_message("verdict_text", verdict_text)})
        customers = run.run_id
        with model_run(project, "decay", as_of=None, params={}) as run:
            run.metrics.update(with_message("verdict", msg("decay.no_verdict")))
        with model_run(project, "segments", as_of=None, params={}) as run:
            run.metrics.update({"k": 3})
        segments = run.run_id
        with model_run(project, "segments", as_of=None, params={}) as run:   # made before runs kept a summary
            run.metrics.update({"n_customers": 1200, "k": 3, "silhouette": 0.31, "stability": 0.9})
        older = run.run_id
        said = msg("segments.trained", n=1200, k=3, silhouette=0.31, stability=0.9)
        record_summary(project, segments, said)
        query = runs_query(project)
        rows = {r[0]: dict(zip(query.columns, r)) for r in query.fetch(0, 10)}
    assert rows[customers]["summary"] == str(verdict_text) and "{" not in rows[customers]["summary"]
    assert summary_of(rows[customers]["summary"], rows[customers]["summary_message"]) == verdict_text
    assert summary_of(rows[segments]["summary"], rows[segments]["summary_message"]) == said
    assert rows[segments]["summary"] == str(said)
    assert summary_of(rows[older]["summary"], rows[older]["summary_message"]) == said
    decay = next(r for r in rows.values() if r["kind"] == "decay")
    assert summary_of(decay["summary"], decay["summary_message"]) == msg("decay.no_verdict")


def test_the_runs_filter_finds_every_summary_in_sql_older_runs_too(tmp_path):
    """Older segments and transfer runs kept no sentence, only figures: the table showed a summary
    made from them but the filter (SQL over the stored text) never found it. Their English is made in
    SQL now, the same text the message renders; a plain-text summary of a run made before summaries
    were messages is found as before."""
    with create_project(tmp_path / "p.shiftwise") as project:
        with model_run(project, "segments", as_of=None, params={}) as run:
            run.metrics.update({"n_customers": 1200, "k": 3, "silhouette": 0.31, "stability": 0.9})
        segments = run.run_id
        with model_run(project, "transfer", as_of=None, params={}) as run:
            run.metrics.update({"cold_customers": 40, "reference_customers": 5000})
        transfer = run.run_id
        with model_run(project, "decay", as_of=None, params={}) as run:   # plain text, no message
            run.metrics.update({"summary": "Lapse model trained on 300 customers"})
        plain = run.run_id
        query = runs_query(project)
        rows = {r[0]: dict(zip(query.columns, r)) for r in query.fetch(0, 10)}

        def found(text: str) -> set[int]:
            query.set_filter(text)
            return {r[0] for r in query.fetch(0, 10)}

        assert found("interest clusters") == {segments} and found("1,200 silhouette") == {segments}
        assert found("cold-start 5,000") == {transfer}
        assert found("Lapse model") == {plain}
        assert found("customers") == {segments, transfer, plain}
    assert rows[segments]["summary"] == str(msg("segments.trained", n=1200, k=3, silhouette=0.31, stability=0.9))
    assert rows[transfer]["summary"] == str(msg("transfer.trained", cold=40, reference=5000))
    for row in (rows[segments], rows[transfer]):
        assert summary_of(row["summary"], row["summary_message"]).text() == row["summary"]
    assert summary_of(rows[plain]["summary"], rows[plain]["summary_message"]) == "Lapse model trained on 300 customers"


def test_training_through_the_registry_keeps_the_result_message(tmp_path, monkeypatch):
    from engine.models import registry
    from engine.models.base import TrainResult

    said = msg("transfer.trained", cold=5, reference=50)

    def fake_train(project, **_):
        with model_run(project, "transfer", as_of=None, params={}) as run:
            pass
        return TrainResult("transfer", run.run_id, {}, said)

    monkeypatch.setattr(registry, "load", lambda path, name: fake_train)
    with create_project(tmp_path / "p.shiftwise") as project:
        result = registry.spec("transfer").train_fn()(project)
        metrics = json.loads(project.query("SELECT metrics_json FROM model_runs WHERE run_id = ?",
                                           [result.run_id])[0][0])
    assert metrics["summary"] == str(said) and Message.from_dict(metrics["summary_message"]) == said

