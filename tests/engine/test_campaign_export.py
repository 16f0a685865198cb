"""A saved campaign's export equals the list shown, row for row, and is safe to open."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from engine.campaigns import CampaignError, CampaignSpec, build_save_export, list_campaigns, preview_sql
from engine.export import neutralise
from engine.jobs import CancelToken, JobCancelled
from engine.read.paged_query import PagedQuery
from tests.engine.test_campaigns import INJECTION, planted  # noqa: F401 (fixture)

SPEC = dict(category="Tea", size=120, control_fraction=0.2, seed=5, suppress_recent_days=None,
            suppress_refund_only=False, attributes=["region"])


def shown(project, spec):
    """The rows the builder's table shows, in its order (position), as the user would see them."""
    sql, params = preview_sql(project, spec)
    q = PagedQuery(project, sql, params, default_sort="position")
    return [tuple(r[1:]) for r in q.fetch(0, 100_000)]  # without the hidden position column


def expected_cells(rows):
    return [tuple(neutralise(v) for v in r) for r in rows]


def test_csv_export_equals_preview(planted, tmp_path):  # noqa: F811
    spec = CampaignSpec(**SPEC)
    rows = shown(planted, spec)
    assert len(rows) == 120 and rows[0][0] == INJECTION
    result = build_save_export(planted, spec, tmp_path / "tea.csv")
    assert result.rows_written == 120
    raw = (tmp_path / "tea.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads 华东 and 喜欢茶 right
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert table[0] == ["customer_id", "category", "score", "group", "reason", "region"]
    got = [(r[0], r[1], float(r[2]), r[3], r[4], r[5]) for r in table[1:]]
    assert got == expected_cells(rows)
    assert table[1][0] == "'" + INJECTION            # inert
    assert {r[5] for r in table[1:]} == {"'-north", "华东"}
    assert {r[3] for r in table[1:]} == {"target", "control"}


def test_xlsx_export_equals_preview_and_has_no_formulas(planted, tmp_path):  # noqa: F811
    spec = CampaignSpec(**SPEC)
    rows = shown(planted, spec)
    build_save_export(planted, spec, tmp_path / "tea.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "tea.xlsx").active
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("customer_id", "category", "score", "group", "reason", "region")
    assert values[1:] == expected_cells(rows)
    assert all(isinstance(v[2], float) for v in values[1:])   # scores are numbers


def test_failed_or_cancelled_export_saves_nothing(planted, tmp_path):  # noqa: F811
    with pytest.raises(CampaignError, match=".csv or .xlsx"):
        build_save_export(planted, CampaignSpec(**SPEC), tmp_path / "tea.json")
    token = CancelToken()

    def progress(done, total, message="", partial=None):
        if done >= 40:   # the campaign is saved; cancel during its export
            token.cancel()

    with pytest.raises(JobCancelled):
        build_save_export(planted, CampaignSpec(**SPEC), tmp_path / "tea.csv", progress=progress, cancel=token)
    assert list_campaigns(planted) == []
    assert planted.scalar("SELECT count(*) FROM campaign_members") == 0
    assert list(tmp_path.glob("*tea*")) == []


def test_scores_are_exported_to_six_decimals(planted, tmp_path):  # noqa: F811
    """A score of 1.7e-12 read "1.7E-12" in Excel; the saved campaign keeps the score as it was."""
    planted.con.execute("UPDATE shift_scores SET score = score + 1.7e-12 WHERE run_id = 10 AND category = 'Tea'")
    result = build_save_export(planted, CampaignSpec(**SPEC), tmp_path / "tea.csv")
    table = list(csv.reader((tmp_path / "tea.csv").read_text(encoding="utf-8-sig").splitlines()))[1:]
    assert all(len(r[2].split(".")[-1]) <= 6 and "e" not in r[2].lower() for r in table)
    kept = planted.query("SELECT score FROM campaign_members WHERE campaign_id = ?", [result.campaign.campaign_id])
    assert any(abs(s - round(s, 6)) > 1e-13 for (s,) in kept)
