"""The jurisdiction cascade, the flat selector named ``jurisdiction``, and the evaluation date."""
from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel

from calc_app.engine.jurisdictions import jurisdiction_ids


def test_the_flat_selector_lists_every_jurisdiction_id(window):
    combo = window.findChild(QComboBox, "jurisdiction")
    ids = {combo.itemData(i) for i in range(combo.count())}
    assert ids == set(jurisdiction_ids())
    assert combo.currentData() == window.result["jurisdiction"]


def test_setting_the_jurisdiction_through_the_selector_reevaluates_and_moves_the_cascade(window, qtbot):
    combo = window.findChild(QComboBox, "jurisdiction")
    combo.setCurrentIndex(combo.findData("cn-hb-jingmen-zhongxiang"))
    qtbot.waitUntil(lambda: window.result["jurisdiction"] == "cn-hb-jingmen-zhongxiang")
    assert window.result["chain"] == ["cn", "cn-hb", "cn-hb-jingmen", "cn-hb-jingmen-zhongxiang"]
    levels = [window.findChild(QComboBox, n).currentText() for n in ("province", "city", "district")]
    assert levels == ["湖北省", "荆门市", "钟祥市"]
    combo.setCurrentText("cn-yn")
    qtbot.waitUntil(lambda: window.result["jurisdiction"] == "cn-yn")


def test_the_cascade_sets_the_jurisdiction(window, qtbot):
    province = window.findChild(QComboBox, "province")
    province.setCurrentIndex(province.findData("cn-sc"))
    qtbot.waitUntil(lambda: window.result["jurisdiction"] == "cn-sc")
    city = window.findChild(QComboBox, "city")
    city.setCurrentIndex(city.findData("cn-sc-guangyuan"))
    qtbot.waitUntil(lambda: window.result["jurisdiction"] == "cn-sc-guangyuan")
    assert window.findChild(QComboBox, "jurisdiction").currentData() == "cn-sc-guangyuan"


def test_the_date_does_not_jump_on_a_jurisdiction_change_a_note_offers_the_chains_date(window, qtbot):
    as_of = window.findChild(QDateEdit, "as_of")
    assert as_of.date().toPython() == _dt.date(2022, 7, 15)
    note = window.findChild(QLabel, "date_note")
    assert not note.isVisible()
    combo = window.findChild(QComboBox, "jurisdiction")
    combo.setCurrentIndex(combo.findData("cn-jx-nanchang"))
    qtbot.waitUntil(lambda: window.result["jurisdiction"] == "cn-jx-nanchang")
    assert as_of.date().toPython() == _dt.date(2022, 7, 15)       # kept, and said so
    assert note.isVisible() and "南昌市" in note.text() and "2020" in note.text()
    note.linkActivated.emit("use-date")
    qtbot.waitUntil(lambda: window.result["as_of"].startswith("2020"))
    assert as_of.date().toPython().year == 2020 and not note.isVisible()


def test_changing_the_date_reevaluates(window, qtbot):
    as_of = window.findChild(QDateEdit, "as_of")
    as_of.setDate(QDate(2019, 6, 1))
    qtbot.waitUntil(lambda: window.result["as_of"] == "2019-06-01")
    assert {it["status"] for it in window.result["items"]} == {"not_in_force"}


def test_a_note_says_when_measures_have_expired_before_today(window):
    note = window.findChild(QLabel, "expiry_note")
    assert note.isVisible()
    assert "已到期" in note.text()
