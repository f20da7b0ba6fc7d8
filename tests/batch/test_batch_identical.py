"""The batch gives, byte for byte, what the per-scenario engine gives for each row: the three files
of a run over 2,000 varied scenarios (every jurisdiction, dates from 2019 to 2023, inputs missing or
present, zero to three loans, guarantees and bids) against ``item_rows`` and ``summary_row`` of
``evaluate()`` on each scenario, through worker processes and in one process."""
import csv
import io

import pytest

from calc_app.batch import _column_of, input_columns, run_batch, side_paths
from calc_app.engine.evaluate import evaluate
from calc_app.models.inputs.lists import LIST_MODELS
from calc_app.reports.csv_rows import ERROR_COLUMNS, ITEM_COLUMNS, SUMMARY_COLUMNS, item_rows, summary_row
from calc_app.samples import varied_scenarios

from batch_helpers import cell, flat

N = 2000


def _as_rows(scenarios):
    """Each scenario as a batch row, and the scenario the row means (an item with nothing filled
    does not exist in a row; a list with no item is written as 0, none)."""
    rows, meant = [], []
    for sc in scenarios:
        sc = dict(sc)
        row = {}
        for lst in LIST_MODELS:
            if lst in sc:
                sc[lst] = [it for it in sc[lst] if it]
                if not sc[lst]:
                    row[lst] = "0"
        row.update(flat(sc))
        rows.append(row)
        meant.append(sc)
    return rows, meant


def _csv(rows) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("identical")
    rows, meant = _as_rows(varied_scenarios(N, seed=4242))
    cols = input_columns(3)
    inp = tmp / "in.csv"
    with inp.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in rows:
            w.writerow([cell(r.get(c)) for c in cols])
    want_items, want_summary = [ITEM_COLUMNS], [SUMMARY_COLUMNS]
    for i, sc in enumerate(meant):
        rowno = i + 2
        numbering = {lst: list(range(1, len(sc[lst]) + 1)) for lst in LIST_MODELS if sc.get(lst)}
        result = evaluate(sc, "zh_CN", steps=False)
        want_items += item_rows(result, rowno, (lambda n: _column_of(n, numbering)) if numbering else None)
        want_summary.append(summary_row(result, rowno))
    return tmp, inp, b"\xef\xbb\xbf" + _csv(want_items), b"\xef\xbb\xbf" + _csv(want_summary)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_batch_files_are_the_engines_rows_byte_for_byte(run, workers):
    tmp, inp, want_items, want_summary = run
    out = tmp / f"out-{workers}.csv"
    err = io.StringIO()
    assert run_batch(inp, out, workers=workers, progress=False, stderr=err) == 0, err.getvalue()
    summary, errors = side_paths(out)
    got = out.read_bytes()
    assert got.count(b"\r\n") > 20 * N  # a row per scenario and measure
    assert got == want_items
    assert summary.read_bytes() == want_summary
    assert errors.read_bytes() == b"\xef\xbb\xbf" + _csv([ERROR_COLUMNS])
