"""The built desktop bundle, run on demand (not in CI, not in the default run):

    PYTHON=.venv/bin/python packaging/build.sh
    .venv/bin/python -m pytest tests/packaging -q

Starts dist/Shiftwise/Shiftwise (or $SHIFTWISE_BUNDLE) offscreen in a fresh SHIFTWISE_HOME, as a
user's first start: the demo shop is built and trained, then the app's self-check tour visits every
page and reports. Writes the bundle's size and time to first window to tests/bench/results/bundle.json.
SHIFTWISE_BUNDLE_TRAIN=0 skips the first-run training (minutes on a slow machine).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.about import APP_VERSION
from engine.models.registry import default_names
from gui.pages.registry import pages

ROOT = Path(__file__).resolve().parents[2]
EXE = "Shiftwise.exe" if sys.platform == "win32" else "Shiftwise"
BUNDLE = Path(os.environ.get("SHIFTWISE_BUNDLE", ROOT / "dist" / "Shiftwise" / EXE))
RESULTS = ROOT / "tests" / "bench" / "results" / "bundle.json"
TIMEOUT_S = 3600


@pytest.fixture(scope="module")
def bundle() -> Path:
    assert BUNDLE.is_file(), f"No bundle at {BUNDLE}: build it first (PYTHON=.venv/bin/python packaging/build.sh)"
    return BUNDLE


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return {**env, "SHIFTWISE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}


def _self_check(bundle: Path, home: Path, report: Path, *args: str, **env: str) -> tuple[dict, float]:
    started = time.time()
    result = subprocess.run([str(bundle), *args], env=_env(home, SHIFTWISE_SELF_CHECK=str(report), **env),
                            capture_output=True, text=True, timeout=TIMEOUT_S)
    assert report.is_file(), f"no report (exit {result.returncode}):\n{result.stderr[-3000:]}"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert result.returncode == 0 and data["ok"], json.dumps(data, indent=2)
    return data, started


def test_version(bundle, tmp_path):
    result = subprocess.run([str(bundle), "--version"], env=_env(tmp_path), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Shiftwise {APP_VERSION}"


def test_every_cli_command_is_bundled(bundle, tmp_path):
    result = subprocess.run([str(bundle), "--help"], env=_env(tmp_path), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    for command in ("import", "train", "backtest", "export", "campaign"):
        assert command in result.stdout


def test_first_start_shows_every_page_then_a_project_file_opens(bundle, tmp_path):
    train = os.environ.get("SHIFTWISE_BUNDLE_TRAIN", "1")
    home = tmp_path / "home"
    report, started = _self_check(bundle, home, tmp_path / "first" / "report.json", SHIFTWISE_FIRST_RUN_TRAIN=train)
    assert report["frozen"] and report["heavy_modules_at_window"] == []
    assert [p["title"] for p in report["pages"]] == [p.title for p in pages()]
    assert not any(p["placeholder"] for p in report["pages"])
    # Chinese draws: the system's CJK font, else the one the bundle carries
    assert report["cjk_font"]["families"], report["cjk_font"]
    if train != "0":
        assert report["trained_all"] and all(report["runs"][k] is not None for k in default_names())
    # the bundle given a project file opens it (a double-click on a .shiftwise file)
    project = Path(report["project"])
    again, started_again = _self_check(bundle, home, tmp_path / "second" / "report.json", str(project))
    assert Path(again["project"]) == project

    files = [f for f in bundle.parent.rglob("*") if f.is_file() and not f.is_symlink()]  # a link is not a copy
    assert any(f.name.startswith("NotoSansCJK") for f in files), "the CJK font is not in the bundle"
    figures = {"bundle_mb": round(sum(f.stat().st_size for f in files) / 2**20, 1), "files": len(files),
               "first_window_s_first_start": round(report["window_shown_epoch"] - started, 2),
               "first_window_s_second_start": round(again["window_shown_epoch"] - started_again, 2),
               "first_run_trained": train != "0", "platform": sys.platform,
               "cjk_font_mb": round(sum(f.stat().st_size for f in files if f.name.startswith("NotoSansCJK")) / 2**20, 1),
               "cjk_font_source": report["cjk_font"]["source"]}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures))
