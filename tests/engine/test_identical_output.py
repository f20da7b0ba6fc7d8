"""The engine's output on a few thousand seeded, varied scenarios (every jurisdiction, dates from
late 2019 to mid 2023, inputs missing or present) is exactly the recorded one.

The reference (``data/reference_outputs.json``) holds a digest of each result as the CLI prints it,
recorded by ``scripts/capture_reference.py``; a faster engine must give the same bytes. When the
output changes on purpose (a policy edited, an output key added), record it again. Where the
bundle differs from the one recorded, the comparison cannot apply and is skipped, saying so.
"""
import json
from pathlib import Path

import pytest

from calc_app.engine.evaluate import evaluate
from calc_app.engine.policies import default_bundle
from calc_app.samples import REFERENCE_COUNTS, REFERENCE_SEED, result_digest, varied_scenario, varied_scenarios

REFERENCE = json.loads((Path(__file__).parent / "data" / "reference_outputs.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", sorted(REFERENCE_COUNTS))
def test_output_is_the_recorded_one_on_varied_scenarios(lang):
    if REFERENCE["bundle_version"] != default_bundle().version:
        pytest.skip(f"reference recorded on bundle {REFERENCE['bundle_version']}, policies are now "
                    f"{default_bundle().version}: run scripts/capture_reference.py after checking the change")
    assert REFERENCE["seed"] == REFERENCE_SEED
    want = REFERENCE["digests"][lang]
    assert len(want) == REFERENCE_COUNTS[lang]
    differ = [i for i, sc in enumerate(varied_scenarios(len(want), REFERENCE_SEED))
              if result_digest(evaluate(sc, lang)) != want[i]]
    assert not differ, (f"{len(differ)} of {len(want)} results differ from the reference, first scenario "
                        f"#{differ[0]}: {json.dumps(varied_scenario(differ[0], REFERENCE_SEED), ensure_ascii=False)}")


def test_steps_false_only_leaves_the_steps_out():
    for sc in varied_scenarios(300, REFERENCE_SEED + 1):
        full = evaluate(sc, "zh_CN")
        for it in full["items"]:
            it["steps"] = []
        assert evaluate(sc, "zh_CN", steps=False, questions=True) == full


def test_the_series_is_varied():
    """A comparison on scenarios that all end the same way would prove little."""
    statuses: dict[str, int] = {}
    jurisdictions = set()
    for sc in varied_scenarios(400, REFERENCE_SEED):
        r = evaluate(sc)
        jurisdictions.add(r["jurisdiction"])
        for it in r["items"]:
            statuses[it["status"]] = statuses.get(it["status"], 0) + 1
    assert jurisdictions == set(default_bundle().jurisdictions)
    assert set(statuses) == {"eligible", "ineligible", "needs_input", "not_in_force", "excluded"}
    assert min(statuses.values()) > 300, statuses


def test_without_the_measure_cache_the_results_are_the_same():
    for sc in varied_scenarios(150, REFERENCE_SEED + 2):
        assert evaluate(sc, "en_US", memo=False) == evaluate(sc, "en_US")


def test_without_the_answer_parts_the_items_and_totals_are_the_same():
    """``enrich=False`` (the batch) drops only what the answer-first step adds."""
    added = {"assumptions", "inferred", "amount_if", "if"}
    for sc in varied_scenarios(150, REFERENCE_SEED + 3):
        full, lean = evaluate(sc, steps=False), evaluate(sc, steps=False, enrich=False, memo=False)
        assert set(full) - set(lean) <= {"assumptions", "inferred", "headline", "questions", "more_questions"}
        assert {k: v for k, v in full.items() if k in lean and k != "items"} == {k: v for k, v in lean.items() if k != "items"}
        for a, b in zip(full["items"], lean["items"], strict=True):
            assert {k: v for k, v in a.items() if k not in added} == {k: v for k, v in b.items() if k not in added}


def test_stacking_copies_what_it_changes_and_leaves_the_outcomes_it_was_given_as_they_were():
    """``stacked_fresh`` (the default call) copies only the items a rule changes; the measures' own
    outcomes (which the questions and ``amount_if`` read afterwards) stay exactly as computed, and the
    stacked items are those of the copy-everything path."""
    import copy

    from calc_app.engine import evaluate as ev
    bundle = default_bundle()
    changed = 0
    for sc in varied_scenarios(300, REFERENCE_SEED + 4):
        s = ev.validate_scenario(sc)
        prep = ev.prepare(bundle, ev._base_values(s), s.jurisdiction, s.as_of)
        own = [ev._evaluate_measure(cm, prep.base, prep.as_of, "zh_CN", bundle, True) for cm in prep.measures]
        before = copy.deepcopy(own)
        fresh = ev.stacked_fresh(own, bundle, "zh_CN")
        assert own == before
        assert fresh == ev.stacked(before, bundle, "zh_CN")
        assert ev.stacked(before, bundle, "zh_CN", full=False) == fresh
        changed += sum(1 for a, b in zip(own, fresh) if a is not b)
    assert changed > 100, "the series has stacking to do"
