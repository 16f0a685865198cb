"""Saved campaigns: the list as it was built, with the runs and filters that built it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from engine.campaigns.query import campaign_date, list_sql
from engine.campaigns.sources import ModelSources, model_sources
from engine.campaigns.spec import CampaignError, CampaignSpec
from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.messages import msg
from engine.store.project import Project


@dataclass
class SavedCampaign:
    campaign_id: int
    name: str
    category: str
    run_id: int | None
    campaign_date: dt.datetime
    horizon_weeks: int
    n_target: int
    n_control: int
    expected_shifters: float | None
    status: str
    created_at: dt.datetime
    spec: CampaignSpec

    @property
    def size(self) -> int:
        return self.n_target + self.n_control


_COLUMNS = ("campaign_id, name, category, run_id, campaign_date, horizon_weeks, n_target, n_control, "
            "expected_shifters, status, created_at, filters_json")


def _row(row: tuple) -> SavedCampaign:
    *head, filters = row
    return SavedCampaign(*head, spec=CampaignSpec.from_dict(json.loads(filters or "{}")))


def save_campaign(project: Project, spec: CampaignSpec, sources: ModelSources | None = None, *,
                  progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> SavedCampaign:
    """Build the list and store it with its members, all or nothing."""
    progress, cancel = ensure(progress, cancel)
    spec.validate()
    sources = sources or model_sources(project)
    date = campaign_date(spec, sources)
    sql, params = list_sql(spec, sources)
    progress(0, 3, msg("progress.building_list"))
    with project.interruptible(cancel) as cur, project.transaction(cur):
        cid = int(cur.execute("SELECT nextval('campaign_id_seq')").fetchall()[0][0])
        name = spec.name.strip() or f"{spec.category} {date:%Y-%m-%d} #{cid}"
        stored = CampaignSpec.from_dict({**spec.filters(), "name": name, "campaign_date": date.isoformat()})
        cur.execute(
            "INSERT INTO campaigns (campaign_id, name, category, run_id, segments_run_id, decay_run_id, "
            "transfer_run_id, filters_json, campaign_date, horizon_weeks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [cid, name, spec.category, sources.migration_run, sources.segments_run, sources.decay_run,
             sources.transfer_run, stored.to_json(), date, int(spec.horizon_weeks)])
        # the new campaign has no members yet, so "in another active campaign" still means other ones
        cur.execute("INSERT INTO campaign_members (campaign_id, position, customer_id, category, score, grp, reason) "
                    f"SELECT ?, position, customer_id, category, score, \"group\", reason FROM ({sql})",
                    [cid] + params)
        progress(2, 3, msg("progress.counting"))
        n_target, n_control, expected = cur.execute(
            "SELECT count(*) FILTER (WHERE grp = 'target'), count(*) FILTER (WHERE grp = 'control'), "
            "sum(score) FILTER (WHERE grp = 'target') FROM campaign_members WHERE campaign_id = ?", [cid]).fetchall()[0]
        if n_target + n_control == 0:
            raise CampaignError(msg("campaign.empty"))
        cur.execute("UPDATE campaigns SET n_target = ?, n_control = ?, expected_shifters = ? WHERE campaign_id = ?",
                    [n_target, n_control, expected, cid])
        cancel.raise_if_cancelled()
    progress(3, 3, msg("progress.saved", name=name))
    return get_campaign(project, cid)


def get_campaign(project: Project, campaign_id: int) -> SavedCampaign:
    rows = project.cursor().execute(f"SELECT {_COLUMNS} FROM campaigns WHERE campaign_id = ?",
                                    [int(campaign_id)]).fetchall()
    if not rows:
        raise CampaignError(msg("campaign.missing", id=campaign_id))
    return _row(rows[0])


def list_campaigns(project: Project) -> list[SavedCampaign]:
    """Saved campaigns, newest first (a handful of rows: one per campaign)."""
    return [_row(r) for r in project.cursor().execute(
        f"SELECT {_COLUMNS} FROM campaigns ORDER BY campaign_id DESC").fetchall()]


def set_status(project: Project, campaign_id: int, status: str) -> None:
    """Close a campaign (its customers can be targeted again) or reopen it."""
    if status not in ("active", "closed"):
        raise CampaignError(msg("campaign.bad_status", status=repr(status)))
    get_campaign(project, campaign_id)
    project.cursor().execute("UPDATE campaigns SET status = ? WHERE campaign_id = ?", [status, int(campaign_id)])


def delete_campaign(project: Project, campaign_id: int) -> None:
    with project.transaction() as cur:
        cur.execute("DELETE FROM campaign_members WHERE campaign_id = ?", [int(campaign_id)])
        cur.execute("DELETE FROM campaigns WHERE campaign_id = ?", [int(campaign_id)])


def campaign_summary(campaign: SavedCampaign) -> dict[str, Any]:
    return {"campaign_id": campaign.campaign_id, "name": campaign.name, "category": campaign.category,
            "run_id": campaign.run_id, "campaign_date": campaign.campaign_date,
            "horizon_weeks": campaign.horizon_weeks, "n_target": campaign.n_target,
            "n_control": campaign.n_control, "expected_shifters": campaign.expected_shifters,
            "status": campaign.status}
