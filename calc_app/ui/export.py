"""PDF and printing: the HTML report rendered by QTextDocument, with a CJK font embedded."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from typing import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QFont, QFontDatabase, QPageLayout, QPagedPaintDevice,
                           QPageSize, QPainter, QPdfWriter, QTextDocument)
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


Footer = Callable[[int, int], str]
"""footer(page, pages) -> the text drawn at the foot of each page."""


def render_paged(doc: QTextDocument, device: QPagedPaintDevice, footer: Footer) -> int:
    """Lay ``doc`` out on the device's pages less a footer band, draw each page with ``footer(page,
    pages)`` at its foot (the page numbers); the number of pages."""
    res = device.resolution()
    rect = device.pageLayout().paintRectPixels(res)
    band = res * 0.4  # about 10 mm
    body = QSizeF(rect.width(), rect.height() - band)
    doc.documentLayout().setPaintDevice(device)
    doc.setPageSize(body)
    pages = doc.pageCount()
    painter = QPainter(device)
    try:
        font = cjk_font(7.0)
        for p in range(pages):
            if p:
                device.newPage()
            painter.save()
            painter.translate(0, -p * body.height())
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.clip = QRectF(0, p * body.height(), body.width(), body.height())
            painter.setClipRect(ctx.clip)
            doc.documentLayout().draw(painter, ctx)
            painter.restore()
            painter.setFont(font)
            painter.setPen(QColor("#555555"))
            painter.drawLine(0, int(body.height() + band * 0.25), int(body.width()), int(body.height() + band * 0.25))
            painter.drawText(QRectF(0, body.height() + band * 0.3, body.width(), band * 0.7),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter), footer(p + 1, pages))
    finally:
        painter.end()
    return pages


def write_paged_pdf(html: str, path: str | Path, footer: Footer, title: str = "") -> int:
    """``html`` as an A4 PDF at ``path`` with a footer on every page (written beside, checked, then
    copied: an unwritable path raises ExportError and leaves nothing half written); the page count."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".pdf")
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(14, 12, 14, 10), QPageLayout.Unit.Millimeter)
        writer.setResolution(300)
        writer.setTitle(title or "惠企纾困计算器 / Relief Calculator")
        writer.setCreator("Relief Calculator")
        pages = render_paged(document(html), writer, footer)
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
    return pages
