"""The line-end, encoding and long-line pass, with chunks small enough that every boundary case shows."""

from __future__ import annotations

import random

import pytest

from engine.ingest import textprep


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(textprep, "CHUNK_BYTES", 7)
    monkeypatch.setattr(textprep, "MAX_LINE_BYTES", 40)


def _prepare(tmp_path, data: bytes, encoding="utf-8"):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return textprep.prepare(path, encoding, out)


@pytest.mark.parametrize("ends", [b"\n", b"\r\n"])
def test_one_line_end_is_read_as_it_is(tmp_path, ends):
    data = ends.join(b"a,b,%d" % i for i in range(30)) + ends
    assert not _prepare(tmp_path, data).copied


@pytest.mark.parametrize("seed", range(20))
def test_any_mix_of_line_ends_becomes_lf_with_the_same_lines(tmp_path, seed):
    rng = random.Random(seed)
    lines = [b"row %d,x" % i for i in range(40)]
    data = b"".join(line + rng.choice([b"\n", b"\r\n", b"\r"]) for line in lines)
    prepared = _prepare(tmp_path, data)
    text = prepared.path.read_bytes()
    assert prepared.copied == (data.count(b"\r") != data.count(b"\r\n") or 0 < data.count(b"\r\n") < 40)
    if prepared.copied:
        assert text.split(b"\n")[:-1] == lines and prepared.rejects == []


@pytest.mark.parametrize("first, switch", [(b"\n", 0), (b"\n", 39), (b"\r\n", 39), (b"\n", 20), (b"\r\n", 20)])
def test_lf_and_crlf_mixed_anywhere_needs_a_copy(tmp_path, first, switch):
    # the scan counts line ends only in chunks holding a CR: a switch of convention after
    # many chunks of one kind, or one CR-free chunk in a CRLF file, must still be seen
    other = b"\r\n" if first == b"\n" else b"\n"
    data = b"".join(b"row %d,x" % i + (first if i < switch or not switch else other) for i in range(40))
    assert _prepare(tmp_path, data).copied == bool(switch)


def test_long_lines_blanked_and_listed_across_chunks(tmp_path):
    data = b"h,x\nshort,1\n" + b"long," + b"y" * 100 + b"\nafter,2\n" + b"z" * 60 + b"\r\nlast,3"
    prepared = _prepare(tmp_path, data)
    assert prepared.path.read_bytes() == b"h,x\nshort,1\n\nafter,2\n\nlast,3\n"
    assert [(r.line, r.reason.split(" (")[0]) for r in prepared.rejects] == [
        (3, f"row longer than {textprep.MAX_LINE_LABEL}"), (5, f"row longer than {textprep.MAX_LINE_LABEL}")]


def test_lines_decoded_each_in_its_own_encoding(tmp_path):
    names = ["Crème", "奶粉", "Café", "naïve", "Straße Größe", "丂丄丅 奶粉婴儿", "Crème brûlée"]
    encodings = ["utf-8", "gbk", "cp1252", "utf-8", "cp1252", "gbk", "cp1252"]
    data = b"".join(n.encode(e) + b"\n" for n, e in zip(names, encodings))
    prepared = _prepare(tmp_path, data)
    assert prepared.path.read_text(encoding="utf-8").splitlines() == names
    assert prepared.encoding.startswith("mixed")
