"""Files imported before are recognised by their digest: XXH3 now, SHA-1 and BLAKE2b in projects from before."""

from __future__ import annotations

import gzip
import hashlib

import pytest
import xxhash

from engine.ingest import import_file
from engine.ingest.hashing import PREFIX
from engine.ingest.readers import open_source
from engine.store import create_project


def _file(tmp_path, name="orders.csv", extra=""):
    path = tmp_path / name
    path.write_text("customer_id,ts,event_type,order_id,item_id,category,quantity,amount\n"
                    "C1,2024-01-05 10:00:00,purchase,O1,I1,Toys,1,3\n"
                    "C2,2024-01-06 11:00:00,purchase,O2,I2,Toys,2,6\n" + extra)
    return path


_TEXT = ("customer_id,ts,event_type,order_id,item_id,category,quantity,amount\n"
         "C1,2024-01-05 10:00:00,purchase,O1,I1,Spielwaren,1,3\n"
         "C2,2024-01-06 11:00:00,purchase,O2,I2,Bücher,2,6\n")
#: a plain UTF-8 file (hashed as it is opened), one whose line ends make a prepared copy (the same),
#: one in another encoding and a compressed one (hashed beside the import)
_KINDS = {"utf-8": lambda t: t.encode("utf-8"), "cr-line-ends": lambda t: t.replace("\n", "\r").encode("utf-8"),
          "cp1252": lambda t: t.encode("cp1252"), "gzip": lambda t: gzip.compress(t.encode("utf-8"), mtime=0)}


@pytest.mark.parametrize("kind", sorted(_KINDS))
def test_the_digest_is_the_whole_files_however_it_is_read(tmp_path, kind):
    path = tmp_path / ("orders.csv.gz" if kind == "gzip" else "orders.csv")
    path.write_bytes(_KINDS[kind](_TEXT))
    project = create_project(tmp_path / "p.shiftwise")
    first = import_file(project, path)
    assert first.rows_loaded == 2
    digest = project.scalar("SELECT content_hash FROM imports WHERE import_id = ?", [first.import_id])
    assert digest == PREFIX + xxhash.xxh3_128(path.read_bytes()).hexdigest()
    assert import_file(project, path).already_imported
    project.close()


def test_digest_is_xxh3_and_a_second_import_is_known(tmp_path):
    project = create_project(tmp_path / "p.shiftwise")
    path = _file(tmp_path)
    first = import_file(project, path)
    digest = project.scalar("SELECT content_hash FROM imports WHERE import_id = ?", [first.import_id])
    assert digest == PREFIX + xxhash.xxh3_128(path.read_bytes()).hexdigest()
    assert import_file(project, path).already_imported
    project.close()


@pytest.mark.parametrize("kind", ["sha1", "blake2b"])
def test_an_import_recorded_with_an_older_digest_is_still_known(tmp_path, kind):
    project = create_project(tmp_path / "p.shiftwise")
    path = _file(tmp_path)
    first = import_file(project, path)
    # as a project from before XXH3 (sha1:<hex>) or from before SHA-1 (bare BLAKE2b hex) holds it
    older = ("sha1:" + hashlib.sha1(path.read_bytes()).hexdigest() if kind == "sha1"
             else hashlib.blake2b(path.read_bytes(), digest_size=32).hexdigest())
    project.cursor().execute("UPDATE imports SET content_hash = ? WHERE import_id = ?", [older, first.import_id])
    again = import_file(project, path)
    assert again.already_imported and again.import_id == first.import_id
    other = _file(tmp_path, "other.csv", extra="C3,2024-01-07 12:00:00,purchase,O3,I3,Toys,1,3\n")
    assert not import_file(project, other).already_imported
    project.close()


def test_a_file_of_the_same_size_is_compared_by_every_older_kind(tmp_path):
    """One project holding imports of both older kinds: a file is checked against each, and a
    different file of the same size is not taken for either."""
    project = create_project(tmp_path / "p.shiftwise")
    a = _file(tmp_path, "a.csv", extra="C3,2024-01-07 12:00:00,purchase,O3,I3,Toys,1,3\n")
    b = _file(tmp_path, "b.csv", extra="C4,2024-01-07 12:00:00,purchase,O4,I4,Toys,1,3\n")
    assert a.stat().st_size == b.stat().st_size
    first = import_file(project, a)
    cur = project.cursor()
    cur.execute("UPDATE imports SET content_hash = ? WHERE import_id = ?",
                [hashlib.blake2b(a.read_bytes(), digest_size=32).hexdigest(), first.import_id])
    second = import_file(project, b)
    assert not second.already_imported
    cur.execute("UPDATE imports SET content_hash = ? WHERE import_id = ?",
                ["sha1:" + hashlib.sha1(b.read_bytes()).hexdigest(), second.import_id])
    assert import_file(project, a).import_id == first.import_id
    assert import_file(project, b).import_id == second.import_id
    assert import_file(project, a).already_imported and import_file(project, b).already_imported
    project.close()


@pytest.mark.parametrize("kind", sorted(_KINDS))
def test_a_plain_utf8_file_is_hashed_by_the_read_that_opens_it(tmp_path, kind):
    path = tmp_path / ("orders.csv.gz" if kind == "gzip" else "orders.csv")
    path.write_bytes(_KINDS[kind](_TEXT))
    source = open_source(path)
    try:
        taken = kind in ("utf-8", "cr-line-ends")
        assert source.digest == (PREFIX + xxhash.xxh3_128(path.read_bytes()).hexdigest() if taken else None)
    finally:
        source.close()


def test_a_file_changed_after_it_was_opened_is_recorded_by_its_bytes_at_import(tmp_path, monkeypatch):
    """The digest taken as a plain file is opened stands only while the file is unchanged: a file saved
    again before its turn in the import (DuckDB then reads the new bytes) is hashed again."""
    import os

    from engine.ingest import service

    path = _file(tmp_path)
    opened = service.open_source

    def open_then_save_again(p, *args, **kwargs):
        source = opened(p, *args, **kwargs)
        path.write_text(path.read_text() + "C3,2024-01-07 12:00:00,purchase,O3,I3,Toys,1,3\n")
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        return source

    monkeypatch.setattr(service, "open_source", open_then_save_again)
    project = create_project(tmp_path / "p.shiftwise")
    try:
        import_file(project, path)
        [(digest, n)] = project.query("SELECT content_hash, (SELECT count(*) FROM events) FROM imports")
        assert n == 3
        assert digest == PREFIX + xxhash.xxh3_128(path.read_bytes()).hexdigest()
    finally:
        project.close()
