"""The program never touches the network: every command runs with sockets refused."""
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import netguard
from calc_app.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"


@pytest.fixture
def no_network(monkeypatch):
    netguard.USED.clear()
    netguard.install(monkeypatch.setattr)
    yield
    assert netguard.USED == []


def test_the_guard_refuses_a_connection(no_network):
    with pytest.raises(OSError, match="refused"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError, match="refused"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    netguard.USED.clear()


def test_evaluate_and_jurisdictions_run_offline(no_network, capsys):
    assert main(["evaluate", str(EXAMPLE)]) == 0
    assert json.loads(capsys.readouterr().out)["items"]
    assert main(["evaluate", str(EXAMPLE), "--format", "text", "--lang", "en_US"]) == 0
    assert main(["jurisdictions"]) == 0
    assert "cn-gd-jiangmen" in capsys.readouterr().out


def test_batch_runs_offline(no_network, tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_text("jurisdiction,as_of,employees\ncn-gd-jiangmen,2022-07-15,10\n", encoding="utf-8")
    assert main(["batch", str(inp), "--out", str(tmp_path / "out.csv"), "--workers", "1", "--no-progress"]) == 0


def test_batch_with_worker_processes_runs_offline(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _common import write_batch_input
    write_batch_input(tmp_path / "in.csv", 1200)
    code = ("import sys, netguard; netguard.install()\n"
            "from calc_app.cli import main\n"
            "rc = main(['batch', 'in.csv', '--out', 'out.csv', '--workers', '2', '--lang', 'en_US'])\n"
            "print('USED', netguard.USED)\n"
            "sys.exit(rc)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(Path(__file__).parent)])}
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == 0, p.stderr
    assert "2 worker processes" in p.stderr
    assert "USED []" in p.stdout


def test_the_window_opens_offline(no_network, qtbot):
    app_mod = pytest.importorskip("calc_app.app")
    window = app_mod.create_main_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.grab().isNull()
