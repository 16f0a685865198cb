"""How long a test waits on a real event (a signal, a set flag) before it calls the wait hung.

A wait on a real event is no speed expectation: it ends when the event comes, however slow the
machine. Its limit only turns a hang into a failure, so it is set far above any honest run on a
loaded machine (2 cores at load 15 made 60 s fail; the decay page's real fit took 114 s at load
19), just below pytest-timeout's 600 s per test so a hang still names the wait that hung.
"""

#: Milliseconds, for qtbot.waitSignal / waitUntil / waitCallback.
HANG_MS = 540_000
#: Seconds, for threading.Event.wait, Thread.join and subprocess waits.
HANG_S = HANG_MS / 1000


def wait_for_data_figures(qtbot, page) -> None:
    """Until the Data page's counting job (its cards, its chart, the window's status line) has shown its figures.

    Its result comes back through the event loop, which the test's own code does not run: a job under way is
    waited for on the page's signal; one whose figures are shown already is not."""
    if page.counting is not None:
        with qtbot.waitSignal(page.health_read, timeout=HANG_MS):
            pass


def wait_for_preview(qtbot, dialog) -> None:
    """Until the mapping dialog's preview of the columns as chosen is shown (it reads the file as a job).

    A preview under way is waited for on the dialog's signal; with none under way the one shown is the last
    change's (a change the preview needs no file for is shown at once)."""
    if dialog.previewing is not None:
        with qtbot.waitSignal(dialog.previewed, timeout=HANG_MS):
            pass
