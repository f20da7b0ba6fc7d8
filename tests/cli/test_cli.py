"""The command line of the contract: evaluate, jurisdictions, exit codes 0 / 2 / 1."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"
IDS = ["cn", "cn-gd", "cn-gd-jiangmen", "cn-hb", "cn-hb-jingmen", "cn-hb-jingmen-zhongxiang", "cn-sc",
       "cn-sc-guangyuan", "cn-yn", "cn-yn-kunming", "cn-yn-kunming-xishan", "cn-jx", "cn-jx-nanchang"]


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calc_app", *args], cwd=ROOT, capture_output=True, text=True,
                          input=stdin, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})


def test_jurisdictions_lists_every_id():
    r = cli("jurisdictions")
    assert r.returncode == 0
    assert [line.split("\t")[0] for line in r.stdout.splitlines()] == IDS


def test_evaluate_json_matches_the_contract_shape():
    r = cli("evaluate", str(EXAMPLE))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["jurisdiction"] == "cn-gd-jiangmen" and out["as_of"] == "2022-07-15"
    assert out["size"] in ("micro", "small", "medium", "large")
    assert set(out["totals"]) >= {"grant", "saving", "deferral"}
    for it in out["items"]:
        assert set(it) >= {"measure_id", "title", "jurisdiction", "effect", "status", "amount", "reasons", "steps", "source"}
        assert it["status"] in ("eligible", "ineligible", "needs_input", "not_in_force", "excluded")
        assert it["effect"] in ("grant", "saving", "deferral", "evaluation", "indirect")
        if it["status"] != "eligible":
            assert it["amount"] == "0.00"
        assert set(it["source"]) >= {"seed_file", "clause", "quote"}


@pytest.mark.parametrize("lang,word", [("zh_CN", "合计"), ("en_US", "Totals")])
def test_evaluate_text_table(lang, word):
    r = cli("evaluate", str(EXAMPLE), "--format", "text", "--lang", lang)
    assert r.returncode == 0 and word in r.stdout


@pytest.mark.parametrize("jid", IDS)
@pytest.mark.parametrize("as_of", ["2020-03-15", "2022-07-15"])
def test_every_jurisdiction_answers(jid, as_of, monkeypatch, capsys):
    """In-process (the same main() as the subprocess runs above), to keep the suite quick."""
    import io
    from calc_app.cli import main
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"jurisdiction": jid, "as_of": as_of})))
    assert main(["evaluate", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["items"], f"no measures at all for {jid} on {as_of}"
    chain = out["chain"]
    assert chain[0] == "cn" and chain[-1] == jid
    assert all(it["jurisdiction"] in chain for it in out["items"])


@pytest.mark.parametrize("payload,field", [
    ({"monthly_rent": -5}, "monthly_rent"),
    ({"monthly_rent": "abc"}, "monthly_rent"),
    ({"employees": 2.5}, "employees"),
    ({"employees": True}, "employees"),
    ({"as_of": "2022-02-30"}, "as_of"),
    ({"industry_code": "Z99"}, "industry_code"),
    ({"jurisdiction": "cn-xx"}, "jurisdiction"),
    ({"size": "huge"}, "size"),
    ({"input_tax_composition_ratio": 1.5}, "input_tax_composition_ratio"),
    ({"loans": [{"principal": -1}]}, "loans.0.principal"),
    ({"loans": "many"}, "loans"),
    ({"colour": "red"}, "colour"),
])
def test_invalid_input_exits_2_naming_the_field(payload, field):
    sc = {"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", **payload}
    r = cli("evaluate", "-", stdin=json.dumps(sc))
    assert r.returncode == 2 and r.stdout == ""
    assert any(line.startswith(field + ":") for line in r.stderr.splitlines()), r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("text", ['{"monthly_rent": NaN}', '{"monthly_rent": Infinity}', '{"a": ', "[1, 2]", ""])
def test_broken_json_or_non_numbers_exit_2(text):
    r = cli("evaluate", "-", stdin=text)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.strip()


def test_several_problems_one_line_each():
    sc = {"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", "monthly_rent": -1, "employees": -3}
    r = cli("evaluate", "-", stdin=json.dumps(sc))
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 2


def test_missing_file_exits_2():
    r = cli("evaluate", "/nonexistent/x.json")
    assert r.returncode == 2 and "cannot read" in r.stderr


def test_bad_option_exits_2():
    assert cli("evaluate", str(EXAMPLE), "--lang", "fr").returncode == 2
