"""Policy packs: build, verify (every refusal names its file), install, list, rollback, fallback, diff."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from calc_app.engine.policies import default_bundle

from calc_app.pack.build import build
from calc_app.pack.manifest import MANIFEST, tree_hash
from calc_app.pack.verify import read_pack, verify

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
HOMESTAY = "policies/cn-gd-jiangmen/cn-gd-jiangmen-2022-116-boutique-homestay-upgrade.yaml"


def source_copy(dest: Path) -> Path:
    shutil.copytree(REPO / "policies", dest / "policies")
    shutil.copytree(REPO / "tests" / "policies", dest / "tests" / "policies",
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "law-2022.06.zip"
    build(out, REPO, "2022.06", "2022-06-30", "测试发布机构")
    return out


def rewrite(src: Path, dest: Path, replace: dict | None = None, add: list | None = None) -> Path:
    """A copy of a pack with some entries' bytes replaced (the manifest untouched) or entries added."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, replace.get(info.filename, zin.read(info)))
        for info, body in add or []:
            zout.writestr(info, body)
    return dest


def cli(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    e = {**os.environ, "RELIEF_DATA_DIR": str(data_dir), "LANG": "C.UTF-8", **env}
    e.pop("RELIEF_CALC_ROOT", None)
    return subprocess.run([sys.executable, "-m", "calc_app", *args], cwd=REPO, env=e, capture_output=True,
                          text=True, encoding="utf-8", timeout=600)


def test_a_built_pack_verifies_and_names_the_law(good):
    pk = verify(good)
    assert pk.problems == []
    m = pk.manifest
    assert (m.version, m.date.isoformat(), m.issuer) == ("2022.06", "2022-06-30", "测试发布机构")
    assert m.content_hash == tree_hash(REPO / "policies"), "the same law has the same name as the bundle"
    assert any(k.startswith("cases/cn-gd-jiangmen/") for k in m.files)
    assert all(len(e.sha256) == 64 for e in m.files.values())
    assert m.program.min


def test_a_tampered_file_is_named(good, tmp_path):
    with zipfile.ZipFile(good) as z:
        body = z.read(HOMESTAY).replace(b'amount: "100000"', b'amount: "900000"')
    probs = read_pack(rewrite(good, tmp_path / "t.zip", {HOMESTAY: body})).problems
    assert len(probs) == 1 and probs[0].startswith(f"{HOMESTAY}: SHA-256 ") and "differs from the manifest" in probs[0]


def test_a_file_not_in_the_manifest_is_refused(good, tmp_path):
    extra = zipfile.ZipInfo("policies/cn/cn-2099-extra.yaml")
    probs = read_pack(rewrite(good, tmp_path / "x.zip", add=[(extra, b"id: x\n")])).problems
    assert probs == ["policies/cn/cn-2099-extra.yaml: not in the manifest (an extra file)"]


@pytest.mark.parametrize("name,why", [
    ("../evil.yaml", "the path leaves the pack"),
    ("policies/../../evil.yaml", "the path leaves the pack"),
    ("/etc/evil.yaml", "absolute path"),
    ("C:/evil.yaml", "absolute path"),
    ("policies\\cn\\evil.yaml", "absolute path or a backslash"),
    ("policies/cn/run.py", "not a policy or case file"),
])
def test_paths_that_leave_the_pack_or_are_not_data_are_refused(good, tmp_path, name, why):
    probs = read_pack(rewrite(good, tmp_path / "p.zip", add=[(zipfile.ZipInfo(name), b"x: 1\n")])).problems
    assert any(p.startswith(f"{name}: ") and why in p for p in probs), probs


def test_a_symbolic_link_is_refused(good, tmp_path):
    link = zipfile.ZipInfo("policies/cn/link.yaml")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    probs = read_pack(rewrite(good, tmp_path / "l.zip", add=[(link, b"/etc/passwd")])).problems
    assert any(p.startswith("policies/cn/link.yaml: a symbolic link") for p in probs), probs


def test_an_oversized_file_and_an_oversized_pack_are_refused(good, tmp_path):
    big = zipfile.ZipInfo("policies/cn/big.yaml")
    body = b"# " + b"x" * (2 * 1024 * 1024) + b"\n"
    probs = read_pack(rewrite(good, tmp_path / "b.zip", add=[(big, body)])).problems
    assert any(p.startswith("policies/cn/big.yaml: ") and "over the limit of 2097152 bytes" in p for p in probs), probs
    probs = read_pack(good, max_total=100_000).problems
    assert any("add up to more than the limit of 100000 bytes" in p for p in probs), probs


def test_yaml_aliases_are_refused(tmp_path):
    src = source_copy(tmp_path / "src")
    p = src / "policies" / "jurisdictions.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "# x\n- &a {id: zz, zh: z, en: z}\n- *a\n", encoding="utf-8")
    build(tmp_path / "a.zip", src, "9.9")
    probs = read_pack(tmp_path / "a.zip").problems
    assert any(re.match(r"policies/jurisdictions.yaml:\d+: YAML: anchors and aliases", p) for p in probs), probs


def test_a_schema_error_names_file_line_and_field(tmp_path):
    src = source_copy(tmp_path / "src")
    f = src / HOMESTAY
    f.write_text(f.read_text(encoding="utf-8").replace("effect: grant", "effect: gift"), encoding="utf-8")
    build(tmp_path / "s.zip", src, "9.9")
    probs = verify(tmp_path / "s.zip").problems
    assert any(re.match(rf"{HOMESTAY}:7: effect: Input should be 'grant'", p) for p in probs), probs


def test_a_failing_case_of_the_pack_is_named(tmp_path):
    src = source_copy(tmp_path / "src")
    f = src / HOMESTAY
    f.write_text(f.read_text(encoding="utf-8").replace('amount: "100000"', 'amount: "120000"'), encoding="utf-8")
    build(tmp_path / "c.zip", src, "9.9")
    probs = verify(tmp_path / "c.zip").problems
    assert probs, "a changed figure must break the pack's own cases"
    assert all(p.startswith("cases/cn-gd-jiangmen/tourism.yaml:") for p in probs), probs
    assert any("amount 120000.00, expected 100000.00" in p for p in probs)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not here; quotes cannot be checked")
def test_a_quote_not_verbatim_is_named(tmp_path):
    src = source_copy(tmp_path / "src")
    f = src / HOMESTAY
    f.write_text(f.read_text(encoding="utf-8").replace("每家补助10万元", "每家补助20万元"), encoding="utf-8")
    build(tmp_path / "q.zip", src, "9.9")
    probs = verify(tmp_path / "q.zip").problems
    assert any(re.match(rf"{HOMESTAY}:\d+: citation.quote: not verbatim in 000_cca0d35df373ca46.txt", p)
               for p in probs), probs


def test_verify_exits_2_with_one_line_per_problem(good, tmp_path):
    bad = rewrite(good, tmp_path / "x.zip", add=[(zipfile.ZipInfo("../x.yaml"), b""),
                                                 (zipfile.ZipInfo("cases/cn/extra.yaml"), b"")])
    r = cli("pack", "verify", str(bad), data_dir=tmp_path / "data")
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["../x.yaml: the path leaves the pack (..)",
                                     "cases/cn/extra.yaml: not in the manifest (an extra file)"]
    ok = cli("pack", "verify", str(good), data_dir=tmp_path / "data")
    assert ok.returncode == 0 and "政策数据截至 2022-06-30" in ok.stdout, ok.stderr


def test_install_list_rollback_and_the_json_names_the_law(good, tmp_path):
    data = tmp_path / "data"
    r = cli("pack", "install", str(good), data_dir=data)
    assert r.returncode == 0, r.stderr
    pid = re.search(r"installed (\S+)", r.stdout).group(1)
    assert (data / "packs" / pid / "policies" / "jurisdictions.yaml").is_file()
    lst = cli("pack", "list", data_dir=data).stdout.splitlines()
    assert lst[0].startswith(f"* {pid}\t2022.06\t政策数据截至 2022-06-30") and lst[1].startswith("  bundled")
    ev = cli("evaluate", str(REPO / "examples" / "jiangmen-small-manufacturer.json"), data_dir=data)
    res = json.loads(ev.stdout)
    assert res["policy_version"].startswith("pack 2022.06 (sha256:")
    assert res["policy"]["source"] == "pack" and res["policy"]["date"] == "2022-06-30"
    assert res["policy"]["hash"] == "sha256:" + json.loads(zipfile.ZipFile(good).read(MANIFEST))["content_hash"][7:]

    back = cli("pack", "rollback", data_dir=data)
    assert back.returncode == 0 and "bundled" in back.stdout
    res = json.loads(cli("evaluate", str(REPO / "examples" / "jiangmen-small-manufacturer.json"), data_dir=data).stdout)
    assert res["policy"]["source"] == "bundled" and res["policy_version"].startswith("bundled ")
    assert (data / "packs" / pid).is_dir(), "rolling back keeps the pack"
    again = cli("pack", "rollback", data_dir=data)
    assert again.returncode == 1 and "nothing to roll back to" in again.stderr


def test_a_second_install_keeps_the_first_and_rollback_returns_to_it(good, tmp_path):
    data = tmp_path / "data"
    src = source_copy(tmp_path / "src")
    second = tmp_path / "second.zip"
    build(second, src, "2022.07", "2022-07-31")
    first_id = re.search(r"installed (\S+)", cli("pack", "install", str(good), data_dir=data).stdout).group(1)
    r = cli("pack", "install", str(second), data_dir=data)
    assert r.returncode == 0, r.stderr
    listed = cli("pack", "list", data_dir=data).stdout.splitlines()
    second_id = re.search(r"installed (\S+)", r.stdout).group(1)
    assert [ln.split("\t")[0] for ln in listed if ln.startswith("* ")] == [f"* {second_id}"]
    assert any(ln.startswith(f"  {first_id}\t") for ln in listed), "the first pack is kept"
    assert cli("pack", "rollback", data_dir=data).stdout.strip() == f"the active law is now {first_id}"


def test_a_pack_that_fails_verification_is_not_installed(good, tmp_path):
    data = tmp_path / "data"
    bad = rewrite(good, tmp_path / "bad.zip", add=[(zipfile.ZipInfo("policies/cn/extra.yaml"), b"id: x\n")])
    r = cli("pack", "install", str(bad), data_dir=data)
    assert r.returncode == 2 and "not in the manifest" in r.stderr and "not installed" in r.stderr
    assert not (data / "packs" / "state.json").exists()


def test_an_unreadable_active_pack_falls_back_to_the_bundled_law_loudly(good, tmp_path):
    data = tmp_path / "data"
    pid = re.search(r"installed (\S+)", cli("pack", "install", str(good), data_dir=data).stdout).group(1)
    target = data / "packs" / pid / HOMESTAY
    target.write_text(target.read_text(encoding="utf-8").replace("100000", "999999"), encoding="utf-8")
    ev = cli("evaluate", str(REPO / "examples" / "jiangmen-small-manufacturer.json"), data_dir=data)
    assert ev.returncode == 0
    assert f"WARNING: the active policy pack {pid} is unreadable" in ev.stderr and "bundled law" in ev.stderr
    res = json.loads(ev.stdout)
    assert res["policy"]["source"] == "bundled" and pid in res["policy"]["fallback"]
    lst = cli("pack", "list", data_dir=data).stdout
    assert "UNREADABLE" in lst and "FALLBACK" in lst
    shutil.rmtree(data / "packs" / pid)
    ev = cli("evaluate", str(REPO / "examples" / "jiangmen-small-manufacturer.json"), data_dir=data)
    assert ev.returncode == 0 and "is unreadable: it is not installed" in ev.stderr


def test_the_fallback_is_visible_in_process(good, tmp_path, monkeypatch):
    from calc_app.pack import active
    monkeypatch.setenv("RELIEF_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RELIEF_CALC_ROOT", raising=False)
    (tmp_path / "data" / "packs").mkdir(parents=True)
    (tmp_path / "data" / "packs" / "state.json").write_text('{"active": "gone-123", "history": []}')
    active.reset()
    try:
        assert active.active_policies_dir() == REPO / "policies"
        info = active.active_policy()
        assert info["source"] == "bundled" and "gone-123" in info["fallback"]
        assert active.policy_version().startswith("bundled 2022.05 (sha256:")
    finally:
        monkeypatch.undo()
        active.reset()


def test_diff_says_what_changed_in_words(good, tmp_path):
    src = source_copy(tmp_path / "src")
    f = src / HOMESTAY
    f.write_text(f.read_text(encoding="utf-8").replace('amount: "100000"', 'amount: "120000"'), encoding="utf-8")
    f = src / "policies" / "cn" / "cn-2022-loan-deferral.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("  end: 2022-12-31", "  end: 2023-06-30"), encoding="utf-8")
    (src / "policies" / "cn" / "cn-2022-broadband-fee-cut.yaml").unlink()
    new = tmp_path / "new.zip"
    build(new, src, "2022.07")
    r = cli("pack", "diff", str(good), str(new), data_dir=tmp_path / "data")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any(ln.startswith("removed cn-2022-broadband-fee-cut: ") for ln in lines)
    i = lines.index("changed cn-gd-jiangmen-2022-116-boutique-homestay-upgrade: 精品民宿升规补助（10万元）")
    assert lines[i + 1].strip() == "figures 100000 → 120000"
    assert "    period 2022-01-01 – 2022-12-31 → 2022-01-01 – 2023-06-30" in lines
    n = len(default_bundle().measures)
    assert lines[-1] == f"0 added, 1 removed, 2 changed ({n} measures before, {n - 1} after)"


def test_the_case_runner_finds_a_broken_expectation(tmp_path):
    from calc_app.pack.cases import run_cases
    d = tmp_path / "cases" / "cn-gd-jiangmen"
    d.mkdir(parents=True)
    src = (REPO / "tests" / "policies" / "cn-gd-jiangmen" / "tourism.yaml").read_text(encoding="utf-8")
    (d / "tourism.yaml").write_text(src.replace('amount: "100000.00"', 'amount: "100001.00"', 1), encoding="utf-8")
    n, probs = run_cases(tmp_path / "cases")
    assert n > 10 and len(probs) == 1 and "amount 100000.00, expected 100001.00" in probs[0]


def test_a_pack_adds_a_measure_with_a_new_fact_without_a_new_program(tmp_path):
    """The point of packs: the README's three data files, under a new name, reach an installed program."""
    sys.path.insert(0, str(REPO / "tests" / "models"))
    try:
        from test_new_fact_as_data import readme_blocks
    finally:
        sys.path.pop(0)
    src = source_copy(tmp_path / "src")
    new_fact, new_id = "homestay_certified_2022", "cn-gd-jiangmen-2022-116-homestay-example"

    def renamed(text: str) -> str:
        return (text.replace("homestay_upgraded_2022", new_fact)
                .replace("cn-gd-jiangmen-2022-116-boutique-homestay-upgrade", new_id))
    blocks = readme_blocks()
    with (src / "policies" / "inputs" / "jiangmen.yaml").open("a", encoding="utf-8") as f:
        f.write(renamed(blocks["policies/inputs/jiangmen.yaml"]))
    (src / "policies" / "cn-gd-jiangmen" / f"{new_id}.yaml").write_text(
        renamed(blocks[f"{HOMESTAY}"]), encoding="utf-8")
    (src / "tests" / "policies" / "cn-gd-jiangmen" / "homestay-example.yaml").write_text(
        renamed(blocks["tests/policies/cn-gd-jiangmen/homestay.yaml"]), encoding="utf-8")
    pack = tmp_path / "new-fact.zip"
    build(pack, src, "2022.07", "2022-07-31")

    data = tmp_path / "data"
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-12-15",
                                    "industry_code": "H6130", new_fact: True}), encoding="utf-8")
    before = cli("evaluate", str(scenario), data_dir=data)
    assert before.returncode == 2 and f"{new_fact}: unknown field" in before.stderr
    inst = cli("pack", "install", str(pack), data_dir=data)
    assert inst.returncode == 0, inst.stderr
    after = cli("evaluate", str(scenario), data_dir=data)
    assert after.returncode == 0, after.stderr
    res = json.loads(after.stdout)
    item = {it["measure_id"]: it for it in res["items"]}[new_id]
    assert (item["status"], item["amount"]) == ("eligible", "100000.00")
    assert res["policy_version"].startswith("pack 2022.07 ")
    d = cli("pack", "diff", "bundled", str(pack), data_dir=data).stdout
    assert f"added   {new_id}: " in d and f"input added   {new_fact}: " in d


def test_diff_names_a_field_added_inside_a_list_item(good, tmp_path):
    """A law that asks one more fact of each loan says so, as a field of the loans' items."""
    src = source_copy(tmp_path / "src")
    f = src / "policies" / "inputs" / "items" / "loans.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "- id: collateral_value\n  type: money\n  section: finance\n"
                 "  unit: yuan\n  label: {zh: 抵押物价值, en: Collateral value}\n", encoding="utf-8")
    new = tmp_path / "new.zip"
    build(new, src, "2022.07")
    r = cli("pack", "diff", str(good), str(new), data_dir=tmp_path / "data")
    assert r.returncode == 0, r.stderr
    assert "input added   loans[].collateral_value: 抵押物价值 (money)" in r.stdout.splitlines()
    r = cli("pack", "diff", str(new), str(good), data_dir=tmp_path / "data")
    assert "input removed loans[].collateral_value" in r.stdout.splitlines()
