"""The cache of parsed policy files: used when nothing changed, ignored when anything did or when
it is damaged, never the source of a problem's message."""
import copy
import json
import shutil

import pytest

from calc_app.engine import policy_cache
from calc_app.engine.evaluate import evaluate
from calc_app.engine.policies import load_bundle
from calc_app.engine.yamlload import PolicyError
from calc_app.paths import policies_dir
from calc_app.samples import varied_scenarios


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_DATA_DIR", str(tmp_path / "data"))
    root = tmp_path / "policies"
    shutil.copytree(policies_dir(), root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _cached(tree):
    """(the cached files, the check mark) for the content of ``tree``."""
    return policy_cache.read_entry(policy_cache.content_key(tree))


def _recache(tree, files, mark):
    """Write the cache for ``tree`` as a whole, well-formed file (its digest matching)."""
    assert policy_cache.write(policy_cache.content_key(tree), files, checked=mark)


def _spy(monkeypatch):
    calls = []
    real = policy_cache.Reader.__call__

    def spy(self, path):
        calls.append(self.files is not None and path.relative_to(self.root).as_posix() in self.files)
        return real(self, path)
    monkeypatch.setattr(policy_cache.Reader, "__call__", spy)
    return calls


def test_a_second_load_reads_the_cache_and_gives_the_same_results(tree, monkeypatch):
    calls = _spy(monkeypatch)
    fresh = load_bundle(tree, cache=True)
    assert calls and not any(calls)  # nothing cached yet: every file parsed
    assert policy_cache.cache_path().is_file()
    calls.clear()
    cached = load_bundle(tree, cache=True)
    assert calls and all(calls)  # every file from the cache
    assert cached.version == fresh.version
    assert [cm.m for cm in cached.measures] == [cm.m for cm in fresh.measures]
    for sc in varied_scenarios(40, seed=3):
        assert evaluate(sc, bundle=cached) == evaluate(sc, bundle=fresh)


def test_an_edited_file_is_parsed_again(tree, monkeypatch):
    load_bundle(tree, cache=True)
    p = next((tree / "cn").glob("*.yaml"))
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("title:", "# edited\ntitle:", 1), encoding="utf-8")
    calls = _spy(monkeypatch)
    load_bundle(tree, cache=True)
    assert calls and not any(calls)


def test_a_damaged_cache_is_ignored_and_written_again(tree, monkeypatch):
    want = load_bundle(tree, cache=False)
    load_bundle(tree, cache=True)
    path = policy_cache.cache_path()
    for damage in (b"", b"{not json", b"\xff\xfe", json.dumps({"format": 1, "key": "x", "files": {}}).encode(),
                   path.read_bytes()[: path.stat().st_size // 2]):
        path.write_bytes(damage)
        calls = _spy(monkeypatch)
        b = load_bundle(tree, cache=True)
        assert not any(calls)
        assert [cm.m for cm in b.measures] == [cm.m for cm in want.measures]
        assert policy_cache.read(policy_cache.content_key(tree)) is not None  # written again
        monkeypatch.undo()
        monkeypatch.setenv("RELIEF_DATA_DIR", str(path.parent.parent))


def test_a_cache_that_parses_but_disagrees_with_the_schema_falls_back_to_the_files(tree, monkeypatch):
    load_bundle(tree, cache=True)
    path = policy_cache.cache_path()
    files, mark = _cached(tree)
    assert mark is not None  # the bundle passed its checks
    files = copy.deepcopy(files)
    name = next(k for k in files if k.startswith("cn/"))
    files[name]["amount_typo"] = "1"
    _recache(tree, files, mark)
    b = load_bundle(tree, cache=True)  # the files themselves are fine
    assert len(b.measures) == len(load_bundle(tree, cache=False).measures)
    assert "amount_typo" not in _cached(tree)[0][name]  # written again
    assert path.is_file()


def test_a_broken_file_is_reported_with_its_line_and_not_cached(tree):
    load_bundle(tree, cache=True)
    p = next((tree / "cn").glob("*.yaml"))
    p.write_text(p.read_text(encoding="utf-8") + "\nbogus_key: 1\n", encoding="utf-8")
    with pytest.raises(PolicyError) as e:
        load_bundle(tree, cache=True)
    assert f"{p}:" in str(e.value) and ":0:" not in str(e.value) and "bogus_key" in str(e.value)
    assert policy_cache.read(policy_cache.content_key(tree)) is None


def test_dates_come_back_as_dates():
    import datetime as dt
    files = {"a.yaml": {"start": dt.date(2022, 1, 1), "n": [1, "2", True, None]}}
    assert policy_cache._representable(files["a.yaml"])
    assert not policy_cache._representable({"$date": "2022-01-01"})
    assert not policy_cache._representable({1: "int key"})


def test_the_input_descriptions_are_read_through_the_cache_too(tree, monkeypatch):
    from calc_app.models.inputs import catalog
    fresh = catalog.load_catalog(tree)
    load_bundle(tree, cache=True)
    monkeypatch.setattr(catalog, "_CATALOGS", {})
    calls = _spy(monkeypatch)
    got = catalog.catalog_for(tree)
    assert calls and all(calls)  # every input file from the cache
    assert {n: d.entry for n, d in got.inputs.items()} == {n: d.entry for n, d in fresh.inputs.items()}
    assert got.sections == fresh.sections and got.units == fresh.units


def test_a_cached_input_description_that_breaks_the_schema_is_read_again_from_its_file(tree, monkeypatch):
    from calc_app.models.inputs import catalog
    load_bundle(tree, cache=True)
    path = policy_cache.cache_path()
    files, mark = _cached(tree)
    files = copy.deepcopy(files)
    name = next(k for k in files if k.startswith("inputs/") and k != "inputs/index.yaml" and "/items/" not in k)
    files[name]["inputs"][0]["labl"] = "typo"
    _recache(tree, files, mark)
    monkeypatch.setattr(catalog, "_CATALOGS", {})
    cat = catalog.catalog_for(tree)  # the files themselves are fine
    assert cat.inputs == catalog.load_catalog(tree).inputs  # lines and all, from the files
    assert "labl" not in _cached(tree)[0][name]["inputs"][0]
    assert path.is_file()


def test_a_broken_input_description_is_reported_with_its_line(tree, monkeypatch):
    from calc_app.models.inputs import catalog
    load_bundle(tree, cache=True)
    p = tree / "inputs" / "index.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "\nbogus_key: 1\n", encoding="utf-8")
    monkeypatch.setattr(catalog, "_CATALOGS", {})
    with pytest.raises(PolicyError) as e:
        catalog.catalog_for(tree)
    assert f"{p}:" in str(e.value) and ":0:" not in str(e.value) and "bogus_key" in str(e.value)


def test_the_bundle_in_use_is_read_through_the_cache(tree, monkeypatch):
    from calc_app.engine import policies
    from calc_app.pack import active
    monkeypatch.setenv("RELIEF_POLICIES_DIR", str(tree))
    active.reset()
    policies.default_bundle.cache_clear()
    try:
        load_bundle(tree, cache=True)
        # the law's release (version.yaml, read for the version every result names) joins the
        # cache's entry for this content the first time it is read, not before
        policies.default_bundle()
        active.reset()
        policies.default_bundle.cache_clear()
        calls = _spy(monkeypatch)
        b = policies.default_bundle()
        assert b.root == tree
        assert calls and all(calls)
        assert b.policy["version"] == "2022.05"
    finally:
        monkeypatch.undo()
        active.reset()
        policies.default_bundle.cache_clear()


def _count_checks(monkeypatch):
    from calc_app.engine import bundlecheck, typecheck
    from calc_app.models.inputs import catalog
    n = {"types": 0, "quotes": 0, "presumed": 0}
    for mod, name, k in ((typecheck, "check_measure", "types"), (bundlecheck, "check_citation", "quotes"),
                         (catalog, "_check_presumptions", "presumed")):
        real = getattr(mod, name)

        def counted(*a, _real=real, _k=k, **kw):
            n[_k] += 1
            return _real(*a, **kw)
        monkeypatch.setattr(mod, name, counted)
    return n


def test_checks_passed_once_are_not_run_again_and_the_bundle_is_the_same(tree, monkeypatch):
    from calc_app.models.inputs import catalog
    n = _count_checks(monkeypatch)
    fresh = load_bundle(tree, cache=True)
    assert n["types"] and n["quotes"] and n["presumed"]
    assert _cached(tree)[1] is not None  # marked
    monkeypatch.setattr(catalog, "_CATALOGS", {})
    n.update(types=0, quotes=0, presumed=0)
    again = load_bundle(tree, cache=True)
    assert n == {"types": 0, "quotes": 0, "presumed": 0}
    assert again.version == fresh.version
    assert [cm.m for cm in again.measures] == [cm.m for cm in fresh.measures]
    assert [cm.reads for cm in again.measures] == [cm.reads for cm in fresh.measures]
    for sc in varied_scenarios(40, seed=5):
        assert evaluate(sc, bundle=again) == evaluate(sc, bundle=fresh)


def test_the_checks_run_again_when_the_code_or_the_seeds_change(tree, tmp_path, monkeypatch):
    from calc_app.engine import bundlecheck
    load_bundle(tree, cache=True)
    n = _count_checks(monkeypatch)
    real = policy_cache._code_digest
    monkeypatch.setattr(policy_cache, "_code_digest", lambda: "another program")
    load_bundle(tree, cache=True)
    assert n["types"] and n["quotes"]
    monkeypatch.setattr(policy_cache, "_code_digest", real)
    load_bundle(tree, cache=True)  # checked again, marked for this program again
    n.update(types=0, quotes=0, presumed=0)
    load_bundle(tree, cache=True)
    assert not n["types"] and not n["quotes"]
    seeds = tmp_path / "seeds"
    shutil.copytree(bundlecheck.seeds_dir(), seeds)
    p = next(q for q in sorted(seeds.iterdir()) if q.is_file())
    p.write_bytes(p.read_bytes() + b"\n")
    monkeypatch.setenv("RELIEF_SEEDS_DIR", str(seeds))
    load_bundle(tree, cache=True)
    assert n["types"] and n["quotes"]


def test_the_checks_run_on_a_changed_file_and_refuse_it(tree, monkeypatch):
    load_bundle(tree, cache=True)
    p = next((tree / "cn").glob("*.yaml"))
    text = p.read_text(encoding="utf-8")
    assert "amount: " in text
    p.write_text(text.replace("amount: ", "amount: no_such_input + ", 1), encoding="utf-8")
    with pytest.raises(PolicyError) as e:
        load_bundle(tree, cache=True)
    assert f"{p}:" in str(e.value) and "no_such_input" in str(e.value)


def test_a_cache_damaged_after_its_header_is_ignored_and_written_again(tree, monkeypatch):
    want = load_bundle(tree, cache=False)
    load_bundle(tree, cache=True)
    path = policy_cache.cache_path()
    raw = bytearray(path.read_bytes())
    i = raw.index(b'"zh":"') + 6
    raw[i:i + 3] = "改".encode()  # still JSON, still the schema: only the digest tells
    path.write_bytes(bytes(raw))
    assert _cached(tree) == (None, None)
    n = _count_checks(monkeypatch)
    b = load_bundle(tree, cache=True)
    assert n["types"]  # checked again
    assert [cm.m for cm in b.measures] == [cm.m for cm in want.measures]
    assert _cached(tree)[1] is not None


def _rglob_files(folder, pattern):
    """What the key was made from before ``files_under``: pathlib's walk, sorted."""
    return [(p.relative_to(folder).as_posix(), str(p)) for p in sorted(folder.rglob(pattern))
            if p.is_file() and "__pycache__" not in p.parts]


def test_the_files_hashed_are_those_and_in_the_order_pathlib_gives(tmp_path):
    import os
    t = tmp_path / "t"
    for rel in ("a/b.yaml", "a-b/x.yaml", "a/c/d.py", "a/c/e.yaml", ".hidden", "z.py", "A.yaml",
                "a/__pycache__/m.pyc", "a/__pycache__/n.py", "é/ü.yaml"):
        (t / rel).parent.mkdir(parents=True, exist_ok=True)
        (t / rel).write_text(rel, encoding="utf-8")
    os.symlink(t / "a" / "c", t / "linked_folder")
    os.symlink(t / "z.py", t / "linked_file.py")
    for suffix, pattern in (("", "*"), (".py", "*.py"), (".yaml", "*.yaml")):
        got = policy_cache.files_under(t, suffix)
        assert got == _rglob_files(t, pattern)
        assert got  # something to compare
    names = [r for r, _ in policy_cache.files_under(t)]
    assert names.index("a/b.yaml") < names.index("a-b/x.yaml")   # by parts, not by the whole text
    assert "linked_file.py" in names and not any(n.startswith("linked_folder/") for n in names)
    assert policy_cache.files_under(policies_dir(), "") == _rglob_files(policies_dir(), "*")


def test_a_start_from_the_cache_imports_no_yaml_parser(tmp_path):
    """The input descriptions, the bundle and the law's release come from the cache: a start
    evaluating the example parses nothing, so PyYAML (~9 ms to import) is not imported at all."""
    import os
    import subprocess
    import sys
    code = ("import sys; from calc_app.engine.evaluate import evaluate; "
            "r = evaluate({'jurisdiction': 'cn-gd-jiangmen', 'as_of': '2022-07-15', 'employees': 48, "
            "'industry_code': 'C3311', 'revenue_last_year': '18000000'}); "
            "print(r['policy_version'], len(r['items']), 'yaml' in sys.modules)")
    env = {**os.environ, "RELIEF_DATA_DIR": str(tmp_path / "data")}
    env.pop("RELIEF_POLICY_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
            for _ in range(3)]
    assert runs[0][-1] == "True"          # nothing cached yet: every file parsed
    assert runs[2][-1] == "False", runs   # the third start: all of it from the cache
    assert runs[0][:-1] == runs[2][:-1]   # and the same law named


def test_a_frozen_build_names_its_code_by_the_stamp_its_sources_gave(tmp_path, monkeypatch):
    """build.spec writes code_stamp() beside the frozen program's data; the program, which has no
    sources, keys its cache and its check marks by it (and, without one, as without sources)."""
    import json as _json
    import sys
    stamp = policy_cache.code_stamp()
    from_sources = (policy_cache._parser_identity(), policy_cache._code_digest())
    assert stamp["code"] == from_sources[1]
    (tmp_path / policy_cache.STAMP_FILE).write_text(_json.dumps(stamp), encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    caches = (policy_cache._frozen_stamp, policy_cache._parser_identity, policy_cache._code_digest)
    try:
        for c in caches:
            c.cache_clear()
        assert policy_cache._code_digest() == stamp["code"]
        assert stamp["parser"].encode() in policy_cache._parser_identity()
        (tmp_path / policy_cache.STAMP_FILE).write_text("{}", encoding="utf-8")   # a damaged stamp: not used
        for c in caches:
            c.cache_clear()
        assert policy_cache._frozen_stamp() is None
    finally:
        monkeypatch.undo()
        for c in caches:
            c.cache_clear()
    assert (policy_cache._parser_identity(), policy_cache._code_digest()) == from_sources
