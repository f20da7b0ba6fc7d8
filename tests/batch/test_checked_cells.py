"""A batch row whose every cell passed its field's own check is built without validating the whole
scenario again (``FieldChecks``): the scenario must be the one ``Scenario.model_validate`` gives for
the same row — every value of the same type and text, the same fields set, the same list items —
and a cell the check does not pass leaves the row to the model, whose messages are reported."""
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from calc_app.batch import _UNCHECKED, _build, _check_of, _checks, _scenario, input_columns, make_plan
from calc_app.models.inputs.lists import LIST_MODELS
from calc_app.models.scenario import FieldChecks, Scenario
from calc_app.samples import varied_scenarios

from batch_helpers import cell, flat

COLS = input_columns(3)
PLAN = make_plan(COLS, "zh_CN")[0]


def _cells(sc: dict) -> list:
    """A scenario as a batch row's cells (a list with no item filled is written as 0, none)."""
    row = {}
    for k, v in sc.items():
        if isinstance(v, list):
            items = [it for it in v if it]
            if items:
                row.update(flat({k: items}))
            else:
                row[k] = "0"
        else:
            row[k] = v
    return [cell(row.get(c)) or None for c in COLS]


def _shape(m) -> tuple:
    """Everything of a model instance that validation decides: field order, each value's type and
    text (Decimal('1.0') is not Decimal('1')), the fields set, extra and private parts."""
    vals = []
    for k, v in m.__dict__.items():
        if isinstance(v, list):
            vals.append((k, [_shape(x) for x in v]))
        else:
            vals.append((k, type(v).__name__, repr(v)))
    return (type(m).__name__, tuple(vals), frozenset(m.__pydantic_fields_set__), m.__pydantic_extra__,
            m.__pydantic_private__)


def test_every_field_of_the_model_has_its_check():
    checks = FieldChecks()
    assert set(checks.scalars) | set(checks.items) == set(Scenario.model_fields)
    for lst, model in LIST_MODELS.items():
        assert set(checks.items[lst]) == set(model.model_fields)


def test_checked_rows_are_the_models_scenarios():
    memos: dict = {}
    fast = 0
    for sc in varied_scenarios(600, seed=77):
        data, problems, numbering, extra, checked = _build(PLAN, _cells(sc), memos)
        if any(p[3] == "error" for p in problems):
            continue
        want = Scenario.model_validate(data)
        if checked is not None:
            got = _checks().scenario(*checked)
            assert _shape(got) == _shape(want)
            assert got == want and got.model_dump() == want.model_dump()
            fast += 1
        got2, vproblems = _scenario(data, numbering, checked, PLAN)
        assert vproblems == [] and _shape(got2) == _shape(want)
    assert fast > 500


def test_a_row_the_checks_do_not_pass_is_the_models_to_report():
    row = {"jurisdiction": "cn", "as_of": "2022-07-01", "employees": "20000000", "monthly_rent": "-5"}
    data, problems, numbering, extra, checked = _build(PLAN, [cell(row.get(c)) or None for c in COLS])
    assert checked is None
    sc, vproblems = _scenario(data, numbering, checked, PLAN)
    assert sc is None and {f for f, _ in vproblems} >= {"employees"}
    missing = _build(PLAN, [cell({"jurisdiction": "cn"}.get(c)) or None for c in COLS])
    assert missing[4] is not None  # every given cell passed ...
    sc, vproblems = _scenario(missing[0], missing[2], missing[4], PLAN)
    assert sc is None and [f for f, _ in vproblems] == ["as_of"]  # ... but as_of is required


VALUES = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str), st.integers(-10, 10**16).map(str),
    st.sampled_from(["1,200", "120万", "3亿", "-0", "-0.00", "0.0000000000001", "1e3", "1E+2", "4.35%", "是", "否",
                     "true", "0", "1", "2", "2022-07-01", "2022/7/1", "1899-12-31", "2101-01-01", "国有", "small",
                     "C36", "c", "Z99", "cn", "江门市", "xx", " 5 ", "１２", "0.5", "1.0000", "1000000000000001"]))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([c for c in PLAN.columns if c.kind in ("scalar", "item")]), VALUES)
def test_a_value_a_check_passes_is_the_value_the_model_keeps(col, text):
    """The check of one field says yes exactly with the model's value; when the model refuses the
    value, the check never said yes."""
    from calc_app.batch_columns import read_cell
    try:
        val = read_cell(text, col.target)
    except ValueError:
        return
    check = _check_of(col)
    try:
        ok = check(val)
    except Exception:  # noqa: BLE001
        ok = _UNCHECKED
    base = {"jurisdiction": "cn", "as_of": dt.date(2022, 7, 1)}
    if col.kind == "scalar":
        data = {**base, col.field: val}
    else:
        data = {**base, col.field: [{col.item_field: val}]}
    try:
        sc = Scenario.model_validate(data)
    except Exception:  # noqa: BLE001 - the model refuses it: the check must not have passed it
        assert ok is _UNCHECKED
        return
    if ok is _UNCHECKED:
        return  # left to the model: always allowed
    kept = getattr(sc, col.field) if col.kind == "scalar" else getattr(getattr(sc, col.field)[0], col.item_field)
    assert (type(ok), repr(ok)) == (type(kept), repr(kept))
    assert not isinstance(ok, Decimal) or ok.is_finite()


def test_a_row_of_cells_met_before_is_built_as_the_full_reading_builds_it():
    """The quick reading (every cell of a scalar or list-item column, read once per distinct text)
    gives what the full one gives (``memos=None``: every cell read and checked again), and leaves
    to it the rows it cannot take: a bad cell, a list written as none."""
    from calc_app import batch
    memos: dict = {}
    quick = 0
    rows = [_cells(sc) for sc in varied_scenarios(400, seed=78)]
    rows += [[("?" + c) if c and i % 7 == 3 else c for i, c in enumerate(r)] for r in rows[:40]]  # bad cells
    for cells in rows + rows:   # twice: the second time every cell is met before
        took = batch._build_quick(PLAN, cells, memos)
        full = _build(PLAN, cells)
        assert _build(PLAN, cells, memos) == full
        if took is not None:
            quick += 1
            assert took == full
        if full[1] or full[4] is None:   # a problem to report, a row for the model: the full reading's
            assert took is None
    assert quick > 500
