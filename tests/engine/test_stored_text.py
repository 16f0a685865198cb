"""Stored English reasons and cluster labels read back as the messages they were made from: the
display translates them, the stored value stays what filters and exports read."""

from __future__ import annotations

import duckdb

from engine.messages import Message
from engine.models.migration.reasons import reason_sql, transfer_reason_sql
from engine.models.segments.labels import label_message, name_cluster, unique_labels
from engine.read.stored_text import stored_reason


def _composed(sql: str, rows: str, columns: str) -> list[str]:
    return [r for (r,) in duckdb.connect().execute(f"SELECT {sql} FROM (VALUES {rows}) t({columns})").fetchall()]


def test_reasons_composed_in_sql_read_back_as_their_messages():
    reasons = _composed(transfer_reason_sql(), "('Baby & kids', 0, 2.345), ('Tea', 1, 1.0), ('Tea', 5, 1.5)",
                        "category, purchases, lift")
    reasons += _composed(reason_sql(8), "('Dairy', 3, 2.0, 4, 'Bakery', 3.0, 1.7), ('Dairy', 0, 0.0, NULL, NULL, NULL, NULL)",
                         "category, views_recent, bought_before, weeks_since_bought, from_category, from_buys, "
                         "transition_lift")
    parsed = [stored_reason(r) for r in reasons]
    assert all(isinstance(p, list) and all(isinstance(m, Message) for m in p) for p in parsed), parsed
    # each renders back to exactly what was stored
    assert ["; ".join(m.text() for m in p) for p in parsed] == reasons
    assert [m.id for m in parsed[0]] == ["reason.transfer.visitor"]
    assert parsed[0][0].params["why"].params == {"category": "Baby & kids", "lift": 2.3}
    assert [m.id for m in parsed[3]] == ["reason.viewed", "reason.bought_from", "reason.movers", "reason.bought_before"]
    # a lazy category does not swallow the parts before it
    assert parsed[3][-1].params["category"] == "Dairy"


def test_a_customer_reason_with_the_separator_in_it_and_unknown_text():
    text = "buys again with p 0.53; expected spend 12.40; 3 orders, last 2024-01-02"
    assert stored_reason(text) == [Message("reason.customer", {"p": 0.53, "spend": 12.4, "orders": "3",
                                                               "last": "2024-01-02"})]
    assert stored_reason("written by hand") == "written by hand"
    assert stored_reason(None) == ""


def test_cluster_labels_are_templates_around_category_names():
    made = name_cluster({"MATERNITY WEAR": 0.9, "B": 0.1}, {"MATERNITY WEAR": 0.3, "B": 0.7})
    assert made == "Maternity wear regulars"
    assert label_message(made) == Message("cluster.regulars", {"categories": "Maternity wear"})
    assert label_message(name_cluster({}, {})) == Message("cluster.mixed")
    twice = unique_labels(["Tea regulars", "Tea regulars"], [{"Tea": 0.8, "Coffee": 0.2}, {"Tea": 0.8}],
                          {"Tea": 0.5, "Coffee": 0.1})
    for label in twice:
        m = label_message(label)
        assert isinstance(m, Message) and m.text() == label
    numbered = label_message("Dairy & bakery shoppers (+ Tea) 2")
    assert numbered.id == "cluster.numbered" and numbered.params["label"].id == "cluster.plus"
    assert label_message("Cluster from an older version") == "Cluster from an older version"
