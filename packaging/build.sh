#!/usr/bin/env bash
# Build the wheel, and the desktop app when PyInstaller is available.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip wheel --no-deps -w dist .
if python3 -c "import PyInstaller" 2>/dev/null; then
    python3 -m PyInstaller --noconfirm --distpath dist --workpath build packaging/shiftwise.spec
else
    echo "PyInstaller is not installed: built the wheel only (pip install pyinstaller for the app folder)."
fi
