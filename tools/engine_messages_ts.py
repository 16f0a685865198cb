"""Write the Qt Linguist source of the engine's messages and compile it.

Every template in ``engine.messages.TEMPLATES`` becomes a source in context "engine"; its
translation comes from ``resources/i18n/engine_<lang>.json`` (id -> translated template). A
template without a translation is written as unfinished, so a test can refuse it.

    python tools/engine_messages_ts.py            # writes engine_zh_CN.ts and compiles engine_zh_CN.qm
    python tools/engine_messages_ts.py --check    # exit 1 when the .ts is not what the catalog gives
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.messages import TEMPLATES  # noqa: E402

I18N = ROOT / "resources" / "i18n"
CONTEXT = "engine"


def load_translations(lang: str) -> dict[str, str]:
    return json.loads((I18N / f"engine_{lang}.json").read_text(encoding="utf-8"))


def ts_text(lang: str) -> str:
    """The .ts XML for ``lang``: one message per template id, in catalog order."""
    zh = load_translations(lang)
    ts = ET.Element("TS", version="2.1", language=lang, sourcelanguage="en")
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for key, template in TEMPLATES.items():
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = template
        ET.SubElement(message, "extracomment").text = f"id: {key}"
        translation = ET.SubElement(message, "translation")
        if zh.get(key):
            translation.text = zh[key]
        else:
            translation.set("type", "unfinished")
    ET.indent(ts)
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(ts, encoding="unicode") + "\n"


def lrelease() -> str:
    here = Path(sys.executable).with_name("pyside6-lrelease")
    return str(here) if here.exists() else (shutil.which("pyside6-lrelease") or "pyside6-lrelease")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--check", action="store_true", help="only check that the .ts is up to date")
    args = parser.parse_args(argv)
    ts_path = I18N / f"engine_{args.lang}.ts"
    text = ts_text(args.lang)
    if args.check:
        current = ts_path.read_text(encoding="utf-8") if ts_path.exists() else ""
        if current != text:
            print(f"{ts_path.relative_to(ROOT)} is out of date: run python tools/engine_messages_ts.py")
            return 1
        return 0
    ts_path.write_text(text, encoding="utf-8")
    subprocess.run([lrelease(), str(ts_path), "-qm", str(ts_path.with_suffix(".qm"))], check=True)
    print(f"{len(TEMPLATES)} messages -> {ts_path.relative_to(ROOT)}, {ts_path.with_suffix('.qm').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
