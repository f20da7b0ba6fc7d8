"""The main window: the jurisdiction, date, unit and language on top; the form left; results right."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QProxyStyle,
                               QSplitter, QStyle, QVBoxLayout, QWidget)

from calc_app import __version__
from calc_app.engine.evaluate import validate_scenario
from calc_app.engine.policies import Bundle
from calc_app.i18n import _, date as fmt_date
from calc_app.register import split_applicant
from calc_app.ui import chain_dates
from calc_app.ui.applicant_panel import ApplicantPanel
from calc_app.ui.cases import CaseActions
from calc_app.ui.date_edit import FlexibleDateEdit
from calc_app.ui.files import ScenarioFiles
from calc_app.ui.form import ScenarioForm
from calc_app.ui.jurisdiction import JurisdictionSelector
from calc_app.ui.recompute import Recompute
from calc_app.ui.results_view import ResultsPanel
from calc_app.ui.state import AppState, qlocale
from calc_app.ui.style import mark

DEFAULT_JURISDICTION = "cn-gd-jiangmen"
LANGUAGES = (("zh_CN", "中文"), ("en_US", "English"))


class _PlacedAtOnce(QProxyStyle):
    """The application's style, without the animation QMainWindow's layout places its central
    widget with: a zero-length one, which held the window's first paint until the animation
    timer's next tick (~16 ms). Set on the central widget alone (its children keep the
    application's style); docks animate as before."""

    def styleHint(self, hint: Any, option: Any = None, widget: Any = None, data: Any = None) -> int:  # noqa: N802
        if hint == QStyle.StyleHint.SH_Widget_Animation_Duration:
            return 0
        return super().styleHint(hint, option, widget, data)


class MainWindow(ScenarioFiles, CaseActions, QMainWindow):
    def __init__(self, bundle: Bundle, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.bundle, self.state = bundle, state
        self.result: dict[str, Any] | None = None
        self._rest_started = False
        self.path: Path | None = None
        self.init_cases()
        self.setObjectName("main_window")
        initial = DEFAULT_JURISDICTION if DEFAULT_JURISDICTION in bundle.jurisdictions else next(iter(bundle.jurisdictions))

        self.jurisdiction = JurisdictionSelector(bundle, state, initial, self)
        self.as_of = FlexibleDateEdit(self)
        self.as_of.setObjectName("as_of")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDateRange(QDate(2015, 1, 1), QDate(2035, 12, 31))
        self._set_date(chain_dates.default_as_of(bundle, initial))
        self.as_of_label = QLabel(self)
        self.as_of_label.setBuddy(self.as_of)
        self.unit = QComboBox(self)
        self.unit.setObjectName("money_unit")
        self.unit.addItem("", "yuan")
        self.unit.addItem("", "wan")
        self.unit_label = QLabel(self)
        self.unit_label.setBuddy(self.unit)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(state.lang))
        self.language_label = QLabel("语言 / Language", self)
        self.expiry_note = QLabel(self)
        self.expiry_note.setObjectName("expiry_note")
        mark(self.expiry_note, "expiry_note")
        self.expiry_note.setWordWrap(True)
        self.date_note = QLabel(self)
        self.date_note.setObjectName("date_note")
        self.date_note.setWordWrap(True)
        mark(self.date_note, "error")
        self.date_note.linkActivated.connect(self._use_suggested_date)
        self.date_note.hide()
        self._suggested_date: _dt.date | None = None

        top = QHBoxLayout()
        top.addWidget(self.jurisdiction)
        top.addSpacing(12)
        top.addWidget(self.as_of_label)
        top.addWidget(self.as_of)
        top.addStretch(1)
        top.addWidget(self.unit_label)
        top.addWidget(self.unit)
        top.addSpacing(8)
        top.addWidget(self.language_label)
        top.addWidget(self.language)

        self.form = ScenarioForm(state)
        self.form.set_relevant(bundle.inputs_for(initial, self._date()))
        self.applicant = ApplicantPanel(state.lang)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.setSpacing(2)
        left_lay.addWidget(self.applicant)
        left_lay.addWidget(self.form, 1)
        self.results = ResultsPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([480, 880])

        central = QWidget(self)
        # owned by the window and made after the central widget, so it is deleted after it: a
        # widget's children go before the widget is done with its style
        self._central_style = _PlacedAtOnce()
        self._central_style.setParent(self)
        central.setStyle(self._central_style)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(8, 6, 8, 4)
        lay.addLayout(top)
        lay.addWidget(self.expiry_note)
        lay.addWidget(self.date_note)
        lay.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._make_menus()
        self.make_cases_dock()

        self.recompute = Recompute(self.scenario_parts, lambda: self.state.lang, self)
        self.recompute.computed.connect(self._computed)
        self.recompute.invalid.connect(self._invalid)
        self.recompute.failed.connect(self._failed)
        self.form.changed.connect(self.recompute.request)
        self.form.changed.connect(self.mark_modified)
        self.applicant.changed.connect(self.mark_modified)
        self.form.notice.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.jurisdiction.changed.connect(self._jurisdiction_changed)
        self.as_of.dateChanged.connect(lambda _d: (self._update_relevant(), self._update_expiry(),
                                                   self._check_date(), self.mark_modified(),
                                                   self.recompute.request(0)))
        self.unit.currentIndexChanged.connect(lambda _i: state.set_money_unit(self.unit.currentData()))
        self.language.currentIndexChanged.connect(lambda _i: self.set_language(self.language.currentData()))
        self.results.field_requested.connect(self.focus_field)
        self.results.answer_requested.connect(self.form.set_field)
        from calc_app.ui.policy_label import PolicyLabel
        self.policy_label = PolicyLabel(self, bundle.policy)
        state.language_changed.connect(self.retranslate)
        self.retranslate()
        self.resize(1366, 768)
        self.recompute.run(inline=True)
        self.set_modified(False)

    def paintEvent(self, ev: Any) -> None:  # noqa: N802
        super().paintEvent(ev)
        if not self._rest_started:
            # the closed sections of the form, once the window has painted (each opens at once
            # when clicked or looked up before)
            self._rest_started = True
            QTimer.singleShot(0, self.form, self.form.build_rest)

    # -- the scenario
    def scenario_parts(self) -> tuple[dict[str, Any], dict[str, str]]:
        data, errors = self.form.values()
        return {"jurisdiction": self.jurisdiction.current(), "as_of": self._date().isoformat(), **data}, errors

    def scenario(self) -> dict[str, Any]:
        """The scenario as the contract's JSON object (unknown inputs left out)."""
        return self.scenario_parts()[0]

    def load_scenario(self, data: dict[str, Any], applicant: dict[str, str] | None = None) -> None:
        """Show a validated scenario (raises InputError when it is not valid) and evaluate it.

        An ``applicant`` object in ``data`` (or given) fills the applicant fields."""
        from calc_app.register import clean_applicant
        from calc_app.engine.evaluate import InputError
        data, given = split_applicant(data)
        found, problems = clean_applicant(given, self.state.lang)
        try:
            sc = validate_scenario(data)
        except InputError as e:
            raise InputError(problems + e.problems) from None
        if problems:
            raise InputError(problems)
        clean = sc.model_dump(mode="json", exclude_none=True)
        self.jurisdiction.blockSignals(True)
        self.jurisdiction.set_current(clean.pop("jurisdiction"))
        self.jurisdiction.blockSignals(False)
        self._set_date(_dt.date.fromisoformat(clean.pop("as_of")))
        self._loading_case = True
        try:
            self.form.set_values(clean)
            self.applicant.set_values(applicant if applicant is not None else found)
        finally:
            self._loading_case = False
        self._update_relevant()
        self._update_expiry()
        self._check_date()
        self.recompute.run(inline=True)
        self.set_modified(False)

    def _date(self) -> _dt.date:
        return self.as_of.date().toPython()

    def _set_date(self, d: _dt.date) -> None:
        self.as_of.blockSignals(True)
        self.as_of.setDate(QDate(d.year, d.month, d.day))
        self.as_of.blockSignals(False)

    def _jurisdiction_changed(self, jid: str) -> None:
        # the date never moves by itself: a note says when the chain's own measures are not in force
        # on it and offers the jurisdiction's usual date
        self._update_relevant()
        self._update_expiry()
        self._check_date()
        self.mark_modified()
        self.recompute.request(0)

    def _check_date(self) -> None:
        jid, d = self.jurisdiction.current(), self._date()
        lang = self.state.lang
        if chain_dates.own_measures_in_force(self.bundle, jid, d) or len(self.bundle.chain(jid)) == 1:
            self._suggested_date = None
            self.date_note.hide()
            return
        suggested = chain_dates.default_as_of(self.bundle, jid)
        self._suggested_date = suggested
        name = self.bundle.jurisdictions[jid].zh if lang.startswith("zh") else self.bundle.jurisdictions[jid].en
        text = _("None of the measures of {place} itself is in force on {date}; only higher levels' are counted. "
                 "The date was not changed.").format(place=name, date=fmt_date(d, lang))
        link = _("Evaluate on {date} instead").format(date=fmt_date(suggested, lang))
        self.date_note.setText(f"{text} <a href='use-date'>{link}</a>")
        self.date_note.show()

    def _use_suggested_date(self, _link: str = "") -> None:
        if self._suggested_date is not None:
            d = self._suggested_date
            self.as_of.setDate(QDate(d.year, d.month, d.day))

    # -- results
    def _computed(self, out: dict[str, Any]) -> None:
        self.result = out["result"]
        self.form.show_errors({})
        self.results.set_banner(None)
        self.results.set_result(self.result, self.state.lang)
        reason = self.result.get("size_reason") or ""
        if out.get("auto_size_reason"):
            reason = _("Automatic classification: {reason}").format(reason=out["auto_size_reason"])
        self.form.set_note("size", reason)
        self.form.show_inferred(self.result)
        # the law in use is named once, by the permanent label on the right (its hash in the tooltip)
        self.statusBar().showMessage(_("{count} measures · computed in {ms} ms").format(
            count=len(self.result["items"]), ms=f"{out['ms']:.0f}"))

    def _invalid(self, errors: dict[str, str]) -> None:
        self.form.show_errors(errors)
        self.results.set_banner(_("Some inputs are not valid (see the messages beside them): "
                                  "the results below are those of the last valid inputs."))

    def _failed(self, message: str) -> None:
        self.results.set_banner(_("The calculation failed: {message}. The results below are those of the "
                                  "last valid inputs.").format(message=message))

    def focus_field(self, name: str) -> bool:
        return self.form.focus_field(name)

    def _update_relevant(self) -> None:
        """Show the inputs read by the measures of the chosen chain in force on the chosen date."""
        self.form.set_relevant(self.bundle.inputs_for(self.jurisdiction.current(), self._date()))

    def _update_expiry(self) -> None:
        e = chain_dates.expiry(self.bundle, self.jurisdiction.current())
        lang = self.state.lang
        if e.ended:
            self.expiry_note.setText(_(
                "{ended} of the {total} measures of this jurisdiction ended before today ({today}), the last on "
                "{last}: the estimate is for the evaluation date, not for an application made today.").format(
                ended=e.ended, total=e.total, today=fmt_date(_dt.date.today(), lang), last=fmt_date(e.last_end, lang)))
        self.expiry_note.setVisible(bool(e.ended))

    # -- language
    def set_language(self, lang: str) -> None:
        i = self.language.findData(lang)
        if i >= 0 and self.language.currentIndex() != i:
            self.language.setCurrentIndex(i)
            return
        self.state.set_language(lang)

    def retranslate(self, *_args: object) -> None:
        lang = self.state.lang
        self.setWindowTitle(self._title())
        self.policy_label.retranslate(lang)
        self.as_of_label.setText(_("Evaluation date"))
        self.as_of.setLocale(qlocale(lang))
        self.as_of.setDisplayFormat("yyyy年M月d日" if lang.startswith("zh") else "MMM d, yyyy")
        self.as_of.setToolTip(_("The date the measures are evaluated at: each applies only on the dates it is in force."))
        self.unit_label.setText(_("Money in"))
        self.unit.setItemText(0, _("yuan"))
        self.unit.setItemText(1, _("10k yuan"))
        self.unit.setToolTip(_("Type and show amounts in yuan or in units of 10,000 yuan (万元)."))
        self.applicant.retranslate(lang)
        self.retranslate_cases()
        self._check_date()
        self._retranslate_menus()
        self.results.retranslate()
        self._update_expiry()
        if self.result is not None:
            self.recompute.run()

    def _title(self) -> str:
        """'<applicant> (v2 of 3) — <file> — 惠企纾困计算器' with Qt's modified mark [*]."""
        parts = [self.applicant.name() or _("New applicant")]
        if self.case_id is not None:
            if self.case_version is not None and self.case_version != self.case_versions:
                parts[0] += " " + _("(version {v} of {n})").format(v=self.case_version, n=self.case_versions)
            parts[0] += f" #{self.case_id}"
        parts[0] += "[*]"
        if self.path:
            parts.append(self.path.name)
        parts.append(_("Relief Calculator"))
        return " — ".join(parts)

    # -- menus and files
    def _make_menus(self) -> None:
        self.actions: dict[str, QAction] = {}
        file_menu = self.menuBar().addMenu("")
        for key, slot, shortcut in (("new", self.new_case, QKeySequence.StandardKey.New),
                                    ("save_case", self.save_case_dialog, QKeySequence.StandardKey.Save),
                                    ("cases", self.show_cases, QKeySequence("Ctrl+F")),
                                    (None, None, None),
                                    ("open", self.open_dialog, QKeySequence.StandardKey.Open),
                                    ("save", self.save_dialog, None),
                                    ("save_as", lambda: self.save_dialog(ask=True), QKeySequence.StandardKey.SaveAs),
                                    (None, None, None),
                                    ("sheet_pdf", self.export_sheet_dialog, QKeySequence("Ctrl+E")),
                                    ("sheet_full", lambda: self.export_sheet_dialog(appendix=True), None),
                                    ("sheet_print", self.print_sheet_dialog, QKeySequence("Ctrl+Shift+P")),
                                    (None, None, None),
                                    ("pdf", self.export_pdf_dialog, None),
                                    ("csv", self.export_csv_dialog, None),
                                    ("print", self.print_dialog, QKeySequence.StandardKey.Print),
                                    (None, None, None),
                                    ("register_export", self.export_register_dialog, None),
                                    ("register_backup", self.backup_register_dialog, None),
                                    ("register_restore", self.restore_register_dialog, None),
                                    (None, None, None),
                                    ("keep_copy", self.keep_copy, QKeySequence("Ctrl+D")),
                                    ("compare", self.compare_dialog, QKeySequence("Ctrl+K")),
                                    (None, None, None),
                                    ("quit", self.close, QKeySequence.StandardKey.Quit)):
            if key is None:
                file_menu.addSeparator()
                continue
            a = QAction(self)
            a.setObjectName(f"action_{key}")
            a.triggered.connect(slot)
            if shortcut is not None:
                a.setShortcut(shortcut)
            file_menu.addAction(a)
            self.actions[key] = a
        help_menu = self.menuBar().addMenu("")
        about = QAction(self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)
        self.actions["about"] = about
        self._menus = (file_menu, help_menu)

    def _retranslate_menus(self) -> None:
        self._menus[0].setTitle(_("&File"))
        self._menus[1].setTitle(_("&Help"))
        for key, text in (("new", _("&New applicant")), ("save_case", _("&Save case to the register")),
                          ("cases", _("Find a &case…")),
                          ("sheet_pdf", _("Applicant sh&eet as PDF…")),
                          ("sheet_full", _("Applicant sheet with the full itemization as PDF…")),
                          ("sheet_print", _("Print the applicant sheet (preview)…")),
                          ("register_export", _("Export the register (XLSX/CSV)…")),
                          ("register_backup", _("Back up the register…")),
                          ("register_restore", _("Restore the register from a backup…")),
                          ("keep_copy", _("&Keep a copy for comparison")), ("compare", _("Compare with the copies…")),
                          ("open", _("&Open scenario…")), ("save", _("&Save scenario")),
                          ("save_as", _("Save scenario &as…")), ("pdf", _("Export estimate as &PDF…")),
                          ("csv", _("Export estimate as &CSV…")), ("print", _("&Print the full estimate…")),
                          ("quit", _("&Quit")),
                          ("about", _("&About"))):
            self.actions[key].setText(text)

    def about(self) -> None:
        from calc_app.ui.policy_label import policy_text
        version = policy_text(self.policy_label.policy, self.state.lang)
        QMessageBox.about(self, _("About"), _(
            "Relief Calculator {version}\nPolicy version {policy}\n\nAn offline estimate of what the COVID-era "
            "relief measures of a jurisdiction are worth to an enterprise, with the law's own words beside "
            "each figure. An estimate, not a decision.").format(version=__version__, policy=version))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_keep_changes():
            event.ignore()
            return
        self.recompute.background.cancel()
        self.recompute.background.wait()
        super().closeEvent(event)

