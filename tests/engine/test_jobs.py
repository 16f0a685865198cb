import threading

import pytest

from engine.jobs import CancelToken, JobCancelled, Progress, SubProgress, result_or_cancel
from tests.waits import HANG_S


def test_cancel_raises_at_checkpoint_and_fires_callbacks_once():
    token = CancelToken()
    calls = []
    with token.on_cancel(lambda: calls.append("interrupt")):
        token.raise_if_cancelled()
        token.cancel()
        token.cancel()
        with pytest.raises(JobCancelled):
            token.raise_if_cancelled()
    assert calls == ["interrupt"]


def test_callback_registered_after_cancel_runs_at_once():
    token = CancelToken()
    token.cancel()
    calls = []
    with token.on_cancel(lambda: calls.append(1)):
        pass
    assert calls == [1]


class _WatchedEvent(threading.Event):
    """The token's run flag, telling the test when a checkpoint starts waiting on it."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = threading.Event()

    def wait(self, timeout=None):
        self.waiting.set()
        return super().wait(timeout)


def _paused_worker(token: CancelToken, outcome: list) -> threading.Thread:
    """A thread held at a checkpoint of the paused ``token`` (returned once it waits there)."""
    token.pause()
    token._running = watched = _WatchedEvent()   # cleared, as pause left it

    def work():
        try:
            token.raise_if_cancelled()
            outcome.append("passed")
        except JobCancelled:
            outcome.append("cancelled")

    t = threading.Thread(target=work)
    t.start()
    assert watched.waiting.wait(HANG_S), "the checkpoint did not hold"
    return t


def test_pause_holds_checkpoint_until_resume():
    token = CancelToken()
    outcome = []
    t = _paused_worker(token, outcome)
    outcome.append("resume")      # the worker is waiting: nothing can have passed yet
    token.resume()
    t.join(HANG_S)
    assert outcome == ["resume", "passed"]


def test_cancel_releases_a_paused_job():
    token = CancelToken()
    outcome = []
    t = _paused_worker(token, outcome)
    token.cancel()
    t.join(HANG_S)
    assert outcome == ["cancelled"]


def test_sub_progress_maps_onto_parent_slice():
    seen = []
    sub = SubProgress(lambda d, t, m="", p=None: seen.append((d, t, m)), 40, 60)
    sub(5, 10, "half")
    assert seen == [(50.0, 100.0, "half")]
    assert Progress(1, 4).fraction == 0.25 and Progress(1, 0).fraction is None


def test_warm_up_imports_the_model_libraries_and_can_be_cancelled():
    import sys

    from engine.models.warmup import HEAVY_MODULES, warm_up

    seen = []
    assert warm_up(progress=lambda d, t, m="", p=None: seen.append(m)) == list(HEAVY_MODULES)
    assert all(name in sys.modules for name in HEAVY_MODULES)
    assert str(seen[-1]) == "Model libraries ready"
    token = CancelToken()
    token.cancel()
    with pytest.raises(JobCancelled):
        warm_up(cancel=token)


def test_warm_up_beside_the_block_runs_on_its_own_thread_and_is_joined_as_the_block_ends(monkeypatch):
    """The command line's training of several models loads the libraries beside it (not torch: its memory would
    sit beside decay's peak): on a thread of its own, with the block's cancel, joined when the block ends (nothing
    left running), a library that fails to load left to the model that imports it."""
    import threading

    from engine.models import warmup

    started, release, calls = threading.Event(), threading.Event(), []

    def loading(cancel=None, modules=warmup.HEAVY_MODULES):
        calls.append((threading.current_thread().name, cancel, modules))
        started.set()
        assert release.wait(HANG_S)
        raise ImportError("no such library")

    monkeypatch.setattr(warmup, "warm_up", loading)
    token = CancelToken()
    before = threading.active_count()
    with warmup.warmed_up_beside(token):
        assert started.wait(HANG_S)
        assert threading.active_count() == before + 1       # loading while the block runs
        release.set()
    assert threading.active_count() == before
    assert calls == [("warm-up", token, warmup.BESIDE_MODULES)]
    assert "numba" in warmup.BESIDE_MODULES and not any(m.startswith("torch") for m in warmup.BESIDE_MODULES)


def test_the_command_line_loads_the_libraries_beside_a_training_of_several_models(monkeypatch, demo_project_file,
                                                                                  tmp_path):
    import shutil
    from contextlib import contextmanager

    from cli.app import main
    from engine.models import warmup

    beside = []

    @contextmanager
    def recorded(cancel=None):
        beside.append(cancel is not None)
        yield

    monkeypatch.setattr(warmup, "warmed_up_beside", recorded)
    project = tmp_path / "p.shiftwise"
    shutil.copy(demo_project_file, project)
    assert main(["train", str(project), "--models", "segments"]) == 0
    assert beside == []                 # one model: it loads what it needs itself
    assert main(["train", str(project), "--models", "segments,customers"]) == 0
    assert beside == [True]


def test_a_result_awaited_is_given_or_cancelled_however_the_cancel_comes():
    from concurrent.futures import Future

    done: Future[int] = Future()
    done.set_result(7)
    assert result_or_cancel(done, CancelToken()) == 7 and result_or_cancel(done, None) == 7
    # a result that never comes: a cancel made before the wait, or from another thread at any time, ends it
    never: Future[int] = Future()
    token = CancelToken()
    token.cancel()
    with pytest.raises(JobCancelled):
        result_or_cancel(never, token)
    token = CancelToken()
    canceller = threading.Thread(target=token.cancel)
    canceller.start()
    with pytest.raises(JobCancelled):
        result_or_cancel(never, token)
    canceller.join(HANG_S)
    assert not never.done() and not token._callbacks           # the wait left no callback on the token
    # a result that came, then a cancel: the cancel wins (the job is over)
    with pytest.raises(JobCancelled):
        result_or_cancel(done, token)
