"""Hostile inputs against the API, the command line and the loader's expression checker (bounded
for CI): every answer is a result or a refusal naming the field or file:line, never a crash; the
command line runs under a CPU-time and memory limit."""
import json
import re
import resource
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from calc_app.engine.evaluate import InputError, evaluate
from calc_app.engine.policies import DERIVED_NAMES, scenario_names
from calc_app.engine.typecheck import check_expression, scenario_types

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ["employees", "monthly_rent", "revenue_last_year", "input_tax_composition_ratio", "as_of",
          "severely_affected", "landlord", "industry_code", "vehicle_displacement_l"]
NASTY = st.one_of(
    st.text(max_size=30), st.integers(min_value=-10 ** 40, max_value=10 ** 40), st.booleans(), st.none(),
    st.sampled_from(["1e999999999", "-1e99", "NaN", "Infinity", "-0", "１２０万", "1,2", "20220715",
                     "2022-W28-5", "1\t2", "9" * 5000, "0e-999999999", "¥1,000.5"]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(field=st.sampled_from(FIELDS), value=NASTY)
def test_the_api_gives_a_result_or_names_the_field(field, value):
    sc = {"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", field: value}
    try:
        out = evaluate(sc)
    except InputError as e:
        assert e.problems and all(f == field or f.startswith(field + ".") for f, _ in e.problems), e.problems
        assert len(str(e)) < 2000
    else:
        assert all(not it["amount"].startswith("-") for it in out["items"])


@FAST
@given(st.lists(st.sampled_from(["monthly_rent", "landlord", "as_of", "graduates_hired", "1e26", "5", "'state'",
                                  "2", "year(as_of)", "add_months(as_of, 3)", "(1, 2)", "True", "1e999999"]),
                min_size=1, max_size=5),
       st.lists(st.sampled_from([" * ", " + ", " - ", " / ", " in ", " == ", " < ", " and "]), min_size=4, max_size=4))
def test_the_expression_checker_refuses_or_accepts_without_crashing(atoms, ops):
    src = atoms[0] + "".join(op + a for op, a in zip(ops, atoms[1:]))
    scope = scenario_types(scenario_names() | DERIVED_NAMES)
    t, problem = check_expression(src, scope)
    assert problem is None or "at column" in problem or "nested" in problem


def _limited():
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))


HOSTILE_FILES = [
    '{"jurisdiction": "cn", "as_of": "2022-07-15", "loans": ' + "[" * 1000 + "]" * 1000 + "}",
    '{"jurisdiction": "cn", "as_of": "2022-07-15", "employees": ' + "9" * 5000 + "}",
    '{"jurisdiction": "cn", "as_of": "2022-07-15", "employees": "1e100000000"}',
    '{"jurisdiction": "cn", "as_of": "2022-07-15", "loans": [' + ",".join(['{"principal": 1}'] * 5000) + "]}",
    '{"jurisdiction": "cn", "as_of": "2022-07-15", "industry_code": "' + "C" * 1_000_000 + '"}',
    '{"jurisdiction": "cn", "as_of": "2022-07-15", "monthly_rent": NaN}',
    '{"jurisdiction": "cn", "as_of": "2022-07-15", "as_of": "2022-07-16"}',
]


def test_the_command_line_under_limits_exits_2_naming_the_field():
    for text in HOSTILE_FILES:
        r = subprocess.run([sys.executable, "-m", "calc_app", "evaluate", "-"], cwd=ROOT, input=text.encode(),
                           capture_output=True, preexec_fn=_limited, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
        err = r.stderr.decode("utf-8", "replace")
        assert r.returncode == 2, (text[:80], r.returncode, err[:300])
        assert err and not err.startswith("(file)") and "Traceback" not in err and len(err) < 2000, err[:300]
        assert re.match(r"^[a-z_][\w.]*: ", err), err[:200]
