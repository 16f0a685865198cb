"""The pages of the main window, in navigation order."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from gui.context import AppContext
from gui.pages.base import Page, PlaceholderPage


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    cls: str
    coming: str  # what the page will show, for a build where it is not there yet


PAGES = (
    PageSpec("data", "Data", "gui.pages.data.page", "DataPage",
             "Your imports, the health of your data and every event."),
    PageSpec("segments", "Segments", "gui.pages.segments.page", "SegmentsPage",
             "Interest tiers (light, medium, heavy) and interest clusters: who your customers are, "
             "by depth and mix of interest, and how they move between tiers."),
    PageSpec("customers", "Customers", "gui.pages.customers.page", "CustomersPage",
             "Per customer: the chance of buying again, expected orders and spend, and the next order date, "
             "for every shop, with or without categories."),
    PageSpec("decay", "Decay", "gui.pages.decay.page", "DecayPage",
             "How fast interest in each category fades, who is about to lapse, and when."),
    PageSpec("migration", "Migration", "gui.pages.migration.page", "MigrationPage",
             "The training cockpit of the migration model: who is about to move into a new category, "
             "with the model compared to honest baselines."),
    PageSpec("campaigns", "Campaigns", "gui.pages.campaigns.page", "CampaignsPage",
             "Build campaign lists from shift scores, hold out a control group, export, and measure uplift."),
    PageSpec("runs", "Runs", "gui.pages.runs.page", "RunsPage",
             "Every model run with its parameters and metrics."),
)


def build_page(spec: PageSpec, ctx: AppContext) -> Page:
    try:
        module = import_module(spec.module)
    except ModuleNotFoundError as exc:
        if exc.name is None or not spec.module.startswith(exc.name):
            raise
        return PlaceholderPage(ctx, spec.title, spec.coming + "\n\nThis page is not part of this build yet.")
    page = getattr(module, spec.cls)(ctx)
    page.title = spec.title
    return page
