"""Runs the declarative case files: tests/policies/<jurisdiction>/*.yaml.

A case file holds ``defaults`` (inputs shared by its cases) and ``cases``; each case is named as
a rule in plain words, cites its clause, and states the expected status (and amount, range,
needed fields) of one or more measures. The jurisdiction is the folder's name unless a case
sets ``jurisdiction``.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from calc_app.engine.policies import default_bundle
from calc_app.pack.cases import case_files, check_case

HERE = Path(__file__).parent


def _load_cases():
    out = []
    for path in case_files(HERE):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = data.get("defaults") or {}
        for i, case in enumerate(data["cases"]):
            out.append(pytest.param(path, defaults, case, id=f"{path.parent.name}/{path.stem}#{i + 1}"))
    return out


CASES = _load_cases()


@pytest.mark.parametrize("path,defaults,case", CASES)
def test_case(path, defaults, case):
    """One runner for the repository's cases and a pack's own (calc_app.pack.cases)."""
    problems = check_case(path, defaults, case)
    assert not problems, f"{case.get('name')}: " + "\n".join(problems)


def test_every_measure_has_a_case():
    """Each encoded measure is exercised by at least one case."""
    covered = set()
    for p in CASES:
        covered |= set((p.values[2].get("expect") or {}))
    missing = sorted(cm.m.id for cm in default_bundle().measures if cm.m.id not in covered)
    assert not missing, f"measures without a case: {missing}"
