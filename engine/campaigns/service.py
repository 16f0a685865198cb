"""The campaign services the GUI and the CLI call: preview, save, export, measure."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from engine.campaigns.query import EXPORT_COLUMNS, attribute_columns, campaign_date, list_sql, members_sql, \
    with_attributes
from engine.campaigns.sources import ModelSources, model_sources
from engine.campaigns.spec import CampaignError, CampaignSpec
from engine.campaigns.store import SavedCampaign, delete_campaign, get_campaign, save_campaign
from engine.export import write_query
from engine.jobs import CancelToken, ProgressCallback, SubProgress, ensure
from engine.messages import msg
from engine.store.project import Project


@dataclass
class PreviewSummary:
    n_total: int
    n_target: int
    n_control: int
    expected_shifters: float      # sum of the targets' scores: shifters expected if the model is right
    expected_control: float
    min_score: float | None
    max_score: float | None
    campaign_date: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def preview_sql(project: Project, spec: CampaignSpec, sources: ModelSources | None = None
                ) -> tuple[str, list[Any]]:
    """The list the builder shows (and a save stores): position, customer_id, category, score, group,
    reason, then the ticked attributes."""
    sql, params = list_sql(spec, sources or model_sources(project))
    return with_attributes(sql, params, list(spec.attributes))


def preview_summary(project: Project, spec: CampaignSpec, sources: ModelSources | None = None, *,
                    progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> PreviewSummary:
    progress, cancel = ensure(progress, cancel)
    sources = sources or model_sources(project)
    sql, params = list_sql(spec, sources)
    with project.interruptible(cancel) as cur:
        n, nt, nc, et, ec, lo, hi = cur.execute(
            "SELECT count(*), count(*) FILTER (WHERE \"group\" = 'target'), count(*) FILTER (WHERE \"group\" = "
            "'control'), coalesce(sum(score) FILTER (WHERE \"group\" = 'target'), 0), "
            "coalesce(sum(score) FILTER (WHERE \"group\" = 'control'), 0), min(score), max(score) "
            f"FROM ({sql})", params).fetchall()[0]
    progress(1, 1, msg("progress.n_customers", n=n))
    return PreviewSummary(int(n), int(nt), int(nc), float(et), float(ec), lo, hi, campaign_date(spec, sources))


#: Decimals of an exported score (the saved campaign keeps the score as it was).
SCORE_DECIMALS = 6


def export_sql(campaign_id: int, attributes: list[str]) -> tuple[str, list[Any], list[str]]:
    """SQL, parameters and exported columns of a saved campaign."""
    sql, params = members_sql(campaign_id)
    # six decimals: a lapsing customer's p(buy again) of 1.7e-12 read "1.7E-12" in Excel, noise to a merchandiser
    sql = f"SELECT * REPLACE (round(score, {SCORE_DECIMALS}) AS score) FROM ({sql})"
    sql, params = with_attributes(sql, params, list(attributes))
    return sql, params, list(EXPORT_COLUMNS) + attribute_columns(list(attributes))


def export_campaign(project: Project, campaign_id: int, out: str | Path, attributes: list[str] | None = None, *,
                    progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> int:
    """Write a saved campaign to CSV (UTF-8 with BOM, for Excel) or XLSX, in list order; returns rows."""
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CampaignError(msg("campaign.bad_suffix", name=out.name))
    get_campaign(project, campaign_id)
    sql, params, columns = export_sql(campaign_id, list(attributes or []))
    return write_query(project, sql, params, out, bom=out.suffix.lower() == ".csv", order_by="src.position",
                       columns=columns, progress=progress, cancel=cancel)


@dataclass
class CampaignResult:
    campaign: SavedCampaign
    out: Path | None
    rows_written: int


def build_save_export(project: Project, spec: CampaignSpec, out: str | Path | None, *,
                      progress: ProgressCallback | None = None, cancel: CancelToken | None = None
                      ) -> CampaignResult:
    """What the builder's "Save and export" and the CLI do: save the list, then export it.

    A failed export leaves the campaign unsaved, so a list that never left Shiftwise
    does not block its customers from the next campaign.
    """
    progress, cancel = ensure(progress, cancel)
    if out is not None and Path(out).suffix.lower() not in (".csv", ".xlsx"):
        raise CampaignError(msg("campaign.bad_suffix", name=Path(out).name))
    campaign = save_campaign(project, spec, progress=SubProgress(progress, 0, 40), cancel=cancel)
    rows = 0
    if out is not None:
        try:
            rows = export_campaign(project, campaign.campaign_id, out, spec.attributes,
                                   progress=SubProgress(progress, 40, 100), cancel=cancel)
        except BaseException:
            delete_campaign(project, campaign.campaign_id)
            raise
    progress(100, 100, msg("progress.saved", name=campaign.name))
    return CampaignResult(campaign, Path(out) if out is not None else None, rows)
