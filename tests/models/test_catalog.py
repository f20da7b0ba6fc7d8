"""The input descriptions are data: validated with file, line and field, and made into the models."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from calc_app.engine.policies import load_bundle
from calc_app.engine.yamlload import PolicyError
from calc_app.models.inputs.catalog import build_models, load_catalog
from calc_app.models.inputs.lists import ITEM_FIELDS, LIST_MODELS, Bid, Loan
from calc_app.models.inputs.meta import SECTIONS, UNITS, field_meta, label
from calc_app.models.scenario import SCALAR_FIELDS, Scenario, input_fields

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO.parent / "shared" / "contract.md"


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "policies"
    shutil.copytree(REPO / "policies", root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(PolicyError) as e:
        load_catalog(root)
    return e.value.problems


def line_of(path: Path, text: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def test_a_misspelt_key_names_file_line_and_field(tree):
    p = tree / "inputs" / "contract.yaml"
    edit(p, "- id: employees\n  type: count\n", "- id: employees\n  tpye: count\n")
    probs = problems(tree)
    line = line_of(p, "tpye: count")
    assert any(f"contract.yaml:{line}: inputs.3.tpye: Extra inputs are not permitted" in x for x in probs), probs
    assert any("inputs.3.type: Field required" in x for x in probs), probs


def test_an_unknown_type_section_or_unit_is_refused(tree):
    p = tree / "inputs" / "jiangmen.yaml"
    edit(p, "  type: flag\n", "  type: boolean\n")
    edit(tree / "inputs" / "jiangxi.yaml", "section: rent", "section: lease")
    edit(tree / "inputs" / "hubei.yaml", "unit: months", "unit: acres")
    probs = "\n".join(problems(tree))
    assert re.search(r"jiangmen.yaml:\d+: inputs.0.type: Input should be 'money', 'count'", probs), probs
    assert re.search(r"jiangxi.yaml:\d+: inputs.\d+.section: unknown section 'lease'", probs), probs
    assert re.search(r"hubei.yaml:\d+: inputs.\d+.unit: unknown unit 'acres'", probs), probs


def test_a_qualification_is_never_presumed(tree):
    p = tree / "inputs" / "national.yaml"
    edit(p, "- id: receives_commercial_bills\n",
         "- id: receives_commercial_bills\n  qualification: true\n"
         "  presume: {value: false, text: {zh: 视为未认定, en: taken as not recognised}}\n")
    probs = problems(tree)
    assert any("national.yaml:" in x and "never presumed" in x for x in probs), probs


def test_a_presumption_must_be_a_value_the_field_takes(tree):
    p = tree / "inputs" / "contract.yaml"
    edit(p, "- id: landlord\n", "- id: landlord\n  presume: {value: council, text: {zh: 视为非国有, en: taken as private}}\n")
    probs = problems(tree)
    assert any(re.search(r"contract.yaml:\d+: inputs.landlord.presume.value: Input should be 'state' or 'private'", x)
               for x in probs), probs


def test_a_good_presumption_reaches_field_meta(tree):
    p = tree / "inputs" / "contract.yaml"
    edit(p, "- id: landlord\n", "- id: landlord\n  presume: {value: private, text: {zh: 视为非国有, en: taken as private}}\n")
    models = build_models(load_catalog(tree))
    m = field_meta(models.scenario, "landlord")
    assert m["presume"] == {"value": "private", "text": {"zh": "视为非国有", "en": "taken as private"}}
    assert m["qualification"] is False


def test_an_input_described_twice_is_refused(tree):
    p = tree / "inputs" / "southwest.yaml"
    with p.open("a", encoding="utf-8") as f:
        f.write("- id: employees\n  type: count\n  section: profile\n  label: {zh: 人数, en: Headcount}\n")
    probs = problems(tree)
    assert any("southwest.yaml:" in x and "'employees' is already described in" in x and "contract.yaml:" in x
               for x in probs), probs


def test_the_bundle_loader_reports_input_problems_too(tree):
    edit(tree / "inputs" / "hubei.yaml", "type: fraction", "type: percent")
    with pytest.raises(PolicyError) as e:
        load_bundle(tree)
    assert any("hubei.yaml:" in x and ".type: Input should be" in x for x in e.value.problems)


def test_a_measure_reading_an_undescribed_input_is_refused(tree):
    p = tree / "inputs" / "jiangmen.yaml"
    text = p.read_text(encoding="utf-8")
    p.write_text(re.sub(r"- id: homestay_upgraded_2022\n(  .*\n)+", "", text), encoding="utf-8")
    with pytest.raises(PolicyError) as e:
        load_bundle(tree)
    assert any("boutique-homestay-upgrade.yaml:" in x and "homestay_upgraded_2022" in x for x in e.value.problems)


def test_bounds_narrow_a_type(tree):
    edit(tree / "inputs" / "contract.yaml", "- id: employees\n  type: count\n",
         "- id: employees\n  type: count\n  bounds: {max: 1000}\n")
    sc = build_models(load_catalog(tree)).scenario
    assert sc.model_validate({"jurisdiction": "cn", "as_of": "2022-01-01", "employees": 1000}).employees == 1000
    with pytest.raises(Exception, match="less than or equal to 1000"):
        sc.model_validate({"jurisdiction": "cn", "as_of": "2022-01-01", "employees": 1001})


def test_no_input_is_described_in_python():
    leftovers = [p.name for p in (REPO / "calc_app" / "models" / "inputs").glob("*.py")
                 if "described(" in p.read_text(encoding="utf-8")]
    assert not leftovers
    assert sorted(p.name for p in (REPO / "calc_app" / "models" / "inputs").glob("*.py")) == [
        "__init__.py", "catalog.py", "lists.py", "meta.py"]


def test_the_contract_fields_keep_their_names_and_types():
    text = CONTRACT.read_text(encoding="utf-8") if CONTRACT.is_file() else ""
    rows = re.findall(r"^\| `([a-z_0-9]+)` \| ([^|]+) \|", text.split("## Scenario fields", 1)[-1].split("## Output", 1)[0],
                      flags=re.M)
    if not rows:
        pytest.skip("the contract is not here")
    kinds = {"yuan": "money", "int": "count", "bool": "flag", "date": "date", "fraction": "fraction",
             "number": "number", "string": "text", "id": "text", "list": "list"}
    for name, t in rows:
        m = field_meta(Scenario, name)
        want = kinds.get(t.strip(), "choice")
        assert m["type"] == want, (name, t, m["type"])
        if want == "choice":
            assert [c["value"] for c in m["choices"]] == re.findall(r"`([^`]+)`", t), name


def test_choices_carry_their_chinese_words():
    words = {n: {c["value"]: c["zh"] for c in field_meta(Scenario, n)["choices"]}
             for n in ("landlord", "specialized_level", "tax_credit_rating")}
    assert words["landlord"] == {"state": "国有", "private": "非国有"}
    assert words["specialized_level"] == {"none": "无", "provincial": "省级", "national": "国家级"}
    assert list(words["tax_credit_rating"]) == ["A", "B", "M", "C", "D"]
    assert {c["value"]: c["zh"] for c in field_meta(Bid, "category")["choices"]} == {
        "goods": "货物", "services": "服务", "works": "工程"}


def test_field_meta_keeps_its_keys_and_adds_the_new_ones():
    m = field_meta(Scenario, "monthly_rent")
    assert {k: m[k] for k in ("label_zh", "label_en", "section", "unit", "help_zh", "help_en")} == {
        "label_zh": "月租金", "label_en": "Monthly rent", "section": "rent", "unit": "yuan", "help_zh": "",
        "help_en": ""}
    assert m["type"] == "money" and m["qualification"] is False and "choices" not in m and "presume" not in m
    assert "cn-gd-jiangmen-2022-98-state-rent-waiver" in m["reads"]
    assert field_meta(Loan, "principal")["reads"], "an item field reports the measures that read its list"
    assert label(Scenario, "as_of", "zh_CN") == "评估日期" and label(Loan, "term_months", "en_US") == "Term"


def test_the_helpers_keep_their_shapes():
    assert SCALAR_FIELDS[-2:] == ("jurisdiction", "as_of") and "loans" not in SCALAR_FIELDS
    assert [n for n, _ in input_fields()][:3] == ["jurisdiction", "as_of", "industry_code"]
    assert set(LIST_MODELS) == {"loans", "guarantees", "procurement_bids"}
    assert ITEM_FIELDS["procurement_bids"] == ("price", "category")
    assert list(SECTIONS)[0] == "profile" and SECTIONS["rent"] == {"zh_CN": "房租", "en_US": "Rent"}
    assert UNITS["yuan"]["zh_CN"] == "元" and UNITS[""] == {"zh_CN": "", "en_US": ""}
    assert Scenario.__name__ == "Scenario" and Scenario.__module__ == "calc_app.models.scenario"


def test_validation_behaves_as_before():
    from calc_app.engine.evaluate import InputError, validate_scenario
    with pytest.raises(InputError) as e:
        validate_scenario({"employees": -1, "industry_code": "Q99x", "bogus": 1, "landlord": "city"})
    assert e.value.problems == [
        ("industry_code", "Value error, 'Q99X' is not a GB/T 4754-2017 code"),
        ("employees", "Input should be greater than or equal to 0"),
        ("landlord", "Input should be 'state' or 'private'"),
        ("jurisdiction", "required field is missing"),
        ("as_of", "required field is missing"),
        ("bogus", "unknown field"),
    ]
    sc = validate_scenario({"jurisdiction": "cn", "as_of": "2022-07-01", "industry_code": " c36 ",
                            "loans": [{"principal": "100", "start_date": "2022-01-01"}]})
    assert sc.industry_code == "C36" and sc.loans[0].principal == 100
    with pytest.raises(InputError, match="unknown jurisdiction id"):
        validate_scenario({"jurisdiction": "cn-xx", "as_of": "2022-07-01"})


def test_scenarios_pickle_for_worker_processes():
    import pickle
    sc = Scenario.model_validate({"jurisdiction": "cn", "as_of": "2022-07-01", "loans": [{"principal": 1}]})
    assert pickle.loads(pickle.dumps(sc)) == sc
