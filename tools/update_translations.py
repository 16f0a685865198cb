"""Rerun Qt's lupdate over the GUI's sources and lrelease on the catalogs.

    python tools/update_translations.py          # update resources/i18n/shiftwise_*.ts, compile the .qm
    python tools/update_translations.py --check  # exit 1 when a .ts misses a source string or a .qm is stale

shiftwise_zh_CN.ts holds every GUI string; shiftwise_en.ts only the ``%n`` plurals (English needs
its singular forms). Translations are written in the .ts files (by hand or Qt Linguist); lupdate
keeps them and marks new strings unfinished. Locations are left out so an edit elsewhere in a
file does not churn the catalogs, and so are the notes lupdate takes from ``#:`` comments (attribute documentation
here: :func:`drop_extracomments`). The engine's catalog has its own tool: tools/engine_messages_ts.py.
"""

from __future__ import annotations

import argparse
import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
#: catalog -> lupdate options beyond the common ones
CATALOGS = {"shiftwise_zh_CN.ts": ["-target-language", "zh_CN"],
            "shiftwise_en.ts": ["-target-language", "en_US", "-pluralonly"]}


def qt_tool(name: str) -> str:
    here = Path(sys.executable).with_name(name)
    return str(here) if here.exists() else (shutil.which(name) or name)


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py"))


def lupdate(ts: Path, extra: list[str]) -> None:
    subprocess.run([qt_tool("pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete", *extra,
                    "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True, text=True)
    drop_extracomments(ts)


#: A translator comment lupdate took from the code: the catalogs hold none.
_EXTRACOMMENT = re.compile(r"\n\s*<extracomment>.*?</extracomment>", re.S)


def drop_extracomments(ts: Path) -> None:
    """lupdate reads a ``#:`` comment as a note for the translator of the next string; here ``#:`` documents an
    attribute (the code's own convention), so the notes were the attributes' documentation, and any edit of one
    changed the catalogs. The code gives translators no notes of that kind."""
    text = ts.read_text(encoding="utf-8")
    kept = _EXTRACOMMENT.sub("", text)
    if kept != text:
        ts.write_text(kept, encoding="utf-8")


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([qt_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True,
                   text=True)


def stale(tmp: Path) -> list[str]:
    """What is out of date: a .ts that lupdate would change, a .qm that lrelease would change."""
    problems = []
    for name, extra in CATALOGS.items():
        ts = I18N / name
        copy = tmp / name
        shutil.copy(ts, copy)
        lupdate(copy, extra)
        if copy.read_text(encoding="utf-8") != ts.read_text(encoding="utf-8"):
            problems.append(f"{name} is not what lupdate gives for the current sources")
        qm = tmp / Path(name).with_suffix(".qm").name
        lrelease(ts, qm)
        shipped = ts.with_suffix(".qm")
        if not shipped.exists() or not filecmp.cmp(qm, shipped, shallow=False):
            problems.append(f"{shipped.name} is not compiled from {name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the catalogs are up to date")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            problems = stale(Path(tmp))
        for p in problems:
            print(p + ": run python tools/update_translations.py")
        return 1 if problems else 0
    for name, extra in CATALOGS.items():
        ts = I18N / name
        lupdate(ts, extra)
        lrelease(ts, ts.with_suffix(".qm"))
        print(f"{ts.relative_to(ROOT)} -> {ts.with_suffix('.qm').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
