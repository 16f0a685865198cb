"""Train all: registry order, one progress from 0 to the end, a partial per finished model, cancel."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.jobs import CancelToken, JobCancelled
from engine.models import registry
from engine.messages import msg
from engine.models.base import NoDataError, TrainResult
from engine.models.train_all import WEIGHTS, ModelTrained, default_models, skipped_message, train_all
from engine.store.data_guard import DataGuard
from engine.store.errors import ProjectError

ROOT = Path(__file__).resolve().parents[2]
CALLS = []


class FakeProject:
    """What train_all needs of a project when the models are fakes: the guard of its data."""

    def __init__(self):
        self.data_guard = DataGuard()
        self.handed_back = 0

    def hand_back_memory(self):
        self.handed_back += 1


def _fake(kind):
    def train(project, *, as_of=None, params=None, progress=None, cancel=None):
        CALLS.append((kind, as_of, params))
        for i in range(3):
            cancel.raise_if_cancelled()
            progress(i + 1, 3, f"step {i + 1}", {"ignored": True})
        return TrainResult(kind, len(CALLS))

    return train


fake_segments, fake_decay, fake_migration = _fake("segments"), _fake("decay"), _fake("migration")


@pytest.fixture
def fake_registry(monkeypatch):
    CALLS.clear()
    specs = {name: registry.ModelSpec(name, name.capitalize(), f"{__name__}:fake_{name}",
                                      "engine.models.segments.params:SegmentParams")
             for name in ("segments", "decay", "migration")}
    monkeypatch.setattr(registry, "SPECS", specs)


def test_runs_every_model_in_registry_order_with_one_progress(fake_registry):
    reports = []
    out = train_all(FakeProject(), as_of="2017-06-01", params={"decay": {"x": 1}},
                    progress=lambda d, t, m="", p=None: reports.append((d, t, m, p)))
    assert out.skipped == []
    assert [r.kind for _name, r in out.runs] == ["segments", "decay", "migration"] == [c[0] for c in CALLS]
    assert CALLS[1] == ("decay", "2017-06-01", {"x": 1}) and CALLS[0][2] == {}
    fractions = [d / t for d, t, _m, _p in reports]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1
    # partials only say which model finished: four models' charts must not mix in one job
    assert [p for *_x, p in reports if p is not None] == [ModelTrained(k, i + 1)
                                                           for i, k in enumerate(["segments", "decay", "migration"])]
    assert any(str(m).startswith("Migration (3/3): step") for *_x, m, _p in reports)


def test_the_slow_model_gets_its_share_of_the_bar(fake_registry):
    reports = []
    train_all(FakeProject(), progress=lambda d, t, m="", p=None: reports.append((d / t, p)))
    done_segments = next(f for f, p in reports if p and p.kind == "segments")
    total = WEIGHTS["segments"] + WEIGHTS["decay"] + WEIGHTS["migration"]
    assert done_segments == pytest.approx(WEIGHTS["segments"] / total)


def test_cancel_stops_before_the_next_model(fake_registry):
    token = CancelToken()

    def progress(done, total, message="", partial=None):
        if partial and partial.kind == "segments":
            token.cancel()

    with pytest.raises(JobCancelled):
        train_all(FakeProject(), progress=progress, cancel=token)
    assert [c[0] for c in CALLS] == ["segments"]


def test_each_model_hands_back_what_it_freed_however_it_ends(fake_registry, monkeypatch):
    """The window and ``train`` run every model in one process: the next one must not start on top of
    the memory the last one freed (engine.models.freed_memory)."""
    handed = []
    project = FakeProject()
    monkeypatch.setattr(registry, "hand_back_freed_memory",
                        lambda p: handed.append((p is project, [c[0] for c in CALLS])))
    train_all(project)
    assert handed == [(True, ["segments"]), (True, ["segments", "decay"]), (True, ["segments", "decay", "migration"])]
    handed.clear()
    token = CancelToken()
    token.cancel()
    with pytest.raises(JobCancelled):
        registry.lazy("decay")(FakeProject(), cancel=token, progress=lambda *a: None)
    assert len(handed) == 1


def test_freed_memory_goes_back_where_the_c_library_can():
    import ctypes
    import ctypes.util

    from engine.models.freed_memory import hand_back_freed_memory

    name = ctypes.util.find_library("c")
    assert hand_back_freed_memory() is bool(name and hasattr(ctypes.CDLL(name), "malloc_trim"))
    project = FakeProject()
    hand_back_freed_memory(project)
    assert project.handed_back == 1


def test_arrow_hands_back_what_its_pool_keeps(monkeypatch):
    """pyarrow's allocator (mimalloc in its wheels) keeps the pages of buffers it freed: after decay at long 10^7
    ~90 MB of them, on top of which migration ran (session 55). A process that never loaded pyarrow is not made
    to load it."""
    import sys

    import pyarrow

    from engine.models.freed_memory import hand_back_freed_memory

    released = []

    class Pool:
        def release_unused(self):
            released.append(True)

    monkeypatch.setattr(pyarrow, "default_memory_pool", lambda: Pool())
    hand_back_freed_memory()
    assert released == [True]
    monkeypatch.delitem(sys.modules, "pyarrow")
    hand_back_freed_memory()
    assert released == [True] and "pyarrow" not in sys.modules


def test_a_project_hands_back_its_freed_memory_at_the_limit_it_was_given(tmp_path):
    """The memory limit set again as it was given (DuckDB reads it back rounded: the rounded figure is not the
    user's), so nothing is evicted; a project closed meanwhile (the window closing during a job) is left alone."""
    from engine.store import create_project

    with create_project(tmp_path / "p.shiftwise", memory_limit="300MB") as p:
        before = p.scalar("SELECT current_setting('memory_limit')")
        p.query("CREATE TEMP TABLE t AS SELECT range AS i FROM range(1000000)")
        p.hand_back_memory()
        assert p.scalar("SELECT current_setting('memory_limit')") == before
        assert p.memory_limit == "300MB"
        assert p.scalar("SELECT count(*) FROM t") == 1_000_000
    p.hand_back_memory()


def test_unknown_model_is_a_clear_error(fake_registry):
    with pytest.raises(ProjectError, match="Unknown model nope"):
        train_all(FakeProject(), models=["segments", "nope"])
    assert CALLS == []


def test_default_is_the_registry():
    assert default_models() == registry.default_names()
    assert default_models() == ["customers", "segments", "decay", "migration", "transfer"]


def test_a_shop_without_categories_skips_the_models_that_need_them(tmp_path):
    from engine.ingest import import_files
    from engine.models.train_all import plan
    from engine.store import create_project

    path = tmp_path / "ledger.csv"
    path.write_text("customer_id,date,amount\nC1,2026-01-05,3.5\nC2,2026-01-06,7\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_files(project, [path])
        specs, skipped = plan(project)
        assert [s.name for s in specs] == ["customers", "segments"]
        assert [d["model"] for d in skipped] == ["decay", "migration", "transfer"]
        assert all("no categories" in str(d["reason"]) for d in skipped)
        with pytest.raises(ProjectError, match="decay: the shop has no categories"):
            plan(project, ["customers", "decay"])
    finally:
        project.close()


def test_version_and_a_project_file_argument():
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0 and result.stdout.strip().startswith("Shiftwise ")


def test_only_one_existing_project_file_means_the_gui(tmp_path):
    sys.path.insert(0, str(ROOT))
    from main import project_to_open

    project = tmp_path / "shop.shiftwise"
    assert project_to_open([str(project)]) is None  # missing: the CLI says so
    project.write_bytes(b"")
    assert project_to_open([str(project)]) == str(project)
    assert project_to_open(["train", str(project)]) is None and project_to_open([]) is None


def test_versions_do_not_import_torch():
    code = ("import sys; from engine.about import versions; v = versions(); "
            "print(v['PyTorch'], 'torch' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    version, imported = result.stdout.split()
    assert version.startswith("2.") and imported == "False"


def _too_short(project, *, as_of=None, params=None, progress=None, cancel=None):
    CALLS.append(("decay", as_of, params))
    raise NoDataError(msg("decay.needs_history", as_of="2017-02-01", weeks=8))


def test_a_model_the_shop_has_too_little_history_for_is_skipped_and_the_others_train(fake_registry, monkeypatch):
    """A few weeks' export: decay needs months, so Train all skipped nothing and stopped at it instead."""
    too_short = lambda name: dataclasses.replace(registry.SPECS[name], train=f"{__name__}:_too_short")  # noqa: E731
    monkeypatch.setitem(registry.SPECS, "decay", too_short("decay"))
    out = train_all(FakeProject())
    assert [n for n, _r in out.runs] == ["segments", "migration"] == [c[0] for c in CALLS if c[0] != "decay"]
    assert [d["model"] for d in out.skipped] == ["decay"]
    text = str(skipped_message(out))
    assert text.startswith("Trained segments, migration; skipped decay (Too little history before 2017-02-01")
    # asked for by name, the model's reason stops the run
    with pytest.raises(NoDataError, match="needs at least 8 weeks"):
        train_all(FakeProject(), models=["segments", "decay", "migration"])
    # a shop no model can train says why instead of "trained nothing"
    for name in ("segments", "migration"):
        monkeypatch.setitem(registry.SPECS, name, too_short(name))
    with pytest.raises(NoDataError):
        train_all(FakeProject())


def test_a_few_weeks_export_trains_what_it_can_on_the_command_line(tmp_path, grocery_slice_file, capsys):
    """The grocery slice (100 customers) cut to its first five weeks: customers and segments train; decay,
    migration and new customers' categories are skipped, each with its reason, and the command succeeds."""
    from cli.app import main
    from engine.store import open_project
    from tests.conftest import copy_of

    path = copy_of(grocery_slice_file, tmp_path)
    project = open_project(path)
    try:
        project.con.execute("DELETE FROM events WHERE ts >= TIMESTAMP '2017-02-05'")
    finally:
        project.close()
    assert main(["train", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in out["runs"]] == ["customers", "segments"]
    reasons = {s["model"]: s["reason"] for s in out["skipped"]}
    assert list(reasons) == ["decay", "migration", "transfer"]
    assert "the decay fit needs at least 8 weeks" in reasons["decay"]
    assert "12 weeks of history" in reasons["migration"] and "20 established customers" in reasons["transfer"]
    # asked for by name, decay's reason is the command's one-line failure
    assert main(["train", str(path), "--models", "decay"]) == 1
    assert "the decay fit needs at least 8 weeks" in capsys.readouterr().err
    # the Runs list says skipped, with the reason as the run's summary (it said failed, "NoDataError: ...")
    from engine.read.runs import runs_query, summary_of

    with open_project(path) as project:
        rows = runs_query(project).fetch(0, 100)
        names = runs_query(project).columns
    runs = [dict(zip(names, r)) for r in rows]
    assert [(r["kind"], r["status"]) for r in sorted(runs, key=lambda r: r["run"])] == [
        ("customers", "done"), ("segments", "done"), ("decay", "skipped"), ("migration", "skipped"),
        ("transfer", "skipped"), ("decay", "skipped")]
    decay = next(r for r in runs if r["kind"] == "decay")
    assert str(summary_of(decay["summary"], decay["summary_message"])).startswith("Too little history before")


def test_a_shop_whose_customers_each_bought_once_trains_what_it_can_on_the_command_line(tmp_path, capsys):
    """A year of one-off buyers in three categories (a retail sample dataset's shape): no customer lapses at a
    past cut without lapsing at all (the decay backtest's learned candidates met one class and the command
    failed on scikit-learn's "needs samples of at least 2 classes"), and none begins a new category (migration's
    fits met it too). Every model trains or says why not; no warning is raised (warnings are errors here: the
    customers model's spend correlation warned on constant inputs)."""
    import random
    from datetime import date, timedelta

    rng = random.Random(1)
    lines = ["Transaction ID,Date,Customer ID,Product Category,Quantity,Total Amount"]
    for i in range(300):
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(365))
        lines.append(f"{i + 1},{day},CUST{i + 1:03d},{rng.choice(['Beauty', 'Clothing', 'Electronics'])},1,"
                     f"{rng.choice([25, 50, 300])}")
    out = _imported_and_trained(tmp_path, "retail_sales.csv", lines, capsys)
    assert [r["kind"] for r in out["runs"]] == ["customers", "segments", "decay"]
    # it said "too little history" of a year's export
    customers = next(r["message"] for r in out["runs"] if r["kind"] == "customers")
    assert "No customer bought again in the 4 weeks after any past cut" in customers
    reasons = {s["model"]: s["reason"] for s in out["skipped"]}
    assert "at no past cut did a customer of this shop do so in the 4 weeks after it" in reasons["migration"]
    assert "20 established customers" in reasons["transfer"]


def test_a_one_category_shop_trains_what_it_can_and_says_it_in_the_singular(tmp_path, capsys):
    """A roaster's coffee alone: one interest cluster and one category, said so ("1 interest clusters", "1
    categories" before); migration and transfer need two categories and say it."""
    import random
    from datetime import date, timedelta

    rng = random.Random(2)
    lines = ["customer_id,ts,order_id,category,amount"]
    for c in range(120):
        for o in range(rng.randint(1, 12)):
            lines.append(f"C{c},{date(2024, 1, 1) + timedelta(days=rng.randrange(300))} 10:00:00,O{c}-{o},Coffee,12")
    out = _imported_and_trained(tmp_path, "coffee.csv", lines, capsys)
    said = {r["kind"]: r["message"] for r in out["runs"]}
    assert list(said) == ["customers", "segments", "decay"]
    assert "customers in 1 interest cluster (" in said["segments"]
    assert said["decay"].startswith("1 category, ") and "to lapse from it." in said["decay"]
    reasons = {s["model"]: s["reason"] for s in out["skipped"]}
    assert "needs purchases in at least two categories" in reasons["migration"]
    assert "at least two categories" in reasons["transfer"]


def _imported_and_trained(tmp_path, name: str, lines: list[str], capsys) -> dict:
    """``lines`` written as a shop's export, imported and trained on the command line: what ``train --json`` said."""
    from cli.app import main

    shop = tmp_path / name
    shop.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "p.shiftwise"
    assert main(["import", str(project), str(shop)]) == 0
    capsys.readouterr()
    assert main(["train", str(project), "--json"]) == 0
    return json.loads(capsys.readouterr().out)
