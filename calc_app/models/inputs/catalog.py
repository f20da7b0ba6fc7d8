"""The input descriptions, read from ``policies/inputs/`` and turned into the scenario model.

Every input the measures read is described once, as data: ``policies/inputs/<group>.yaml`` lists
the scalar and list inputs (id, label, type, section, unit, help, bounds, choices, presumption,
qualification), ``policies/inputs/items/<list>.yaml`` the fields of one item of a list input, and
``policies/inputs/index.yaml`` the order of the files, the form's sections and the units. Each file
is validated with ``extra="forbid"``; a problem is reported as ``file:line: field: message``.

:func:`build_models` makes the pydantic models from a catalog (``create_model``): the scenario and
one model per list. Nothing in these files is executed: a type names one of the aliases of
:mod:`calc_app.models.inputs.meta`, a ``format`` one of the checks in :data:`FORMATS`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model, field_validator, \
    model_validator

from calc_app.engine.yamlload import PolicyError, line_of, plain, validation_problems
from calc_app.engine.yamlload import read_yaml as _read_yaml

INPUTS_DIR = "inputs"
TYPES = ("money", "count", "fraction", "number", "date", "flag", "choice", "text", "list")
NUMERIC = ("money", "count", "fraction", "number")
FORMATS = ("jurisdiction", "industry_code")
"""The named checks a ``text`` input may carry (the code lives in :func:`_format_validator`)."""
ID = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Strict):
    zh: str
    en: str


class Label(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Choice(_Strict):
    value: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Presume(_Strict):
    """The value taken when nobody answers, and the sentence that says so."""
    value: Any
    text: Label


class Bounds(_Strict):
    min: Optional[Decimal] = None
    max: Optional[Decimal] = None


class InputEntry(_Strict):
    id: str = Field(pattern=ID)
    type: Literal["money", "count", "fraction", "number", "date", "flag", "choice", "text", "list"]
    format: Optional[Literal["jurisdiction", "industry_code"]] = None
    required: bool = False
    section: str
    unit: str = ""
    label: Label
    help: Words = Words(zh="", en="")
    bounds: Optional[Bounds] = None
    choices: Optional[list[Choice]] = None
    items: Optional[str] = Field(default=None, pattern=ID)
    presume: Optional[Presume] = None
    qualification: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> "InputEntry":
        if self.presume is not None and self.qualification:
            raise ValueError("a qualification (a fact the enterprise must show) is never presumed: "
                             "drop presume or qualification")
        if (self.type == "choice") != (self.choices is not None):
            raise ValueError("choices are given exactly when type is choice")
        if self.choices is not None:
            vals = [c.value for c in self.choices]
            if not vals or len(set(vals)) != len(vals):
                raise ValueError("choices must be non-empty and their values distinct")
        if (self.type == "list") != (self.items is not None):
            raise ValueError("items (the file under inputs/items/) is given exactly when type is list")
        if self.bounds is not None and self.type not in NUMERIC:
            raise ValueError(f"bounds apply to {', '.join(NUMERIC)} inputs only")
        if self.format is not None and self.type != "text":
            raise ValueError("format applies to text inputs only")
        if self.required and self.presume is not None:
            raise ValueError("a required input has no presumption")
        return self


class InputFile(_Strict):
    inputs: list[InputEntry]


class ItemFile(_Strict):
    model: str = Field(pattern=r"^[A-Z][A-Za-z0-9]*$")
    inputs: list[InputEntry]


class Named(_Strict):
    id: str = Field(pattern=r"^[a-z_]*$")
    zh: str
    en: str


class IndexFile(_Strict):
    files: list[str] = []
    sections: list[Named]
    units: list[Named]


@dataclass(frozen=True)
class Described:
    """One input as loaded: its entry, the file and line it comes from."""
    entry: InputEntry
    path: Path
    line: int
    group: str             # the file's stem: contract, jiangmen, …; for a list item, items/<list>


@dataclass
class Catalog:
    root: Path
    sections: dict[str, dict[str, str]]
    units: dict[str, dict[str, str]]
    inputs: dict[str, Described]                         # scenario fields, in form order
    items: dict[str, tuple[str, dict[str, Described]]]   # list name -> (model name, its fields)
    files: list[Path] = field(default_factory=list)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.inputs)

    def item_fields(self) -> dict[str, tuple[str, ...]]:
        return {k: tuple(f) for k, (_, f) in self.items.items()}


def _check(path: Path, model: type[BaseModel], data: Any, problems: list[str]) -> Any:
    try:
        return model.model_validate(plain(data))
    except ValidationError as e:
        problems += validation_problems(path, data, e)
        return None


def input_files(policies_root: Path) -> list[Path]:
    """Every file of the input descriptions under ``policies_root`` (for hashing and packing)."""
    d = policies_root / INPUTS_DIR
    return sorted(p for p in d.rglob("*.yaml")) if d.is_dir() else []


def load_catalog(policies_root: Path, read: Any = None) -> Catalog:
    """Read and validate ``policies_root/inputs``; raise :class:`PolicyError` listing every problem.

    ``read`` (default: ``read_yaml``) reads one file, e.g. through the parse cache
    (:func:`calc_app.engine.policy_cache.reader`)."""
    read_yaml = read or _read_yaml
    d = policies_root / INPUTS_DIR
    index_path = d / "index.yaml"
    if not index_path.is_file():
        raise PolicyError([f"{index_path}:0: (file): missing: the input descriptions start here"])
    problems: list[str] = []
    idx_data = read_yaml(index_path)
    idx = _check(index_path, IndexFile, idx_data, problems)
    if idx is None:
        raise PolicyError(problems)
    sections = {s.id: {"zh_CN": s.zh, "en_US": s.en} for s in idx.sections}
    units = {u.id: {"zh_CN": u.zh, "en_US": u.en} for u in idx.units}
    units.setdefault("", {"zh_CN": "", "en_US": ""})

    group_paths = {p.stem: p for p in sorted(d.glob("*.yaml")) if p.name != "index.yaml"}
    for i, name in enumerate(idx.files):
        if name not in group_paths:
            problems.append(f"{index_path}:{line_of(idx_data, ('files', i))}: files.{i}: no file inputs/{name}.yaml")
    order = [n for n in idx.files if n in group_paths] + sorted(n for n in group_paths if n not in idx.files)

    seen: dict[str, Described] = {}

    def take(path: Path, data: Any, entries: list[InputEntry], group: str, into: dict[str, Described]) -> None:
        for i, e in enumerate(entries):
            line = line_of(data, ("inputs", i))

            def at(*loc: Any) -> str:
                return f"{path}:{line_of(data, ('inputs', i) + loc)}: inputs.{i}.{'.'.join(map(str, loc))}"
            if e.section not in sections:
                problems.append(f"{at('section')}: unknown section {e.section!r}; index.yaml has "
                                f"{', '.join(sections)}")
            if e.unit not in units:
                problems.append(f"{at('unit')}: unknown unit {e.unit!r}; index.yaml has "
                                f"{', '.join(u for u in units if u)}")
            if e.id in into:
                prev = into[e.id]
                problems.append(f"{at('id')}: {e.id!r} is already described in {prev.path}:{prev.line}")
                continue
            into[e.id] = Described(e, path, line, group)

    files = [index_path]
    for name in order:
        p = group_paths[name]
        files.append(p)
        data = read_yaml(p)
        f = _check(p, InputFile, data, problems)
        if f is not None:
            take(p, data, f.inputs, name, seen)

    items: dict[str, tuple[str, dict[str, Described]]] = {}
    item_paths = {p.stem: p for p in sorted((d / "items").glob("*.yaml"))} if (d / "items").is_dir() else {}
    models_seen: dict[str, Path] = {}
    for lname, p in item_paths.items():
        files.append(p)
        data = read_yaml(p)
        f = _check(p, ItemFile, data, problems)
        if f is None:
            continue
        if f.model in models_seen or f.model == "Scenario":
            problems.append(f"{p}:{line_of(data, ('model',))}: model: name {f.model!r} is taken")
        models_seen[f.model] = p
        fields: dict[str, Described] = {}
        take(p, data, f.inputs, f"items/{lname}", fields)
        for i, e in enumerate(f.inputs):
            if e.type == "list" or e.required or e.format:
                problems.append(f"{p}:{line_of(data, ('inputs', i))}: inputs.{i}: an item field is not a list, "
                                "not required and has no format")
        items[lname] = (f.model, fields)

    for name, ds in seen.items():
        e = ds.entry
        if e.type == "list" and e.items not in items:
            problems.append(f"{ds.path}:{ds.line}: inputs.{name}.items: no file inputs/items/{e.items}.yaml")
        if e.type == "list" and e.items != name:
            problems.append(f"{ds.path}:{ds.line}: inputs.{name}.items: a list input names its own items file "
                            f"(inputs/items/{name}.yaml)")
    used = {ds.entry.items for ds in seen.values() if ds.entry.type == "list"}
    for lname, p in item_paths.items():
        if lname not in used:
            problems.append(f"{p}:1: (file): no list input {lname!r} reads these items")
    for req in ("jurisdiction", "as_of"):
        if req not in seen or not seen[req].entry.required:
            problems.append(f"{index_path}:1: inputs: {req!r} must be described, with required: true")
    if problems:
        raise PolicyError(problems)
    cat = Catalog(policies_root, sections, units, seen, items, files)
    if not getattr(read, "checked", False):  # the parse cache's check mark (calc_app.engine.policy_cache)
        _check_presumptions(cat, problems)
    if problems:
        raise PolicyError(problems)
    return cat


# ------------------------------------------------------------------------------------------------
# building the models

BASE_KEYS = ("label_zh", "label_en", "section", "unit", "help_zh", "help_en")
"""The description keys that also go into the JSON schema (the rest would clash with its own keys)."""


def _meta(e: InputEntry) -> dict[str, Any]:
    m: dict[str, Any] = {"label_zh": e.label.zh, "label_en": e.label.en, "section": e.section, "unit": e.unit,
                         "help_zh": e.help.zh, "help_en": e.help.en, "type": e.type,
                         "qualification": e.qualification}
    if e.choices is not None:
        m["choices"] = [c.model_dump() for c in e.choices]
    if e.presume is not None:
        m["presume"] = {"value": e.presume.value, "text": e.presume.text.model_dump()}
    if e.format:
        m["format"] = e.format
    return m


def _annotation(e: InputEntry, item_models: dict[str, type[BaseModel]]) -> Any:
    from calc_app.models.inputs import meta
    base: Any = {"money": meta.Money, "count": meta.Count, "fraction": meta.Fraction, "number": meta.Number,
                 "date": meta.IsoDate, "flag": meta.Flag, "text": str}.get(e.type)
    if e.type == "choice":
        base = Literal[tuple(c.value for c in e.choices or ())]  # type: ignore[misc]
    elif e.type == "list":
        base = list[item_models[e.items or ""]]  # type: ignore[misc]
    if e.bounds is not None:
        from typing import Annotated
        kw = {}
        if e.bounds.min is not None:
            kw["ge"] = int(e.bounds.min) if e.type == "count" else e.bounds.min
        if e.bounds.max is not None:
            kw["le"] = int(e.bounds.max) if e.type == "count" else e.bounds.max
        base = Annotated[base, Field(**kw)]
    return base


def _field(e: InputEntry, item_models: dict[str, type[BaseModel]]) -> tuple[Any, Any]:
    ann = _annotation(e, item_models)
    extra = {k: v for k, v in _meta(e).items() if k in BASE_KEYS}
    if e.required:
        return ann, Field(title=e.label.en, json_schema_extra=extra)
    return Optional[ann], Field(default=None, title=e.label.en, description=e.help.en or None,
                                json_schema_extra=extra)


@lru_cache(maxsize=8)
def _jurisdiction_ids(policies_root: Path) -> frozenset[str]:
    from calc_app.engine import jurisdictions, policies
    from calc_app.paths import policies_dir
    if policies_root == policies_dir():
        if policies.default_bundle.cache_info().currsize:  # loaded: its jurisdictions are this file's
            b = policies.default_bundle()
            if b.root == policies_root:
                return frozenset(b.jurisdictions)
        return jurisdictions.jurisdiction_ids()
    return frozenset(str(r["id"]) for r in plain(_read_yaml(policies_root / "jurisdictions.yaml")))


def _format_validator(fmt: str, name: str, policies_root: Path) -> Any:
    if fmt == "jurisdiction":
        def known_jurisdiction(cls: Any, v: str) -> str:
            if v not in _jurisdiction_ids(policies_root):
                raise ValueError(f"unknown jurisdiction id {v!r}; see `python -m calc_app jurisdictions`")
            return v
        return field_validator(name)(known_jurisdiction)

    def known_code(cls: Any, v: str | None) -> str | None:
        if v is None:
            return v
        from calc_app.engine.industry import is_valid_code
        v = v.strip().upper()
        if not is_valid_code(v):
            raise ValueError(f"{v!r} is not a GB/T 4754-2017 code")
        return v
    return field_validator(name)(known_code)


class _Inputs(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Models:
    scenario: type[BaseModel]
    lists: dict[str, type[BaseModel]]


def build_models(cat: Catalog, module: str = "calc_app.models.scenario",
                 list_module: str = "calc_app.models.inputs.lists") -> Models:
    """The scenario model and the list item models, made from the catalog.

    The fields keep the order of the files (``index.yaml``'s ``files``, then the rest); the
    required ones (``jurisdiction``, ``as_of``) come last, so pydantic reports problems in the
    same order as before the descriptions became data."""
    lists: dict[str, type[BaseModel]] = {}
    for lname, (model_name, fields) in cat.items.items():
        defs = {n: _field(d.entry, {}) for n, d in fields.items()}
        m = create_model(model_name, __base__=_Inputs, __module__=list_module, **defs)  # type: ignore[call-overload]
        m.__list_name__ = lname  # type: ignore[attr-defined]
        m.__input_meta__ = {n: _meta(d.entry) for n, d in fields.items()}  # type: ignore[attr-defined]
        lists[lname] = m
    optional = [d for d in cat.inputs.values() if not d.entry.required]
    required = [d for d in cat.inputs.values() if d.entry.required]
    defs = {d.entry.id: _field(d.entry, lists) for d in optional + required}
    validators = {f"_check_{d.entry.id}": _format_validator(d.entry.format, d.entry.id, cat.root)
                  for d in optional + required if d.entry.format}
    sc = create_model("Scenario", __base__=_Inputs, __module__=module, __validators__=validators,  # type: ignore[call-overload]
                      **defs)
    sc.__input_meta__ = {d.entry.id: _meta(d.entry) for d in optional + required}  # type: ignore[attr-defined]
    return Models(sc, {k: lists[k] for k in cat.items})


def _check_presumptions(cat: Catalog, problems: list[str]) -> None:
    """A presumed value must be one the field accepts."""
    def check(d: Described, ann: Any) -> None:
        e = d.entry
        if e.presume is None:
            return
        try:
            TypeAdapter(ann).validate_python(e.presume.value)
        except ValidationError as err:
            msg = err.errors()[0]["msg"]
            problems.append(f"{d.path}:{d.line}: inputs.{e.id}.presume.value: {msg}")
    for d in cat.inputs.values():
        if d.entry.type != "list":
            check(d, _annotation(d.entry, {}))
        elif d.entry.presume is not None:
            item = build_models(cat).lists.get(d.entry.items or "")
            if item is not None:
                check(d, list[item])  # type: ignore[valid-type]
    for _, fields in cat.items.values():
        for d in fields.values():
            check(d, _annotation(d.entry, {}))


# ------------------------------------------------------------------------------------------------
# the catalog in use

_CATALOGS: dict[Path, tuple[tuple, Catalog]] = {}


def _signature(policies_root: Path) -> tuple:
    out = []
    for p in input_files(policies_root):
        st = p.stat()
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def catalog_for(policies_root: Path) -> Catalog:
    """The catalog under ``policies_root``, read again only when one of its files changed (the
    models and the bundle loader read the same files at start)."""
    sig = _signature(policies_root)
    got = _CATALOGS.get(policies_root)
    if got is not None and got[0] == sig:
        return got[1]
    from calc_app.engine import policy_cache
    reader = policy_cache.reader(policies_root)
    if reader is None:
        cat = load_catalog(policies_root)
    else:
        try:
            cat = load_catalog(policies_root, reader)
        except PolicyError:
            if reader.files is None:
                raise
            # the cache disagrees: the files decide, and their messages carry lines
            reader = reader.fresh()
            cat = load_catalog(policies_root, reader)
        reader.save()
    _CATALOGS[policies_root] = (sig, cat)
    return cat


@lru_cache(maxsize=1)
def active_catalog() -> Catalog:
    """The catalog of the policies in use (``calc_app.paths.policies_dir()``)."""
    from calc_app.paths import policies_dir
    return catalog_for(policies_dir())


@lru_cache(maxsize=1)
def active_models() -> Models:
    return build_models(active_catalog())


_READS: dict[str, tuple[str, ...]] = {}


def set_reads(reads: dict[str, tuple[str, ...]]) -> None:
    """Which measures read each input (filled when the bundle in use loads)."""
    _READS.clear()
    _READS.update(reads)


def reads_of(name: str) -> tuple[str, ...] | None:
    """The measure ids that read ``name``; ``None`` until the bundle in use has loaded."""
    if not _READS:
        return None
    return _READS.get(name, ())

