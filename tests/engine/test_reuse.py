"""``evaluate(reuse=True)`` (the batch's call) keeps each measure's outcome by the values it reads and
hands out copies: the results are those computed afresh, the kept outcomes stay as they were made
whatever the callers do with their copies, and facts that cannot be keys are computed afresh."""
import copy
import datetime as dt
import random
from decimal import Decimal

import pytest

import calc_app.engine.evaluate as ev
from calc_app.engine.evaluate import InputError, evaluate, key_values
from calc_app.engine.policies import default_bundle
from calc_app.samples import REFERENCE_SEED, varied_scenario


def _plans():
    return [p for pl in default_bundle().__dict__.get("_plans", {}).values() for p in pl]


def _related(n: int, seed: int):
    """Scenarios in small families: one varied scenario, then copies with another date of the same
    year or one field taken from another scenario; most measures read neither, so their kept
    outcomes are found, and any input a key left out would show as a difference."""
    rnd = random.Random(seed)
    for i in range(n):
        a = varied_scenario(i, seed)
        yield a
        d = dt.date.fromisoformat(a["as_of"])
        yield {**a, "as_of": d.replace(day=min(28, d.day), month=rnd.randint(1, 12)).isoformat()}
        b = varied_scenario(i + n, seed)
        for f in rnd.sample(sorted(set(a) | set(b) - {"jurisdiction", "as_of"}), 3):
            c = dict(a)
            if f in b:
                c[f] = b[f]
            else:
                c.pop(f, None)
            yield c


def _evaluated(sc, **kw):
    try:
        return evaluate(sc, **kw)
    except InputError:
        return None


@pytest.mark.parametrize("lang,steps", [("zh_CN", False), ("en_US", True)])
def test_kept_outcomes_give_the_results_computed_afresh(lang, steps):
    before = sum(p.hits for p in _plans())
    checked = 0
    for sc in _related(120, REFERENCE_SEED + 7):
        want = _evaluated(sc, lang=lang, steps=steps)
        got = _evaluated(sc, lang=lang, steps=steps, reuse=True)
        assert got == want, sc
        checked += want is not None
    assert checked > 500
    hits = sum(p.hits for p in _plans()) - before
    assert hits > 5 * checked, hits   # the comparison did go through kept outcomes


def test_the_kept_outcomes_are_not_changed_by_what_callers_do_with_their_copies():
    series = list(_related(60, REFERENCE_SEED + 8))
    for sc in series:
        _evaluated(sc, steps=False, reuse=True)
    kept = {id(it): (it, copy.deepcopy(it)) for p in _plans() if p.reuse for it in p.reuse.values()}
    assert len(kept) > 200
    for sc in series:   # again: the same outcomes found, copied, stacked, given amount_if and assumptions
        r = _evaluated(sc, steps=False, reuse=True)
        if r is not None:
            for it in r["items"]:   # what a caller may do with its result
                it["status"] = "changed"
                it["reasons"] = ["changed"]
    still = [p for p in _plans() if p.reuse for it in p.reuse.values() if id(it) in kept]
    assert still
    for it, was in kept.values():
        assert it == was


def test_a_measure_whose_inputs_hardly_repeat_is_no_longer_kept():
    for i in range(ev.REUSE_TRIAL + 50):   # varied scenarios of one chain: most inputs differ each time
        _evaluated({**varied_scenario(i, REFERENCE_SEED + 9), "jurisdiction": "cn-gd-jiangmen"}, steps=False, reuse=True)
    off = [p for p in _plans() if p.reuse is None]
    assert off
    for p in off:   # found too seldom, or saving less than a look-up costs (its trial's figures)
        found = p.hits / p.looks
        assert found < ev.REUSE_FLOOR or found * p.cost / (p.looks - p.hits) < ev.REUSE_WORTH


def test_a_negative_zero_is_read_as_zero_so_equal_values_may_share_a_kept_outcome():
    """-0 equals 0 but shows its sign in some formats: the keys rely on no scenario holding one."""
    sc = dict(varied_scenario(3, REFERENCE_SEED))
    sc.update(monthly_rent="-0", employees="-0", layoffs_last_year="-0.0",
              loans=[{"principal": "-0", "interest_paid": "-0.00"}])
    vals = ev._base_values(ev.validate_scenario(sc))
    for v in (vals["monthly_rent"], vals["employees"], vals["layoffs_last_year"], *vals["loans"][0].values()):
        assert not (isinstance(v, Decimal) and v.is_zero() and v.is_signed()), vals
    assert _evaluated(sc, reuse=True) == _evaluated(sc)


def test_lists_are_keys_as_tuples_and_the_facts_are_not_copied_without_them():
    vals = {"loans": [{"principal": Decimal("5"), "bank": "x"}], "employees": Decimal(3)}
    kv = key_values(vals)
    assert kv is not vals and vals["loans"] == [{"principal": Decimal("5"), "bank": "x"}]
    assert hash(kv["loans"]) == hash(key_values({**vals, "loans": [{"principal": Decimal("5.0"), "bank": "x"}]})["loans"])
    assert kv["loans"] != key_values({**vals, "loans": [{"principal": Decimal("5"), "bank": "y"}]})["loans"]
    assert kv["loans"] != key_values({**vals, "loans": [{"bank": Decimal("5"), "principal": "x"}]})["loans"]
    plain = {"employees": Decimal(3), "loans": None}
    assert key_values(plain) is plain


def test_a_measure_reading_the_date_only_in_its_steps_is_kept_by_their_values():
    """The housing-fund deferral reads the date only for the months left (a named step): without
    steps, dates of one month share its outcome; another month is another outcome."""
    bundle = default_bundle()
    jid = "cn-gd-jiangmen"
    ev.forget_kept(bundle)
    sc = {**varied_scenario(5, REFERENCE_SEED), "jurisdiction": jid, "in_temporary_difficulty": True,
          "monthly_housing_fund": "8000"}
    i = [cm.m.id for cm in bundle.measures_for(jid)].index("cn-2022-housing-fund-deferral")
    got = {}
    for day in ("2022-06-03", "2022-06-27", "2022-08-10"):
        r = evaluate({**sc, "as_of": day}, steps=False, reuse=True)
        assert r == evaluate({**sc, "as_of": day}, steps=False)
        got[day] = r["items"][i]
    plan = ev._plans(bundle, jid, "zh_CN")[i]
    assert plan.date_lets is not None and "as_of" in bundle.measures_for(jid)[i].key_names
    assert plan.hits >= 1 and len(plan.reuse) == 2
    assert got["2022-06-03"]["amount"] == got["2022-06-27"]["amount"] != got["2022-08-10"]["amount"]


def test_steps_that_read_only_the_date_are_kept_by_it_and_the_others_computed():
    """Without steps, a measure reading the date in named steps is kept by their values; where
    those steps need nothing but the date (the months left), their values are kept by the date
    (``_by_date``); a step that needs a fact (the VAT refund's stock start reads the refund's size)
    is computed each time."""
    b = default_bundle()
    ev.forget_kept(b)
    by_id = {cm.m.id: p for cm, p in zip(b.measures_for("cn"), ev._plans(b, "cn", "zh_CN"))}
    cit = by_id["cn-2022-small-low-profit-cit"].date_lets[4]
    assert [n for n, _ in cit[0]] == ["first_rate"]          # not first_part, second_part: they read income
    assert by_id["cn-2022-vat-refund-small-micro"].date_lets[4] is None
    fund = by_id["cn-2022-housing-fund-deferral"].date_lets[4]
    assert [n for n, _ in fund[0]] == ["months"] and fund[1] == {}
    scs = [varied_scenario(i, 7) for i in range(6)]
    for sc in scs:
        sc["jurisdiction"] = "cn"
    got = [evaluate(sc, "zh_CN", steps=False, reuse=True) for sc in scs]
    assert fund[1] and all(isinstance(k, dt.date) for k in fund[1])
    ev.forget_kept(b)
    assert fund[1] == {}
    assert got == [evaluate(sc, "zh_CN", steps=False) for sc in scs]
