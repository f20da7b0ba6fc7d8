"""The queue of a service window, mixed into the main window: new applicant, unsaved-changes prompts,
saving to the applicant register (every save a new version), the case list with history, and copies
kept for a side-by-side comparison."""
from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from calc_app.i18n import _, date as fmt_date
from calc_app.register import Register, RegisterError
from calc_app.ui.cases_dock import CasesDock

MAX_COPIES = 3


def ask_unsaved(parent, who: str) -> str:
    """'save', 'discard' or 'cancel' for a window whose inputs changed since they were last saved."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Unsaved changes"), _(
        "The inputs for {who} changed since they were last saved. Save them to the register first?").format(who=who),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")


class CaseActions:
    """Needs the main window's ``applicant``, ``form``, ``scenario_parts``, ``load_scenario``, ``result``,
    ``state``, ``recompute`` and ``_title``."""

    def init_cases(self) -> None:
        self.case_id: int | None = None
        self.case_version: int | None = None
        self.case_versions: int | None = None
        self.copies: list[dict[str, Any]] = []
        self._loading_case = False
        self._modified = False

    def make_cases_dock(self) -> None:
        self.cases_dock = CasesDock(self.open_register, self.state.lang, self)
        self.cases_dock.open_requested.connect(self.open_case_asking)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.cases_dock)
        self.cases_dock.setMinimumWidth(180)   # beside the form and the results within 1366 pixels
        self.resizeDocks([self.cases_dock], [300], Qt.Orientation.Horizontal)
        self.cases_dock.hide()

    def open_register(self) -> Register:
        return Register()

    # -- modified mark
    def mark_modified(self, *_args: object) -> None:
        if not getattr(self, "_loading_case", False) and hasattr(self, "applicant"):
            self.set_modified(True)

    def set_modified(self, on: bool) -> None:
        self._modified = on
        self.setWindowTitle(self._title())
        self.setWindowModified(on)

    def is_modified(self) -> bool:
        return self._modified

    def maybe_keep_changes(self) -> bool:
        """Before the inputs are replaced or the window closes: True to go on (saved or discarded)."""
        if not self._modified:
            return True
        answer = ask_unsaved(self, self.applicant.name() or _("the new applicant"))
        if answer == "save":
            return self.save_case_dialog()
        return answer == "discard"

    # -- new, open, save
    def new_case(self) -> bool:
        """An empty applicant (the jurisdiction and date stay: the office serves the same place)."""
        if not self.maybe_keep_changes():
            return False
        self._loading_case = True
        try:
            self.form.set_values({})
            self.applicant.set_values({})
        finally:
            self._loading_case = False
        self.case_id = self.case_version = self.case_versions = None
        self.path = None
        self.recompute.run(inline=True)
        self.set_modified(False)
        self.applicant.edits["name"].setFocus()
        self.statusBar().showMessage(_("New applicant: the inputs are empty (unknown), the jurisdiction and date kept."),
                                     8000)
        return True

    def save_case_dialog(self) -> bool:
        """Save with messages: the name is asked for, an invalid field or credit code is named."""
        title = _("Cannot save the case")
        if not self.applicant.name():
            self._error(title, _("Enter the applicant's name first (the enterprise name)."))
            self.applicant.edits["name"].setFocus()
            return False
        code_error = self.applicant.error()
        if code_error:
            self._error(title, code_error)
            self.applicant.edits["credit_code"].setFocus()
            return False
        data, errors = self.scenario_parts()
        if errors:
            self._error(title, _("Some inputs are not valid; correct them first:") + "\n" +
                        "\n".join(f"• {k}: {v}" for k, v in errors.items()))
            return False
        try:
            return self.save_case()
        except (RegisterError, OSError) as e:
            self._error(title, _("The register could not be written: {reason}").format(reason=str(e)))
            return False

    def save_case(self) -> bool:
        """A new version of the open case (a new case the first time), with the result of exactly the
        inputs shown (evaluated again here)."""
        from calc_app.engine.evaluate import evaluate
        data, errors = self.scenario_parts()
        if errors or not self.applicant.name() or self.applicant.error():
            return False
        result = evaluate(data, self.state.lang)
        self.recompute.run(inline=True)  # the results shown are those saved
        with self.open_register() as reg:
            cid, version = reg.save(data, result, self.applicant.values(), case_id=self.case_id)
        self.case_id, self.case_version, self.case_versions = cid, version, version
        self.set_modified(False)
        self.statusBar().showMessage(_("Saved case #{id}, version {v}").format(id=cid, v=version), 8000)
        self.cases_dock.refresh()
        self.cases_dock.select_case(cid)
        return True

    def open_case_asking(self, case_id: int, version: int | None = None) -> bool:
        if not self.maybe_keep_changes():
            return False
        return self.open_case(case_id, version)

    def open_case(self, case_id: int, version: int | None = None) -> bool:
        """Show a saved case (an older version when ``version`` is given); saving it then adds a new version."""
        from calc_app.engine.evaluate import InputError
        try:
            with self.open_register() as reg:
                d = reg.get(case_id, version)
                n = len(reg.history(case_id))
        except RegisterError as e:
            self._error(_("Cannot open the case"), str(e))
            return False
        try:
            self.load_scenario(d["scenario"], applicant=d["applicant"])
        except InputError as e:
            lines = "\n".join(f"• {f}: {m}" for f, m in e.problems[:20])
            self._error(_("Cannot open the case"), _("The saved scenario is not valid under the current policies:")
                        + "\n" + lines)
            return False
        self.case_id, self.case_version, self.case_versions = case_id, d["version"], n
        self.path = None
        self.set_modified(False)
        note = ""
        stored = d["result"].get("totals", {})
        if self.result is not None and stored != self.result.get("totals"):
            note = " " + _("The totals differ from those saved ({saved}): the policies changed since.").format(
                saved=fmt_date(d["saved_at"][:10], self.state.lang))
        self.statusBar().showMessage(_("Opened case #{id}, version {v} of {n}.").format(id=case_id, v=d["version"], n=n)
                                     + note, 10000)
        return True

    # -- the register as a whole: export, back up, restore
    def export_register(self, path: str) -> int:
        from calc_app.register.export import export
        try:
            with self.open_register() as reg:
                n = export(reg, path)
        except (RegisterError, OSError, ValueError) as e:
            self._error(_("Cannot export the register"), str(e))
            return -1
        self.statusBar().showMessage(_("{n} cases exported to {file}").format(n=n, file=path), 8000)
        return n

    def export_register_dialog(self) -> None:
        path = self._file_dialog(True, _("Export the register"), _("Excel workbook (*.xlsx);;CSV (*.csv)"),
                                 "cases.xlsx")
        if path:
            self.export_register(path if path.lower().endswith((".csv", ".xlsx")) else path + ".xlsx")

    def backup_register(self, path: str) -> bool:
        try:
            with self.open_register() as reg:
                reg.backup(path)
        except (RegisterError, OSError) as e:
            self._error(_("Cannot back up the register"), str(e))
            return False
        self.statusBar().showMessage(_("Register backed up to {file}").format(file=path), 8000)
        return True

    def backup_register_dialog(self) -> None:
        path = self._file_dialog(True, _("Back up the register"), _("Register backup (*.sqlite3)"),
                                 "register-backup.sqlite3")
        if path:
            self.backup_register(path)

    def restore_register(self, path: str) -> bool:
        try:
            with self.open_register() as reg:
                kept = reg.restore(path)
        except (RegisterError, OSError) as e:
            self._error(_("Cannot restore the register"), str(e))
            return False
        self.cases_dock.refresh()
        self.statusBar().showMessage(_("Register restored from {file}; the previous content was kept as {kept}").format(
            file=path, kept=str(kept)), 12000)
        return True

    def restore_register_dialog(self) -> None:
        path = self._file_dialog(False, _("Restore the register from a backup"), _("Register backup (*.sqlite3);;All files (*)"))
        if path:
            box = QMessageBox.question(self, _("Restore the register"), _(
                "Replace every case in the register by those of {file}? The present content is kept in a copy "
                "beside the register.").format(file=path))
            if box == QMessageBox.StandardButton.Yes:
                self.restore_register(path)

    def show_cases(self) -> None:
        self.cases_dock.show()
        self.cases_dock.raise_()
        self.cases_dock.refresh()
        self.cases_dock.search.setFocus()
        self.cases_dock.search.selectAll()

    # -- comparison
    def keep_copy(self) -> bool:
        """Keep the current inputs as a scenario to compare with (at most three kept)."""
        data, errors = self.scenario_parts()
        if errors:
            self._error(_("Cannot keep a copy"), _("Some inputs are not valid; correct them first:") + "\n" +
                        "\n".join(f"• {k}: {v}" for k, v in errors.items()))
            return False
        if len(self.copies) >= MAX_COPIES:
            self.copies.pop(0)
        who = self.applicant.name() or _("New applicant")
        label = f"{chr(ord('A') + len(self.copies))}: {who} · {data['jurisdiction']} · {data['as_of']}"
        self.copies.append({"label": label, "scenario": copy.deepcopy(data)})
        for i, c in enumerate(self.copies):
            c["label"] = chr(ord("A") + i) + c["label"][1:]
        self.statusBar().showMessage(_("Kept a copy ({label}); change the inputs, then compare.").format(label=label),
                                     8000)
        return True

    def comparison(self) -> dict[str, Any] | None:
        from calc_app.reports.compare import compare_scenarios
        data, errors = self.scenario_parts()
        if errors or not self.copies:
            return None
        who = self.applicant.name() or _("New applicant")
        now_word = _("now")
        now = f"{chr(ord('A') + len(self.copies))}: {who} · {data['jurisdiction']} · {data['as_of']} ({now_word})"
        return compare_scenarios([c["scenario"] for c in self.copies] + [data], self.state.lang,
                                 labels=[c["label"] for c in self.copies] + [now])

    def compare_dialog(self) -> None:
        from calc_app.ui.compare_dialog import CompareDialog
        if not self.copies:
            self._error(_("Nothing to compare"), _("Keep a copy of the inputs first (Ctrl+D), change them, then compare."))
            return
        cmp = self.comparison()
        if cmp is None:
            self._error(_("Nothing to compare"), _("Some inputs are not valid; correct them first."))
            return
        dlg = CompareDialog(cmp, self.state.lang, self)
        self.last_compare_dialog = dlg
        dlg.open()

    def retranslate_cases(self) -> None:
        if hasattr(self, "cases_dock"):
            self.cases_dock.retranslate(self.state.lang)
