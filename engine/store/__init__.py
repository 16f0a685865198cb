"""The project file: schema, migrations, cursors."""

from engine.store.errors import (DamagedJournalError, DamagedProjectError, NotAProjectError, ProjectError,
                                 ProjectLockedError, ProjectTooNewError)
from engine.store.migrations import SCHEMA_VERSION
from engine.store.project import PROJECT_SUFFIX, Project, create_project, open_project

__all__ = [
    "PROJECT_SUFFIX", "Project", "create_project", "open_project", "SCHEMA_VERSION",
    "ProjectError", "ProjectLockedError", "ProjectTooNewError", "NotAProjectError", "DamagedProjectError",
    "DamagedJournalError",
]
