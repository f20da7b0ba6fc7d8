"""The whole bundle is checked at load: resource bombs, structure, silently wrong law.

Each broken tree is refused with ``file:line: field: message`` lines (a PolicyError), never a
traceback, a hang or a silently dropped file."""
import os
import re
import textwrap
from pathlib import Path

import pytest

from calc_app.engine.policies import load_bundle
from calc_app.engine.yamlload import PolicyError
from tests.engine.good_measure import GOOD


LINE = re.compile(r"^(?P<file>/.+?):(?P<line>\d+): (?P<field>[^:]+): .+")


@pytest.fixture
def tree(empty_policies):
    (empty_policies / "cn").mkdir()
    return empty_policies


def write(root, text, name="cn-test-measure", folder="cn", suffix=".yaml"):
    p = root / folder / f"{name}{suffix}"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def refused(root, **kw):
    with pytest.raises(PolicyError) as e:
        load_bundle(root, **kw)
    probs = e.value.problems
    assert probs
    for p in probs:
        assert LINE.match(p), f"not file:line: field: message: {p!r}"
    return probs


def one(probs, file_end, field, words):
    hits = [p for p in probs if LINE.match(p)["file"].endswith(file_end) and LINE.match(p)["field"] == field
            and words in p]
    assert hits, probs
    return hits[0]


# --- resource bombs ---------------------------------------------------------------------------------

BOMB = "".join(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))


def test_an_alias_bomb_in_a_measure_is_refused_before_it_expands(tree):
    write(tree, GOOD + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + BOMB)
    one(refused(tree), "cn-test-measure.yaml", "(YAML)", "aliases")


def test_an_alias_bomb_in_the_jurisdictions_is_refused(tree):
    p = tree / "jurisdictions.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "- &a0 {id: x, zh: x, en: x, parent: cn, default_as_of: 2022-01-01}\n"
                 + "- [" + ",".join(["*a0"] * 9) + "]\n", encoding="utf-8")
    one(refused(tree), "jurisdictions.yaml", "(YAML)", "aliases")


def test_a_huge_policy_file_is_refused(tree):
    from calc_app.engine.yamlload import MAX_POLICY_FILE_BYTES
    write(tree, GOOD + "# " + "x" * MAX_POLICY_FILE_BYTES + "\n")
    one(refused(tree), "cn-test-measure.yaml", "(file)", "larger than")


# --- structure ----------------------------------------------------------------------------------------

def _jurisdictions(tree, extra):
    p = tree / "jurisdictions.yaml"
    p.write_text(p.read_text(encoding="utf-8") + textwrap.dedent(extra), encoding="utf-8")


def test_a_parent_cycle_is_refused(tree):
    _jurisdictions(tree, """\
        - {id: cn-zz-a, zh: 甲, en: A, parent: cn-zz-b, default_as_of: 2022-07-15}
        - {id: cn-zz-b, zh: 乙, en: B, parent: cn-zz-a, default_as_of: 2022-07-15}
        """)
    one(refused(tree), "jurisdictions.yaml", "13.parent", "circle")


def test_a_missing_parent_is_refused(tree):
    _jurisdictions(tree, "- {id: cn-zz-a, zh: 甲, en: A, parent: cn-zz, default_as_of: 2022-07-15}\n")
    one(refused(tree), "jurisdictions.yaml", "13.parent", "unknown jurisdiction 'cn-zz'")


def test_a_duplicate_jurisdiction_id_is_refused(tree):
    _jurisdictions(tree, "- {id: cn-gd, zh: 广东, en: Guangdong again, parent: cn, default_as_of: 2022-07-15}\n")
    one(refused(tree), "jurisdictions.yaml", "13.id", "given twice")


def test_a_missing_jurisdictions_file_is_refused(tree):
    (tree / "jurisdictions.yaml").unlink()
    one(refused(tree), "jurisdictions.yaml", "(file)", "missing")


def test_a_gb18030_measure_is_named(tree):
    (tree / "cn" / "cn-test-measure.yaml").write_bytes(GOOD.encode("gb18030"))
    one(refused(tree), "cn-test-measure.yaml", "(file)", "not UTF-8")


def _size(tree, old, new):
    p = tree / "classification" / "size_standard.yaml"
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_size_table_missing_a_tier(tree):
    _size(tree, "    small: {revenue: 500000}\n", "")
    one(refused(tree), "size_standard.yaml", "categories.0.small", "missing")


def test_size_table_with_a_threshold_that_is_not_a_number(tree):
    _size(tree, "small: {revenue: 500000}", "small: {revenue: lots}")
    one(refused(tree), "size_standard.yaml", "categories.0.small.revenue", "not a whole number")


def test_a_folder_where_a_measure_should_be(tree):
    (tree / "cn" / "cn-test-measure.yaml").mkdir()
    one(refused(tree), "cn-test-measure.yaml", "(file)", "a folder where a file should be")


def test_a_dangling_link_where_a_measure_should_be(tree):
    os.symlink(tree / "cn" / "nowhere.yaml", tree / "cn" / "cn-test-measure.yaml")
    one(refused(tree), "cn-test-measure.yaml", "(file)", "a link to nothing")


# --- silently wrong law ------------------------------------------------------------------------------

def test_a_second_amount_is_refused(tree):
    write(tree, GOOD + 'amount: "30000000"\n')
    one(refused(tree), "cn-test-measure.yaml", "amount", "given twice")


def test_a_second_conditions_is_refused(tree):
    write(tree, GOOD + "conditions: []\n")
    one(refused(tree), "cn-test-measure.yaml", "conditions", "given twice")


def test_a_yml_measure_is_refused(tree):
    write(tree, GOOD, suffix=".yml")
    one(refused(tree), "cn-test-measure.yml", "(file)", "rename it cn-test-measure.yaml")


def test_a_measure_in_a_sub_folder_is_refused(tree):
    write(tree, GOOD, folder="cn/old")
    one(refused(tree), "cn/old", "(folder)", "sub-folder")


def test_a_file_of_no_known_kind_is_refused(tree):
    (tree / "notes.txt").write_text("x", encoding="utf-8")
    one(refused(tree), "notes.txt", "(file)", "not a kind of policy file")


def test_known_kinds_of_other_files_are_accepted(tree):
    write(tree, GOOD)
    (tree / "README.md").write_text("x", encoding="utf-8")
    assert [cm.m.id for cm in load_bundle(tree).measures] == ["cn-test-measure"]


def test_every_shipped_policy_file_is_of_a_known_kind():
    from calc_app.engine.bundlecheck import kind_of, scan_files
    from calc_app.paths import policies_dir
    root = policies_dir()
    files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert files and all(kind_of(f) for f in files), [f for f in files if not kind_of(f)]
    assert scan_files(root)[0] == []


def test_an_unknown_industry_group(tree):
    write(tree, GOOD.replace('test: "graduates_hired > 0"', "test: \"in_group('servcies')\""))
    one(refused(tree), "cn-test-measure.yaml", "conditions.0.test", "in_group('servcies')")


def test_an_unknown_jurisdiction_in_within(tree):
    write(tree, GOOD.replace('test: "graduates_hired > 0"', "test: \"within('cn-gd-jiangmem')\""))
    one(refused(tree), "cn-test-measure.yaml", "conditions.0.test", "within('cn-gd-jiangmem')")


def test_a_bad_group_prefix(tree):
    p = tree / "industry_groups.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("prefixes: [C]", "prefixes: [C, Q99]", 1), encoding="utf-8")
    one(refused(tree), "industry_groups.yaml", "0.prefixes.1", "'Q99' is not a GB/T 4754-2017 code")


def test_a_replaces_cycle(tree):
    write(tree, GOOD.replace("stacking:\n", "stacking:\n  replaces: [cn-test-b]\n"), "cn-test-a")
    write(tree, GOOD.replace("stacking:\n", "stacking:\n  replaces: [cn-test-a]\n").replace(
        "id: cn-test-measure", "id: cn-test-b"), "cn-test-b")
    (tree / "cn" / "cn-test-a.yaml").write_text(
        (tree / "cn" / "cn-test-a.yaml").read_text(encoding="utf-8").replace("id: cn-test-measure", "id: cn-test-a"),
        encoding="utf-8")
    one(refused(tree), "cn-test-a.yaml", "stacking.replaces", "circle: cn-test-a -> cn-test-b -> cn-test-a")


SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEEDS_PRESENT = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not here ({SEEDS})")


@SEEDS_PRESENT
def test_an_invented_quote(tree):
    write(tree, GOOD.replace("quote: 按每人1500元的标准发放一次性扩岗补助", "quote: 按每人15000元的标准发放一次性扩岗补助"))
    one(refused(tree), "cn-test-measure.yaml", "citation.quote", "not verbatim in 000_cca0d35df373ca46.txt")


@SEEDS_PRESENT
def test_an_invented_clause(tree):
    write(tree, GOOD.replace('clause: "28"', 'clause: "998"'))
    one(refused(tree), "cn-test-measure.yaml", "citation.clause", "'998'")


def test_quotes_are_checked_against_a_given_seed_folder(tree, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000_cca0d35df373ca46.txt").write_text("　　28.企业招用毕业年度高校毕业生，按每人1500元的标准发放一次性扩岗补助。\n",
                                                     encoding="utf-8")
    write(tree, GOOD)
    load_bundle(tree, seeds=seeds)
    write(tree, GOOD.replace('clause: "28"', 'clause: "29"'))
    one(refused(tree, seeds=seeds), "cn-test-measure.yaml", "citation.clause", "'29'")


def test_the_shipped_bundle_passes_every_check():
    b = load_bundle()
    assert len(b.measures) > 100
