"""The evaluation date: a QDateEdit that also takes a typed or pasted 2022-05-01, 2022/5/1 or 2022年5月1日."""
from __future__ import annotations

import datetime as _dt
import re

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtGui import QKeySequence, QValidator
from PySide6.QtWidgets import QApplication, QDateEdit

_FREE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_PARTIAL = re.compile(r"^\s*\d{0,4}(\s*[-/.年]\s*\d{0,2}(\s*[-/.月]\s*\d{0,2}\s*日?)?)?\s*$")


def parse_free_date(text: str) -> _dt.date | None:
    m = _FREE.match(text)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class FlexibleDateEdit(QDateEdit):
    def validate(self, text: str, pos: int) -> object:  # noqa: D401 - Qt's signature
        d = parse_free_date(text)
        if d is not None:
            q = QDate(d.year, d.month, d.day)
            ok = self.minimumDate() <= q <= self.maximumDate()
            return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate, text, pos)
        state = super().validate(text, pos)
        st = state[0] if isinstance(state, tuple) else state
        if st == QValidator.State.Invalid and _PARTIAL.match(text):
            return (QValidator.State.Intermediate, text, pos)
        return state

    def dateTimeFromText(self, text: str) -> QDateTime:  # noqa: N802 - Qt's name
        d = parse_free_date(text)
        if d is not None:
            return QDateTime(QDate(d.year, d.month, d.day), QTime(0, 0))
        return super().dateTimeFromText(text)

    def fixup(self, text: str) -> str:
        d = parse_free_date(text)
        if d is not None:
            return self.locale().toString(QDate(d.year, d.month, d.day), self.displayFormat())
        return super().fixup(text)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Paste):
            if self.paste_text(QApplication.clipboard().text()):
                event.accept()
                return
        super().keyPressEvent(event)

    def paste_text(self, text: str) -> bool:
        """Take a pasted date in any of the accepted forms; False when it is none."""
        d = parse_free_date(text.strip())
        if d is None:
            return False
        self.setDate(QDate(d.year, d.month, d.day))
        return True
