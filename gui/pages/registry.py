"""The pages of the main window, in navigation order: Data, then one page per model of the engine's
ModelSpec registry (in registry order), then Campaigns and Runs.

A model's page is found by its spec's name: the package ``gui/pages/<name>/`` whose ``page.py`` holds
a :class:`~gui.pages.model_page.ModelPage` with ``model = "<name>"``. Adding a model with a page is
its one spec plus that package; a model without such a package (Transfer) has no page.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.models import registry
from gui.context import AppContext
from gui.pages.base import Page, PlaceholderPage


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    cls: str | None    # None: the module's model page whose ``model`` is ``key``
    coming: str = ""   # what the page will show, for a build where it is not there yet


BEFORE_MODELS = (
    PageSpec("data", QT_TRANSLATE_NOOP("pages", "Data"), "gui.pages.data.page", "DataPage",
             QT_TRANSLATE_NOOP("pages", "Your imports, the health of your data and every event.")),
)
AFTER_MODELS = (
    PageSpec("campaigns", QT_TRANSLATE_NOOP("pages", "Campaigns"), "gui.pages.campaigns.page", "CampaignsPage",
             QT_TRANSLATE_NOOP("pages", "Build campaign lists from shift scores, hold out a control group, "
                                        "export, and measure uplift.")),
    PageSpec("runs", QT_TRANSLATE_NOOP("pages", "Runs"), "gui.pages.runs.page", "RunsPage",
             QT_TRANSLATE_NOOP("pages", "Every model run with its parameters and metrics.")),
)
#: The models' titles (engine.models.registry) as the navigation shows them: translated in context "pages".
MODEL_TITLES = (QT_TRANSLATE_NOOP("pages", "Customers"), QT_TRANSLATE_NOOP("pages", "Segments"),
                QT_TRANSLATE_NOOP("pages", "Decay"), QT_TRANSLATE_NOOP("pages", "Migration"),
                QT_TRANSLATE_NOOP("pages", "Transfer"))


def page_title(spec: PageSpec) -> str:
    """The page's title in the interface language (a model's own title when it has no translation)."""
    return QCoreApplication.translate("pages", spec.title)


def model_pages() -> tuple[PageSpec, ...]:
    """One page per registered model that has a page package, in registry order."""
    return tuple(PageSpec(s.name, s.title, f"gui.pages.{s.name}.page", None)
                 for s in registry.SPECS.values() if _has_module(f"gui.pages.{s.name}.page"))


def pages() -> tuple[PageSpec, ...]:
    return BEFORE_MODELS + model_pages() + AFTER_MODELS


def _has_module(name: str) -> bool:
    # find_spec imports the parent package (a one-line __init__), not the page: no Qt widgets or models load
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def build_page(spec: PageSpec, ctx: AppContext) -> Page:
    try:
        module = import_module(spec.module)
    except ModuleNotFoundError as exc:
        if exc.name is None or not spec.module.startswith(exc.name):
            raise
        coming = QCoreApplication.translate("pages", spec.coming)
        return PlaceholderPage(ctx, page_title(spec), coming + "\n\n" + QCoreApplication.translate(
            "pages", "This page is not part of this build yet."))
    cls = getattr(module, spec.cls) if spec.cls else _model_page_class(module, spec.key)
    page = cls(ctx)
    page.title = page_title(spec)
    return page


def _model_page_class(module, model: str) -> type[Page]:
    from gui.pages.model_page import ModelPage

    found = [c for c in vars(module).values()
             if isinstance(c, type) and issubclass(c, ModelPage) and c.model == model]
    if len(found) != 1:
        raise LookupError(f"{module.__name__} must hold one model page with model = {model!r}, "
                          f"found {len(found)}")
    return found[0]
