"""What every command shares: a terminal progress bar, --json output, one-line errors, exit codes."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from engine.jobs import CancelToken, JobCancelled
from engine.store import Project, open_project
from engine.store.errors import ProjectError, is_disk_full

#: What the command line's exit codes mean (also in --help and the README).
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERNAL, EXIT_CANCELLED = 0, 1, 2, 3, 130
EXIT_CODES_HELP = """exit codes:
  0    done
  1    a known problem (a bad file, a damaged project, a full disk...): the reason is on one line
  2    the command line itself is wrong (usage)
  3    an internal error: the traceback is written to the log, whose path is printed
  130  cancelled (Ctrl-C); nothing half-done is left behind"""

log = logging.getLogger("shiftwise.cli")


class CliError(Exception):
    """A failure reported as one line and a non-zero exit."""


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary")


class TerminalProgress:
    """A tqdm bar on a terminal; silent when output is piped or --json is asked."""

    def __init__(self, enabled: bool) -> None:
        self._bar = None
        self._enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: float, total: float, message: str = "", partial: Any = None) -> None:
        if not self._enabled:
            return
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(total=100, file=sys.stderr, leave=False,
                             bar_format="{l_bar}{bar}| {elapsed}<{remaining}")
        frac = (done / total) if total else 0.0
        self._bar.n = round(100 * max(0.0, min(1.0, frac)), 1)
        if message:
            self._bar.set_description_str(str(message)[:40], refresh=False)  # a Message reads in English
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@contextmanager
def project_for(path: str) -> Iterator[Project]:
    p = Path(path)
    if not p.exists():
        raise CliError(f"No project at {p} (the import command creates one)")
    project = open_project(p)
    try:
        yield project
    finally:
        project.close()


def emit(args: argparse.Namespace, summary: dict[str, Any], lines: list[str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(summary, default=str, indent=2, sort_keys=True))
    else:
        for line in lines:
            print(line)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextmanager
def _ctrl_c_cancels(cancel: CancelToken) -> Iterator[list[bool]]:
    """Ctrl-C fires the cancel token (which interrupts a running query) and raises KeyboardInterrupt.

    Whatever exception then surfaces (DuckDB reports an interrupted query as a
    RuntimeError, say), the command was cancelled: the flag says so.
    """
    pressed = [False]

    def on_sigint(signum, frame):
        pressed[0] = True
        # from another thread: the handler may run while this thread holds the token's lock
        threading.Thread(target=cancel.cancel, name="ctrl-c", daemon=True).start()
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread: leave signals alone
        yield pressed
        return
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _log_internal_error(exc: BaseException) -> Path | None:
    """Write the traceback to the log file; returns its path (None when the log cannot be written)."""
    try:
        from engine.paths import log_dir

        path = log_dir() / "shiftwise.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"shiftwise {' '.join(sys.argv[1:])}\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        return path
    except OSError:
        return None


def run_command(func, args: argparse.Namespace) -> int:
    progress = TerminalProgress(enabled=not getattr(args, "json", False))
    cancel = CancelToken()
    with _ctrl_c_cancels(cancel) as pressed:
        try:
            func(args, progress, cancel)
            return EXIT_OK
        except (KeyboardInterrupt, JobCancelled):
            return _cancelled(progress, cancel)
        except (CliError, ProjectError, OSError, ValueError) as exc:
            if pressed[0]:
                return _cancelled(progress, cancel)
            progress.close()
            # our own messages already say which disk; a raw OSError or DuckDB error does not
            worded = "no space left on the disk" in str(exc).lower()
            message = _disk_full_message(args) if is_disk_full(exc) and not worded else _first_line(exc)
            print(f"shiftwise: {message}", file=sys.stderr)
            return EXIT_PROBLEM
        except Exception as exc:
            if pressed[0]:
                return _cancelled(progress, cancel)
            progress.close()
            if is_disk_full(exc):
                print(f"shiftwise: {_disk_full_message(args)}", file=sys.stderr)
                return EXIT_PROBLEM
            if _is_damage(exc):
                project = getattr(args, "project", "the project")
                print(f"shiftwise: {project} is damaged ({_first_line(exc)}); open a backup copy of it instead",
                      file=sys.stderr)
                return EXIT_PROBLEM
            where = _log_internal_error(exc)
            print(f"shiftwise: internal error: {type(exc).__name__}: {_first_line(exc)}"
                  + (f" (details in {where})" if where else ""), file=sys.stderr)
            return EXIT_INTERNAL
        finally:
            progress.close()


def _is_damage(exc: BaseException) -> bool:
    """A block of the project that fails its checksum or is missing, found after the checks on open."""
    text = str(exc).lower()
    return type(exc).__module__.startswith(("duckdb", "_duckdb")) and (
        "checksum" in text or "could not read enough bytes" in text)


def _cancelled(progress: TerminalProgress, cancel: CancelToken) -> int:
    cancel.cancel()
    progress.close()
    print("shiftwise: cancelled", file=sys.stderr)
    return EXIT_CANCELLED


def _disk_full_message(args: argparse.Namespace) -> str:
    project = getattr(args, "project", None)
    where = f" ({Path(project).resolve().parent})" if project else ""
    return f"No space left on the disk that holds the project{where}; the project is unchanged. Free some space and try again"
