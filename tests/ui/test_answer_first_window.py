"""The window answer first: sorted by amount, filters, the law's order a click away, the questions bar,
the presumptions in one place (each changed in one click), inferred facts shown as inferred, money-only chart,
columns that fit at 1366×768."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

BASICS = {
    "jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", "industry_code": "C3311", "employees": 48,
    "revenue_last_year": "18000000", "total_assets": "12000000", "taxable_income_last_year": "1800000",
    "unemployment_insurance_paid_last_year": "42000", "layoffs_last_year": 0, "graduates_hired": 2,
    "landlord": "state", "monthly_rent": "30000",
}


@pytest.fixture
def basics(window):
    window.load_scenario(BASICS)
    return window


def _visible(w):
    return w.results.visible_items()


def test_the_money_is_in_the_first_rows_largest_first(basics):
    rows = _visible(basics)
    amounts = [Decimal(it["amount"]) for it in rows[:4]]
    assert all(it["status"] == "eligible" for it in rows[:4])
    assert amounts == sorted(amounts, reverse=True) and amounts[0] == Decimal("385000.00")
    assert [it["measure_id"] for it in rows[:3]] == [
        "cn-2022-small-low-profit-cit", "cn-gd-jiangmen-2022-98-state-rent-waiver", "cn-gd-jiangmen-2022-26-stable-job-refund"]


def test_the_laws_order_is_one_click_away(basics):
    basics.results.order_button.click()
    assert basics.results.model.items == basics.result["items"]
    assert basics.results.order_button.text() == "法规顺序"
    basics.results.order_button.click()
    assert basics.results.model.items[0]["measure_id"] == "cn-2022-small-low-profit-cit"


@pytest.mark.parametrize("flt,ok", [
    ("eligible", lambda it: it["status"] == "eligible"),
    ("needs_input", lambda it: it["status"] == "needs_input"),
    ("possible", lambda it: "range_needs" in it or "amount_if" in it),
    ("all", lambda it: True),
])
def test_the_filters_show_what_they_say(basics, flt, ok):
    box = basics.findChild(QComboBox, "filter")
    box.setCurrentIndex(box.findData(flt))
    shown = _visible(basics)
    assert shown and all(ok(it) for it in shown)
    assert len(shown) == sum(1 for it in basics.result["items"] if ok(it))
    # the contract: the model still has one row per item
    assert basics.results.model.rowCount() == len(basics.result["items"])


def test_the_questions_bar_says_how_much_more_and_each_question_is_a_click_from_its_field(basics, qtbot):
    basics.activateWindow()
    qtbot.waitUntil(basics.isActiveWindow)
    bar = basics.results.questions
    top = basics.result["top_questions"]
    from calc_app.i18n import money
    assert bar.lead.text() == f"回答这些问题，最多可再多 {money(top['unlocks'], 'zh_CN')}："
    assert [b.isVisible() for b in bar.buttons] == [True, True, True]
    for i, q in enumerate(basics.result["questions"][:3]):
        assert q["label"][:4] in bar.buttons[i].text() or q["label"][:4] in bar.buttons[i].toolTip()
    q = basics.result["questions"][2]
    bar.buttons[2].click()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is basics.form.editor(q["field"]))
    assert bar.more.text().startswith("更多问题") and bar.more_menu.actions()


def test_answering_the_top_questions_moves_the_headline_by_what_they_claim(basics, qtbot):
    before = Decimal(basics.result["headline"]["received_or_kept"]["amount"])
    q = next(q for q in basics.result["questions"] if q["field"] == "in_medium_high_risk_area")
    combo = basics.findChild(QComboBox, "in_medium_high_risk_area")
    old = basics.result
    combo.setCurrentIndex(combo.findData(True))
    qtbot.waitUntil(lambda: basics.result is not old)
    after = Decimal(basics.result["headline"]["received_or_kept"]["amount"])
    assert after - before == Decimal(q["unlocks"])
    assert basics.results.headline.values["received_or_kept"].text() == "¥605,800.00"


def test_presumptions_are_listed_in_one_place_and_each_changes_in_one_click(basics, qtbot):
    bar = basics.results.assumptions
    assert bar.isVisible() and "按非个体工商户计算" in bar.label.text()
    act = bar.actions_by_field["is_individual_business"]
    assert "改答“是”" in act.text()
    old = basics.result
    act.trigger()
    qtbot.waitUntil(lambda: basics.result is not old)
    assert basics.scenario()["is_individual_business"] is True
    assert "is_individual_business" not in {a["field"] for a in basics.result["assumptions"]}


def test_an_item_shows_its_presumptions_beside_it_and_the_detail_changes_one(basics, qtbot):
    r = next(r for r, it in enumerate(basics.results.model.items)
             if it["measure_id"] == "cn-2022-small-low-profit-cit")
    model = basics.results.model
    assert model.index(r, 3).data().endswith("◇")
    assert "按非个体工商户计算" in model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole)
    basics.results.select_measure("cn-2022-small-low-profit-cit")
    assert "假定与推定" in basics.results.detail.toPlainText()
    old = basics.result
    basics.results.detail.anchorClicked.emit(QUrl("answer:is_individual_business:true"))
    qtbot.waitUntil(lambda: basics.result is not old)
    cit = next(it for it in basics.result["items"] if it["measure_id"] == "cn-2022-small-low-profit-cit")
    assert cit["status"] == "ineligible"


def test_an_inferred_fact_is_shown_as_inferred_never_as_typed(basics):
    row = basics.form.rows["insured_employees"]
    assert basics.findChild(QLineEdit, "insured_employees").text() == ""
    assert row.note.isVisibleTo(basics) and row.note.text().startswith("推定：至少 1")


def test_the_chart_shows_money_only(window):
    window.load_scenario({**BASICS, "procurement_bids": [{"price": "800000", "category": "goods"}]})
    cats = {b["category"] for b in window.results.chart.bars}
    assert cats and cats <= {"grant", "saving", "deferral", "own_tax_credit"}
    assert any(it["category"] == "procurement_evaluation" and it["status"] == "eligible"
               for it in window.result["items"])


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
def test_columns_fit_at_1366_by_768_and_titles_elide_with_the_full_title_in_the_tooltip(window, qtbot, lang):
    window.set_language(lang)
    window.resize(1366, 768)
    window.load_scenario(BASICS)
    qtbot.waitUntil(lambda: window.result is not None and window.result["lang"] == lang)
    view = window.results.view
    header = view.header()
    total = sum(header.sectionSize(c) for c in range(header.count()))
    assert total <= view.viewport().width() + 1
    assert not view.horizontalScrollBar().isVisible()
    assert header.sectionSize(0) >= 200        # the title keeps room
    for c in range(1, header.count()):
        view_w = header.sectionSize(c)
        texts = [view.model().index(r, c).data() or "" for r in range(view.model().rowCount())]
        widest = max(view.fontMetrics().horizontalAdvance(t) for t in texts)
        assert widest <= view_w + 30, (c, view_w, widest)   # numbers and statuses are not cut
    it = window.results.model.items[0]
    assert it["title"] in view.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert window.results.view.isRowHidden(0, QModelIndex()) is False


def test_a_question_that_only_defers_payments_says_so_instead_of_plus_zero(window):
    """The example's one ranked question adds money paid later (a deferral), not money received or
    kept: the bar says what it adds rather than "+¥0.00"."""
    import json
    from pathlib import Path

    from calc_app.i18n import money
    window.load_scenario(json.loads((Path(__file__).resolve().parents[2] / "examples"
                                     / "jiangmen-small-manufacturer.json").read_text(encoding="utf-8")))
    qs = window.result["questions"]
    q = next(q for q in qs if q["unlocks"] == "0.00" and q["gains"].get("paid_later"))
    bar = window.results.questions
    i = qs.index(q)
    assert i < len(bar.buttons)
    text = bar.texts[i] or bar.buttons[i].toolTip()
    assert f"可缓缴 +{money(q['gains']['paid_later'], 'zh_CN')}" in text and "+¥0.00" not in text
    if window.result["top_questions"]["unlocks"] == "0.00":
        assert bar.lead.text() == "回答这些问题，可获得或少缴的金额不变，可增加："


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
def test_the_window_with_its_case_dock_open_fits_a_1366_pixel_screen(window, qtbot, lang):
    """The service window's layout (form, results and the dock of saved cases) needs no more than the
    1366 pixels of the counters' screens, in either language."""
    window.set_language(lang)
    window.resize(1366, 740)
    window.cases_dock.show()
    qtbot.waitUntil(lambda: window.cases_dock.isVisible())
    qtbot.wait(200)   # the layouts take the dock in (a window too narrow for it grows)
    assert window.minimumSizeHint().width() <= 1366
    assert window.width() <= 1366
