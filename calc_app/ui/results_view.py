"""The right-hand side, answer first: the headline totals, the questions that matter, the presumptions,
then the list of measures (``results``, by amount or in the law's order, filtered), the chart and the
detail pane."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QMenu, QPushButton, QScrollArea, QSizePolicy, QSplitter, QTabWidget,
                               QToolButton, QTreeView, QVBoxLayout, QWidget)

from calc_app.i18n import _, money
from calc_app.reports.text import question_gain
from calc_app.ui.chart import AmountChart
from calc_app.ui.detail import DetailPane
from calc_app.ui.results_model import FILTERS, ResultsModel, matches
from calc_app.ui.style import mark

COLUMN_CAPS = {1: 90, 2: 104, 3: 158, 5: 200}
HEADLINE_MAIN = ("received_or_kept", "paid_later")
HEADLINE_APART = ("own_tax_credit", "procurement_evaluation", "third_party")
TOP_QUESTIONS = 3


def _yes_no(v: Any) -> str:
    return _("Yes") if v is True else _("No") if v is False else str(v)


class HeadlineBar(QFrame):
    """The money received or kept and paid later, each label beside its value; what is apart, smaller."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("headline")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 3, 8, 3)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.notes: dict[str, QLabel] = {}
        for i, g in enumerate(HEADLINE_MAIN):
            name, value, note = QLabel(self), QLabel(self), QLabel(self)
            value.setObjectName(f"headline_{g}")
            mark(value, "total")
            mark(note, "muted")
            grid.addWidget(name, 0, 3 * i)
            grid.addWidget(value, 0, 3 * i + 1)
            grid.addWidget(note, 0, 3 * i + 2)
            self.names[g], self.values[g], self.notes[g] = name, value, note
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(5, 1)
        self.apart = QLabel(self)
        self.apart.setObjectName("headline_apart")
        mark(self.apart, "muted")
        self.apart.setWordWrap(True)
        grid.addWidget(self.apart, 1, 0, 1, 6)

    def set_headline(self, h: dict[str, Any], lang: str) -> None:
        for g in HEADLINE_MAIN:
            e = h[g]
            self.names[g].setText(e["label"] + ("：" if lang.startswith("zh") else ":"))
            self.values[g].setText(money(e["amount"], lang))
            note = ""
            if e["min"] != e["max"]:
                note = _("range {low} – {high}").format(low=money(e["min"], lang), high=money(e["max"], lang))
            self.notes[g].setText(note)
            self.notes[g].setToolTip(e.get("note", ""))
            self.values[g].setToolTip(e.get("note", ""))
        sep = "；" if lang.startswith("zh") else "; "
        self.apart.setText(_("Apart: {items}").format(items=sep.join(
            f"{h[g]['label']} {money(h[g]['amount'], lang)}" for g in HEADLINE_APART)))


class QuestionsBar(QFrame):
    """'Answer these to see up to ¥X more', the first questions each a click from its field, and the rest."""

    field_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("questions")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 2, 8, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        self.lead = QLabel(self)
        self.lead.setObjectName("questions_lead")
        self.lead.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        grid.addWidget(self.lead, 0, 0, 1, TOP_QUESTIONS)
        self.more = QToolButton(self)
        self.more.setObjectName("more_questions")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more)
        self.more.setMenu(self.more_menu)
        grid.addWidget(self.more, 0, TOP_QUESTIONS)
        self.buttons: list[QPushButton] = []
        for i in range(TOP_QUESTIONS):
            b = QPushButton(self)
            b.setObjectName(f"question_{i}")
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setStyleSheet("text-align: left; padding: 1px 6px")
            b.clicked.connect(lambda _c=False, i=i: self._clicked(i))
            grid.addWidget(b, 1, i, 1, 2 if i == TOP_QUESTIONS - 1 else 1)
            grid.setColumnStretch(i, 1)
            self.buttons.append(b)
        self.questions: list[dict[str, Any]] = []
        self.texts: list[str] = [""] * TOP_QUESTIONS

    def set_questions(self, result: dict[str, Any], lang: str) -> None:
        qs = result.get("questions") or []
        self.questions = qs[:TOP_QUESTIONS]
        top = result.get("top_questions") or {}
        if qs and top.get("unlocks", qs[0]["unlocks"]) != "0.00":
            self.lead.setText(_("Answer these to see up to {amount} more:").format(
                amount=money(top.get("unlocks", qs[0]["unlocks"]), lang)))
        elif qs:   # what they add is paid later or the own VAT credit: not money received or kept
            self.lead.setText(_("Answer these: the money received or kept stays, they add:"))
        else:
            self.lead.setText(_("No single answer adds money now."))
        for b, q in zip(self.buttons, self.questions + [None] * TOP_QUESTIONS):
            b.setVisible(q is not None)
            if q is None:
                continue
            gain = question_gain(q, lang)
            if q.get("up_to"):
                text = _("{gain} {label}").format(label=q["label"], gain=gain)
            else:
                text = _("{gain} {label}: {answer}").format(label=q["label"], answer=_yes_no(q["answer"]),
                                                            gain=gain)
            self.texts[self.buttons.index(b)] = text
            b.setToolTip(_("Go to the field “{label}”; the measures it decides: {measures}").format(
                label=q["label"], measures=", ".join(q["measures"])))
            b.setToolTip(text + "\n" + b.toolTip())
        self._elide()
        self.more_menu.clear()
        rest = qs[TOP_QUESTIONS:] + (result.get("more_questions") or [])
        for q in rest:
            text = q["label"] + (f"  {question_gain(q, lang)}" if "unlocks" in q else "")
            act = QAction(text, self.more_menu)
            act.triggered.connect(lambda _c=False, f=q["field"]: self.field_requested.emit(f))
            self.more_menu.addAction(act)
        self.more.setText(_("More questions ({count})").format(count=len(rest)))
        self.more.setEnabled(bool(rest))

    def resizeEvent(self, e: Any) -> None:  # noqa: N802
        super().resizeEvent(e)
        self._elide()

    def _elide(self) -> None:
        for b, full in zip(self.buttons, self.texts):
            b.setText(b.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, max(b.width() - 14, 40)))

    def _clicked(self, i: int) -> None:
        if i < len(self.questions):
            self.field_requested.emit(self.questions[i]["field"])


class AssumptionsBar(QFrame):
    """The presumptions and inferences of the whole result in one place, each changeable in one click."""

    field_requested = Signal(str)
    answer_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("assumptions")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 0, 8, 0)
        self.label = QLabel(self)
        mark(self.label, "muted")
        self.label.setWordWrap(False)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lay.addWidget(self.label, 1)
        self.button = QToolButton(self)
        self.button.setObjectName("assumptions_button")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.button.setMenu(self.menu)
        lay.addWidget(self.button)
        self.actions_by_field: dict[str, QAction] = {}

    def set_result(self, result: dict[str, Any], lang: str) -> None:
        assumed = result.get("assumptions") or []
        inferred = result.get("inferred") or []
        self.menu.clear()
        self.actions_by_field = {}
        for a in assumed:
            other = (not a["value"]) if isinstance(a["value"], bool) else None
            if other is None:
                text = _("{text} — change…").format(text=a["text"])
            else:
                text = _("{text} — answer “{answer}” instead").format(text=a["text"], answer=_yes_no(other))
            act = QAction(text, self.menu)
            act.setObjectName(f"assume_{a['field']}")
            if other is None:
                act.triggered.connect(lambda _c=False, f=a["field"]: self.field_requested.emit(f))
            else:
                act.triggered.connect(lambda _c=False, f=a["field"], v=other: self.answer_requested.emit(f, v))
            self.menu.addAction(act)
            self.actions_by_field[a["field"]] = act
        if inferred:
            self.menu.addSeparator()
            for a in inferred:
                act = QAction(_("Inferred: {text}").format(text=a["text"]), self.menu)
                act.triggered.connect(lambda _c=False, f=a["field"]: self.field_requested.emit(f))
                self.menu.addAction(act)
                self.actions_by_field.setdefault(a["field"], act)
        sep = "；" if lang.startswith("zh") else "; "
        words = [a["text"] for a in assumed] + [a["text"] for a in inferred]
        self.label.setText(_("Computed on: {items}").format(items=sep.join(words)) if words else "")
        self.label.setToolTip("\n".join(words))
        self.button.setText(_("Change ({count})").format(count=len(assumed) + len(inferred)))
        self.setVisible(bool(words))


class ResultsPanel(QWidget):
    field_requested = Signal(str)
    answer_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ResultsModel(self)
        self.result: dict[str, Any] | None = None
        self.lang = "zh_CN"
        self.filter = "all"
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        mark(self.banner, "banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.headline = HeadlineBar(self)
        self.totals = self.headline
        self.questions = QuestionsBar(self)
        self.questions.field_requested.connect(self.field_requested)
        self.assumptions = AssumptionsBar(self)
        self.assumptions.field_requested.connect(self.field_requested)
        self.assumptions.answer_requested.connect(self.answer_requested)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.filter_box = QComboBox(self)
        self.filter_box.setObjectName("filter")
        for f in FILTERS:
            self.filter_box.addItem("", f)
        self.filter_box.currentIndexChanged.connect(lambda _i: self.set_filter(self.filter_box.currentData()))
        self.order_button = QToolButton(self)
        self.order_button.setObjectName("order")
        self.order_button.setCheckable(True)
        self.order_button.toggled.connect(lambda on: self.set_order("law" if on else "amount"))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.filter_box)
        bar.addWidget(self.order_button)
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
        self.detail = DetailPane(self)
        self.detail.field_requested.connect(self.field_requested)
        self.detail.answer_requested.connect(self.answer_requested)
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
        tl.setSpacing(3)
        tl.addWidget(self.banner)
        tl.addWidget(self.headline)
        tl.addWidget(self.questions)
        tl.addWidget(self.assumptions)
        tl.addLayout(bar)
        tl.addWidget(self.view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([500, 190])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self.retranslate()

    def set_result(self, result: dict[str, Any], lang: str) -> None:
        keep = self.selected_item()
        self.result, self.lang = result, lang
        self.model.set_items(result["items"], lang)
        if "headline" in result:
            self.headline.set_headline(result["headline"], lang)
        self.questions.set_questions(result, lang)
        self.assumptions.set_result(result, lang)
        self.chart.set_items(result["items"], lang)
        self._fit_columns()
        self._apply_filter()
        self._update_summary()
        if keep is None or not self.select_measure(keep["measure_id"]):
            self.detail.show_item(None, lang)

    def _update_summary(self) -> None:
        if self.result is None:
            return
        items = self.result["items"]
        eligible = [it for it in items if it["status"] == "eligible"]
        waiting = [it for it in items if it["status"] == "needs_input"]
        self.summary.setText(_("{eligible} of {total} measures apply; {waiting} wait for inputs.").format(
            eligible=len(eligible), total=len(items), waiting=len(waiting)))

    # -- order and filter
    def set_order(self, order: str) -> None:
        keep = self.selected_item()
        self.model.set_order(order)
        if self.order_button.isChecked() != (order == "law"):
            self.order_button.blockSignals(True)
            self.order_button.setChecked(order == "law")
            self.order_button.blockSignals(False)
        self._apply_filter()
        self._retranslate_order()
        if keep is not None:
            self.select_measure(keep["measure_id"])

    def set_filter(self, flt: str) -> None:
        self.filter = flt
        i = self.filter_box.findData(flt)
        if i >= 0 and self.filter_box.currentIndex() != i:
            self.filter_box.setCurrentIndex(i)
            return
        self._apply_filter()

    def _apply_filter(self) -> None:
        root = QModelIndex()
        for r, it in enumerate(self.model.items):
            self.view.setRowHidden(r, root, not matches(it, self.filter))

    def visible_items(self) -> list[dict[str, Any]]:
        """The items on the list as shown, top to bottom."""
        root = QModelIndex()
        return [it for r, it in enumerate(self.model.items) if not self.view.isRowHidden(r, root)]

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
                if self.view.isRowHidden(r, QModelIndex()):
                    self.set_filter("all")
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

    def _retranslate_order(self) -> None:
        law = self.model.order == "law"
        self.order_button.setText(_("Law's order") if law else _("By amount"))
        self.order_button.setToolTip(_("Click to sort by amount, largest first") if law
                                     else _("Click to list the measures in the law's order"))

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Details"))
        self.tabs.setTabText(1, _("Chart"))
        names = {"all": _("All measures"), "eligible": _("Eligible"), "possible": _("Possible"),
                 "needs_input": _("Needs input")}
        for i in range(self.filter_box.count()):
            self.filter_box.setItemText(i, names[self.filter_box.itemData(i)])
        self.filter_box.setToolTip(_("Possible: an amount if a yes/no answer holds, or a range an answer "
                                     "would narrow"))
        self._retranslate_order()
        self._update_summary()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
