"""The one error an import raises for a file it cannot take, worded for the user."""

from __future__ import annotations

from typing import Any


class ImportError_(Exception):
    """A file that cannot be imported, with a message for the user.

    Raised with a :class:`engine.messages.Message`, ``str(exc)`` is its English text and
    ``exc.message`` the message the GUI translates; raised with a string, both are that string.
    """

    def __init__(self, message: Any = "", *args: Any) -> None:
        super().__init__(str(message), *args)
        self.message = message
