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


class _Counting(csv_rows.TailCache):
    hits = 0

    def line(self, tail):
        self.hits += tail in self.new or tail in self.old
        return super().line(tail)


def test_item_csv_is_item_rows_written_with_or_without_the_tail_cache(monkeypatch):
    monkeypatch.setattr(csv_rows, "TAIL_CACHE_SIZE", 200)  # turned over every few scenarios
    tails = _Counting()
    for i, sc in enumerate(varied_scenarios(60, seed=99)):
        result = evaluate(sc, "zh_CN", steps=False, memo=False)
        rename = (lambda n: n.upper()) if i % 2 else None
        extra = ("某某公司", 'a "quoted", name') if i % 3 else ()
        want = _written(item_rows(result, i + 2, rename, extra)).encode("utf-8")
        assert item_csv(result, i + 2, rename, extra, tails) == want
        assert item_csv(result, i + 2, rename, extra) == want
        assert len(tails) <= 200
    assert tails.hits > 10  # formatted tails were taken again, not only stored


def test_a_tail_that_cannot_be_a_key_is_still_written_as_the_writer_does():
    tails = csv_rows.TailCache()
    odd = ("m", ["a", "b"], None, 3)
    assert tails.line(odd) == _written([odd]).encode("utf-8")
    assert len(tails) == 0
