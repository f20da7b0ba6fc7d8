"""One input widget per field kind, generated from a :class:`~calc_app.reports.inputs.FieldSpec`.

Every editor has ``value()`` (a JSON value, or ``None`` when the field is empty: unknown),
``set_value(v)``, ``parse_error()`` (a message in the current language, or ``None``), the signal
``edited`` and ``retranslate()``. Empty is unknown, never zero.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QToolTip, QWidget

from calc_app.engine.presume import presumption
from calc_app.i18n import _
from calc_app.models import values
from calc_app.models.values import ValueProblem, problem_text
from calc_app.reports.inputs import FieldSpec
from calc_app.ui.labels import choice_name
from calc_app.ui.state import MONEY_UNITS, AppState

_CURRENCY = re.compile(r"^(?:¥|￥|RMB|CNY)\s*", re.IGNORECASE)
_CELLS = re.compile(r"[\t\r\n]")


def several_cells(text: str) -> bool:
    """A paste of several spreadsheet cells (tabs or line breaks inside, a trailing one aside)."""
    return bool(_CELLS.search(text.strip("\r\n")))


def parse_decimal(text: str) -> Decimal:
    """A typed number, by the rule of :mod:`calc_app.models.values` (bounded; raises ValueError)."""
    return values.parse_number(text)


def plain(d: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 1.2E+6 -> '1200000'."""
    s = f"{d:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def grouped(d: Decimal, lang: str) -> str:
    return format_decimal(d, locale=lang, decimal_quantization=False)


class LineEditor(QLineEdit):
    edited = Signal()
    notice = Signal(str)   # a paste refused or changed: what and why, for the status bar

    def __init__(self, spec: FieldSpec, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec, self.state = spec, state
        self.setObjectName(spec.name)
        self.setClearButtonEnabled(True)
        self.textChanged.connect(self.edited)
        self.editingFinished.connect(self.tidy)
        self.retranslate()

    def value(self) -> Any:
        text = self.text().strip()
        if not text or several_cells(text):
            return None
        try:
            return self.parse(text)
        except ValueError:
            return None

    def parse_error(self) -> str | None:
        text = self.text().strip()
        if not text:
            return None
        if several_cells(text):
            return _("Several cells in one field: enter one value")
        try:
            self.parse(text)
        except ValueProblem as e:
            if e.key in ("not_number", "not_date", "bool_not_number"):
                return self.hint()
            return problem_text(e, self.state.lang)
        except ValueError:
            return self.hint()
        return None

    def set_value(self, v: Any) -> None:
        self.setText("" if v is None else self.show(v))

    def tidy(self) -> None:
        v = self.value()
        if v is not None:
            shown = self.show(v)
            if shown != self.text():
                self.setText(shown)

    def parse(self, text: str) -> Any:
        return text

    def show(self, v: Any) -> str:
        return str(v)

    def hint(self) -> str:
        return ""

    def retranslate(self) -> None:
        self.setPlaceholderText(_("unknown"))

    # -- pasting: one value per field, asked about where its unit is in doubt
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QApplication.clipboard().text())
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt's name
        menu = self.createStandardContextMenu()
        for a in menu.actions():
            if a.objectName() == "edit-paste":
                a.triggered.disconnect()
                a.triggered.connect(lambda: self.paste_text(QApplication.clipboard().text()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def paste_text(self, text: str) -> bool:
        """Insert pasted ``text`` as one value; refuse several cells (say why); False when refused."""
        if several_cells(text):
            n = len([c for c in re.split(r"[\t\r\n]+", text.strip()) if c.strip()])
            self._tell(_("Not pasted: the clipboard holds {n} spreadsheet cells; copy one cell per field.").format(n=n))
            return False
        text = text.strip()
        text = self.adjust_paste(text)
        if text is None:
            return False
        self.insert(text)
        return True

    def adjust_paste(self, text: str) -> str | None:
        return text

    def _tell(self, message: str) -> None:
        self.last_notice = message
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
        self.notice.emit(message)


def ask_unit(parent: QWidget, text: str, d: Decimal, lang: str) -> str | None:
    """Ask whether a pasted amount is in yuan or in 万元: 'yuan', 'wan' or None (cancelled)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Which unit?"), _(
        "Amounts are typed in 10k yuan (万元) now, and {text} was pasted. Is it {yuan} yuan ({wan} 万元), or "
        "{text} 万元?").format(text=text, yuan=grouped(d, lang), wan=grouped(d / 10000, lang)), parent=parent)
    as_yuan = box.addButton(_("{yuan} yuan").format(yuan=grouped(d, lang)), QMessageBox.ButtonRole.AcceptRole)
    as_wan = box.addButton(_("{amount} 万元").format(amount=grouped(d, lang)), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(as_yuan)
    box.exec()
    clicked = box.clickedButton()
    return "yuan" if clicked is as_yuan else "wan" if clicked is as_wan else None


class TextEditor(LineEditor):
    def parse(self, text: str) -> Any:
        return text.strip().upper() if self.spec.name == "industry_code" else text.strip()


class IndustryEditor(LineEditor):
    """The GB/T 4754-2017 code, completed from the shipped table by code, Chinese or English name
    ("C33", "金属结构", "restaurant"); the name of the code chosen shows beside it (:meth:`note`), and a
    wrong entry says what is wrong."""

    def __init__(self, spec: FieldSpec, state: AppState, parent: QWidget | None = None):
        super().__init__(spec, state, parent)
        from PySide6.QtCore import QStringListModel
        from PySide6.QtWidgets import QCompleter
        # the ~2,000 entries are made when the field first takes the focus (or the completer is
        # asked for): no one types into a field without focusing it, and making them is 2 ms
        self.completer_model = QStringListModel(self)
        self._filled = False
        comp = QCompleter(self.completer_model, self)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setMaxVisibleItems(12)
        comp.activated.connect(self._chosen)
        self.setCompleter(comp)

    def _fill(self) -> None:
        if not self._filled:
            self._filled = True
            from calc_app.engine.industry import code_table, english_name
            self.completer_model.setStringList(
                [f"{code} {name} · {english_name(code)}" if english_name(code) else f"{code} {name}"
                 for code, (_level, name) in code_table().items()])

    def completer(self) -> Any:
        self._fill()
        return super().completer()

    def focusInEvent(self, ev: Any) -> None:  # noqa: N802
        self._fill()
        super().focusInEvent(ev)

    def _chosen(self, text: str) -> None:
        self.setText(text.split(" ", 1)[0])

    def parse(self, text: str) -> Any:
        from calc_app.engine.industry import code_table, search
        t = text.strip()
        head = t.split(" ", 1)[0].upper()
        if head in code_table():
            return head
        found = search(t, limit=2)
        if len(found) == 1:
            return found[0]
        raise ValueError(text)

    def parse_error(self) -> str | None:
        from calc_app.engine.industry import code_problem
        text = self.text().strip()
        if not text:
            return None
        try:
            self.parse(text)
        except ValueError:
            return code_problem(text, self.state.lang)
        return None

    def note(self) -> str | None:
        """The name of the code given, and a warning where a section letter alone is too coarse."""
        from calc_app.engine.industry import coarse_note, describe
        v = self.value()
        if v is None:
            return None
        coarse = coarse_note(v, self.state.lang)
        return describe(v, self.state.lang) + (f"\n{coarse}" if coarse else "")

    def retranslate(self) -> None:
        self.setPlaceholderText(_("code or name, e.g. C3311 or 金属结构"))


class NumberEditor(LineEditor):
    """Counts, plain numbers, fractions (0.045 or 4.5%) and money (元 or 万元, or a 万/元 suffix)."""

    _unit = "yuan"

    def __init__(self, spec: FieldSpec, state: AppState, parent: QWidget | None = None):
        super().__init__(spec, state, parent)
        self._unit = state.money_unit
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if spec.kind == "money":
            state.money_unit_changed.connect(self._switch_unit)

    def parse(self, text: str) -> Any:
        """The same rule as the command line and the batch (:mod:`calc_app.models.values`); a
        plain money figure is in the unit chosen for the form (元 or 万元)."""
        kind = self.spec.kind
        if kind == "money":
            t = text.strip()
            if self._unit == "wan" and t[-1:].isdigit():
                t += "万"  # the form's unit: 12.5 means 12.5万
            return plain(values.parse_money(t))
        if kind == "count":
            return values.parse_count(text)
        if kind == "fraction":
            return plain(values.parse_fraction(text))
        return plain(values.parse_number(text))

    def show(self, v: Any) -> str:
        lang = self.state.lang
        if self.spec.kind == "money":
            return grouped(Decimal(str(v)) / MONEY_UNITS[self._unit], lang)
        if self.spec.kind == "count":
            return grouped(Decimal(int(v)), lang)
        return plain(Decimal(str(v)))

    def hint(self) -> str:
        return {
            "count": _("Enter a whole number, e.g. 48"),
            "money": _("Enter an amount, e.g. 12,000.50"),
            "fraction": _("Enter a fraction such as 0.045 or a percentage such as 4.5%"),
        }.get(self.spec.kind, _("Enter a number, e.g. 1.5"))

    def adjust_paste(self, text: str) -> str | None:
        """In 万元 mode a pasted amount that looks like yuan (grouped thousands, or 10,000 and more)
        is asked about: 1,200,000 pasted from a spreadsheet in yuan is not 120 亿元."""
        if self.spec.kind != "money" or self._unit != "wan":
            return text
        bare = _CURRENCY.sub("", text)
        if bare.endswith(("元", "万")):
            return text
        try:
            d = parse_decimal(bare)
        except (InvalidOperation, ValueError):
            return text
        if not ("," in bare or "，" in bare or abs(d) >= 10000):
            return text
        choice = ask_unit(self, text, d, self.state.lang)
        if choice == "yuan":
            return plain(d) + "元"
        if choice == "wan":
            return plain(d) + "万"
        return None

    def _switch_unit(self, unit: str) -> None:
        v = self.value()
        self._unit = unit
        if v is not None:
            self.blockSignals(True)
            self.setText(self.show(v))
            self.blockSignals(False)

    def retranslate(self) -> None:
        super().retranslate()
        self.tidy()


class DateEditor(LineEditor):
    """A date typed as 2022-07-01 (also 2022/7/1 or 2022年7月1日)."""

    def parse(self, text: str) -> Any:
        return values.parse_date(text).isoformat()

    def hint(self) -> str:
        return _("Enter a date as YYYY-MM-DD, e.g. 2022-07-01")

    def retranslate(self) -> None:
        self.setPlaceholderText(_("unknown (YYYY-MM-DD)"))


class ChoiceEditor(QComboBox):
    """Yes / no, or one of the model's values; the first entry is 'not given' (unknown)."""

    edited = Signal()

    def __init__(self, spec: FieldSpec, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec, self.state = spec, state
        self.setObjectName(spec.name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(6)
        values: list[Any] = [True, False] if spec.kind == "flag" else list(spec.choices)
        self.addItem("", None)
        for v in values:
            self.addItem("", v)
        self.currentIndexChanged.connect(self.edited)
        self.retranslate()

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, v: Any) -> None:
        i = self.findData(v) if v is not None else 0
        self.setCurrentIndex(max(i, 0))

    def parse_error(self) -> str | None:
        return None

    def retranslate(self) -> None:
        help_text = self.spec.help(self.state.lang)
        for i in range(self.count()):
            v = self.itemData(i)
            if v is None:
                text = _("(automatic)") if self.spec.name == "size" else _("(not given)")
                p = presumption(self.spec.name)
                if p is not None:
                    shown = (_("Yes") if p["value"] is True else _("No") if p["value"] is False
                             else choice_name(self.spec.name, p["value"], help_text))
                    text = _("({value}, presumed)").format(value=shown)
            elif v is True:
                text = _("Yes")
            elif v is False:
                text = _("No")
            else:
                text = choice_name(self.spec.name, v, help_text)
            self.setItemText(i, text)


EDITORS = {"money": NumberEditor, "count": NumberEditor, "number": NumberEditor, "fraction": NumberEditor,
           "date": DateEditor, "flag": ChoiceEditor, "choice": ChoiceEditor, "text": TextEditor}


def make_editor(spec: FieldSpec, state: AppState, parent: QWidget | None = None) -> QWidget:
    if spec.name == "industry_code":
        return IndustryEditor(spec, state, parent)
    return EDITORS.get(spec.kind, TextEditor)(spec, state, parent)
