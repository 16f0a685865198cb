import logging

from engine.paths import log_dir
from engine.store.errors import ProjectLockedError
from gui import errors


def test_unhandled_exception_is_logged_and_shown(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(errors, "show_error", lambda title, exc, parent=None: shown.append((title, str(exc))))
    path = errors.setup_logging()
    try:
        raise RuntimeError("a slot broke")
    except RuntimeError as exc:
        errors._excepthook(type(exc), exc, exc.__traceback__)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert shown == [("Something went wrong", "a slot broke")]
    assert path.parent == log_dir()
    text = path.read_text(encoding="utf-8")
    assert "a slot broke" in text and "Traceback" in text


def test_user_messages_keep_our_own_errors_plain():
    assert errors.user_message(ProjectLockedError("shop.shiftwise is open in another program")) == \
        "shop.shiftwise is open in another program"
    assert errors.user_message(KeyError("x")) == "KeyError: 'x'"
