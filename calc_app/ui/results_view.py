"""The right-hand side: the list of measures (``results``), the totals, the chart and the detail pane."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QHeaderView, QLabel, QScrollArea,
                               QSplitter, QTabWidget, QTreeView, QVBoxLayout, QWidget)

from calc_app.i18n import _, money
from calc_app.ui.chart import AmountChart
from calc_app.ui.detail import DetailPane
from calc_app.ui.labels import TOTAL_EFFECTS, effect_name
from calc_app.ui.results_model import ResultsModel


COLUMN_CAPS = {1: 110, 2: 110, 3: 130}


class TotalsBar(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("totals")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for i, eff in enumerate(TOTAL_EFFECTS):
            name, value = QLabel(self), QLabel(self)
            value.setObjectName(f"total_{eff}")
            value.setProperty("total", True)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name.setProperty("muted", True)
            grid.addWidget(name, 0, i)
            grid.addWidget(value, 1, i)
            self.names[eff], self.values[eff] = name, value

    def set_totals(self, totals: dict[str, str], lang: str) -> None:
        for eff in TOTAL_EFFECTS:
            self.names[eff].setText(effect_name(eff))
            self.values[eff].setText(money(totals.get(eff, "0"), lang))


class ResultsPanel(QWidget):
    field_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ResultsModel(self)
        self.result: dict[str, Any] | None = None
        self.lang = "zh_CN"
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.view = QTreeView(self)
        self.view.setObjectName("results")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, self.model.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.activated.connect(self._activated)
        self.totals = TotalsBar(self)
        self.detail = DetailPane(self)
        self.detail.field_requested.connect(self.field_requested)
        self.chart = AmountChart(self)
        self.chart.item_clicked.connect(self.select_measure)
        chart_scroll = QScrollArea(self)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.detail, "")
        self.tabs.addTab(chart_scroll, "")
        top = QWidget(self)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.banner)
        tl.addWidget(self.summary)
        tl.addWidget(self.view, 1)
        tl.addWidget(self.totals)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 320])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self.retranslate()

    def set_result(self, result: dict[str, Any], lang: str) -> None:
        keep = self.selected_item()
        self.result, self.lang = result, lang
        self.model.set_items(result["items"], lang)
        self.totals.set_totals(result["totals"], lang)
        self.chart.set_items(result["items"], lang)
        self._fit_columns()
        items = result["items"]
        eligible = [it for it in items if it["status"] == "eligible"]
        waiting = [it for it in items if it["status"] == "needs_input"]
        self.summary.setText(_("{eligible} of {total} measures apply; {waiting} wait for inputs.").format(
            eligible=len(eligible), total=len(items), waiting=len(waiting)))
        if keep is None or not self.select_measure(keep["measure_id"]):
            self.detail.show_item(None, lang)

    def _fit_columns(self) -> None:
        for c in range(1, self.model.columnCount()):
            self.view.resizeColumnToContents(c)
            cap = COLUMN_CAPS.get(c)
            if cap and self.view.columnWidth(c) > cap:
                self.view.setColumnWidth(c, cap)

    def set_banner(self, text: str | None) -> None:
        self.banner.setText(text or "")
        self.banner.setVisible(bool(text))

    def selected_item(self) -> dict[str, Any] | None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return None
        return self.model.index(idx.row(), 0).data(Qt.ItemDataRole.UserRole)

    def select_measure(self, measure_id: str) -> bool:
        for r, it in enumerate(self.model.items):
            if it["measure_id"] == measure_id:
                idx = self.model.index(r, 0)
                self.view.selectionModel().setCurrentIndex(
                    idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(idx)
                self.detail.show_item(it, self.lang)
                return True
        return False

    def _current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        it = self.model.index(current.row(), 0).data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        self.detail.show_item(it, self.lang)
        if it is not None:
            self.tabs.setCurrentWidget(self.detail)

    def _activated(self, index: QModelIndex) -> None:
        it = self.model.index(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        if it and it.get("needs"):
            self.field_requested.emit(it["needs"][0])

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Details"))
        self.tabs.setTabText(1, _("Chart"))
        if self.result is not None:
            self.totals.set_totals(self.result["totals"], self.lang)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
