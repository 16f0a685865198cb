"""Writing tables out of the project: CSV, Parquet, XLSX; safe for spreadsheets."""

from engine.export.safety import neutralise, neutralise_sql
from engine.export.writer import ExportError, write_query

__all__ = ["ExportError", "neutralise", "neutralise_sql", "write_query"]
