"""The evaluation's items as a table model: one row per item.

Column 0 holds, under ``Qt.UserRole``, the item exactly as the JSON output gives it.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from calc_app.i18n import N_, _, money
from calc_app.reports.text import answer_first
from calc_app.ui.icons import status_icon
from calc_app.ui.labels import category_name, status_name

COLUMNS = (N_("Measure"), N_("Level"), N_("Effect"), N_("Status"), N_("Amount"), N_("Range"))
FILTERS = ("all", "eligible", "possible", "needs_input")
"""all; eligible; possible (an amount if a yes/no holds, or a range); needs input."""
ORDERS = ("amount", "law")
AMOUNT, RANGE = 4, 5
MUTED = ("ineligible", "not_in_force", "excluded")

Index = QModelIndex | QPersistentModelIndex

# the roles as numbers, looked up once (data() is asked thousands of times a result)
_DISPLAY, _USER, _DECORATION, _ALIGNMENT, _FOREGROUND, _TOOLTIP = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_GREY = QColor("#757575")


def amount_text(item: dict[str, Any], lang: str) -> str:
    if item["status"] == "needs_input" and "amount_if" in item:
        return _("if so: {amount}").format(amount=money(item["amount_if"], lang))
    if item["status"] != "eligible":
        return "—"
    if not item.get("quantified", True):
        return _("no figure")
    return money(item["amount"], lang)


def range_text(item: dict[str, Any], lang: str) -> str:
    if "amount_min" in item and "amount_max" in item:
        return f"{money(item['amount_min'], lang)} – {money(item['amount_max'], lang)}"
    return ""


def matches(item: dict[str, Any], flt: str) -> bool:
    """Whether an item is shown under a filter of :data:`FILTERS`."""
    st = item["status"]
    if flt == "eligible":
        return st == "eligible"
    if flt == "possible":
        return (st == "needs_input" and "amount_if" in item) or (st == "eligible" and "range_needs" in item)
    if flt == "needs_input":
        return st == "needs_input"
    return True


def marks(item: dict[str, Any]) -> list[str]:
    """The presumptions and inferences an item was computed with, in words."""
    return [a["text"] for a in item.get("assumptions", ())] + [a["text"] for a in item.get("inferred", ())]


class ResultsModel(QAbstractTableModel):
    """One row per item; ``order`` is ``amount`` (money first) or ``law`` (the engine's order)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[dict[str, Any]] = []
        self.law_items: list[dict[str, Any]] = []
        self._texts: list[tuple[str, ...]] = []
        self.lang = "zh_CN"
        self.order = "amount"

    def set_items(self, items: list[dict[str, Any]], lang: str) -> None:
        self.beginResetModel()
        self.law_items = list(items)
        self.items = answer_first(self.law_items) if self.order == "amount" else list(self.law_items)
        self.lang = lang
        # each cell's text made once per result: sizing the columns and painting ask for them many times
        self._texts = [tuple(self._text(it, c) for c in range(len(COLUMNS))) for it in self.items]
        self.endResetModel()

    def set_order(self, order: str) -> None:
        if order != self.order:
            self.order = order
            self.set_items(self.law_items, self.lang)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return _(COLUMNS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole and section == AMOUNT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == _DISPLAY:
            return self._texts[row][col]
        it = self.items[row]
        if role == _USER:
            return it if col == 0 else None
        if role == _DECORATION and col == 3:
            return status_icon(it["status"])
        if role == _ALIGNMENT and col in (AMOUNT, RANGE):
            return _RIGHT
        if role == _FOREGROUND and it["status"] in MUTED:
            return _GREY
        if role == _TOOLTIP:
            presumed = [_("Presumed or inferred: {text}").format(text=t) for t in marks(it)]
            return "\n".join([it["title"]] + presumed + ["· " + r for r in it.get("reasons", [])])
        return None

    def _text(self, it: dict[str, Any], col: int) -> str:
        if col == 0:
            return it["title"]
        if col == 1:
            return it.get("level", it["jurisdiction"])
        if col == 2:
            return category_name(it)
        if col == 3:
            # ◇: computed on a presumed or inferred fact (listed in the tooltip and the detail)
            name = status_name(it["status"])
            if it.get("draft") or (it.get("source") or {}).get("draft"):
                # TRANSLATORS: the short status of a consultation draft's measure in the list, e.g. 符合（征求意见稿）
                name = _("{status} (draft)").format(status=name)
            return name + (" ◇" if it["status"] == "eligible" and marks(it) else "")
        if col == AMOUNT:
            return amount_text(it, self.lang)
        return range_text(it, self.lang)
