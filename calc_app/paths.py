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
    """The policies in use: ``RELIEF_POLICIES_DIR`` when set; else the active installed policy pack
    (``calc_app.pack.active``; not when ``RELIEF_CALC_ROOT`` names a root); else the bundled ones."""
    from calc_app.pack.active import active_policies_dir
    return active_policies_dir()


def bundled_policies_dir() -> Path:
    """The law that ships with the program (the fallback)."""
    return root() / "policies"


def resources_dir() -> Path:
    return root() / "resources"


APP_ORG = "relief-calc"
APP_NAME = "Relief Calculator"


def data_dir() -> Path:
    """The user data folder: the applicant register, installed policy packs, settings.

    ``RELIEF_DATA_DIR`` overrides it (tests, portable installs). Otherwise it is the folder Qt's
    ``QStandardPaths.AppDataLocation`` gives for organisation ``APP_ORG`` and application
    ``APP_NAME`` (the window sets both), computed here without Qt so the command line uses the
    same folder: ``%APPDATA%/<org>/<app>`` on Windows, ``~/Library/Application Support/<org>/<app>``
    on macOS, ``$XDG_DATA_HOME/<org>/<app>`` (default ``~/.local/share``) elsewhere.
    The folder is created on first use.
    """
    env = os.environ.get("RELIEF_DATA_DIR")
    if env:
        p = Path(env)
    elif sys.platform == "win32":
        p = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_ORG / APP_NAME
    elif sys.platform == "darwin":
        p = Path.home() / "Library" / "Application Support" / APP_ORG / APP_NAME
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        p = Path(base) / APP_ORG / APP_NAME
    p.mkdir(parents=True, exist_ok=True)
    return p
