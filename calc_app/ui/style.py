"""The window's few looks: inline messages, muted notes, titles, section headers, totals, the banner
and the expiry note, and an editor holding a value that is not valid.

Each is given to the widgets that have it, not as one style sheet on the window: a sheet on the
window has Qt style every one of its widgets through the sheet (659 at the first paint, 1,635 in
all) to colour a few dozen of them, ~30 ms of the window's start. Colours and fonts go into the
widget's palette and font; what only a style sheet can say (a border, padding, a background) is a
sheet on that widget alone, the same rules as before without their selectors.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

COLOURS = {"error": "#b71c1c", "muted": "#616161"}
SHEETS = {
    "section_header": "font-weight: bold; padding: 4px 2px; text-align: left;",
    "banner": "background: #fff3cd; color: #5d4200; padding: 4px 6px; border: 1px solid #f0d98c;",
    "expiry_note": "background: #eef3f8; color: #2c3e50; padding: 3px 6px; border: 1px solid #c9d6e3;",
}
INVALID = "border: 1px solid #c62828; background: #fff5f5;"
TOTAL_POINTS = 11
LOOKS = ("error", "muted", "list_title", "total", *SHEETS)


def mark(w: QWidget, look: str) -> None:
    """Give ``w`` one of :data:`LOOKS`."""
    if look in COLOURS:
        pal = w.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor(COLOURS[look]))
        w.setPalette(pal)
    elif look in SHEETS:
        w.setStyleSheet(SHEETS[look])
    elif look in ("list_title", "total"):
        f = w.font()
        f.setBold(True)
        if look == "total":
            f.setPointSize(TOTAL_POINTS)
        else:
            w.setContentsMargins(0, 4, 0, 0)
        w.setFont(f)
    else:
        raise ValueError(f"no such look: {look}")


def set_invalid(w: QWidget, invalid: bool) -> None:
    """The red border and pale background of an editor whose value is not valid, or not."""
    # kept in a Python attribute rather than read back with QObject.property(): an unset dynamic
    # property comes back as None, and some PySide6 releases on Python 3.11 miscount references to
    # None there (see pyproject.toml and tests/ui/test_refcounts.py)
    if getattr(w, "_invalid_state", False) != invalid:
        w._invalid_state = invalid  # type: ignore[attr-defined]
        w.setStyleSheet(INVALID if invalid else "")
