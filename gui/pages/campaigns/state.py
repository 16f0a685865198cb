"""What the Campaigns page shows, as plain data: the builder's choices (from the models' latest
runs), the saved campaigns, and the preview's headline figures."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.campaigns import ModelSources, PreviewSummary, model_sources
from engine.campaigns import sources as campaign_sources
from engine.models.registry import SPECS
from engine.read.campaigns import saved_campaigns_query
from engine.read.paged_query import PagedQuery
from engine.store import Project
from gui.i18n.engine_text import locale_number
from gui.widgets.sql_table_model import read_ahead

#: The model runs the builder's choices come from: every model's.
MODEL_KINDS = tuple(SPECS)
#: The preview's cards: key, caption.
CARDS = (("customers", QT_TRANSLATE_NOOP("CampaignsPage", "Customers in the list")),
         ("target", QT_TRANSLATE_NOOP("CampaignsPage", "Get the message")),
         ("control", QT_TRANSLATE_NOOP("CampaignsPage", "Control (no message)")),
         ("expected", QT_TRANSLATE_NOOP("CampaignsPage", "Expected shifters")))


@dataclass(frozen=True)
class BuilderOptions:
    sources: ModelSources
    categories: list[tuple[str, int, float]]
    tiers: list[str]
    clusters: list[tuple[int, str]]
    attributes: list[str]


@dataclass(frozen=True)
class CampaignsState:
    """The page's read: the builder's choices, and the saved campaigns with their first page read ahead."""
    options: BuilderOptions
    saved: PagedQuery


def read_state(project: Project) -> CampaignsState:
    return CampaignsState(read_options(project), read_ahead(saved_campaigns_query(project)))


def read_options(project: Project) -> BuilderOptions:
    sources = model_sources(project)
    return BuilderOptions(sources, campaign_sources.categories(project, sources),
                          campaign_sources.tiers(project, sources), campaign_sources.clusters(project, sources),
                          campaign_sources.attributes(project))


def preview_cards(s: PreviewSummary) -> dict[str, tuple[str, str]]:
    """Each card's value and detail line."""
    n = lambda value: locale_number(value, ",")  # noqa: E731
    share = (QCoreApplication.translate("CampaignsPage", "{share} of the list").format(
        share=locale_number(s.n_control / s.n_total, ".0%")) if s.n_total else "")
    return {"customers": (n(s.n_total), QCoreApplication.translate("CampaignsPage", "campaign date {date}").format(
                date=f"{s.campaign_date:%Y-%m-%d}")),
            "target": (n(s.n_target), QCoreApplication.translate("CampaignsPage", "targets")),
            "control": (n(s.n_control), share),
            "expected": (locale_number(s.expected_shifters, ",.1f"),
                         QCoreApplication.translate("CampaignsPage", "sum of the targets' scores"))}
