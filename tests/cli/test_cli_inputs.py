"""Hostile scenario files: refused with exit 2 naming the field, the same in the CLI and the API."""
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"
BASE = '{"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", '


def run(text: str | bytes, *args):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return subprocess.run([sys.executable, "-m", "calc_app", "evaluate", "-", *args], cwd=ROOT, input=data,
                          capture_output=True, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})


def in_process(text, monkeypatch, capsys):
    import io
    from calc_app.cli import main
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    code = main(["evaluate", "-"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_byte_order_mark_is_accepted(monkeypatch, capsys):
    code, out, err = in_process("\ufeff" + EXAMPLE.read_text(encoding="utf-8"), monkeypatch, capsys)
    assert code == 0, err
    assert json.loads(out)["jurisdiction"] == "cn-gd-jiangmen"


@pytest.mark.parametrize("text,field", [
    (BASE + '"monthly_rent": 1000, "monthly_rent": 30000000}', "monthly_rent"),
    (BASE + '"loans": [{"principal": 1, "principal": 2}]}', "loans.0.principal"),
    (BASE + '"loans": ' + "[" * 1000 + "]" * 1000 + "}", "loans.0.0"),
    (BASE + '"monthly_rent": NaN}', "monthly_rent"),
    (BASE + '"monthly_rent": -Infinity}', "monthly_rent"),
    (BASE + '"employees": ' + "9" * 5000 + "}", "employees"),
    (BASE + '"employees": 1e999999999}', "employees"),
    (BASE + '"monthly_rent": "1e999999999"}', "monthly_rent"),
    (BASE + '"as_of": "20220715"}', "as_of"),
    (BASE + '"industry_code": "' + "C" * 3_000_000 + '"}', "industry_code"),
    (BASE + '"loans": [' + ",".join(['{"principal": 1}'] * 1001) + "]}", "loans"),
])
def test_hostile_values_exit_2_naming_the_field(text, field, monkeypatch, capsys):
    code, out, err = in_process(text, monkeypatch, capsys)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines and all(not line.startswith("(file)") for line in lines), err[:500]
    assert any(line.startswith(field) for line in lines), err[:500]
    assert len(err) < 2000, "a problem line echoes a value whole"
    assert "Traceback" not in err


def test_a_file_larger_than_the_limit_is_refused_as_a_file(tmp_path):
    from calc_app.models.scenario_file import MAX_FILE_BYTES
    p = tmp_path / "big.json"
    p.write_text(BASE + '"industry_code": "' + "C" * (MAX_FILE_BYTES + 10) + '"}', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "calc_app", "evaluate", str(p)], cwd=ROOT, capture_output=True,
                       text=True, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2 and r.stderr.startswith("(file): larger than") and len(r.stderr) < 300


def test_negative_zero_is_shown_as_zero():
    sc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    sc["monthly_rent"] = "-0"
    sc["landlord"] = "state"
    r = run(json.dumps(sc))
    assert r.returncode == 0, r.stderr
    assert b"-0.00" not in r.stdout


def test_the_api_bounds_lists_and_magnitudes_before_reading_them():
    from calc_app import evaluate
    from calc_app.engine.evaluate import InputError
    base = {"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15"}
    for payload, field in (({"loans": [{"principal": 1}] * 2_800_000}, "loans"),
                           ({"employees": Decimal("1e100000000")}, "employees"),
                           ({"monthly_rent": 10 ** 5000}, "monthly_rent"),
                           ({"industry_code": "C" * 50_000_000}, "industry_code")):
        with pytest.raises(InputError) as e:
            evaluate({**base, **payload})
        assert [f for f, _ in e.value.problems] == [field]
        assert len(str(e.value)) < 300
