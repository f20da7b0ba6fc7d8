"""A titled section whose body folds away; the body may be made when the section first opens."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QToolButton, QVBoxLayout, QWidget

from calc_app.ui.style import mark


class CollapsibleSection(QWidget):
    built = Signal()
    """The body has just been made (by ``build``) and put in place."""

    def __init__(self, body: QWidget | None, expanded: bool = True, parent: QWidget | None = None,
                 build: Callable[[], QWidget] | None = None):
        super().__init__(parent)
        self.header = QToolButton(self)
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setAutoRaise(True)
        mark(self.header, "section_header")
        self.body = body
        self._build = build
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(2)
        self._lay.addWidget(self.header)
        if body is not None:
            self._lay.addWidget(body)
        self.header.toggled.connect(self._show)
        self.header.setChecked(expanded)
        self._show(expanded)

    def is_expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, on: bool) -> None:
        self.header.setChecked(on)

    def set_title(self, text: str) -> None:
        self.header.setText(text)

    def ensure_body(self) -> QWidget | None:
        """The body, made now if it was left for later."""
        if self.body is None and self._build is not None:
            body = self._build()
            body.setVisible(self.is_expanded())
            self.body = body
            self._lay.addWidget(body)
            self.built.emit()
        return self.body

    def _show(self, on: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if on:
            self.ensure_body()
        if self.body is not None:
            self.body.setVisible(on)
