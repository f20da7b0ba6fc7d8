"""Scenarios side by side (the copies kept with "Keep a copy for comparison" and the current inputs):
item by item, differing rows marked, totals and their difference from the first."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from calc_app.i18n import _, money
from calc_app.reports.compare import cell_text
from calc_app.reports.labels import TOTAL_EFFECTS, effect_name

DIFF = QColor("#fff4d6")


class CompareDialog(QDialog):
    def __init__(self, cmp: dict[str, Any], lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compare_dialog")
        self.cmp, self.lang = cmp, lang
        self.setWindowTitle(_("Compare scenarios"))
        lay = QVBoxLayout(self)
        n = len(cmp["scenarios"])
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        lines = [_("{k} of {m} measures differ (marked ≠).").format(k=cmp["differences"], m=len(cmp["items"]))]
        legend = [f"<b>{chr(ord('A') + i)}</b>: {s['label'].split(': ', 1)[-1]}" for i, s in enumerate(cmp["scenarios"])]
        self.summary.setText(" ".join(lines) + "<br/>" + "<br/>".join(legend))
        self.only_diff = QCheckBox(_("Show only the measures that differ"), self)
        self.only_diff.setObjectName("only_differences")
        self.table = QTableWidget(self)
        self.table.setObjectName("comparison")
        self.table.setColumnCount(n + 1)
        self.table.setHorizontalHeaderLabels([_("Measure")] + [chr(ord("A") + i) for i in range(n)])
        for i, sc in enumerate(cmp["scenarios"]):
            self.table.horizontalHeaderItem(i + 1).setToolTip(sc["label"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self._fill()
        self.only_diff.toggled.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(self.summary)
        lay.addWidget(self.only_diff)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(min(1200, 420 + 170 * n), 640)

    def _row(self, cells: list[str], differs: bool, bold: bool = False, tip: str = "") -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, text in enumerate(cells):
            it = QTableWidgetItem(text)
            if c:
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if differs:
                it.setBackground(QBrush(DIFF))
            if bold:
                f = QFont(it.font())
                f.setBold(True)
                it.setFont(f)
            if tip:
                it.setToolTip(tip)
            it.setData(Qt.ItemDataRole.UserRole, differs)
            self.table.setItem(r, c, it)

    def _fill(self) -> None:
        lang = self.lang
        for it in self.cmp["items"]:
            title = ("≠ " if it["differs"] else "   ") + it["title"]
            self._row([title] + [cell_text(c, lang) for c in it["cells"]], it["differs"],
                      tip=f"{it['level']} · {it['measure_id']}")
        for e in TOTAL_EFFECTS:
            t = self.cmp["totals"][e]
            self._row([("≠ " if t["differs"] else "   ") + _("Total: {effect}").format(effect=effect_name(e, lang))]
                      + [money(v, lang) for v in t["values"]], t["differs"], bold=True)
            if t["differs"]:
                self._row(["      " + _("difference from the first")] + [
                    "" if i == 0 else _signed(d, lang) for i, d in enumerate(t["difference"])], True)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 460))
        for c in range(1, self.table.columnCount()):
            self.table.setColumnWidth(c, max(self.table.columnWidth(c), 150))

    def _filter(self, only: bool) -> None:
        for r in range(self.table.rowCount()):
            differs = bool(self.table.item(r, 0).data(Qt.ItemDataRole.UserRole))
            self.table.setRowHidden(r, only and not differs)


def _signed(v: str, lang: str) -> str:
    from decimal import Decimal
    d = Decimal(v)
    return ("+" if d > 0 else "") + money(d, lang) if d else "±0"
