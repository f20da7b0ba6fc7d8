"""Signed packs: ``manifest.sig`` holds an Ed25519 signature of the exact bytes of ``manifest.json``
(which holds the SHA-256 of every other file), and the public key that made it.

The program accepts the issuer keys in ``resources/issuers/*.pub`` (or the folder
``RELIEF_ISSUER_KEYS`` names): one key per file, 64 hex digits. When there is at least one such key,
a pack must be signed by one of them (so a window accepts only packs from its issuing office);
when there is none, a signature is optional but must hold if present. ``pack keygen NAME`` writes
``NAME.key`` (the secret, keep it at the office) and ``NAME.pub``; ``pack build --sign NAME.key``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from calc_app.pack import ed25519

SIGNATURE = "manifest.sig"


def issuer_keys_dir() -> Path:
    env = os.environ.get("RELIEF_ISSUER_KEYS")
    if env:
        return Path(env)
    from calc_app.paths import resources_dir
    return resources_dir() / "issuers"


def _hex_key(text: str, size: int) -> bytes:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    try:
        key = bytes.fromhex(lines[0]) if lines else b""
    except ValueError:
        key = b""
    if len(key) != size:
        raise ValueError(f"expected {size * 2} hex digits")
    return key


def trusted_keys() -> dict[bytes, str]:
    """public key -> the file naming it."""
    d = issuer_keys_dir()
    out: dict[bytes, str] = {}
    for p in sorted(d.glob("*.pub")) if d.is_dir() else []:
        try:
            out[_hex_key(p.read_text(encoding="utf-8"), 32)] = p.stem
        except (OSError, ValueError):
            continue
    return out


def keygen(stem: Path) -> tuple[Path, Path]:
    seed = os.urandom(32)
    key, pub = stem.with_suffix(".key"), stem.with_suffix(".pub")
    fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("# Ed25519 secret key of a policy-pack issuer: keep it at the office, never in a pack\n"
                + seed.hex() + "\n")
    pub.write_text(f"# Ed25519 public key ({stem.name}): copy into resources/issuers/ of the program\n"
                   + ed25519.public_key(seed).hex() + "\n", encoding="utf-8")
    return key, pub


def sign_manifest(manifest_bytes: bytes, key_file: Path) -> bytes:
    seed = _hex_key(key_file.read_text(encoding="utf-8"), 32)
    sig = ed25519.sign(seed, manifest_bytes)
    body = {"algorithm": "ed25519", "key": ed25519.public_key(seed).hex(), "signature": sig.hex()}
    return (json.dumps(body, indent=1) + "\n").encode("utf-8")


def signature_problems(manifest_bytes: bytes, sig_bytes: bytes | None) -> tuple[list[str], str | None]:
    """(problems, the signer's key file name or key) for a manifest and its signature file."""
    keys = trusted_keys()
    if sig_bytes is None:
        if keys:
            return [f"{SIGNATURE}: missing: this program accepts only packs signed by its issuers "
                    f"({', '.join(sorted(keys.values()))})"], None
        return [], None
    try:
        body = json.loads(sig_bytes.decode("utf-8"))
        assert isinstance(body, dict) and set(body) == {"algorithm", "key", "signature"}
        assert body["algorithm"] == "ed25519"
        pub, sig = bytes.fromhex(body["key"]), bytes.fromhex(body["signature"])
    except (AssertionError, ValueError, UnicodeDecodeError, TypeError, AttributeError):
        return [f"{SIGNATURE}: not a signature file ({{algorithm: ed25519, key, signature}} in hex)"], None
    if not ed25519.verify(pub, manifest_bytes, sig):
        return [f"{SIGNATURE}: the signature does not match manifest.json (the manifest or the signature "
                "was changed)"], None
    if keys and pub not in keys:
        return [f"{SIGNATURE}: signed by key {pub.hex()[:16]}…, which is not among this program's issuers "
                f"({', '.join(sorted(keys.values()))})"], None
    return [], keys.get(pub, pub.hex()[:16] + "…")
