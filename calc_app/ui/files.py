"""Scenario files and exports of the main window: open, save, PDF, CSV and print.

Every failure (a corrupt or invalid scenario, an unwritable path) is a message box; nothing in the
window changes and no file is left half written.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from calc_app.engine.evaluate import InputError
from calc_app.models.scenario_file import ScenarioFileError, read_file
from calc_app.i18n import _

# printing, PDF and the reports are imported when first used, not with the window


class ScenarioFiles:
    """Mixed into the main window, which provides ``scenario_parts``, ``load_scenario``, ``result``,
    ``path``, ``state`` and ``_title``."""

    def _error(self, title: str, text: str) -> None:
        QMessageBox.critical(self, title, text)

    def _file_dialog(self, save: bool, title: str, filter_: str, suggested: str = "") -> str:
        fn = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _f = fn(self, title, suggested, filter_)
        return path

    def open_dialog(self) -> None:
        if not self.maybe_keep_changes():
            return
        path = self._file_dialog(False, _("Open scenario"), _("Scenario (*.json);;All files (*)"))
        if path:
            self.open_scenario(path)

    def save_dialog(self, ask: bool = False) -> None:
        path = str(self.path) if self.path and not ask else self._file_dialog(
            True, _("Save scenario"), _("Scenario (*.json)"), str(self.path or "scenario.json"))
        if path:
            if not path.lower().endswith(".json"):
                path += ".json"
            self.save_scenario(path)

    def open_scenario(self, path: str | os.PathLike) -> bool:
        """Read a scenario file; on any problem, say what it is and change nothing."""
        path = Path(path)
        title = _("Cannot open the scenario")
        try:
            data = read_file(path)
        except ScenarioFileError as e:
            lines = "\n".join(f"• {f}: {m}" for f, m in e.problems[:20])
            self._error(title, _("{file} is not a valid scenario:").format(file=str(path)) + "\n" + lines)
            return False
        try:
            self.load_scenario(data)
        except InputError as e:
            lines = "\n".join(f"• {f}: {m}" for f, m in e.problems[:20])
            self._error(title, _("{file} is not a valid scenario:").format(file=str(path)) + "\n" + lines)
            return False
        self.path = path
        self.case_id = self.case_version = self.case_versions = None
        self.set_modified(False)
        return True

    def save_scenario(self, path: str | os.PathLike) -> bool:
        path = Path(path)
        title = _("Cannot save the scenario")
        data, errors = self.scenario_parts()
        if errors:
            self._error(title, _("Some inputs are not valid; correct them first:") + "\n" +
                        "\n".join(f"• {k}: {v}" for k, v in errors.items()))
            return False
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        try:
            _atomic_write(path, text.encode("utf-8"))
        except OSError as e:
            self._error(title, _("{file} cannot be written: {reason}").format(file=str(path), reason=e.strerror or e))
            return False
        self.path = path
        self.setWindowTitle(self._title())
        self.statusBar().showMessage(_("Saved {file}").format(file=str(path)), 5000)
        return True

    def report_html(self) -> str:
        from calc_app.reports.html_report import render_html
        return render_html(self.scenario(), self.result or {}, self.state.lang)

    def ready_to_export(self, title: str) -> bool:
        """Exports and printouts show exactly the inputs on screen: refused while a field is invalid,
        and the result is computed again from those inputs first (never a mix of old and new)."""
        _data, errors = self.scenario_parts()
        code_error = self.applicant.error() if hasattr(self, "applicant") else None
        if errors or code_error:
            lines = [f"• {k}: {v}" for k, v in errors.items()] + ([f"• {code_error}"] if code_error else [])
            self._error(title, _("Not exported: some inputs are not valid, and the results would not be those of "
                                 "the inputs shown. Correct them first:") + "\n" + "\n".join(lines))
            return False
        self.recompute.run(inline=True)
        return self.result is not None

    def export_pdf_dialog(self) -> None:
        path = self._file_dialog(True, _("Export estimate as PDF"), _("PDF (*.pdf)"), "estimate.pdf")
        if path:
            self.export_pdf(path if path.lower().endswith(".pdf") else path + ".pdf")

    def export_csv_dialog(self) -> None:
        path = self._file_dialog(True, _("Export estimate as CSV"), _("CSV (*.csv)"), "estimate.csv")
        if path:
            self.export_csv(path if path.lower().endswith(".csv") else path + ".csv")

    def export_pdf(self, path: str | os.PathLike) -> bool:
        if not self.ready_to_export(_("Cannot export the PDF")):
            return False
        from calc_app.ui.export import ExportError, write_pdf
        try:
            write_pdf(self.report_html(), path)
        except ExportError as e:
            self._error(_("Cannot export the PDF"), _("{file} cannot be written: {reason}").format(file=str(path), reason=e))
            return False
        self.statusBar().showMessage(_("Saved {file}").format(file=str(path)), 5000)
        return True

    def export_csv(self, path: str | os.PathLike) -> bool:
        if not self.ready_to_export(_("Cannot export the CSV")):
            return False
        try:
            from calc_app.reports import csv_report
            _atomic_write(Path(path), csv_report.to_text(self.result).encode("utf-8-sig"))
        except OSError as e:
            self._error(_("Cannot export the CSV"), _("{file} cannot be written: {reason}").format(
                file=str(path), reason=e.strerror or e))
            return False
        self.statusBar().showMessage(_("Saved {file}").format(file=str(path)), 5000)
        return True

    # -- the applicant sheet
    def sheet_html(self, appendix: bool = False) -> str:
        from calc_app.reports.sheet import sheet_html
        return sheet_html(self.result or {}, self.applicant.values(), self.state.lang, appendix=appendix)

    def sheet_footer(self):
        from calc_app.reports.sheet import footer_text
        result, lang = dict(self.result or {}), self.state.lang
        return lambda page, pages: footer_text(result, lang, page, pages)

    def export_sheet_dialog(self, appendix: bool = False) -> None:
        name = (self.applicant.name() or "applicant").replace("/", "_")
        path = self._file_dialog(True, _("Applicant sheet as PDF"), _("PDF (*.pdf)"), f"{name}.pdf")
        if path:
            self.export_sheet(path if path.lower().endswith(".pdf") else path + ".pdf", appendix=appendix)

    def export_sheet(self, path: str | os.PathLike, appendix: bool = False) -> int:
        """The applicant sheet as a PDF (with the full itemization as an appendix when asked); the page
        count, 0 when refused or failed."""
        if not self.ready_to_export(_("Cannot export the applicant sheet")):
            return 0
        from calc_app.ui.export import ExportError, write_paged_pdf
        try:
            pages = write_paged_pdf(self.sheet_html(appendix), path, self.sheet_footer(),
                                    title=self.applicant.name() or "")
        except ExportError as e:
            self._error(_("Cannot export the applicant sheet"), _("{file} cannot be written: {reason}").format(
                file=str(path), reason=e))
            return 0
        self.statusBar().showMessage(_("Saved {file}").format(file=str(path)), 5000)
        return pages

    def paint_sheet(self, printer: Any, appendix: bool = False) -> int:
        from calc_app.ui.export import render_paged
        return render_paged(_export_document(self.sheet_html(appendix)), printer, self.sheet_footer())

    def print_sheet_dialog(self, appendix: bool = False) -> None:
        """Print the applicant sheet through Qt's print preview."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
        if not self.ready_to_export(_("Cannot print")):
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintPreviewDialog(printer, self)
        dlg.setWindowTitle(_("Applicant sheet"))
        dlg.paintRequested.connect(lambda p: self.paint_sheet(p, appendix))
        self.last_preview = dlg
        dlg.exec()

    def print_dialog(self) -> None:
        if not self.ready_to_export(_("Cannot print")):
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from calc_app.ui.export import print_html
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        if dlg.exec() == QPrintDialog.DialogCode.Accepted:
            print_html(self.report_html(), printer)


def _export_document(html: str):
    from calc_app.ui.export import document
    return document(html)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write next to ``path`` and rename, so a failed write leaves the old file whole."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent) if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
