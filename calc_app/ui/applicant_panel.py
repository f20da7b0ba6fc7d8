"""Who is served: applicant name, 统一社会信用代码 (checked as typed), contact, staff member, notes."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from calc_app.i18n import _
from calc_app.register.applicant import FIELDS, MAX_LENGTH
from calc_app.register.credit_code import CreditCodeError, validate as validate_code
from calc_app.ui.style import mark, set_invalid


class ApplicantPanel(QWidget):
    changed = Signal()

    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("applicant")
        self.lang = lang
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 12, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        self.title = QLabel(self)
        mark(self.title, "list_title")
        grid.addWidget(self.title, 0, 0, 1, 4)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        places = {"name": (1, 0, 3), "credit_code": (2, 0, 3), "contact": (3, 0, 1), "staff": (3, 2, 1),
                  "notes": (4, 0, 3)}
        for key in FIELDS:
            label = QLabel(self)
            edit = QLineEdit(self)
            edit.setMaxLength(MAX_LENGTH[key])
            edit.setObjectName(f"applicant_{key}")
            edit.textChanged.connect(self._edited)
            label.setBuddy(edit)
            r, c, span = places[key]
            grid.addWidget(label, r, c)
            grid.addWidget(edit, r, c + 1, 1, span)
            self.edits[key], self.labels[key] = edit, label
        code = self.edits["credit_code"]
        code.setMinimumWidth(code.fontMetrics().horizontalAdvance("91350100M000100Y43") + 16)
        self.code_message = QLabel(self)
        self.code_message.setObjectName("credit_code_message")
        mark(self.code_message, "error")
        self.code_message.setWordWrap(True)
        self.code_message.hide()
        grid.addWidget(self.code_message, 5, 0, 1, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        # Tab order as read: name, credit code, contact, served by, notes
        order = [self.edits[k] for k in ("name", "credit_code", "contact", "staff", "notes")]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._loading = False
        self.retranslate(lang)

    def values(self) -> dict[str, str]:
        """The fields given, trimmed; the credit code normalized when it is valid."""
        out = {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()}
        if "credit_code" in out:
            try:
                out["credit_code"] = validate_code(out["credit_code"])
            except CreditCodeError:
                pass
        return out

    def error(self) -> str | None:
        """The credit code's problem in the current language, or None."""
        text = self.edits["credit_code"].text().strip()
        if not text:
            return None
        try:
            validate_code(text)
        except CreditCodeError as e:
            return e.message(self.lang)
        return None

    def set_values(self, applicant: dict[str, str] | None) -> None:
        self._loading = True
        try:
            for k, e in self.edits.items():
                e.setText((applicant or {}).get(k, ""))
        finally:
            self._loading = False
        self._check()

    def name(self) -> str:
        return self.edits["name"].text().strip()

    def _edited(self) -> None:
        self._check()
        if not self._loading:
            self.changed.emit()

    def _check(self) -> None:
        msg = self.error()
        self.code_message.setText(msg or "")
        self.code_message.setVisible(bool(msg))
        set_invalid(self.edits["credit_code"], bool(msg))

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(_("Applicant"))
        texts = {"name": _("Enterprise name"), "credit_code": _("Credit code"), "contact": _("Contact"),
                 "staff": _("Served by"), "notes": _("Notes")}
        tips = {"name": _("The applicant's registered name (企业名称), as on its business licence"),
                "credit_code": _("统一社会信用代码: 18 characters, checked with the GB 32100-2015 check character; "
                                 "optional"),
                "contact": _("A person and a telephone number or e-mail, as the applicant gives them"),
                "staff": _("The staff member serving the applicant"),
                "notes": _("Anything the next person serving this applicant should know")}
        for k in FIELDS:
            self.labels[k].setText(texts[k])
            self.edits[k].setToolTip(tips[k])
        self.edits["name"].setPlaceholderText(_("required to save the case"))
        self.edits["credit_code"].setPlaceholderText(_("optional, 18 characters"))
        self._check()
