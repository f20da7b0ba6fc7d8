"""``python -m calc_app batch`` as a service centre's script runs it: a process, its exit code."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from batch_helpers import ROOT, example, flat, read_csv, write_csv


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "calc_app", "batch", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_good_rows_exit_0(tmp_path):
    write_csv(tmp_path / "in.csv", [flat(example())] * 2)
    p = cli("in.csv", "--out", "out.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    assert {r["row"] for r in read_csv(tmp_path / "out.csv")} == {"2", "3"}
    assert len(read_csv(tmp_path / "out.summary.csv")) == 2
    assert read_csv(tmp_path / "out.errors.csv") == []


def test_cli_a_bad_row_exits_2_and_names_the_errors_file(tmp_path):
    write_csv(tmp_path / "in.csv", [flat(example()), {**flat(example()), "revenue_last_year": "-1"}])
    p = cli("in.csv", "--out", "out.csv", "--lang", "en_US", cwd=tmp_path)
    assert p.returncode == 2
    assert "out.errors.csv" in p.stderr and "Traceback" not in p.stderr
    assert [(e["row"], e["field"]) for e in read_csv(tmp_path / "out.errors.csv")] == [("3", "revenue_last_year")]
    assert {r["row"] for r in read_csv(tmp_path / "out.csv")} == {"2"}


def test_cli_an_unreadable_input_exits_2_and_writes_nothing(tmp_path):
    (tmp_path / "in.csv").write_text("size\nsmall\n", encoding="utf-8")
    p = cli("in.csv", "--out", "out.csv", cwd=tmp_path)
    assert p.returncode == 2
    lines = p.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == ["jurisdiction", "as_of"]
    assert "地区" in lines[0] and "评估日期" in lines[1]   # named by the label, in the run's language
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.csv"]


def test_cli_a_missing_out_option_is_a_usage_error(tmp_path):
    write_csv(tmp_path / "in.csv", [flat(example())])
    p = cli("in.csv", cwd=tmp_path)
    assert p.returncode == 2 and "--out" in p.stderr


def test_cli_an_internal_failure_exits_1_and_leaves_no_output(tmp_path):
    write_csv(tmp_path / "in.csv", [flat(example())] * 3)
    code = textwrap.dedent("""
        import sys
        import calc_app.batch as b
        from calc_app.cli import main
        def broken(*a, **k):
            raise RuntimeError("boom")
        b.evaluate = broken
        sys.exit(main(["batch", "in.csv", "--out", "out.csv"]))
    """)
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert p.returncode == 1
    assert p.stderr.startswith("internal error: RuntimeError: row 2")
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.csv"]


def test_the_worker_pool_writes_what_one_process_writes_in_input_order(tmp_path):
    """Many small chunks over two workers: the files equal the single-process run, byte for byte."""
    rows = []
    for i in range(60):
        r = flat(example())
        r["employees"] = 5 + i
        r["as_of"] = f"2022-{1 + i % 12:02d}-15"
        if i % 7 == 3:
            r["monthly_rent"] = "-1"
        rows.append(r)
    write_csv(tmp_path / "in.csv", rows)
    code = textwrap.dedent("""
        import sys
        from calc_app.batch import run_batch
        w = int(sys.argv[1])
        sys.exit(run_batch("in.csv", f"out{w}.csv", workers=w, chunk_rows=4, progress=False, lang="en_US"))
    """)
    for w in ("1", "2"):
        p = subprocess.run([sys.executable, "-c", code, w], cwd=tmp_path, capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
        assert p.returncode == 2, p.stderr
        assert ("2 worker processes" if w == "2" else "1 process") in p.stderr
    for suffix in (".csv", ".summary.csv", ".errors.csv"):
        assert (tmp_path / f"out1{suffix}").read_bytes() == (tmp_path / f"out2{suffix}").read_bytes()
    assert len(read_csv(tmp_path / "out2.errors.csv")) == 9


def test_a_terminated_run_leaves_no_files_behind(tmp_path):
    """SIGTERM while the worker pool is busy: exit 1, neither output nor temporary files remain."""
    import signal
    import time
    write_csv(tmp_path / "in.csv", [flat(example())] * 200)
    code = textwrap.dedent("""
        import sys, time
        import calc_app.batch as b
        real = b.evaluate
        def slow(*a, **k):
            time.sleep(0.05)
            return real(*a, **k)
        b.evaluate = slow
        from calc_app.cli import main
        sys.exit(main(["batch", "in.csv", "--out", "out.csv", "--workers", "2"]))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # default chunks would keep 200 rows in one process: shrink them through the module default
    code = code.replace("import calc_app.batch as b", "import calc_app.batch as b\nb.CHUNK_ROWS = 5")
    p = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(x.name.endswith(".part") for x in tmp_path.iterdir()):
        assert p.poll() is None, p.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 1, err
    assert "Traceback" not in err
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.csv"]


def test_a_worker_starting_after_the_run_removed_its_files_ends_quietly(tmp_path):
    """A run terminated while its workers start removes its temporary output; a worker that starts
    after that ends with exit 1 and says nothing (the pool printed its initializer's traceback)."""
    code = textwrap.dedent(f"""
        import calc_app.batch as b
        b._init_pool_worker(None, (None, {str(tmp_path / "gone.part")!r}, None))
        print("the worker went on")
    """)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert p.returncode == 1, p.stdout + p.stderr
    assert p.stdout == "" and p.stderr == ""


def test_a_worker_that_dies_fails_the_run_without_output(tmp_path):
    write_csv(tmp_path / "in.csv", [flat(example())] * 40)
    code = textwrap.dedent("""
        import os, sys
        import calc_app.batch as b
        b.CHUNK_ROWS = 4
        b.evaluate = lambda *a, **k: os._exit(3)
        from calc_app.cli import main
        sys.exit(main(["batch", "in.csv", "--out", "out.csv", "--workers", "2"]))
    """)
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert p.returncode == 1, p.stderr
    assert p.stderr.startswith("internal error: BrokenProcessPool")
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.csv"]
