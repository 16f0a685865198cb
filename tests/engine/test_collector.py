import gc
import threading

from engine import collector


def test_pauses_nest_and_the_collector_comes_back_only_after_the_last():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()   # an inner end (another thread's, say) does not switch it on
    assert gc.isenabled()


def test_a_pause_overlapping_another_threads_keeps_it_off_until_both_end():
    entered, release = threading.Event(), threading.Event()

    def other():
        with collector.paused():
            entered.set()
            release.wait()

    t = threading.Thread(target=other)
    t.start()
    entered.wait()
    with collector.paused():
        pass
    assert not gc.isenabled()   # the other thread's pause still runs
    release.set()
    t.join()
    assert gc.isenabled()


def test_a_collector_off_before_stays_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_warm_up_leaves_the_collector_on_and_the_imports_frozen():
    from engine.models.warmup import native_libraries, warm_up

    assert all(p.exists() for p in native_libraries("torch")) and native_libraries("torch")
    assert native_libraries("no_such_package_here") == []
    warm_up()
    assert gc.isenabled() and gc.get_freeze_count() > 0
