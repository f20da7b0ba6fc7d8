"""A painted bar chart of the money by measure (what the enterprise receives, keeps, pays later or gets back
of its own VAT credit; not bid-evaluation advantages nor money to third parties), coloured by the headline's
categories, with the range as a whisker."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from calc_app.i18n import _, money
from calc_app.ui.labels import category_name

BAR, GAP, TOP = 18, 8, 30
MONEY_CATEGORIES = ("grant", "saving", "deferral", "own_tax_credit")
CATEGORY_COLOURS = {"grant": "#2e7d32", "saving": "#1565c0", "deferral": "#ef8f00", "own_tax_credit": "#00838f"}


def _category(it: dict[str, Any]) -> str:
    return it.get("category") or it["effect"]


class AmountChart(QWidget):
    item_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chart")
        self.bars: list[dict[str, Any]] = []
        self.lang = "zh_CN"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMouseTracking(True)

    def set_items(self, items: list[dict[str, Any]], lang: str) -> None:
        self.lang = lang
        self.bars = [it for it in items if it["status"] == "eligible" and Decimal(it["amount"]) > 0
                     and _category(it) in MONEY_CATEGORIES]
        self.bars.sort(key=lambda it: Decimal(it["amount"]), reverse=True)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, TOP + max(len(self.bars), 1) * (BAR + GAP) + 10)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def _bar_at(self, y: float) -> dict[str, Any] | None:
        i = int((y - TOP) // (BAR + GAP))
        return self.bars[i] if y >= TOP and 0 <= i < len(self.bars) else None

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        it = self._bar_at(e.position().y())
        if it is not None:
            self.item_clicked.emit(it["measure_id"])

    def paintEvent(self, _e: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        w = self.width()
        p.fillRect(self.rect(), self.palette().base())
        x = 6
        for cat in MONEY_CATEGORIES:
            if not any(_category(b) == cat for b in self.bars):
                continue
            p.fillRect(QRectF(x, 9, 10, 10), QColor(CATEGORY_COLOURS[cat]))
            name = category_name(cat)
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(x + 14, 4, fm.horizontalAdvance(name) + 4, 20), Qt.AlignmentFlag.AlignVCenter, name)
            x += 14 + fm.horizontalAdvance(name) + 14
        if not self.bars:
            p.setPen(QColor("#777"))
            p.drawText(QRectF(6, TOP, w - 12, 40), Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                       _("No amounts yet: fill in the inputs the measures wait for."))
            p.end()
            return
        label_w = min(int(w * 0.38), 260)
        values = [money(b["amount"], self.lang) for b in self.bars]
        value_w = max(fm.horizontalAdvance(v) for v in values) + 10
        area = max(w - label_w - value_w - 20, 40)
        top = max(Decimal(b.get("amount_max", b["amount"])) for b in self.bars)
        for i, (b, v) in enumerate(zip(self.bars, values)):
            y = TOP + i * (BAR + GAP)
            p.setPen(self.palette().text().color())
            title = fm.elidedText(b["title"], Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(6, y, label_w - 8, BAR), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, title)
            x0 = 6 + label_w
            length = float(Decimal(b["amount"]) / top) * area if top else 0
            p.fillRect(QRectF(x0, y, max(length, 1.5), BAR), QColor(CATEGORY_COLOURS.get(_category(b), "#777")))
            if "amount_min" in b and "amount_max" in b:
                lo = float(Decimal(b["amount_min"]) / top) * area
                hi = float(Decimal(b["amount_max"]) / top) * area
                p.setPen(QPen(QColor("#333"), 1.5))
                p.drawLine(int(x0 + lo), int(y + BAR / 2), int(x0 + hi), int(y + BAR / 2))
                p.drawLine(int(x0 + lo), int(y + 4), int(x0 + lo), int(y + BAR - 4))
                p.drawLine(int(x0 + hi), int(y + 4), int(x0 + hi), int(y + BAR - 4))
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(x0 + area + 4, y, value_w + 6, BAR),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, v)
        p.end()
