"""Exports in the encodings a shop's desktop writes (Excel's CSV in China, Taiwan, Japan, Korea, Europe, Thailand,
the Middle East): which encoding the import reads each in, whether its text comes out as written, how long
a large one takes to import, and how long the mapping dialog's preview takes.

    python tests/bench/bench_encodings.py [--checkout DIR] [--lines 300000] [--out F.json]

Each sample is a small export (a header in the language, 40 lines of names and products), written in its
encoding, read by ``engine.ingest.readers.detect_encoding`` of the checkout (``--checkout DIR``, a
``git worktree add DIR <commit>``: before and after). ``gbk_large`` is the grocery dev file's first
``--lines`` lines with Chinese headers and product names, in GB18030: ``main.py import`` of it (wall seconds)
and, in the checkout, ``inspect_file`` and two previews of its mapping (``preview_mapping``; with
``OpenFiles`` where the checkout has it, as the dialog keeps the file open).
Writes tests/bench/results/encodings.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV = Path("/work/shared/data/grocery_dev.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results" / "encodings.json"

#: encoding -> (header, product names, customer names)
SAMPLES = {
    "gb18030": ("订单编号,买家会员名,宝贝标题,实付款,订单创建时间", ["夏季新款连衣裙", "纯棉T恤男", "保温杯 500ml", "龙井茶叶"],
                ["张三", "李四", "王五丰"]),
    "cp950": ("訂單編號,買家,商品名稱,金額,訂單日期", ["綠茶", "咖啡豆", "巧克力禮盒", "烏龍茶"], ["王小明", "陳美玲", "林志豪"]),
    "cp932": ("注文番号,購入者ID,商品名,金額,注文日時", ["緑茶 ティーバッグ", "コーヒー豆", "抹茶ラテ", "ほうじ茶"],
              ["佐藤", "鈴木", "高橋"]),
    "euc_jp": ("注文番号,購入者ID,商品名,金額,注文日時", ["緑茶 ティーバッグ", "コーヒー豆", "抹茶ラテ", "ほうじ茶"],
               ["佐藤", "鈴木", "高橋"]),
    "cp949": ("주문번호,구매자,상품명,금액,주문일시", ["녹차", "커피 원두", "초콜릿 선물"], ["김철수", "이영희", "박민수"]),
    "cp1252": ("Commande,Client,Article,Montant,Date", ["Crème brûlée", "Thé vert", "Café moulu", "Pâté"],
               ["François", "Hélène", "Jérôme"]),
    "cp1250": ("Zamówienie,Klient,Produkt,Kwota,Data", ["Herbata żółta", "Łyżka", "Kawa ziarnista"],
               ["Łukasz", "Paweł", "Zofia Żak"]),
    "cp1251": ("Заказ,Покупатель,Товар,Сумма,Дата", ["Чай зелёный", "Кофе молотый", "Шоколад"], ["Иван", "Ольга"]),
    "cp1253": ("Παραγγελία,Πελάτης,Προϊόν,Ποσό,Ημερομηνία", ["Τσάι", "Καφές", "Σοκολάτα"], ["Γιώργος", "Μαρία"]),
    "cp1254": ("Sipariş,Müşteri,Ürün,Tutar,Tarih", ["Çay", "Türk kahvesi", "Lokum"], ["Ayşe Yılmaz", "Gülşen"]),
    "cp1255": ("הזמנה,לקוח,מוצר,סכום,תאריך", ["תה ירוק", "קפה", "שוקולד"], ["דוד כהן", "שרה לוי"]),
    "cp1256": ("الطلب,العميل,المنتج,المبلغ,التاريخ", ["شاي أخضر", "قهوة", "شوكولاتة"], ["محمد", "فاطمة"]),
    "cp874": ("คำสั่งซื้อ,ลูกค้า,สินค้า,ยอดเงิน,วันที่", ["ชาเขียว", "กาแฟ", "ช็อกโกแลต"], ["สมชาย", "สมหญิง"]),
}
ROWS = 40

_PROBE = r"""
import json, sys, time
from pathlib import Path
from engine.ingest.readers import detect_encoding
samples = json.loads(sys.stdin.read())
out = {}
for name, (encoding, path) in samples["small"].items():
    data = Path(path).read_bytes()
    found = detect_encoding(data)
    out[name] = {"detected": found, "as_written": data.decode(found, errors="replace") == data.decode(encoding)}
large = samples.get("large")
if large:
    from engine.ingest import inspect_file, preview_mapping
    t = time.perf_counter(); inspection = inspect_file(None, large); inspect_s = time.perf_counter() - t
    try:
        from engine.ingest.preview import OpenFiles
        files = OpenFiles()
    except ImportError:
        files = None
    times = []
    for _ in range(2):
        t = time.perf_counter()
        preview_mapping(None, large, inspection.guess, **({"files": files} if files else {}))
        times.append(time.perf_counter() - t)
    if files:
        files.close()
    out["gbk_large_dialog"] = {"encoding": inspection.encoding, "inspect_s": round(inspect_s, 3),
                               "preview_s": [round(x, 3) for x in times], "kept_open": files is not None}
print(json.dumps(out))
"""


def _small(tmp: Path) -> dict[str, tuple[str, str]]:
    files = {}
    for encoding, (header, items, names) in SAMPLES.items():
        lines = [header] + [f"{1000 + i},{names[i % len(names)]},{items[i % len(items)]},{12 + i}.50,"
                            f"2024-01-{1 + i % 28:02d} 10:00" for i in range(ROWS)]
        path = tmp / f"{encoding}.csv"
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
        files[encoding] = (encoding, str(path))
    return files


def _large(tmp: Path, lines: int) -> Path:
    import duckdb

    path = tmp / "gbk_large.csv"
    rows = duckdb.sql(f"""
        SELECT "Order ID", "Customer ID", "Created At", "SKU", '夏季新款纯棉宽松短袖T恤男士潮流百搭上衣' AS name,
               '男装' AS cat, "Quantity", "Line Total" FROM read_csv('{DEV}') LIMIT {lines}""").fetchall()
    with open(path, "w", encoding="gb18030", newline="") as fh:
        fh.write("订单号,买家会员名,下单时间,商品编号,商品名称,类目,数量,金额\n")
        fh.writelines(",".join(str(v) for v in r) + "\n" for r in rows)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkout", type=Path, default=ROOT)
    ap.add_argument("--lines", type=int, default=300_000)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-enc-") as tmp:
        tmp = Path(tmp)
        large = _large(tmp, args.lines)
        probe = subprocess.run([sys.executable, "-c", _PROBE], cwd=args.checkout, capture_output=True, text=True,
                               input=json.dumps({"small": _small(tmp), "large": str(large)}), check=True)
        found = json.loads(probe.stdout)
        imports = []
        for i in range(2):
            project = tmp / f"p{i}.shiftwise"
            t = time.perf_counter()
            subprocess.run([sys.executable, "main.py", "import", str(project), str(large)], cwd=args.checkout,
                           capture_output=True, check=True)
            imports.append(round(time.perf_counter() - t, 2))
    samples = {k: v for k, v in found.items() if k in SAMPLES}
    out = {"checkout": str(args.checkout), "commit": _commit(args.checkout), "samples": samples,
           "as_written": sum(v["as_written"] for v in samples.values()), "of": len(samples),
           "gbk_large": {"lines": args.lines, "import_wall_s": imports, **found["gbk_large_dialog"]}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


def _commit(checkout: Path) -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=checkout, capture_output=True,
                          text=True).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
