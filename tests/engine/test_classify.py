"""Enterprise size (工信部联企业〔2011〕300号), 小型微利企业, and the VAT-refund size test."""
from decimal import Decimal as D

import pytest

from calc_app.engine.classify import classify_size, classify_small_low_profit, classify_vat_refund_size
from calc_app.engine.policies import default_bundle


def size(**sc):
    return classify_size(default_bundle(), sc)


@pytest.mark.parametrize("code,emp,rev,assets,expected", [
    # 工业: small needs 20 persons and 300万; medium 300 and 2000万; large 1000 and 40000万
    ("C3311", 20, D(3_000_000), None, "small"),      # both floors exactly met
    ("C3311", 19, D(3_000_000), None, "micro"),      # headcount just below
    ("C3311", 20, D(2_999_999), None, "micro"),      # revenue just below
    ("C3311", 300, D(20_000_000), None, "medium"),
    ("C3311", 1000, D(400_000_000), None, "large"),
    ("C3311", 1000, D(399_999_999), None, "medium"),  # large needs every floor
    # 零售: small 10 persons and 100万
    ("F5211", 10, D(1_000_000), None, "small"),
    ("F5211", 60, D(600_000), None, "micro"),
    # 建筑业: revenue and assets only
    ("E4710", None, D(60_000_000), D(50_000_000), "medium"),
    # 租赁和商务服务业: headcount and assets
    ("L7291", 12, None, D(2_000_000), "small"),
    # 其他未列明行业 (education): headcount only
    ("P8310", 150, None, None, "medium"),
    # 农林牧渔: revenue only
    ("A0111", None, D(400_000), None, "micro"),
])
def test_size_table(code, emp, rev, assets, expected):
    sc = {"industry_code": code, "employees": emp, "revenue_last_year": rev, "total_assets": assets}
    got = size(**sc)
    assert got.value == expected, got.reason


def test_override_wins_and_says_so():
    got = size(industry_code="C3311", employees=5000, revenue_last_year=D(10**10), size="small")
    assert got.value == "small" and got.source == "override" and "指定" in got.reason["zh_CN"]


def test_micro_needs_only_one_indicator_below():
    got = size(industry_code="C3311", employees=5)
    assert got.value == "micro"


def test_missing_figures_leave_size_undecided_and_named():
    got = size(industry_code="C3311", employees=50)
    assert got.value is None and got.missing == {"revenue_last_year"}


def test_a_coarse_code_that_spans_categories_asks_for_detail():
    got = size(industry_code="G", employees=50, revenue_last_year=D(5_000_000))
    assert got.value is None and got.missing == {"industry_code"}


def test_section_code_within_one_category_is_enough():
    assert size(industry_code="C", employees=50, revenue_last_year=D(5_000_000)).value == "small"


def test_reason_shows_the_deciding_figures():
    got = size(industry_code="C3311", employees=48, revenue_last_year=D(18_000_000))
    assert "48人" in got.reason["zh_CN"] and "1800万元" in got.reason["zh_CN"]


@pytest.mark.parametrize("income,emp,assets,expected", [
    (D(3_000_000), 300, D(50_000_000), True),     # every limit exactly met
    (D("3000000.01"), 300, D(50_000_000), False),
    (D(1_000_000), 301, D(1), False),
    (D(1_000_000), 10, D("50000000.01"), False),
    (D(1_000_000), 10, None, None),
])
def test_small_low_profit(income, emp, assets, expected):
    got = classify_small_low_profit({"taxable_income_last_year": income, "employees": emp, "total_assets": assets})
    assert got.value is expected


def test_vat_refund_size_ignores_headcount():
    sc = {"industry_code": "C3311", "employees": 5000, "revenue_last_year": D(10_000_000), "total_assets": None}
    assert classify_vat_refund_size(default_bundle(), sc).value == "small"
    assert size(**sc).value == "small"  # same here; headcount 5000 alone does not make it large


def test_a_reason_made_when_read_shows_the_figures_as_they_were_classified():
    # the texts are made when first read (most are never read); by then the facts may have moved on
    from calc_app.engine.classify import Texts
    sc = {"industry_code": "C3311", "employees": 48, "revenue_last_year": D(18_000_000)}
    got = classify_size(default_bundle(), sc)
    low = classify_size(default_bundle(), {"industry_code": "C3311", "employees": 5})
    vat = classify_vat_refund_size(default_bundle(), {"industry_code": "P8310", "employees": 150})
    sc["employees"], sc["revenue_last_year"] = 999, D(1)
    assert isinstance(got.reason, Texts)
    assert got.reason["zh_CN"] == "工业：从业人员48人≥20人、营业收入1800万元≥300万元，划为小型企业（工信部联企业〔2011〕300号）"
    assert got.reason["en_US"] == ("Industry (mining, manufacturing, utilities): employees 48 persons ≥ 20 persons, "
                                   "revenue 18,000,000 yuan ≥ 3,000,000 yuan, so small (工信部联企业〔2011〕300号)")
    assert dict(got.reason) == {"zh_CN": got.reason["zh_CN"], "en_US": got.reason["en_US"]}
    assert "5人<20人" in low.reason["zh_CN"] and "5 persons < 20 persons" in low.reason["en_US"]
    assert vat.reason["zh_CN"].endswith("（该行业无营收或资产指标，按从业人员）") and "150人" in vat.reason["zh_CN"]
    with pytest.raises(KeyError):
        got.reason["fr_FR"]
