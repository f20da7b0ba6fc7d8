"""The case list: search the register by name or credit code, open a case or any older version of it."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDockWidget, QLabel, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from calc_app.i18n import _, money
from calc_app.register import Register
from calc_app.ui.style import mark


def _when(iso: str) -> str:
    return iso.replace("T", " ")[:16]


class CasesDock(QDockWidget):
    open_requested = Signal(int, object)   # case id, version (None: the newest)

    def __init__(self, register_factory, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cases_dock")
        self._factory = register_factory
        self.lang = lang
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.search = QLineEdit(body)
        self.search.setObjectName("case_search")
        self.search.setClearButtonEnabled(True)
        self.list = QTreeWidget(body)
        self.list.setObjectName("case_list")
        self.list.setRootIsDecorated(False)
        self.list.setColumnCount(3)
        self.list.setUniformRowHeights(True)
        self.list.itemActivated.connect(lambda it, _c: self._open_selected_case())
        self.list.currentItemChanged.connect(lambda *_a: self._show_history())
        self.history_label = QLabel(body)
        self.history_label.setWordWrap(True)   # the dock stays narrow enough beside the form at 1366 px
        self.history = QTreeWidget(body)
        self.history.setObjectName("case_history")
        self.history.setRootIsDecorated(False)
        self.history.setColumnCount(3)
        self.history.itemActivated.connect(lambda it, _c: self._open_selected_version())
        self.open_button = QPushButton(body)
        self.open_button.setObjectName("open_version")
        self.open_button.clicked.connect(self._open_selected_version)
        self.empty = QLabel(body)
        self.empty.setWordWrap(True)
        mark(self.empty, "muted")
        lay.addWidget(self.search)
        lay.addWidget(self.list, 3)
        lay.addWidget(self.empty)
        lay.addWidget(self.history_label)
        lay.addWidget(self.history, 2)
        lay.addWidget(self.open_button)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.retranslate(lang)

    # -- data
    def refresh(self) -> None:
        self._timer.stop()
        current = self.current_case()
        with self._factory() as reg:
            rows = reg.cases(self.search.text(), limit=500)
        self.list.clear()
        for r in rows:
            it = QTreeWidgetItem([r["name"], r["credit_code"] or "", _when(r["updated_at"])])
            it.setData(0, Qt.ItemDataRole.UserRole, r["id"])
            it.setToolTip(0, f"#{r['id']} · {r['jurisdiction']} · {r['as_of']} · v{r['version']}")
            self.list.addTopLevelItem(it)
            if r["id"] == current:
                self.list.setCurrentItem(it)
        self.empty.setText(_("No case matches.") if self.search.text().strip() else _("No case saved yet."))
        self.empty.setVisible(not rows)
        for i in range(3):
            self.list.resizeColumnToContents(i)
        self._show_history()

    def current_case(self) -> int | None:
        it = self.list.currentItem()
        return it.data(0, Qt.ItemDataRole.UserRole) if it else None

    def select_case(self, case_id: int) -> None:
        for i in range(self.list.topLevelItemCount()):
            it = self.list.topLevelItem(i)
            if it.data(0, Qt.ItemDataRole.UserRole) == case_id:
                self.list.setCurrentItem(it)
                return

    def _show_history(self) -> None:
        self.history.clear()
        cid = self.current_case()
        if cid is None:
            self.open_button.setEnabled(False)
            return
        with self._factory() as reg:
            hist = reg.history(cid)
        for h in reversed(hist):
            grant = h["totals"].get("grant", "0")
            it = QTreeWidgetItem([f"v{h['version']}", _when(h["saved_at"]),
                                  f"{h['jurisdiction']} · {h['as_of']} · {money(grant, self.lang)}"])
            it.setData(0, Qt.ItemDataRole.UserRole, h["version"])
            it.setToolTip(0, (h.get("staff") or "") + (f" · {h['name']}" if h.get("name") else ""))
            self.history.addTopLevelItem(it)
        self.history.setCurrentItem(self.history.topLevelItem(0))
        for i in range(3):
            self.history.resizeColumnToContents(i)
        self.open_button.setEnabled(True)

    def _open_selected_case(self) -> None:
        cid = self.current_case()
        if cid is not None:
            self.open_requested.emit(cid, None)

    def _open_selected_version(self) -> None:
        cid = self.current_case()
        it = self.history.currentItem()
        if cid is not None and it is not None:
            self.open_requested.emit(cid, it.data(0, Qt.ItemDataRole.UserRole))

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.setWindowTitle(_("Cases"))
        self.search.setPlaceholderText(_("Search by name or credit code"))
        self.list.setHeaderLabels([_("Applicant"), _("Credit code"), _("Saved")])
        self.history.setHeaderLabels([_("Version"), _("Saved"), _("Jurisdiction · date · grants")])
        self.history_label.setText(_("History of the selected case (every save is kept)"))
        self.open_button.setText(_("Open this version"))
        self.empty.setText(_("No case matches.") if self.search.text().strip() else _("No case saved yet."))


def register_factory(path: Any = None):
    return lambda: Register(path)
