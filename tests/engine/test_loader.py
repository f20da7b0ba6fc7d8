"""Broken policy files are refused with file, line and field."""
import shutil
from pathlib import Path

import pytest

from calc_app.engine.policies import load_bundle
from calc_app.engine.yamlload import PolicyError
from tests.engine.good_measure import GOOD

SRC = Path(__file__).resolve().parents[2] / "policies"



@pytest.fixture
def tree(empty_policies):
    (empty_policies / "cn").mkdir()
    return empty_policies


def write(root, text, name="cn-test-measure"):
    (root / "cn" / f"{name}.yaml").write_text(text, encoding="utf-8")


def problems(root):
    with pytest.raises(PolicyError) as e:
        load_bundle(root)
    return e.value.problems


def test_a_good_file_loads(tree):
    write(tree, GOOD)
    b = load_bundle(tree)
    assert [cm.m.id for cm in b.measures] == ["cn-test-measure"]


def test_misspelt_key_names_file_line_and_field(tree):
    write(tree, GOOD.replace("citation:", "citaton:"))
    probs = problems(tree)
    assert any("cn-test-measure.yaml:14: citaton: Extra inputs are not permitted" in p for p in probs), probs
    assert any("citation: Field required" in p for p in probs), probs


def test_bad_effect_value(tree):
    write(tree, GOOD.replace("effect: grant", "effect: gift"))
    assert any(":5: effect:" in p for p in problems(tree))


def test_malformed_expression_names_the_file_and_field(tree):
    write(tree, GOOD.replace('"graduates_hired * 1500"', '"graduates_hired * "'))
    assert any("cn-test-measure.yaml:11: amount: syntax error" in p for p in problems(tree))


def test_unknown_name_in_expression(tree):
    write(tree, GOOD.replace('"graduates_hired > 0"', '"graduate_hired > 0"'))
    assert any(":8: conditions.0.test: unknown name 'graduate_hired'" in p for p in problems(tree))


def test_attribute_access_is_refused(tree):
    write(tree, GOOD.replace('"graduates_hired * 1500"', '"graduates_hired.__class__"'))
    assert any("amount: Attribute is not allowed" in p for p in problems(tree))


def test_unknown_reference_in_stacking(tree):
    write(tree, GOOD.replace("stacking:\n", "stacking:\n  replaces: [cn-nothing]\n"))
    assert any("stacking.replaces: unknown measure 'cn-nothing'" in p for p in problems(tree))


def test_unknown_document_and_jurisdiction(tree):
    write(tree, GOOD.replace("document: jiangmen-2022-plan", "document: nowhere"))
    assert any(":4: document: unknown document 'nowhere'" in p for p in problems(tree))


def test_file_in_the_wrong_folder(tree):
    write(tree, GOOD.replace("jurisdiction: cn\n", "jurisdiction: cn-gd\n"))
    assert any("file lies in policies/cn/" in p for p in problems(tree))


def test_both_amount_and_not_quantified_missing(tree):
    write(tree, GOOD.replace('amount: "graduates_hired * 1500"\n', ""))
    assert any("exactly one of 'amount'" in p for p in problems(tree))


def test_broken_yaml_gives_a_line(tree):
    write(tree, GOOD.replace("effect: grant", "effect: [grant"))
    probs = problems(tree)
    assert len(probs) == 1 and "cn-test-measure.yaml:" in probs[0] and "YAML" in probs[0]


def test_placeholder_must_name_a_value(tree):
    write(tree, GOOD.replace("pass: {zh: 有, en: some}", "pass: {zh: '有 {nobody}', en: some}"))
    assert any("placeholder {nobody}" in p for p in problems(tree))


def test_the_program_refuses_to_start_on_a_broken_bundle(tree, monkeypatch, capsys):
    write(tree, GOOD.replace("effect: grant", "effect: gift"))
    monkeypatch.setenv("RELIEF_CALC_ROOT", str(tree.parent))
    shutil.copytree(SRC.parent / "resources", tree.parent / "resources")
    from calc_app import cli
    from calc_app.engine import policies
    policies.default_bundle.cache_clear()
    try:
        assert cli.main(["jurisdictions"]) == 1
    finally:
        policies.default_bundle.cache_clear()
    err = capsys.readouterr().err
    assert "refusing to start" in err and "effect" in err
