"""PDF and printing: the HTML report rendered by QTextDocument, with a CJK font embedded."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import (QFont, QFontDatabase, QPageLayout, QPagedPaintDevice, QPageSize, QPdfWriter,
                           QTextDocument)
from PySide6.QtPrintSupport import QPrinter

CJK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun")


def cjk_font(point_size: float = 9.0) -> QFont:
    families = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in families), "")
    f = QFont(family) if family else QFont()
    f.setPointSizeF(point_size)
    return f


def document(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(cjk_font())
    doc.setHtml(html)
    return doc


class ExportError(Exception):
    pass


def write_pdf(html: str, path: str | Path) -> None:
    """Render ``html`` to an A4 PDF at ``path``. QPdfWriter fails silently on an unwritable path,
    so the PDF is written to a temporary file first, checked, then copied (raising ExportError)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".pdf")
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        writer.setResolution(300)
        writer.setTitle("惠企纾困计算器 / Relief Calculator")
        writer.setCreator("Relief Calculator")
        render(document(html), writer)
        del writer
        if os.path.getsize(tmp) < 100:
            raise ExportError("the PDF could not be rendered")
        try:
            shutil.copyfile(tmp, path)
        except OSError as e:
            raise ExportError(e.strerror or str(e)) from None
    finally:
        try:
            os.remove(tmp)
        except OSError:
            pass


def print_html(html: str, printer: QPrinter) -> None:
    render(document(html), printer)


def render(doc: QTextDocument, device: QPagedPaintDevice) -> None:
    """Lay the document out at the device's resolution on its page, then print it."""
    doc.documentLayout().setPaintDevice(device)
    doc.setPageSize(QSizeF(device.pageLayout().paintRectPixels(device.resolution()).size()))
    doc.print_(device)
