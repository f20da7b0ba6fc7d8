"""One evaluation as flat CSV rows: one row per measure, and one summary row per scenario.

The columns are derived from the result model (``STATUSES``, ``EFFECTS``), so a new status or
effect adds a column by itself. Values stay plain (decimal strings, ids, ISO dates): a spreadsheet
or a script reads them without locale parsing.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from calc_app.models.policy import EFFECTS, STATUSES

HEADLINE_GROUPS = ("received_or_kept", "paid_later", "own_tax_credit", "procurement_evaluation", "third_party")
"""The result's ``headline`` totals (calc_app.engine.answer.HEADLINE), one summary column each."""

REASON_SEPARATOR = " | "

ITEM_COLUMNS: tuple[str, ...] = (
    "row", "jurisdiction", "as_of", "measure_id", "title", "measure_jurisdiction", "level", "effect",
    "status", "amount", "amount_min", "amount_max", "reasons", "needs", "seed_file", "clause", "draft",
    "category", "amount_if", "if", "assumptions",
)
"""The columns of the main batch output: one row per scenario and measure."""

SUMMARY_COLUMNS: tuple[str, ...] = (
    ("row", "valid", "jurisdiction", "as_of", "size", "small_low_profit", "measures")
    + tuple(STATUSES)
    + tuple(f"total_{e}" for e in EFFECTS)
    + tuple(f"headline_{g}" for g in HEADLINE_GROUPS)
    + ("problems",)
)
"""The columns of the summary: one row per input row, valid or not, in input order."""

ERROR_COLUMNS: tuple[str, ...] = ("row", "field", "value", "reason")
"""The columns of the errors file: one row per problem."""


def _flag(v: Any) -> str:
    if v is None:
        return ""
    return "true" if v else "false"


def item_rows(result: dict[str, Any], row: int,
              rename: Callable[[str], str] | None = None) -> Iterable[list[str]]:
    """The rows of one evaluation, in the engine's measure order. ``rename`` maps a needed input
    name as the engine spells it (``loans[0].interest_paid``) to the caller's column name."""
    jur = result["jurisdiction"]
    as_of = result["as_of"]
    for it in result["items"]:
        needs = it.get("needs") or ()
        if rename is not None:
            needs = [rename(n) for n in needs]
        src = it["source"]
        yield [str(row), jur, as_of, it["measure_id"], it["title"], it["jurisdiction"], it["level"],
               it["effect"], it["status"], it["amount"], it.get("amount_min", ""),
               it.get("amount_max", ""), REASON_SEPARATOR.join(it["reasons"]), " ".join(needs),
               src["seed_file"], src["clause"], _flag(bool(it.get("draft") or src.get("draft"))),
               it.get("category", ""), it.get("amount_if", ""),
               " ".join(f"{k}={_flag(v) if isinstance(v, bool) else v}" for k, v in (it.get("if") or {}).items()),
               " ".join(a["field"] for a in it.get("assumptions", ()))]


def summary_row(result: dict[str, Any], row: int) -> list[str]:
    """Totals per effect and the count of measures per status, for one valid scenario."""
    counts = dict.fromkeys(STATUSES, 0)
    for it in result["items"]:
        counts[it["status"]] = counts.get(it["status"], 0) + 1
    totals = result["totals"]
    return ([str(row), "true", result["jurisdiction"], result["as_of"], result.get("size") or "",
             _flag(result.get("small_low_profit")), str(len(result["items"]))]
            + [str(counts[s]) for s in STATUSES]
            + [totals.get(e, "0.00") for e in EFFECTS]
            + [(result.get("headline") or {}).get(g, {}).get("amount", "") for g in HEADLINE_GROUPS]
            + ["0"])


def invalid_summary_row(row: int, jurisdiction: str | None, as_of: str | None, problems: int) -> list[str]:
    """The summary row of an input row that could not be evaluated (see the errors file)."""
    blank = [""] * (len(SUMMARY_COLUMNS) - 5)
    return [str(row), "false", jurisdiction or "", as_of or ""] + blank + [str(problems)]
