"""``pack verify``: everything that must hold before a pack's law is used. Nothing in it is executed.

Static checks read the zip without extracting anything: every entry's name (no ``../``, no absolute
path, no link, YAML data under ``policies/`` or ``cases/`` only), sizes (one file, all files), YAML
without aliases, the manifest's schema, every file listed with the SHA-256 and size it has, no file
outside the manifest, the content hash, the program version. Then the law is checked the way the
program loads it, in a separate process pointed at an extracted copy: schema and cross-references
(``file:line: field: message``), quotes verbatim in their seeds where the seeds are present, and the
pack's own case files. Each problem is one line naming the file (and line and field where there is one).
"""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import ValidationError

from calc_app.pack.manifest import (MANIFEST, MAX_FILE, MAX_FILES, MAX_TOTAL, NAME, Manifest, content_hash,
                                    program_ok, sha256_bytes)
from calc_app.pack.signature import SIGNATURE, signature_problems

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Pack:
    """A pack read and checked without extracting: ``files`` holds the bytes when nothing is wrong."""
    path: Path
    problems: list[str] = field(default_factory=list)
    manifest: Manifest | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    manifest_bytes: bytes = b""
    signature: bytes | None = None
    signed_by: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _path_problem(name: str) -> str | None:
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "an absolute path or a backslash: the path must stay inside the pack"
    parts = name.split("/")
    if ".." in parts or "." in parts or "" in parts[:-1]:
        return "the path leaves the pack (..)"
    return None


def _name_problem(name: str, info: zipfile.ZipInfo) -> str | None:
    why = _path_problem(name)
    if why:
        return why
    kind = stat.S_IFMT(info.external_attr >> 16)   # file type bits (0 when the zip gives none)
    if kind == stat.S_IFLNK:
        return "a symbolic link: a pack holds plain files only"
    if kind and kind != stat.S_IFREG:
        return "not a plain file"
    if name not in (MANIFEST, SIGNATURE) and not NAME.match(name):
        return "not a policy or case file: a pack holds YAML data under policies/ and cases/ only"
    return None


def read_pack(path: Path, max_file: int = MAX_FILE, max_total: int = MAX_TOTAL) -> Pack:
    """Open ``path`` and run every check that needs no loading of the law."""
    pk = Pack(Path(path))
    out = pk.problems
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        out.append(f"{path}: not a readable zip file ({e})")
        return pk
    data: dict[str, bytes] = {}
    total = 0
    with z:
        infos = z.infolist()
        if len(infos) > MAX_FILES:
            out.append(f"{path}: {len(infos)} entries, over the limit of {MAX_FILES}")
            return pk
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            if name.endswith("/") and stat.S_IFMT(info.external_attr >> 16) != stat.S_IFLNK:   # a folder entry
                why = _path_problem(name[:-1])
                if why:
                    out.append(f"{name}: {why}")
                continue
            why = _name_problem(name, info)
            if why:
                out.append(f"{name}: {why}")
                continue
            if name in seen:
                out.append(f"{name}: appears twice in the zip")
                continue
            seen.add(name)
            if info.file_size > max_file:
                out.append(f"{name}: {info.file_size} bytes, over the limit of {max_file} bytes for one file")
                continue
            with z.open(info) as f:
                body = f.read(max_file + 1)
            if len(body) > max_file:
                out.append(f"{name}: over the limit of {max_file} bytes for one file")
                continue
            total += len(body)
            if total > max_total:
                out.append(f"{path}: the files add up to more than the limit of {max_total} bytes")
                return pk
            data[name] = body
    if MANIFEST not in data:
        out.append(f"{MANIFEST}: missing")
        return pk
    pk.manifest_bytes = data.pop(MANIFEST)
    pk.signature = data.pop(SIGNATURE, None)
    try:
        raw = json.loads(pk.manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        out.append(f"{MANIFEST}: not valid JSON ({e})")
        return pk
    try:
        m = Manifest.model_validate(raw)
    except ValidationError as e:
        for err in e.errors():
            out.append(f"{MANIFEST}: {'.'.join(map(str, err['loc'])) or '(file)'}: {err['msg']}")
        return pk
    pk.manifest = m
    for name, entry in m.files.items():
        if name not in data:
            out.append(f"{name}: listed in the manifest but not in the pack")
            continue
        got = sha256_bytes(data[name])
        if got != entry.sha256:
            out.append(f"{name}: SHA-256 {got[:16]}… differs from the manifest's {entry.sha256[:16]}… "
                       "(the file was changed)")
        elif len(data[name]) != entry.size:
            out.append(f"{name}: {len(data[name])} bytes, the manifest says {entry.size}")
    for name in sorted(set(data) - set(m.files)):
        out.append(f"{name}: not in the manifest (an extra file)")
    if not out:
        want = content_hash({k: v.sha256 for k, v in m.files.items()})
        if want != m.content_hash:
            out.append(f"{MANIFEST}: content_hash: {m.content_hash} differs from the files' {want}")
    sig_probs, pk.signed_by = signature_problems(pk.manifest_bytes, pk.signature)
    out += sig_probs
    from calc_app import __version__
    why = program_ok(m.program, __version__)
    if why:
        out.append(f"{MANIFEST}: program: {why}")
    if not any(k.startswith("policies/") for k in data):
        out.append(f"{path}: no policies/ files")
    for name, body in sorted(data.items()):
        out += _yaml_problems(name, body)
    if not out:
        pk.files = data
    return pk


def _yaml_problems(name: str, body: bytes) -> list[str]:
    """UTF-8 YAML without anchors or aliases (an alias can multiply a small file into gigabytes)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return [f"{name}: not UTF-8 text"]
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                line = ev.start_mark.line + 1
                return [f"{name}:{line}: YAML: anchors and aliases are not accepted in a pack"]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return [f"{name}:{mark.line + 1 if mark else 0}: YAML: {getattr(e, 'problem', e)}"]
    return []


def extract(pk: Pack, dest: Path) -> None:
    """Write a checked pack's files under ``dest`` (names were checked: they stay inside)."""
    assert pk.ok and pk.manifest is not None
    for name, body in pk.files.items():
        target = dest.joinpath(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    (dest / MANIFEST).write_bytes(pk.manifest_bytes)   # as signed
    if pk.signature is not None:
        (dest / SIGNATURE).write_bytes(pk.signature)


def program_command() -> list[str]:
    """How to start this program again: the frozen executable, or this interpreter with -m calc_app."""
    if getattr(sys, "frozen", False):   # the console launcher beside the window's, when there is one
        exe = Path(sys.executable)
        console = exe.with_name("relief-calc" + exe.suffix)
        return [str(console if console.is_file() else exe)]
    return [sys.executable, "-m", "calc_app"]


def check_tree(tree: Path, shown_as: str = "") -> list[str]:
    """Load the law under ``tree`` (``policies/``, ``cases/``) in a fresh process of this program and
    return its problems: schema, quotes, cases. Paths under ``tree`` are shown from ``shown_as``."""
    env = {**os.environ, "RELIEF_POLICIES_DIR": str(tree / "policies")}
    env.pop("RELIEF_CALC_ROOT", None)
    proc = subprocess.run(program_command() + ["pack", "check-tree", str(tree)], env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=1800)
    prefix = str(tree) + os.sep
    lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
    probs = [ln.replace(prefix, shown_as) for ln in lines if ln.startswith(prefix)]
    if proc.returncode != 0 and not probs:
        probs = [f"(pack): the check did not finish: {' '.join(lines[-3:])}"]
    return probs


def verify(path: Path, max_file: int = MAX_FILE, max_total: int = MAX_TOTAL) -> Pack:
    """Every check: static ones first; the law's own only when those pass."""
    pk = read_pack(path, max_file, max_total)
    if not pk.ok:
        return pk
    with tempfile.TemporaryDirectory(prefix="relief-pack-") as tmp:
        extract(pk, Path(tmp))
        pk.problems += check_tree(Path(tmp))
    if pk.problems:
        pk.files = {}
    return pk


# ------------------------------------------------------------------------------------------------
# what the checking process runs (``pack check-tree DIR``, with the policies of DIR in use)

def seeds_dir() -> Path | None:
    """The seed documents: ``RELIEF_SEEDS_DIR``, else ``../shared/seeds`` beside the program's root."""
    from calc_app.paths import root
    env = os.environ.get("RELIEF_SEEDS_DIR")
    p = Path(env) if env else root().parent / "shared" / "seeds"
    return p if p.is_dir() else None


def quote_problems(bundle: Any, seeds: Path) -> list[str]:
    from calc_app.engine.yamlload import line_of, read_yaml
    from calc_app.models.policy import QUOTE_SEPARATOR
    out = []
    texts: dict[str, str | None] = {}
    for cm in bundle.measures:
        for loc, c in [(("citation", "quote"), cm.m.citation)] + [
                (("also_cited", i, "quote"), c) for i, c in enumerate(cm.m.also_cited)]:
            if c.seed_file not in texts:
                f = seeds / c.seed_file
                texts[c.seed_file] = f.read_text(encoding="utf-8") if f.is_file() else None
            text = texts[c.seed_file]
            field_name = ".".join(map(str, loc))
            if text is None:
                out.append(f"{cm.path}:{line_of(read_yaml(cm.path), loc)}: {field_name}: "
                           f"seed {c.seed_file} is not among the seeds")
                continue
            for frag in c.quote.split(QUOTE_SEPARATOR):
                if frag not in text:
                    out.append(f"{cm.path}:{line_of(read_yaml(cm.path), loc)}: {field_name}: "
                               f"not verbatim in {c.seed_file}: {frag[:40]}")
    return out


def check_tree_here(tree: Path) -> int:
    """In the checking process: the bundle in use is the pack's (loaded before this runs)."""
    from calc_app.engine.policies import default_bundle
    from calc_app.pack.cases import run_cases
    bundle = default_bundle()
    probs: list[str] = []
    seeds = seeds_dir()
    if seeds is not None:
        probs += quote_problems(bundle, seeds)
    n, case_probs = run_cases(tree / "cases", bundle)
    probs += case_probs
    if n == 0:
        probs.append(f"{tree / 'cases'}/: no case files: a pack carries the cases of its measures")
    for p in probs:
        print(p)
    print(f"checked {len(bundle.measures)} measures, {n} cases; seeds {'checked' if seeds else 'absent'}",
          file=sys.stderr)
    return 2 if probs else 0
