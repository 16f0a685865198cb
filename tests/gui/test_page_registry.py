"""The model pages come from the engine's ModelSpec registry: a toy model's spec plus its page package
(written here into a temporary folder) is all the main window needs to list, build and train it."""

from __future__ import annotations

import importlib
import os
import sys
import textwrap

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

import gui.pages  # noqa: E402
from engine.models import registry  # noqa: E402
from engine.store import create_project  # noqa: E402
from engine.store.runs import latest_run  # noqa: E402
from engine.workflows import import_shop  # noqa: E402
from gui.pages.registry import model_pages, pages  # noqa: E402
from tests.engine.test_customers import _ledger  # noqa: E402
from tests.engine.test_model_registry import TOY  # noqa: E402
from tests.waits import HANG_MS  # noqa: E402

TOY_PAGE = '''
from PySide6.QtWidgets import QLabel, QVBoxLayout

from engine.store.runs import latest_run
from gui.pages.model_page import ModelPage


class ToyPage(ModelPage):
    model = "toy"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.shown = QLabel("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.shown)
        self.reload()

    def read_state(self, project):
        return latest_run(project, "toy")

    def show_state(self, run):
        self.run = run
        self.shown.setText(f"{run.metrics['customers']} customers" if run else "no run")
'''


@pytest.fixture
def toy_model(tmp_path, monkeypatch):
    """The toy model's spec registered, and its page package ``gui/pages/toy/`` on gui.pages' path."""
    monkeypatch.setattr(registry, "SPECS", dict(registry.SPECS))
    registry.register(TOY)
    folder = tmp_path / "pages" / "toy"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text('"""The Toy page."""\n')
    (folder / "page.py").write_text(textwrap.dedent(TOY_PAGE))
    monkeypatch.setattr(gui.pages, "__path__", [*gui.pages.__path__, str(tmp_path / "pages")])
    importlib.invalidate_caches()
    yield TOY
    for name in ("gui.pages.toy.page", "gui.pages.toy"):
        sys.modules.pop(name, None)


def test_every_model_with_a_page_package_is_listed_in_registry_order():
    assert [p.key for p in model_pages()] == [s for s in registry.SPECS if s != "transfer"]
    keys = [p.key for p in pages()]
    assert keys[0] == "data" and keys[-2:] == ["campaigns", "runs"]


def test_a_toy_model_is_one_spec_and_one_page_package(toy_model, main_window, qtbot, tmp_path):
    titles = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert titles == [p.title for p in pages()] and titles.index("Toy") == titles.index("Campaigns") - 1
    page = main_window.pages["toy"]
    assert type(page).__name__ == "ToyPage" and page.spec is TOY
    project = create_project(tmp_path / "toy.shiftwise")
    import_shop(project, [_ledger(tmp_path / "ledger.csv", n_customers=50)])
    main_window.ctx.set_project(project)
    assert page.shown.text() == "no run"
    with qtbot.waitSignal(main_window.ctx.runs_changed, timeout=HANG_MS):
        page.controls.start_button.click()
    assert latest_run(project, "toy").metrics["customers"] == 50
    assert page.shown.text() == "50 customers"
