"""Installed packs under ``<data dir>/packs``: install (verified, atomic), list, rollback.

Each pack lives in its own folder ``<version>-<hash12>/`` (its manifest, ``policies/``, ``cases/``);
``state.json`` names the active one and the history of those active before it. Installing never
deletes a pack, so the previous law stays and ``rollback`` returns to it; with no history left the
bundled law is used.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from calc_app.pack.active import STATE, installed_problem, packs_dir, read_state, reset
from calc_app.pack.manifest import MANIFEST, Manifest, short
from calc_app.pack.verify import Pack, extract, verify


def write_state(state: dict[str, Any]) -> None:
    d = packs_dir()
    d.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".state-", dir=d)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, d / STATE)
    reset()


def pack_id(m: Manifest) -> str:
    return f"{m.version}-{short(m.content_hash)}"


def install(path: Path) -> tuple[Pack, str | None]:
    """Verify ``path``; if it holds, install it and make it the active law. (pack, id or None)."""
    pk = verify(path)
    if not pk.ok or pk.manifest is None:
        return pk, None
    d = packs_dir()
    d.mkdir(parents=True, exist_ok=True)
    pid = pack_id(pk.manifest)
    dest = d / pid
    if not (dest.is_dir() and installed_problem(dest) is None):
        tmp = d / f".incoming-{uuid.uuid4().hex}"
        extract(pk, tmp)
        if dest.exists():   # a damaged earlier copy of the same pack: set it aside, then replace
            aside = d / f".damaged-{uuid.uuid4().hex}"
            os.replace(dest, aside)
            shutil.rmtree(aside, ignore_errors=True)
        os.replace(tmp, dest)
    st = read_state()
    if st["active"] != pid:
        st["history"].append(st["active"])
        st["active"] = pid
        write_state(st)
    return pk, pid


def rollback() -> tuple[str | None, str | None]:
    """Return to the law active before this one: (the law now active or None for bundled, error)."""
    st = read_state()
    if not st["history"] and st["active"] is None:
        return None, "nothing to roll back to: the bundled law is in use and no pack was active before"
    prev = st["history"].pop() if st["history"] else None
    st["active"] = prev
    write_state(st)
    return prev, None


def installed() -> list[dict[str, Any]]:
    """Every installed pack: id, version, date, hash, issuer, active, problem (None when usable)."""
    st = read_state()
    out = []
    d = packs_dir()
    for p in sorted(d.iterdir()) if d.is_dir() else []:
        if not p.is_dir() or p.name.startswith("."):
            continue
        row: dict[str, Any] = {"id": p.name, "active": p.name == st["active"], "problem": installed_problem(p)}
        try:
            m = Manifest.model_validate_json((p / MANIFEST).read_text(encoding="utf-8"))
            row.update(version=m.version, date=m.date.isoformat(), hash=m.content_hash, issuer=m.issuer)
        except (OSError, ValueError):
            row.update(version="?", date="?", hash="", issuer="")
        out.append(row)
    return out
