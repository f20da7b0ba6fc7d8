"""Typing recomputes (debounced, the latest request wins); invalid input keeps the last good results."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from calc_app.engine.evaluate import evaluate


def _waiting_on(result, field):
    return [it for it in result["items"] if field in it["needs"]]


def test_typing_into_fields_updates_the_results(loaded, qtbot):
    loaded.findChild(QLineEdit, "monthly_rent").setText("")
    qtbot.waitUntil(lambda: bool(_waiting_on(loaded.result, "monthly_rent")))
    ed = loaded.findChild(QLineEdit, "monthly_rent")
    ed.setFocus()
    qtbot.keyClicks(ed, "30000")
    qtbot.waitUntil(lambda: not _waiting_on(loaded.result, "monthly_rent"))
    assert loaded.result == evaluate(loaded.scenario(), "zh_CN")


def test_results_match_the_json_output_row_by_row(loaded, example):
    from PySide6.QtCore import Qt
    model = loaded.findChild(type(loaded.results.view), "results").model()
    expected = evaluate(example, "zh_CN")
    assert model.rowCount() == len(expected["items"])
    by_id = {it["measure_id"]: it for it in expected["items"]}
    for r in range(model.rowCount()):        # by amount: the same items, money first
        item = model.index(r, 0).data(Qt.ItemDataRole.UserRole)
        assert item == by_id[item["measure_id"]]
    loaded.results.set_order("law")          # the law's order is the JSON's, row by row
    for r, item in enumerate(expected["items"]):
        assert model.index(r, 0).data(Qt.ItemDataRole.UserRole) == item


def test_negative_money_shows_the_message_and_keeps_the_last_good_results(loaded, qtbot):
    before = loaded.result
    ed = loaded.findChild(QLineEdit, "revenue_last_year")
    ed.setText("-5")
    row = loaded.form.rows["revenue_last_year"]
    qtbot.waitUntil(lambda: row.message.isVisible())
    assert row.message.text() == "不能为负数"
    assert loaded.results.banner.isVisible()
    assert loaded.result is before
    ed.setText("abc")
    qtbot.waitUntil(lambda: row.message.text() == "请输入金额，例如 12,000.50")
    assert loaded.result is before
    ed.setText("18000000")
    qtbot.waitUntil(lambda: not row.message.isVisible())
    assert not loaded.results.banner.isVisible()


def test_an_invalid_loan_cell_is_named_beside_the_table(loaded, qtbot):
    editor, _title, message = loaded.form.lists["loans"]
    editor.cell(0, "annual_rate").setText("2")
    qtbot.waitUntil(lambda: not message.isHidden())
    assert message.text().startswith("第1行 年利率")


def test_the_debounce_gathers_keystrokes_into_one_evaluation(loaded, qtbot):
    seen = []
    loaded.recompute.computed.connect(seen.append)
    ed = loaded.findChild(QLineEdit, "employees")
    ed.clear()
    qtbot.keyClicks(ed, "123")
    qtbot.waitUntil(lambda: len(seen) >= 1)
    assert not loaded.recompute._timer.isActive()
    assert len(seen) == 1
    assert seen[0]["result"]["items"] == evaluate(loaded.scenario(), "zh_CN")["items"]


def test_slow_evaluations_run_in_the_background_and_the_latest_wins(loaded, qtbot):
    loaded.recompute.frame_ms = -1          # as if evaluate() took longer than a frame
    ed = loaded.findChild(QLineEdit, "employees")
    for n in ("10", "200", "48"):
        ed.setText(n)
        loaded.recompute.run()
    loaded.findChild(QLineEdit, "insured_employees").setText("47")
    loaded.recompute.run()
    qtbot.waitUntil(lambda: loaded.scenario()["insured_employees"] == 47
                    and loaded.result == evaluate(loaded.scenario(), "zh_CN"), timeout=5000)
    assert loaded.recompute.background.wait(5000)
