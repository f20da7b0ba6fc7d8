"""One evaluation as flat CSV rows: one row per measure, and one summary row per scenario.

The columns are derived from the result model (``STATUSES``, ``EFFECTS``), so a new status or
effect adds a column by itself. Values stay plain (decimal strings, ids, ISO dates): a spreadsheet
or a script reads them without locale parsing. ``extra`` cells (the input's own columns that are not
inputs, such as 企业名称) follow ``row`` in every row.
"""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any, Callable, Iterable, Sequence

from calc_app.models.policy import EFFECTS, STATUSES
from calc_app.money import money_str
from calc_app.engine.evaluate import KeptReasons

HEADLINE_GROUPS = ("received_or_kept", "paid_later", "own_tax_credit", "procurement_evaluation", "third_party")
"""The result's ``headline`` totals (calc_app.engine.answer.HEADLINE), one summary column each."""

REASON_SEPARATOR = " | "

ITEM_COLUMNS: tuple[str, ...] = (
    "row", "jurisdiction", "as_of", "measure_id", "title", "measure_jurisdiction", "level", "effect",
    "status", "amount", "amount_min", "amount_max", "reasons", "needs", "seed_file", "clause", "draft",
    "apply_office", "apply_partners", "apply_deadline", "category", "amount_if", "if", "assumptions",
)
"""The columns of the main batch output: one row per scenario and measure."""

GRAND_TOTAL_EFFECTS: tuple[str, ...] = tuple(e for e in EFFECTS if e in ("grant", "saving"))
"""What ``grand_total`` adds up where a result has no ``headline``: cash received and costs not paid.
With a headline it is the headline's "received or kept" (grants and savings, less the enterprise's own
VAT credit refunded): the same figure the window and the text report lead with. Deferrals (cash paid
later), bid evaluation advantages and money to third parties keep their own totals and are not added."""

SUMMARY_COLUMNS: tuple[str, ...] = (
    ("row", "valid", "jurisdiction", "as_of", "size", "small_low_profit", "measures")
    + tuple(STATUSES)
    + tuple(f"total_{e}" for e in EFFECTS)
    + ("grand_total",)
    + tuple(f"headline_{g}" for g in HEADLINE_GROUPS)
    + ("problems",)
)
"""The columns of the summary: one row per input row, valid or not, in input order."""

ERROR_COLUMNS: tuple[str, ...] = ("row", "field", "value", "reason", "severity")
"""The columns of the errors file: one row per problem (``severity`` error: the row was not
evaluated; warning: it was, the cell was ignored or carried through)."""


def with_extra(columns: Sequence[str], extra: Sequence[str]) -> tuple[str, ...]:
    """``columns`` with ``extra`` after ``row``."""
    return (columns[0], *extra, *columns[1:])


def plain_amount(amount: str) -> str:
    # "-0.00" (from an input of -0) is zero
    return "0.00" if amount == "-0.00" else amount


def _flag(v: Any) -> str:
    if v is None:
        return ""
    return "true" if v else "false"


def item_rows(result: dict[str, Any], row: int, rename: Callable[[str], str] | None = None,
              extra: Sequence[str] = ()) -> Iterable[list[str]]:
    """The rows of one evaluation, in the engine's measure order. ``rename`` maps a needed input
    name as the engine spells it (``loans[0].interest_paid``) to the caller's column name."""
    jur = result["jurisdiction"]
    as_of = result["as_of"]
    head = [str(row), *extra, jur, as_of]
    for it in result["items"]:
        needs = it.get("needs") or ()
        if rename is not None:
            needs = [rename(n) for n in needs]
        src = it["source"]
        where = it.get("apply") or {}
        yield head + [it["measure_id"], it["title"], it["jurisdiction"], it["level"],
                      it["effect"], it["status"], plain_amount(it["amount"]), plain_amount(it.get("amount_min", "")),
                      plain_amount(it.get("amount_max", "")), REASON_SEPARATOR.join(it["reasons"]), " ".join(needs),
                      src["seed_file"], src["clause"], _flag(bool(it.get("draft") or src.get("draft"))),
                      where.get("office") or "", where.get("partners") or "", where.get("deadline") or "",
                      it.get("category", ""), plain_amount(it.get("amount_if", "")),
                      " ".join(f"{k}={_flag(v) if isinstance(v, bool) else v}" for k, v in (it.get("if") or {}).items()),
                      " ".join(a["field"] for a in it.get("assumptions", ()))]


_NO_APPLY: dict[str, Any] = {}


def _fixed_fields(it: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of an item's row that never vary between the items of one measure, language and
    jurisdiction: those before the varying ones, and those between them."""
    src = it["source"]
    where = it.get("apply") or _NO_APPLY
    return ((it["measure_id"], it["title"], it["jurisdiction"], it["level"], it["effect"]),
            (src["seed_file"], src["clause"], "true" if it.get("draft") or src.get("draft") else "false",
             where.get("office") or "", where.get("partners") or "", where.get("deadline") or "",
             it.get("category", "")))


def _varying_fields(it: dict[str, Any], rename: Callable[[str], str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of an item's row that vary: status, amounts, reasons and needs; then ``amount_if``,
    ``if`` and the assumptions. ``rename`` maps a needed input's name to the caller's column."""
    get = it.get
    needs = _needs_text(get("needs"), rename)
    amount, lo, hi = it["amount"], get("amount_min", ""), get("amount_max", "")
    return ((it["status"], "0.00" if amount == "-0.00" else amount, "0.00" if lo == "-0.00" else lo,
             "0.00" if hi == "-0.00" else hi, REASON_SEPARATOR.join(it["reasons"]), needs),
            _answer_fields(get("amount_if", ""), get("if"), get("assumptions")))


def _needs_text(needs: Any, rename: Callable[[str], str] | None) -> str:
    """The needed inputs as the row shows them, each renamed to the caller's column."""
    if not needs:
        return ""
    return " ".join([rename(n) for n in needs] if rename is not None else needs)


def _answer_fields(amount_if: str, cond: dict[str, Any] | None, assumed: list[dict[str, Any]] | None
                   ) -> tuple[str, str, str]:
    """``amount_if``, ``if`` and the assumptions as the row shows them."""
    return ("0.00" if amount_if == "-0.00" else amount_if,
            " ".join([f"{k}={_flag(v) if isinstance(v, bool) else v}" for k, v in cond.items()]) if cond else "",
            " ".join([a["field"] for a in assumed]) if assumed else "")


def _item_tail(it: dict[str, Any], rename: Callable[[str], str] | None) -> tuple[str, ...]:
    """The fields :func:`item_rows` gives one item after ``row``, the extra cells, ``jurisdiction``
    and ``as_of``: the same values, with fewer calls (the batch writes tens of these a row)."""
    (f1, f2), (v1, v2) = _fixed_fields(it), _varying_fields(it, rename)
    return f1 + v1 + f2 + v2


class FixedParts:
    """An item's row is its scenario's head, the fields that vary (status, amounts, reasons, needs;
    ``amount_if``, ``if``, assumptions) and between them the fields that never vary between the
    items of one measure, language and jurisdiction (measure, title, level, effect; clause, where to
    apply, category). Those are quoted and joined once per ``source``, the part such items share
    with the engine (calc_app.engine.evaluate._Shared), and kept with that very object (so its id
    stays its own); an item whose measure id or title is not the very object first seen with it
    has its fixed fields read again. For the results of ``evaluate()`` as they come."""

    MAX = 65_536
    MAX_TAILS = 8_192

    def __init__(self) -> None:
        self.fixed: dict[int, tuple[Any, str, str, str, str]] = {}
        # a kept outcome's text up to its answer-first fields, by the id of its reasons list (held
        # with the list, so that the id stays its own)
        self.tails: dict[int, tuple[Any, ...]] = {}
        # a measure's not-in-force text around the date, by the id of its source (held with it)
        self.nif: dict[int, tuple[Any, ...]] = {}

    def __len__(self) -> int:
        return len(self.fixed)

    def of(self, it: dict[str, Any]) -> tuple[Any, str, str, str, str]:
        """(source, measure id, title, the text before the varying fields, the text between them)."""
        src = it["source"]
        got = self.fixed.get(id(src))
        if got is not None and got[0] is src and got[1] is it["measure_id"] and got[2] is it["title"]:
            return got
        f1, f2 = _fixed_fields(it)
        pre = ",".join([_quoted(f) for f in f1])
        mid = ",".join([_quoted(f) for f in f2])
        if len(self.fixed) >= self.MAX:
            self.fixed.clear()
        got = self.fixed[id(src)] = (src, it["measure_id"], it["title"], pre + ",", "," + mid + ",")
        return got


def _joined(fields: tuple[str, ...]) -> str:
    """Fields joined as :func:`csv_line` joins them (without the line end)."""
    v = ",".join(fields)
    if '"' in v or "\r" in v or "\n" in v or v.count(",") != len(fields) - 1:
        return ",".join([_quoted(f) for f in fields])
    return v


def _item_text(it: dict[str, Any], rename: Callable[[str], str] | None, fixed: FixedParts) -> str:
    """``csv_line(_item_tail(it, rename))``, from the item's fixed parts joined once."""
    f = fixed.of(it)
    v1, v2 = _varying_fields(it, rename)
    # most items have no amount_if, if or assumptions: three empty fields
    return "".join((f[3], _joined(v1), f[4], ",," if v2 == _NONE3 else _joined(v2), "\r\n"))


_NONE3 = ("", "", "")


def _items_text(items: list[dict[str, Any]], head: str, rename: Callable[[str], str] | None,
                fixed: FixedParts, day: str = "") -> bytes:
    """The rows of ``items`` after their ``head``, as UTF-8: :func:`_item_text` for each, in one
    loop (the batch writes tens of them a row), the parts joined once. An item that shares its very
    reasons, status, amounts, needs and source with a kept outcome written before (the batch's:
    shallow copies of one item, calc_app.engine.evaluate.KeptReasons) has the text up to its
    answer-first fields written from that one's. A measure's not-in-force item, whose one varying
    part is the date ``day`` in its first reason, is its measure's text around that date
    (:attr:`FixedParts.nif`). What is kept is kept encoded: only an item's text made afresh is
    encoded here (most of a row's text is Chinese, whose encoding was a tenth of the writing)."""
    parts: list[bytes] = []
    add = parts.append
    known = fixed.fixed
    tails = fixed.tails
    nif = fixed.nif
    sep = REASON_SEPARATOR
    head_b = head.encode("utf-8")
    day_b = day.encode("utf-8")
    for it in items:
        get = it.get
        reasons = it["reasons"]
        src = it["source"]
        amount = it["amount"]
        needs_l = get("needs")
        lo, hi = get("amount_min", ""), get("amount_max", "")
        status = it["status"]
        t = tails.get(id(reasons))
        if (t is not None and t[0] is reasons and t[1] is src and t[2] is amount and t[3] is status
                and t[4] is needs_l and t[5] is lo and t[6] is hi):
            add(head_b)
            add(t[7])
        elif (status == "not_in_force" and amount == "0.00" and not needs_l and not lo and not hi
              and (t := nif.get(id(src))) is not None and t[0] is src and len(reasons) == t[3]
              and reasons[0] == t[1] + day + t[2] and (t[3] == 1 or reasons[1:] == t[4])):
            add(head_b)
            add(t[5])
            add(day_b)
            add(t[6])
        else:
            f = known.get(id(src))
            if f is None or f[0] is not src or f[1] is not it["measure_id"] or f[2] is not it["title"]:
                f = fixed.of(it)
            needs = _needs_text(needs_l, rename)
            a = "0.00" if amount == "-0.00" else amount
            # status and amounts, then reasons and needs: each part checked for what the writer quotes
            short = it["status"] + "," + a + "," + ("0.00" if lo == "-0.00" else lo) + "," + \
                ("0.00" if hi == "-0.00" else hi)
            if short.count(",") != 3 or '"' in short or "\r" in short or "\n" in short:
                short = _joined((it["status"], a, "0.00" if lo == "-0.00" else lo, "0.00" if hi == "-0.00" else hi))
            r = reasons[0] if len(reasons) == 1 else sep.join(reasons)
            if '"' in r or "," in r or "\r" in r or "\n" in r:
                r = _quoted(r)
            if needs and ('"' in needs or "," in needs or "\r" in needs or "\n" in needs):
                needs = _quoted(needs)
            mid = "".join((f[3], short, ",", r, ",", needs, f[4]))
            mid_b = mid.encode("utf-8")
            add(head_b)
            add(mid_b)
            # kept for the next copy of a kept outcome (its reasons are the very list in every
            # copy), not where the needs name list items (their columns follow the row's numbering)
            if reasons.__class__ is KeptReasons and (not needs_l or not any("[" in n or "." in n for n in needs_l)):
                if len(tails) >= fixed.MAX_TAILS:
                    tails.clear()
                tails[id(reasons)] = (reasons, src, amount, status, needs_l, lo, hi, mid_b)
            elif (status == "not_in_force" and day and amount == "0.00" and not needs_l and not lo and not hi
                  and id(src) not in nif and reasons and reasons[0].count(day) == 1 and mid.count(day) == 1):
                # the date is the one part of this text that varies (it is in no fixed field): the
                # text around it serves every date, the reasons checked to be these around that date
                a, b = reasons[0].split(day)
                pre, post = mid.split(day)
                if len(nif) >= fixed.MAX:
                    nif.clear()
                nif[id(src)] = (src, a, b, len(reasons), list(reasons[1:]), pre.encode("utf-8"),
                                post.encode("utf-8"))
        amount_if, cond, assumed = get("amount_if", ""), get("if"), get("assumptions")
        if not amount_if and not cond and not assumed:   # most items: three empty fields
            add(b",,\r\n")
        else:
            add(_joined(_answer_fields(amount_if, cond, assumed)).encode("utf-8"))
            add(b"\r\n")
    return b"".join(parts)


def item_csv(result: dict[str, Any], row: int, rename: Callable[[str], str] | None = None,
             extra: Sequence[str] = (), fixed: FixedParts | None = None) -> bytes:
    """:func:`item_rows` as UTF-8 CSV, byte for byte what ``csv.writer(f, lineterminator="\\r\\n")``
    writes for them. The writer quotes field by field, so a row is its head's text (row, extra
    cells, jurisdiction, as of: formatted once for all items), a comma and its tail's text; with
    ``fixed``, a tail is its varying fields joined around the fixed ones, joined once per measure
    (:class:`FixedParts`)."""
    head = csv_line([str(row), *extra, result["jurisdiction"], result["as_of"]])[:-2] + ","
    if fixed is not None:
        try:
            return _items_text(result["items"], head, rename, fixed, result["as_of"])
        except (TypeError, AttributeError):  # a field that is not text: item by item, below
            pass
    out = []
    add = out.append
    for it in result["items"]:
        add(head)
        if fixed is None:
            add(csv_line(_item_tail(it, rename)))
            continue
        try:
            add(_item_text(it, rename, fixed))
        except (TypeError, AttributeError):  # a field that is not text: as the writer writes it
            add(csv_line(_item_tail(it, rename)))
    return "".join(out).encode("utf-8")


def _quoted(field: str) -> str:
    if '"' in field:
        return '"' + field.replace('"', '""') + '"'
    if "," in field or "\r" in field or "\n" in field:
        return '"' + field + '"'
    return field


def _written(fields: Sequence[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(fields)
    return buf.getvalue()


def csv_line(fields: Sequence[Any]) -> str:
    """One CSV record ending in CRLF, exactly as ``csv.writer(f, lineterminator="\\r\\n").writerow``
    writes it (the default dialect: a field is quoted when it holds a comma, a quotation mark, CR
    or LF; a quotation mark is doubled). Text fields are joined at once; anything else (None, a
    number) goes through the writer itself."""
    try:
        line = ",".join(fields)
    except TypeError:
        return _written(fields)
    if '"' in line or "\r" in line or "\n" in line or line.count(",") != len(fields) - 1:
        return ",".join([_quoted(f) for f in fields]) + "\r\n"
    if not line and len(fields) == 1:
        return '""\r\n'  # a record of one empty field (the writer quotes it, or it would read as no field)
    return line + "\r\n"


def summary_row(result: dict[str, Any], row: int, extra: Sequence[str] = ()) -> list[str]:
    """Totals per effect, the grand total and the count of measures per status, for one valid scenario."""
    counts = dict.fromkeys(STATUSES, 0)
    for it in result["items"]:
        counts[it["status"]] = counts.get(it["status"], 0) + 1
    totals = result["totals"]
    head = (result.get("headline") or {}).get("received_or_kept")
    grand = (Decimal(head["amount"]) if head else
             sum((Decimal(totals.get(e, "0")) for e in GRAND_TOTAL_EFFECTS), Decimal(0)))
    return ([str(row), *extra, "true", result["jurisdiction"], result["as_of"], result.get("size") or "",
             _flag(result.get("small_low_profit")), str(len(result["items"]))]
            + [str(counts[s]) for s in STATUSES]
            + [plain_amount(totals.get(e, "0.00")) for e in EFFECTS]
            + [plain_amount(money_str(grand))]
            + [plain_amount((result.get("headline") or {}).get(g, {}).get("amount", "")) for g in HEADLINE_GROUPS]
            + ["0"])


def invalid_summary_row(row: int, jurisdiction: str | None, as_of: str | None, problems: int,
                        extra: Sequence[str] = ()) -> list[str]:
    """The summary row of an input row that could not be evaluated (see the errors file)."""
    blank = [""] * (len(SUMMARY_COLUMNS) - 5)
    return [str(row), *extra, "false", jurisdiction or "", as_of or ""] + blank + [str(problems)]
