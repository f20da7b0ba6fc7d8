"""A cache of the parsed policy files, so a start does not parse 200 YAML files again.

Parsing the YAML (with line numbers, for error messages) is most of what loading the policies
costs; validating and compiling is the rest. The cache holds what parsing gives, as plain JSON
data (mappings, lists, text, numbers, yes/no and dates tagged ``{"$date": ...}``), in
``calc_app.paths.data_dir()/cache/``. It is keyed by the content of every file under
``policies/`` and by the parser (PyYAML's version, the engine's loader module), so an edited,
added or removed file, or another parser, makes a new key and the files are parsed again.

Nothing in it is executed: it is read with ``json.loads``, and what it holds goes through the
same validation and expression compiling as freshly parsed files. A cache file that cannot be
read, is not JSON, has another key or the wrong shape is ignored and written again. A bundle
with a problem is never cached (its messages need the line numbers only a fresh parse has).
``RELIEF_POLICY_CACHE=0`` switches it off.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

FORMAT = 1
FILE_NAME = "policies-parsed.json"


def enabled() -> bool:
    return os.environ.get("RELIEF_POLICY_CACHE", "1") not in ("0", "false", "no")


def cache_path() -> Path:
    from calc_app.paths import data_dir
    return data_dir() / "cache" / FILE_NAME


def content_key(root: Path) -> str:
    """The digest of every file under ``root`` (relative name and bytes) and of the parser."""
    import yaml

    from calc_app.engine import yamlload
    h = hashlib.sha256()
    h.update(f"format {FORMAT}; PyYAML {yaml.__version__} libyaml {yaml.__with_libyaml__}\0".encode())
    h.update(Path(yamlload.__file__).read_bytes())
    for p in sorted(q for q in root.rglob("*") if q.is_file()):
        rel = p.relative_to(root).as_posix()
        if "__pycache__" in rel:
            continue
        data = p.read_bytes()
        h.update(f"\0{rel}\0{len(data)}\0".encode("utf-8"))
        h.update(data)
    return h.hexdigest()


def _encode(o: Any) -> Any:
    if isinstance(o, _dt.datetime):
        raise TypeError("datetime")  # not in policy files; refuse rather than change its type
    if isinstance(o, _dt.date):
        return {"$date": o.isoformat()}
    raise TypeError(type(o).__name__)


def _decode(d: dict[str, Any]) -> Any:
    if len(d) == 1 and "$date" in d:
        return _dt.date.fromisoformat(d["$date"])
    return d


def _representable(o: Any) -> bool:
    """JSON gives back exactly this: str keys, no tuples, no mapping that looks like a tagged date."""
    if isinstance(o, dict):
        if len(o) == 1 and "$date" in o:
            return False
        return all(isinstance(k, str) and _representable(v) for k, v in o.items())
    if isinstance(o, list):
        return all(_representable(v) for v in o)
    if isinstance(o, float):
        return o == o and o not in (float("inf"), float("-inf"))
    return o is None or isinstance(o, (str, bool, int, _dt.date)) and not isinstance(o, _dt.datetime)


_LAST: dict[Path, tuple[tuple[int, int, int], str, dict[str, Any]]] = {}
"""The last cache file read, by path: (its mtime, size and inode, its key, its files). The input
descriptions and the bundle are read one after the other at start; the file is decoded once."""


def read(key: str, path: Path | None = None) -> dict[str, Any] | None:
    """The parsed files by relative name, or None when the cache is absent, broken or stale.
    (The same cache file read again unchanged gives the same objects: callers do not change them.)"""
    path = path or cache_path()
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        last = _LAST.get(path)
        if last is not None and last[0] == stamp and last[1] == key:
            return last[2]
        text = path.read_text(encoding="utf-8")
        got = json.loads(text, object_hook=_decode)
    except (OSError, UnicodeDecodeError, ValueError, TypeError):
        return None
    if (not isinstance(got, dict) or got.get("format") != FORMAT or got.get("key") != key
            or not isinstance(got.get("files"), dict)):
        return None
    _LAST[path] = (stamp, key, got["files"])
    return got["files"]


def write(key: str, files: dict[str, Any], path: Path | None = None) -> bool:
    """Store the parsed files (atomically: a reader sees the old file or the new one)."""
    if not all(_representable(v) for v in files.values()):
        return False
    path = path or cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": FORMAT, "key": key, "files": files}, default=_encode,
                          ensure_ascii=False, separators=(",", ":"))
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        return False
    return True


class Reader:
    """``read_yaml`` for the loader: from the cache when it has the file, else parsed (and kept,
    as plain data, for :meth:`save`)."""

    def __init__(self, root: Path, files: dict[str, Any] | None, parse: Callable[[Path], Any],
                 plain: Callable[[Any], Any], key: str | None = None):
        self.root = root
        self.files = files
        self.parse = parse
        self.plain = plain
        self.key = key
        self.parsed: dict[str, Any] = {}
        self.hits = 0

    def fresh(self) -> "Reader":
        """The same reader without the cache: every file parsed (its messages carry lines)."""
        return Reader(self.root, None, self.parse, self.plain, self.key)

    def save(self) -> None:
        """Keep what was parsed, beside what the cache holds for the same content (the input
        descriptions and the bundle are read apart; each keeps its own files)."""
        if self.parsed and self.key is not None:
            write(self.key, {**(read(self.key) or {}), **(self.files or {}), **self.parsed})

    def __call__(self, path: Path) -> Any:
        rel = path.relative_to(self.root).as_posix()
        if self.files is not None and rel in self.files:
            self.hits += 1
            return self.files[rel]
        data = self.parse(path)
        self.parsed[rel] = self.plain(data)
        return data


def reader(root: Path) -> Reader | None:
    """A reader of the files under ``root`` through the cache; None when it is off or ``root``
    cannot be hashed (then read the files directly)."""
    if not enabled():
        return None
    from calc_app.engine.yamlload import plain, read_yaml
    try:
        key = content_key(root)
    except OSError:
        return None
    return Reader(root, read(key), read_yaml, plain, key)
