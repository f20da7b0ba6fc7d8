"""The compiled expressions give what the plain tree-walking evaluator gives, on every expression of
the bundled policies over varied scenarios: the same value (decimals equal digit for digit, unknowns
naming the same inputs) or the same error.

``oracle/expr_walk.py`` is the evaluator the engine used before expressions were specialised and
folded when compiled; it stays here as the reference.
"""
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from calc_app.engine import evaluate as ev
from calc_app.engine import expr
from calc_app.engine.expr import Env, Unknown, compile_expr
from calc_app.engine.policies import default_bundle
from calc_app.samples import varied_scenarios

_spec = importlib.util.spec_from_file_location("expr_walk", Path(__file__).parent / "oracle" / "expr_walk.py")
walk = importlib.util.module_from_spec(_spec)
sys.modules["expr_walk"] = walk
_spec.loader.exec_module(walk)
walk.Unknown = expr.Unknown  # one class of unknowns for both, as the environments hold the engine's
walk.EvalError = expr.EvalError
walk.Bounded = expr.Bounded


def _outcome(fn, env):
    try:
        v = fn(env)
    except Exception as e:  # noqa: BLE001 - the error is part of the outcome compared
        return ("error", type(e).__name__, str(e))
    if isinstance(v, expr.Bounded):
        return ("bounded", frozenset(v.fields), str(v.lo), str(v.hi))
    if isinstance(v, Unknown):
        return ("unknown", frozenset(v.fields))
    if isinstance(v, Decimal):
        return ("decimal", str(v))  # the same digits and exponent, not only an equal value
    return (type(v).__name__, v)


def _expressions(cm):
    out = [(name, e) for name, e, _ in cm.lets]
    out += [(f"condition {i}", e) for i, (e, _, _) in enumerate(cm.conditions)]
    out += [(k, getattr(cm, k)) for k in ("amount", "range_min", "range_max", "cap", "floor") if getattr(cm, k)]
    return out


def test_every_policy_expression_agrees_with_the_tree_walker():
    b = default_bundle()
    oracle = {}
    for cm in b.measures:
        for _, e in _expressions(cm):
            oracle[e.source] = walk.compile_expr(e.source)
    compared = 0
    for sc in varied_scenarios(250, seed=99):
        s = ev.validate_scenario(sc)
        base = ev.prepare(b, ev._base_values(s), s.jurisdiction, s.as_of).base
        for cm in b.measures_for(s.jurisdiction):
            lets = {}
            env = base.child(lets)
            for label, e in _expressions(cm):
                new, old = _outcome(e, env), _outcome(oracle[e.source], env)
                assert new == old, (cm.m.id, label, e.source)
                if label in {n for n, _, _ in cm.lets}:
                    lets[label] = e(env) if new[0] != "error" else None
                compared += 1
    assert compared > 20_000


@pytest.mark.parametrize("src", [
    "1 / 0", "x / 0", "x / y", "-x", "- 'a'", "x + 'a'", "x < 'a'", "x == 'a'", "x in (1, 2)",
    "x > 1 and y > 1", "x > 1 or y > 1", "not x", "a < b < c", "1 < x < 3", "min(x, y)", "max(x, 1, y)",
    "abs(x)", "floor(x / 3)", "x if y > 1 else 2", "1 if True else x", "coalesce(x, y, 3)", "has(x)",
    "2 * 3 + x", "(1 + 2) * (3 - 1) / 4", "date('2022-01-01') < d", "year(d) + month(d)",
    "x * 0.05", "x - 1", "x + 1", "x / 12", "True and x", "False or x", "x and y and z", "x or y or z",
    "clamp(x, 0, 10)", "days_between(d, date('2022-12-31'))", "add_months(d, 3)",
])
@pytest.mark.parametrize("values", [
    {}, {"x": Decimal("2.50"), "y": Decimal(0)}, {"x": 3, "y": True, "z": False}, {"x": Decimal("1E+30"), "y": Decimal("-7")},
    {"x": "a", "y": "b"}, {"a": Decimal(1), "b": Decimal(2), "c": Decimal(2)}, {"x": None, "y": Decimal(5), "z": True},
    {"d": __import__("datetime").date(2022, 3, 31), "x": Decimal("0.1")}, {"x": False, "y": Decimal("1.5"), "z": 0},
])
def test_small_expressions_agree_with_the_tree_walker(src, values):
    env = Env(values, frozenset())
    assert _outcome(compile_expr(src), env) == _outcome(walk.compile_expr(src), env)
