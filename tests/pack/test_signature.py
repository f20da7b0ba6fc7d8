"""Signed packs: Ed25519 over manifest.json, checked against the issuer keys the program ships."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from calc_app.pack import ed25519
from calc_app.pack.build import build
from calc_app.pack.signature import SIGNATURE, keygen
from calc_app.pack.verify import read_pack

REPO = Path(__file__).resolve().parents[2]

# RFC 8032 section 7.1, tests 1-3: secret key, public key, message, signature
VECTORS = [
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
]


@pytest.mark.parametrize("sk,pk,msg,sig", VECTORS)
def test_ed25519_matches_rfc8032(sk, pk, msg, sig):
    seed, m = bytes.fromhex(sk), bytes.fromhex(msg)
    assert ed25519.public_key(seed).hex() == pk
    assert ed25519.sign(seed, m).hex() == sig
    assert ed25519.verify(bytes.fromhex(pk), m, bytes.fromhex(sig))
    assert not ed25519.verify(bytes.fromhex(pk), m + b"x", bytes.fromhex(sig))
    bad = bytearray(bytes.fromhex(sig))
    bad[5] ^= 1
    assert not ed25519.verify(bytes.fromhex(pk), m, bytes(bad))


@pytest.fixture
def office(tmp_path, monkeypatch):
    """An issuing office's key pair; the program trusts its public key only."""
    keys = tmp_path / "issuers"
    keys.mkdir()
    secret, public = keygen(tmp_path / "jiangmen-office")
    shutil.copy(public, keys / public.name)
    monkeypatch.setenv("RELIEF_ISSUER_KEYS", str(keys))
    return secret


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory):
    out = tmp_path_factory.mktemp("u") / "unsigned.zip"
    build(out, REPO, "2022.06")
    return out


def test_a_pack_signed_by_the_office_is_accepted(office, tmp_path):
    out = tmp_path / "signed.zip"
    build(out, REPO, "2022.06", sign_key=office)
    pk = read_pack(out)
    assert pk.problems == [] and pk.signed_by == "jiangmen-office"


def test_an_unsigned_pack_is_refused_where_the_program_ships_issuer_keys(office, unsigned):
    probs = read_pack(unsigned).problems
    assert probs == [f"{SIGNATURE}: missing: this program accepts only packs signed by its issuers (jiangmen-office)"]


def test_a_pack_signed_by_another_key_is_refused(office, tmp_path):
    other, _ = keygen(tmp_path / "someone-else")
    out = tmp_path / "other.zip"
    build(out, REPO, "2022.06", sign_key=other)
    probs = read_pack(out).problems
    assert len(probs) == 1 and "which is not among this program's issuers (jiangmen-office)" in probs[0]


def test_a_changed_manifest_breaks_the_signature(office, tmp_path):
    out = tmp_path / "signed.zip"
    build(out, REPO, "2022.06", sign_key=office)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "manifest.json":
                m = json.loads(body)
                m["issuer"] = "冒名机构"
                body = (json.dumps(m, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
            zout.writestr(info, body)
    probs = read_pack(bad).problems
    assert probs == [f"{SIGNATURE}: the signature does not match manifest.json (the manifest or the signature was changed)"]


def test_without_issuer_keys_a_signature_is_optional(unsigned, monkeypatch, tmp_path):
    monkeypatch.setenv("RELIEF_ISSUER_KEYS", str(tmp_path / "none"))
    assert read_pack(unsigned).problems == []
