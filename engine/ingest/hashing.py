"""The content hash of an imported file, computed beside the import.

Hashing a 1.5 GB file takes seconds; hashlib releases the GIL, so a helper
thread hashes while DuckDB reads the same file (the OS cache serves both) and
the import checks the digest just before it commits.

Digests are SHA-1, written ``sha1:<hex>`` (twice as fast as BLAKE2b here, which
was 8% of an import's CPU; the digest only recognises a file imported before,
nobody forges it). Projects from before hold bare BLAKE2b hex digests:
:func:`legacy_digest` computes one when such an import has the file's size.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from engine.jobs import CancelToken

CHUNK = 4 * 1024 * 1024
PREFIX = "sha1:"


def legacy_digest(path: Path, cancel: CancelToken | None = None) -> str:
    """The BLAKE2b digest imports were recorded with before SHA-1."""
    digest = hashlib.blake2b(digest_size=32)
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            if cancel is not None:
                cancel.raise_if_cancelled()
            digest.update(block)
    return digest.hexdigest()


class BackgroundHash:
    """Starts hashing ``path`` at once on a daemon thread; :meth:`result` waits for it."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stop = threading.Event()
        self._digest: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="import-hash", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            digest = hashlib.sha1(usedforsecurity=False)
            with open(self._path, "rb") as fh:
                while not self._stop.is_set() and (block := fh.read(CHUNK)):
                    digest.update(block)
            self._digest = PREFIX + digest.hexdigest()
        except BaseException as exc:  # reported to the waiting caller
            self._error = exc

    def result(self, cancel: CancelToken | None = None) -> str:
        while self._thread.is_alive():
            if cancel is not None:
                cancel.raise_if_cancelled()
            self._thread.join(0.1)
        if self._error is not None:
            raise self._error
        assert self._digest is not None
        return self._digest

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
