"""Reading a scenario JSON file the same way everywhere: ``evaluate``, the window's Open, the API.

- at most :data:`MAX_FILE_BYTES`; UTF-8 with or without a byte-order mark;
- a key repeated in one object is refused, naming it (never "the last one wins");
- numbers are read as exact decimals, never floats; a ``NaN``/``Infinity`` token or a number
  with thousands of digits is refused against its field, not the file;
- :func:`check_tree` bounds what a scenario may hold before the model validates it: nesting at
  most :data:`MAX_NESTING` deep, at most :data:`MAX_ITEMS` rows in a list, at most
  :data:`MAX_KEYS` keys in an object, texts of at most :data:`MAX_STRING` characters and
  numbers of at most :data:`MAX_NUMBER_CHARS` characters. The Python API (a dict passed to
  ``evaluate``) goes through the same check.

Problems are ``(field, message)`` pairs, ``field`` a dotted path such as ``loans.3.principal``;
only a problem of the file as a whole (unreadable, too large, not JSON at all) is ``(file)``.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from calc_app.models.values import shorten

MAX_FILE_BYTES = 4 * 1024 * 1024
"""A scenario file is at most 4 MiB (a scenario with 1,000 loans is about 300 KB)."""
MAX_ITEMS = 1000
"""Rows of one list (loans, guarantees, procurement bids, ...)."""
MAX_KEYS = 1000
"""Keys of one JSON object."""
MAX_STRING = 200
"""Characters of one text value (ids, codes and choices are short)."""
MAX_NUMBER_CHARS = 64
"""Characters of one JSON number."""
MAX_NESTING = 8
"""Objects and lists inside each other (a scenario needs 3: object, list, row)."""
MAX_PROBLEMS = 50
"""Problems reported for one scenario; the rest are counted."""


class ScenarioFileError(ValueError):
    """The file or the data cannot be a scenario. ``problems`` is a list of (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


class _Object(dict):
    """A JSON object that remembers the keys its text repeated."""
    repeated: tuple[str, ...] = ()


class _BadNumber:
    """A JSON number the tree check refuses (kept so that the problem names its field)."""
    __slots__ = ("text", "why")

    def __init__(self, text: str, why: str):
        self.text, self.why = text, why

    def __repr__(self) -> str:
        return shorten(self.text)


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    out = _Object(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        rep = []
        for k, _ in pairs:
            if k in seen and k not in rep:
                rep.append(k)
            seen.add(k)
        out.repeated = tuple(rep)
    return out


def _parse_number(text: str) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        return _BadNumber(text, f"a number of {len(text)} characters: at most {MAX_NUMBER_CHARS}")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the JSON grammar only passes numbers here
        return _BadNumber(text, "not a number")


def _parse_int(text: str) -> Any:
    if len(text) > 18:
        return _parse_number(text)
    return int(text)


def _parse_constant(name: str) -> Any:
    return _BadNumber(name, f"{name} is not a number (NaN and Infinity are not accepted)")


def loads(text: str) -> Any:
    """Parse JSON text (no tree check). Raises :class:`ScenarioFileError`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, parse_float=_parse_number, parse_int=_parse_int,
                          parse_constant=_parse_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as e:
        raise ScenarioFileError([("(file)", f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}")]) from None
    except RecursionError:
        path = _deep_path(text, MAX_NESTING)
        raise ScenarioFileError([(path or "(scenario)", f"nested more than {MAX_NESTING} levels deep")]) from None


def read_bytes(data: bytes) -> Any:
    """The checked JSON value of a file's bytes. Raises :class:`ScenarioFileError`."""
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioFileError([("(file)", f"larger than {MAX_FILE_BYTES:,} bytes ({len(data):,} bytes)")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioFileError([("(file)", f"not UTF-8 text (byte {e.start:,} cannot be read)")]) from None
    value = loads(text)
    problems = check_tree(value)
    if problems:
        raise ScenarioFileError(problems)
    return value


def read_file(path: str | Path) -> Any:
    """Read and check a scenario file ("-" reads standard input). Raises :class:`ScenarioFileError`."""
    import sys
    try:
        if str(path) == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is not None:
                data = stream.read(MAX_FILE_BYTES + 1)
            else:  # a text stream put in place of stdin (tests, embedding)
                data = sys.stdin.read(MAX_FILE_BYTES + 1).encode("utf-8")
        else:
            p = Path(path)
            if p.is_dir():
                raise ScenarioFileError([("(file)", f"{shorten(str(path), 200)} is a folder, not a file")])
            with p.open("rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise ScenarioFileError([("(file)", f"cannot read {shorten(str(path), 200)}: {e.strerror or e}")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioFileError([("(file)", f"larger than {MAX_FILE_BYTES:,} bytes")])
    return read_bytes(data)


def _join(path: str, key: Any) -> str:
    k = shorten(str(key), 60)
    return f"{path}.{k}" if path else k


_FINE = (bool, type(None))


def _plain_scalars(d: dict) -> bool:
    """True when every value of ``d`` is a short text, a small number, true/false or null, and no
    key repeated: nothing to look into (the common case, checked without building paths)."""
    if len(d) > MAX_KEYS or getattr(d, "repeated", ()):
        return False
    for k, v in d.items():
        t = type(v)
        if t is str:
            if len(v) > MAX_STRING:
                return False
        elif t is int:
            if not -(1 << 63) < v < (1 << 63):
                return False
        elif t is Decimal:
            if not v.is_finite() or len(v.as_tuple().digits) > MAX_NUMBER_CHARS:
                return False
        elif v is not None and t is not bool:
            return False
        if type(k) is not str or len(k) > MAX_STRING:
            return False
    return True


def check_tree(value: Any) -> list[tuple[str, str]]:
    """Problems of a raw scenario value that no field should ever receive (see the module)."""
    if type(value) is dict or type(value) is _Object:
        # a scenario: scalars at the top and lists of flat rows; look closer only where needed
        for k, v in value.items():
            if type(v) is list and len(v) <= MAX_ITEMS:
                if not all(type(row) in (dict, _Object) and _plain_scalars(row) for row in v):
                    break
            elif type(v) in (list, dict, _Object):
                break
        else:
            scalars = {k: v for k, v in value.items() if type(v) is not list}
            if _plain_scalars(scalars) and len(value) <= MAX_KEYS and not getattr(value, "repeated", ()):
                return []
    problems: list[tuple[str, str]] = []
    more = 0
    todo: list[tuple[str, Any, int]] = [("", value, 0)]
    while todo:
        path, v, depth = todo.pop()
        if len(problems) >= MAX_PROBLEMS:
            more += 1
            continue
        where = path or "(scenario)"
        if isinstance(v, dict):
            if depth >= MAX_NESTING:
                problems.append((where, f"nested more than {MAX_NESTING} levels deep"))
                continue
            for k in getattr(v, "repeated", ()):
                problems.append((_join(path, k), "given twice in one object (a key must appear once)"))
            if len(v) > MAX_KEYS:
                problems.append((where, f"{len(v):,} keys: at most {MAX_KEYS:,}"))
                continue
            for k, x in reversed(list(v.items())):
                if not isinstance(k, str):
                    problems.append((where, f"key {shorten(k)} is not text"))
                    continue
                if len(k) > MAX_STRING:
                    problems.append((_join(path, k), f"a key of {len(k):,} characters: at most {MAX_STRING}"))
                    continue
                todo.append((_join(path, k), x, depth + 1))
        elif isinstance(v, (list, tuple)):
            if depth >= MAX_NESTING:
                problems.append((where, f"nested more than {MAX_NESTING} levels deep"))
                continue
            if len(v) > MAX_ITEMS:
                problems.append((where, f"{len(v):,} items: at most {MAX_ITEMS:,}"))
                continue
            for i in range(len(v) - 1, -1, -1):
                todo.append((_join(path, i), v[i], depth + 1))
        elif isinstance(v, _BadNumber):
            problems.append((where, v.why))
        elif isinstance(v, str):
            if len(v) > MAX_STRING:
                problems.append((where, f"a text of {len(v):,} characters: at most {MAX_STRING}"))
        elif isinstance(v, bool) or v is None:
            pass
        elif isinstance(v, int):
            if v.bit_length() > 64:
                problems.append((where, f"a number of about {int(v.bit_length() * 0.30103) + 1:,} digits: "
                                        f"at most {MAX_NUMBER_CHARS} characters"))
        elif isinstance(v, Decimal):
            if not v.is_finite():
                problems.append((where, f"{v} is not a number (NaN and Infinity are not accepted)"))
            else:
                t = v.as_tuple()
                if len(t.digits) > MAX_NUMBER_CHARS or abs(int(t.exponent)) > 999:
                    problems.append((where, f"the number {shorten(v)} is out of range"))
        elif isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")):
                problems.append((where, f"{v} is not a number (NaN and Infinity are not accepted)"))
    if more:
        problems.append(("(scenario)", f"and {more:,} more problems"))
    return problems


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]', re.DOTALL)


def _deep_path(text: str, limit: int) -> str:
    """The dotted path at which the JSON ``text`` first nests deeper than ``limit``."""
    stack: list[list[Any]] = []  # per open container: [kind, key or index, expecting_key]
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok in "[{":
            if len(stack) >= limit:
                break
            stack.append([tok, None if tok == "{" else 0, tok == "{"])
        elif tok in "]}":
            if stack:
                stack.pop()
        elif tok == ",":
            if stack:
                top = stack[-1]
                if top[0] == "[":
                    top[1] += 1
                else:
                    top[2] = True
        elif tok == ":":
            if stack:
                stack[-1][2] = False
        elif stack and stack[-1][0] == "{" and stack[-1][2]:
            try:
                stack[-1][1] = json.loads(tok)
            except ValueError:
                stack[-1][1] = tok
    # each open container holds the key (or index) of the child being read: together, the path
    return ".".join(shorten(str(s[1]), 60) for s in stack if s[1] is not None)
