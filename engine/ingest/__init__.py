"""Readers, format recognition, column mapping, rejects."""

from engine.ingest.errors import ImportError_
from engine.ingest.mapping import Mapping
from engine.ingest.result import ImportResult
from engine.ingest.preview import preview_mapping
from engine.ingest.service import FileInspection, ImportOutcome, NeedsMapping, import_file, import_files, inspect_file

__all__ = ["ImportResult", "ImportError_", "NeedsMapping", "ImportOutcome", "FileInspection", "Mapping", "import_file",
           "import_files", "inspect_file", "preview_mapping"]
