"""The register as a table: one row per case (its newest version), CSV (UTF-8 with BOM) or XLSX."""
from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from calc_app.models.policy import EFFECTS
from calc_app.register.db import Register

COLUMNS = ("id", "name", "credit_code", "contact", "staff", "jurisdiction", "as_of", "version", "created_at",
           "updated_at", "policy_version", "policy_date", *(f"total_{e}" for e in EFFECTS), "notes")


def rows(reg: Register) -> list[list[Any]]:
    out = []
    for c in reg.cases():
        d = reg.get(c["id"])
        a = d["applicant"]
        out.append([c["id"], a.get("name", ""), a.get("credit_code", ""), a.get("contact", ""), a.get("staff", ""),
                    d["jurisdiction"], d["as_of"], d["version"], d["created_at"], d["saved_at"],
                    d.get("policy_version") or "", d.get("policy_date") or "",
                    *(d["totals"].get(e, "0.00") for e in EFFECTS), a.get("notes", "")])
    return out


def export(reg: Register, path: str | os.PathLike) -> int:
    """Write the register to ``path`` (.csv or .xlsx by its suffix), whole or not at all; the row count."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"{path.name}: the export is .csv or .xlsx")
    data = rows(reg)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    os.close(fd)
    try:
        if suffix == ".csv":
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\r\n")
            w.writerow(COLUMNS)
            w.writerows(data)
            Path(tmp).write_bytes(buf.getvalue().encode("utf-8-sig"))
        else:
            from openpyxl import Workbook
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("cases")
            ws.append(list(COLUMNS))
            money_at = {COLUMNS.index(f"total_{e}") for e in EFFECTS}
            from decimal import Decimal
            for r in data:
                ws.append([Decimal(v) if i in money_at else v for i, v in enumerate(r)])
            wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    return len(data)
