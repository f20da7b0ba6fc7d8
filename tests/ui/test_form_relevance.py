"""The form shows the inputs the chosen jurisdiction's measures read, and never hides a value."""
from calc_app.app import create_main_window


def test_fields_of_other_jurisdictions_are_hidden_until_they_matter(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    hubei_only = w.form.rows["jingmen_central_district"]
    jiangmen_only = w.form.rows["new_factory_area_sqm"]
    w.jurisdiction.set_current("cn-gd-jiangmen")
    w._jurisdiction_changed("cn-gd-jiangmen")
    assert jiangmen_only.editor.isHidden() is False and hubei_only.editor.isHidden()
    w.jurisdiction.set_current("cn-hb-jingmen")
    w._jurisdiction_changed("cn-hb-jingmen")
    assert hubei_only.editor.isHidden() is False and jiangmen_only.editor.isHidden()
    # contract fields read by classification are always there
    assert w.form.rows["employees"].editor.isHidden() is False


def test_a_filled_field_stays_visible_and_focus_reveals_a_hidden_one(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    w.jurisdiction.set_current("cn-gd-jiangmen")
    w._jurisdiction_changed("cn-gd-jiangmen")
    row = w.form.rows["jingmen_central_district"]
    assert row.editor.isHidden()
    assert w.form.focus_field("jingmen_central_district")
    assert row.editor.isHidden() is False
