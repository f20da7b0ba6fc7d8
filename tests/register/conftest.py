from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"
VALID_CODE = "91350100M000100Y43"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("RELIEF_DATA_DIR", str(d))
    return d


@pytest.fixture
def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def reg(data_dir):
    from calc_app.register import Register
    r = Register()
    yield r
    r.close()
