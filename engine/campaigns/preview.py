"""The builder's preview, materialised once per setting so the table pages in milliseconds.

The list SQL ranks every candidate twice (by score, and by the seeded draw for
the control group): cheap once, too slow to repeat for every page the table
shows when a category has a million candidates. A worker runs it once into a
table of an in-memory database attached to the project's connection: every
cursor sees it, nothing is written to the project file, and it disappears when
the project is closed.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

from engine.campaigns.gain import GainCurve, Listed, gain_curve
from engine.campaigns.query import campaign_date
from engine.campaigns.service import PreviewSummary, preview_sql
from engine.campaigns.sources import ModelSources, model_sources
from engine.campaigns.spec import CampaignError, CampaignSpec
from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.messages import msg
from engine.read.paged_query import PagedQuery
from engine.store.project import Project

SCRATCH = "shiftwise_scratch"
_ids = itertools.count(1)
_lock = threading.Lock()


@dataclass
class MaterialisedPreview:
    table: str                 # qualified name: select from it, page it, drop it when replaced
    summary: PreviewSummary

    @property
    def sql(self) -> str:
        return f"SELECT * FROM {self.table}"


def materialise_preview(project: Project, spec: CampaignSpec, sources: ModelSources | None = None, *,
                        progress: ProgressCallback | None = None,
                        cancel: CancelToken | None = None) -> MaterialisedPreview:
    progress, cancel = ensure(progress, cancel)
    sources = sources or model_sources(project)
    sql, params = preview_sql(project, spec, sources)
    with _lock:
        table = f"{SCRATCH}.campaign_preview_{next(_ids)}"
    with project.interruptible(cancel) as cur:
        cur.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {SCRATCH}")
        try:
            cur.execute(f"CREATE TABLE {table} AS {sql}", params)
            progress(1, 2, msg("progress.counting"))
            n, nt, nc, et, ec, lo, hi = cur.execute(
                "SELECT count(*), count(*) FILTER (WHERE \"group\" = 'target'), count(*) FILTER (WHERE \"group\" = "
                "'control'), coalesce(sum(score) FILTER (WHERE \"group\" = 'target'), 0), "
                "coalesce(sum(score) FILTER (WHERE \"group\" = 'control'), 0), min(score), max(score) "
                f"FROM {table}").fetchall()[0]
        except BaseException:
            cur.execute(f"DROP TABLE IF EXISTS {table}")
            raise
    progress(2, 2, msg("progress.n_customers", n=n))
    summary = PreviewSummary(int(n), int(nt), int(nc), float(et), float(ec), lo, hi, campaign_date(spec, sources))
    return MaterialisedPreview(table, summary)


def drop_preview(project: Project, table: str | None) -> None:
    """Free a preview that is no longer shown (a no-op once the project is closed)."""
    if table and table.startswith(f"{SCRATCH}.") and not project.closed:
        project.cursor().execute(f"DROP TABLE IF EXISTS {table}")


@dataclass
class Preview:
    """The builder's list, ready to page: its query (None with a notice), summary and table."""

    query: PagedQuery | None
    summary: PreviewSummary | None
    notice: str = ""
    table: str | None = None
    gain: GainCurve | None = None   # expected shifters against list size, for everyone who passes


def build_preview(project: Project, spec: CampaignSpec, *, progress: ProgressCallback | None = None,
                  cancel: CancelToken | None = None) -> Preview:
    """The list, materialised, counted and summarised (a job: off the GUI thread). A spec that
    selects nobody or needs a missing model comes back as a notice, not an error."""
    progress, cancel = ensure(progress, cancel)
    sources = model_sources(project)
    try:
        built = materialise_preview(project, spec, sources, progress=progress, cancel=cancel)
    except CampaignError as exc:
        return Preview(None, None, str(exc))
    try:
        query = PagedQuery(project, built.sql, default_sort="position")
        query.count()  # counted here, so the table does not count on the GUI thread
        gain = gain_curve(project, spec, sources, cancel=cancel,
                          listed=Listed(built.table, built.summary.expected_shifters))
    except BaseException:
        drop_preview(project, built.table)
        raise
    return Preview(query, built.summary, table=built.table, gain=gain)
