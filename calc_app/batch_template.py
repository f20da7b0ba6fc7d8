"""``batch --template FILE``: an input sheet to fill in, with the Chinese headers and an example row.

An ``.xlsx`` template has two sheets: the first to fill in (the headers, one example row, drop-down
lists for yes/no, choices and the jurisdiction), the second explaining each column (field id,
required or not, what it holds, the forms accepted). A ``.csv`` template is the first sheet alone;
the explanation goes to a side file ``<name>.columns.csv`` beside it (a commented section would be
read as rows by a spreadsheet). Both are written complete or not at all. No Qt.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from calc_app.batch import XLSX_SUFFIXES, chinese_header, required_columns
from calc_app.batch_columns import PASS_NAMES, Target, catalogue, norm
from calc_app.batch_messages import field_label
from calc_app.i18n import lgettext
from calc_app.models.inputs.lists import ITEM_FIELDS, LIST_MODELS
from calc_app.models.inputs.meta import UNITS, field_meta
from calc_app.models.scenario import SCALAR_FIELDS, Scenario
from calc_app.paths import root

EXAMPLE = "examples/jiangmen-small-manufacturer.json"
EXAMPLE_PASS = {"企业名称": "示例：江门某制造有限公司", "统一社会信用代码": "91440700XXXXXXXXXX",
                "备注": "示例行：填写时删除或改写"}


def template_fields() -> list[str]:
    """The columns of the template by field id: required first, then every scalar in form order,
    then the first item of each list."""
    req = list(required_columns())
    cols = req + [n for n in SCALAR_FIELDS if n not in req]
    for lst in LIST_MODELS:
        cols += [f"{lst}.1.{f}" for f in ITEM_FIELDS[lst]]
    return cols


def _target(field: str) -> Target:
    cat = catalogue()
    parts = field.split(".")
    if len(parts) == 3:
        return cat.items[parts[0]][norm(parts[2])]
    return cat.scalars[norm(field)]


def _meta(field: str) -> dict[str, Any]:
    parts = field.split(".")
    if len(parts) == 3:
        return field_meta(LIST_MODELS[parts[0]], parts[2])
    return field_meta(Scenario, field)


def _example_values() -> dict[str, Any]:
    data = json.loads((root() / EXAMPLE).read_text(encoding="utf-8"))
    flat: dict[str, Any] = {}
    for k, v in data.items():
        if isinstance(v, list):
            for i, item in enumerate(v[:1], 1):
                for f, x in item.items():
                    flat[f"{k}.{i}.{f}"] = x
        else:
            flat[k] = v
    return flat


def _jurisdiction_name(jid: str) -> str:
    from calc_app.engine.jurisdictions import jurisdiction_rows
    for r in jurisdiction_rows():
        if r["id"] == jid:
            return str(r["zh"])
    return jid


def _office_value(field: str, v: Any, xlsx: bool) -> Any:
    """The example's value as an office user writes it: names for ids, 是/否, date cells, numbers."""
    if v is None:
        return None
    t = _target(field)
    if t.conv == "jurisdiction":
        return _jurisdiction_name(str(v))
    if t.conv == "flag":
        return "是" if v else "否"
    if t.conv == "choice":
        for value, zh, _ in t.choices:
            if value == v:
                return zh
        return v
    if t.conv == "date":
        d = _dt.date.fromisoformat(str(v))
        return d if xlsx else f"{d.year}/{d.month}/{d.day}"
    if t.conv == "money":
        d = Decimal(str(v))
        if xlsx:
            return int(d) if d == d.to_integral_value() else float(d)
        return f"{d:,.2f}".rstrip("0").rstrip(".") if d != d.to_integral_value() else f"{int(d):,}"
    if t.conv in ("count",):
        return int(v) if xlsx else str(v)
    if t.conv in ("fraction", "number"):
        return float(Decimal(str(v))) if xlsx else str(v)
    return v


def _forms(t: Target, lang: str) -> str:
    if t.conv == "money":
        return lgettext("an amount in yuan: 1200000, 1,200,000, 120万, 1200万元, ¥1,200,000", lang)
    if t.conv == "count":
        return lgettext("a whole number: 48, 1,200", lang)
    if t.conv == "fraction":
        return lgettext("a fraction 0.045 or a percentage 4.5%", lang)
    if t.conv == "number":
        return lgettext("a number: 1.5", lang)
    if t.conv == "date":
        return lgettext("a date: 2022-07-15, 2022/7/15, 2022-7-15, 2022年7月15日, or a date cell", lang)
    if t.conv == "flag":
        return lgettext("是 or 否 (also true/false, 1/0, yes/no)", lang)
    if t.conv == "choice":
        zh = lang.startswith("zh")
        opts = [f"{z}（{v}）" if zh else f"{v} ({e})" for v, z, e in t.choices]
        return lgettext("one of: {choices}", lang).format(choices=("、" if zh else ", ").join(opts))
    if t.conv == "jurisdiction":
        from calc_app.engine.jurisdictions import jurisdiction_rows
        names = "、".join(f"{r['zh']}（{r['id']}）" for r in jurisdiction_rows())
        return lgettext("a name or an id: {names}", lang).format(names=names)
    if t.conv == "code":
        return lgettext("a GB/T 4754-2017 code at any depth: C, C36, H621, L7291", lang)
    return lgettext("text", lang)


def _rows(lang: str, xlsx: bool) -> tuple[list[str], list[Any], list[list[str]], list[Target | None]]:
    fields = template_fields()
    ex = _example_values()
    headers = list(PASS_NAMES) + [chinese_header(f) for f in fields]
    example = [EXAMPLE_PASS[p] for p in PASS_NAMES] + [_office_value(f, ex.get(f), xlsx) for f in fields]
    targets: list[Target | None] = [None] * len(PASS_NAMES) + [_target(f) for f in fields]
    zh = lang.startswith("zh")
    req = set(required_columns())
    explain = [[lgettext("column", lang), lgettext("field id", lang), lgettext("required", lang),
                lgettext("what to write", lang), lgettext("unit", lang), lgettext("about", lang)]]
    for p in PASS_NAMES:
        explain.append([p, "", lgettext("no", lang), lgettext("not used in the calculation: carried through to "
                                                              "every output row", lang), "", ""])
    for f, h, t in zip(fields, headers[len(PASS_NAMES):], targets[len(PASS_NAMES):]):
        assert t is not None
        meta = _meta(f)
        unit = UNITS.get(meta.get("unit", ""), {}).get(lang, "")
        label = field_label(f, lang)
        about = meta.get("help_zh" if zh else "help_en") or ""
        if not zh:
            about = f"{label}. {about}" if about else label
        explain.append([h, f, lgettext("yes", lang) if f in req else lgettext("no", lang), _forms(t, lang),
                        unit, about])
    notes = [
        lgettext("An empty cell is unknown, never zero: leave a cell empty when you do not know it.", lang),
        lgettext("A column may be named by its Chinese label, by that label without the part in brackets "
                 "(行业代码), or by its field id; columns may come in any order and any may be left out but "
                 "地区 and 评估日期.", lang),
        lgettext("More loans, guarantees or bids: add columns numbered 2, 3, ... (贷款2·本金, 贷款2·年利率, ...). "
                 "A column 贷款 (or 融资担保, 政府采购投标) holding 0 says the enterprise has none.", lang),
        lgettext("Other columns are carried through to the output beside the results (a warning names any that "
                 "looks like a misspelt input).", lang),
        lgettext("The example row shows the forms accepted; delete it or write over it.", lang),
    ]
    for lst in LIST_MODELS:
        explain.append([field_meta(Scenario, lst).get("label_zh") or lst, lst, lgettext("no", lang),
                        lgettext("0 (or 无) when the enterprise has none; otherwise leave it empty or leave the column out", lang), "", ""])
    explain.append([""] * 6)
    for n in notes:
        explain.append([n, "", "", "", "", ""])
    return headers, example, explain, targets


def _replace_into(path: Path, write: Any) -> None:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(name, 0o666 & ~mask)  # mkstemp makes 0600; give the file the usual mode
        write(Path(name))
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _csv_text(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def columns_path(path: Path) -> Path:
    """The explanation that goes with a CSV template: ``x.csv`` -> ``x.columns.csv``."""
    stem = path.with_suffix("") if path.suffix.lower() == ".csv" else path
    return stem.with_name(stem.name + ".columns.csv")


def template_problem(path: str | Path, lang: str = "zh_CN") -> str | None:
    """What is wrong with a template's name, or None."""
    if str(path).strip() == "":
        return lgettext("give the name of a .xlsx or .csv file to write", lang)
    p = Path(path)
    if p.suffix.lower() not in XLSX_SUFFIXES | {".csv"}:
        return lgettext("the template is .xlsx or .csv: give such a name", lang)
    if p.is_dir():
        return lgettext("{path} is a folder: give the name of a file in it", lang).format(path=p)
    if p.exists() and not p.is_file():
        return lgettext("{path} exists and is not a regular file", lang).format(path=p)
    if not p.parent.is_dir():
        return lgettext("folder {folder} does not exist", lang).format(folder=p.parent)
    return None


def write_template(path: str | Path, lang: str = "zh_CN") -> list[Path]:
    """Write the template to ``path`` (.xlsx or .csv); returns the files written. Raises OSError."""
    p = Path(path)
    xlsx = p.suffix.lower() in XLSX_SUFFIXES
    headers, example, explain, targets = _rows(lang, xlsx)
    if not xlsx:
        side = columns_path(p)
        _replace_into(side, lambda t: t.write_text(_csv_text(explain), encoding="utf-8-sig", newline=""))
        _replace_into(p, lambda t: t.write_text(_csv_text([headers, example]), encoding="utf-8-sig", newline=""))
        return [p, side]

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def build(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = lgettext("Enterprises", lang)
        ws.append(headers)
        ws.append(example)
        bold = Font(bold=True)
        required = PatternFill("solid", fgColor="FFF2CC")
        req_headers = {chinese_header(r) for r in required_columns()}
        for i, (h, t) in enumerate(zip(headers, targets), 1):
            c = ws.cell(row=1, column=i)
            c.font = bold
            c.alignment = Alignment(wrap_text=True, vertical="top")
            if h in req_headers:
                c.fill = required
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = max(12, min(40, len(h) * 2 + 2))
            v = ws.cell(row=2, column=i)
            if t is not None and t.conv == "date":
                v.number_format = "yyyy-mm-dd"
            elif t is not None and t.conv == "money":
                v.number_format = "#,##0.00"
            words = None
            if t is not None and t.conv == "flag":
                words = ["是", "否"]
            elif t is not None and t.conv == "choice":
                words = [z for _, z, _ in t.choices]
            elif t is not None and t.conv == "jurisdiction":
                from calc_app.engine.jurisdictions import jurisdiction_rows
                words = [str(r["zh"]) for r in jurisdiction_rows()]
            if words and len(",".join(words)) < 250 and not any("," in w for w in words):
                dv = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
                                    showErrorMessage=False)
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}10000")
        ws.freeze_panes = "A2"
        ex = wb.create_sheet(lgettext("Columns", lang))
        for r in explain:
            ex.append(r)
        for c in ex[1]:
            c.font = bold
        for letter, width in zip("ABCDEF", (34, 34, 8, 60, 10, 60)):
            ex.column_dimensions[letter].width = width
        ex.freeze_panes = "A2"
        wb.save(tmp)

    _replace_into(p, build)
    return [p]
