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

from calc_app.engine.evaluate import evaluate
from calc_app.engine.policies import default_bundle

HERE = Path(__file__).parent
CASE_KEYS = {"name", "clause", "as_of", "inputs", "expect", "totals", "jurisdiction", "lang", "size", "reason_contains"}
EXPECT_KEYS = {"status", "amount", "amount_min", "amount_max", "needs", "reason_contains", "assumptions",
               "inferred", "range_needs", "amount_if", "if", "not_presumed"}


def _load_cases():
    out = []
    for path in sorted(HERE.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = data.get("defaults") or {}
        for i, case in enumerate(data["cases"]):
            out.append(pytest.param(path, defaults, case, id=f"{path.parent.name}/{path.stem}#{i + 1}"))
    return out


CASES = _load_cases()


def _inputs(path: Path, defaults: dict, case: dict) -> dict:
    inputs = {**defaults, **(case.get("inputs") or {})}
    inputs = {k: v for k, v in inputs.items() if v is not None}
    inputs.setdefault("jurisdiction", case.get("jurisdiction", path.parent.name))
    inputs["as_of"] = str(case["as_of"])
    for k, v in list(inputs.items()):
        if isinstance(v, float):
            inputs[k] = str(v)
    return inputs


@pytest.mark.parametrize("path,defaults,case", CASES)
def test_case(path, defaults, case):
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    assert case.get("name") and case.get("clause"), "each case is named as a rule and cites its clause"
    assert case.get("expect") or case.get("totals") or case.get("size"), "a case must expect something"
    result = evaluate(_inputs(path, defaults, case), case.get("lang", "zh_CN"))
    items = {it["measure_id"]: it for it in result["items"]}
    for mid, exp in (case.get("expect") or {}).items():
        assert set(exp) <= EXPECT_KEYS, f"{mid}: unknown keys {set(exp) - EXPECT_KEYS}"
        assert mid in items, f"{mid} is not among the measures of {result['jurisdiction']}"
        it = items[mid]
        ctx = f"{case['name']} — {mid}: reasons={it['reasons']} steps={it['steps']}"
        if "status" in exp:
            assert it["status"] == exp["status"], ctx
        for k in ("amount", "amount_min", "amount_max"):
            if k in exp:
                assert isinstance(exp[k], str), f"{mid}: write {k} as a quoted string with 2 places"
                assert it.get(k) == exp[k], ctx
        if "needs" in exp:
            assert set(exp["needs"]) <= set(it["needs"]), ctx
        if "reason_contains" in exp:
            joined = " ".join(it["reasons"])
            assert str(exp["reason_contains"]) in joined, ctx
        # presumed facts the item lists, facts declared rules inferred, the unknowns that only move a range
        for k in ("assumptions", "inferred"):
            if k in exp:
                assert set(exp[k]) <= {a["field"] for a in it.get(k, ())}, ctx
        if "not_presumed" in exp:   # answered facts are never presumed
            assert not set(exp["not_presumed"]) & {a["field"] for a in it.get("assumptions", ())}, ctx
            assert not set(exp["not_presumed"]) & {a["field"] for a in result["assumptions"]}, ctx
        if "range_needs" in exp:
            assert set(exp["range_needs"]) <= set(it.get("range_needs", ())), ctx
        if "amount_if" in exp:
            assert it.get("amount_if") == exp["amount_if"] and it.get("if") == exp["if"], ctx
            answered = evaluate({**_inputs(path, defaults, case), **exp["if"]}, case.get("lang", "zh_CN"))
            got = next(i for i in answered["items"] if i["measure_id"] == mid)
            assert (got["status"], got["amount"]) == ("eligible", exp["amount_if"]), ctx
    for k, v in (case.get("totals") or {}).items():
        assert result["totals"][k] == str(v), f"{case['name']}: totals {result['totals']}"
    if "size" in case:
        assert result["size"] == case["size"], result["size_reason"]


def test_every_measure_has_a_case():
    """Each encoded measure is exercised by at least one case."""
    covered = set()
    for p in CASES:
        covered |= set((p.values[2].get("expect") or {}))
    missing = sorted(cm.m.id for cm in default_bundle().measures if cm.m.id not in covered)
    assert not missing, f"measures without a case: {missing}"
