"""Errors a user can read: raised when a project file cannot be opened or used."""

from __future__ import annotations


class ProjectError(Exception):
    """A project problem with a message fit for a dialog or a CLI's one-line reason."""


class ProjectLockedError(ProjectError):
    """Another process has the project open."""


class ProjectTooNewError(ProjectError):
    """The file was written by a newer Shiftwise than this one."""


class NotAProjectError(ProjectError):
    """The file exists but is not a Shiftwise project (or is damaged)."""
