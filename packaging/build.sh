#!/usr/bin/env bash
# Build the wheel, and the one-folder desktop app (dist/Shiftwise/) when PyInstaller is installed
# (pip install -e '.[package]'). PYTHON picks the interpreter (default: python3).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -m pip wheel --no-deps -w dist .
if "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    "$PYTHON" -m PyInstaller --noconfirm --distpath dist --workpath build packaging/shiftwise.spec
    du -sh dist/Shiftwise
else
    echo "PyInstaller is not installed: built the wheel only (pip install -e '.[package]' for the app folder)."
fi
