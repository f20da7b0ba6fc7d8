"""The results view: columns, status icons, amounts in the language's money format, totals, detail, chart."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTreeView

from calc_app.i18n import money


def _row_of(window, pred):
    items = window.results.model.items
    return next(r for r, it in enumerate(items) if pred(it))


def test_columns_status_icon_and_right_aligned_amounts(loaded):
    view = loaded.findChild(QTreeView, "results")
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["措施", "层级", "类型", "状态", "金额", "区间"]
    r = _row_of(loaded, lambda it: it["status"] == "eligible" and it.get("quantified", True))
    it = model.items[r]
    assert model.index(r, 0).data() == it["title"]
    assert model.index(r, 3).data() == "符合"
    assert model.index(r, 3).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(r, 4).data() == money(it["amount"], "zh_CN")
    assert model.index(r, 4).data().startswith("¥")
    align = Qt.AlignmentFlag(model.index(r, 4).data(Qt.ItemDataRole.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight


def test_a_range_is_shown_where_the_law_gives_one(loaded):
    rows = [r for r, it in enumerate(loaded.results.model.items) if "amount_min" in it]
    assert rows, "the example has at least one ranged measure"
    it = loaded.results.model.items[rows[0]]
    text = loaded.results.model.index(rows[0], 5).data()
    assert money(it["amount_min"], "zh_CN") in text and money(it["amount_max"], "zh_CN") in text


def test_the_headline_shows_money_received_or_kept_and_paid_later_with_labels_beside_them(loaded):
    h = loaded.result["headline"]
    bar = loaded.results.headline
    for g in ("received_or_kept", "paid_later"):
        assert bar.values[g].text() == money(h[g]["amount"], "zh_CN")
        assert bar.names[g].text().startswith(h[g]["label"])
    assert bar.names["received_or_kept"].text() == "可获得或少缴："
    for g in ("own_tax_credit", "procurement_evaluation", "third_party"):
        assert h[g]["label"] in bar.apart.text() and money(h[g]["amount"], "zh_CN") in bar.apart.text()


def test_the_detail_pane_shows_reasons_steps_document_clause_and_quote(loaded):
    r = _row_of(loaded, lambda it: it["status"] == "eligible" and it["steps"])
    loaded.results.view.setCurrentIndex(loaded.results.model.index(r, 0))
    it = loaded.results.model.items[r]
    text = loaded.results.detail.toPlainText()
    assert it["title"] in text
    assert it["reasons"][0] in text
    assert it["steps"][0] in text
    assert it["source"]["quote"][:30] in text
    assert it["source"]["clause"] in text
    assert "计算过程" in text and "出处" in text


def test_the_selection_survives_a_recompute(loaded, qtbot):
    r = _row_of(loaded, lambda it: it["status"] == "eligible")
    mid = loaded.results.model.items[r]["measure_id"]
    loaded.results.select_measure(mid)
    before = loaded.result
    loaded.findChild(QLineEdit, "inspection_fees").setText("16000")
    qtbot.waitUntil(lambda: loaded.result is not before)
    assert loaded.results.selected_item()["measure_id"] == mid
    assert loaded.results.detail.item["measure_id"] == mid


def test_the_chart_draws_one_bar_per_eligible_amount(loaded):
    bars = loaded.results.chart.bars
    assert bars and all(it["status"] == "eligible" for it in bars)
    assert loaded.results.chart.sizeHint().height() > 30 * len(bars) // 2


def test_choosing_a_needs_input_item_focuses_its_field(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    r = _row_of(window, lambda it: it["status"] == "needs_input" and it["needs"])
    field = window.results.model.items[r]["needs"][0]
    index = window.results.model.index(r, 0)
    window.results.view.setCurrentIndex(index)
    assert "需要补充" in window.results.detail.toPlainText()
    window.results.view.activated.emit(index)
    target = window.form.editor(field.split("[")[0])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target)


def test_a_field_link_in_the_detail_pane_focuses_that_field(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    from PySide6.QtCore import QUrl
    window.results.detail.anchorClicked.emit(QUrl("field:monthly_rent"))
    assert window.form.sections["rent"].is_expanded()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.findChild(QLineEdit, "monthly_rent"))
