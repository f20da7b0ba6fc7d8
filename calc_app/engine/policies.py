"""Load and validate the policy bundle under ``policies/``.

Everything is checked before the first evaluation: the schema of each file (pydantic,
``extra="forbid"``), every expression (compiled, names checked), references between files
(jurisdiction, document, replaced measures), and the agreement of exclusive groups. A problem is
reported as ``file:line: field: message``; the program refuses to start on a broken bundle.
"""
from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from calc_app.engine.expr import Expression, ExpressionError, compile_expr
from calc_app.engine import bundlecheck, typecheck
from calc_app.engine.yamlload import PolicyError, file_bytes, line_of, plain, read_yaml, validation_problems
from calc_app.models.policy import (Citation, Document, IndustryGroup, Jurisdiction, Measure,
                                    QUOTE_SEPARATOR, Text)
from calc_app.paths import policies_dir

DERIVED_NAMES = frozenset({
    "size",               # micro/small/medium/large: the override, else the 300号 classification
    "sme",                # size in micro/small/medium
    "small_low_profit",   # 小型微利企业 (taxable income, headcount, assets)
    "vat_refund_size",    # size by the 2022年第14号 test (revenue and assets only)
    "level_rank",         # not used by formulas; reserved
})
CLASSIFICATION_INPUTS = frozenset({
    "industry_code", "employees", "revenue_last_year", "total_assets", "size", "taxable_income_last_year",
})
"""Inputs the derived facts (size, small_low_profit, vat_refund_size) read."""
FORMATS = {"", "yuan", "pct", "size", "int", "date", "num"}


@dataclass(frozen=True)
class Source:
    """One clause stating a measure, with the document it belongs to and that document's level."""

    citation: Citation
    document: Document
    depth: int

    @property
    def jurisdiction(self) -> str:
        return self.document.jurisdiction


@dataclass
class CompiledMeasure:
    m: Measure
    path: Path
    depth: int
    order: int
    conditions: list[tuple[Expression, Text, Text]]
    lets: list[tuple[str, Expression, Text]]
    amount: Expression | None
    range_min: Expression | None
    range_max: Expression | None
    cap: Expression | None
    floor: Expression | None
    reads: frozenset[str]
    skeletons: dict[str, dict[str, Any]] = field(default_factory=dict)
    replaces_all: tuple[str, ...] = ()
    key_names: tuple[str, ...] = ()
    cache: dict[Any, dict[str, Any]] = field(default_factory=dict)
    let_rules: dict[str, list[Any]] = field(default_factory=dict)
    """Declared inferences (``policies/inferences.yaml``) on this measure's named steps, by name."""
    sources: tuple[Source, ...] = ()
    """Every clause stating the measure, most local first (the file's order among equals)."""
    source_pick: dict[str, int] = field(default_factory=dict)


def pick_source(bundle: "Bundle", cm: CompiledMeasure, jid: str) -> int:
    """The index in ``cm.sources`` of the clause shown as the item's ``source`` to a user of ``jid``.

    In this order, the first (most local) clause in force (not a consultation draft) that: lies on
    ``jid``'s chain at the measure's own level or below; states the measure at its level or below
    elsewhere (another city's restatement, where the chain has none); lies on the chain higher up
    (the national text a local measure implements); any. A draft only where nothing else states it."""
    got = cm.source_pick.get(jid)
    if got is None:
        chain = set(bundle.chain(jid))
        ok = [(i, s) for i, s in enumerate(cm.sources) if not s.document.draft]
        tiers = ([i for i, s in ok if s.jurisdiction in chain and s.depth >= cm.depth],
                 [i for i, s in ok if s.depth >= cm.depth],
                 [i for i, s in ok if s.jurisdiction in chain],
                 [i for i, _ in ok], [0])
        got = next(t[0] for t in tiers if t)
        cm.source_pick[jid] = got
    return got


@dataclass
class SizeCategory:
    id: str
    zh: str
    en: str
    prefixes: tuple[str, ...]
    tiers: dict[str, dict[str, Any]]


@dataclass
class Bundle:
    root: Path
    jurisdictions: dict[str, Jurisdiction]
    groups: dict[str, IndustryGroup]
    size_categories: list[SizeCategory]
    size_source: dict[str, str]
    documents: dict[str, Document]
    measures: list[CompiledMeasure]
    version: str
    by_id: dict[str, CompiledMeasure] = field(default_factory=dict)
    policy: dict[str, Any] = field(default_factory=dict)   # version, date, hash, source (calc_app.pack.active)
    inferences: list[Any] = field(default_factory=list)
    """The declared inferences of ``policies/inferences.yaml`` (:mod:`calc_app.engine.infer`)."""
    _chain_cache: dict[str, list[CompiledMeasure]] = field(default_factory=dict)

    def chain(self, jid: str) -> list[str]:
        """The jurisdiction and its ancestors, national first."""
        out = []
        cur: str | None = jid
        while cur is not None:
            out.append(cur)
            cur = self.jurisdictions[cur].parent
        return out[::-1]

    def inputs_for(self, jid: str, as_of: Any = None) -> frozenset[str]:
        """The scenario inputs that the measures of ``jid``'s chain read (those in force on ``as_of``
        when it is given), plus the classification's."""
        names: set[str] = set(CLASSIFICATION_INPUTS)
        for cm in self.measures_for(jid):
            p = cm.m.period
            if as_of is not None and not (p.start <= as_of and (p.end is None or as_of <= p.end)):
                continue
            names |= cm.reads
        return frozenset(names)

    def measures_for(self, jid: str) -> list[CompiledMeasure]:
        got = self._chain_cache.get(jid)
        if got is None:
            chain = set(self.chain(jid))
            got = [cm for cm in self.measures if cm.m.jurisdiction in chain]
            self._chain_cache[jid] = got
        return got


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([a-z]*))?\}")


def _text_names(t: Text) -> set[str]:
    """The names a reason's placeholders read (they belong to the measure's cache key too)."""
    return {m.group(1) for lang_text in (t.zh, t.en) for m in _PLACEHOLDER.finditer(lang_text)}


def _check_text(t: Text, allowed: set[str] | frozenset[str], where: str | Any) -> list[str]:
    """``where``: ``file:line: field``, or a function giving it (called only for a problem)."""
    bad: list[str] = []
    for lang_text in (t.zh, t.en):
        try:
            parsed = list(string.Formatter().parse(lang_text))
        except ValueError as e:
            return [f"{where() if callable(where) else where}: bad placeholder: {e}"]
        for _, name, spec, _ in parsed:
            if name is None:
                continue
            if name not in allowed:
                bad.append(f"{where() if callable(where) else where}: placeholder {{{name}}} names no input, fact or let")
            if (spec or "") not in FORMATS:
                bad.append(f"{where() if callable(where) else where}: placeholder format {spec!r} not one of {sorted(FORMATS)}")
    return bad


def _plain(data: Any) -> Any:
    """``plain(data)``; data from the parse cache is plain already (exactly a dict: no lines)."""
    return data if type(data) is dict else plain(data)


def _load_list(path: Path, model: type, read: Any = read_yaml) -> list:
    data = read(path)
    if not isinstance(data, list):
        raise PolicyError([f"{path}:1: (file): expected a list"])
    out, problems = [], []
    for i, row in enumerate(data):
        try:
            out.append(model.model_validate(_plain(row)))
        except ValidationError as e:
            for err in e.errors():
                loc = (i,) + tuple(err["loc"])
                problems.append(f"{path}:{line_of(data, loc)}: {'.'.join(map(str, err['loc']))}: {err['msg']}")
    if problems:
        raise PolicyError(problems)
    return out


def scenario_names(root: Path | None = None) -> frozenset[str]:
    """The input names of the policies under ``root`` (default: those in use)."""
    if root is None:
        from calc_app.models.scenario import Scenario
        return frozenset(Scenario.model_fields)
    return load_inputs(root).names


def load_inputs(root: Path) -> Any:
    """The input descriptions under ``root/inputs`` (validated; :class:`PolicyError` when broken)."""
    from calc_app.models.inputs.catalog import catalog_for
    return catalog_for(root)


def attach_reads(b: "Bundle") -> None:
    """Tell the input descriptions which measures of the bundle in use read each input."""
    from calc_app.models.inputs.catalog import set_reads
    reads: dict[str, list[str]] = {}
    for cm in b.measures:
        for n in cm.reads:
            reads.setdefault(n, []).append(cm.m.id)
    set_reads({k: tuple(sorted(v)) for k, v in reads.items()})


def _expressions(m: Measure) -> list[tuple[str, tuple[Any, ...]]]:
    """Every expression of a measure with its place in the file."""
    out: list[tuple[str, tuple[Any, ...]]] = [(ln.expr, ("let", i, "expr")) for i, ln in enumerate(m.let)]
    out += [(c.test, ("conditions", i, "test")) for i, c in enumerate(m.conditions)]
    for src, loc in ((m.amount, ("amount",)), (m.cap, ("cap",)), (m.floor, ("floor",))):
        if src is not None:
            out.append((src, loc))
    if m.range is not None:
        out += [(m.range.min, ("range", "min")), (m.range.max, ("range", "max"))]
    return out


def load_bundle(root: Path | None = None, *, seeds: Path | bool | None = True,
                cache: bool | None = None) -> Bundle:
    """Read, validate and compile every file under ``root`` (default: the bundled policies).

    ``seeds``: the folder of the seed documents that quotes and clauses are checked against
    (default: found by :func:`calc_app.engine.bundlecheck.seeds_dir`; ``None`` skips the check).
    ``cache`` (default: on for the bundled policies unless ``RELIEF_POLICY_CACHE=0``) takes the
    parsed files from :mod:`calc_app.engine.policy_cache` when their content is unchanged; they are
    validated and compiled all the same."""
    from calc_app.engine import policy_cache
    use = (root is None and policy_cache.enabled()) if cache is None else cache
    root = root or policies_dir()
    if not use:
        return _load_bundle(root, seeds, read_yaml)
    try:
        key = policy_cache.content_key(root)
    except OSError:
        return _load_bundle(root, seeds, read_yaml)
    files, mark = policy_cache.read_entry(key)
    reader = policy_cache.Reader(root, files, read_yaml, plain, key, mark)
    # the checks this content passed before, with this code and these seeds, are not run again
    checked = seeds is True and reader.checked
    try:
        b = _load_bundle(root, seeds, reader, checked)
    except PolicyError:
        if files is None:
            raise
        # the cache disagrees with the schema: the files decide, and their messages carry lines
        reader = reader.fresh()
        b = _load_bundle(root, seeds, reader)
        checked = False
    reader.save(checked=seeds is True and not checked)
    return b


def _load_bundle(root: Path, seeds: Path | bool | None, read: Any, checked: bool = False) -> Bundle:
    """``checked``: this content passed the checks of expressions, quotes and placeholders before
    (:mod:`calc_app.engine.policy_cache`): they are left out; the schema and compiling are not."""
    seeds = bundlecheck.seeds_dir() if seeds is True else (seeds or None)

    def check_text(t: Text, allowed: set[str], *loc: Any) -> list[str]:
        # the place (file:line: field) is worked out only for a problem
        return [] if checked else _check_text(t, allowed, lambda: at(*loc))
    problems: list[str] = []
    digest = hashlib.sha256()

    # every file a known kind; the tree, the groups and the size table whole before any measure
    problems, measure_paths = bundlecheck.scan_files(root)
    jur_path = root / "jurisdictions.yaml"
    jur = {j.id: j for j in _load_list(jur_path, Jurisdiction, read)}
    problems += bundlecheck.check_jurisdictions(jur_path, read(jur_path))
    groups_path = root / "industry_groups.yaml"
    groups = {g.id: g for g in _load_list(groups_path, IndustryGroup, read)}
    problems += bundlecheck.check_groups(groups_path, read(groups_path))
    size_path = root / "classification" / "size_standard.yaml"
    size_problems, size_cats, size_source = bundlecheck.size_table(size_path, read(size_path))
    problems += size_problems
    if problems:
        raise PolicyError(problems)
    cats = [SizeCategory(c["id"], c["zh"], c["en"], c["prefixes"], c["tiers"]) for c in size_cats]
    size_data = {"source": size_source}

    try:
        catalog = load_inputs(root)
    except PolicyError as e:
        problems += e.problems
        catalog = None
    for p in catalog.files if catalog is not None else ():
        digest.update(p.read_bytes())

    docs: dict[str, Document] = {}
    for p in sorted((root / "documents").glob("*.yaml")):
        digest.update(file_bytes(p))
        data = read(p)
        try:
            d = Document.model_validate(_plain(data))
        except ValidationError as e:
            problems += validation_problems(p, data, e)
            continue
        if d.id != p.stem:
            problems.append(f"{p}:{line_of(data, ('id',))}: id: {d.id!r} differs from the file name")
        if d.jurisdiction not in jur:
            problems.append(f"{p}:{line_of(data, ('jurisdiction',))}: jurisdiction: unknown id {d.jurisdiction!r}")
        docs[d.id] = d

    fields = catalog.names if catalog is not None else scenario_names()
    base_names = fields | DERIVED_NAMES
    measures: list[CompiledMeasure] = []
    seen: dict[str, Path] = {}
    raw: dict[str, Any] = {}
    types = typecheck.scenario_types(base_names)
    for p in measure_paths:
        digest.update(file_bytes(p))
        try:
            data = read(p)
        except PolicyError as e:
            problems += e.problems
            continue
        if not isinstance(data, dict):
            problems.append(f"{p}:1: (file): expected a mapping")
            continue
        try:
            m = Measure.model_validate(_plain(data))
        except ValidationError as e:
            problems += validation_problems(p, data, e)
            continue
        raw[m.id] = (p, data)

        def at(*loc: Any) -> str:
            return f"{p}:{line_of(data, loc)}: {'.'.join(map(str, loc))}"

        if m.id != p.stem:
            problems.append(f"{at('id')}: {m.id!r} differs from the file name")
        if m.id in seen:
            problems.append(f"{at('id')}: {m.id!r} also defined in {seen[m.id]}")
        seen[m.id] = p
        if m.jurisdiction not in jur:
            problems.append(f"{at('jurisdiction')}: unknown id {m.jurisdiction!r}")
            continue
        if p.parent.name != m.jurisdiction:
            problems.append(f"{at('jurisdiction')}: file lies in policies/{p.parent.name}/, not policies/{m.jurisdiction}/")
        doc = docs.get(m.document)
        srcs: list[tuple[int, int, Source]] = []
        if doc is None:
            problems.append(f"{at('document')}: unknown document {m.document!r}")
        for i, (c, loc) in enumerate([(m.citation, ("citation",))]
                                     + [(c, ("also_cited", k)) for k, c in enumerate(m.also_cited)]):
            cdoc = docs.get(c.document) if c.document else doc
            if c.document and cdoc is None:
                problems.append(f"{at(*loc, 'document')}: unknown document {c.document!r}")
            elif cdoc is not None and cdoc.seed_file != c.seed_file:
                where = at(*loc, "document") if c.document else at(*loc, "seed_file")
                problems.append(f"{where}: {c.seed_file} but document {cdoc.id} is {cdoc.seed_file}"
                                + ("" if c.document else "; name the clause's document"))
            elif cdoc is not None and cdoc.jurisdiction in jur:
                d = len(_chain(jur, cdoc.jurisdiction))
                srcs.append((-d, i, Source(c, cdoc, d)))
        names = set(base_names)
        conds, lets = [], []
        reads: set[str] = set()

        def comp(src: str, *loc: Any) -> Expression | None:
            try:
                e = compile_expr(src, allowed_names=names)
            except ExpressionError as ex:
                problems.append(f"{at(*loc)}: {ex}")
                return None
            reads.update(e.names)
            return e

        for i, ln in enumerate(m.let):
            if ln.name in base_names:
                problems.append(f"{at('let', i, 'name')}: {ln.name!r} shadows an input or derived fact")
            e = comp(ln.expr, "let", i, "expr")
            names.add(ln.name)
            problems += check_text(ln.label, names, "let", i, "label")
            if e is not None:
                lets.append((ln.name, e, ln.label))
        for i, c in enumerate(m.conditions):
            e = comp(c.test, "conditions", i, "test")
            problems += check_text(c.pass_, names, "conditions", i, "pass")
            problems += check_text(c.fail, names, "conditions", i, "fail")
            if e is not None:
                conds.append((e, c.pass_, c.fail))
        amount = comp(m.amount, "amount") if m.amount is not None else None
        rmin = comp(m.range.min, "range", "min") if m.range else None
        rmax = comp(m.range.max, "range", "max") if m.range else None
        cap = comp(m.cap, "cap") if m.cap else None
        flo = comp(m.floor, "floor") if m.floor else None
        for t, loc in ((m.notes, "notes"), (m.not_quantified, "not_quantified")):
            if t is not None:
                problems += check_text(t, names, loc)
        if m.range is not None:
            problems += check_text(m.range.why, names, "range", "why")
        for q, loc in [(m.citation.quote, ("citation", "quote"))] + [
                (c.quote, ("also_cited", i, "quote")) for i, c in enumerate(m.also_cited)]:
            if any(not frag.strip() for frag in q.split(QUOTE_SEPARATOR)):
                problems.append(f"{at(*loc)}: empty fragment")
        for c, loc in [(m.citation, ("citation",))] + [(c, ("also_cited", i)) for i, c in enumerate(m.also_cited)]:
            if not checked:
                problems += bundlecheck.check_citation(c, at(*loc), seeds)
        if not checked:
            problems += typecheck.check_measure(m, types, at)  # kinds and bounds of every expression
        for src, loc in ([] if checked else _expressions(m)):
            for fn, key in bundlecheck.call_references(src):
                if fn == "in_group" and key not in groups:
                    problems.append(f"{at(*loc)}: in_group({key!r}): no such industry group in industry_groups.yaml")
                elif fn == "within" and key not in jur:
                    problems.append(f"{at(*loc)}: within({key!r}): no such jurisdiction in jurisdictions.yaml")
        for i, ln in enumerate(m.let):
            pass
        for t in ([ln.label for ln in m.let] + [c.pass_ for c in m.conditions] + [c.fail for c in m.conditions]
                  + [x for x in (m.notes, m.not_quantified, m.range.why if m.range else None) if x is not None]):
            reads |= _text_names(t)
        depth = len(_chain(jur, m.jurisdiction))
        cm_new = CompiledMeasure(m, p, depth, 0, conds, lets, amount, rmin, rmax, cap, flo, frozenset(reads))
        cm_new.sources = tuple(s for _, _, s in sorted(srcs, key=lambda t: (t[0], t[1])))
        measures.append(cm_new)

    # declared inferences (policies/inferences.yaml): a kind of file of its own
    from calc_app.engine import infer
    inferences, inf_problems = infer.load(root, frozenset(base_names), CLASSIFICATION_INPUTS, read)
    problems += inf_problems
    p_inf = root / infer.FILE
    if p_inf.exists():
        digest.update(p_inf.read_bytes())
    by_let = infer.let_rules(inferences)
    for cm in measures:
        for name, _, _ in cm.lets:
            if name in by_let:
                cm.let_rules[name] = by_let[name]
                cm.reads = cm.reads | frozenset().union(*(r.when.names for r in by_let[name]))

    ids = {cm.m.id for cm in measures}
    group_res: dict[str, tuple[str, str]] = {}
    for cm in measures:
        p, data = raw[cm.m.id]
        st = cm.m.stacking
        for key in ("replaces", "on_top_of"):
            for i, ref in enumerate(getattr(st, key)):
                if ref not in ids:
                    problems.append(f"{p}:{line_of(data, ('stacking', key, i))}: stacking.{key}: unknown measure {ref!r}")
                elif ref == cm.m.id:
                    problems.append(f"{p}:{line_of(data, ('stacking', key, i))}: stacking.{key}: a measure cannot name itself")
        if st.group:
            prev = group_res.setdefault(st.group, (st.resolution or "", cm.m.id))
            if prev[0] != st.resolution:
                problems.append(f"{p}:{line_of(data, ('stacking', 'resolution'))}: stacking.resolution: "
                                f"{st.resolution!r} but {prev[1]} gives {prev[0]!r} for group {st.group!r}")
    by_id_m = {cm.m.id: cm.m for cm in measures}
    for cycle in bundlecheck.replaces_cycles({cm.m.id: [r for r in cm.m.stacking.replaces if r in ids]
                                              for cm in measures}):
        p, data = raw[cycle[0]]
        k = list(by_id_m[cycle[0]].stacking.replaces).index(cycle[1])
        problems.append(f"{p}:{line_of(data, ('stacking', 'replaces', k))}: stacking.replaces: "
                        f"the replacements go round in a circle: {' -> '.join(cycle)}")
    if problems:
        raise PolicyError(problems)

    measures.sort(key=lambda cm: (cm.depth, _doc_order(cm.m.citation.seed_file), _clause_key(cm.m.citation.clause), cm.m.id))
    for i, cm in enumerate(measures):
        cm.order = i
    b = Bundle(root, jur, groups, cats, size_data["source"], docs, measures, digest.hexdigest()[:12])
    b.by_id = {cm.m.id: cm for cm in measures}
    b.inferences = inferences
    for cm in measures:
        seen_ids: list[str] = []
        todo = list(cm.m.stacking.replaces)
        while todo:
            ref = todo.pop(0)
            if ref in seen_ids or ref == cm.m.id:
                continue
            seen_ids.append(ref)
            todo.extend(b.by_id[ref].m.stacking.replaces)
        cm.replaces_all = tuple(seen_ids)
        cm.key_names = tuple(sorted(cm.reads))
    return b


def _chain(jur: dict[str, Jurisdiction], jid: str) -> list[str]:
    out = []
    cur: str | None = jid
    while cur is not None:
        out.append(cur)
        cur = jur[cur].parent
    return out


def _doc_order(seed: str) -> str:
    return seed


def _clause_key(clause: str) -> tuple:
    nums = re.findall(r"\d+", clause)
    return (int(nums[0]) if nums else 10**6, clause)


@lru_cache(maxsize=1)
def default_bundle() -> Bundle:
    """The bundle in use: the active policy pack's, or the bundled law (see calc_app.pack.active)."""
    from calc_app.engine import policy_cache
    from calc_app.pack.active import load_in_use
    # the folder in use is given, so the cache is asked for (it is keyed by the folder's content)
    b = load_in_use(lambda root: load_bundle(root, cache=policy_cache.enabled()))
    attach_reads(b)
    return b


def _main() -> int:
    """``python -m calc_app.engine.policies``: validate the bundle and print each problem."""
    import sys
    from calc_app.engine.yamlload import PolicyError
    try:
        b = load_bundle()
    except PolicyError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(f"ok: {len(b.measures)} measures, {len(b.documents)} documents, version {b.version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
