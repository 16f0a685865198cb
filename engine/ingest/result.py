"""What an import reports back to the CLI and the GUI."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class ImportResult:
    file_name: str
    format: str
    rows_loaded: int
    rows_rejected: int
    rows_duplicate: int = 0
    import_id: int | None = None
    already_imported: bool = False
    message: str = ""
    rows_skipped: int = 0          # rows the format leaves out by design (cancelled orders, GA4 page events)
    encoding: str = ""
    ts_format: str = ""
    groups: str = ""               # what grouping the products after the import did (engine/catalog)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        if self.already_imported:
            return f"{self.file_name}: already imported, nothing changed"
        parts = [f"{self.file_name}: {self.format}, {self.rows_loaded:,} rows imported"]
        if self.rows_rejected:
            parts.append(f"{self.rows_rejected:,} rejected")
        if self.rows_duplicate:
            parts.append(f"{self.rows_duplicate:,} already in the project")
        if self.rows_skipped:
            parts.append(f"{self.rows_skipped:,} left out (cancelled or non-shopping)")
        return ", ".join(parts) + (f". {self.groups}" if self.groups else "")
