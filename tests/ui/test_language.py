"""The language switch relabels everything at once, numbers and dates included."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit

from calc_app.engine.evaluate import evaluate


def test_switching_to_english_and_back(loaded, qtbot):
    lang = loaded.findChild(QComboBox, "language")
    lang.setCurrentIndex(lang.findData("en_US"))
    qtbot.waitUntil(lambda: loaded.result["lang"] == "en_US")
    assert loaded.menuBar().actions()[0].text() == "&File"
    model = loaded.results.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Measure"
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == evaluate(loaded.scenario(), "en_US")["items"][0]
    eligible = next(r for r, it in enumerate(model.items) if it["status"] == "eligible" and it.get("quantified", True))
    assert model.index(eligible, 4).data().startswith("CN¥")
    assert model.index(eligible, 3).data() == "Eligible"
    assert loaded.results.headline.values["received_or_kept"].text().startswith("CN¥")
    assert loaded.results.headline.names["received_or_kept"].text() == "Received or kept:"
    assert loaded.form.rows["employees"].label.text() == "Employees (average headcount)"
    assert loaded.form.sections["profile"].header.text().startswith("Enterprise profile")
    assert loaded.findChild(QComboBox, "landlord").currentText() == "State-owned"
    assert loaded.findChild(QComboBox, "province").currentText() == "Guangdong"
    assert loaded.findChild(QDateEdit, "as_of").text() == "Jul 15, 2022"
    assert loaded.findChild(QLineEdit, "employees").placeholderText() == "unknown"
    assert loaded.windowTitle().endswith("Relief Calculator")
    lang.setCurrentIndex(lang.findData("zh_CN"))
    qtbot.waitUntil(lambda: loaded.result["lang"] == "zh_CN")
    assert loaded.menuBar().actions()[0].text() == "文件(&F)"
    assert loaded.findChild(QDateEdit, "as_of").text() == "2022年7月15日"
    assert model.index(eligible, 4).data().startswith("¥")


def test_the_detail_pane_follows_the_language(loaded, qtbot):
    r = next(r for r, it in enumerate(loaded.results.model.items) if it["status"] == "eligible")
    loaded.results.view.setCurrentIndex(loaded.results.model.index(r, 0))
    loaded.set_language("en_US")
    qtbot.waitUntil(lambda: "Why" in loaded.results.detail.toPlainText())
    assert loaded.results.detail.item == loaded.result["items"][r]
    loaded.set_language("zh_CN")
    qtbot.waitUntil(lambda: "理由" in loaded.results.detail.toPlainText())


def test_qt_standard_dialogs_follow_the_language(window, qtbot):
    from PySide6.QtCore import QCoreApplication
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    window.set_language("en_US")
    qtbot.waitUntil(lambda: window.result["lang"] == "en_US")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
