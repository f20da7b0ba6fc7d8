"""The engine on a small synthetic bundle: statuses, caps, ranges, rounding, stacking."""
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from calc_app.engine.evaluate import InputError, evaluate
from calc_app.engine.policies import load_bundle

SRC = Path(__file__).resolve().parents[2] / "policies"


def measure(mid, jur, amount, *, cond="True", extra="", effect="grant", start="2022-01-01", end="2022-12-31"):
    return textwrap.dedent(f"""\
        id: {mid}
        title: {{zh: {mid}, en: {mid}}}
        jurisdiction: {jur}
        document: jiangmen-2022-plan
        effect: {effect}
        period: {{start: {start}, end: {end}}}
        conditions:
          - test: "{cond}"
            pass: {{zh: 符合, en: ok}}
            fail: {{zh: 不符合, en: not ok}}
        amount: "{amount}"
        citation: {{seed_file: 000_cca0d35df373ca46.txt, clause: "28", quote: 按每人1500元的标准发放一次性扩岗补助}}
        """) + textwrap.dedent(extra)


@pytest.fixture
def make(empty_policies):
    root = empty_policies

    def add(mid, jur, amount, *, stacking="stacking: {rule: {zh: 独立, en: alone}}\n", **kw):
        (root / jur).mkdir(exist_ok=True)
        (root / jur / f"{mid}.yaml").write_text(measure(mid, jur, amount, extra=stacking + kw.pop("extra", ""), **kw),
                                                encoding="utf-8")
    add.root = root
    return add


def run(make, lang="zh_CN", **sc):
    sc.setdefault("jurisdiction", "cn-gd-jiangmen")
    sc.setdefault("as_of", "2022-07-15")
    return evaluate(sc, lang, bundle=load_bundle(make.root))


def items(result):
    return {it["measure_id"]: it for it in result["items"]}


def test_eligible_amount_is_rounded_half_up_to_the_fen(make):
    make("m-a", "cn", "monthly_rent * 0.333335")
    it = items(run(make, monthly_rent="10"))["m-a"]
    assert it["status"] == "eligible" and it["amount"] == "3.33"
    make("m-a", "cn", "monthly_rent * 0.0005")
    assert items(run(make, monthly_rent="10"))["m-a"]["amount"] == "0.01"


def test_missing_input_is_needs_input_never_zero(make):
    make("m-a", "cn", "monthly_rent * 3")
    it = items(run(make))["m-a"]
    assert it["status"] == "needs_input" and it["amount"] == "0.00" and it["needs"] == ["monthly_rent"]
    assert "月租金" in it["reasons"][0]


def test_a_false_condition_wins_over_a_missing_input(make):
    make("m-a", "cn", "monthly_rent * 3", cond="graduates_hired > 0 and employees > 10")
    it = items(run(make, graduates_hired=0))["m-a"]
    assert it["status"] == "ineligible"


def test_not_in_force_on_the_day_before_and_in_force_on_the_first_day(make):
    make("m-a", "cn", "100")
    assert items(run(make, as_of="2021-12-31"))["m-a"]["status"] == "not_in_force"
    assert items(run(make, as_of="2022-01-01"))["m-a"]["status"] == "eligible"
    assert items(run(make, as_of="2022-12-31"))["m-a"]["status"] == "eligible"
    assert items(run(make, as_of="2023-01-01"))["m-a"]["status"] == "not_in_force"


def test_cap_applies_and_is_shown(make):
    make("m-a", "cn", "monthly_rent * 12", extra='cap: "50000"\n')
    it = items(run(make, monthly_rent="10000"))["m-a"]
    assert it["amount"] == "50000.00" and any("50,000" in s for s in it["steps"])


def test_range_gives_both_ends_and_the_reason(make):
    make("m-a", "cn", "monthly_rent * 6",
         extra='range: {min: "monthly_rent * 3", max: "monthly_rent * 6", estimate: max, why: {zh: 取上限, en: upper end}}\n')
    it = items(run(make, monthly_rent="1000"))["m-a"]
    assert (it["amount"], it["amount_min"], it["amount_max"]) == ("6000.00", "3000.00", "6000.00")
    assert "取上限" in it["reasons"]


def test_lower_level_replaces_higher_so_it_counts_once(make):
    make("cn-x", "cn", "1500 * graduates_hired")
    make("gd-x", "cn-gd-jiangmen", "1000 * graduates_hired",
         stacking="stacking: {replaces: [cn-x], rule: {zh: 替代, en: replaces}}\n")
    r = run(make, graduates_hired=2)
    its = items(r)
    assert its["cn-x"]["status"] == "excluded" and its["cn-x"]["amount"] == "0.00"
    assert its["gd-x"]["amount"] == "2000.00" and r["totals"]["grant"] == "2000.00"
    # outside the replacing level's chain, the national measure stands
    its = items(run(make, graduates_hired=2, jurisdiction="cn-hb"))
    assert its["cn-x"]["status"] == "eligible" and "gd-x" not in its


def test_exclusive_group_takes_the_highest(make):
    grp = "stacking: {group: g, resolution: highest, rule: {zh: 就高, en: highest}}\n"
    make("m-a", "cn", "100", stacking=grp)
    make("m-b", "cn-gd", "300", stacking=grp)
    its = items(run(make))
    assert its["m-b"]["status"] == "eligible" and its["m-a"]["status"] == "excluded"
    assert "m-b" in its["m-a"]["reasons"][0]


def test_exclusive_group_by_priority(make):
    make("m-a", "cn", "100", stacking="stacking: {group: g, resolution: priority, priority: 1, rule: {zh: 优先, en: p}}\n")
    make("m-b", "cn", "300", stacking="stacking: {group: g, resolution: priority, priority: 2, rule: {zh: 优先, en: p}}\n")
    its = items(run(make))
    assert its["m-a"]["status"] == "eligible" and its["m-b"]["status"] == "excluded"


def test_totals_by_effect_sum_the_eligible_items(make):
    make("m-a", "cn", "100.005")
    make("m-b", "cn", "50", effect="saving")
    make("m-c", "cn", "7", effect="indirect")
    make("m-d", "cn", "9", cond="False")
    t = run(make)["totals"]
    assert (t["grant"], t["saving"], t["indirect"], t["deferral"]) == ("100.01", "50.00", "7.00", "0.00")


def test_reasons_follow_the_language(make):
    make("m-a", "cn", "100", cond="False")
    assert items(run(make, lang="en_US"))["m-a"]["reasons"] == ["not ok"]


def test_in_group_undecided_for_a_coarse_code(make):
    make("m-a", "cn", "100", cond="in_group('difficult_17')")
    assert items(run(make, industry_code="C"))["m-a"]["needs"] == ["industry_code"]
    assert items(run(make, industry_code="C17"))["m-a"]["status"] == "eligible"
    assert items(run(make, industry_code="C33"))["m-a"]["status"] == "ineligible"


def test_within_tests_the_chain(make):
    make("m-a", "cn", "100", cond="within('cn-hb')")
    assert items(run(make, jurisdiction="cn-hb-jingmen-zhongxiang"))["m-a"]["status"] == "eligible"
    assert items(run(make))["m-a"]["status"] == "ineligible"


def test_invalid_input_lists_every_problem(make):
    with pytest.raises(InputError) as e:
        run(make, monthly_rent="-1", employees="x", as_of="2022-02-30", industry_code="Z99", bogus=1)
    fields = {f for f, _ in e.value.problems}
    assert {"monthly_rent", "employees", "as_of", "industry_code", "bogus"} <= fields


def test_unknown_jurisdiction_is_an_input_error(make):
    with pytest.raises(InputError) as e:
        run(make, jurisdiction="cn-xx")
    assert e.value.problems[0][0] == "jurisdiction"


def test_stable_order(make):
    make("m-b", "cn-gd-jiangmen", "1")
    make("m-a", "cn", "1")
    assert [it["measure_id"] for it in run(make)["items"]] == ["m-a", "m-b"]


def test_replaces_when_applicable_leaves_the_higher_measure_where_the_lower_rules_out(make):
    make("cn-x", "cn", "1500 * graduates_hired")
    make("gd-x", "cn-gd-jiangmen", "1000 * graduates_hired", cond="size != 'large'",
         stacking="stacking: {replaces: [cn-x], replaces_when: applicable, rule: {zh: 替代, en: replaces}}\n")
    its = items(run(make, graduates_hired=2, size="large"))
    assert its["gd-x"]["status"] == "ineligible" and its["cn-x"]["status"] == "eligible"
    its = items(run(make, graduates_hired=2, size="small"))
    assert its["gd-x"]["status"] == "eligible" and its["cn-x"]["status"] == "excluded"


def test_replaces_in_force_lets_the_lower_rule_decide_even_when_it_rules_out(make):
    make("cn-x", "cn", "1500 * graduates_hired")
    make("gd-x", "cn-gd-jiangmen", "1000 * graduates_hired", cond="size != 'large'",
         stacking="stacking: {replaces: [cn-x], rule: {zh: 替代, en: replaces}}\n")
    its = items(run(make, graduates_hired=2, size="large"))
    assert its["gd-x"]["status"] == "ineligible" and its["cn-x"]["status"] == "excluded"


def test_replaces_is_followed_through_a_chain(make):
    make("cn-x", "cn", "1500")
    make("hb-x", "cn-hb", "1000", stacking="stacking: {replaces: [cn-x], rule: {zh: 替代, en: r}}\n",
         start="2023-01-01", end="2023-12-31")
    make("jm-x", "cn-hb-jingmen", "900", stacking="stacking: {replaces: [hb-x], rule: {zh: 替代, en: r}}\n")
    its = items(run(make, jurisdiction="cn-hb-jingmen"))
    assert its["hb-x"]["status"] == "not_in_force"
    assert its["cn-x"]["status"] == "excluded" and its["jm-x"]["amount"] == "900.00"
    assert any("代替" in r for r in its["jm-x"]["reasons"])


def test_the_measure_cache_never_changes_a_result():
    """Evaluating with and without the per-measure cache gives the same object; callers may change
    a result's items and their lists without affecting the next one, and the parts every result
    shares (source, sources, period, apply) refuse a change instead of passing it on."""
    import copy
    import json

    import calc_app.engine.evaluate as ev
    sc = json.loads((SRC.parent / "examples" / "jiangmen-small-manufacturer.json").read_text(encoding="utf-8"))
    for memo in (True, False):
        first = ev.evaluate(sc, memo=memo)
        it = first["items"][0]
        it["reasons"].append("changed by a caller")
        it["status"] = "changed"
        with pytest.raises(TypeError, match="read-only"):
            it["source"]["quote"] = "changed"
        with pytest.raises(TypeError, match="read-only"):
            it["sources"].append({})
        with pytest.raises(TypeError, match="read-only"):
            it["period"].update(start="x")
        mine = it["source"].copy()
        mine["quote"] = "changed"                       # a copy is the caller's own
        assert copy.deepcopy(it["source"]) == it["source"] and type(copy.deepcopy(it["source"])) is dict
        assert json.loads(json.dumps(first, ensure_ascii=False))["items"][0]["source"] == dict(it["source"])
    cached = ev.evaluate(sc, memo=True)
    size = ev.MEASURE_CACHE_SIZE
    try:
        ev.MEASURE_CACHE_SIZE = 0
        for cm in ev.default_bundle().measures:
            cm.cache.clear()
        fresh = ev.evaluate(sc, memo=True)
    finally:
        ev.MEASURE_CACHE_SIZE = size
    assert cached == fresh == ev.evaluate(sc)
    assert "changed by a caller" not in cached["items"][0]["reasons"]
    assert cached["items"][0]["status"] != "changed" and "changed" not in cached["items"][0]["source"]["quote"]


def test_a_reason_that_shows_an_input_follows_it_through_the_cache(make):
    """The cache key holds the names a reason shows, not only those the formula reads."""
    make("m-a", "cn", "100", cond="sme",
         extra="")
    p = make.root / "cn" / "m-a.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("pass: {zh: 符合, en: ok}", "pass: {zh: '{employees}人', en: ok}"),
                 encoding="utf-8")
    b = load_bundle(make.root)
    base = {"jurisdiction": "cn", "as_of": "2022-07-15", "size": "small"}
    r1 = evaluate({**base, "employees": 5}, bundle=b)
    r2 = evaluate({**base, "employees": 7}, bundle=b)
    assert "5人" in r1["items"][0]["reasons"] and "7人" in r2["items"][0]["reasons"]


def test_without_steps_only_the_steps_differ(make):
    make("m-a", "cn", "monthly_rent * 3", extra='cap: "50000"\n')
    b = load_bundle(make.root)
    sc = {"jurisdiction": "cn", "as_of": "2022-07-15", "monthly_rent": "30000"}
    full, lean = evaluate(sc, bundle=b), evaluate(sc, bundle=b, steps=False, questions=True)
    assert full["items"][0]["steps"] and lean["items"][0]["steps"] == []
    for it in (full["items"][0], lean["items"][0]):
        it["steps"] = []
    assert full == lean


def test_values_are_shown_the_same_through_the_formatting_cache():
    """Decimals are formatted once per text: equal values written differently (1.50 and 1.5) show
    as formatting them afresh shows them, and so does the sign of a zero, which some formats show."""
    from decimal import Decimal as D

    import calc_app.engine.evaluate as ev
    values = [D("1.50"), D("1.5"), D("1.0000000"), D("1"), D("1E+2"), D("100"), D("0.12345670"), D("-3.20"),
              D("12345678.905"), D("0"), D("-0"), D("0.00"), D("-0.00")]
    for spec in ("", "yuan", "pct", "int"):
        for lang in ev.LANGS:
            ev._FORMATTED.clear()
            direct = [ev._fmt_value(v, spec, lang) for v in values]
            assert [ev.fmt_value(v, spec, lang) for v in values] == direct      # filling the cache
            assert [ev.fmt_value(v, spec, lang) for v in values] == direct      # from it
            assert [ev.fmt_value(v, spec, lang) for v in reversed(values)] == direct[::-1]
    assert ev.fmt_value(D("-0"), "", "zh_CN") == "-0" and ev.fmt_value(D("0"), "", "zh_CN") == "0"


def test_list_items_enter_the_engine_as_their_models_dump_them():
    # _base_values takes an item's fields as they are (the item models are flat): what model_dump gives
    from calc_app.engine.evaluate import _base_values, validate_scenario
    from calc_app.models.inputs.lists import LIST_MODELS
    from calc_app.samples import varied_scenarios
    seen = 0
    for d in varied_scenarios(200, seed=21):
        sc = validate_scenario(d)
        vals = _base_values(sc)
        for name in LIST_MODELS:
            items = getattr(sc, name)
            if items:
                assert vals[name] == [it.model_dump() for it in items]
                assert all(type(a) is type(b) for it, d2 in zip(items, vals[name])
                           for a, b in zip(it.model_dump().values(), d2.values()))
                seen += len(items)
    assert seen > 50
