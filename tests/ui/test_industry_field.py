"""The industry field completes from the GB/T 4754-2017 table by code, Chinese or English name, shows
the name of the code chosen and says what is wrong with a wrong entry."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from calc_app.engine.industry import code_problem, search


def _completions(editor, text):
    comp = editor.completer()
    comp.setCompletionPrefix(text)
    model = comp.completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_it_completes_by_chinese_name_english_name_or_code(window):
    ed = window.findChild(QLineEdit, "industry_code")
    assert any(t.startswith("C3311 金属结构制造") for t in _completions(ed, "金属结构"))
    assert any(t.startswith("H62 餐饮业") for t in _completions(ed, "restaurant"))
    assert any(t.startswith("C33 金属制品业") for t in _completions(ed, "C33"))
    assert search("restaurant")[:3] == ["H", "H62", "H621"]


def test_choosing_a_completion_gives_the_code_and_shows_its_name(window, qtbot):
    ed = window.findChild(QLineEdit, "industry_code")
    ed.completer().activated.emit("C3311 金属结构制造 · Metal products (fabricated metal)")
    assert ed.text() == "C3311" and window.scenario()["industry_code"] == "C3311"
    note = window.form.rows["industry_code"].note
    assert note.text() == "C3311 金属结构制造（小类）"


def test_a_unique_name_is_taken_as_its_code(window):
    ed = window.findChild(QLineEdit, "industry_code")
    ed.setText("金属结构制造")
    assert ed.value() == "C3311"


def test_a_wrong_entry_says_what_is_wrong(window, qtbot):
    ed = window.findChild(QLineEdit, "industry_code")
    ed.setText("3311")
    row = window.form.rows["industry_code"]
    qtbot.waitUntil(lambda: row.message.isVisible())
    assert "缺少门类字母" in row.message.text() and "C3311" in row.message.text()
    assert "2011" in code_problem("C99", "zh_CN") and "2011" in code_problem("C99", "en_US")
    assert "no industry code" in code_problem("xyz", "en_US")


def test_a_section_letter_alone_is_flagged_as_too_coarse(window):
    ed = window.findChild(QLineEdit, "industry_code")
    ed.setText("C")
    assert "至少需要大类" in window.form.rows["industry_code"].note.text()



def test_the_completions_are_made_when_the_field_first_takes_the_focus(window, qtbot):
    ed = window.findChild(QLineEdit, "industry_code")
    assert not ed._filled and ed.completer_model.rowCount() == 0
    ed.setFocus()
    qtbot.waitUntil(ed.hasFocus)
    assert ed._filled and ed.completer_model.rowCount() > 1900
