"""A measure that needs a new fact is added as data only: the README's worked example, applied to a
temporary copy of the policies that lacks that measure and that fact."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MEASURE = "cn-gd-jiangmen-2022-116-boutique-homestay-upgrade"
FACT = "homestay_upgraded_2022"


def readme_blocks() -> dict[str, str]:
    """The yaml blocks of the README's 'Inputs as data' section, by the path on their first line."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Inputs as data", 1)[1].split("\n## ", 1)[0]
    out = {}
    for block in re.findall(r"```yaml\n(.*?)```", section, flags=re.S):
        first, rest = block.split("\n", 1)
        out[first.lstrip("# ").split(" ")[0]] = rest
    return out


def run(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RELIEF_CALC_ROOT": str(root), "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, input=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.fixture
def copy_without_the_measure(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(REPO / "policies", root / "policies")
    shutil.copytree(REPO / "resources", root / "resources")
    shutil.copytree(REPO / "tests" / "policies", root / "tests" / "policies",
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (root / "policies" / "cn-gd-jiangmen" / f"{MEASURE}.yaml").unlink()
    (root / "tests" / "policies" / "cn-gd-jiangmen" / "tourism.yaml").unlink()  # its cases name the fact
    inputs = root / "policies" / "inputs" / "jiangmen.yaml"
    text = inputs.read_text(encoding="utf-8")
    cut = re.sub(rf"- id: {FACT}\n(  .*\n)+", "", text)
    assert cut != text and FACT not in cut
    inputs.write_text(cut, encoding="utf-8")
    return root


SCENARIO = {"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-12-15", "industry_code": "H6130", FACT: True}


def test_the_readme_adds_a_measure_with_a_new_fact_as_data_only(copy_without_the_measure):
    root = copy_without_the_measure
    before = run(root, "-m", "calc_app", "evaluate", "-", stdin=json.dumps(SCENARIO))
    assert before.returncode == 2 and f"{FACT}: unknown field" in before.stderr, before.stderr

    blocks = readme_blocks()
    assert set(blocks) == {"policies/inputs/jiangmen.yaml", f"policies/cn-gd-jiangmen/{MEASURE}.yaml",
                           "tests/policies/cn-gd-jiangmen/homestay.yaml"}
    with (root / "policies" / "inputs" / "jiangmen.yaml").open("a", encoding="utf-8") as f:
        f.write(blocks["policies/inputs/jiangmen.yaml"])
    for rel in (f"policies/cn-gd-jiangmen/{MEASURE}.yaml", "tests/policies/cn-gd-jiangmen/homestay.yaml"):
        (root / rel).write_text(blocks[rel], encoding="utf-8")

    check = run(root, "-m", "calc_app.engine.policies")
    assert check.returncode == 0, check.stderr
    cases = run(root, "-m", "calc_app.pack.cases", str(root / "tests" / "policies"))
    assert cases.returncode == 0, cases.stderr
    after = run(root, "-m", "calc_app", "evaluate", "-", stdin=json.dumps(SCENARIO))
    assert after.returncode == 0, after.stderr
    item = {it["measure_id"]: it for it in json.loads(after.stdout)["items"]}[MEASURE]
    assert (item["status"], item["amount"]) == ("eligible", "100000.00")
    meta = run(root, "-c", "from calc_app.models.scenario import Scenario; from calc_app.models.inputs.meta import "
               f"field_meta; m = field_meta(Scenario, {FACT!r}); print(m['label_zh'], m['type'], m['reads'])")
    assert meta.stdout.split() == ["精品民宿于2022年12月底前升规", "flag", f"['{MEASURE}']"], meta.stderr


def test_the_readme_example_is_the_bundled_measure():
    """The worked example is the real file, so the README cannot drift from the bundle."""
    import yaml
    blocks = readme_blocks()
    shipped = yaml.safe_load((REPO / "policies" / "cn-gd-jiangmen" / f"{MEASURE}.yaml").read_text(encoding="utf-8"))
    shown = yaml.safe_load(blocks[f"policies/cn-gd-jiangmen/{MEASURE}.yaml"])
    shipped.pop("notes", None)
    assert shown == shipped
    entry = yaml.safe_load(blocks["policies/inputs/jiangmen.yaml"])[0]
    bundled = [e for e in yaml.safe_load((REPO / "policies" / "inputs" / "jiangmen.yaml").read_text(encoding="utf-8"))
               ["inputs"] if e["id"] == FACT]
    assert bundled == [entry]
