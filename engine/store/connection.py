"""Every DuckDB connection the app opens: offline, and what a file is when it is not a project.

Shiftwise promises to work offline. DuckDB, given a file it cannot read itself
(a SQLite database, an https:// path), would download and load an extension:
autoinstall and autoload are off on every connection, and nothing is ever INSTALLed.

Every connection also gets the process's :class:`DuckDBLimits` (memory and threads): the
front end sets them once (:func:`set_limits`, from the user's settings) and they apply to
every connection opened after that.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from engine.messages import msg
from engine.store.errors import ProjectError

#: Passed to every ``duckdb.connect``: DuckDB may never fetch or load an extension on its own.
OFFLINE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
#: DuckDB's allocator keeps the memory a query freed until its next allocations reuse it. Its background
#: threads hand freed pages back to the system: a 497 MB hold fell to 83 MB in 2 s
#: (tests/bench/bench_allocator_release.py), and migration after decay at long 10^7 in one process
#: started from 1,086 MB instead of 1,236 (430 MB alone: the rest of the gap is not DuckDB's).
RELEASE_CONFIG = {"allocator_background_threads": True}

#: Below this DuckDB cannot hold a chunk of a wide table (and sorts spill at once).
MIN_MEMORY_BYTES = 256 * 1000**2
_UNITS = {"kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}
_MEMORY_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b)\s*$", re.IGNORECASE)


def total_memory_bytes() -> int:
    """The machine's physical memory (8 GB when the system does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 8 * 1000**3


def max_threads() -> int:
    return os.cpu_count() or 1


def default_threads() -> int:
    """Every core, in the window as from the command line.

    The window kept a core back for itself, so a 2-core laptop trained on one: importing and training every
    model took 340.5 s there against 280.6 s on both at wide 10^7, 360.0 s against 215.2 s at long 10^7; the
    event loop's longest stall was 23 / 19 ms against 20 / 27 ms, and the process peaked at 1,664 / 1,742 MB
    against 1,817 / 1,948 MB (tests/bench/results/gui_latency_1e7_{wide,long}_threads{1,2}_s56.json, one run
    each). The GUI's thread wakes for milliseconds at a time: the system's scheduler serves it between the
    workers' slices."""
    return max_threads()


#: DuckDB's share of the app's memory budget (issue #13: the whole process under 2 GB at 10^7
#: events). DuckDB fills whatever limit it has before it spills to ``temp_directory``: at 40% of
#: a 20 GB machine a decay fit of 10^7 events peaked at 8 GB. The models' own arrays take the rest.
MAX_DUCKDB_MB = 1024


#: What the window holds beyond the command line, taken off DuckDB's default cap in the window's process
#: (:func:`reserve_for_window`): Qt, the plots, the model libraries loaded ahead of time (engine.models.warmup)
#: and every model run in one process. At long 10^7 the window peaked at 2,035 MB in decay (session 13, CLI
#: ~1,700); with PySide6's module scan fixed (gui.pyside_source_scan), 1,882 MB in decay and 1,939 in
#: migration (session 14): too close to the 2 GB the issue allows.
WINDOW_RESERVE_MB = 256
_reserved_mb = 0


def reserve_for_window() -> None:
    """The window's process: DuckDB's default cap leaves :data:`WINDOW_RESERVE_MB` to the window (a limit the
    user set is kept as set)."""
    global _reserved_mb
    _reserved_mb = WINDOW_RESERVE_MB


def default_memory_limit() -> str:
    """40% of RAM, at most :data:`MAX_DUCKDB_MB` less what the window keeps (:func:`reserve_for_window`);
    ``SHIFTWISE_MEMORY_LIMIT`` (e.g. ``4GB``) overrides."""
    override = os.environ.get("SHIFTWISE_MEMORY_LIMIT", "").strip()
    if override:
        return override
    return f"{max(256, min(MAX_DUCKDB_MB - _reserved_mb, int(total_memory_bytes() * 0.4 / 1024**2)))}MB"


def memory_bytes(text: str) -> int:
    """``"4GB"``, ``"512 MiB"``... in bytes (DuckDB's units: GB = 1000³, GiB = 1024³)."""
    match = _MEMORY_RE.match(text or "")
    if not match:
        raise ProjectError(msg("settings.bad_memory_size", value=repr(text)))
    return int(float(match[1]) * _UNITS[match[2].lower()])


def format_bytes(n: int) -> str:
    return f"{n / 1000**3:.1f} GB" if n >= 1000**3 else f"{n / 1000**2:.0f} MB"


@dataclass(frozen=True)
class DuckDBLimits:
    """Memory and threads of every DuckDB connection; None means the default (40% of RAM at most
    :data:`MAX_DUCKDB_MB`, every core)."""

    memory_limit: str | None = None     # a size DuckDB reads: "4GB", "512MB"
    threads: int | None = None

    def validated(self) -> "DuckDBLimits":
        """These limits, or a ProjectError whose message names the allowed range."""
        if self.memory_limit is not None:
            n = memory_bytes(self.memory_limit)
            top = total_memory_bytes()
            if not MIN_MEMORY_BYTES <= n <= top:
                raise ProjectError(msg("settings.bad_memory", low=format_bytes(MIN_MEMORY_BYTES), high=format_bytes(top),
                                       value=self.memory_limit))
        if self.threads is not None and not 1 <= int(self.threads) <= max_threads():
            raise ProjectError(msg("settings.bad_threads", max=max_threads(), value=self.threads))
        return self

    def config(self) -> dict[str, object]:
        """What ``duckdb.connect`` is given, defaults filled in."""
        return {"memory_limit": (self.memory_limit or default_memory_limit()).replace(" ", ""),
                "threads": int(self.threads or default_threads())}


_limits = DuckDBLimits()


def set_limits(limits: DuckDBLimits) -> None:
    """The limits of every connection opened from now on (the open ones keep theirs)."""
    global _limits
    _limits = limits.validated()


def current_limits() -> DuckDBLimits:
    return _limits


def connect(path: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (in memory without ``path``) that never reaches the network, with the
    process's memory and thread limits."""
    return duckdb.connect(":memory:" if path is None else str(path),
                          config={**OFFLINE_CONFIG, **RELEASE_CONFIG, **_limits.config()})


#: First bytes of files people give as a project by mistake, and what to call them.
_MAGIC = (
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or Office file"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"%PDF", "a PDF document"),
)
_DUCKDB_MAGIC = b"DUCK"  # at byte 8 of a DuckDB file


def foreign_kind(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when its first bytes say it is not a DuckDB file; None for DuckDB, empty or unknown."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if not head or head[8:12] == _DUCKDB_MAGIC:
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        # an .xlsx is a zip whose first entries name the Office parts
        return "an Excel workbook (.xlsx)" if b"[Content_Types].xml" in head or b"xl/" in head else "a zip archive"
    if _looks_like_text(head):
        first = head.split(b"\n", 1)[0]
        if any(sep in first for sep in (b",", b";", b"\t", b"|")):
            return "a CSV (text) file"
        return "a text file"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is still text
        if exc.start < len(head) - 4:
            return False
    return True
