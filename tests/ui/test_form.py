"""The form is generated from the scenario model: one widget per input, named after its field."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QWidget

from calc_app.models.inputs.lists import LIST_MODELS
from calc_app.models.inputs.meta import SECTIONS
from calc_app.models.scenario import Scenario
from calc_app.reports.inputs import sections


def test_every_scalar_input_has_a_widget_named_after_its_field(window):
    for name in Scenario.model_fields:
        if name in LIST_MODELS:
            continue
        w = window.findChild(QWidget, name)
        assert isinstance(w, (QLineEdit, QComboBox, QDateEdit)), name
    assert window.findChild(QComboBox, "jurisdiction") is not None
    assert window.findChild(QLineEdit, "employees").placeholderText() == "未知"


def test_sections_follow_the_model_in_its_order(window):
    keys = [k for k, _ in sections()]
    assert list(window.form.sections) == keys
    assert set(keys) <= set(SECTIONS) | set(keys)
    title = window.form.sections["profile"].header.text()
    assert title.startswith("企业概况")


def test_labels_units_and_help_come_from_the_model(window):
    row = window.form.rows["monthly_employer_social_insurance"]
    assert row.label.text() == "每月单位缴纳三项社保费"
    assert row.unit.text() == "元"
    assert "养老、失业、工伤保险单位缴费部分之和" in row.editor.toolTip()


def test_an_empty_field_is_unknown_and_the_results_say_which_measures_wait_for_it(window):
    assert "employees" not in window.scenario()
    waiting = {f for it in window.result["items"] for f in it["needs"]}
    assert "employees" in waiting or "industry_code" in waiting


def test_money_is_accepted_in_yuan_or_wan_and_shown_grouped(window, qtbot):
    ed = window.findChild(QLineEdit, "revenue_last_year")
    ed.setText("18000000")
    ed.editingFinished.emit()
    assert ed.text() == "18,000,000"
    assert window.scenario()["revenue_last_year"] == "18000000"
    window.findChild(QComboBox, "money_unit").setCurrentIndex(1)
    assert ed.text() == "1,800"
    assert window.form.rows["revenue_last_year"].unit.text() == "万元"
    ed.setText("250.5")
    assert window.scenario()["revenue_last_year"] == "2505000"
    ed.setText("30万")
    assert window.scenario()["revenue_last_year"] == "300000"


def test_fractions_accept_a_percentage(window):
    ed = window.findChild(QLineEdit, "input_tax_composition_ratio")
    ed.setText("4.5%")
    assert window.scenario()["input_tax_composition_ratio"] == "0.045"


def test_flags_and_choices_start_unknown(window):
    flag = window.findChild(QComboBox, "is_individual_business")
    # unanswered, a presumed fact says what it is taken as
    assert flag.currentData() is None and flag.currentText() == "（未填：按“否”计算）"
    flag.setCurrentIndex(flag.findData(True))
    assert window.scenario()["is_individual_business"] is True
    landlord = window.findChild(QComboBox, "landlord")
    landlord.setCurrentIndex(landlord.findData("state"))
    assert landlord.currentText() == "国有"


def test_size_classification_is_shown_with_its_reason_and_can_be_overridden(loaded, qtbot):
    note = loaded.form.rows["size"].note
    assert note.isVisible()
    assert note.text() == loaded.result["size_reason"]
    size = loaded.findChild(QComboBox, "size")
    size.setCurrentIndex(size.findData("medium"))
    qtbot.waitUntil(lambda: loaded.result["size"] == "medium")
    assert note.text().startswith("自动划型")


def test_loans_are_an_editable_table_with_add_and_remove(window, qtbot):
    editor, _title, _msg = window.form.lists["loans"]
    assert editor.value() is None
    editor.none_box.setChecked(True)
    assert window.scenario()["loans"] == []
    editor.add_button.click()
    editor.add_button.click()
    assert editor.table.rowCount() == 2
    editor.cell(0, "principal").setText("2,000,000")
    editor.cell(0, "annual_rate").setText("4.35%")
    editor.cell(0, "start_date").setText("2022/6/20")
    assert window.scenario()["loans"][0] == {"principal": "2000000", "annual_rate": "0.0435",
                                             "start_date": "2022-06-20"}
    editor.table.setCurrentCell(1, 0)
    editor.remove_button.click()
    assert editor.table.rowCount() == 1
    qtbot.waitUntil(lambda: window.result is not None and len(window.scenario()["loans"]) == 1)


def test_sections_count_the_inputs_given(loaded):
    assert "已填" in loaded.form.sections["profile"].header.text()
    label = loaded.form.rows["employees"].label
    assert isinstance(label, QLabel) and label.buddy() is loaded.findChild(QLineEdit, "employees")
