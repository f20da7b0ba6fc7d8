"""One rule for typed values (calc_app.models.values): what is read, what is refused and why."""
import datetime as dt
from decimal import Decimal

import pytest

from calc_app.models.values import (ValueProblem, parse_choice, parse_count, parse_date, parse_flag,
                                    parse_fraction, parse_money, parse_number, problem_text)


@pytest.mark.parametrize("text,want", [
    ("12000.50", "12000.50"), ("1,200,000", "1200000"), ("120万", "1200000"), ("1200万元", "12000000"),
    ("3亿", "300000000"), ("500元", "500"), ("¥3,000", "3000"), ("￥ 5", "5"), ("RMB 100", "100"),
    ("cny100", "100"), ("１２０００．５", "12000.5"), ("1.2e6", "1200000"), (" 7 ", "7"), ("12\n", "12"),
    ("1 200 000", "1200000"), ("１，２００", "1200"),
])
def test_money_is_read(text, want):
    assert parse_money(text) == Decimal(want)


@pytest.mark.parametrize("text,key", [
    ("1e999999999", "too_large"), ("1e-999999999", "too_precise"), ("1" * 5000, "too_long"),
    ("1" * 30, "too_large"), ("NaN", "not_finite"), ("Infinity", "not_finite"), ("-inf", "not_finite"),
    ("1\t2", "several"), ("1\n2", "several"), ("1,5", "not_number"), ("1,2345", "not_number"),
    ("0.1+0.2", "not_number"), ("abc", "not_number"), ("", "empty"), ("万", "not_number"),
    ("١٢٣", "not_number"), ("1e18", "too_large"), ("0.0000000000001", "too_precise"),
])
def test_money_is_refused_by_its_problem(text, key):
    with pytest.raises(ValueProblem) as e:
        parse_money(text)
    assert e.value.key == key
    assert problem_text(e.value, "zh_CN") and str(e.value)


@pytest.mark.parametrize("value,key", [
    (Decimal("1e999999999"), "too_large"), (Decimal("9" * 5000), "too_large"), (Decimal("0." + "1" * 40), "too_precise"), (Decimal("1e-999999999"), "too_precise"), 
    (1e308, "too_large"), (float("nan"), "not_finite"), (Decimal("NaN"), "not_finite"), (True, "bool_not_number"),
    (Decimal("-Infinity"), "not_finite"),
])
def test_values_that_are_not_text_are_bounded_too(value, key):
    with pytest.raises(ValueProblem) as e:
        parse_money(value)
    assert e.value.key == key


def test_a_5000_digit_integer_is_too_large():
    with pytest.raises(ValueProblem) as e:
        parse_count(10 ** 5000)
    assert e.value.key == "too_large"


@pytest.mark.parametrize("value", ["-0", "-0.00", Decimal("-0"), Decimal("-0E-5"), -0.0, "－０"])
def test_negative_zero_is_zero(value):
    d = parse_money(value)
    assert d == 0 and not d.is_signed()


def test_counts_read_the_same_digits_as_money():
    assert parse_count("４８") == 48 and parse_count("1,200") == 1200 and parse_count("48.0") == 48
    assert parse_money("４８") == 48
    for bad in ("48.5", "1e99", "-1e99", "1e308", "9" * 30):
        with pytest.raises(ValueProblem):
            parse_count(bad)


def test_fractions_and_numbers():
    assert parse_fraction("4.5%") == Decimal("0.045") and parse_fraction("0.045") == Decimal("0.045")
    assert parse_fraction("０．５") == Decimal("0.5")
    assert parse_number("1.5") == Decimal("1.5")
    with pytest.raises(ValueProblem):
        parse_fraction("1e-999999999")


@pytest.mark.parametrize("text", ["2022-07-15", "2022/7/15", "2022-7-15", "2022.7.15", "2022年7月15日",
                                  "２０２２－０７－１５", dt.date(2022, 7, 15), dt.datetime(2022, 7, 15, 8)])
def test_dates_are_read(text):
    assert parse_date(text) == dt.date(2022, 7, 15)


@pytest.mark.parametrize("text", ["20220715", "2022-W28-5", "2022-07-15T00:00", "2022-02-30", "0001-01-01",
                                  "15/07/2022", "2022-07", "", "9999-12-31", 20220715])
def test_dates_are_refused_the_same_way_everywhere(text):
    with pytest.raises(ValueProblem):
        parse_date(text)


@pytest.mark.parametrize("text,want", [("true", True), ("FALSE", False), ("1", True), ("0", False), ("yes", True),
                                       ("No", False), ("是", True), ("否", False), (1, True), (0, False),
                                       (True, True)])
def test_flags(text, want):
    assert parse_flag(text) is want


@pytest.mark.parametrize("text", ["2", "y", "maybe", 2, None, Decimal("NaN")])
def test_flags_refused(text):
    with pytest.raises(ValueProblem):
        parse_flag(text)


CHOICES = [{"value": "state", "zh": "国有", "en": "State-owned"}, {"value": "private", "zh": "非国有", "en": "Private"}]


@pytest.mark.parametrize("text,want", [("state", "state"), ("国有", "state"), ("PRIVATE", "private"),
                                       ("state-owned", "state"), (" 非国有 ", "private")])
def test_choices_by_id_or_name(text, want):
    assert parse_choice(text, CHOICES) == want


def test_an_unknown_choice_lists_the_choices():
    with pytest.raises(ValueProblem) as e:
        parse_choice("public", CHOICES)
    assert "state, private" in str(e.value)


def test_the_model_reads_through_the_same_parser():
    from calc_app.engine.evaluate import InputError, validate_scenario
    base = {"jurisdiction": "cn", "as_of": "2022-07-15"}
    sc = validate_scenario({**base, "employees": "４８", "monthly_rent": "1.2万", "as_of": "2022/7/15",
                            "severely_affected": "是"})
    assert sc.employees == 48 and sc.monthly_rent == 12000 and sc.as_of == dt.date(2022, 7, 15)
    assert sc.severely_affected is True
    for field, bad in (("as_of", "20220715"), ("as_of", "2022-W28-5"), ("employees", "1e999999999"),
                       ("monthly_rent", Decimal("1e100000000")), ("input_tax_composition_ratio", "1e-999999999")):
        with pytest.raises(InputError) as e:
            validate_scenario({**base, field: bad})
        assert [f for f, _ in e.value.problems] == [field]
