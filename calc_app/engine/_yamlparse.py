"""The YAML parsing of :func:`calc_app.engine.yamlload.read_yaml`, kept apart so that PyYAML is
imported only when a file is parsed (see that module)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from calc_app.engine.yamlload import PolicyError, _LinedDict, _LinedList

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: about 10× faster


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


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)
# floats stay text, so 0.005 reaches the expression compiler exactly as written
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_str_keep)


def parse(path: Path, text: str) -> Any:
    """The data of a policy file's ``text`` (read from ``path``, named in the problems)."""
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
