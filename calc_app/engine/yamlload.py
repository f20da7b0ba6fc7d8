"""YAML reading that remembers line numbers, so a load error names file, line and field.

Every policy file is read by :func:`read_yaml`, which refuses, naming file and line: a file larger
than :data:`MAX_POLICY_FILE_BYTES`, a missing or unreadable file (a folder, a dangling link), text
that is not UTF-8, a YAML alias (``*name``: what made "billion laughs" files expand to gigabytes;
anchors and aliases are not used by the policy format) and a key given twice in one mapping
(never "the last one wins").

PyYAML itself is imported when a file is first parsed (:mod:`calc_app.engine._yamlparse`): a start
whose policy files come from the parse cache (calc_app.engine.policy_cache) needs none of it.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError


class PolicyError(Exception):
    """A broken policy file. ``problems`` is a list of 'file:line: field: message' lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


MAX_POLICY_FILE_BYTES = 1024 * 1024
"""A policy file is at most 1 MiB (the largest today is about 20 KB)."""


class _LinedDict(dict):
    lines: dict
    line: int


class _LinedList(list):
    lines: list
    line: int


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
    from calc_app.engine._yamlparse import parse
    return parse(path, _read_text(path))


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
