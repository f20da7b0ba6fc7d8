#!/bin/sh
# Set up, then run every test (GUI tests run offscreen).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
export LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen
# build the offline package and smoke-test it too (tests/packaging/test_frozen.py; about a minute)
export RELIEF_BUILD="${RELIEF_BUILD:-1}"
exec .venv/bin/python -m pytest "$@"
