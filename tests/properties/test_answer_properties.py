"""Invariants of the answer-first keys over random scenarios (hypothesis): presumptions, amount_if
and question gains."""
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc_app.engine import answer, presume
from calc_app.engine.evaluate import evaluate
from tests.properties.test_invariants import _as_json, scenarios

PRESUMED = presume.presumed_fields()
# the random scenarios answer some presumed facts and some qualifications, and leave others out
with_flags = st.tuples(scenarios, st.dictionaries(
    st.sampled_from(list(PRESUMED) + ["severely_affected", "in_temporary_difficulty",
                                      "encouraged_tech_upgrade_project"]),
    st.booleans(), max_size=4))
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _scenario(pair):
    sc, flags = pair
    flags = {k: (v if answer.field_kind(k)[0] == "bool" else "none") for k, v in flags.items()}
    return {**_as_json(sc), **flags}


def _items(r):
    return {it["measure_id"]: it for it in r["items"]}


@FEW
@given(with_flags)
def test_an_answered_fact_is_never_presumed_and_a_qualification_never(pair):
    sc = _scenario(pair)
    r = evaluate(sc)
    for a in r["assumptions"]:
        assert a["field"] not in sc, "an answered fact overrides its presumption"
        assert not presume.is_qualification(a["field"])
        assert a["value"] == presume.presumption(a["field"])["value"]
    for it in r["items"]:
        for a in it.get("assumptions", ()):
            assert a["field"] not in sc
        # a presumed fact never blocks a measure
        assert not set(it["needs"]) & set(PRESUMED)


@FEW
@given(with_flags)
def test_amount_if_is_exactly_what_its_answers_give(pair):
    sc = _scenario(pair)
    r = evaluate(sc)
    for it in r["items"]:
        if "amount_if" not in it:
            continue
        assert it["status"] == "needs_input" and set(it["if"]) == set(it["needs"])
        got = _items(evaluate({**sc, **it["if"]}))[it["measure_id"]]
        assert got["status"] in ("eligible", "excluded")
        if got["status"] == "eligible":
            assert got["amount"] == it["amount_if"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_flags)
def test_the_top_question_gains_exactly_what_it_unlocks(pair):
    sc = _scenario(pair)
    r = evaluate(sc)
    if not r["questions"]:
        return
    q = r["questions"][0]
    value = q["answer"] if "answer" in q else answer._PROBE[q["kind"]]
    after = evaluate({**sc, q["field"]: value})
    gain = (Decimal(after["headline"]["received_or_kept"]["amount"])
            - Decimal(r["headline"]["received_or_kept"]["amount"]))
    assert gain == Decimal(q["unlocks"])
