"""The few style rules the window needs: inline messages, muted notes, section headers, totals."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

STYLE = """
QLabel[error="true"] { color: #b71c1c; }
QLabel[muted="true"] { color: #616161; }
QLabel[listTitle="true"] { font-weight: bold; margin-top: 4px; }
QLineEdit[invalid="true"], QComboBox[invalid="true"] { border: 1px solid #c62828; background: #fff5f5; }
QToolButton[sectionHeader="true"] { font-weight: bold; padding: 4px 2px; text-align: left; }
QLabel#banner { background: #fff3cd; color: #5d4200; padding: 4px 6px; border: 1px solid #f0d98c; }
QLabel#expiry_note { background: #eef3f8; color: #2c3e50; padding: 3px 6px; border: 1px solid #c9d6e3; }
QLabel[total="true"] { font-weight: bold; font-size: 11pt; }
"""


def apply_style(window: QWidget) -> None:
    if STYLE not in (window.styleSheet() or ""):
        window.setStyleSheet((window.styleSheet() or "") + STYLE)
