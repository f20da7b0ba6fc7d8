"""Batch and files: bounded reading of workbooks and CSV, destinations checked before any work,
workers capped at the cores and ended with their parent, stale temporary files removed."""
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

import calc_app.batch as batch
from calc_app.batch import run_batch

from batch_helpers import ROOT, example, flat, read_csv, write_csv


def run(inp, out, **kw):
    err = io.StringIO()
    kw.setdefault("workers", 1)
    kw.setdefault("lang", "en_US")
    code = run_batch(inp, out, stderr=err, progress=False, **kw)
    return code, err.getvalue()


def small_xlsx(path: Path, rows: int = 1) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["jurisdiction", "as_of"])
    for _ in range(rows):
        ws.append(["cn", "2022-05-01"])
    wb.save(path)
    return path


def rewrite_sheet(src: Path, dst: Path, sheet_xml, compress=zipfile.ZIP_DEFLATED) -> Path:
    """A copy of workbook ``src`` whose first sheet is ``sheet_xml`` (bytes, or a writer function)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compress) as zout:
        for info in zin.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                if callable(sheet_xml):
                    with zout.open(info.filename, "w", force_zip64=True) as f:
                        sheet_xml(f)
                else:
                    zout.writestr(info.filename, sheet_xml)
            else:
                zout.writestr(info, zin.read(info.filename))
    return dst


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"


def nothing_written(tmp_path, keep=("in.csv", "in.xlsx", "bomb.xlsx", "plain.xlsx")):
    return sorted(p.name for p in tmp_path.iterdir() if p.name not in keep) == []


# ------------------------------------------------------------------------------------------------
# workbooks

def test_a_single_huge_cell_is_refused_before_reading(tmp_path):
    """64 MB of one cell in a file of a few hundred KB: refused by its unpacked size against its packed size."""
    plain = small_xlsx(tmp_path / "plain.xlsx")

    def write(f):
        f.write(SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>jurisdiction</t></is></c>'
                b'<c r="B1" t="inlineStr"><is><t>')
        block = b"A" * (1 << 20)
        for _ in range(64):
            f.write(block)
        f.write(b"</t></is></c></row>" + SHEET_TAIL)

    bomb = rewrite_sheet(plain, tmp_path / "bomb.xlsx", write)
    assert bomb.stat().st_size < 2 * 2**20
    code, err = run(bomb, tmp_path / "out.csv")
    assert code == 2
    assert err.startswith("(file): the workbook's part xl/worksheets/sheet1.xml unpacks to")
    assert "times its packed size" in err
    assert nothing_written(tmp_path)


def test_millions_of_shared_strings_are_refused_before_reading(tmp_path):
    """A shared-strings part of 4.7 million strings (70 MB) packed into a few hundred KB."""
    plain = small_xlsx(tmp_path / "plain.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    sst = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sst}"/>'
                                    "</Types>".encode())
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdS" Type="{rel}" '
                                    'Target="sharedStrings.xml"/></Relationships>'.encode())
            zout.writestr(info, data)
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            n = 70 * 2**20 // 15
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main" count="%d">' % n)
            block = b"<si><t>a</t></si>" * 4096
            for _ in range(n // 4096):
                f.write(block)
            f.write(b"</sst>")
    assert bomb.stat().st_size < 2 * 2**20
    code, err = run(bomb, tmp_path / "out.csv")
    assert code == 2
    assert err.startswith("(file): the workbook's part xl/sharedStrings.xml unpacks to")
    assert nothing_written(tmp_path)


def test_a_workbook_file_past_its_bound_is_refused(tmp_path, monkeypatch):
    small_xlsx(tmp_path / "in.xlsx")
    monkeypatch.setattr(batch, "MAX_XLSX_BYTES", 1000)
    code, err = run(tmp_path / "in.xlsx", tmp_path / "out.csv")
    assert code == 2 and err.startswith("(file): the workbook is") and "save it as CSV" in err


def test_millions_of_empty_rows_stop_at_the_row_bound(tmp_path, monkeypatch):
    """Rows past a spreadsheet's own limit (lowered here) are refused, not read to the end."""
    monkeypatch.setattr(batch, "MAX_ROWS", 1000)
    plain = small_xlsx(tmp_path / "plain.xlsx")

    def write(f):
        f.write(SHEET_HEAD)
        for r in range(1, 200_001):
            f.write(b'<row r="%d"/>' % r)
        f.write(SHEET_TAIL)

    rewrite_sheet(plain, tmp_path / "bomb.xlsx", write)
    code, err = run(tmp_path / "bomb.xlsx", tmp_path / "out.csv")
    assert code == 2 and "more than 1,000 rows" in err
    assert nothing_written(tmp_path)


def test_blank_rows_before_the_header_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "MAX_LEADING_BLANK", 50)
    (tmp_path / "in.csv").write_text("\n" * 200 + "jurisdiction,as_of\ncn,2022-05-01\n", encoding="utf-8")
    code, err = run(tmp_path / "in.csv", tmp_path / "out.csv")
    assert code == 2 and "no header in the first 50 rows" in err


def test_a_cell_longer_than_a_spreadsheet_holds_makes_its_row_bad(tmp_path):
    big = "x" * (batch.MAX_CELL_CHARS + 1)
    (tmp_path / "in.csv").write_text(f"jurisdiction,as_of,industry_code\ncn,2022-05-01,{big}\ncn,2022-05-01,C\n",
                                     encoding="utf-8")
    code, err = run(tmp_path / "in.csv", tmp_path / "out.csv")
    assert code == 2
    (e,) = read_csv(tmp_path / "out.errors.csv")
    assert (e["row"], e["field"]) == ("2", "industry_code")
    assert "32,767" in e["reason"] and len(e["value"]) < 100
    assert {r["row"] for r in read_csv(tmp_path / "out.csv")} == {"3"}


def test_a_csv_line_past_its_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "MAX_LINE_CHARS", 1000)
    (tmp_path / "in.csv").write_text("jurisdiction,as_of,notes\ncn,2022-05-01," + "y" * 5000 + "\n", encoding="utf-8")
    code, err = run(tmp_path / "in.csv", tmp_path / "out.csv")
    assert code == 2 and err.startswith("(file): line 2: longer than 1,000 characters")
    assert nothing_written(tmp_path)


def test_an_unclosed_quote_is_said_in_plain_words(tmp_path):
    """The quote runs on past the longest cell the reader takes: a plain sentence, not the library's."""
    (tmp_path / "in.csv").write_text('jurisdiction,as_of\ncn,"2022-05-01\n' + "z" * 200_000 + "\n",
                                     encoding="utf-8")
    code, err = run(tmp_path / "in.csv", tmp_path / "out.csv")
    assert code == 2 and err.startswith("(file): row 2: not valid CSV: ")
    assert "field larger than field limit" not in err and "131,072" in err


# ------------------------------------------------------------------------------------------------
# destinations, before any work

@pytest.mark.parametrize("out", ["", "/", "/proc", "DIR", "/proc/relief.csv", "/dev/null", "nope/out.csv"])
def test_the_output_destination_is_checked_before_any_work(tmp_path, monkeypatch, out):
    (tmp_path / "DIR").mkdir()
    write_csv(tmp_path / "in.csv", [flat(example())])
    monkeypatch.chdir(tmp_path)
    if os.geteuid() != 0 and out == "/proc/relief.csv":
        pytest.skip("needs root to get past the permission check")
    calls = []
    monkeypatch.setattr(batch, "open_source", lambda *a, **k: calls.append(a) or pytest.fail("input read"))
    code, err = run("in.csv", out)
    assert code == 2, err
    assert err.startswith("--out: ") and "Traceback" not in err and "internal error" not in err
    assert len(err.strip().splitlines()) == 1
    assert calls == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["DIR", "in.csv"]
    assert list((tmp_path / "DIR").iterdir()) == []


def test_an_errors_file_that_is_a_folder_names_errors(tmp_path):
    write_csv(tmp_path / "in.csv", [flat(example())])
    (tmp_path / "bad").mkdir()
    code, err = run(tmp_path / "in.csv", tmp_path / "out.csv", errors_path=tmp_path / "bad")
    assert code == 2 and err.startswith("--errors: ")


def test_the_cli_says_which_option_is_wrong(tmp_path):
    write_csv(tmp_path / "in.csv", [flat(example())])
    p = subprocess.run([sys.executable, "-m", "calc_app", "batch", "in.csv", "--out", str(tmp_path)],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 2 and p.stderr.startswith("--out: ") and "文件夹" in p.stderr


# ------------------------------------------------------------------------------------------------
# workers

def test_workers_are_capped_at_the_cores_and_it_says_so(tmp_path, monkeypatch):
    seen = []

    class Pool:
        def __init__(self, n, **kw):
            seen.append(n)
            raise RuntimeError("stop here")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(batch, "default_workers", lambda: 2)
    write_csv(tmp_path / "in.csv", [flat(example())] * 10)
    err = io.StringIO()
    with pytest.raises(RuntimeError, match="stop here"):
        run_batch(tmp_path / "in.csv", tmp_path / "out.csv", workers=100000, chunk_rows=2, stderr=err,
                  progress=False, lang="en_US")
    assert seen == [2]
    assert "--workers 100000: capped at 2" in err.getvalue()


def test_zero_workers_is_refused(tmp_path):
    write_csv(tmp_path / "in.csv", [flat(example())])
    code, err = run(tmp_path / "in.csv", tmp_path / "out.csv", workers=0)
    assert code == 2 and err.startswith("--workers: ")


def _children(pid: int) -> list[int]:
    out = []
    for t in Path(f"/proc/{pid}/task").iterdir():
        out += [int(x) for x in (t / "children").read_text().split()]
    return out


def _alive(pid: int) -> bool:
    """Whether any thread of ``pid`` still runs: a killed process's first thread shows as a zombie
    while its other threads (a worker's parent watcher) are still exiting and holding its files."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return False
    for t in tasks:
        try:
            state = (t / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            continue
        if state not in ("Z", "X"):
            return True
    return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    """kill -9 of the main process: its busy workers go with it, and the next run removes its parts."""
    write_csv(tmp_path / "in.csv", [flat(example())] * 40)
    code = textwrap.dedent("""
        import sys, time
        import calc_app.batch as b
        b.CHUNK_ROWS = 2
        b.evaluate = lambda *a, **k: time.sleep(600)
        from calc_app.cli import main
        sys.exit(main(["batch", "in.csv", "--out", "out.csv", "--workers", "2"]))
    """)
    p = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    kids: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(kids) < 2:
            assert p.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
            kids = [k for k in _children(p.pid) if _alive(k)]
        time.sleep(1.0)  # the workers are inside evaluate() now
        assert any(x.name.endswith(".part") for x in tmp_path.iterdir())
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=60)
        deadline = time.monotonic() + 30
        while any(_alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(k) for k in kids), "workers outlived their parent"
    finally:  # nothing of this test outlives it, even when it fails
        if p.poll() is None:
            p.kill()
            p.wait(timeout=60)
        for k in kids:
            if _alive(k):
                os.kill(k, signal.SIGKILL)
    parts = [x.name for x in tmp_path.iterdir() if x.name.endswith(".part")]
    assert len(parts) == 3
    # the next run removes what the killed one left
    code, err = run(tmp_path / "in.csv", tmp_path / "out.csv")
    assert code == 0, err
    assert not [x.name for x in tmp_path.iterdir() if x.name.endswith((".part", ".spool"))]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")
def test_a_running_batchs_parts_are_left_alone(tmp_path):
    import fcntl
    write_csv(tmp_path / "in.csv", [flat(example())])
    stale = tmp_path / ".out.csv.abc123.part"
    stale.write_text("left by a killed run")
    live = tmp_path / ".out.summary.csv.def456.part"
    live.write_text("another run is writing this")
    other = tmp_path / ".unrelated.csv.x.part"
    other.write_text("not ours")
    with open(live, "rb") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        code, err = run(tmp_path / "in.csv", tmp_path / "out.csv")
        assert code == 0, err
        assert not stale.exists()
        assert live.exists() and other.exists()


def test_a_huge_header_is_shortened_where_it_is_shown(tmp_path):
    name = "h" * 100_000
    (tmp_path / "in.csv").write_text(f"jurisdiction,as_of,{name}\ncn,2022-05-01,x\n", encoding="utf-8")
    code, err = run(tmp_path / "in.csv", tmp_path / "out.csv")
    assert code == 0, err[:300]
    assert len(err) < 1000
    head = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert len(head) < 1000


@pytest.mark.parametrize("name", ["/proc/relief-template.xlsx", "x.txt", "", "nope/t.csv"])
def test_a_template_that_cannot_be_written_exits_2_naming_template(tmp_path, name):
    if os.geteuid() != 0 and name.startswith("/proc"):
        pytest.skip("needs root to get past the permission check")
    p = subprocess.run([sys.executable, "-m", "calc_app", "batch", "--template", name, "--lang", "en_US"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 2, p.stderr
    assert p.stderr.startswith("--template: ") and "internal error" not in p.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")
def test_a_running_batchs_spool_is_left_alone_and_a_stale_one_removed(tmp_path):
    import fcntl
    from calc_app.batch import remove_stale_parts
    stale = tmp_path / ".out.csv.abc.spool"
    stale.mkdir()
    (stale / "lock").write_bytes(b"")
    (stale / "2.part").write_bytes(b"rows of a killed run")
    live = tmp_path / ".out.csv.def.spool"
    live.mkdir()
    (live / "lock").write_bytes(b"")
    with open(live / "lock", "rb") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        removed = remove_stale_parts([tmp_path / "out.csv"])
        assert removed == [stale] and not stale.exists() and (live / "lock").exists()


def test_a_pooled_run_leaves_no_spool_and_writes_what_one_process_writes(tmp_path):
    from calc_app.batch import run_batch, side_paths
    from calc_app.samples import varied_scenarios
    rows = [flat(sc) for sc in varied_scenarios(30, seed=4)]
    write_csv(tmp_path / "in.csv", rows)
    got = {}
    for w in (1, 2):
        out = tmp_path / f"out{w}.csv"
        assert run_batch(tmp_path / "in.csv", out, workers=w, chunk_rows=3, progress=False, stderr=io.StringIO()) == 0
        got[w] = [p.read_bytes() for p in (out, *side_paths(out))]
    assert got[1] == got[2]
    assert not [x.name for x in tmp_path.iterdir() if x.name.endswith((".part", ".spool"))]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers append only on Linux")
def test_chunks_finished_out_of_order_are_appended_in_order(tmp_path, monkeypatch):
    # the first chunks are held back in their workers: later ones finish first and wait their turn
    from calc_app import batch
    from calc_app.samples import varied_scenarios
    write_csv(tmp_path / "in.csv", [flat(sc) for sc in varied_scenarios(40, seed=9)])
    inner = batch.run_chunk

    def slow_first(chunk):
        if chunk[0][0] <= 6:   # rows 2-6, 7-11 of the input: the first two chunks
            time.sleep(1.0)
        return inner(chunk)

    got = {}
    for w in (1, 2):
        if w == 2:
            monkeypatch.setattr(batch, "run_chunk", slow_first)   # the forked workers inherit it
        out = tmp_path / f"out{w}.csv"
        assert batch.run_batch(tmp_path / "in.csv", out, workers=w, chunk_rows=5, progress=False,
                               stderr=io.StringIO()) == 0
        got[w] = [p.read_bytes() for p in (out, *batch.side_paths(out))]
    assert got[1] == got[2]
    assert got[2][0].count(b"\r\n") > 40 * 20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers append only on Linux")
def test_a_worker_that_cannot_append_fails_the_run_and_leaves_nothing(tmp_path, monkeypatch):
    import errno
    from calc_app import batch
    from calc_app.samples import varied_scenarios
    write_csv(tmp_path / "in.csv", [flat(sc) for sc in varied_scenarios(30, seed=3)])
    main = os.getpid()
    real = os.write

    def full(fd, data):
        if os.getpid() != main:   # a worker: the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(batch.os, "write", full)
    with pytest.raises(OSError) as e:
        batch.run_batch(tmp_path / "in.csv", tmp_path / "out.csv", workers=2, chunk_rows=3,
                        progress=False, stderr=io.StringIO())
    assert e.value.errno == errno.ENOSPC
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.csv"]


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_the_output_is_dropped_from_the_cache_behind_its_end_each_range_asked_twice(tmp_path, monkeypatch):
    from calc_app import batch
    asked = []
    real = os.posix_fadvise

    def record(fd, offset, length, advice):
        asked.append((offset, offset + length))
        return real(fd, offset, length, advice)

    monkeypatch.setattr(batch.os, "posix_fadvise", record)
    monkeypatch.setattr(batch._DropBehind, "LAG", 1000)
    fd = os.open(tmp_path / "out.csv", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        behind = batch._DropBehind(fd)
        for i in range(12):
            os.write(fd, bytes([65 + i]) * 700)
            behind.wrote()
    finally:
        os.close(fd)
    end = 12 * 700
    assert asked and asked[0][0] == 0 and asked[-1][1] == end - 1000   # never the last LAG bytes
    for a, b in zip(asked, asked[1:]):
        assert b[0] == max(0, a[1] - 1000) and b[1] > a[1]   # each start a lag behind the last stop
    covered = [0] * end
    for a, b in asked:
        for x in range(a, b):
            covered[x] += 1
    assert min(covered[:end - 3000]) >= 2   # all but the last ranges asked twice
    assert (tmp_path / "out.csv").read_bytes() == b"".join(bytes([65 + i]) * 700 for i in range(12))

    def refuse(*a):
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(batch.os, "posix_fadvise", refuse)
    fd = os.open(tmp_path / "other.csv", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        behind = batch._DropBehind(fd)
        os.write(fd, b"x" * 5000)
        behind.wrote()
        assert not behind.ok   # a file system that cannot: asked no more, the writing goes on
    finally:
        os.close(fd)
