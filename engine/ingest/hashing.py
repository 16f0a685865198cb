"""The content hash of an imported file, computed beside the import.

A plain UTF-8 text file is read whole as it is opened (to see whether DuckDB's
reader takes it as it is): its digest is taken from that read. Any other file
(compressed, another encoding, a workbook) is hashed by a helper thread while
DuckDB reads it (the hash releases the GIL; the OS cache serves both), and the
import checks the digest just before it commits.

Digests are XXH3-128, written ``xxh3:<hex>``: the digest only recognises a file
imported before, nobody forges it, and on two cores the helper thread takes CPU
from DuckDB's own threads (SHA-1 cost 0.81 CPU s on a 1.2 GB file, XXH3 0.29).
Projects from before hold ``sha1:<hex>`` digests, and older ones bare BLAKE2b
hex digests: :func:`older_digest` computes either kind when such an import has
the file's size.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import xxhash

from engine.ingest.textprep import CleanScan
from engine.jobs import CancelToken

CHUNK = 4 * 1024 * 1024
PREFIX = "xxh3:"
#: The digests of imports recorded before, by the prefix they were written with ("" for BLAKE2b).
OLDER_KINDS = {"sha1:": lambda: hashlib.sha1(usedforsecurity=False), "": lambda: hashlib.blake2b(digest_size=32)}


def older_kind(content_hash: str) -> str:
    """The key of :data:`OLDER_KINDS` a recorded digest was made with."""
    return next((k for k in OLDER_KINDS if k and content_hash.startswith(k)), "")


def older_digest(path: Path, kind: str, cancel: CancelToken | None = None) -> str:
    """The file's digest as imports recorded with ``kind`` (a key of :data:`OLDER_KINDS`) hold it."""
    digest = OLDER_KINDS[kind]()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            if cancel is not None:
                cancel.raise_if_cancelled()
            digest.update(block)
    return kind + digest.hexdigest()


def content_hasher() -> "xxhash.xxh3_128":
    """A hasher for a file's content digest (fed its bytes in order; see :func:`digest_text`)."""
    return xxhash.xxh3_128()


def digest_text(hasher: "xxhash.xxh3_128") -> str:
    return PREFIX + hasher.hexdigest()


def file_stat(path: Path) -> tuple[int, int]:
    """The file's size and modification time (ns): what tells that a digest taken earlier still holds."""
    st = path.stat()
    return st.st_size, st.st_mtime_ns


class KnownDigest:
    """A digest taken already (as the file was opened): answers as :class:`BackgroundHash` does."""

    def __init__(self, digest: str) -> None:
        self._digest = digest

    def result(self, cancel: CancelToken | None = None) -> str:
        return self._digest

    def needs_copy(self, cancel: CancelToken | None = None) -> bool:
        return False

    def stop(self) -> None:
        pass


class BackgroundHash:
    """Starts hashing ``path`` at once on a daemon thread; :meth:`result` waits for it.

    ``scan`` (a :class:`~engine.ingest.textprep.CleanScan`) is fed the same bytes: the one read
    also tells whether DuckDB's strict reader takes the file as it is (:meth:`needs_copy`)."""

    def __init__(self, path: Path, scan: CleanScan | None = None) -> None:
        self._path = path
        self._scan = scan
        self._stop = threading.Event()
        self._digest: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="import-hash", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            digest = content_hasher()
            # one buffer for the whole file, as textprep.needs_copy reads it
            buf = bytearray(CHUNK)
            with open(self._path, "rb", buffering=0) as fh:
                while not self._stop.is_set() and (n := fh.readinto(buf)):
                    block = buf if n == len(buf) else memoryview(buf)[:n].tobytes()
                    digest.update(block)
                    if self._scan is not None:
                        self._scan.feed(block)
            self._digest = digest_text(digest)
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

    def needs_copy(self, cancel: CancelToken | None = None) -> bool:
        """True when the file holds what DuckDB's strict reader cannot take (always False without a scan)."""
        self.result(cancel)
        return self._scan is not None and self._scan.finish()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
