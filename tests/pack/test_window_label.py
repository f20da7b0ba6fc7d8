"""The window's status bar names the law in use: 政策数据截至 <date>, 版本 <V>."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from calc_app.ui.policy_label import PolicyLabel, policy_text


def test_the_status_bar_names_the_date_and_version_of_the_law(qtbot):
    from calc_app.app import create_main_window
    w = create_main_window()
    qtbot.addWidget(w)
    label = w.findChild(QLabel, "policy_version")
    assert label is not None and label.text() == "政策数据截至 2022年5月31日，版本 2022.05"
    assert "sha256:" in label.toolTip()


def test_a_fallback_is_shown_in_red_with_its_reason(qtbot):
    from PySide6.QtWidgets import QMainWindow
    w = QMainWindow()
    qtbot.addWidget(w)
    pol = {"version": "2022.05", "date": "2022-05-31", "hash": "sha256:ab", "source": "bundled",
           "fallback": "the active policy pack x is unreadable: policies/cn/a.yaml differs from its manifest"}
    label = PolicyLabel(w, pol)
    label.retranslate("zh_CN")
    assert label.text().startswith("正在使用随程序发布的政策") and "版本 2022.05" in label.text()
    assert "differs from its manifest" in label.toolTip() and "b71c1c" in label.styleSheet()
    assert policy_text({**pol, "fallback": None, "source": "pack"}, "zh_CN").endswith("已安装的政策包")
