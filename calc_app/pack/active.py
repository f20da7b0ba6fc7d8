"""Which law is in use: the active installed pack, or the bundled law as the fallback.

The active pack is named in ``<data dir>/packs/state.json``. Before it is used its files are checked
against its manifest (every file present with its SHA-256, nothing added) and its input descriptions
are read; if anything is wrong the bundled law is used instead and the program says so on stderr
and in :func:`active_policy` (``fallback``), which the window shows.

:func:`active_policy` is what other parts (the window, reports, the applicant register) call to
know the law in use: ``{version, date, hash, source, issuer, id, fallback}``.
"""
from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from calc_app.pack.manifest import MANIFEST, Manifest, describe, policy_files, program_ok, sha256_bytes, tree_hash

STATE = "state.json"


def packs_dir() -> Path:
    from calc_app.paths import data_dir
    return data_dir() / "packs"


def read_state() -> dict[str, Any]:
    p = packs_dir() / STATE
    try:
        st = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"active": None, "history": []}
    if not isinstance(st, dict):
        return {"active": None, "history": []}
    return {"active": st.get("active"), "history": list(st.get("history") or [])}


def installed_problem(pack_dir: Path) -> str | None:
    """Why an installed pack cannot be used (None when its files are those of its manifest)."""
    from calc_app import __version__
    try:
        m = Manifest.model_validate_json((pack_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return f"its manifest cannot be read ({e.__class__.__name__})"
    why = program_ok(m.program, __version__)
    if why:
        return why
    from calc_app.pack.signature import SIGNATURE, signature_problems
    sig = pack_dir / SIGNATURE
    probs, _ = signature_problems((pack_dir / MANIFEST).read_bytes(), sig.read_bytes() if sig.is_file() else None)
    if probs:
        return probs[0]
    for name, entry in m.files.items():
        f = pack_dir / name
        try:
            data = f.read_bytes()
        except OSError:
            return f"{name} is missing"
        if f.is_symlink() or sha256_bytes(data) != entry.sha256:
            return f"{name} differs from its manifest"
    extra = set(policy_files(pack_dir / "policies")) - set(m.files)
    if extra:
        return f"{sorted(extra)[0]} is not in its manifest"
    try:
        from calc_app.models.inputs.catalog import load_catalog
        load_catalog(pack_dir / "policies")
    except Exception as e:  # noqa: BLE001 - any failure means: do not use it
        return f"its input descriptions do not load ({str(e).splitlines()[0] if str(e) else e.__class__.__name__})"
    return None


def bundled_dir() -> Path:
    from calc_app.paths import root
    return root() / "policies"


def _release_of(policies_root: Path, source: str) -> dict[str, Any]:
    man = policies_root.parent / MANIFEST
    if source != "bundled" and man.is_file():
        try:
            m = Manifest.model_validate_json(man.read_text(encoding="utf-8"))
            return {"version": m.version, "date": m.date.isoformat(), "hash": m.content_hash,
                    "issuer": m.issuer, "source": source}
        except (OSError, ValueError):
            pass
    from calc_app.pack.build import bundled_release
    try:
        rel = bundled_release(policies_root)
    except Exception:  # noqa: BLE001 - a broken tree is reported where it loads
        rel = {}
    try:
        h = tree_hash(policies_root)
    except OSError:
        h = ""
    return {"version": str(rel.get("version", "unversioned")), "date": rel.get("date"), "hash": h,
            "issuer": rel.get("issuer", ""), "source": source}


_FALLBACK: list[str] = []
_FORCE_BUNDLED: list[bool] = []


def _warn(reason: str) -> None:
    _FALLBACK.append(reason)
    print(f"WARNING: {reason}; using the bundled law instead", file=sys.stderr)


def _resolve() -> tuple[Path, dict[str, Any]]:
    """(policies folder, its description) for the environment as it is now."""
    return _resolve_for(os.environ.get("RELIEF_POLICIES_DIR"), os.environ.get("RELIEF_CALC_ROOT"),
                        os.environ.get("RELIEF_DATA_DIR"), bool(_FORCE_BUNDLED))


@lru_cache(maxsize=8)
def _resolve_for(env: str | None, calc_root: str | None, data: str | None, forced: bool) -> tuple[Path, dict[str, Any]]:
    if env:
        p = Path(env)
        return p, {**_release_of(p, "dir"), "id": None}
    if not calc_root and not forced:
        st = read_state()
        pid = st["active"]
        if pid:
            d = packs_dir() / str(pid)
            why = installed_problem(d) if d.is_dir() and "/" not in str(pid) else "it is not installed"
            if why is None:
                return d / "policies", {**_release_of(d / "policies", "pack"), "id": pid}
            _warn(f"the active policy pack {pid} is unreadable: {why}")
    b = bundled_dir()
    return b, {**_release_of(b, "bundled"), "id": None}


def active_policies_dir() -> Path:
    return _resolve()[0]


def active_policy() -> dict[str, Any]:
    """The law in use: version, date (政策数据截至), hash, source (pack | bundled | dir), issuer, id
    (the installed pack's folder), fallback (why the active pack is not used, or None)."""
    info = dict(_resolve()[1])
    info["fallback"] = _FALLBACK[-1] if _FALLBACK else None
    return info


def policy_version() -> str:
    """The ``policy_version`` string of the law in use, e.g. ``bundled 2022.05 (sha256:1a2b3c4d5e6f)``."""
    return describe(active_policy())


def load_in_use(load: Callable[[Path], Any]) -> Any:
    """Load the bundle in use with ``load(root)``; an active pack that fails falls back, loudly."""
    from calc_app.engine.yamlload import PolicyError
    root, info = _resolve()
    try:
        b = load(root)
    except PolicyError as e:
        if info.get("source") != "pack":
            raise
        _warn(f"the active policy pack {info.get('id')} does not load: {e.problems[0] if e.problems else e}")
        root = bundled_dir()
        info = {**_release_of(root, "bundled"), "id": None}
        _FORCE_BUNDLED.append(True)
        _resolve_for.cache_clear()
        b = load(root)
    info = {**info, "fallback": _FALLBACK[-1] if _FALLBACK else None}
    b.policy = {k: info.get(k) for k in ("version", "date", "hash", "source", "issuer", "fallback")}
    b.version = describe(info)
    return b


def reset() -> None:
    """Forget the resolution (after an install or a rollback, and in tests)."""
    _resolve_for.cache_clear()
    _FALLBACK.clear()
    _FORCE_BUNDLED.clear()
