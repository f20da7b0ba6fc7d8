"""The batch formats its CSV rows itself (``csv_line``, ``item_csv``): the text must be, byte for
byte, what ``csv.writer(f, lineterminator="\\r\\n")`` writes for the same fields, whatever the
fields hold (commas, quotation marks, line breaks, nothing, non-text values)."""
import csv
import io

from hypothesis import given, settings, strategies as st

from calc_app.engine.evaluate import evaluate
from calc_app.reports import csv_rows
from calc_app.reports.csv_rows import csv_line, item_csv, item_rows
from calc_app.samples import varied_scenarios


def _written(rows) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


TRICKY = st.sampled_from(["", ",", '"', '""', "\r", "\n", "\r\n", " ", "a,b", 'say "hi"', "，", "\t", "\x0b",
                          "\u2028", "-0.00", "贷款1·本金", "1,200,000.00元"])
FIELD = st.one_of(st.text(max_size=12), TRICKY, st.lists(TRICKY, max_size=4).map("".join))


@settings(max_examples=400, deadline=None)
@given(st.lists(FIELD, max_size=8))
def test_a_line_is_what_the_csv_writer_writes(fields):
    assert csv_line(fields) == _written([fields])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(FIELD, st.none(), st.integers(), st.booleans()), min_size=1, max_size=6))
def test_a_line_of_other_values_is_what_the_csv_writer_writes(fields):
    assert csv_line(fields) == _written([fields])


def test_one_empty_field_is_quoted_as_the_writer_does():
    assert csv_line([""]) == '""\r\n' == _written([[""]])
    assert csv_line([]) == _written([[]])


def test_item_csv_is_item_rows_written_with_or_without_the_fixed_parts():
    fixed = csv_rows.FixedParts()
    for i, sc in enumerate(varied_scenarios(60, seed=99)):
        result = evaluate(sc, "zh_CN" if i % 4 else "en_US", steps=False, memo=False)
        rename = (lambda n: n.upper()) if i % 2 else None
        extra = ("某某公司", 'a "quoted", name') if i % 3 else ()
        want = _written(item_rows(result, i + 2, rename, extra)).encode("utf-8")
        assert item_csv(result, i + 2, rename, extra, fixed) == want
        assert item_csv(result, i + 2, rename, extra) == want
    assert 0 < len(fixed) < 60 * 80  # one entry per measure and jurisdiction met, not per item


def test_fields_that_need_quoting_are_quoted_as_the_writer_does_around_the_fixed_parts():
    result = evaluate(next(iter(varied_scenarios(1, seed=5))), "zh_CN", steps=False, memo=False)
    it = result["items"][0]
    odd = {**it, "title": 'say "hi", then\nleave', "reasons": ["a, b", 'c "d"'], "needs": ["x,y"],
           "source": {**it["source"], "clause": "第1,2条"}, "if": {"a": True, "b": "x,y"},
           "assumptions": [{"field": "q"}], "amount_if": "1.00"}
    fixed = csv_rows.FixedParts()
    for item in (odd, it, odd):
        one = {**result, "items": [item]}
        assert item_csv(one, 7, None, (), fixed) == _written(item_rows(one, 7)).encode("utf-8")


def test_the_fixed_parts_are_read_again_for_another_source_or_measure():
    result = evaluate(next(iter(varied_scenarios(1, seed=5))), "zh_CN", steps=False, memo=False)
    it = result["items"][0]
    fixed = csv_rows.FixedParts()
    first = fixed.of(it)
    assert fixed.of(dict(it)) is first  # a copy of the item shares its source and fixed fields
    other = {**it, "title": "另一项"}  # same source, not the same title: read again
    assert "另一项" in fixed.of(other)[3]
    moved = {**it, "source": {**it["source"], "clause": "99"}}
    assert ",99," in fixed.of(moved)[4]


def test_a_field_that_is_not_text_is_still_written_as_the_writer_does():
    result = evaluate(next(iter(varied_scenarios(1, seed=5))), "zh_CN", steps=False, memo=False)
    odd = {**result["items"][0], "amount_max": 12}
    one = {**result, "items": [odd]}
    assert item_csv(one, 3, None, (), csv_rows.FixedParts()) == _written(item_rows(one, 3)).encode("utf-8")


def test_the_text_of_kept_outcomes_is_written_from_the_first_copy_only_where_nothing_differs():
    """The batch's kept outcomes are shallow copies sharing one ``KeptReasons`` list; the text up to
    the answer-first fields is written once per such list and then reused. A copy whose amount,
    status or needs differ, or whose needs name list items (numbered per row), gets its own text."""
    from calc_app.engine.evaluate import KeptReasons, forget_kept
    from calc_app.engine.policies import default_bundle
    forget_kept(default_bundle())
    scs = list(varied_scenarios(40, seed=21))
    fixed = csv_rows.FixedParts()
    kept = 0
    for sc in scs + scs:   # the second time round, the kept outcomes are found
        r = evaluate(sc, "zh_CN", steps=False, reuse=True)
        kept += sum(it["reasons"].__class__ is KeptReasons for it in r["items"])
        expect = _written([[str(7), r["jurisdiction"], r["as_of"], *csv_rows._item_tail(it, None)]
                           for it in r["items"]])
        assert item_csv(r, 7, None, (), fixed).decode("utf-8") == expect
    assert kept and fixed.tails   # the reused path was taken
    it = next(it for it in r["items"] if it["reasons"].__class__ is KeptReasons and it["status"] == "eligible")
    head = {"jurisdiction": r["jurisdiction"], "as_of": r["as_of"]}
    for change in ({"amount": "123.45"}, {"status": "needs_input"}, {"needs": ["employees"]},
                   {"amount_if": "9.00", "if": {"employees": 5}}):
        other = {**it, **change}   # the very reasons list, another part
        got = item_csv({**head, "items": [it, other]}, 3, None, (), fixed).decode("utf-8")
        assert got == _written([[ "3", r["jurisdiction"], r["as_of"], *csv_rows._item_tail(x, None)]
                                for x in (it, other)])
    listed = {**it, "needs": ["loans[0].principal"], "reasons": KeptReasons(it["reasons"])}
    for col in ("贷款1·本金", "贷款2·本金"):
        got = item_csv({**head, "items": [listed]}, 3, lambda n: col, (), fixed).decode("utf-8")
        assert col in got and got == _written([["3", r["jurisdiction"], r["as_of"],
                                                *csv_rows._item_tail(listed, lambda n: col)]])


def test_a_not_in_force_item_is_its_measures_text_around_the_date_only_while_its_reasons_are_those():
    from calc_app.engine.policies import default_bundle
    from calc_app.engine.evaluate import forget_kept
    forget_kept(default_bundle())
    fixed = csv_rows.FixedParts()
    seen = 0
    for sc in list(varied_scenarios(30, seed=5)):
        r = evaluate(sc, "en_US", steps=False, reuse=True)
        expect = _written([["4", r["jurisdiction"], r["as_of"], *csv_rows._item_tail(it, None)] for it in r["items"]])
        assert item_csv(r, 4, None, (), fixed).decode("utf-8") == expect
        seen += sum(it["status"] == "not_in_force" for it in r["items"])
    assert seen and fixed.nif   # the text around the date was made and used
    nif = next(it for it in r["items"] if it["status"] == "not_in_force")
    day = r["as_of"]
    other = "2031-07-09"
    for changed in ({"reasons": [nif["reasons"][0].replace(day, other)]},            # another date
                    {"reasons": [nif["reasons"][0] + ", and more"]},                  # another reason
                    {"reasons": [*nif["reasons"], 'a "quoted" note']},               # one more
                    {"reasons": [nif["reasons"][0].replace(day, day + " " + day)]},   # the date twice
                    {"amount": "1.00"}, {"needs": ["employees"]}, {"amount_if": "5.00"}):
        it = {**nif, **changed}
        res = {"jurisdiction": r["jurisdiction"], "as_of": day, "items": [it]}
        assert item_csv(res, 4, None, (), fixed).decode("utf-8") == _written(
            [["4", r["jurisdiction"], day, *csv_rows._item_tail(it, None)]])
