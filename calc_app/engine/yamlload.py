"""YAML reading that remembers line numbers, so a load error names file, line and field."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError


class PolicyError(Exception):
    """A broken policy file. ``problems`` is a list of 'file:line: field: message' lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: about 10× faster


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines = {}
    for key_node, _ in node.value:
        lines[loader.construct_object(key_node)] = key_node.start_mark.line + 1
    mapping_with_lines = _LinedDict(mapping)
    mapping_with_lines.lines = lines
    mapping_with_lines.line = node.start_mark.line + 1
    return mapping_with_lines


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> list:
    seq = _LinedList(yaml.SafeLoader.construct_sequence(loader, node, deep=True))
    seq.lines = [n.start_mark.line + 1 for n in node.value]
    seq.line = node.start_mark.line + 1
    return seq


def _construct_str_keep(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    return loader.construct_scalar(node)


class _LinedDict(dict):
    lines: dict
    line: int


class _LinedList(list):
    lines: list
    line: int


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)
# floats stay text, so 0.005 reaches the expression compiler exactly as written
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_str_keep)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.load(f, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise PolicyError([f"{path}:{line}: YAML: {getattr(e, 'problem', e)}"]) from None


def line_of(data: Any, loc: tuple) -> int:
    """The line of the deepest key in ``loc`` found in ``data``."""
    line = getattr(data, "line", 0)
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            line = getattr(cur, "lines", {}).get(part, line)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            lines = getattr(cur, "lines", [])
            if part < len(lines):
                line = lines[part]
            cur = cur[part]
        else:
            break
    return line


def plain(data: Any) -> Any:
    """Strip the line bookkeeping (plain dicts and lists)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


def validation_problems(path: Path, data: Any, err: ValidationError) -> list[str]:
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        field = ".".join(str(p) for p in loc) or "(file)"
        out.append(f"{path}:{line_of(data, loc)}: {field}: {e['msg']}")
    return out
