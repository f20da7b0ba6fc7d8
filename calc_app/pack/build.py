"""``pack build``: a zip of the law and its case files, with a manifest of every file's SHA-256."""
from __future__ import annotations

import datetime as _dt
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from calc_app.engine.yamlload import plain, read_yaml
from calc_app.pack.manifest import FORMAT, MANIFEST, VERSION_FILE, content_hash, policy_files, sha256_bytes

ZIP_TIME = (2020, 1, 1, 0, 0, 0)   # entry dates fixed: the manifest's `created` says when it was built


def _entry(name: str) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, ZIP_TIME)
    zi.external_attr = (0o100644 << 16)   # a plain file, rw-r--r--
    zi.compress_type = zipfile.ZIP_DEFLATED
    return zi


def bundled_release(policies_root: Path) -> dict[str, Any]:
    """Version, date and issuer of the law under ``policies_root`` (its ``version.yaml``, or
    the newest document's date).

    The files are read through the parse cache (calc_app.engine.policy_cache) where it holds this
    very content, so that a start parses no YAML; what is parsed afresh is added to that entry,
    never to another content's (a pack being built must not push out the law in use)."""
    from calc_app.engine import policy_cache
    cached = policy_cache.reader(policies_root)
    read = cached if cached is not None else read_yaml
    info: dict[str, Any] = {}
    vf = policies_root / VERSION_FILE
    if vf.is_file():
        info = {k: v for k, v in (plain(read(vf)) or {}).items() if k in ("version", "date", "issuer")}
    if "date" not in info:
        dates = [plain(read(p)).get("date") for p in sorted((policies_root / "documents").glob("*.yaml"))]
        dates = [d for d in dates if isinstance(d, _dt.date)]
        if dates:
            info["date"] = max(dates)
    if cached is not None and cached.files is not None and cached.parsed:
        cached.save()
    if isinstance(info.get("date"), _dt.date):
        info["date"] = info["date"].isoformat()
    return info


def collect(source: Path) -> dict[str, Path]:
    """pack path -> file: ``source/policies/**.yaml`` and the case files of ``source/tests/policies``
    (or ``source/cases``) as ``cases/<jurisdiction>/<name>.yaml``."""
    files = policy_files(source / "policies")
    for cases in (source / "cases", source / "tests" / "policies"):
        if cases.is_dir():
            for p in sorted(cases.glob("*/*.yaml")):
                files[f"cases/{p.parent.name}/{p.name}"] = p
            break
    return files


def build(out: Path, source: Path, version: str, date: str | None = None, issuer: str | None = None,
          program_min: str | None = None, program_max: str | None = None,
          sign_key: Path | None = None) -> dict[str, Any]:
    """Write the pack ``out`` from the tree ``source`` (holding ``policies/`` and the case files);
    return its manifest. The zip is written beside ``out`` and renamed into place."""
    from calc_app import __version__
    files = collect(source)
    if not any(k.startswith("policies/") for k in files):
        raise ValueError(f"no policy files under {source / 'policies'}")
    release = bundled_release(source / "policies")
    data = {k: p.read_bytes() for k, p in files.items()}
    hashes = {k: sha256_bytes(v) for k, v in data.items()}
    manifest = {
        "format": FORMAT,
        "version": version,
        "date": date or release.get("date") or _dt.date.today().isoformat(),
        "issuer": issuer or release.get("issuer") or "",
        "program": {"min": program_min or __version__, "max": program_max},
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "content_hash": content_hash(hashes),
        "files": {k: {"sha256": hashes[k], "size": len(data[k])} for k in sorted(data)},
    }
    from calc_app.pack.manifest import Manifest
    Manifest.model_validate(manifest)   # refuse to write what verify would refuse
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
        z.writestr(_entry(MANIFEST), manifest_bytes)
        if sign_key is not None:
            from calc_app.pack.signature import SIGNATURE, sign_manifest
            z.writestr(_entry(SIGNATURE), sign_manifest(manifest_bytes, sign_key))
        for k in sorted(data):
            z.writestr(_entry(k), data[k])
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, out)
    return manifest
