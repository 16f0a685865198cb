"""Model runs read the shop's data unchanged; imports, removals and grouping change it alone (engine/store/data_guard).

Every wait here is on an event the other side sets: no test sleeps or polls a clock.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from engine.jobs import CancelToken, JobCancelled
from engine.messages import Message
from engine.store.data_guard import DataGuard
from engine.store.errors import ProjectError

TIMEOUT = 30   # only a bound on a broken test: each wait ends on an event


class Side:
    """A thread holding the guard (``reading`` or ``changing``) until told to let go; what it saw of the wait."""

    def __init__(self, guard: DataGuard, how: str, log: list[str], name: str, cancel: CancelToken | None = None):
        self.waiting, self.holding, self.release = threading.Event(), threading.Event(), threading.Event()
        self.said: list[str] = []
        self.error: BaseException | None = None

        def progress(done, total, message="", partial=None):
            self.said.append(message.id if isinstance(message, Message) else str(message))
            self.waiting.set()

        def run():
            try:
                with getattr(guard, how)(progress, cancel):
                    log.append(f"{name} in")
                    self.holding.set()
                    assert self.release.wait(TIMEOUT)
                    log.append(f"{name} out")
            except BaseException as exc:   # noqa: BLE001 - handed to the test
                self.error = exc
                self.waiting.set()

        self.thread = threading.Thread(target=run, name=name)
        self.thread.start()

    def finish(self) -> None:
        self.release.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


def test_a_change_waits_for_the_model_runs_and_says_so():
    guard, log = DataGuard(), []
    run_a = Side(guard, "reading", log, "run a")
    run_b = Side(guard, "reading", log, "run b")
    assert run_a.holding.wait(TIMEOUT) and run_b.holding.wait(TIMEOUT)   # runs read together
    change = Side(guard, "changing", log, "import")
    assert change.waiting.wait(TIMEOUT)
    assert change.said == ["progress.waiting.models"] and not change.holding.is_set()
    run_a.finish()
    assert not change.holding.is_set()       # one run still reads
    run_b.finish()
    assert change.holding.wait(TIMEOUT)
    change.finish()
    assert log == ["run a in", "run b in", "run a out", "run b out", "import in", "import out"]
    assert not guard.busy


def test_a_run_waits_for_the_change_under_way():
    guard, log = DataGuard(), []
    change = Side(guard, "changing", log, "removal")
    assert change.holding.wait(TIMEOUT)
    run = Side(guard, "reading", log, "run")
    assert run.waiting.wait(TIMEOUT)
    assert run.said == ["progress.waiting.change"] and not run.holding.is_set()
    change.finish()
    assert run.holding.wait(TIMEOUT)
    run.finish()
    assert log == ["removal in", "removal out", "run in", "run out"]


def test_a_waiting_change_goes_before_runs_asked_for_after_it():
    guard, log = DataGuard(), []
    first = Side(guard, "reading", log, "run 1")
    assert first.holding.wait(TIMEOUT)
    change = Side(guard, "changing", log, "import")
    assert change.waiting.wait(TIMEOUT)
    later = Side(guard, "reading", log, "run 2")
    assert later.waiting.wait(TIMEOUT) and later.said == ["progress.waiting.change"]
    first.finish()
    assert change.holding.wait(TIMEOUT)
    assert not later.holding.is_set()
    change.finish()
    later.finish()
    assert log == ["run 1 in", "run 1 out", "import in", "import out", "run 2 in", "run 2 out"]


def test_cancel_ends_a_wait_at_once_and_lets_the_others_go():
    guard, log = DataGuard(), []
    run = Side(guard, "reading", log, "run 1")
    assert run.holding.wait(TIMEOUT)
    token = CancelToken()
    change = Side(guard, "changing", log, "import", cancel=token)
    assert change.waiting.wait(TIMEOUT)
    held_back = Side(guard, "reading", log, "run 2")
    assert held_back.waiting.wait(TIMEOUT)
    token.cancel()
    change.thread.join(TIMEOUT)
    assert isinstance(change.error, JobCancelled)
    # the cancelled change no longer holds the run asked for after it
    assert held_back.holding.wait(TIMEOUT)
    run.finish()
    held_back.finish()
    assert "import in" not in log and not guard.busy


def test_a_cancel_before_the_wait_ends_it_too():
    """The token cancelled before the change began to wait: its wake found no one waiting, so the wait itself asks."""
    guard, log = DataGuard(), []
    run = Side(guard, "reading", log, "run")
    assert run.holding.wait(TIMEOUT)
    token = CancelToken()
    token.cancel()
    change = Side(guard, "changing", log, "import", cancel=token)
    change.thread.join(TIMEOUT)
    assert not change.thread.is_alive() and isinstance(change.error, JobCancelled)
    run.finish()
    assert log == ["run in", "run out"] and not guard.busy


def test_one_thread_nests_reads_and_changes():
    guard = DataGuard()
    log, change = [], None
    with guard.reading():
        with guard.reading():
            # a change asked for meanwhile does not hold off this thread's own nested read
            change = Side(guard, "changing", log, "import")
            assert change.waiting.wait(TIMEOUT)
            with guard.reading():
                log.append("nested read")
        with pytest.raises(RuntimeError):
            with guard.changing():
                pass
    assert change.holding.wait(TIMEOUT)
    change.finish()
    with guard.changing(), guard.changing(), guard.reading():
        log.append("read inside a change")
    assert log == ["nested read", "import in", "import out", "read inside a change"]
    assert not guard.busy


def test_a_quick_edit_is_refused_while_a_job_uses_the_data():
    guard, log = DataGuard(), []
    run = Side(guard, "reading", log, "run")
    assert run.holding.wait(TIMEOUT)
    with pytest.raises(ProjectError) as refused:
        with guard.change_now():
            pass
    assert refused.value.message.id == "data.busy"
    run.finish()
    with guard.change_now():
        log.append("renamed")
    assert log[-1] == "renamed" and not guard.busy


def test_an_import_asked_for_during_a_model_run_lands_after_it(demo_project, demo_shop, tmp_path: Path,
                                                              monkeypatch):
    """The real path: a model run (through the registry, as the window and the CLI run it) holds the data;
    an import of another file on another thread waits, then lands whole; renaming a group is refused."""
    from engine.catalog.derive import rename_group
    from engine.models import registry
    from engine.workflows import import_shop

    started, release, seen = threading.Event(), threading.Event(), []

    def train(project, *, as_of=None, params=None, progress=None, cancel=None):
        cur = project.cursor()
        seen.append(cur.execute("SELECT count(*) FROM imports").fetchall()[0][0])
        started.set()
        assert release.wait(TIMEOUT)
        seen.append(cur.execute("SELECT count(*) FROM imports").fetchall()[0][0])
        return "trained"

    monkeypatch.setattr(registry.ModelSpec, "train_fn", lambda self: train)
    second = tmp_path / "more.csv"
    lines = demo_shop.events_csv.read_text(encoding="utf-8").splitlines()
    second.write_text("\n".join(lines[:1] + ["X" + line[1:] for line in lines[1:200]]) + "\n",
                      encoding="utf-8")
    results: dict[str, object] = {}
    model = threading.Thread(target=lambda: results.update(
        run=registry.run_model(registry.spec("segments"), demo_project, progress=lambda *a: None)))
    model.start()
    assert started.wait(TIMEOUT)
    waiting = threading.Event()
    said: list[str] = []

    def progress(done, total, message="", partial=None):
        said.append(getattr(message, "id", str(message)))
        waiting.set()

    importer = threading.Thread(target=lambda: results.update(
        imported=import_shop(demo_project, [second], progress=progress)))
    importer.start()
    assert waiting.wait(TIMEOUT) and said[0] == "progress.waiting.models"
    with pytest.raises(ProjectError):
        rename_group(demo_project, "Phones", "Mobiles")
    release.set()
    model.join(TIMEOUT)
    importer.join(TIMEOUT)
    assert not model.is_alive() and not importer.is_alive()
    assert results["run"] == "trained" and seen == [1, 1]    # the run saw one shop from start to end
    [outcome] = results["imported"]
    assert outcome.error is None and outcome.result.rows_loaded
    assert demo_project.cursor().execute("SELECT count(*) FROM imports").fetchall()[0][0] == 2
