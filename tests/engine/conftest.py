import shutil
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture
def empty_policies(tmp_path):
    """A policy tree with the jurisdictions, groups, size table and documents, and no measures."""
    root = tmp_path / "policies"
    root.mkdir()
    for name in ("jurisdictions.yaml", "industry_groups.yaml"):
        shutil.copy(SRC / name, root / name)
    shutil.copytree(SRC / "classification", root / "classification")
    shutil.copytree(SRC / "documents", root / "documents")
    return root
