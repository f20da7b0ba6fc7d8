"""The batch's messages in plain words, in the run's language (no library wording).

Every problem names the field by its label as the window shows it; the errors file's ``field``
column names the column as it is spelt in the input.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from calc_app.i18n import lgettext, number
from calc_app.models.inputs.lists import LIST_MODELS
from calc_app.models.inputs.meta import field_meta
from calc_app.models.scenario import Scenario
from calc_app.models.values import ValueProblem, problem_text, shorten

MAX_SHOWN = 80
"""Characters of a cell value echoed in a message or in the errors file."""


def shown(value: Any) -> str:
    return shorten("" if value is None else str(value), MAX_SHOWN)


def field_label(field: str, lang: str) -> str:
    """``loans.1.principal`` -> 贷款 1 本金; a scalar -> its label; anything else as given."""
    parts = field.split(".")
    zh = lang.startswith("zh")
    key = "label_zh" if zh else "label_en"
    if len(parts) == 3 and parts[0] in LIST_MODELS and parts[2] in LIST_MODELS[parts[0]].model_fields:
        lst = field_meta(Scenario, parts[0]).get(key) or parts[0]
        item = field_meta(LIST_MODELS[parts[0]], parts[2]).get(key) or parts[2]
        return f"{lst}{parts[1]}·{item}" if zh else f"{lst} {parts[1]}: {item}"
    if field in Scenario.model_fields:
        return field_meta(Scenario, field).get(key) or field
    return field


def with_label(label: str, message: str, lang: str) -> str:
    return lgettext("{label}: {message}", lang).format(label=label, message=message)


def text(key: str, lang: str, **p: Any) -> str:
    """One of the batch's own messages."""
    if key == "unknown_jurisdiction":
        return lgettext("unknown jurisdiction “{text}”: give an id or a name as `python -m calc_app "
                        "jurisdictions` lists them, e.g. cn-gd-jiangmen or 江门市", lang).format(text=shown(p["text"]))
    if key == "not_choice":
        zh = lang.startswith("zh")
        opts = "、".join(f"{v} {z}" if z != v else v for v, z, _ in p["choices"]) if zh else \
            ", ".join(f"{v} ({e})" if e != v else v for v, _, e in p["choices"])
        return lgettext("“{text}” is not one of the choices: {choices}", lang).format(text=shown(p["text"]),
                                                                                    choices=opts)
    if key == "not_code":
        return lgettext("“{text}” is not a GB/T 4754-2017 industry code (a section letter and digits at "
                        "any depth, e.g. C, C36, H621)", lang).format(text=shown(p["text"]))
    if key == "too_long_cell":
        return lgettext("a cell of more than {limit} characters (a spreadsheet holds at most {limit})",
                        lang).format(limit=number(p["limit"], lang))
    if key == "too_long_text":
        return lgettext("too long: at most {limit} characters", lang).format(limit=p["limit"])
    if key == "none_word":
        return lgettext("write 0 (or 无) for none, or leave it empty and fill the numbered {list} columns",
                        lang).format(list=p["list"])
    if key == "none_and_items":
        return lgettext("says none, but numbered {list} columns are filled", lang).format(list=p["list"])
    if key == "no_header_value":
        return lgettext("a value in a column without a header: ignored", lang)
    if key == "beyond_header":
        return lgettext("a value beyond the last header column: ignored", lang)
    raise KeyError(key)


def value_problem(e: Exception, lang: str) -> str:
    """The message of a cell that could not be read (a ValueProblem of the shared parser, or ours)."""
    from calc_app.batch_columns import CellProblem
    if isinstance(e, CellProblem):
        return text(e.key, lang, **e.params)
    if isinstance(e, ValueProblem):
        try:
            return problem_text(e, lang)
        except (KeyError, IndexError, ValueError):
            return str(e)
    return lgettext("not accepted", lang)


def _limit(v: Any, lang: str) -> str:
    try:
        return number(Decimal(str(v)), lang)
    except Exception:  # noqa: BLE001 - a limit we cannot format is shown as it is
        return str(v)


def validation_problem(err: dict[str, Any], lang: str) -> str:
    """One pydantic error of the scenario model in plain words (its type, never its wording)."""
    t = err.get("type", "")
    ctx = err.get("ctx") or {}
    loc = err.get("loc") or ()
    field = str(loc[0]) if loc else ""
    if t == "value_problem" and "key" in ctx:
        try:
            return problem_text(ctx["key"], lang, **(ctx.get("params") or {}))
        except (KeyError, IndexError, ValueError):
            pass
    if t in ("greater_than_equal", "greater_than"):
        lim = ctx.get("ge", ctx.get("gt", 0))
        if Decimal(str(lim)) == 0:
            return lgettext("must not be negative", lang) if t == "greater_than_equal" else \
                lgettext("must be more than 0", lang)
        return lgettext("must be at least {limit}", lang).format(limit=_limit(lim, lang))
    if t in ("less_than_equal", "less_than"):
        return lgettext("must be at most {limit}", lang).format(limit=_limit(ctx.get("le", ctx.get("lt")), lang))
    if t == "missing":
        return lgettext("required: give a value", lang)
    if t == "literal_error":
        return lgettext("not one of the choices: {choices}", lang).format(choices=ctx.get("expected", ""))
    if t in ("too_long", "too_short"):
        return lgettext("at most {limit} items", lang).format(limit=ctx.get("max_length", "?"))
    if t.startswith(("int_", "decimal_", "float_", "finite_")):
        return lgettext("not a number the calculator accepts", lang)
    if t.startswith("bool"):
        return lgettext("expected yes or no (是/否, true/false, 1/0)", lang)
    if t.startswith(("date", "datetime")):
        return lgettext("not a date: write YYYY-MM-DD, e.g. 2022-07-15", lang)
    if t == "value_error" and field == "industry_code":
        return text("not_code", lang, text=err.get("input", ""))
    if t == "value_error" and field == "jurisdiction":
        return text("unknown_jurisdiction", lang, text=err.get("input", ""))
    if t == "extra_forbidden":
        return lgettext("not an input of the calculator", lang)
    return lgettext("not accepted", lang)


# ------------------------------------------------------------------------------------------------
# the header and the files

def header_text(key: str, lang: str, **p: Any) -> str:
    if key == "missing":
        return lgettext("required column is missing: name it {label} (or {name})", lang).format(**p)
    if key == "twice":
        return lgettext("column appears twice (columns {a} and {b})", lang).format(**p)
    if key == "ambiguous":
        return lgettext("this name fits more than one input: name the column by its field id", lang)
    if key == "unknown":
        msg = lgettext("not an input: carried through to the output beside the results", lang)
        if p.get("hint"):
            msg += lgettext("; did you mean {name} ({label})?", lang).format(name=p["hint"],
                                                                             label=field_label(p["hint"], lang))
        return msg
    if key == "bad_item":
        if p["number"] < 1:
            return lgettext("{list} items are numbered from 1: carried through to the output", lang).format(
                list=p["list"])
        from calc_app.batch_columns import MAX_ITEMS
        if p["number"] > MAX_ITEMS:
            return lgettext("{list} items are numbered up to {limit}: carried through to the output",
                            lang).format(list=p["list"], limit=MAX_ITEMS)
        return lgettext("{list} items have no such field: carried through to the output", lang).format(
            list=p["list"])
    raise KeyError(key)
