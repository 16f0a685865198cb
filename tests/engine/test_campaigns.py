"""Campaign lists on a planted project: filters, suppressions, control groups, saving."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from engine.campaigns import (CampaignError, CampaignSpec, list_campaigns, model_sources, preview_sql,
                              preview_summary, save_campaign, set_status)
from engine.read.paged_query import PagedQuery
from engine.store import create_project

DATE = dt.datetime(2026, 6, 1)
N = 200
INJECTION = '=HYPERLINK("http://x","y")'
TIERS = ("heavy", "medium", "light")


def cid(i: int) -> str:
    return INJECTION if i == 0 else f"C{i:04d}"


def score(i: int) -> float:
    # distinct, decreasing in i: the top-N of the list is known
    return round(0.95 - i * 0.004, 6)


def insert(project, table: str, columns: str, rows: list[tuple]) -> None:
    """Bulk insert through Arrow: executemany is one round trip per row."""
    import pyarrow as pa

    names = [c.strip() for c in columns.split(",")]
    batch = pa.table({n: [r[k] for r in rows] for k, n in enumerate(names)})  # noqa: F841 (read by DuckDB)
    project.cursor().execute(f"INSERT INTO {table} ({columns}) SELECT * FROM batch")


def plant(project, *, segments: bool = True, decay: bool = True) -> None:
    """A small shop whose truth is known, with finished model runs written by hand.

    Customers 0..199 all have a Tea shift score (and a lower Coffee one).
    1..10 bought Tea in the 30 days before DATE (suppressed as recent);
    11..15 bought once and refunded it (suppressed as refund-only);
    tier = TIERS[i % 3], cluster = i % 2, lapse risk = (i % 10) / 10.
    """
    cur = project.cursor()
    import_id = cur.execute("SELECT nextval('import_id_seq')").fetchall()[0][0]
    cur.execute("INSERT INTO imports (import_id, file_name, content_hash, format) VALUES (?, 'planted', 'x', 'test')",
                [import_id])
    events = []
    for i in range(N):
        events.append((cid(i), DATE - dt.timedelta(days=100 + i % 20), "purchase", "Coffee", 1.0))
        if 1 <= i <= 10:
            events.append((cid(i), DATE - dt.timedelta(days=30), "purchase", "Tea", 1.0))
        if 11 <= i <= 15:
            events = [e for e in events if e[0] != cid(i)]
            events.append((cid(i), DATE - dt.timedelta(days=60), "purchase", "Coffee", 2.0))
            events.append((cid(i), DATE - dt.timedelta(days=55), "refund", "Coffee", -2.0))
    events.append(("LAST", DATE, "view", "Tea", 1.0))  # the data ends on the campaign date
    insert(project, "events", "customer_id, ts, event_type, category, quantity, import_id",
           [e + (import_id,) for e in events])
    insert(project, "customer_attributes", "customer_id, region, import_id",
           [(cid(i), "华东" if i % 2 else "-north", import_id) for i in range(N)])
    runs = [("migration", 10)] + ([("segments", 11)] if segments else []) + ([("decay", 12)] if decay else [])
    for kind, run_id in runs:
        cur.execute("INSERT INTO model_runs (run_id, kind, status, as_of) VALUES (?, ?, 'done', ?)",
                    [run_id, kind, DATE])
    cur.execute("INSERT INTO model_runs (run_id, kind, status, as_of) VALUES (13, 'migration', 'failed', ?)", [DATE])
    rows = []
    for i in range(N):
        rows.append((10, cid(i), "Tea", score(i), 1, f"buys Coffee; 喜欢茶 #{i}", "model"))
        rows.append((10, cid(i), "Coffee", score(i) / 2, 2, "habit", "model"))
        rows.append((13, cid(i), "Tea", 0.999, 1, "from a failed run", "model"))
    insert(project, "shift_scores", "run_id, customer_id, category, score, rank, reason, source", rows)
    if segments:
        insert(project, "segment_assignments", "run_id, customer_id, tier, cluster",
               [(11, cid(i), TIERS[i % 3], i % 2) for i in range(N)])
        cur.executemany("INSERT INTO segment_clusters (run_id, cluster, label, size, profile_json) "
                        "VALUES (11, ?, ?, 100, '{}')", [(0, "Tea lovers"), (1, "Mixed")])
    if decay:
        insert(project, "decay_scores", "run_id, customer_id, category, interest, half_life_days, lapse_probability",
               [(12, cid(i), "Coffee", 1.0, 30.0, (i % 10) / 10) for i in range(N)])


@pytest.fixture
def planted(tmp_path):
    project = create_project(tmp_path / "planted.shiftwise")
    plant(project)
    yield project
    project.close()


def rows_of(project, spec):
    sql, params = preview_sql(project, spec)
    q = PagedQuery(project, sql, params, default_sort="position")
    return q.columns, q.fetch(0, 10_000)


SUPPRESSED = set(range(1, 16))


def test_default_list_suppresses_recent_buyers_and_refund_only(planted):
    cols, rows = rows_of(planted, CampaignSpec("Tea", control_fraction=0.0))
    assert cols[:6] == ["position", "customer_id", "category", "score", "group", "reason"]
    assert [r[1] for r in rows] == [cid(i) for i in range(N) if i not in SUPPRESSED]
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert {r[4] for r in rows} == {"target"}
    assert rows[0][5] == "buys Coffee; 喜欢茶 #0"
    # the failed run's 0.999 scores are never used
    assert max(r[3] for r in rows) == pytest.approx(score(0))
    everyone = rows_of(planted, CampaignSpec("Tea", control_fraction=0.0, suppress_recent_days=None,
                                             suppress_refund_only=False))[1]
    assert len(everyone) == N


def test_filters_select_the_planted_customers(planted):
    keep = [i for i in range(N) if i not in SUPPRESSED]
    cases = [
        (dict(min_score=0.5), [i for i in keep if score(i) >= 0.5]),
        (dict(tiers=["heavy", "light"]), [i for i in keep if TIERS[i % 3] in ("heavy", "light")]),
        (dict(clusters=[1]), [i for i in keep if i % 2 == 1]),
        (dict(min_lapse=0.5, max_lapse=0.7), [i for i in keep if 0.5 <= (i % 10) / 10 <= 0.7 + 1e-9]),
        (dict(size=25), keep[:25]),
        (dict(min_score=0.7, tiers=["medium"], size=5), [i for i in keep if score(i) >= 0.7 and i % 3 == 1][:5]),
    ]
    for filters, expected in cases:
        _, rows = rows_of(planted, CampaignSpec("Tea", control_fraction=0.0, **filters))
        assert [r[1] for r in rows] == [cid(i) for i in expected], filters


def test_summary_counts_expected_shifters(planted):
    spec = CampaignSpec("Tea", control_fraction=0.2, size=100, seed=3)
    summary = preview_summary(planted, spec)
    _, rows = rows_of(planted, spec)
    assert (summary.n_total, summary.n_target, summary.n_control) == (100, 80, 20)
    assert summary.expected_shifters == pytest.approx(sum(r[3] for r in rows if r[4] == "target"))
    assert summary.campaign_date == DATE


def test_control_group_is_reproducible_disjoint_and_random(planted):
    spec = CampaignSpec("Tea", control_fraction=0.25, seed=42)
    _, first = rows_of(planted, spec)
    _, again = rows_of(planted, spec)
    assert first == again
    control = {r[1] for r in first if r[4] == "control"}
    target = {r[1] for r in first if r[4] == "target"}
    assert not control & target
    assert len(control | target) == len(first) == N - len(SUPPRESSED)
    assert len(control) == round(len(first) * 0.25)
    # drawn at random, not the top or bottom of the list: both halves hold controls
    positions = [r[0] for r in first if r[4] == "control"]
    half = len(first) / 2
    assert sum(p <= half for p in positions) >= 0.3 * len(positions)
    assert sum(p > half for p in positions) >= 0.3 * len(positions)
    _, other = rows_of(planted, CampaignSpec("Tea", control_fraction=0.25, seed=43))
    other_control = {r[1] for r in other if r[4] == "control"}
    assert other_control != control and len(other_control) == len(control)


def test_save_stores_run_and_filters_and_suppresses_members(planted):
    spec = CampaignSpec("Tea", name="Tea spring", size=40, control_fraction=0.1, tiers=["heavy", "medium"])
    _, shown = rows_of(planted, spec)
    saved = save_campaign(planted, spec)
    assert (saved.n_target, saved.n_control) == (36, 4)
    assert saved.run_id == 10 and saved.campaign_date == DATE and saved.status == "active"
    assert saved.spec.tiers == ["heavy", "medium"] and saved.spec.size == 40
    stored = planted.query("SELECT position, customer_id, category, score, grp, reason FROM campaign_members "
                           "WHERE campaign_id = ? ORDER BY position", [saved.campaign_id])
    assert stored == shown
    assert [c.name for c in list_campaigns(planted)] == ["Tea spring"]
    filters = json.loads(planted.scalar("SELECT filters_json FROM campaigns"))
    assert filters["control_fraction"] == 0.1 and filters["category"] == "Tea"
    # members of an active campaign (targets and controls) are left out of the next list
    _, next_rows = rows_of(planted, spec)
    assert not {r[1] for r in next_rows} & {r[1] for r in shown}
    set_status(planted, saved.campaign_id, "closed")
    _, reopened = rows_of(planted, spec)
    assert reopened == shown


def test_filters_without_a_model_run_are_unavailable(tmp_path):
    project = create_project(tmp_path / "p.shiftwise")
    try:
        plant(project, segments=False, decay=False)
        sources = model_sources(project)
        assert set(sources.unavailable) == {"tier", "cluster", "lapse"}
        assert "segments" in str(sources.unavailable["tier"]) and "decay" in str(sources.unavailable["lapse"])
        with pytest.raises(CampaignError, match="segments"):
            preview_sql(project, CampaignSpec("Tea", tiers=["heavy"]))
        assert len(rows_of(project, CampaignSpec("Tea"))[1]) == N - len(SUPPRESSED)
    finally:
        project.close()


def test_bad_settings_are_refused(planted):
    for bad in (dict(control_fraction=1.0), dict(size=0), dict(min_score=2.0), dict(category=" ")):
        with pytest.raises(CampaignError):
            preview_sql(planted, CampaignSpec(**{"category": "Tea", **bad}))
    with pytest.raises(CampaignError, match="No customer"):
        save_campaign(planted, CampaignSpec("Tea", min_score=0.99))
    assert list_campaigns(planted) == []


def test_materialised_preview_equals_the_list_and_is_dropped(planted):
    from engine.campaigns import drop_preview, materialise_preview

    spec = CampaignSpec("Tea", control_fraction=0.3, seed=2, attributes=["region"])
    built = materialise_preview(planted, spec)
    q = PagedQuery(planted, built.sql, default_sort="position")
    assert q.fetch(0, 10_000) == rows_of(planted, spec)[1]
    assert q.columns[-1] == "region"
    assert (built.summary.n_total, built.summary.n_control) == (N - 15, round((N - 15) * 0.3))
    # nothing is written to the project file
    assert "campaign_preview" not in str(planted.query("SELECT table_name FROM information_schema.tables "
                                                       "WHERE table_catalog = current_database()"))
    drop_preview(planted, built.table)
    with pytest.raises(Exception):
        planted.query(built.sql)


def test_cold_start_customers_come_from_the_transfer_run_of_the_same_date(tmp_path):
    """A customer scored by transfer (same as-of as the migration run) is listed with the transfer
    score; a transfer run for another date is ignored."""
    import datetime as dt

    from engine.campaigns.query import list_sql
    from engine.campaigns.sources import model_sources
    from engine.campaigns.spec import CampaignSpec
    from engine.store import create_project

    project = create_project(tmp_path / "p.shiftwise")
    cur = project.cursor()
    as_of = dt.datetime(2026, 10, 1)
    cur.execute("INSERT INTO events (customer_id, ts, event_type, category, import_id) VALUES "
                "('old', '2026-09-01', 'purchase', 'Tea', 1), ('new', '2026-09-20', 'purchase', 'Tea', 1)")
    cur.execute("INSERT INTO model_runs (run_id, kind, status, as_of) VALUES "
                "(1, 'migration', 'done', ?), (2, 'transfer', 'done', ?)", [as_of, as_of])
    cur.execute("INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source) VALUES "
                "(1, 'old', 'Coffee', 0.4, 1, 'model says', 'model'), (1, 'new', 'Coffee', 0.1, 1, 'thin', 'model'),"
                "(2, 'new', 'Coffee', 0.7, 1, 'customers like them', 'transfer')")
    spec = CampaignSpec.from_dict({"category": "Coffee", "control_fraction": 0.0, "suppress_recent_days": 0})
    sources = model_sources(project)
    assert sources.transfer_run == 2
    sql, params = list_sql(spec, sources)
    rows = {r[1]: (r[3], r[5]) for r in project.query(sql, params)}
    assert rows == {"new": (0.7, "customers like them"), "old": (0.4, "model says")}
    cur.execute("UPDATE model_runs SET as_of = ? WHERE run_id = 2", [as_of - dt.timedelta(days=7)])
    sources = model_sources(project)
    assert sources.transfer_run is None
    sql, params = list_sql(spec, sources)
    assert {r[1]: r[3] for r in project.query(sql, params)} == {"new": 0.1, "old": 0.4}
    project.close()


def test_gain_curve_runs_over_everyone_who_passes_and_marks_the_chosen_size(planted):
    from engine.campaigns.gain import gain_curve
    from engine.campaigns.preview import build_preview, drop_preview

    spec = CampaignSpec("Tea", control_fraction=0.0, size=25)
    everyone = [r[3] for r in rows_of(planted, CampaignSpec("Tea", control_fraction=0.0))[1]]
    curve = gain_curve(planted, spec, model_sources(planted), points=20)
    assert curve.total == len(everyone) == N - 15 and curve.chosen == 25
    assert curve.sizes[0] == 1 and curve.sizes == sorted(curve.sizes) and len(curve.sizes) <= 23
    assert 25 in curve.sizes
    for n, expected in zip(curve.sizes, curve.expected):
        assert expected == pytest.approx(sum(everyone[:n]))
    # the preview job carries it, for the list the builder shows
    preview = build_preview(planted, CampaignSpec("Tea", control_fraction=0.0, min_score=0.6))
    assert preview.gain.chosen == preview.gain.total == preview.summary.n_total
    drop_preview(planted, preview.table)


def test_gain_curve_counts_the_targets_as_the_campaign_card_does(planted):
    """At the chosen size the curve is the card's expected shifters (the control group gets no
    message); at the other sizes it is the running sum times the targets' share of that list."""
    from engine.campaigns.gain import gain_curve

    spec = CampaignSpec("Tea", control_fraction=0.2, size=50, seed=3)
    curve = gain_curve(planted, spec, model_sources(planted), points=20)
    at = dict(zip(curve.sizes, curve.expected))
    assert at[50] == pytest.approx(preview_summary(planted, spec).expected_shifters)
    everyone = CampaignSpec("Tea", control_fraction=0.2, seed=3)
    assert at[curve.total] == pytest.approx(preview_summary(planted, everyone).expected_shifters)
    scores = [r[3] for r in rows_of(planted, CampaignSpec("Tea", control_fraction=0.0))[1]]
    for n in (s for s in curve.sizes if s not in (50, curve.total)):
        assert at[n] == pytest.approx(sum(scores[:n]) * (n - int(n * 0.2 + 0.5)) / n)


def test_an_attribute_column_holds_the_latest_imports_value(planted):
    """A customer in two exports (values without a time, as before schema 5): the later import's region, once."""
    spec = CampaignSpec("Tea", attributes=["region"])
    _, before = rows_of(planted, spec)
    later = planted.cursor().execute("SELECT nextval('import_id_seq')").fetchall()[0][0]
    insert(planted, "customer_attributes", "customer_id, region, import_id",
           [(cid(20), "西南", later), (cid(21), "华东" if 21 % 2 else "-north", later)])
    _, after = rows_of(planted, spec)
    assert len(after) == len(before)
    region = {r[1]: r[-1] for r in after}
    assert region[cid(20)] == "西南"
    assert region[cid(21)] == {r[1]: r[-1] for r in before}[cid(21)]


def test_an_unknown_attribute_is_named_with_the_ones_there_are(planted):
    """An attribute is a column of the export: a typo is refused, naming the attributes a list can have."""
    with pytest.raises(CampaignError, match=r"'regoin'.*age_band, gender, region, channel, member_level"):
        rows_of(planted, CampaignSpec("Tea", attributes=["region", "regoin"]))


def test_the_previews_gain_curve_comes_from_its_own_list_and_is_the_curve_over_the_candidates(planted, monkeypatch):
    """The preview's curve, with no size asked for, sums over its own table (everyone who passes, in its order) and
    takes the card's figure: not a rank of the candidates again (4.9 s of a 10^7 preview's 8.6). It is the same curve;
    with a size, the chosen point is the card's figure and the rest as before."""
    from engine.campaigns import gain
    from engine.campaigns.preview import build_preview, drop_preview

    everyone = CampaignSpec("Tea", control_fraction=0.2, seed=3)
    expected = gain.gain_curve(planted, everyone, model_sources(planted))
    with monkeypatch.context() as m:
        def ranked_again(*_a, **_k):
            raise AssertionError("the candidates ranked again")
        m.setattr(gain, "candidates_sql", ranked_again)
        m.setattr(gain, "_targets_expected", ranked_again)
        preview = build_preview(planted, everyone)
    try:
        assert preview.gain.sizes == expected.sizes and preview.gain.chosen == expected.chosen == N - 15
        assert preview.gain.expected == pytest.approx(expected.expected)
        assert preview.gain.expected[-1] == pytest.approx(preview.summary.expected_shifters)
    finally:
        drop_preview(planted, preview.table)
    sized = CampaignSpec("Tea", control_fraction=0.2, size=50, seed=3)
    preview = build_preview(planted, sized)
    try:
        again = gain.gain_curve(planted, sized, model_sources(planted))
        assert preview.gain.sizes == again.sizes and preview.gain.chosen == again.chosen == 50
        assert preview.gain.expected == pytest.approx(again.expected)
    finally:
        drop_preview(planted, preview.table)
