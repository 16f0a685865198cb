"""Following a row through its quotes from where the reader reported an error."""

from __future__ import annotations

import io

from engine.ingest import long_records, textprep


def _end(data: bytes, start: int = 0) -> tuple[int, int, bool]:
    return long_records._row_end(io.BytesIO(data), start, b",")


def test_a_quoted_field_with_line_breaks_and_doubled_quotes_is_one_row():
    data = b'a,"x""y\nz\n""w""",b\nnext,1,2\n'
    assert _end(data) == (data.index(b",b\n") + 2, 2, True)


def test_a_quote_inside_an_unquoted_field_opens_nothing():
    data = b'a,b"c,d\nnext,1,2\n'
    assert _end(data) == (data.index(b"\n"), 0, True)


def test_a_field_never_closed_runs_to_the_end_of_the_file():
    data = b'h\na,"open\nrest\nof\nfile'
    assert _end(data, 2) == (len(data), 3, False)


def test_only_rows_over_the_limit_are_found_and_blanked(tmp_path, monkeypatch):
    monkeypatch.setattr(textprep, "MAX_RECORD_BYTES", 20)
    path = tmp_path / "f.csv"
    path.write_bytes(b'id,note\n1,"short"\n2,"a long\nnote over\nthe limit"\n3,"x"\n')
    short, long = path.read_bytes().index(b"1,"), path.read_bytes().index(b"2,")
    found = long_records.find(path, [(2, short + 3), (3, long + 3)], ",")
    assert [(r.line, r.last_line) for r in found] == [(3, 5)]
    out = tmp_path / "out.csv"
    long_records.blank(path, out, found)
    assert out.read_bytes() == b'id,note\n1,"short"\n\n\n\n3,"x"\n'


def test_a_stray_quote_that_never_closes_takes_only_its_own_line(tmp_path, monkeypatch):
    monkeypatch.setattr(textprep, "MAX_RECORD_BYTES", 20)
    path = tmp_path / "f.csv"
    path.write_bytes(b'id,note\n1,"stray\n2,fine\n3,also fine\n4,and this\n')
    found = long_records.find(path, [(2, path.read_bytes().index(b"1,") + 2)], ",")
    assert [(r.line, r.last_line, r.closed) for r in found] == [(2, 2, False)]
    assert long_records.reject(found[0]).reason == "a quote opened in this row is never closed"
    out = tmp_path / "out.csv"
    long_records.blank(path, out, found)
    assert out.read_bytes() == b'id,note\n\n2,fine\n3,also fine\n4,and this\n'
