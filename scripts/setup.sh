#!/bin/sh
# Sets up everything on a fresh Debian 12 machine (as root, or with sudo): the system packages Qt
# and the tests need, then a virtual environment .venv in the checkout with the project installed.
set -eu
cd "$(dirname "$0")/.."
APT_PKGS="python3 python3-venv python3-pip libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 \
libdbus-1-3 fonts-wqy-microhei xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 poppler-utils binutils"
missing=""
for p in $APT_PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "installing system packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# byte-compile the program and its libraries once, so that no start-up compiles them again (an environment
# with PYTHONDONTWRITEBYTECODE set would otherwise compile them on every start)
.venv/bin/python -m compileall -q -j 0 calc_app .venv/lib/python3*/site-packages >/dev/null 2>&1 || true
