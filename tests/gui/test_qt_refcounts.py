"""PySide6 6.12.0 drops a reference to True on every Python ``Signal.emit``: after enough progress
reports the interpreter aborts ("bool_dealloc: deallocating True or False"), in the app and in
the test run. The pinned PySide6 must not do that."""

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    payload = Signal(object)


def test_emitting_signals_keeps_the_refcounts_of_true_false_and_none(qapp):
    emitter = _Emitter()
    emitter.plain.connect(lambda: None)
    emitter.payload.connect(lambda value: None)
    # no collection inside the window: one that frees an earlier test's cyclic garbage takes a reference
    # to None per slot that held it, as the bug does (300 such objects moved None's count by -300)
    gc.collect()
    gc.disable()
    try:
        before = [sys.getrefcount(v) for v in (True, False, None)]
        for _ in range(200):
            emitter.plain.emit()
            emitter.payload.emit(None)
        after = [sys.getrefcount(v) for v in (True, False, None)]
    finally:
        gc.enable()
    # the bug takes one reference per emit (400 here); other objects may come and go meanwhile
    assert all(a - b > -50 for a, b in zip(after, before)), (before, after)
