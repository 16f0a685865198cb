"""Errors a user can read: raised when a project file cannot be opened or used."""

from __future__ import annotations

from typing import Any


class ProjectError(Exception):
    """A project problem with a message fit for a dialog or a CLI's one-line reason.

    Raised with a :class:`engine.messages.Message`, ``str(exc)`` is its English text and
    ``exc.message`` the message the GUI translates; raised with a string, both are that string.
    """

    def __init__(self, message: Any = "", *args: Any) -> None:
        super().__init__(str(message), *args)
        self.message = message


class TooLittleData(ProjectError):
    """The data cannot train a model: too little history, too few buyers, no events before the as-of date.
    Its run is recorded as skipped with this reason (engine.store.runs), not as a failure."""


class ProjectLockedError(ProjectError):
    """Another process has the project open."""


class ProjectTooNewError(ProjectError):
    """The file was written by a newer Shiftwise than this one."""


class NotAProjectError(ProjectError):
    """The file exists but is not a Shiftwise project (or is damaged)."""


class DamagedProjectError(NotAProjectError):
    """The file is a project but part of it is missing or unreadable (cut short, bad blocks)."""


class DamagedJournalError(NotAProjectError):
    """The project's journal (.wal) cannot be replayed; ``repair`` sets it aside."""


def is_disk_full(exc: BaseException) -> bool:
    """A write that failed because the disk (or the user's quota) is full, however it surfaced."""
    import errno

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(exc).lower()
        if "no space left on device" in text or "disk is full" in text or "not enough space on the disk" in text:
            return True
        exc = exc.__cause__ or exc.__context__
    return False
