"""A way back from a damaged journal: set it aside, open the project as last saved, say what was lost.

DuckDB writes changes to ``PROJECT.wal`` and folds them into the project file at
a checkpoint (on close, or when the journal grows). A journal damaged by a crash
or a bad disk stops the project from opening at all. Repair keeps the journal
(renamed so its name says what it is, beside the project), opens the project at
its last checkpoint and reads what it can out of the journal's bytes: which
tables it changed and which imported files it named.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from engine.messages import Message, msg
from engine.store.errors import ProjectError
from engine.store.project import Project, journal_path, open_project

#: Tables whose changes a user would miss, and how to say so.
_WHAT = {"imports": "imports", "events": "imported events", "customer_attributes": "customer attributes",
         "model_runs": "model runs", "campaigns": "campaigns", "saved_mappings": "saved column mappings"}
_FILE_RE = re.compile(rb"[^\x00-\x1f/\\]{1,200}\.(?:csv|tsv|txt|xlsx|parquet|gz|zip)\b", re.IGNORECASE)
_WORD_RE = re.compile(rb"[a-z_]{4,40}")


@dataclass
class RepairReport:
    project: Path
    journal_kept: Path | None
    journal_bytes: int = 0
    tables: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in English (the CLI, the log)."""
        return [str(m) for m in self.messages()]

    def messages(self) -> list[Message]:
        if self.journal_kept is None:
            return [msg("repair.nothing", name=self.project.name)]
        out = [msg("repair.set_aside", journal=self.journal_kept.name, bytes=self.journal_bytes),
               msg("repair.opens", name=self.project.name)]
        if self.tables:
            out.append(msg("repair.lost", what=[msg(f"repair.what.{t}") if t in _WHAT else t for t in self.tables]))
        if self.files:
            out.append(msg("repair.import_again", files=", ".join(self.files)))
        if not self.tables and not self.files:
            out.append(msg("repair.unknown"))
        return out

    def to_dict(self) -> dict:
        return {"project": str(self.project), "journal_kept": str(self.journal_kept) if self.journal_kept else None,
                "journal_bytes": self.journal_bytes, "lost_tables": self.tables, "lost_files": self.files}


def damaged_journal_name(project: Path, when: dt.datetime | None = None) -> Path:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return project.with_name(f"{project.name}.damaged-journal-{stamp}.wal")


def what_the_journal_held(data: bytes, known_tables: list[str]) -> tuple[list[str], list[str]]:
    """The tables and imported file names a journal's bytes name (they are stored as plain strings)."""
    words = {m.group().decode() for m in _WORD_RE.finditer(data)}
    tables = [t for t in known_tables if t in words]
    files = sorted({m.group().decode("utf-8", "replace").strip() for m in _FILE_RE.finditer(data)})
    return tables, files


def repair_project(path: str | os.PathLike[str]) -> RepairReport:
    """Set a damaged journal aside and check that the project opens; raises ProjectError if it still does not."""
    path = Path(path)
    if not path.exists():
        raise ProjectError(msg("project.missing", path=str(path)))
    wal = journal_path(path)
    if not wal.exists():
        open_project(path).close()  # refuses clearly if the file itself is damaged
        return RepairReport(path, None)
    data = wal.read_bytes()
    kept = damaged_journal_name(path)
    os.replace(wal, kept)
    try:
        project: Project = open_project(path)
    except BaseException:
        # the project is damaged beyond its journal: put the journal back as it was
        if not wal.exists():
            os.replace(kept, wal)
        raise
    try:
        known = [r[0] for r in project.query(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name")]
    finally:
        project.close()
    tables, files = what_the_journal_held(data, known)
    return RepairReport(path, kept, len(data), tables, files)
