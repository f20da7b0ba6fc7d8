"""YAML reading that remembers line numbers, so a load error names file, line and field.

Every policy file is read by :func:`read_yaml`, which refuses, naming file and line: a file larger
than :data:`MAX_POLICY_FILE_BYTES`, a missing or unreadable file (a folder, a dangling link), text
that is not UTF-8, a YAML alias (``*name``: what made "billion laughs" files expand to gigabytes;
anchors and aliases are not used by the policy format) and a key given twice in one mapping
(never "the last one wins").
"""
from __future__ import annotations

import os
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


MAX_POLICY_FILE_BYTES = 1024 * 1024
"""A policy file is at most 1 MiB (the largest today is about 20 KB)."""


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    problems: list[tuple[int, str, str]]


class _Refused(yaml.YAMLError):
    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


def _refuse_aliases(root: yaml.Node | None) -> None:
    """A node reached twice in the composed document is an alias (``*name``): refused before
    anything is constructed, so an alias bomb costs one walk over the text's own nodes."""
    seen: set[int] = set()
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if id(node) in seen:
            raise _Refused(node.start_mark.line + 1, "(YAML)",
                           "aliases (*name) of anchors (&name) are not allowed in policy files: "
                           "write the value out (the anchor is on this line)")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(k.start_mark.line + 1, "<<", "merge keys (<<) are not allowed in policy files")
                todo.append(k)
                todo.append(v)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        line = key_node.start_mark.line + 1
        if key in lines:
            loader.problems.append((line, str(key), f"given twice in one mapping (also at line {lines[key]}); "
                                                    "a key must appear once"))
            continue
        lines[key] = line
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


def file_bytes(path: Path) -> bytes:
    """The bytes of a policy file for the bundle's digest (empty when it cannot be read; reading it
    with :func:`read_yaml` then says why)."""
    try:
        with path.open("rb") as f:
            return f.read(MAX_POLICY_FILE_BYTES + 1)
    except OSError:
        return b""


def _read_text(path: Path) -> str:
    try:
        if path.is_symlink() and not path.exists():
            raise PolicyError([f"{path}:0: (file): a link to nothing ({os.readlink(path)})"])
        if path.is_dir():
            raise PolicyError([f"{path}:0: (file): a folder where a file should be"])
        with path.open("rb") as f:
            raw = f.read(MAX_POLICY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PolicyError([f"{path}:0: (file): missing"]) from None
    except OSError as e:
        raise PolicyError([f"{path}:0: (file): cannot be read: {e.strerror or e}"]) from None
    if len(raw) > MAX_POLICY_FILE_BYTES:
        raise PolicyError([f"{path}:0: (file): larger than {MAX_POLICY_FILE_BYTES:,} bytes"])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise PolicyError([f"{path}:{line}: (file): not UTF-8 text (byte {e.start:,} cannot be read); "
                           "save the file as UTF-8"]) from None


def read_yaml(path: Path) -> Any:
    text = _read_text(path)
    loader = _LineLoader(text)
    loader.problems = []
    try:
        node = loader.get_single_node()
        if "&" in text:  # an alias needs an anchor: without one no node can be shared
            _refuse_aliases(node)
        data = loader.construct_document(node) if node is not None else None
    except _Refused as e:
        raise PolicyError([f"{path}:{e.line}: {e.field}: {e.message}"]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise PolicyError([f"{path}:{line}: YAML: {getattr(e, 'problem', None) or e}"]) from None
    except RecursionError:
        raise PolicyError([f"{path}:0: YAML: nested too deeply"]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise PolicyError([f"{path}:{line}: {key}: {msg}" for line, key, msg in sorted(loader.problems)])
    return data


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
