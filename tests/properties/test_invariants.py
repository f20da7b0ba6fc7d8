"""Invariants over random scenarios (hypothesis), on the bundled policies."""
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc_app.engine.evaluate import InputError, evaluate
from calc_app.engine.industry import code_table
from calc_app.engine.policies import default_bundle
from calc_app.models.policy import EFFECTS

IDS = sorted(default_bundle().jurisdictions)
CODES = sorted(code_table())
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
count = st.integers(min_value=0, max_value=5000)
dates = st.dates(min_value=dt.date(2019, 12, 1), max_value=dt.date(2023, 6, 30))
loan = st.fixed_dictionaries({}, optional={
    "principal": money, "annual_rate": st.decimals(0, Decimal("0.2"), places=4), "start_date": dates,
    "term_months": st.integers(1, 120), "inclusive_small_micro": st.booleans(), "via_relending": st.booleans(),
    "project_loan": st.booleans(), "interest_paid": money})
guarantee = st.fixed_dictionaries({}, optional={
    "amount": money, "fee_rate": st.decimals(0, Decimal("0.05"), places=4), "start_date": dates,
    "government_guarantor": st.booleans()})
bid = st.fixed_dictionaries({}, optional={"price": money, "category": st.sampled_from(["goods", "services", "works"])})

scenarios = st.fixed_dictionaries(
    {"jurisdiction": st.sampled_from(IDS), "as_of": dates.map(str)},
    optional={
        "industry_code": st.sampled_from(CODES), "employees": count, "revenue_last_year": money,
        "total_assets": money, "taxable_income_last_year": money,
        "size": st.sampled_from(["micro", "small", "medium", "large"]),
        "is_individual_business": st.booleans(), "above_designated_size": st.booleans(),
        "specialized_level": st.sampled_from(["none", "provincial", "national"]),
        "in_medium_high_risk_area": st.booleans(), "severely_affected": st.booleans(),
        "insured_employees": count, "layoffs_last_year": count,
        "unemployment_insurance_paid_last_year": money, "monthly_employer_social_insurance": money,
        "pension_employer_paid": money, "pension_months_paid": st.integers(0, 24), "graduates_hired": count,
        "landlord": st.sampled_from(["state", "private"]), "monthly_rent": money,
        "loans": st.lists(loan, max_size=3), "guarantees": st.lists(guarantee, max_size=3),
        "procurement_bids": st.lists(bid, max_size=3), "equipment_purchased": money,
        "export_credit_insurance_premium": money, "inspection_fees": money,
        "vat_credit_end_of_period": money, "vat_credit_2019_03_31": money,
        "input_tax_composition_ratio": st.decimals(0, 1, places=3),
        "tax_credit_rating": st.sampled_from(list("ABMCD")),
        "vehicle_price_excl_vat": money, "vehicle_displacement_l": st.decimals(0, 8, places=1),
        "vehicle_purchase_date": dates.map(str),
    })

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _as_json(sc):
    def conv(v):
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v
    return conv(sc)


@SETTINGS
@given(scenarios)
def test_amounts_never_negative_and_totals_add_up(sc):
    r = evaluate(_as_json(sc))
    sums = {e: Decimal(0) for e in EFFECTS}
    for it in r["items"]:
        a = Decimal(it["amount"])
        assert a >= 0
        assert a == a.quantize(Decimal("0.01"))
        if it["status"] != "eligible":
            assert a == 0
        else:
            sums[it["effect"]] += a
        if "amount_min" in it:
            assert Decimal(it["amount_min"]) <= Decimal(it["amount_max"])
    for e in EFFECTS:
        assert Decimal(r["totals"][e]) == sums[e]


@SETTINGS
@given(scenarios)
def test_constant_caps_are_respected(sc):
    b = default_bundle()
    r = evaluate(_as_json(sc))
    for it in r["items"]:
        cap = b.by_id[it["measure_id"]].m.cap
        if cap is not None:
            try:
                limit = Decimal(cap)
            except ArithmeticError:
                continue
            assert Decimal(it["amount"]) <= limit, it["measure_id"]
            if "amount_max" in it:
                assert Decimal(it["amount_max"]) <= limit


BASES = ["unemployment_insurance_paid_last_year", "monthly_rent", "graduates_hired",
         "export_credit_insurance_premium", "monthly_employer_social_insurance"]


@SETTINGS
@given(scenarios, st.sampled_from(BASES), st.integers(1, 10**6))
def test_more_of_an_uncapped_base_never_lowers_the_total(sc, field, extra):
    sc = _as_json(sc)
    sc.setdefault(field, "0" if field != "graduates_hired" else 0)
    more = dict(sc)
    more[field] = (int(sc[field]) + extra) if field == "graduates_hired" else str(Decimal(sc[field]) + extra)
    a, b = evaluate(sc), evaluate(more)
    for e in ("grant", "saving", "deferral", "indirect"):
        assert Decimal(b["totals"][e]) >= Decimal(a["totals"][e]), (field, e)


junk = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
                 st.text(max_size=12), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@SETTINGS
@given(st.dictionaries(st.sampled_from(sorted(set(__import__("calc_app.models.scenario", fromlist=["x"]).Scenario.model_fields) | {"bogus"})),
                       junk, max_size=8))
def test_bad_input_only_ever_raises_the_validation_error(raw):
    raw.setdefault("jurisdiction", "cn-gd-jiangmen")
    raw.setdefault("as_of", "2022-07-15")
    try:
        evaluate(raw)
    except InputError as e:
        assert e.problems and all(isinstance(f, str) and m for f, m in e.problems)
