"""Status icons, painted (no image files): a coloured disc with a sign."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

STATUS_STYLE = {
    "eligible": ("#2e7d32", "✓"),
    "ineligible": ("#9e9e9e", "✕"),
    "needs_input": ("#ef8f00", "?"),
    "not_in_force": ("#b0bec5", "–"),
    "excluded": ("#5c6bc0", "="),
}
EFFECT_COLOURS = {
    "grant": "#2e7d32",
    "saving": "#1565c0",
    "deferral": "#ef8f00",
    "evaluation": "#6a1b9a",
    "indirect": "#78909c",
}


@lru_cache(maxsize=None)
def status_icon(status: str, size: int = 16) -> QIcon:
    colour, sign = STATUS_STYLE.get(status, ("#9e9e9e", "·"))
    pm = QPixmap(size * 2, size * 2)
    pm.setDevicePixelRatio(2.0)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    f = QFont()
    f.setPixelSize(int(size * 0.7))
    f.setBold(True)
    p.setFont(f)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, sign)
    p.end()
    return QIcon(pm)
