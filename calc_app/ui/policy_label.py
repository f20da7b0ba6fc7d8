"""The status bar's permanent label naming the law in use: 政策数据截至 <date>, 版本 <V>.

When the active policy pack could not be used and the bundled law stands in, the label says so in
red, with the reason as its tooltip.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QMainWindow

from calc_app.i18n import _, date as fmt_date


def policy_text(policy: dict[str, Any], lang: str) -> str:
    when = fmt_date(policy["date"], lang) if policy.get("date") else "?"
    text = _("Policy data as of {date}, version {version}").format(date=when, version=policy.get("version", "?"))
    if policy.get("source") == "pack":
        text += " · " + _("installed pack")
    if policy.get("fallback"):
        text = _("Bundled law in use: the installed pack could not be read") + " · " + text
    return text


class PolicyLabel(QLabel):
    def __init__(self, window: QMainWindow, policy: dict[str, Any]):
        super().__init__(window)
        self.setObjectName("policy_version")
        self.policy = dict(policy)
        window.statusBar().addPermanentWidget(self)

    def retranslate(self, lang: str) -> None:
        self.setText(policy_text(self.policy, lang))
        hash_ = str(self.policy.get("hash") or "")
        tip = f"{self.policy.get('source', '')} · {hash_}"
        if self.policy.get("fallback"):
            tip = str(self.policy["fallback"]) + "\n" + tip
            self.setStyleSheet("color: #b71c1c; font-weight: bold")
        self.setToolTip(tip)
