"""The jurisdiction: a province → city → district cascade and the flat list named ``jurisdiction``."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStyledItemDelegate, QStyleOptionViewItem, QWidget

DEPTH_ROLE = Qt.ItemDataRole.UserRole + 1


class _IndentDelegate(QStyledItemDelegate):
    """Indents each entry of the drop-down list by its depth in the tree."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        opt.rect.adjust(16 * int(index.data(DEPTH_ROLE) or 0), 0, 0, 0)
        super().paint(painter, opt, index)

from calc_app.engine.policies import Bundle
from calc_app.i18n import _
from calc_app.ui.state import AppState


class JurisdictionCombo(QComboBox):
    """Every jurisdiction as an indented tree; the current item's data is its id.

    ``findText`` and ``setCurrentText`` also accept an id, so scripts can set it either way.
    """

    def value(self) -> str:
        return self.currentData()

    def set_value(self, jid: str) -> None:
        i = self.findData(jid)
        if i >= 0:
            self.setCurrentIndex(i)

    def findText(self, text: str, flags: Qt.MatchFlag = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive) -> int:  # noqa: N802
        i = super().findText(text, flags)
        if i < 0:
            i = self.findData(text)
        if i < 0:
            i = super().findText(text.strip(), Qt.MatchFlag.MatchEndsWith)
        return i

    def setCurrentText(self, text: str) -> None:  # noqa: N802
        i = self.findText(text)
        if i >= 0:
            self.setCurrentIndex(i)


class JurisdictionSelector(QWidget):
    changed = Signal(str)

    def __init__(self, bundle: Bundle, state: AppState, initial: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.rows = bundle.jurisdictions
        self.children_of: dict[str | None, list[str]] = {}
        for jid, j in self.rows.items():
            self.children_of.setdefault(j.parent, []).append(jid)
        self.root = self.children_of[None][0]
        self.flat = JurisdictionCombo(self)
        self.flat.setObjectName("jurisdiction")
        self.flat.setItemDelegate(_IndentDelegate(self.flat))
        self.flat.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.levels = [QComboBox(self) for _i in range(3)]
        for name, combo in zip(("province", "city", "district"), self.levels):
            combo.setObjectName(name)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.level_labels = [QLabel(self) for _i in range(3)]
        self.flat_label = QLabel(self)
        self.flat_label.setBuddy(self.flat)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.flat_label)
        lay.addWidget(self.flat)
        for lab, combo in zip(self.level_labels, self.levels):
            lab.setBuddy(combo)
            lay.addSpacing(4)
            lay.addWidget(lab)
            lay.addWidget(combo)
        self._current = initial
        self._fill()
        self.flat.currentIndexChanged.connect(self._flat_changed)
        for depth, combo in enumerate(self.levels):
            combo.currentIndexChanged.connect(lambda _i, d=depth: self._level_changed(d))
        state.language_changed.connect(self.retranslate)
        self.retranslate()

    def current(self) -> str:
        return self._current

    def set_current(self, jid: str) -> None:
        if jid in self.rows:
            self.flat.set_value(jid)

    def chain(self, jid: str) -> list[str]:
        out = []
        cur: str | None = jid
        while cur is not None:
            out.append(cur)
            cur = self.rows[cur].parent
        return out[::-1]

    def name(self, jid: str) -> str:
        j = self.rows[jid]
        return j.zh if self.state.lang.startswith("zh") else j.en

    # -- filling
    def _fill(self) -> None:
        self.flat.blockSignals(True)
        self.flat.clear()

        def walk(jid: str, depth: int) -> None:
            self.flat.addItem(self.name(jid), jid)
            self.flat.setItemData(self.flat.count() - 1, jid, Qt.ItemDataRole.ToolTipRole)
            self.flat.setItemData(self.flat.count() - 1, depth, DEPTH_ROLE)
            for child in self.children_of.get(jid, []):
                walk(child, depth + 1)

        walk(self.root, 0)
        self.flat.set_value(self._current)
        self.flat.blockSignals(False)
        self._sync_levels()

    def _sync_levels(self) -> None:
        chain = self.chain(self._current)[1:]
        parent = self.root
        for depth, combo in enumerate(self.levels):
            combo.blockSignals(True)
            combo.clear()
            options = self.children_of.get(parent, []) if parent else []
            combo.addItem(_("(all)") if depth == 0 else "—", None)
            for jid in options:
                combo.addItem(self.name(jid), jid)
            chosen = chain[depth] if depth < len(chain) else None
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
            combo.setEnabled(bool(options))
            combo.blockSignals(False)
            parent = chosen

    def _flat_changed(self, _i: int) -> None:
        jid = self.flat.value()
        if jid and jid != self._current:
            self._current = jid
            self._sync_levels()
            self.changed.emit(jid)

    def _level_changed(self, depth: int) -> None:
        jid = self.levels[depth].currentData()
        if jid is None:
            jid = (self.levels[depth - 1].currentData() if depth > 0 else None) or self.root
        self.flat.set_value(jid)

    def retranslate(self, *_args: object) -> None:
        self._fill()
        self.flat_label.setText(_("Jurisdiction"))
        for lab, text in zip(self.level_labels, (_("Province"), _("City"), _("District"))):
            lab.setText(text)
        self.flat.setToolTip(_("The jurisdiction: its measures and those of every level above it apply."))
