"""What the Campaigns page shows, as plain data: the builder's choices (from the models' latest
runs) and the preview's headline figures."""

from __future__ import annotations

from dataclasses import dataclass

from engine.campaigns import ModelSources, PreviewSummary, model_sources
from engine.campaigns import sources as campaign_sources
from engine.models.registry import SPECS
from engine.store import Project

#: The model runs the builder's choices come from: every model's.
MODEL_KINDS = tuple(SPECS)
#: The preview's cards: key, caption.
CARDS = (("customers", "Customers in the list"), ("target", "Get the message"),
         ("control", "Control (no message)"), ("expected", "Expected shifters"))


@dataclass(frozen=True)
class BuilderOptions:
    sources: ModelSources
    categories: list[tuple[str, int, float]]
    tiers: list[str]
    clusters: list[tuple[int, str]]
    attributes: list[str]


def read_options(project: Project) -> BuilderOptions:
    sources = model_sources(project)
    return BuilderOptions(sources, campaign_sources.categories(project, sources),
                          campaign_sources.tiers(project, sources), campaign_sources.clusters(project, sources),
                          campaign_sources.attributes(project))


def preview_cards(s: PreviewSummary) -> dict[str, tuple[str, str]]:
    """Each card's value and detail line."""
    return {"customers": (f"{s.n_total:,}", f"campaign date {s.campaign_date:%Y-%m-%d}"),
            "target": (f"{s.n_target:,}", "targets"),
            "control": (f"{s.n_control:,}", f"{100 * s.n_control / s.n_total:.0f}% of the list" if s.n_total else ""),
            "expected": (f"{s.expected_shifters:,.1f}", "sum of the targets' scores")}
