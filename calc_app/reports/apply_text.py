"""Where to apply, in words (no Qt): the office, the other units and the deadline as the text prints
them, whose offices they are, and the citation; or that the text names no office."""
from __future__ import annotations

from typing import Any

from calc_app.i18n import lgettext


def place_name(jid: str | None, lang: str) -> str:
    if not jid:
        return ""
    from calc_app.engine.policies import default_bundle
    j = default_bundle().jurisdictions.get(jid)
    return (j.zh if lang.startswith("zh") else j.en) if j else jid


def office_text(apply: dict[str, Any] | None, lang: str) -> str:
    """'钟祥市 市人社局' or 'the text names no office'."""
    if not apply or not apply.get("office"):
        return lgettext("the text names no office", lang)
    place = place_name(apply.get("jurisdiction"), lang)
    return f"{place} {apply['office']}" if place else apply["office"]


def deadline_text(apply: dict[str, Any] | None, lang: str) -> str:
    return (apply or {}).get("deadline") or ""


def apply_lines(apply: dict[str, Any] | None, lang: str) -> list[str]:
    """The lines of the detail pane's and the sheet's 'Where to apply'."""
    if not apply or not apply.get("office"):
        return [lgettext("The text names no office for this measure here; ask the service window which office "
                         "handles it.", lang)]
    out = [lgettext("Office: {office}", lang).format(office=office_text(apply, lang))]
    if apply.get("partners"):
        out.append(lgettext("Also responsible: {units}", lang).format(units=apply["partners"]))
    if apply.get("deadline"):
        out.append(lgettext("Deadline in the text: {deadline}", lang).format(deadline=apply["deadline"]))
    src = apply.get("source") or {}
    out.append(lgettext("From: {basis} ({file}, {clause}: 「{quote}」)", lang).format(
        basis=apply.get("basis", ""), file=src.get("seed_file", ""), clause=src.get("clause", ""),
        quote=src.get("quote", "")))
    return out
