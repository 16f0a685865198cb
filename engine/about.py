"""Version numbers for Help ▸ About and `--version`, read without importing the heavy libraries."""

from __future__ import annotations

from importlib import metadata

#: The app's version; pyproject.toml reads it from here (one place to change).
APP_VERSION = "0.1.0"


def package_version(name: str) -> str:
    """A distribution's version from its metadata (no import: torch takes seconds to load)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    import duckdb

    return {"Shiftwise": APP_VERSION, "DuckDB": duckdb.__version__, "PyTorch": package_version("torch")}
