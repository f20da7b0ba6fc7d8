#!/bin/sh
# Set up, then open the window (or, where no display exists, print a demo evaluation).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
export LANG=C.UTF-8
exec .venv/bin/python -m calc_app "$@"
