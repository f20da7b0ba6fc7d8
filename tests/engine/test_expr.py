"""The expression language: exact decimals, three-valued logic, and what it refuses."""
from decimal import Decimal

import pytest

from calc_app.engine.expr import Env, EvalError, ExpressionError, Unknown, compile_expr


def run(src, **values):
    return compile_expr(src)(Env(values, frozenset()))


def test_numbers_are_exact_decimals():
    assert run("0.1 + 0.2") == Decimal("0.3")
    assert run("1_000_000 * 0.005") == Decimal("5000.000")


def test_arithmetic_and_precedence():
    assert run("2 + 3 * 4 - 10 / 4") == Decimal("11.5")
    assert run("-(2 - 5)") == Decimal("3")


def test_min_max_clamp_floor():
    assert run("min(a, 500000)", a=Decimal("600000")) == Decimal("500000")
    assert run("max(0, a - 1000000)", a=Decimal("900000")) == Decimal("0")
    assert run("clamp(x, 1, 3)", x=Decimal("5")) == Decimal("3")
    assert run("floor(x / 15000000)", x=Decimal("31000000")) == Decimal("2")


def test_absent_field_is_unknown_and_names_itself():
    v = run("a * 2")
    assert isinstance(v, Unknown) and v.fields == {"a"}
    v = run("a + b", a=Decimal(1))
    assert v.fields == {"b"}


def test_kleene_logic_decides_without_every_input():
    assert run("x > 5 and y > 1", x=Decimal(3)) is False
    assert run("x > 5 or y > 1", x=Decimal(9)) is True
    assert isinstance(run("x > 5 and y > 1", x=Decimal(9)), Unknown)
    assert run("not (x > 5)", x=Decimal(9)) is False


def test_conditional_forms():
    assert run("0.5 if size == 'large' else 0.9", size="small") == Decimal("0.9")
    assert run("1 if n > 30 else 2", n=Decimal(10)) == Decimal(2)
    assert isinstance(run("1 if size == 'large' else 2"), Unknown)


def test_in_operator_and_tuples():
    assert run("size in ('micro', 'small')", size="small") is True
    assert run("size not in ('micro', 'small')", size="large") is True


def test_has_and_coalesce():
    assert run("has(a)") is False
    assert run("has(a)", a=Decimal(0)) is True
    assert run("coalesce(a, 7)") == Decimal(7)


def test_dates():
    assert run("d >= date('2022-06-01')", d=__import__("datetime").date(2022, 6, 1)) is True
    assert run("days_between(date('2022-06-01'), date('2022-12-31'))") == Decimal(213)
    assert run("months_between(date('2022-04-15'), date('2022-12-31'))") == Decimal(8)


def test_list_aggregates_bind_item_fields():
    gs = [{"amount": Decimal("1000000"), "fee_rate": Decimal("0.01"), "government_guarantor": True},
          {"amount": Decimal("3000000"), "fee_rate": Decimal("0.02"), "government_guarantor": False}]
    assert run("sum_over(guarantees, amount * fee_rate, government_guarantor)", guarantees=gs) == Decimal("10000.00")
    assert run("count_over(guarantees, fee_rate <= 0.01)", guarantees=gs) == Decimal(1)
    assert run("any_over(guarantees, amount > 2000000)", guarantees=gs) is True
    assert run("all_over(guarantees, government_guarantor)", guarantees=gs) is False


def test_missing_item_field_names_the_row():
    v = run("sum_over(loans, principal)", loans=[{"principal": Decimal(1)}, {}])
    assert isinstance(v, Unknown) and v.fields == {"loans[1].principal"}


def test_division_by_zero_is_an_evaluation_error():
    with pytest.raises(EvalError):
        run("1 / x", x=Decimal(0))


@pytest.mark.parametrize("src", [
    "__import__('os')",
    "a.b",
    "a[0]",
    "[x for x in y]",
    "lambda: 1",
    "open('f')",
    "min(a=1)",
    "min(*a)",
    "2 ** 10",
    "a if",
    "",
    "x := 1",
    "'a' % 1",
    "f'{a}'",
    "None",
])
def test_forbidden_or_malformed_expressions_are_refused(src):
    with pytest.raises(ExpressionError):
        compile_expr(src)


def test_unknown_names_refused_when_names_are_checked():
    with pytest.raises(ExpressionError, match="unknown name 'emplyees'"):
        compile_expr("emplyees > 3", allowed_names={"employees"})


def test_size_and_depth_are_bounded():
    with pytest.raises(ExpressionError, match="longer"):
        compile_expr("1+" * 1200 + "1")
    with pytest.raises(ExpressionError, match="deeper"):
        compile_expr("(" * 60 + "1" + ")" * 60 + "+" + "-" * 60 + "1")


def test_floats_in_policy_files_are_refused():
    with pytest.raises(ExpressionError):
        compile_expr(0.1)
