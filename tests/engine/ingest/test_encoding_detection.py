"""Which encoding a file that is not UTF-8 is read in: every language's export comes out as it was written.

Japanese, Korean and traditional Chinese text decodes without error as GBK too, and Western European text as
Central European: the import read a Japanese export's 注文番号 as 拲暥斣崋 and a French Crème as Crčme."""

from __future__ import annotations

import pytest

from engine.ingest import import_file
from engine.ingest.readers import detect_encoding
from engine.store import create_project

ROWS = 40
NAMES = {
    "cp932": ("注文番号,注文日時,購入者ID,商品名,金額", ["緑茶 ティーバッグ", "コーヒー豆", "抹茶ラテ", "ほうじ茶"]),
    "euc_jp": ("注文番号,注文日時,購入者ID,商品名,金額", ["緑茶 ティーバッグ", "コーヒー豆", "抹茶ラテ", "ほうじ茶"]),
    "cp949": ("주문번호,주문일시,구매자,상품명,금액", ["녹차", "커피 원두", "초콜릿 선물", "보리차"]),
    "cp950": ("訂單編號,訂單日期,買家,商品名稱,金額", ["綠茶", "咖啡豆", "巧克力禮盒", "烏龍茶"]),
    "gb18030": ("订单编号,订单创建时间,买家会员名,宝贝标题,实付款", ["夏季新款连衣裙", "纯棉T恤男", "保温杯", "龙井茶叶"]),
    "cp1252": ("Commande,Date,Client,Article,Montant", ["Crème brûlée", "Thé vert", "Café moulu", "Pâté à l'œuf"]),
    "cp1250": ("Zamówienie,Data,Klient,Produkt,Kwota", ["Herbata żółta", "Łyżka", "Kawa ziarnista", "Ciasto śliwkowe"]),
    "cp1251": ("Заказ,Дата,Покупатель,Товар,Сумма", ["Чай зелёный", "Кофе молотый", "Шоколад", "Печенье"]),
    "cp1253": ("Παραγγελία,Ημερομηνία,Πελάτης,Προϊόν,Ποσό", ["Τσάι", "Καφές", "Σοκολάτα", "Μέλι"]),
    "cp874": ("คำสั่งซื้อ,วันที่,ลูกค้า,สินค้า,ยอดเงิน", ["ชาเขียว", "กาแฟ", "ช็อกโกแลต", "น้ำผึ้ง"]),
}


def _text(encoding: str, rows: int = ROWS) -> str:
    header, items = NAMES[encoding]
    return header + "\n" + "".join(f"{1000 + i},2024-01-{1 + i % 28:02d} 10:00,C{i % 9},{items[i % len(items)]},"
                                   f"{12 + i}.50\n" for i in range(rows))


@pytest.mark.parametrize("encoding", sorted(NAMES))
def test_each_language_is_read_as_written(encoding):
    text = _text(encoding)
    found = detect_encoding(text.encode(encoding))
    assert text.encode(encoding).decode(found) == text


@pytest.mark.parametrize("encoding", ["cp932", "cp949", "cp950"])
def test_a_character_cut_at_the_samples_end_does_not_rule_its_encoding_out(encoding):
    data = (_text(encoding, rows=400)).encode(encoding)
    for cut in range(1, 4):
        head = data[:len(data) - cut]
        assert head[:head.rfind(b"\n") + 1].decode(detect_encoding(head)) == data[:head.rfind(b"\n") + 1].decode(
            encoding)


def test_a_short_chinese_file_is_read_as_chinese():
    """Two lines read as little mess as GBK and as Korean: GBK wins the tie."""
    data = "订单号,客户,时间,金额\n1,张三,2024-01-05,12\n".encode("gbk")
    assert detect_encoding(data) == "gb18030"


def test_a_japanese_export_imports_with_its_names(tmp_path):
    """Shift_JIS (Excel's CSV in Japan): its headers are known words once read as written, no mapping asked."""
    path = tmp_path / "rakuten.csv"
    path.write_bytes(_text("cp932").encode("cp932"))
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert result.rows_loaded == ROWS and result.encoding == "cp932"
        assert result.columns["customer_id"] == "購入者ID" and result.columns["amount"] == "金額"
        assert {r[0] for r in project.query("SELECT DISTINCT item_name FROM events")} == set(NAMES["cp932"][1])
    finally:
        project.close()


def test_the_previewed_file_stays_open_until_read_otherwise(tmp_path):
    """The mapping dialog previews again on every change of a column: a GBK file is copied to UTF-8 once, not
    each time, and again only when the mapping reads it in another encoding; closing removes the copy."""
    from engine.ingest.mapping import Mapping
    from engine.ingest.open_files import OpenFiles
    from engine.ingest.preview import preview_mapping

    path = tmp_path / "taobao.csv"
    path.write_bytes(_text("gb18030").encode("gb18030"))
    files = OpenFiles()
    mapping = Mapping(columns={"customer_id": "买家会员名", "ts": "订单创建时间", "item_name": "宝贝标题"})
    first = preview_mapping(None, path, mapping, files=files)
    source = files.source(path, mapping)
    copy = source.read_path
    assert copy != path and copy.exists()
    mapping.columns["amount"] = "实付款"
    again = preview_mapping(None, path, mapping, files=files)
    assert files.source(path, mapping) is source and len(again.rows) == len(first.rows) == ROWS
    assert {r[5] for r in again.rows} == set(NAMES["gb18030"][1]) and again.rows[0][8] == 12.5
    mapping.encoding = "cp950"
    other = files.source(path, mapping)
    assert other is not source and not copy.exists() and other.read_path.exists()
    files.close()
    assert not other.read_path.exists()


def test_a_korean_export_lands_with_its_words(tmp_path):
    """EUC-KR (Excel's CSV in Korea), Korean headers and order statuses: no mapping asked, a cancelled order left out,
    a returned one a refund."""
    path = tmp_path / "coupang.csv"
    path.write_bytes(("주문번호,구매자,상품명,카테고리,수량,금액,주문일시,주문상태\n"
                      "1,김철수,녹차,음료,1,12000,2024-01-05 10:00,구매확정\n"
                      "2,이영희,커피 원두,음료,2,24000,2024-01-06 11:00,취소\n"
                      "3,김철수,초콜릿,과자,1,8000,2024-01-07 12:00,반품\n").encode("cp949"))
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        assert result.encoding == "cp949" and result.columns["customer_id"] == "구매자"
        assert project.query("SELECT customer_id, event_type, item_name, category FROM events ORDER BY ts") == [
            ("김철수", "purchase", "녹차", "음료"), ("김철수", "refund", "초콜릿", "과자")]
    finally:
        project.close()


def test_the_inspected_file_is_handed_to_the_previews_open(tmp_path, monkeypatch):
    """The mapping dialog opens on an inspection: kept open (``keep_open``), the GBK file it copied is the one the
    previews read, not copied once more; without it nothing stays open."""
    from engine.ingest import inspect_file, open_files
    from engine.ingest.preview import preview_mapping

    path = tmp_path / "taobao.csv"
    path.write_bytes(_text("gb18030").encode("gb18030"))
    assert inspect_file(None, path).files is None
    inspection = inspect_file(None, path, keep_open=True)
    files = inspection.files

    def opened_again(*args, **kwargs):
        raise AssertionError("opened again")

    monkeypatch.setattr(open_files, "open_source", opened_again)
    source = files.source(path, inspection.guess)
    copy = source.read_path
    assert copy != path and copy.exists()
    mapping = inspection.guess
    mapping.columns.update({"customer_id": "买家会员名", "ts": "订单创建时间", "item_name": "宝贝标题"})
    mapping.header = inspection.has_header
    preview = preview_mapping(None, path, mapping, files=files)
    assert files.source(path, mapping) is source and len(preview.rows) == ROWS
    files.close()
    assert not copy.exists()


class _CancelAfter:
    """A cancel token that fires at its ``n``-th look: the pass is cancelled part way through, not before it."""

    def __init__(self, n: int) -> None:
        from engine.jobs import CancelToken

        self.token, self.left, self.looks = CancelToken(), n, 0

    def raise_if_cancelled(self) -> None:
        self.looks += 1
        self.left -= 1
        if self.left <= 0:
            self.token.cancel()
        self.token.raise_if_cancelled()


@pytest.mark.parametrize("kind", ["gb18030", "utf-16", "gzip"])
def test_a_cancel_stops_a_whole_file_pass_part_way_and_leaves_no_copy(tmp_path, monkeypatch, kind):
    """Opening a file not in UTF-8 copies it whole (a GBK file of 10^7 lines ~12 s), a .csv.gz is unpacked: the
    mapping dialog's preview and the import are jobs, and a cancel is heard between chunks, the copy removed."""
    import gzip

    from engine.ingest import textprep, unpack
    from engine.ingest.readers import open_source
    from engine.jobs import JobCancelled

    monkeypatch.setattr(textprep, "CHUNK_BYTES", 256)
    monkeypatch.setattr(unpack, "_BLOCK", 256)
    text = _text("gb18030", rows=400)
    path = tmp_path / ("shop.csv.gz" if kind == "gzip" else "shop.csv")
    if kind == "gzip":
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_bytes(text.encode(kind))
    temps = tmp_path / "temps"
    temps.mkdir()
    cancel = _CancelAfter(3)
    with pytest.raises(JobCancelled):
        open_source(path, tmp_root=temps, cancel=cancel)
    assert cancel.looks == 3 and not any(temps.rglob("*.csv"))
    source = open_source(path, tmp_root=temps, cancel=_CancelAfter(10 ** 9).token)
    assert len(source.sample_rows) > 0
    source.close()
