"""The window for a queue: new applicant, type, save to the register, search, reopen an older version,
the unsaved-changes question on new, open and close, pasting rules, exports only of the inputs shown."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

import calc_app.ui.cases as cases
import calc_app.ui.editors as editors
from calc_app.register import Register

CODE = "91350100M000100Y43"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangmen-small-manufacturer.json"


@pytest.fixture
def answers(monkeypatch):
    """The unsaved-changes question, answered from a list; every question asked is recorded."""
    state = {"next": [], "asked": []}

    def ask(parent, who):
        state["asked"].append(who)
        return state["next"].pop(0) if state["next"] else "discard"
    monkeypatch.setattr(cases, "ask_unsaved", ask)
    return state


def _type(window, field, text):
    ed = window.findChild(QLineEdit, field)
    ed.setFocus()
    ed.selectAll()
    ed.insert(text)
    return ed


def test_new_save_search_and_reopen_an_older_version(loaded, qtbot, answers, errors):
    w = loaded
    assert not w.isWindowModified()
    _type(w, "employees", "30")
    assert w.isWindowModified() and w.windowTitle().startswith("新申请人[*]")
    answers["next"] = ["cancel"]
    assert not w.new_case()                                     # cancelled: nothing lost
    assert w.findChild(QLineEdit, "employees").text() == "30" and answers["asked"] == ["新申请人"]
    answers["next"] = ["discard"]
    assert w.new_case()
    assert w.form.values() == ({}, {}) and not w.isWindowModified()
    assert w.scenario()["jurisdiction"] == "cn-gd-jiangmen"      # the office's jurisdiction stays

    assert w.open_scenario(EXAMPLE)
    _type(w, "applicant_name", "江门五金有限公司")
    _type(w, "applicant_credit_code", CODE[:-1] + "4")
    assert w.applicant.code_message.isVisible() and "3" in w.applicant.code_message.text()
    assert not w.save_case_dialog() and "校验码" in errors[-1][1]
    _type(w, "applicant_credit_code", CODE.lower())
    assert not w.applicant.code_message.isVisible()
    _type(w, "applicant_staff", "王芳")
    assert w.save_case_dialog()
    assert (w.case_id, w.case_version) == (1, 1) and not w.isWindowModified()
    assert "江门五金有限公司" in w.windowTitle()

    _type(w, "employees", "12")
    assert w.isWindowModified()
    assert w.save_case_dialog() and w.case_version == 2
    with Register() as reg:
        assert [h["version"] for h in reg.history(1)] == [1, 2]
        assert reg.get(1, 1)["scenario"]["employees"] == 48 and reg.get(1)["scenario"]["employees"] == 12
        assert reg.get(1)["applicant"] == {"name": "江门五金有限公司", "credit_code": CODE, "staff": "王芳"}
        assert reg.get(1)["result"] == w.result

    answers["next"] = []
    assert w.new_case()                                          # saved: no question
    assert len(answers["asked"]) == 2
    _type(w, "applicant_name", "广东纺织厂")
    _type(w, "employees", "5")
    assert w.save_case_dialog() and w.case_id == 2

    w.show_cases()
    dock = w.cases_dock
    assert dock.isVisible() and dock.list.topLevelItemCount() == 2
    dock.search.setText("五金")
    qtbot.waitUntil(lambda: dock.list.topLevelItemCount() == 1)
    assert dock.list.topLevelItem(0).text(0) == "江门五金有限公司"
    dock.search.setText("m000100y")                              # part of the credit code, any case
    qtbot.waitUntil(lambda: dock.list.topLevelItemCount() == 1 and dock.list.topLevelItem(0).text(1) == CODE)
    dock.list.setCurrentItem(dock.list.topLevelItem(0))
    assert dock.history.topLevelItemCount() == 2
    dock.history.setCurrentItem(dock.history.topLevelItem(1))   # newest first: row 1 is version 1
    dock.open_button.click()
    assert (w.case_id, w.case_version) == (1, 1)
    assert w.findChild(QLineEdit, "employees").text() == "48"
    assert w.applicant.values()["staff"] == "王芳"
    assert w.windowTitle().startswith("江门五金有限公司 （第 1 版，共 2 版） #1[*]")
    _type(w, "employees", "49")
    assert w.save_case_dialog() and w.case_version == 3          # an older version saved again: a new version
    with Register() as reg:
        assert reg.get(1, 2)["scenario"]["employees"] == 12     # nothing overwritten


def test_unsaved_changes_are_asked_about_on_open_and_close(loaded, qtbot, answers, monkeypatch, errors):
    w = loaded
    _type(w, "employees", "31")
    opened = []
    monkeypatch.setattr(w, "_file_dialog", lambda *a, **k: opened.append(1) or "")
    answers["next"] = ["cancel"]
    w.open_dialog()
    assert opened == [] and len(answers["asked"]) == 1            # cancelled before the file dialog
    answers["next"] = ["cancel"]
    assert not w.close() and w.isVisible()                        # close cancelled
    answers["next"] = ["save"]                                    # save without a name: refused, stays open
    assert not w.close() and "名称" in errors[-1][1]
    _type(w, "applicant_name", "关窗前保存")
    answers["next"] = ["save"]
    assert w.close()
    with Register() as reg:
        assert [c["name"] for c in reg.cases()] == ["关窗前保存"]


def test_several_pasted_cells_are_refused_not_joined(window):
    ed = window.findChild(QLineEdit, "employees")
    ed.setFocus()
    assert not ed.paste_text("48\t18000000")
    assert ed.text() == "" and "2" in ed.last_notice
    QApplication.clipboard().setText("48\t18000000\n")
    from PySide6.QtTest import QTest
    QTest.keyClick(ed, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert ed.text() == ""
    QApplication.clipboard().setText("48\n")                      # one cell copied from a spreadsheet
    QTest.keyClick(ed, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert ed.value() == 48
    ed.setText("48\t1800")                                         # typed or dropped: an error, not a number
    assert ed.value() is None and "一个" in ed.parse_error()


def test_currency_prefixes_and_the_wan_question(window, monkeypatch):
    rent = window.findChild(QLineEdit, "monthly_rent")
    for text in ("¥30,000", "￥30000", "RMB 30000", "CNY30000.00"):
        rent.setText(text)
        assert rent.value() == "30000", text
    window.unit.setCurrentIndex(window.unit.findData("wan"))
    asked = []
    monkeypatch.setattr(editors, "ask_unit", lambda parent, text, d, lang: asked.append(text) or "yuan")
    rent.clear()
    assert rent.paste_text("1,200,000")
    assert asked == ["1,200,000"] and rent.value() == "1200000"
    monkeypatch.setattr(editors, "ask_unit", lambda parent, text, d, lang: "wan")
    rent.clear()
    rent.paste_text("1,200,000")
    assert rent.value() == "12000000000"
    monkeypatch.setattr(editors, "ask_unit", lambda parent, text, d, lang: None)
    rent.clear()
    assert not rent.paste_text("1,200,000") and rent.text() == ""
    monkeypatch.setattr(editors, "ask_unit", lambda *a: pytest.fail("asked about a small amount"))
    assert rent.paste_text("3.5") and rent.value() == "35000"


def test_the_evaluation_date_takes_typed_and_pasted_dates(window, qtbot):
    from PySide6.QtTest import QTest
    d = window.as_of
    for text, want in (("2022-05-01", _dt.date(2022, 5, 1)), ("2022/5/1", _dt.date(2022, 5, 1)),
                       ("2021.3.9", _dt.date(2021, 3, 9))):
        d.setDate(QDate(2022, 7, 15))
        d.lineEdit().selectAll()
        QTest.keyClicks(d, text)
        QTest.keyClick(d, Qt.Key.Key_Return)
        assert d.date().toPython() == want, text
    QApplication.clipboard().setText("2020/2/3")
    d.lineEdit().selectAll()
    QTest.keyClick(d, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.result["as_of"] == "2020-02-03")


def test_a_section_header_comes_before_its_fields_in_tab_order(window, qtbot):
    checked = 0
    for section in window.form.sections.values():
        if not section.isVisible():
            continue
        section.set_expanded(True)
        focusable = [x for x in section.body.findChildren(QWidget)
                     if x.focusPolicy() & Qt.FocusPolicy.TabFocus and x.isVisibleTo(window)]
        if not focusable:
            continue
        section.header.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda: section.header.hasFocus())
        window.focusNextChild()                                  # what Tab does
        got = QApplication.focusWidget()
        assert section.body.isAncestorOf(got), (section.header.text(), got)
        checked += 1
    assert checked >= 5


def test_no_export_or_print_while_a_field_is_invalid(loaded, tmp_path, errors):
    _type(loaded, "employees", "abc")
    assert not loaded.export_pdf(tmp_path / "e.pdf") and not (tmp_path / "e.pdf").exists()
    assert not loaded.export_csv(tmp_path / "e.csv") and not (tmp_path / "e.csv").exists()
    assert len(errors) == 2 and "employees" in errors[-1][1]
    _type(loaded, "employees", "20")
    assert loaded.export_csv(tmp_path / "e.csv")                # exactly the inputs shown: 20 employees
    assert loaded.result is not None
    from calc_app import evaluate
    assert loaded.result["items"] == evaluate(loaded.scenario())["items"]


def test_keep_a_copy_change_and_compare(loaded, qtbot):
    w = loaded
    assert w.keep_copy()
    w.jurisdiction.set_current("cn-hb-jingmen-zhongxiang")
    w._jurisdiction_changed("cn-hb-jingmen-zhongxiang")
    cmp = w.comparison()
    assert len(cmp["scenarios"]) == 2 and cmp["differences"] > 0
    assert cmp["scenarios"][0]["jurisdiction"] == "cn-gd-jiangmen"
    assert cmp["scenarios"][1]["jurisdiction"] == "cn-hb-jingmen-zhongxiang"
    w.compare_dialog()
    dlg = w.last_compare_dialog
    assert dlg.table.rowCount() >= len(cmp["items"])
    dlg.only_diff.setChecked(True)
    shown = [r for r in range(dlg.table.rowCount()) if not dlg.table.isRowHidden(r)]
    assert shown and all(dlg.table.item(r, 0).text().startswith("≠") or dlg.table.item(r, 0).text().strip().startswith(("与", "difference")) for r in shown)
    dlg.close()


def test_the_detail_pane_says_where_to_apply(loaded):
    from calc_app.ui.detail import detail_html
    items = {it["measure_id"]: it for it in loaded.result["items"]}
    html = detail_html(items["cn-gd-jiangmen-2022-98-state-rent-waiver"], "zh_CN")
    assert "到哪里申请" in html and "江门市 市工业和信息化局" in html and "六大类政策的牵头部门" in html
    assert "文件未写明" in detail_html(items["cn-2022-vat-refund-small-micro"], "zh_CN")


def test_the_register_is_exported_backed_up_and_restored_from_the_window(loaded, tmp_path, errors):
    w = loaded
    w.applicant.set_values({"name": "甲"})
    assert w.save_case_dialog()
    assert w.export_register(str(tmp_path / "cases.xlsx")) == 1 and (tmp_path / "cases.xlsx").stat().st_size > 0
    assert w.backup_register(str(tmp_path / "b.sqlite3"))
    w.new_case()
    w.applicant.set_values({"name": "乙"})
    assert w.save_case_dialog()
    assert w.restore_register(str(tmp_path / "b.sqlite3"))
    assert w.cases_dock.list.topLevelItemCount() == 1 and w.cases_dock.list.topLevelItem(0).text(0) == "甲"
    assert not w.restore_register(str(tmp_path / "cases.xlsx")) and "not a register" in errors[-1][1]


def test_the_register_folder_is_qts_app_data_location(monkeypatch, tmp_path, qapp):
    from PySide6.QtCore import QCoreApplication, QStandardPaths
    from calc_app.paths import APP_NAME, APP_ORG, data_dir
    monkeypatch.delenv("RELIEF_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    old = (QCoreApplication.applicationName(), QCoreApplication.organizationName())
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_ORG)
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        QCoreApplication.setApplicationName(old[0])
        QCoreApplication.setOrganizationName(old[1])
    assert Path(qt) == data_dir() == tmp_path / "xdg" / APP_ORG / APP_NAME
