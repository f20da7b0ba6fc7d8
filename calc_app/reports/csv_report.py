"""One evaluation as CSV (no Qt): one row per measure with its citation, then one row per total.

The columns are the batch output's (:data:`calc_app.reports.csv_rows.ITEM_COLUMNS`) plus the
document, its number and the verbatim quote. Total rows have ``status`` = ``total`` and the effect
they add up. Values stay plain (decimal strings, ids, ISO dates); the file is UTF-8 with a byte
order mark so that spreadsheet programs on Chinese Windows read it.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, TextIO

from calc_app.models.policy import EFFECTS
from calc_app.reports.csv_rows import ITEM_COLUMNS, item_rows, plain_amount

COLUMNS: tuple[str, ...] = ITEM_COLUMNS + ("document", "document_number", "quote", "steps")


def rows(result: dict[str, Any]) -> list[list[str]]:
    out = []
    for it, row in zip(result["items"], item_rows(result, 1)):
        src = it["source"]
        out.append(row + [src.get("document") or "", src.get("document_number") or "", src.get("quote", ""),
                          " | ".join(it.get("steps", []))])
    blank = dict.fromkeys(COLUMNS, "")
    for eff in EFFECTS:
        r = dict(blank, row="1", jurisdiction=result["jurisdiction"], as_of=result["as_of"], effect=eff,
                 status="total", amount=plain_amount(result["totals"].get(eff, "0.00")))
        out.append([r[c] for c in COLUMNS])
    return out


def write(result: dict[str, Any], out: TextIO) -> None:
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    w.writerows(rows(result))


def to_text(result: dict[str, Any]) -> str:
    buf = io.StringIO()
    write(result, buf)
    return buf.getvalue()


def write_file(result: dict[str, Any], path: str | Path) -> None:
    """Write the CSV to ``path`` (UTF-8 with BOM); raises OSError when it cannot."""
    Path(path).write_text(to_text(result), encoding="utf-8-sig", newline="")
