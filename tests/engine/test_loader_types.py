"""The static type check of expressions at load: a bundle that loads cannot make an evaluation fail."""
import re

import pytest

from calc_app.engine.policies import load_bundle
from calc_app.engine.yamlload import PolicyError
from tests.engine.good_measure import GOOD



@pytest.fixture
def tree(empty_policies):
    (empty_policies / "cn").mkdir()
    return empty_policies


def write(root, text):
    (root / "cn" / "cn-test-measure.yaml").write_text(text, encoding="utf-8")


def with_amount(expr):
    return GOOD.replace('amount: "graduates_hired * 1500"', f"amount: {expr!r}".replace("'", '"', 2)
                        if "'" not in expr else f'amount: "{expr}"')


def with_test(expr):
    return GOOD.replace('test: "graduates_hired > 0"', f'test: "{expr}"')


@pytest.mark.parametrize("text,field,words", [
    (with_amount("monthly_rent * graduates_hired * 1e26"), "amount", "literal beyond"),
    (with_amount("monthly_rent * 1e999999"), "amount", "literal beyond"),
    (with_amount("monthly_rent * revenue_last_year"), "amount", "can reach"),
    (with_test("landlord in 5"), "conditions.0.test", "'in' needs a tuple"),
    (with_amount("year(monthly_rent)"), "amount", "year() takes a date"),
    (with_amount("-landlord"), "amount", "takes a number"),
    (with_amount("landlord"), "amount", "here a number is needed"),
    (with_test("add_months(as_of, 1e999999999) > as_of"), "conditions.0.test", "literal beyond"),
    (with_test("add_months(as_of, revenue_last_year) > as_of"), "conditions.0.test", "add_months()'s months"),
    (with_test("landlord == 'sttae'"), "conditions.0.test", "never a value of landlord"),
    (with_test("graduates_hired"), "conditions.0.test", "a yes/no is needed"),
    (with_test("as_of > 5"), "conditions.0.test", "cannot order"),
    (with_test("date('2022-13-01') > as_of"), "conditions.0.test", "not a date"),
    (with_amount("0.0000000000001 * monthly_rent"), "amount", "decimal places"),
])
def test_an_expression_that_would_fail_every_evaluation_is_refused(tree, text, field, words):
    write(tree, text)
    with pytest.raises(PolicyError) as e:
        load_bundle(tree)
    hits = [p for p in e.value.problems if re.search(rf"cn-test-measure\.yaml:\d+: {re.escape(field)}: ", p)
            and words in p]
    assert hits, e.value.problems


def test_lets_carry_their_type_to_later_expressions(tree):
    write(tree, GOOD.replace("conditions:", 'let:\n  - {name: who, expr: "landlord", label: {zh: 谁, en: who}}\n'
                                           "conditions:").replace('amount: "graduates_hired * 1500"', 'amount: "who * 2"'))
    with pytest.raises(PolicyError) as e:
        load_bundle(tree)
    assert any(": amount: '*' takes a number" in p for p in e.value.problems), e.value.problems


def test_an_error_left_possible_is_a_status_of_its_item_only(tree):
    from calc_app.engine.evaluate import evaluate
    write(tree, with_amount("monthly_rent / (graduates_hired - graduates_hired)"))
    b = load_bundle(tree)
    out = evaluate({"jurisdiction": "cn", "as_of": "2022-07-15", "graduates_hired": 2, "monthly_rent": 100},
                   bundle=b)
    (item,) = [it for it in out["items"] if it["measure_id"] == "cn-test-measure"]
    assert item["status"] == "needs_input" and item["amount"] == "0.00" and "error" in item
    assert any("cannot compute" in r or "无法计算" in r for r in item["reasons"])


def test_the_shipped_bundle_type_checks():
    assert load_bundle().measures


DIV0_LET = 'let:\n  - {name: per_head, expr: "monthly_rent / (graduates_hired - graduates_hired)", label: {zh: 人均, en: per head}}\n'


def _item(tree, text, **sc):
    from calc_app.engine.evaluate import evaluate
    write(tree, text)
    out = evaluate({"jurisdiction": "cn", "as_of": "2022-07-15", "monthly_rent": 100, **sc}, bundle=load_bundle(tree))
    (item,) = [it for it in out["items"] if it["measure_id"] == "cn-test-measure"]
    return item


def test_a_measure_its_conditions_rule_out_is_ineligible_without_computing_its_named_steps(tree):
    # the conditions do not read the step: a measure that does not apply never needs it, so a step
    # that could not be computed (here a division by zero) does not make it "cannot compute"
    item = _item(tree, GOOD.replace("conditions:", DIV0_LET + "conditions:"), graduates_hired=0)
    assert item["status"] == "ineligible" and "error" not in item, item
    # nor one that waits for an input its conditions read
    item = _item(tree, GOOD.replace("conditions:", DIV0_LET + "conditions:"))
    assert item["status"] == "needs_input" and item["needs"] == ["graduates_hired"] and "error" not in item, item


def test_a_named_step_that_cannot_be_computed_is_said_once_the_conditions_hold(tree):
    item = _item(tree, GOOD.replace("conditions:", DIV0_LET + "conditions:"), graduates_hired=2)
    assert item["status"] == "needs_input" and "error" in item, item
    assert any("无法计算" in r for r in item["reasons"])


def test_a_condition_reading_a_named_step_sees_it(tree):
    twice = 'let:\n  - {name: twice, expr: "graduates_hired * 2", label: {zh: 两倍, en: twice}}\n'
    text = GOOD.replace("conditions:", twice + "conditions:").replace('"graduates_hired > 0"', '"twice > 2"')
    assert _item(tree, text, graduates_hired=2)["status"] == "eligible"
    assert _item(tree, text, graduates_hired=1)["status"] == "ineligible"
    # a reason text reading the step sees it too
    text = text.replace("fail: {zh: 无, en: none}", "fail: {zh: '两倍为{twice}', en: 'twice is {twice}'}")
    assert "两倍为2" in _item(tree, text, graduates_hired=1)["reasons"]
