"""A question whose answer adds only money paid later (or the enterprise's own VAT credit) says so,
instead of "+¥0.00" against the money received or kept."""
import json
from pathlib import Path

from calc_app.engine.evaluate import evaluate
from calc_app.reports.text import question_gain, render

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangmen-small-manufacturer.json"


def test_the_gain_names_what_it_adds():
    q = {"unlocks": "0.00", "gains": {"paid_later": "228000.00"}}
    assert question_gain(q, "zh_CN") == "可缓缴 +¥228,000.00"
    q = {"unlocks": "1500.00", "gains": {"received_or_kept": "1500.00", "own_tax_credit": "200.00"}}
    assert question_gain(q, "zh_CN") == "+¥1,500.00；退还自身留抵税额 +¥200.00"
    assert question_gain({**q, "up_to": True}, "zh_CN") == "最多 +¥1,500.00；退还自身留抵税额最多 +¥200.00"
    assert question_gain({**q, "up_to": True}, "en_US") == "up to +CN¥1,500.00, up to +CN¥200.00 of its own VAT credit"
    assert question_gain({"unlocks": "0.00", "gains": {}}, "zh_CN") == "+¥0.00"


def test_the_report_of_a_deferral_question_does_not_promise_zero():
    result = evaluate(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    deferral_only = [q for q in result["questions"] if q["unlocks"] == "0.00" and q["gains"].get("paid_later")]
    assert deferral_only, "the example has a question that only defers payments"
    text = render(result, "zh_CN")
    q = deferral_only[0]
    line = next(ln for ln in text.splitlines() if f"（{q['field']}）" in ln and "→" in ln)
    assert line.endswith(f"可缓缴 +{'¥'}{int(q['gains']['paid_later'].split('.')[0]):,}.00")
    if result["top_questions"]["unlocks"] == "0.00":
        assert "最多可再多 ¥0.00" not in text and "可获得或少缴的金额不变" in text
