"""The closed sections of the form are made when they are first needed: opened, looked up, given a
value, a message or a note, or once the window has painted; until then their fields hold nothing."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from calc_app.app import create_main_window
from calc_app.ui.form import OPEN_SECTIONS


def _window(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    return w


def test_only_the_open_sections_are_made_before_the_window_paints(qtbot):
    w = _window(qtbot)
    made = {k for k, s in w.form.sections.items() if s.body is not None}
    assert made == set(OPEN_SECTIONS)
    assert w.findChild(QLineEdit, "monthly_rent") is None
    w.show()
    qtbot.waitUntil(w.form.is_complete)  # the rest once it has painted
    assert w.findChild(QLineEdit, "monthly_rent") is not None


def test_opening_a_section_makes_its_fields_in_its_place(qtbot):
    w = _window(qtbot)
    rent = w.form.sections["rent"]
    assert rent.body is None and not rent.is_expanded()
    rent.set_expanded(True)
    assert rent.body is not None and rent.body.isVisibleTo(w)
    assert rent.body.isAncestorOf(w.findChild(QLineEdit, "monthly_rent"))
    assert "monthly_rent" in w.form.rows


def test_a_field_looked_up_or_given_a_value_is_made(qtbot):
    w = _window(qtbot)
    assert w.form.rows["monthly_rent"].editor.objectName() == "monthly_rent"
    assert w.form.sections["rent"].body is not None
    assert not w.form.sections["rent"].is_expanded()  # made, still closed
    w.form.set_values({"graduates_hired": 2})
    assert w.form.rows["graduates_hired"].editor.value() == 2
    assert w.scenario()["graduates_hired"] == 2
    w.set_modified(False)  # a changed window never shown is left to close without asking


def test_a_note_for_a_field_not_made_yet_is_shown_when_it_is(qtbot):
    w = _window(qtbot)
    key = w.form._section_of["monthly_rent"]
    assert w.form.sections[key].body is None
    w.form.set_note("monthly_rent", "a note")
    assert w.form.sections[key].body is None
    assert w.form.rows["monthly_rent"].note.text() == "a note"


def test_the_result_does_not_depend_on_which_sections_are_made(qtbot):
    lazy, full = _window(qtbot), _window(qtbot)
    for s in full.form.sections.values():
        s.ensure_body()
    assert full.form.is_complete() and not lazy.form.is_complete()
    assert lazy.scenario() == full.scenario()
    assert lazy.result == full.result
