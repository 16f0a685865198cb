"""Fixtures every test shares. No Qt here: the engine tests run without it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DEMO_SEED = 7
DEMO_CUSTOMERS = 3000


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Projects, logs and settings of a test live in a temp folder, never the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SHIFTWISE_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def demo_shop(tmp_path_factory: pytest.TempPathFactory):
    """The demo shop export and its planted truth (3000 customers, seed 7), made once."""
    from engine.demo import generate_demo_shop

    return generate_demo_shop(tmp_path_factory.mktemp("demo_shop"), seed=DEMO_SEED, n_customers=DEMO_CUSTOMERS)


@pytest.fixture(scope="session")
def demo_project_file(tmp_path_factory: pytest.TempPathFactory, demo_shop) -> Path:
    """A project file with the demo shop imported, built once per session. Do not modify it."""
    from engine.ingest import import_file
    from engine.store import create_project

    path = tmp_path_factory.mktemp("demo_project") / "demo.shiftwise"
    project = create_project(path)
    try:
        import_file(project, demo_shop.events_csv)
        project.con.execute("CHECKPOINT")
    finally:
        project.close()
    return path


def _import_real_slice(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """``tests/fixtures/real/<name>.csv.gz`` imported into a new project file; its path."""
    import gzip

    from engine.ingest import import_file
    from engine.store import create_project

    folder = tmp_path_factory.mktemp(name)
    csv = folder / f"{name}.csv"
    csv.write_bytes(gzip.decompress((Path(__file__).parent / "fixtures" / "real" / f"{name}.csv.gz").read_bytes()))
    path = folder / f"{name}.shiftwise"
    project = create_project(path)
    try:
        import_file(project, csv)
        project.con.execute("CHECKPOINT")
    finally:
        project.close()
    return path


@pytest.fixture(scope="session")
def grocery_slice_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100 customers of the real grocery file (every line of theirs) imported once per session.
    Do not modify it: copy it (:func:`copy_of`, :func:`open_copy`)."""
    return _import_real_slice(tmp_path_factory, "grocery_slice")


@pytest.fixture(scope="session")
def lapse_slice_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real slice the lapse tests use, imported once per session. Do not modify it: copy it."""
    return _import_real_slice(tmp_path_factory, "lapse_slice")


def copy_of(project_file: Path, folder: Path) -> Path:
    """A private, writable copy of a session's project file."""
    path = folder / project_file.name
    shutil.copy(project_file, path)
    return path


def open_copy(project_file: Path, folder: Path):
    """A private, writable copy of a session's project file, opened."""
    from engine.store import open_project

    return open_project(copy_of(project_file, folder))


@pytest.fixture
def demo_project(tmp_path: Path, demo_project_file: Path):
    """A private, writable copy of the demo project, opened."""
    from engine.store import open_project

    path = tmp_path / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    project = open_project(path)
    yield project
    project.close()


@pytest.fixture
def demo_truth(demo_shop):
    return demo_shop.truth


def pytest_sessionfinish(session, exitstatus):
    """Free DuckDB objects caught in reference cycles before the interpreter exits, so
    DuckDB's bindings do not report them as leaked after pytest's summary line."""
    import gc

    gc.collect()
