"""The engine's messages: English by str(), ids and raw parameters for the GUI to translate, and a
complete Chinese catalog with the same placeholders (checked here without Qt)."""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import pytest

from engine.evaluation.verdict import describe, judge
from engine.messages import TEMPLATES, Message, message_of, msg, placeholders, render, stored, term, with_message
from engine.store.errors import ProjectError

ROOT = Path(__file__).resolve().parents[2]
ZH = json.loads((ROOT / "resources" / "i18n" / "engine_zh_CN.json").read_text(encoding="utf-8"))


def test_every_template_has_a_chinese_translation_with_the_same_placeholders():
    assert set(ZH) == set(TEMPLATES)
    for key, template in TEMPLATES.items():
        assert ZH[key].strip(), key
        assert placeholders(ZH[key]) == placeholders(template), key
        # the format specs too: a translation must not change how a number is written
        assert sorted(_fields(ZH[key])) == sorted(_fields(template)), key


def test_no_two_ids_share_an_english_template():
    """Qt translates by source text: two ids with one text could not be translated apart."""
    assert len(set(TEMPLATES.values())) == len(TEMPLATES)


def test_the_ts_file_is_generated_from_the_catalog():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import engine_messages_ts
    finally:
        sys.path.remove(str(ROOT / "tools"))
    ts = (ROOT / "resources" / "i18n" / "engine_zh_CN.ts").read_text(encoding="utf-8")
    assert ts == engine_messages_ts.ts_text("zh_CN"), "run python tools/engine_messages_ts.py"
    assert 'type="unfinished"' not in ts
    assert (ROOT / "resources" / "i18n" / "engine_zh_CN.qm").stat().st_size > 0


def test_the_verdict_sentence_reads_as_before_in_english():
    v = judge({"lstm": [0.80, 0.81, 0.79], "gbm": [0.75, 0.76, 0.74]}, house="lstm", metric="auc",
              cuts=["a", "b", "c"])
    m = describe(v, {"lstm": "LSTM (this model)"})
    assert isinstance(m, Message) and m.id == "verdict.beats"
    assert str(m) == ("LSTM (this model) beats the best alternative (gbm), out of sample at 3 cuts: "
                      "AUC 0.800 vs 0.750 (spread ±0.000). Shipped score: LSTM (this model).")
    one = judge({"a": [0.7], "b": [0.7]}, house="a", metric="auc", cuts=["x"])
    assert "ties the best alternative" in str(describe(one)) and "at 1 cut:" in str(describe(one))


def test_parameters_stay_raw_and_a_message_survives_json():
    m = msg("uplift.window.partial", observed=1.4285714, weeks=4)
    assert m.params["observed"] == 1.4285714 and str(m) == "1.4 of 4 weeks observed"
    nested = msg("customers.shipped", winner=term("gradient boosting"), verdict=m)
    back = Message.from_dict(json.loads(json.dumps(nested.to_dict())))
    assert back == nested and str(back) == "Shipped: gradient boosting. 1.4 of 4 weeks observed"
    assert with_message("verdict", nested) == {"verdict": str(nested), "verdict_message": nested.to_dict()}
    assert stored("old English text", None) == "old English text"
    assert stored("x", {"id": "gone.from.catalog", "params": {}}) == "x"
    assert stored("x", nested.to_dict()) == nested
    assert term("not a label") == "not a label"


def test_a_stored_message_whose_template_now_names_more_is_its_stored_text():
    # a run saved before a template named a new parameter: its English text, not an error on the Runs page
    old = {"id": "uplift.window.partial", "params": {"observed": 1.5}}
    assert stored("1.5 of 4 weeks observed", old) == "1.5 of 4 weeks observed"
    # the same inside another message
    inner = msg("customers.shipped", winner=term("gradient boosting"), verdict="x").to_dict()
    inner["params"]["verdict"] = old
    assert stored("as stored", inner) == "as stored"
    whole = msg("customers.shipped", winner=term("gradient boosting"), verdict=msg("uplift.window.partial",
                                                                                   observed=1.5, weeks=4))
    assert stored("as stored", whole.to_dict()) == whole


def test_an_unknown_id_is_refused():
    with pytest.raises(KeyError):
        msg("no.such.message")


def test_a_project_error_carries_its_message_and_reads_in_english():
    exc = ProjectError(msg("project.locked", name="shop.shiftwise"))
    assert str(exc) == "shop.shiftwise is open in another program. Close it there first."
    assert message_of(exc) == msg("project.locked", name="shop.shiftwise")
    plain = ProjectError("A plain sentence")
    assert str(plain) == "A plain sentence" and message_of(plain) == "A plain sentence"
    # exceptions cross process and thread boundaries: pickling keeps the English text
    assert str(pickle.loads(pickle.dumps(exc))) == str(exc)


def test_render_takes_a_translation_and_a_number_format():
    m = msg("export.too_many_rows", rows=1_234_567)
    assert str(m) == "1,234,567 rows do not fit in one Excel sheet; export to CSV or Parquet"
    text = render(m, template=lambda t: ZH[next(k for k, v in TEMPLATES.items() if v == t)],
                  number=lambda v, spec: f"<{v}|{spec}>")
    assert text.startswith("<1234567|,> 行")


def _fields(template: str) -> list[tuple[str, str]]:
    import string
    return [(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name is not None]


def test_a_list_parameter_joins_its_items():
    m = msg("categories.refused", models=[term("decay"), term("migration")], reason=msg("categories.none"))
    assert str(m).startswith("decay, migration: the shop has no categories")
    assert Message.from_dict(json.loads(json.dumps(m.to_dict()))) == m


def test_every_candidate_label_a_verdict_names_is_translatable():
    from engine.models.baselines.pair_models import PAIR_LABELS
    from engine.models.customers.candidates import LABELS as CUSTOMER_LABELS
    from engine.models.decay.candidates import LABELS as DECAY_LABELS
    from engine.models.registry import SPECS

    for label in [*PAIR_LABELS.values(), *CUSTOMER_LABELS.values(), *DECAY_LABELS.values(), *SPECS]:
        assert isinstance(term(label), Message), label


def test_numpy_numbers_are_formatted_as_numbers():
    import numpy as np

    assert str(msg("export.too_many_rows", rows=np.int64(1_234_567))).startswith("1,234,567 rows")
    assert str(msg("card.seconds", seconds=np.float32(41.6))) == "42 s"
