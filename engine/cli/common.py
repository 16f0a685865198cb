"""What every command shares: a terminal progress bar, --json output, one-line errors."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from engine.jobs import CancelToken
from engine.store import Project, open_project
from engine.store.errors import ProjectError


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
            self._bar.set_description_str(message[:40], refresh=False)
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


def run_command(func, args: argparse.Namespace) -> int:
    progress = TerminalProgress(enabled=not getattr(args, "json", False))
    cancel = CancelToken()
    try:
        func(args, progress, cancel)
        return 0
    except KeyboardInterrupt:
        cancel.cancel()
        print("shiftwise: cancelled", file=sys.stderr)
        return 130
    except (CliError, ProjectError, OSError, ValueError) as exc:
        progress.close()
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"shiftwise: {message}", file=sys.stderr)
        return 1
    except Exception as exc:  # anything else is still one line, not a traceback
        progress.close()
        text = str(exc).strip().splitlines()
        print(f"shiftwise: {type(exc).__name__}: {text[0] if text else ''}", file=sys.stderr)
        return 2
    finally:
        progress.close()
