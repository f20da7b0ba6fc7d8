"""The window's looks are set on the widgets that have them: an inline message is red, a note grey,
an editor with a value that is not valid has a red border until the value is valid again, and the
window itself carries no style sheet (one there would style every widget through it)."""
import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit

from calc_app.ui import style


def colour(w) -> str:
    return w.palette().color(QPalette.ColorRole.WindowText).name()


def test_an_invalid_value_shows_a_red_border_and_a_red_message_until_it_is_valid(window, qtbot):
    assert window.styleSheet() == ""
    row = window.form.rows["revenue_last_year"]
    assert colour(row.message) == style.COLOURS["error"]
    assert row.editor.styleSheet() == ""
    row.editor.setText("abc元")
    qtbot.waitUntil(lambda: row.message.text() != "")
    assert "#c62828" in row.editor.styleSheet()
    row.editor.set_value("18000000")
    qtbot.waitUntil(lambda: row.message.text() == "")
    assert row.editor.styleSheet() == ""


def test_the_notes_the_titles_and_the_totals(window):
    muted = [w for w in window.findChildren(QLabel) if colour(w) == style.COLOURS["muted"]]
    assert len(muted) > 100  # the units and notes of every form row, among others
    assert window.results.banner.styleSheet() == style.SHEETS["banner"]
    assert window.expiry_note.styleSheet() == style.SHEETS["expiry_note"]
    headers = [s.header for s in window.form.sections.values()]
    assert len(headers) >= 8
    assert all(h.styleSheet() == style.SHEETS["section_header"] for h in headers)


def test_each_look(qtbot):
    label, edit = QLabel(), QLineEdit()
    qtbot.addWidget(label)
    qtbot.addWidget(edit)
    style.mark(label, "error")
    assert colour(label) == QColor("#b71c1c").name()
    title = QLabel()
    qtbot.addWidget(title)
    style.mark(title, "list_title")
    assert title.font().bold() and title.contentsMargins().top() == 4
    total = QLabel()
    qtbot.addWidget(total)
    style.mark(total, "total")
    assert total.font().bold() and total.font().pointSize() == style.TOTAL_POINTS
    style.set_invalid(edit, True)
    assert edit.styleSheet() == style.INVALID
    style.set_invalid(edit, False)
    assert edit.styleSheet() == ""
    with pytest.raises(ValueError):
        style.mark(label, "loud")
