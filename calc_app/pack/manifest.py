"""What a policy pack holds and how its content is named: the manifest, the file list, the hashes.

A pack is a zip of ``manifest.json``, ``policies/…`` (measures, documents, inputs, industry groups,
jurisdictions, classification tables: YAML only) and ``cases/<jurisdiction>/*.yaml`` (its case
files). The manifest gives the version, the date of the law it reflects (政策数据截至), the issuer,
the program versions it needs and the SHA-256 and size of every other file. The content hash names
the law: the SHA-256 of the sorted ``path NUL sha256`` lines of the ``policies/`` files, the same
for the bundled law and for a pack built from it.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

FORMAT = 1
MANIFEST = "manifest.json"
VERSION_FILE = "version.yaml"           # the bundled law's version and date, in policies/
MAX_FILE = 2 * 1024 * 1024              # bytes, one file
MAX_TOTAL = 64 * 1024 * 1024            # bytes, all files
MAX_FILES = 10_000
NAME = re.compile(r"^(policies|cases)/([A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\.yaml$")
"""The only files a pack may hold besides its manifest: YAML data under policies/ and cases/."""
SHA = re.compile(r"^[0-9a-f]{64}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileEntry(_Strict):
    sha256: str = Field(pattern=SHA.pattern)
    size: int = Field(ge=0)


class Program(_Strict):
    min: str = Field(pattern=r"^\d+(\.\d+)*$")
    max: Optional[str] = Field(default=None, pattern=r"^\d+(\.\d+)*$")


class Manifest(_Strict):
    format: int = Field(ge=1, le=FORMAT)
    version: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
    date: _dt.date
    issuer: str = Field(min_length=1, max_length=200)
    program: Program
    created: str
    content_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    files: dict[str, FileEntry]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(file_hashes: dict[str, str]) -> str:
    """The name of a law: over the ``policies/`` files (their pack paths and SHA-256), not the cases."""
    h = hashlib.sha256()
    for path in sorted(file_hashes):
        if path.startswith("policies/") and path != f"policies/{VERSION_FILE}":
            h.update(f"{path}\0{file_hashes[path]}\n".encode("utf-8"))
    return "sha256:" + h.hexdigest()


def policy_files(policies_root: Path) -> dict[str, Path]:
    """pack path -> file, for the law under ``policies_root`` (every YAML file but version.yaml),
    in the order of ``sorted(policies_root.rglob("*.yaml"))`` (walked with os.scandir: pathlib's
    walk was half the hashing, done at every start for the law in use)."""
    from calc_app.engine.policy_cache import files_under
    out = {}
    for rel, p in files_under(policies_root, ".yaml"):
        if rel != VERSION_FILE and not any(part.startswith(".") for part in rel.split("/")):
            out[f"policies/{rel}"] = Path(p)
    return out


def tree_hash(policies_root: Path) -> str:
    return content_hash({k: sha256_bytes(p.read_bytes()) for k, p in policy_files(policies_root).items()})


def version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v))


def program_ok(prog: Program, version: str) -> str | None:
    """Why this program (``version``) cannot use the pack, or None."""
    have = version_key(version)
    if have < version_key(prog.min):
        return f"needs program version {prog.min} or later; this is {version}"
    if prog.max is not None and have > version_key(prog.max):
        return f"needs program version {prog.max} or earlier; this is {version}"
    return None


def short(h: str) -> str:
    """``sha256:abcd…`` with the first 12 hex digits."""
    return h.split(":", 1)[-1][:12]


def describe(info: dict[str, Any]) -> str:
    """The ``policy_version`` string: source, version and the start of the content hash."""
    return f"{info.get('source', '?')} {info.get('version', '?')} (sha256:{short(str(info.get('hash', '')))})"
