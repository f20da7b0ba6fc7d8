"""Hostile text typed into the editors or opened as a file: a message, never an uncaught exception."""
import pytest

HOSTILE = ["1e99", "-1e99", "1e308", "9" * 30, "1e999999999", "NaN", "1\t2"]


def test_every_money_and_count_editor_answers_hostile_numbers_with_a_message(window):
    from calc_app.ui.editors import NumberEditor
    editors = [w for w in window.findChildren(NumberEditor) if w.spec.kind in ("money", "count")]
    assert len(editors) > 50
    for ed in editors:
        for text in HOSTILE:
            ed.setText(text)
            ed.editingFinished.emit()
            assert ed.parse_error(), (ed.objectName(), text)
            assert ed.value() is None
        ed.setText("")


@pytest.mark.parametrize("content", [
    b'{"jurisdiction": "cn", "as_of": "2022-07-15", "loans": ' + b"[" * 1000 + b"]" * 1000 + b"}",
    b'{"jurisdiction": "cn", "as_of": "2022-07-15", "employees": ' + b"9" * 5000 + b"}",
    b'{"jurisdiction": "cn", "as_of": "2022-07-15", "monthly_rent": 1, "monthly_rent": 2}',
    b"\xff\xfe not text",
])
def test_opening_a_bad_file_shows_a_message(window, errors, tmp_path, content):
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    assert window.open_scenario(p) is False
    assert errors and errors[-1][1]
