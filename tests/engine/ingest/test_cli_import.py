"""python main.py import: --json summary, --mapping, --format, rejects written out, one-line failures."""

from __future__ import annotations

import json

from cli.app import main
from tests.fixtures.ingest.build import write_all


def test_cli_json_mapping_and_rejects(tmp_path, capsys):
    files = write_all(tmp_path / "files")
    project = tmp_path / "p.shiftwise"
    assert main(["import", str(project), str(files["bad_rows.csv"]), str(files["userbehavior.csv"]),
                 "--rejects-out", str(tmp_path / "rejects.csv"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["rows_imported"], out["rows_rejected"]) == (2 + 4, 4)
    assert [f["format"] for f in out["files"]] == ["generic", "taobao_userbehavior"]
    assert out["files"][0]["columns"]["customer_id"] and out["files"][1]["columns"]["ts"]
    assert (tmp_path / "rejects.csv").read_text(encoding="utf-8").count("bad_rows.csv") == 4

    assert main(["import", str(project), str(files["unknown_columns.csv"])]) == 1
    assert "mapping" in capsys.readouterr().err
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"columns": {"customer_id": "wer", "ts": "zeitpunkt"}}))
    assert main(["import", str(project), str(files["unknown_columns.csv"]), "--mapping", str(mapping)]) == 0
    assert "2 rows imported" in capsys.readouterr().out

    assert main(["import", str(project), str(files["bad_rows.csv"])]) == 0
    assert "already imported" in capsys.readouterr().out
    assert main(["import", str(project), str(files["empty.csv"])]) == 1
    assert "empty" in capsys.readouterr().err


def _state(path):
    from engine.store import open_project

    with open_project(path) as p:
        return (p.scalar("SELECT count(*) FROM events"), p.scalar("SELECT count(*) FROM imports"),
                p.scalar("SELECT count(*) FROM rejected_rows"))


def test_one_command_is_one_transaction(tmp_path, capsys):
    """#10.3: the second file missing used to leave the first imported."""
    files = write_all(tmp_path / "files")
    project = tmp_path / "p.shiftwise"
    assert main(["import", str(project), str(files["generic.csv"])]) == 0
    before = _state(project)
    capsys.readouterr()
    missing = tmp_path / "files" / "missing.csv"
    assert main(["import", str(project), str(files["bad_rows.csv"]), str(missing)]) == 1
    err = capsys.readouterr().err
    assert "missing.csv: no such file" in err and "bad_rows.csv: not imported" in err
    assert "Nothing was imported" in err
    assert _state(project) == before
    # a file that fails only while loading (no readable row) undoes the files loaded before it
    bad = tmp_path / "files" / "unreadable.csv"
    bad.write_text("customer_id,ts\nC1,never\nC2,nope\n")
    assert main(["import", str(project), str(files["bad_rows.csv"]), str(bad)]) == 1
    assert "none of its 2 rows could be read" in capsys.readouterr().err
    assert _state(project) == before


def test_rejects_out_xlsx_and_csv_with_bom_list_the_dialogs_rows(tmp_path, capsys):
    """#10.12/#10.13: --rejects-out FILE.xlsx failed; the rejects CSV had no BOM."""
    import openpyxl

    from engine.ingest.rejects import rejects_query
    from engine.store import open_project

    files = write_all(tmp_path / "files")
    project = tmp_path / "p.shiftwise"
    assert main(["import", str(project), str(files["bad_rows.csv"]), "--rejects-out", str(tmp_path / "r.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    rows = [tuple(r) for r in book.active.iter_rows(values_only=True)]
    book.close()  # a read-only workbook keeps its file open until closed
    assert rows[0] == ("file", "line", "reason", "row_text")
    with open_project(project) as p:
        sql, params = rejects_query([1])
        assert [r[:3] for r in rows[1:]] == [tuple(r[:3]) for r in p.query(sql + " ORDER BY line", params)]
    assert len(rows) == 5
    assert main(["import", str(project), str(files["stray_cr.csv"]), "--rejects-out", str(tmp_path / "r.csv")]) == 0
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbffile,line,reason,row_text")
    assert main(["import", str(project), str(files["generic.csv"]), "--rejects-out", str(tmp_path / "r.json")]) == 1
    assert "use a .csv or .xlsx file" in capsys.readouterr().err


def test_ctrl_c_while_writing_rejects_leaves_the_project_unchanged(tmp_path, monkeypatch, capsys):
    """#16.5: Ctrl-C while the rejects file was written reported "cancelled" over a committed import."""
    import engine.export.writer as writer

    files = write_all(tmp_path / "files")
    project = tmp_path / "p.shiftwise"
    assert main(["import", str(project), str(files["generic.csv"])]) == 0
    before = _state(project)
    real = writer.write_query

    def interrupted(*args, **kw):
        real(*args, **kw)                  # the rows are read inside the import's transaction...
        raise KeyboardInterrupt            # ...and Ctrl-C arrives before the commit

    monkeypatch.setattr(writer, "write_query", interrupted)
    assert main(["import", str(project), str(files["bad_rows.csv"]), "--rejects-out", str(tmp_path / "r.csv")]) == 130
    assert "cancelled" in capsys.readouterr().err
    assert _state(project) == before
    assert not (tmp_path / "r.csv").exists()      # no rejects file for an import that did not happen


def test_a_guessed_mapping_says_which_column_it_read_as_what(tmp_path, capsys):
    """A generic file's columns are guessed from the header's words: the command line names each guess, so a
    wrong one is seen before a model is trained on it; a known format's columns are not listed."""
    path = tmp_path / "shopee.csv"
    path.write_text("Order ID,Buyer Paid Shipping Fee,Username (Buyer),Order Creation Date,Product Subtotal\n"
                    "1,0.00,ann,2024-01-05 10:00,9.90\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "p.shiftwise"), str(path)]) == 0
    out = capsys.readouterr().out
    assert ("shopee.csv: read customer from 'Username (Buyer)', time from 'Order Creation Date', order from "
            "'Order ID', line amount from 'Product Subtotal' (--mapping FILE.json reads other columns)") in out
    files = write_all(tmp_path / "files")
    assert main(["import", str(tmp_path / "q.shiftwise"), str(files["userbehavior.csv"])]) == 0
    assert ": read " not in capsys.readouterr().out


def test_cli_encoding_reads_a_file_its_bytes_cannot_tell(tmp_path, capsys):
    """Two lines of Hebrew in cp1255 read as well as Cyrillic in cp1251: --encoding (or a mapping's "encoding")
    says which; a name that is no encoding stops the import with that name."""
    from engine.store import open_project

    path = tmp_path / "ledger.csv"
    path.write_bytes("customer,date,item,amount\nc1,2024-01-05,תה ירוק,12\nc2,2024-01-06,קפה,8\n".encode("cp1255"))
    project = tmp_path / "p.shiftwise"
    assert main(["import", str(project), str(path), "--encoding", "windows-1255", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["encoding"] == "cp1255"
    with open_project(project) as p:
        assert {r[0] for r in p.query("SELECT item_name FROM events")} == {"תה ירוק", "קפה"}
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"encoding": "cp1255", "columns": {"customer_id": "customer", "ts": "date",
                                                                    "item_name": "item", "amount": "amount"}}))
    other = tmp_path / "other.shiftwise"
    assert main(["import", str(other), str(path), "--mapping", str(mapping)]) == 0
    with open_project(other) as p:
        assert {r[0] for r in p.query("SELECT item_name FROM events")} == {"תה ירוק", "קפה"}
    capsys.readouterr()
    assert main(["import", str(tmp_path / "third.shiftwise"), str(path), "--encoding", "klingon"]) == 1
    assert "no text encoding called 'klingon'" in capsys.readouterr().err


def test_taobaos_two_reports_on_the_command_line(tmp_path, capsys):
    """The order report and its lines in one command land as lines; the lines alone say which file they need, in a
    sentence that ends once."""
    from tests.engine.ingest.test_order_lines import taobao_pair

    orders, lines = taobao_pair(tmp_path)
    project = tmp_path / "p.shiftwise"
    unknown = write_all(tmp_path / "files")["unknown_columns.csv"]
    assert main(["import", str(project), str(lines), str(unknown)]) == 1
    err = capsys.readouterr().err
    assert "lines have no buyer and no time" in err and "(or pass --mapping FILE.json). Nothing was imported" in err
    assert main(["import", str(project), str(lines)]) == 1
    assert "import both files together" in capsys.readouterr().err
    assert main(["import", str(project), str(orders), str(lines), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(f["format"], f["rows_loaded"], f["orders_given"]) for f in out["files"]] == [
        ("taobao_seller", 0, 3), ("taobao_order_lines", 4, 0)]
    assert _state(project) == (4, 2, 0)
