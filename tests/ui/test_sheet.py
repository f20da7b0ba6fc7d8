"""The applicant sheet: one or two pages, ranked by amount, office and deadline, page numbers, the
applicant and staff member, policy version and date, "估算，不是审批决定"; the appendix on request;
printing through the preview renders the same pages."""
from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit

from calc_app.reports.sheet import ranked_items

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def _fill(w):
    w.applicant.set_values({"name": "江门五金有限公司", "credit_code": "91350100M000100Y43", "staff": "王芳"})


def test_the_sheet_is_two_pages_at_most_with_everything_a_clerk_hands_over(loaded, tmp_path):
    _fill(loaded)
    path = tmp_path / "sheet.pdf"
    n = loaded.export_sheet(path)
    assert n == _pages(path) and 1 <= n <= 2
    text = re.sub(r"\s+", "", _text(path))
    for want in ("江门五金有限公司", "91350100M000100Y43", "王芳", "估算，不是审批决定", f"第1页，共{n}页",
                 "政策数据截至", "江门市市工业和信息化局", "可申请的措施", "评估日期2022年7月15日"):
        assert want in text, want
    ranked = [it for it in ranked_items(loaded.result) if it["status"] == "eligible"]
    amounts = [Decimal(it.get("amount_max") or it["amount"]) for it in ranked]
    assert amounts == sorted(amounts, reverse=True)
    first, second = ranked[0]["title"][:6], ranked[-1]["title"][:6]   # the largest before the smallest
    assert text.index(first) < text.index(second)


def test_the_appendix_holds_the_full_itemization_in_english_too(loaded, tmp_path, qtbot):
    _fill(loaded)
    loaded.set_language("en_US")
    qtbot.waitUntil(lambda: loaded.result["lang"] == "en_US")
    path = tmp_path / "full.pdf"
    n = loaded.export_sheet(path, appendix=True)
    assert n > 2
    text = _text(path)
    assert "Appendix: full itemization" in text and "An estimate, not an approval decision" in text
    assert f"Page {n} of {n}" in text and "the text names no office" in text


def test_no_sheet_while_a_field_is_invalid(loaded, tmp_path, errors):
    ed = loaded.findChild(QLineEdit, "employees")
    ed.setText("4x8")
    assert loaded.export_sheet(tmp_path / "s.pdf") == 0 and not (tmp_path / "s.pdf").exists()
    assert errors and "employees" in errors[-1][1]


def test_printing_paints_the_same_pages(loaded, tmp_path):
    _fill(loaded)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    n = loaded.paint_sheet(printer)
    assert n == loaded.export_sheet(tmp_path / "exported.pdf")
    assert "江门五金有限公司" in _text(tmp_path / "printed.pdf")
