"""Batch evaluation: one scenario per CSV or XLSX row, for service centres (README, "Batch").

The input is streamed: rows are read in chunks, evaluated (in a pool of worker processes when the
input is long enough for the pool to pay), and written in input order as they come back; no more
than a few chunks are ever held. Three files are written to temporary names beside OUTPUT and
renamed into place only when the run has finished, OUTPUT last: they appear complete or not at all.

- OUTPUT: one row per scenario and measure (:data:`calc_app.reports.csv_rows.ITEM_COLUMNS`);
- OUTPUT stem + ``.summary.csv``: one row per input row with the totals per effect;
- OUTPUT stem + ``.errors.csv`` (or ``errors_path``): one row per problem of a bad input row.

The columns a batch file may carry come from the scenario model: every scalar field, and for each
list input ``<list>.<n>.<item field>`` numbered from 1 (``loans.1.principal``), plus ``<list>``
holding ``0`` for "has none". An empty cell is unknown. Qt is never imported here.
"""
from __future__ import annotations

import csv
import difflib
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
from typing import Any, Callable, Iterator, TextIO

from calc_app.engine.evaluate import LANGS, InputError, evaluate, validate_scenario
from calc_app.models.inputs.lists import ITEM_FIELDS, LIST_MODELS
from calc_app.models.scenario import SCALAR_FIELDS, Scenario
from calc_app.reports.csv_rows import (ERROR_COLUMNS, ITEM_COLUMNS, SUMMARY_COLUMNS, invalid_summary_row,
                                       item_rows, summary_row)

CHUNK_ROWS = 100
"""Rows per unit of work sent to a worker process."""
NONE_WORDS = frozenset({"0", "none", "无"})
"""Values of a ``<list>`` column meaning the enterprise has no such item (an empty list)."""
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})

_ITEM_COLUMN = re.compile(r"([a-z_][a-z0-9_]*)\.([0-9]+)\.([a-z_][a-z0-9_]*)")
_ENGINE_ITEM = re.compile(r"([a-z_][a-z0-9_]*)(?:\[([0-9]+)\]|\.([0-9]+))\.([a-z_][a-z0-9_]*)")


# ------------------------------------------------------------------------------------------------
# columns

def required_columns() -> tuple[str, ...]:
    """The scalar fields without which no row can be evaluated (``jurisdiction``, ``as_of``)."""
    return tuple(n for n in SCALAR_FIELDS if Scenario.model_fields[n].is_required())


def input_columns(items: int = 1) -> list[str]:
    """Every column a batch file may carry, with ``items`` numbered columns per list input."""
    cols = list(required_columns()) + [n for n in SCALAR_FIELDS if n not in required_columns()]
    for lst in LIST_MODELS:
        cols.append(lst)
        for i in range(1, items + 1):
            cols += [f"{lst}.{i}.{f}" for f in ITEM_FIELDS[lst]]
    return cols


@dataclass(frozen=True)
class Column:
    index: int
    name: str
    kind: str            # scalar | item | none | unknown | blank
    field: str = ""      # the scalar, or the list the item belongs to
    number: int = 0      # the item's number, from 1
    item_field: str = ""


@dataclass(frozen=True)
class Plan:
    """What each column of the header means; built once, sent to every worker."""
    columns: tuple[Column, ...]
    lang: str


def _classify(index: int, raw: str) -> Column:
    name = raw.strip().lstrip("\ufeff").lower()
    if not name:
        return Column(index, f"(column {index + 1})", "blank")
    if name in SCALAR_FIELDS:
        return Column(index, name, "scalar", name)
    if name in LIST_MODELS:
        return Column(index, name, "none", name)
    m = _ITEM_COLUMN.fullmatch(name)
    if m and m.group(1) in LIST_MODELS and m.group(3) in ITEM_FIELDS[m.group(1)] and int(m.group(2)) >= 1:
        return Column(index, name, "item", m.group(1), int(m.group(2)), m.group(3))
    return Column(index, name, "unknown")


def _unknown_reason(name: str) -> str:
    m = _ITEM_COLUMN.fullmatch(name)
    if m and m.group(1) in LIST_MODELS:
        if int(m.group(2)) < 1:
            return f"unknown column: {m.group(1)} items are numbered from 1"
        close = difflib.get_close_matches(m.group(3), ITEM_FIELDS[m.group(1)], n=1)
        hint = f" (did you mean {m.group(1)}.{m.group(2)}.{close[0]}?)" if close else ""
        return f"unknown column: {m.group(1)} items have no field {m.group(3)!r}{hint}"
    close = difflib.get_close_matches(name, input_columns(), n=1)
    return "unknown column" + (f" (did you mean {close[0]}?)" if close else "")


def make_plan(header: list[Any], lang: str) -> tuple[Plan, list[tuple[str, str]], list[tuple[str, str]]]:
    """The plan, the header's fatal problems (nothing can be evaluated), and its warnings (an
    unknown column: rows with a value there are rejected, the others evaluated)."""
    cols = tuple(_classify(i, "" if h is None else str(h)) for i, h in enumerate(header))
    fatal: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for c in cols:
        if c.kind == "blank":
            continue
        if c.name in seen:
            fatal.append((c.name, f"column appears twice (columns {seen[c.name] + 1} and {c.index + 1})"))
        seen.setdefault(c.name, c.index)
    for req in required_columns():
        if req not in seen:
            fatal.append((req, "required column is missing"))
    header_problems = [(c.name, _unknown_reason(c.name)) for c in cols if c.kind == "unknown"]
    return Plan(cols, lang), fatal, header_problems


# ------------------------------------------------------------------------------------------------
# one row -> the scenario dict

def _build(plan: Plan, cells: list[str | None]) -> tuple[dict[str, Any], list[tuple[str, str]], dict[str, list[int]]]:
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    items: dict[str, dict[int, dict[str, str]]] = {}
    none_lists: list[Column] = []
    cols = plan.columns
    for col, v in zip(cols, cells):
        if v is None:
            continue
        k = col.kind
        if k == "scalar":
            data[col.field] = v
        elif k == "item":
            items.setdefault(col.field, {}).setdefault(col.number, {})[col.item_field] = v
        elif k == "none":
            if v.lower() in NONE_WORDS:
                none_lists.append(col)
            else:
                problems.append((col.name, f"write 0 for none, or leave it empty and fill the "
                                           f"{col.field}.1.* columns"))
        elif k == "unknown":
            problems.append((col.name, "unknown column"))
        else:
            problems.append((col.name, "a value in a column without a header"))
    if len(cells) > len(cols):
        for i in range(len(cols), len(cells)):
            if cells[i] is not None:
                problems.append((f"(column {i + 1})", "a value beyond the last header column"))
    for col in none_lists:
        if col.field in items:
            problems.append((col.name, f"says none, but {col.field}.N.* columns are filled"))
        else:
            data[col.field] = []
    numbering: dict[str, list[int]] = {}
    for lst, by_no in items.items():
        nums = sorted(by_no)
        data[lst] = [by_no[n] for n in nums]
        numbering[lst] = nums
    return data, problems, numbering


def _column_of(name: str, numbering: dict[str, list[int]]) -> str:
    """An engine or validation location (``loans[0].principal``, ``loans.0.principal``) as the
    batch column it came from (``loans.1.principal``)."""
    m = _ENGINE_ITEM.fullmatch(name)
    if not m:
        return name
    lst, idx = m.group(1), int(m.group(2) or m.group(3))
    nums = numbering.get(lst)
    number = nums[idx] if nums and idx < len(nums) else idx + 1
    return f"{lst}.{number}.{m.group(4)}"


def _cell_value(plan: Plan, cells: list[str | None], column: str) -> str:
    for col in plan.columns:
        if col.name == column and col.index < len(cells):
            return cells[col.index] or ""
    m = re.fullmatch(r"\(column ([0-9]+)\)", column)
    if m and int(m.group(1)) - 1 < len(cells):
        return cells[int(m.group(1)) - 1] or ""
    return ""


# ------------------------------------------------------------------------------------------------
# a chunk of rows -> CSV text (runs in a worker process, or in this one)

_STATE: dict[str, Any] = {}


def _init_worker(plan: Plan) -> None:
    _STATE["plan"] = plan


def _init_pool_worker(plan: Plan) -> None:
    # the parent handles Ctrl-C and termination, then stops the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _init_worker(plan)


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


def _writer(buf: io.StringIO) -> Any:
    return csv.writer(buf, lineterminator="\r\n")


def run_chunk(chunk: list[tuple[int, list[str | None]]]) -> tuple[str, str, str, int, int]:
    """Evaluate rows ``(row number, cells)``; returns the text for the three files and the counts
    of rows and of bad rows."""
    plan: Plan = _STATE["plan"]
    out, summ, errs = io.StringIO(), io.StringIO(), io.StringIO()
    w_out, w_sum, w_err = _writer(out), _writer(summ), _writer(errs)
    bad = 0
    for rowno, cells in chunk:
        data, problems, numbering = _build(plan, cells)
        result = None
        try:
            sc = validate_scenario(data)
        except InputError as e:
            problems += e.problems
        else:
            if not problems:
                try:
                    result = evaluate(sc, plan.lang, steps=False, enrich=False, memo=False)
                except InputError as e:
                    problems += e.problems
                except Exception as e:  # an engine failure on this row: stop the run, name the row
                    raise RuntimeError(f"row {rowno}: {e.__class__.__name__}: {e}") from e
        if result is None:
            bad += 1
            for field, reason in problems:
                col = _column_of(field, numbering)
                reason = reason.removeprefix("Value error, ")
                w_err.writerow([rowno, col, _cell_value(plan, cells, col), reason])
            jur = data.get("jurisdiction")
            as_of = data.get("as_of")
            w_sum.writerow(invalid_summary_row(rowno, jur if isinstance(jur, str) else None,
                                               as_of if isinstance(as_of, str) else None, len(problems)))
            continue
        w_out.writerows(item_rows(result, rowno, (lambda n: _column_of(n, numbering)) if numbering else None))
        w_sum.writerow(summary_row(result, rowno))
    return out.getvalue(), summ.getvalue(), errs.getvalue(), len(chunk), bad


# ------------------------------------------------------------------------------------------------
# reading: CSV (UTF-8 or GB18030) and XLSX (openpyxl read-only), both streamed

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
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(head) - 4:
            return "utf-8-sig"
    return "gb18030"


def _csv_source(path: Path) -> _Source:
    enc = _sniff_encoding(path)
    raw = path.open("rb")
    size = os.fstat(raw.fileno()).st_size or 1
    text = io.TextIOWrapper(raw, encoding=enc, newline="")

    def rows() -> Iterator[tuple[int, list[str | None]]]:
        n = 0
        try:
            for rec in csv.reader(text):
                n += 1
                yield n, [(s.strip() or None) for s in rec]
        except UnicodeDecodeError:
            raise InputProblem([("(file)", f"row {n + 1}: the file is neither UTF-8 nor GB18030 text")]) from None
        except csv.Error as e:
            raise InputProblem([("(file)", f"row {n + 1}: not valid CSV: {e}")]) from None

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


def _xlsx_source(path: Path) -> _Source:
    from openpyxl import load_workbook
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl's notes about styles it skips
            wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - a damaged or foreign file: one readable line
        raise InputProblem([("(file)", f"cannot read {path.name} as XLSX: {e}")]) from None
    ws = wb.worksheets[0]
    total = ws.max_row if isinstance(ws.max_row, int) and ws.max_row > 0 else None
    state = {"n": 0}

    def rows() -> Iterator[tuple[int, list[str | None]]]:
        for rec in ws.iter_rows(values_only=True):
            state["n"] += 1
            yield state["n"], [_xlsx_cell(v) for v in rec]

    return _Source(rows(), lambda: (state["n"] / total) if total else None, wb.close)


def open_source(path: str | Path) -> _Source:
    p = Path(path)
    if not p.is_file():
        raise InputProblem([("(file)", f"{p} does not exist or is not a file")])
    suffix = p.suffix.lower()
    if suffix == ".xls":
        raise InputProblem([("(file)", "old .xls workbooks are not read; save as .xlsx or .csv")])
    if suffix in XLSX_SUFFIXES:
        return _xlsx_source(p)
    return _csv_source(p)


# ------------------------------------------------------------------------------------------------
# progress on stderr

class _Progress:
    def __init__(self, enabled: bool | None, stream: TextIO):
        self.stream = stream
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
        self.stream.write(f"\r{bar}{rows:,} rows  {rate:,.0f} rows/s  {bad:,} bad ")
        self.stream.flush()

    def finish(self, rows: int, bad: int, out: Path, workers: int) -> None:
        secs = time.perf_counter() - self.start
        if self.live:
            self.stream.write("\r" + " " * 72 + "\r")
        procs = f"{workers} worker processes" if workers > 1 else "1 process"
        self.stream.write(f"{rows:,} rows in {secs:.1f} s ({rows / max(secs, 1e-9):,.0f} rows/s, {procs}), "
                          f"{bad:,} bad -> {out}\n")
        self.stream.flush()


# ------------------------------------------------------------------------------------------------
# the run

def side_paths(out: Path, errors_path: str | Path | None = None) -> tuple[Path, Path]:
    """The summary and errors files that go with OUTPUT (``x.csv`` -> ``x.summary.csv``, ``x.errors.csv``)."""
    stem = out.with_suffix("") if out.suffix.lower() == ".csv" else out
    summary = stem.with_name(stem.name + ".summary.csv")
    errors = Path(errors_path) if errors_path else stem.with_name(stem.name + ".errors.csv")
    return summary, errors


def default_workers() -> int:
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


class _Outputs:
    """The three files, written to temporary names beside their targets and renamed at the end."""

    def __init__(self, targets: list[Path], headers: list[tuple[str, ...]]):
        self.targets = targets
        self.tmp: list[Path] = []
        self.files: list[TextIO] = []
        try:
            for t, h in zip(targets, headers):
                fd, name = tempfile.mkstemp(prefix=f".{t.name}.", suffix=".part", dir=t.parent)
                self.tmp.append(Path(name))
                if hasattr(os, "fchmod"):  # mkstemp makes 0600; give the file the usual mode
                    os.fchmod(fd, 0o666 & ~_umask())
                f = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
                self.files.append(f)
                csv.writer(f, lineterminator="\r\n").writerow(h)
        except BaseException:
            self.discard()
            raise

    def write(self, texts: tuple[str, ...]) -> None:
        for f, t in zip(self.files, texts):
            if t:
                f.write(t)

    def commit(self) -> None:
        for f in self.files:
            f.flush()
            os.fsync(f.fileno())
            f.close()
        # the main output last: when it exists, its companions are complete too
        for tmp, target in reversed(list(zip(self.tmp, self.targets))):
            os.replace(tmp, target)
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
    for f, m in problems:
        print(f"{f}: {m}", file=stream)


def run_batch(input: str | Path, out: str | Path, *, lang: str = "zh_CN",
              errors_path: str | Path | None = None, workers: int | None = None,
              progress: bool | None = None, chunk_rows: int | None = None,
              stderr: TextIO | None = None) -> int:
    """Evaluate every row of ``input`` into ``out`` and its summary and errors files.

    Returns the exit code: 0 every row evaluated; 2 a row or the header was bad (see the errors
    file), or the input could not be read at all (nothing written; the problem on stderr). An
    internal failure raises, and leaves no output behind.
    """
    err = stderr or sys.stderr
    if lang not in LANGS:
        _print_problems([("--lang", f"must be one of {', '.join(LANGS)}")], err)
        return 2
    out_p = Path(out)
    if out_p.suffix.lower() in XLSX_SUFFIXES | {".xls"}:
        _print_problems([("--out", "the output is CSV: give a .csv name")], err)
        return 2
    summary_p, errors_p = side_paths(out_p, errors_path)
    in_p = Path(input)
    targets = [out_p, summary_p, errors_p]
    try:
        clash = any(in_p.exists() and t.exists() and os.path.samefile(in_p, t) for t in targets)
    except OSError:
        clash = False
    if clash or len({t.resolve() for t in targets}) < 3:
        _print_problems([("--out", "the output, summary and errors files must differ from each other "
                                   "and from the input")], err)
        return 2
    if not out_p.parent.is_dir():
        _print_problems([("--out", f"folder {out_p.parent} does not exist")], err)
        return 2

    try:
        src = open_source(in_p)
    except InputProblem as e:
        _print_problems(e.problems, err)
        return 2
    on_main = threading.current_thread() is threading.main_thread()
    _STOP["term"] = False
    old_term = signal.signal(signal.SIGTERM, _on_sigterm) if on_main else None
    outputs: _Outputs | None = None
    try:
        try:
            header = None
            for _, cells in src.rows:
                if any(c is not None for c in cells):
                    header = cells
                    break
            if header is None:
                raise InputProblem([("(file)", "no header row: the input is empty")])
            plan, fatal, header_problems = make_plan(header, lang)
            if fatal:
                raise InputProblem(fatal)
            outputs = _Outputs(targets, [ITEM_COLUMNS, SUMMARY_COLUMNS, ERROR_COLUMNS])
            head_rows = io.StringIO()
            hw = _writer(head_rows)
            for name, reason in header_problems:
                hw.writerow(["1", name, "", reason])
            outputs.write(("", "", head_rows.getvalue()))
            rows, bad = _process(src, plan, outputs, workers, chunk_rows or CHUNK_ROWS,
                                 _Progress(progress, err))
            _check_stop()
        except InputProblem as e:
            if outputs is not None:
                outputs.discard()
            _print_problems(e.problems, err)
            return 2
        outputs.commit()
    except BaseException as e:
        if outputs is not None:
            outputs.discard()
        if isinstance(e, KeyboardInterrupt):
            print(f"\nbatch {'terminated' if isinstance(e, Terminated) else 'interrupted'}: "
                  f"nothing written to {out_p}", file=err)
        raise
    finally:
        src.close()
        if on_main:
            signal.signal(signal.SIGTERM, old_term if old_term is not None else signal.SIG_DFL)
    if bad or header_problems:
        what = f"{bad:,} bad row{'s' if bad != 1 else ''}" if bad else "an unknown column"
        print(f"{what}: see {errors_p}", file=err)
        return 2
    return 0


def _process(src: _Source, plan: Plan, outputs: _Outputs, workers: int | None, chunk_rows: int,
             prog: _Progress) -> tuple[int, int]:
    n_workers = default_workers() if workers is None else max(1, workers)
    chunks = _chunks(src.rows, chunk_rows)
    rows = bad = 0

    def take(res: tuple[str, str, str, int, int]) -> None:
        nonlocal rows, bad
        _check_stop()
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
        for c in ahead:
            take(run_chunk(c))
        for c in chunks:
            take(run_chunk(c))
    else:
        # a worker that dies (killed, out of memory) fails the run with BrokenProcessPool instead
        # of leaving it waiting, which multiprocessing.Pool would
        window = 2 * n_workers + 2
        pending: deque = deque()
        with ProcessPoolExecutor(n_workers, mp_context=_mp_context(), initializer=_init_pool_worker,
                                 initargs=(plan,)) as pool:
            try:
                for c in _chain(ahead, chunks):
                    _check_stop()
                    pending.append(pool.submit(run_chunk, c))
                    if len(pending) >= window:
                        take(pending.popleft().result())
                while pending:
                    take(pending.popleft().result())
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    prog.finish(rows, bad, outputs.targets[0], n_workers)
    return rows, bad


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest
