"""An editable table for a list input (loans, guarantees, bids): one row per object."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QVBoxLayout, QWidget)

from calc_app.i18n import _
from calc_app.ui.editors import make_editor
from calc_app.reports.inputs import FieldSpec
from calc_app.ui.state import AppState
from calc_app.ui.style import mark, set_invalid


MIN_COLUMN = 110


class ListEditor(QWidget):
    edited = Signal()

    def __init__(self, spec: FieldSpec, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec, self.state = spec, state
        self.setObjectName(spec.name)
        self.table = QTableWidget(0, len(spec.rows), self)
        self.table.setObjectName(f"{spec.name}.table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.none_box = QCheckBox(self)
        self.none_box.setObjectName(f"{spec.name}.none")
        self.empty_note = QLabel(self)
        mark(self.empty_note, "muted")
        self.empty_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.none_box)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        lay.addWidget(self.empty_note)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        self.none_box.toggled.connect(self._none_toggled)
        state.money_unit_changed.connect(self.retranslate)
        self.retranslate()
        self._fit()

    # -- value
    def value(self) -> list[dict[str, Any]] | None:
        if self.table.rowCount() == 0:
            return [] if self.none_box.isChecked() else None
        out = []
        for r in range(self.table.rowCount()):
            row = {}
            for c, s in enumerate(self.spec.rows):
                v = self.cell(r, c).value()
                if v is not None:
                    row[s.name] = v
            out.append(row)
        return out

    def parse_errors(self) -> dict[str, str]:
        errs = {}
        for r in range(self.table.rowCount()):
            for c, s in enumerate(self.spec.rows):
                msg = self.cell(r, c).parse_error()
                if msg:
                    errs[f"{self.spec.name}.{r}.{s.name}"] = msg
        return errs

    def set_value(self, rows: list[dict[str, Any]] | None) -> None:
        self.blockSignals(True)
        self.table.setRowCount(0)
        for row in rows or []:
            self.add_row(row)
        self.none_box.setChecked(rows is not None and not rows)
        self.blockSignals(False)
        self._fit()

    def cell(self, row: int, col: int | str) -> Any:
        if isinstance(col, str):
            col = [s.name for s in self.spec.rows].index(col)
        return self.table.cellWidget(row, col)

    # -- editing
    def add_row(self, values: dict[str, Any] | None = None) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, s in enumerate(self.spec.rows):
            ed = make_editor(s, self.state)
            ed.setObjectName(f"{self.spec.name}.{r}.{s.name}")
            if isinstance(ed, QLineEdit):
                ed.setClearButtonEnabled(False)
            ed.setToolTip(s.help(self.state.lang))
            if values and s.name in values:
                ed.set_value(values[s.name])
            ed.edited.connect(self.edited)
            self.table.setCellWidget(r, c, ed)
        if self.none_box.isChecked():
            self.none_box.blockSignals(True)
            self.none_box.setChecked(False)
            self.none_box.blockSignals(False)
        self._fit()
        self.edited.emit()

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            r = self.table.rowCount() - 1
        if r < 0:
            return
        self.table.removeRow(r)
        for rr in range(r, self.table.rowCount()):
            for c, s in enumerate(self.spec.rows):
                self.cell(rr, c).setObjectName(f"{self.spec.name}.{rr}.{s.name}")
        self._fit()
        self.edited.emit()

    def show_errors(self, errors: dict[str, str]) -> None:
        for r in range(self.table.rowCount()):
            for c, s in enumerate(self.spec.rows):
                ed = self.cell(r, c)
                msg = errors.get(f"{self.spec.name}.{r}.{s.name}")
                set_invalid(ed, bool(msg))
                ed.setToolTip(msg or s.help(self.state.lang))

    def _none_toggled(self, on: bool) -> None:
        if on and self.table.rowCount():
            self.none_box.blockSignals(True)
            self.none_box.setChecked(False)
            self.none_box.blockSignals(False)
            return
        self._fit()
        self.edited.emit()

    def _fit(self) -> None:
        rows = self.table.rowCount()
        self.table.setVisible(rows > 0)
        h = self.table.horizontalHeader().height() + rows * self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(h + 2 * self.table.frameWidth() + 18)
        self.remove_button.setEnabled(rows > 0)
        self.none_box.setVisible(rows == 0)
        self.empty_note.setVisible(rows == 0)
        if rows == 0:
            self.empty_note.setText(_("Nothing known yet: measures that need these rows will say so.")
                                    if not self.none_box.isChecked() else _("None: the enterprise has none."))

    def retranslate(self, *_args: object) -> None:
        lang = self.state.lang
        headers = []
        for s in self.spec.rows:
            unit = s.unit_label(lang) if s.kind != "money" else (
                _("10k yuan") if self.state.money_unit == "wan" else s.unit_label(lang))
            if unit and s.kind != "date":
                unit = unit if "(" in unit or "（" in unit else f"({unit})"
                headers.append(f"{s.label(lang)}\n{unit}")
            else:
                headers.append(s.label(lang))
        self.table.setHorizontalHeaderLabels(headers)
        fm = self.table.horizontalHeader().fontMetrics()
        for c, text in enumerate(headers):
            widest = max(fm.horizontalAdvance(line) for line in text.split("\n"))
            self.table.setColumnWidth(c, max(MIN_COLUMN, widest + 28))
        for c, s in enumerate(self.spec.rows):
            item = self.table.horizontalHeaderItem(c)
            if item is not None:
                item.setToolTip(s.help(lang) or s.label(lang))
        for r in range(self.table.rowCount()):
            for c, s in enumerate(self.spec.rows):
                self.cell(r, c).retranslate()
        self.add_button.setText(_("Add row"))
        self.remove_button.setText(_("Remove row"))
        self.none_box.setText(_("None"))
        self.none_box.setToolTip(_("Tick when the enterprise has none, so that measures count it as none rather than unknown."))
        self._fit()
