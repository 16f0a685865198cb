"""Files imported before are recognised by their digest, SHA-1 now and BLAKE2b in projects from before."""

from __future__ import annotations

import hashlib

from engine.ingest import import_file
from engine.ingest.hashing import PREFIX
from engine.store import create_project


def _file(tmp_path, name="orders.csv", extra=""):
    path = tmp_path / name
    path.write_text("customer_id,ts,event_type,order_id,item_id,category,quantity,amount\n"
                    "C1,2024-01-05 10:00:00,purchase,O1,I1,Toys,1,3\n"
                    "C2,2024-01-06 11:00:00,purchase,O2,I2,Toys,2,6\n" + extra)
    return path


def test_digest_is_sha1_and_a_second_import_is_known(tmp_path):
    project = create_project(tmp_path / "p.shiftwise")
    path = _file(tmp_path)
    first = import_file(project, path)
    digest = project.scalar("SELECT content_hash FROM imports WHERE import_id = ?", [first.import_id])
    assert digest == PREFIX + hashlib.sha1(path.read_bytes()).hexdigest()
    assert import_file(project, path).already_imported
    project.close()


def test_an_import_recorded_with_blake2b_is_still_known(tmp_path):
    project = create_project(tmp_path / "p.shiftwise")
    path = _file(tmp_path)
    first = import_file(project, path)
    # as a project from before SHA-1 digests holds it
    legacy = hashlib.blake2b(path.read_bytes(), digest_size=32).hexdigest()
    project.cursor().execute("UPDATE imports SET content_hash = ? WHERE import_id = ?", [legacy, first.import_id])
    again = import_file(project, path)
    assert again.already_imported and again.import_id == first.import_id
    other = _file(tmp_path, "other.csv", extra="C3,2024-01-07 12:00:00,purchase,O3,I3,Toys,1,3\n")
    assert not import_file(project, other).already_imported
    project.close()
