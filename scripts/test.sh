#!/bin/sh
# Set up, then run every test (GUI tests run offscreen).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
export LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
