"""The import layers of pyproject.toml's [tool.importlinter]: cli and gui over the engine, the engine
never importing them or Qt; ingest below the catalog below the
workflows that run both. Checked by lint-imports itself, so CI fails on a broken contract."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.exists(), "install the test extra: import-linter is pinned there"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 kept, 0 broken" in done.stdout
