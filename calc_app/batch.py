"""Batch evaluation: one scenario per CSV or XLSX row, for service centres (README, "Batch").

The input is streamed: rows are read in chunks, evaluated (in a pool of worker processes when the
input is long enough for the pool to pay), and written in input order as they come back; no more
than a few chunks are ever held. Three files are written to temporary names beside OUTPUT and
renamed into place only when the run has finished, OUTPUT last: they appear complete or not at all.
On Linux the pool's workers append their item rows to OUTPUT's temporary file themselves, each
chunk when the one before it is in (:class:`_InOrder`).

- OUTPUT: one row per scenario and measure (:data:`calc_app.reports.csv_rows.ITEM_COLUMNS`);
- OUTPUT stem + ``.summary.csv``: one row per input row with the totals per effect and a grand total;
- OUTPUT stem + ``.errors.csv`` (or ``errors_path``): one row per problem or warning.

A column is named by its field id or its label (:mod:`calc_app.batch_columns`); list inputs take
numbered columns (``loans.1.principal``, ``贷款1·本金``) and ``<list>`` holding ``0`` for "has none".
Columns that are not inputs (企业名称, 统一社会信用代码, 备注, ...) are carried through to every output
row after ``row``. An empty cell is unknown. Qt is never imported here.
"""
from __future__ import annotations

import codecs
import csv
import gc
import io
import os
import re
import signal
import sys
import threading
import tempfile
import time
import warnings
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time as _time
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator, TextIO

from pydantic import ValidationError

from calc_app.batch_columns import CellProblem, Match, Target, match_header, read_cell, suggestion
from calc_app.batch_messages import (field_label, header_text, shown, text as msg_text, validation_problem,
                                     value_problem, with_label)
from calc_app.engine.evaluate import LANGS, InputError, evaluate
from calc_app.i18n import lgettext, number
from calc_app.models.inputs.lists import ITEM_FIELDS, LIST_MODELS
from calc_app.models.inputs.meta import field_meta
from calc_app.models.scenario import SCALAR_FIELDS, FieldChecks, Scenario
from calc_app.models.values import ValueProblem
from calc_app.reports.csv_rows import (ERROR_COLUMNS, ITEM_COLUMNS, SUMMARY_COLUMNS, FixedParts,
                                       csv_line, invalid_summary_row, item_csv, summary_row, with_extra)

CHUNK_ROWS = 250
"""Rows per unit of work sent to a worker process (100 cost the main process 0.3-0.4 s more of
handing out and taking back at 100,000 rows, about 3% of the run; a chunk's item rows are ~5 MB)."""
NONE_WORDS = frozenset({"0", "none", "无", "没有"})
"""Values of a ``<list>`` column meaning the enterprise has no such item (an empty list)."""
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})

# limits (README, "Batch" -> "Limits")
MAX_CELL_CHARS = 32_767
"""Characters of one cell (a spreadsheet's own limit); a longer cell makes its row bad."""
MAX_LINE_CHARS = 4_000_000
"""Characters of one CSV line."""
MAX_COLUMNS = 16_384
"""Columns of a row (a spreadsheet's own limit)."""
MAX_ROWS = 1_048_576
"""Rows of a workbook's sheet (a spreadsheet's own limit); a CSV may have any number."""
MAX_HEADER_CHARS = 200
"""Characters of a header cell; a longer one is not an input's name, and is shortened where shown."""
MAX_LEADING_BLANK = 10_000
"""Blank rows allowed before the header."""
MAX_XLSX_BYTES = 100 * 2**20
"""Size of a workbook file."""
MAX_XLSX_PART = {"xl/sharedStrings.xml": 64 * 2**20, "sheet": 1024 * 2**20, "other": 64 * 2**20}
"""Unpacked size of each part of a workbook: its shared strings, a sheet, anything else."""
MAX_XLSX_RATIO = 100
"""How many times its packed size a part over 16 MB may unpack to (hostile files reach thousands)."""
MAX_XLSX_PARTS = 10_000

_ENGINE_ITEM = re.compile(r"([a-z_][a-z0-9_]*)(?:\[([0-9]+)\]|\.([0-9]+))\.([a-z_][a-z0-9_]*)")


# ------------------------------------------------------------------------------------------------
# columns

def required_columns() -> tuple[str, ...]:
    """The scalar fields without which no row can be evaluated (``jurisdiction``, ``as_of``)."""
    return tuple(n for n in SCALAR_FIELDS if Scenario.model_fields[n].is_required())


def input_columns(items: int = 1) -> list[str]:
    """Every column a batch file may carry (by field id), with ``items`` numbered columns per list."""
    cols = list(required_columns()) + [n for n in SCALAR_FIELDS if n not in required_columns()]
    for lst in LIST_MODELS:
        cols.append(lst)
        for i in range(1, items + 1):
            cols += [f"{lst}.{i}.{f}" for f in ITEM_FIELDS[lst]]
    return cols


def chinese_header(field: str) -> str:
    """The Chinese header of a column given by its id: the label as the window shows it; list
    items ``贷款1·本金``."""
    parts = field.split(".")
    if len(parts) == 3:
        lst = field_meta(Scenario, parts[0]).get("label_zh") or parts[0]
        item = field_meta(LIST_MODELS[parts[0]], parts[2]).get("label_zh") or parts[2]
        return f"{lst}{parts[1]}·{item}"
    return field_meta(Scenario, field).get("label_zh") or field


@dataclass(frozen=True)
class Column:
    index: int
    name: str            # the header as written in the file (stripped)
    kind: str            # scalar | item | none | pass | blank
    field: str = ""      # the scalar, or the list the item belongs to
    number: int = 0      # the item's number, from 1
    item_field: str = ""
    target: Target | None = None
    extra: int = -1      # the position among the carried-through columns


@dataclass(frozen=True)
class Plan:
    """What each column of the header means; built once, sent to every worker."""
    columns: tuple[Column, ...]
    lang: str
    extra: tuple[str, ...] = ()             # the carried-through columns' names in the output
    where: tuple[tuple[str, str], ...] = ()  # field (loans.1.principal) -> column name in the file

    def __post_init__(self) -> None:
        object.__setattr__(self, "_where", dict(self.where))

    def column_of(self, field: str) -> str:
        """The column of ``field`` as the file names it (the field itself where the file has none)."""
        return self._where.get(field, field)  # type: ignore[attr-defined]


def _unique(names: list[str], taken: set[str]) -> list[str]:
    out = []
    for n in names:
        base, k = n, 1
        while n in taken:
            k += 1
            n = f"{base} ({k})"
        taken.add(n)
        out.append(n)
    return out


def make_plan(header: list[Any], lang: str) -> tuple[Plan, list[tuple[str, str]], list[tuple[str, str]]]:
    """The plan, the header's fatal problems (nothing can be evaluated), and its warnings (a column
    that is not an input: carried through, every row still evaluated)."""
    fatal: list[tuple[str, str]] = []
    warns: list[tuple[str, str]] = []
    cols: list[Column] = []
    seen: dict[str, tuple[int, str]] = {}
    extra_names: list[str] = []
    where: list[tuple[str, str]] = []
    for i, h in enumerate(header):
        raw = "" if h is None else str(h).strip().lstrip("\ufeff").strip()
        m = match_header(raw) if len(raw) <= MAX_HEADER_CHARS else Match("unknown")
        if len(raw) > MAX_HEADER_CHARS:
            raw = shown(raw)  # echoed in messages and written as a column name: shortened
        if m.kind == "blank":
            cols.append(Column(i, lgettext("(column {n})", lang).format(n=i + 1), "blank"))
            continue
        if m.kind in ("scalar", "none", "item"):
            t = m.target
            assert t is not None
            key = t.field if m.kind != "item" else f"{t.field}.{m.number}.{t.item_field}"
            key = key if m.kind != "none" else t.field
            if key in seen:
                fatal.append((raw, header_text("twice", lang, a=seen[key][0] + 1, b=i + 1)))
                cols.append(Column(i, raw, "blank"))
                continue
            seen[key] = (i, raw)
            where.append((key, raw))
            if m.kind == "item":
                cols.append(Column(i, raw, "item", t.field, m.number, t.item_field, t))
            else:
                cols.append(Column(i, raw, m.kind, t.field, target=t))
            continue
        if m.kind == "ambiguous":
            fatal.append((raw, header_text("ambiguous", lang)))
        elif m.kind == "unknown":
            warns.append((raw, header_text("unknown", lang, hint=suggestion(raw))))
        elif m.kind == "bad_item":
            warns.append((raw, header_text("bad_item", lang, number=m.number, list=m.hint)))
        cols.append(Column(i, raw, "pass", extra=len(extra_names)))
        extra_names.append(raw)
    for req in required_columns():
        if req not in seen:
            fatal.append((req, header_text("missing", lang, label=chinese_header(req) if lang.startswith("zh")
                                           else field_label(req, lang), name=req)))
    extra = tuple(_unique(extra_names, set(ITEM_COLUMNS) | set(SUMMARY_COLUMNS) | set(ERROR_COLUMNS)))
    return Plan(tuple(cols), lang, extra, tuple(where)), fatal, warns


# ------------------------------------------------------------------------------------------------
# one row -> the scenario dict

_MISS = object()
_UNCHECKED = object()
_MEMO_SIZE = 1024
_CHECKS: list[FieldChecks] = []


def _checks() -> FieldChecks:
    if not _CHECKS:
        _CHECKS.append(FieldChecks())
    return _CHECKS[0]


def _check_of(col: Column) -> Callable[[Any], Any] | None:
    checks = _checks()
    if col.kind == "scalar":
        return checks.scalars.get(col.field)
    return checks.items.get(col.field, {}).get(col.item_field)


Checked = tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]


def _build(plan: Plan, cells: list[str | None], memos: dict[int, dict[str, Any]] | None = None
           ) -> tuple[dict[str, Any], list[tuple[str, str, str, str]], dict[str, list[int]], list[str],
                      Checked | None]:
    """The scenario dict of one row, its problems ``(column, value, reason, severity)``, the item
    numbers of each list, the carried-through cells, and the row's values as the model validates
    them (scalars, list items) when every cell passed the model's own check of its field
    (:class:`calc_app.models.scenario.FieldChecks`; each distinct cell of a column is read and
    checked once, ``memos``), else None: then the model validates the row as a whole and reports
    what is wrong in its words."""
    if memos is not None and len(cells) <= len(plan.columns):
        got = _build_quick(plan, cells, memos)
        if got is not None:
            return got
    data: dict[str, Any] = {}
    checked: dict[str, Any] = {}
    all_checked = True
    problems: list[tuple[str, str, str, str]] = []
    items: dict[str, dict[int, dict[str, Any]]] = {}
    items_checked: dict[str, dict[int, dict[str, Any]]] = {}
    none_lists: list[Column] = []
    extra = [""] * len(plan.extra)
    lang = plan.lang
    if memos is None:
        memos = {}
    for col, v in zip(plan.columns, cells):
        if v is None:
            continue
        k = col.kind
        if k == "pass":
            if len(v) > MAX_CELL_CHARS:  # copied into every output row: bounded like any cell
                problems.append((col.name, shown(v), msg_text("too_long_cell", lang, limit=MAX_CELL_CHARS),
                                 "warning"))
                v = v[:MAX_CELL_CHARS]
            extra[col.extra] = v
            continue
        if k == "blank":
            problems.append((col.name, shown(v), msg_text("no_header_value", lang), "warning"))
            continue
        if len(v) > MAX_CELL_CHARS:
            problems.append((col.name, shown(v), with_label(_label(col, lang), msg_text(
                "too_long_cell", lang, limit=MAX_CELL_CHARS), lang), "error"))
            continue
        if k == "none":
            if v.strip().lower() in NONE_WORDS:
                none_lists.append(col)
            else:
                problems.append((col.name, shown(v), with_label(_label(col, lang), msg_text(
                    "none_word", lang, list=col.name), lang), "error"))
            continue
        memo = memos.get(col.index)
        if memo is None:
            memo = memos[col.index] = {}
        got = memo.get(v, _MISS)
        if got is _MISS:
            try:
                val = read_cell(v, col.target)  # type: ignore[arg-type]
            except (ValueProblem, CellProblem) as e:
                problems.append((col.name, shown(v), with_label(_label(col, lang), value_problem(e, lang), lang),
                                 "error"))
                continue
            check = _check_of(col)
            ok = _UNCHECKED
            if check is not None:
                try:
                    ok = check(val)
                except Exception:  # noqa: BLE001 - the model will say what is wrong, in its words
                    ok = _UNCHECKED
            got = (val, ok)
            if len(memo) < _MEMO_SIZE:
                memo[v] = got
        val, ok = got
        if ok is _UNCHECKED:
            all_checked = False
        if k == "scalar":
            data[col.field] = val
            checked[col.field] = ok
        else:
            items.setdefault(col.field, {}).setdefault(col.number, {})[col.item_field] = val
            items_checked.setdefault(col.field, {}).setdefault(col.number, {})[col.item_field] = ok
    if len(cells) > len(plan.columns):
        for i in range(len(plan.columns), len(cells)):
            if cells[i] is not None:
                problems.append((lgettext("(column {n})", lang).format(n=i + 1), shown(cells[i]),
                                 msg_text("beyond_header", lang), "warning"))
    lists_checked: dict[str, list[dict[str, Any]]] = {}
    for col in none_lists:
        if col.field in items:
            problems.append((col.name, shown(cells[col.index]), with_label(_label(col, lang), msg_text(
                "none_and_items", lang, list=col.name), lang), "error"))
        else:
            data[col.field] = []
            lists_checked[col.field] = []
    numbering: dict[str, list[int]] = {}
    for lst, by_no in items.items():
        nums = sorted(by_no)
        data[lst] = [by_no[n] for n in nums]
        numbering[lst] = nums
        if all_checked:
            lists_checked[lst] = [items_checked[lst][n] for n in nums]
    if all_checked and all(lst in _checks().items for lst in lists_checked):
        return data, problems, numbering, extra, (checked, lists_checked)
    return data, problems, numbering, extra, None


def _build_quick(plan: Plan, cells: list[str | None], memos: dict[int, dict[str, Any]]
                 ) -> tuple[dict[str, Any], list[tuple[str, str, str, str]], dict[str, list[int]], list[str],
                            Checked] | None:
    """:func:`_build` of a row whose every cell passes its field's check (read once per distinct
    text of a column, ``memos``), carried through, or says a list has no item: the same dicts,
    without the cases such a row cannot have; None for any other row (a problem to report)."""
    quick = _STATE.get("quick")
    if quick is None or quick[0] is not plan or quick[1] is not memos:
        cols = []
        for col in plan.columns:
            if col.kind in ("scalar", "item"):
                memo = memos.get(col.index)
                if memo is None:
                    memo = memos[col.index] = {}
                cols.append((col, memo, col.field, col.number if col.kind == "item" else None,
                             col.item_field))
            else:
                cols.append((col, None, col.kind, None, None))
        quick = _STATE["quick"] = (plan, memos, cols)
    data: dict[str, Any] = {}
    checked: dict[str, Any] = {}
    items: dict[str, dict[int, dict[str, Any]]] = {}
    items_checked: dict[str, dict[int, dict[str, Any]]] = {}
    extra = [""] * len(plan.extra)
    none_lists: list[str] = []
    cols = quick[2]
    for v, (col, memo, field, number, item_field) in zip(cells, cols):
        if v is None:
            continue
        if memo is None:   # a column of another kind: field holds the kind
            if field == "pass" and len(v) <= MAX_CELL_CHARS:
                extra[col.extra] = v
            elif field == "none" and len(v) <= MAX_CELL_CHARS and v.strip().lower() in NONE_WORDS:
                none_lists.append(col.field)
            else:
                return None
            continue
        got = memo.get(v)
        if got is None:   # a value not met before: read and checked as _build does, kept
            if len(v) > MAX_CELL_CHARS:
                return None
            try:
                val = read_cell(v, col.target)  # type: ignore[arg-type]
            except (ValueProblem, CellProblem):
                return None
            check = _check_of(col)
            if check is None:
                return None
            try:
                ok = check(val)
            except Exception:  # noqa: BLE001 - _build lets the model say what is wrong
                return None
            got = (val, ok)
            if len(memo) < _MEMO_SIZE:
                memo[v] = got
        elif got[1] is _UNCHECKED:
            return None
        if number is None:
            data[field] = got[0]
            checked[field] = got[1]
        else:
            items.setdefault(field, {}).setdefault(number, {})[item_field] = got[0]
            items_checked.setdefault(field, {}).setdefault(number, {})[item_field] = got[1]
    lists_checked: dict[str, list[dict[str, Any]]] = {}
    for lst in none_lists:
        if lst in items:   # "none" and items: a problem the full reading reports
            return None
        data[lst] = []
        lists_checked[lst] = []
    numbering: dict[str, list[int]] = {}
    for lst, by_no in items.items():
        nums = sorted(by_no)
        data[lst] = [by_no[n] for n in nums]
        numbering[lst] = nums
        lists_checked[lst] = [items_checked[lst][n] for n in nums]
    if not all(lst in _checks().items for lst in lists_checked):
        return None
    return data, [], numbering, extra, (checked, lists_checked)


def _label(col: Column, lang: str) -> str:
    if col.kind == "item":
        return field_label(f"{col.field}.{col.number}.{col.item_field}", lang)
    return field_label(col.field, lang)


def _field_of(loc: tuple[Any, ...], numbering: dict[str, list[int]]) -> str:
    """A validation location (``('loans', 0, 'principal')``) as the batch field ``loans.1.principal``."""
    if len(loc) >= 3 and loc[0] in LIST_MODELS and isinstance(loc[1], int):
        nums = numbering.get(str(loc[0]))
        n = nums[loc[1]] if nums and loc[1] < len(nums) else loc[1] + 1
        return f"{loc[0]}.{n}.{loc[2]}"
    return ".".join(str(p) for p in loc) or "(row)"


def _column_of(name: str, numbering: dict[str, list[int]]) -> str:
    """An engine location (``loans[0].principal``) as the batch field it came from (``loans.1.principal``)."""
    m = _ENGINE_ITEM.fullmatch(name)
    if not m:
        return name
    lst, idx = m.group(1), int(m.group(2) or m.group(3))
    nums = numbering.get(lst)
    n = nums[idx] if nums and idx < len(nums) else idx + 1
    return f"{lst}.{n}.{m.group(4)}"


def _cell_value(plan: Plan, cells: list[str | None], column: str) -> str:
    for col in plan.columns:
        if col.name == column and col.index < len(cells):
            return shown(cells[col.index] or "")
    return ""


# ------------------------------------------------------------------------------------------------
# a chunk of rows -> CSV text (runs in a worker process, or in this one)

_STATE: dict[str, Any] = {}


def _init_worker(plan: Plan) -> None:
    _STATE["plan"] = plan
    _STATE["memos"] = {}


def _die_with_parent() -> None:
    """A worker ends when the main process does, even killed with SIGKILL: on Linux the kernel
    sends it SIGKILL (PR_SET_PDEATHSIG); everywhere a thread watches the parent and exits."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent died before the call took effect
            os._exit(1)
    import multiprocessing as mp
    proc = mp.parent_process()

    def watch() -> None:
        if proc is not None:
            proc.join()
        else:
            while os.getppid() == parent:
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _init_pool_worker(plan: Plan, in_order: tuple[Any, str, Any] | None = None) -> None:
    # the parent handles Ctrl-C and termination, then stops the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _init_worker(plan)
    if in_order is not None:
        try:
            _STATE["in_order"] = _InOrder(*in_order)
        except OSError:
            # the run's temporary output is gone: the main process, terminated while this worker
            # was starting, has already removed its files. End quietly (an exception here is
            # printed by the pool with its traceback); the main process reports a worker lost in
            # a run that was not ending.
            os._exit(1)
    # what the worker inherited (the policies, the models) lives as long as it does: the collector
    # no longer walks it (a full collection walked it all, ~4% of a row) nor copies its pages
    gc.freeze()


class Terminated(KeyboardInterrupt):
    """SIGTERM during a run: unwinds like Ctrl-C, so the temporary files are removed."""


_STOP: dict[str, bool] = {"term": False}


def _on_sigterm(signum: int, frame: Any) -> None:
    # noted here, raised between chunks: an exception inside the pool's machinery could hang it
    _STOP["term"] = True


def _check_stop() -> None:
    if _STOP["term"]:
        _STOP["term"] = False
        raise Terminated()


def _validate(data: dict[str, Any], numbering: dict[str, list[int]], plan: Plan
              ) -> tuple[Scenario | None, list[tuple[str, str]]]:
    try:
        return Scenario.model_validate(data), []
    except ValidationError as e:
        out = []
        for err in e.errors():
            field = _field_of(tuple(err.get("loc") or ()), numbering)
            out.append((field, with_label(field_label(field, plan.lang), validation_problem(err, plan.lang),
                                          plan.lang)))
        return None, out


def _scenario(data: dict[str, Any], numbering: dict[str, list[int]], checked: Checked | None, plan: Plan
              ) -> tuple[Scenario | None, list[tuple[str, str]]]:
    """The row's scenario: built from its checked values when every cell passed its field's check,
    else validated by the model as a whole, with its problems."""
    if checked is not None:
        sc = _checks().scenario(*checked)
        if sc is not None:
            return sc, []
    return _validate(data, numbering, plan)


def run_chunk(chunk: list[tuple[int, list[str | None]]]) -> tuple[bytes, bytes, bytes, int, int]:
    """Evaluate rows ``(row number, cells)``; returns the UTF-8 text for the three files and the
    counts of rows and of bad rows. The text is what ``csv.writer(f, lineterminator="\\r\\n")``
    writes for :func:`item_rows`, :func:`summary_row` and the problems (``csv_line``, ``item_csv``),
    encoded here so that the main process only copies bytes."""
    plan: Plan = _STATE["plan"]
    memos = _STATE.setdefault("memos", {})
    fixed = _STATE.get("fixed")
    if fixed is None:
        fixed = _STATE["fixed"] = FixedParts()
    lang = plan.lang
    out: list[bytes] = []
    summ: list[str] = []
    errs: list[str] = []
    bad = 0
    for rowno, cells in chunk:
        data, problems, numbering, extra, checked = _build(plan, cells, memos)
        result = None
        failed = {p[0] for p in problems if p[3] == "error"}
        sc, vproblems = _scenario(data, numbering, checked if not failed else None, plan)
        for field, reason in vproblems:
            col = plan.column_of(field)
            if col not in failed:  # a cell that could not be read is reported once, and is not "missing"
                problems.append((col, _cell_value(plan, cells, col), reason, "error"))
        if not failed:
            if sc is not None:
                try:
                    # no steps, no questions (the files show neither); outcomes kept by the values
                    # each measure reads, the date only where it reads it (rows share most of a
                    # measure's inputs far more often than all of a scenario's); the headline
                    # stays, its amounts alone: the summary's grand total and headline columns
                    result = evaluate(sc, lang, steps=False, memo=False, reuse=True, headline_amounts=True)
                except InputError as e:
                    for field, reason in e.problems:
                        col = plan.column_of(_column_of(field, numbering))
                        problems.append((col, _cell_value(plan, cells, col),
                                         with_label(field_label(field, lang), reason, lang), "error"))
                except Exception as e:  # an engine failure on this row: stop the run, name the row
                    raise RuntimeError(f"row {rowno}: {e.__class__.__name__}: {e}") from e
        for col, value, reason, severity in problems:
            errs.append(csv_line([str(rowno), *extra, col, value, reason, severity]))
        if result is None:
            bad += 1
            jur = data.get("jurisdiction")
            as_of = data.get("as_of")
            summ.append(csv_line(invalid_summary_row(rowno, jur if isinstance(jur, str) else None,
                                                     as_of.isoformat() if isinstance(as_of, date) else None,
                                                     sum(1 for p in problems if p[3] == "error"), extra)))
            continue
        out.append(item_csv(result, rowno, _renamer(plan, numbering), extra, fixed))
        summ.append(csv_line(summary_row(result, rowno, extra)))
    return (b"".join(out), "".join(summ).encode("utf-8"), "".join(errs).encode("utf-8"),
            len(chunk), bad)


def _renamer(plan: Plan, numbering: dict[str, list[int]]) -> Callable[[str], str]:
    """A needed input as the engine names it (``loans[0].principal``) -> the column as the file names it."""
    column_of = plan.column_of

    def rename(n: str) -> str:
        if "[" not in n and "." not in n:  # a scalar input: no item number to map
            return column_of(n)
        return column_of(_column_of(n, numbering))
    return rename


# ------------------------------------------------------------------------------------------------
# reading: CSV (UTF-8, UTF-16 or GB18030) and XLSX (openpyxl read-only), both streamed and bounded

class InputProblem(Exception):
    """The input as a whole cannot be read; ``problems`` as (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


class _Source:
    """Rows as (row number, cells), a cell being stripped text or None; row 1 is the first line."""

    def __init__(self, rows: Iterator[tuple[int, list[str | None]]], fraction: Callable[[], float | None],
                 close: Callable[[], None]):
        self.rows = rows
        self.fraction = fraction
        self.close = close


def _sniff_encoding(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(1 << 20)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"  # what a spreadsheet's "Unicode text" saves
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(head) - 4:
            return "utf-8-sig"
    return "gb18030"


def _lines(text: TextIO, lang: str, state: dict[str, int]) -> Iterator[str]:
    """The lines of ``text``, each at most :data:`MAX_LINE_CHARS` long."""
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        state["line"] += 1
        if len(line) > MAX_LINE_CHARS:
            raise InputProblem([("(file)", lgettext("line {row}: longer than {limit} characters", lang).format(
                row=state["line"], limit=number(MAX_LINE_CHARS, lang)))])
        yield line


def _csv_source(path: Path, lang: str) -> _Source:
    enc = _sniff_encoding(path)
    raw = path.open("rb")
    size = os.fstat(raw.fileno()).st_size or 1
    text = io.TextIOWrapper(raw, encoding=enc, newline="")
    state = {"line": 0}
    first = text.readline(MAX_LINE_CHARS + 1)
    text.seek(0)
    delim = "\t" if "\t" in first and "," not in first else ","

    def rows() -> Iterator[tuple[int, list[str | None]]]:
        n = 0
        try:
            for rec in csv.reader(_lines(text, lang, state), delimiter=delim):
                n += 1
                if len(rec) > MAX_COLUMNS:
                    raise InputProblem([("(file)", lgettext("row {row}: more than {limit} columns", lang).format(
                        row=n, limit=number(MAX_COLUMNS, lang)))])
                yield n, [(s.strip() or None) for s in rec]
        except UnicodeDecodeError:
            raise InputProblem([("(file)", lgettext("row {row}: the file is neither UTF-8 nor GB18030 text",
                                                    lang).format(row=n + 1))]) from None
        except csv.Error as e:
            if "field larger" in str(e):
                why = lgettext("a cell longer than {limit} characters", lang).format(
                    limit=number(csv.field_size_limit(), lang))
            elif "NUL" in str(e):
                why = lgettext("it holds a NUL character: is it a text file?", lang)
            else:
                why = lgettext("a quotation mark is not closed", lang)
            raise InputProblem([("(file)", lgettext("row {row}: not valid CSV: {why}", lang).format(
                row=n + 1, why=why))]) from None

    return _Source(rows(), lambda: min(raw.tell() / size, 1.0), text.close)


def _xlsx_cell(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v.strip() or None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        # the 15 significant digits a spreadsheet shows: 0.1+0.2 stays 0.3
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else format(v, ".15g")
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == _time(0) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v).strip() or None


def _refuse(message: str) -> InputProblem:
    return InputProblem([("(file)", message)])


def check_xlsx(path: Path, lang: str = "en_US") -> None:
    """Refuse a workbook that would take more than its size's worth of memory or time to read: too
    big a file, too many parts, a part that unpacks too large or too many times its packed size
    (shared strings, a single huge cell, millions of empty rows)."""
    import zipfile

    def mb(n: int) -> str:
        return number(max(1, round(n / 2**20)), lang)

    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        raise _refuse(lgettext("the workbook is {size} MB; at most {limit} MB is read: save it as CSV, which "
                               "has no limit", lang).format(size=mb(size), limit=mb(MAX_XLSX_BYTES)))
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(_unreadable(path, lang)) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_XLSX_PARTS:
            raise _refuse(lgettext("the workbook has {n} parts; at most {limit} are read", lang).format(
                n=number(len(infos), lang), limit=number(MAX_XLSX_PARTS, lang)))
        for info in infos:
            name = info.filename
            kind = name if name in MAX_XLSX_PART else (
                "sheet" if name.startswith("xl/worksheets/") else "other")
            limit = MAX_XLSX_PART[kind]
            if info.file_size > limit:
                raise _refuse(lgettext("the workbook's part {part} unpacks to {size} MB; at most {limit} MB is "
                                       "read", lang).format(part=name, size=mb(info.file_size), limit=mb(limit)))
            packed = max(info.compress_size, 1)
            if info.file_size > 16 * 2**20 and info.file_size > MAX_XLSX_RATIO * packed:
                raise _refuse(lgettext("the workbook's part {part} unpacks to {ratio} times its packed size; at "
                                       "most {limit} times is read (a damaged or hostile file)", lang).format(
                    part=name, ratio=number(info.file_size // packed, lang), limit=MAX_XLSX_RATIO))


def _unreadable(path: Path, lang: str) -> str:
    return lgettext("cannot read {name} as an XLSX workbook (damaged, or another format): save it again as "
                    ".xlsx or .csv", lang).format(name=path.name)


def _xlsx_source(path: Path, lang: str) -> _Source:
    check_xlsx(path, lang)
    from openpyxl import load_workbook
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl's notes about styles it skips
            wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - a damaged or foreign file: one readable line
        raise _refuse(_unreadable(path, lang)) from None
    if not wb.worksheets:
        wb.close()
        raise InputProblem([("(file)", lgettext("the workbook has no sheet", lang))])
    ws = wb.worksheets[0]
    total = ws.max_row if isinstance(ws.max_row, int) and ws.max_row > 0 else None
    state = {"n": 0}

    def rows() -> Iterator[tuple[int, list[str | None]]]:
        for rec in ws.iter_rows(values_only=True):
            state["n"] += 1
            if state["n"] > MAX_ROWS:
                raise InputProblem([("(file)", lgettext("the sheet has more than {limit} rows (a spreadsheet's "
                                                        "own limit)", lang).format(limit=number(MAX_ROWS, lang)))])
            if len(rec) > MAX_COLUMNS:
                raise InputProblem([("(file)", lgettext("row {row}: more than {limit} columns", lang).format(
                    row=state["n"], limit=number(MAX_COLUMNS, lang)))])
            yield state["n"], [_xlsx_cell(v) for v in rec]

    return _Source(rows(), lambda: (state["n"] / total) if total else None, wb.close)


def open_source(path: str | Path, lang: str = "en_US") -> _Source:
    p = Path(path)
    if not p.is_file():
        raise InputProblem([("(file)", lgettext("{path} does not exist or is not a file", lang).format(path=p))])
    suffix = p.suffix.lower()
    if suffix == ".xls":
        raise InputProblem([("(file)", lgettext("old .xls workbooks are not read; save as .xlsx or .csv", lang))])
    if suffix in XLSX_SUFFIXES:
        return _xlsx_source(p, lang)
    return _csv_source(p, lang)


# ------------------------------------------------------------------------------------------------
# progress on stderr

class _Progress:
    def __init__(self, enabled: bool | None, stream: TextIO, lang: str):
        self.stream = stream
        self.lang = lang
        self.live = stream.isatty() if enabled is None else enabled
        self.start = time.perf_counter()
        self.last = float("-inf")

    def update(self, rows: int, bad: int, fraction: float | None) -> None:
        if not self.live:
            return
        now = time.perf_counter()
        if now - self.last < 0.2:
            return
        self.last = now
        rate = rows / max(now - self.start, 1e-9)
        if fraction is not None:
            filled = int(24 * fraction)
            bar = f"[{'#' * filled}{'.' * (24 - filled)}] {fraction * 100:3.0f}% "
        else:
            bar = ""
        self.stream.write("\r" + bar + lgettext("{rows} rows  {rate} rows/s  {bad} bad ", self.lang).format(
            rows=f"{rows:,}", rate=f"{rate:,.0f}", bad=f"{bad:,}"))
        self.stream.flush()

    def finish(self, rows: int, bad: int, out: Path, workers: int) -> None:
        secs = time.perf_counter() - self.start
        if self.live:
            self.stream.write("\r" + " " * 72 + "\r")
        procs = (lgettext("{n} worker processes", self.lang).format(n=workers) if workers > 1
                 else lgettext("1 process", self.lang))
        self.stream.write(lgettext("{rows} rows in {secs} s ({rate} rows/s, {procs}), {bad} bad -> {out}",
                                   self.lang).format(rows=f"{rows:,}", secs=f"{secs:.1f}",
                                                     rate=f"{rows / max(secs, 1e-9):,.0f}", procs=procs,
                                                     bad=f"{bad:,}", out=out) + "\n")
        self.stream.flush()


# ------------------------------------------------------------------------------------------------
# the run

def side_paths(out: Path, errors_path: str | Path | None = None) -> tuple[Path, Path]:
    """The summary and errors files that go with OUTPUT (``x.csv`` -> ``x.summary.csv``, ``x.errors.csv``)."""
    stem = out.with_suffix("") if out.suffix.lower() == ".csv" else out
    summary = stem.with_name(stem.name + ".summary.csv")
    errors = Path(errors_path) if errors_path else stem.with_name(stem.name + ".errors.csv")
    return summary, errors


class _InOrder:
    """In a worker: appends the item rows of its chunks to the main output's temporary file, each
    once the chunks before it are in. ``turn`` (shared by the main process and the workers) is the
    number of chunks appended, or -1 - errno once an append failed. Only the worker holding chunk
    ``turn`` changes it, so it needs no lock. A chunk whose turn has not come is held, and appended
    when the worker ends a later chunk, or at the end of the run (:func:`_drain`); the worker goes
    on meanwhile."""

    def __init__(self, turn: Any, path: str, barrier: Any):
        self.turn, self.barrier = turn, barrier
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        self.held: dict[int, bytes] = {}
        self.behind = _DropBehind(self.fd)

    def put(self, k: int, items: bytes) -> None:
        self.held[k] = items
        self.append()

    def append(self) -> None:
        """Append the held chunks whose turn has come."""
        held, turn = self.held, self.turn
        while held:
            k = turn.value
            data = held.pop(k, None) if k >= 0 else None
            if data is None:
                if k < 0:   # another worker's append failed: the run ends
                    held.clear()
                return
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(self.fd, view):]
            except OSError as e:
                turn.value = -1 - (e.errno or 5)
                held.clear()
                return
            turn.value = k + 1
            self.behind.wrote()


class _DropBehind:
    """Asks the kernel to write out, and then drop from its cache, what lies more than
    :attr:`LAG` bytes behind the end of a file being appended to: a batch's main output runs to
    gigabytes, read by no one while written; kept in the cache it would take that much memory
    (evicting what others use) and, where memory comes back cold (a virtual machine returning
    free pages), cost the kernel more than writing it. Each range is asked twice: once to start
    its writing out, and again a lag later, when it is written and can go."""

    LAG = 16 << 20

    def __init__(self, fd: int):
        self.fd = fd
        self.start = 0
        self.ok = hasattr(os, "posix_fadvise")

    def wrote(self) -> None:
        if not self.ok:
            return
        try:
            end = os.lseek(self.fd, 0, os.SEEK_END)
            stop = end - self.LAG
            if stop > self.start:
                os.posix_fadvise(self.fd, self.start, stop - self.start, os.POSIX_FADV_DONTNEED)
                self.start = max(0, stop - self.LAG)
        except OSError:   # a file system that cannot: the cache keeps it, as any file
            self.ok = False


def run_chunk_in_order(chunk: list[tuple[int, list[str | None]]], k: int) -> tuple[bytes, bytes, bytes, int, int]:
    """:func:`run_chunk` in a worker process, as the ``k``-th chunk of the run (from 0): its item
    rows (the big text: ~20 kB a scenario) are appended to the output by the worker itself
    (:class:`_InOrder`) instead of sent back through the pool's pipe and written again."""
    items, summ, errs, n, bad = run_chunk(chunk)
    _STATE["in_order"].put(k, items)
    return b"", summ, errs, n, bad


def _drain() -> None:
    """At the end of a run, in every worker at once (the barrier holds each worker to one such
    task): append what it holds as its turns come."""
    w: _InOrder = _STATE["in_order"]
    w.barrier.wait()
    while w.held:
        w.append()
        if w.held:
            time.sleep(0.0005)


def _wait_appended(turn: Any, total: int, pool: Any, workers: int) -> None:
    """Have the workers append what they still hold, and return once all ``total`` chunks are in;
    raise what failed an append (a worker that died makes the pool raise BrokenProcessPool)."""
    if 0 <= turn.value < total:
        for f in [pool.submit(_drain) for _ in range(workers)]:
            f.result()
    if turn.value < 0:
        raise OSError(-1 - turn.value, os.strerror(-1 - turn.value))
    if turn.value != total:
        raise RuntimeError(f"the workers appended {turn.value} chunks of {total}")


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # Windows, macOS
        return max(1, os.cpu_count() or 1)


def _mp_context() -> Any:
    import multiprocessing as mp
    # fork shares the loaded policies with the workers; elsewhere (Windows) workers start fresh
    if sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods():
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _chunks(rows: Iterator[tuple[int, list[str | None]]], size: int) -> Iterator[list[tuple[int, list[str | None]]]]:
    chunk: list[tuple[int, list[str | None]]] = []
    for r in rows:
        if all(c is None for c in r[1]):
            continue  # a blank line is not a scenario
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


try:
    import fcntl as _fcntl
except ImportError:  # Windows: an open file cannot be removed, which protects a running batch's parts
    _fcntl = None  # type: ignore[assignment]


def _part_prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_parts(targets: list[Path]) -> list[Path]:
    """Remove the temporary ``.part`` files a killed run left beside ``targets``. A running batch holds
    a lock on each of its parts (on Windows: keeps it open), so only abandoned ones go."""
    removed = []
    for t in targets:
        try:
            names = os.listdir(t.parent)
        except OSError:
            continue
        pre = _part_prefix(t)
        for name in names:
            if name.startswith(pre) and name.endswith(".spool"):
                if _remove_stale_spool(t.parent / name):
                    removed.append(t.parent / name)
                continue
            if not (name.startswith(pre) and name.endswith(".part")):
                continue
            p = t.parent / name
            try:
                if _fcntl is not None:
                    with open(p, "rb") as f:
                        try:
                            _fcntl.flock(f.fileno(), _fcntl.LOCK_EX | _fcntl.LOCK_NB)
                        except OSError:
                            continue  # a running batch's
                        p.unlink()
                else:
                    p.unlink()
                removed.append(p)
            except OSError:
                continue
    return removed


def _remove_stale_spool(p: Path) -> bool:
    """Remove a spool folder (where earlier versions' workers wrote their item rows, holding a lock
    on its ``lock`` file while running) that no running batch holds."""
    import shutil
    try:
        if _fcntl is not None:
            try:
                with open(p / "lock", "rb") as f:
                    try:
                        _fcntl.flock(f.fileno(), _fcntl.LOCK_EX | _fcntl.LOCK_NB)
                    except OSError:
                        return False  # a running batch's
                    shutil.rmtree(p)
                    return True
            except FileNotFoundError:
                pass
        shutil.rmtree(p)
        return True
    except OSError:
        return False


class _Outputs:
    """The three files, written to temporary names beside their targets and renamed at the end."""

    def __init__(self, targets: list[Path]):
        self.targets = targets
        self.tmp: list[Path] = []
        self.files: list[BinaryIO] = []
        self.behind: _DropBehind | None = None
        try:
            for t in targets:
                fd, name = tempfile.mkstemp(prefix=_part_prefix(t), suffix=".part", dir=t.parent)
                self.tmp.append(Path(name))
                if _fcntl is not None:  # see remove_stale_parts()
                    _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
                if hasattr(os, "fchmod"):  # mkstemp makes 0600; give the file the usual mode
                    os.fchmod(fd, 0o666 & ~_umask())
                self.files.append(os.fdopen(fd, "wb"))
        except BaseException:
            self.discard()
            raise

    def headers(self, headers: list[tuple[str, ...]]) -> None:
        """The byte-order mark (spreadsheets open the files as UTF-8 by it) and the header rows."""
        for f, h in zip(self.files, headers):
            f.write(codecs.BOM_UTF8 + csv_line(h).encode("utf-8"))

    def write(self, texts: tuple[bytes, ...]) -> None:
        """Append each text to its file (the main output's dropped from the cache behind it, see
        :class:`_DropBehind`)."""
        for f, t in zip(self.files, texts):
            if t:
                f.write(t)
        if texts[0]:
            if self.behind is None:
                self.behind = _DropBehind(self.files[0].fileno())
            self.behind.wrote()

    def commit(self) -> None:
        for f in self.files:
            f.flush()
            os.fsync(f.fileno())
        # the main output last: when it exists, its companions are complete too
        for tmp, target in reversed(list(zip(self.tmp, self.targets))):
            os.replace(tmp, target)
        for f in self.files:
            f.close()
        self.tmp = []

    def discard(self) -> None:
        for f in self.files:
            try:
                f.close()
            except OSError:
                pass
        for p in self.tmp:
            try:
                p.unlink()
            except FileNotFoundError:
                pass
        self.tmp = []


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _print_problems(problems: list[tuple[str, str]], stream: TextIO) -> None:
    for f, m in problems[:100]:
        print(f"{shown(f)}: {m}", file=stream)
    if len(problems) > 100:
        print(f"(file): +{len(problems) - 100}", file=stream)


def check_destinations(out: str | Path, errors_path: str | Path | None, input: str | Path,
                       lang: str) -> list[tuple[str, str]]:
    """What is wrong with the output names, before any work (option, message)."""
    problems: list[tuple[str, str]] = []
    if str(out).strip() == "":
        return [("--out", lgettext("give the name of a .csv file to write", lang))]
    if errors_path is not None and str(errors_path).strip() == "":
        return [("--errors", lgettext("give the name of a .csv file to write", lang))]
    out_p = Path(out)
    if out_p.is_dir() or str(out).endswith(("/", os.sep)) or not out_p.name:
        return [("--out", lgettext("{path} is a folder: give the name of a .csv file in it", lang).format(path=out))]
    if out_p.suffix.lower() in XLSX_SUFFIXES | {".xls"}:
        return [("--out", lgettext("the output is CSV: give a .csv name", lang))]
    summary_p, errors_p = side_paths(out_p, errors_path)
    for opt, t in (("--out", out_p), ("--out", summary_p), ("--errors" if errors_path else "--out", errors_p)):
        if t.is_dir() or str(t).endswith(("/", os.sep)):
            problems.append((opt, lgettext("{path} is a folder: give the name of a .csv file in it", lang).format(
                path=t)))
        elif t.exists() and not t.is_file():
            problems.append((opt, lgettext("{path} exists and is not a regular file", lang).format(path=t)))
        elif not t.parent.is_dir():
            problems.append((opt, lgettext("folder {folder} does not exist", lang).format(folder=t.parent)))
        if problems:
            return problems[:1]
    targets = [out_p, summary_p, errors_p]
    in_p = Path(input)
    try:
        clash = any(in_p.exists() and t.exists() and os.path.samefile(in_p, t) for t in targets)
    except OSError:
        clash = False
    if clash or len({t.resolve() for t in targets}) < 3:
        problems.append(("--out", lgettext("the output, summary and errors files must differ from each other "
                                           "and from the input", lang)))
    return problems


def run_batch(input: str | Path, out: str | Path, *, lang: str = "zh_CN",
              errors_path: str | Path | None = None, workers: int | None = None,
              progress: bool | None = None, chunk_rows: int | None = None,
              stderr: TextIO | None = None) -> int:
    """Evaluate every row of ``input`` into ``out`` and its summary and errors files.

    Returns the exit code: 0 every row evaluated (warnings, such as a column that is not an input,
    go to the errors file and stderr); 2 a row or the header was bad (see the errors file), or the
    input or the destinations could not be used at all (nothing written; the problem on stderr). An
    internal failure raises, and leaves no output behind.
    """
    err = stderr or sys.stderr
    if lang not in LANGS:
        _print_problems([("--lang", f"must be one of {', '.join(LANGS)}")], err)
        return 2
    if workers is not None and workers < 1:
        _print_problems([("--workers", lgettext("must be 1 or more", lang))], err)
        return 2
    problems = check_destinations(out, errors_path, input, lang)
    if problems:
        _print_problems(problems, err)
        return 2
    out_p = Path(out)
    summary_p, errors_p = side_paths(out_p, errors_path)
    targets = [out_p, summary_p, errors_p]
    cores = default_workers()
    if workers is not None and workers > cores:
        print(lgettext("--workers {asked}: capped at {cores}, the cores this machine gives the program",
                       lang).format(asked=workers, cores=cores), file=err)
        workers = cores
    on_main = threading.current_thread() is threading.main_thread()
    _STOP["term"] = False
    old_term = signal.signal(signal.SIGTERM, _on_sigterm) if on_main else None
    try:
        return _run(input, lang, targets, errors_path, workers, progress, chunk_rows, err)
    finally:
        if on_main:
            signal.signal(signal.SIGTERM, old_term if old_term is not None else signal.SIG_DFL)


def _run(input: str | Path, lang: str, targets: list[Path], errors_path: str | Path | None,
         workers: int | None, progress: bool | None, chunk_rows: int | None, err: TextIO) -> int:
    out_p, summary_p, errors_p = targets
    remove_stale_parts(targets)
    try:
        outputs: _Outputs | None = _Outputs(targets)
    except OSError as e:
        opt = "--errors" if errors_path and Path(e.filename or "").parent == errors_p.parent != out_p.parent \
            else "--out"
        _print_problems([(opt, lgettext("cannot write in folder {folder}: {why}", lang).format(
            folder=Path(e.filename or out_p).parent if e.filename else out_p.parent,
            why=e.strerror or e.__class__.__name__))], err)
        return 2
    try:
        src = open_source(input, lang)
    except InputProblem as e:
        outputs.discard()
        _print_problems(e.problems, err)
        return 2
    header_problems: list[tuple[str, str]] = []
    try:
        try:
            header = None
            for n, cells in src.rows:
                if any(c is not None for c in cells):
                    header = cells
                    break
                if n > MAX_LEADING_BLANK:
                    raise InputProblem([("(file)", lgettext("no header in the first {n} rows", lang).format(
                        n=number(MAX_LEADING_BLANK, lang)))])
            if header is None:
                raise InputProblem([("(file)", lgettext("no header row: the input is empty", lang))])
            plan, fatal, header_problems = make_plan(header, lang)
            if fatal:
                raise InputProblem(fatal)
            outputs.headers([with_extra(ITEM_COLUMNS, plan.extra), with_extra(SUMMARY_COLUMNS, plan.extra),
                             with_extra(ERROR_COLUMNS, plan.extra)])
            head_rows = []
            blank = [""] * len(plan.extra)
            for name, reason in header_problems:
                head_rows.append(csv_line(["1", *blank, name, "", reason, "warning"]))
                print(lgettext("warning: column {name}: {reason}", lang).format(name=name, reason=reason), file=err)
            outputs.write((b"", b"", "".join(head_rows).encode("utf-8")))
            rows, bad = _process(src, plan, outputs, workers, chunk_rows or CHUNK_ROWS,
                                 _Progress(progress, err, lang))
            _check_stop()
        except InputProblem as e:
            outputs.discard()
            _print_problems(e.problems, err)
            return 2
        outputs.commit()
    except BaseException as e:
        outputs.discard()
        if isinstance(e, KeyboardInterrupt):
            print("\n" + lgettext("batch {what}: nothing written to {out}", lang).format(
                what=lgettext("terminated", lang) if isinstance(e, Terminated) else lgettext("interrupted", lang),
                out=out_p), file=err)
        raise
    finally:
        src.close()
    if bad:
        print((lgettext("1 bad row: see {path}", lang) if bad == 1 else
               lgettext("{n} bad rows: see {path}", lang)).format(n=f"{bad:,}", path=errors_p), file=err)
        return 2
    return 0


def _process(src: _Source, plan: Plan, outputs: _Outputs, workers: int | None, chunk_rows: int,
             prog: _Progress) -> tuple[int, int]:
    n_workers = default_workers() if workers is None else max(1, min(workers, default_workers()))
    chunks = _chunks(src.rows, chunk_rows)
    rows = bad = 0

    failed = None   # the workers' appending (see _InOrder), when they do it

    def take(res: tuple[bytes, bytes, bytes, int, int]) -> None:
        nonlocal rows, bad
        _check_stop()
        if failed is not None and failed.value < 0:
            raise OSError(-1 - failed.value, os.strerror(-1 - failed.value))
        outputs.write(res[:3])
        rows += res[3]
        bad += res[4]
        prog.update(rows, bad, src.fraction())

    # a pool pays only past a few chunks: look ahead before starting one
    ahead: list[list[tuple[int, list[str | None]]]] = []
    if n_workers > 1:
        for c in chunks:
            ahead.append(c)
            if len(ahead) > 2:
                break
    if n_workers == 1 or len(ahead) <= 2:
        n_workers = 1
        _init_worker(plan)
        gc.freeze()  # as in a worker (see _init_pool_worker), for the length of the run
        try:
            for c in ahead:
                take(run_chunk(c))
            for c in chunks:
                take(run_chunk(c))
        finally:
            gc.unfreeze()
    else:
        # a worker that dies (killed, out of memory) fails the run with BrokenProcessPool instead
        # of leaving it waiting, which multiprocessing.Pool would
        window = 2 * n_workers + 2
        pending: deque = deque()
        # on Linux the workers append their item rows to the output themselves, in order: they
        # are most of the output, and through the pool's pipe they cost both sides pickling and
        # copying (about 6% of a run's CPU), written to files and copied after about 4%
        ctx = _mp_context()
        in_order = None
        if sys.platform.startswith("linux"):
            outputs.files[0].flush()   # the header first
            turn = ctx.Value("q", 0, lock=False)
            in_order = (turn, str(outputs.tmp[0]), ctx.Barrier(n_workers))
            failed = turn
        with ProcessPoolExecutor(n_workers, mp_context=ctx, initializer=_init_pool_worker,
                                 initargs=(plan, in_order)) as pool:
            try:
                k = 0
                for c in _chain(ahead, chunks):
                    _check_stop()
                    if in_order is not None:
                        pending.append(pool.submit(run_chunk_in_order, c, k))
                    else:
                        pending.append(pool.submit(run_chunk, c))
                    k += 1
                    if len(pending) >= window:
                        take(pending.popleft().result())
                while pending:
                    take(pending.popleft().result())
                if in_order is not None:  # before the pool ends: a worker's rows may still be held
                    _wait_appended(turn, k, pool, n_workers)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    prog.finish(rows, bad, outputs.targets[0], n_workers)
    return rows, bad


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest
