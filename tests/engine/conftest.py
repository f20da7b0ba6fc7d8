import shutil
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture
def empty_policies(tmp_path):
    """A policy tree with the jurisdictions, groups, size table, documents and input descriptions,
    and no measures."""
    root = tmp_path / "policies"
    root.mkdir()
    for name in ("jurisdictions.yaml", "industry_groups.yaml"):
        shutil.copy(SRC / name, root / name)
    shutil.copytree(SRC / "classification", root / "classification")
    shutil.copytree(SRC / "documents", root / "documents")
    shutil.copytree(SRC / "inputs", root / "inputs")
    return root
