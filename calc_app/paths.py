"""Where the bundled data lives, the same way from source and from a frozen (PyInstaller) build."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def root() -> Path:
    """The folder holding ``policies/`` and ``resources/``.

    ``RELIEF_CALC_ROOT`` overrides it (tests use this to load a broken copy); a PyInstaller
    build unpacks data next to the executable (``sys._MEIPASS``); from source it is the checkout.
    """
    env = os.environ.get("RELIEF_CALC_ROOT")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def policies_dir() -> Path:
    return root() / "policies"


def resources_dir() -> Path:
    return root() / "resources"
