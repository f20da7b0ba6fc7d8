"""A cache of the parsed policy files, so a start does not parse 200 YAML files again, and a
record that those files passed the bundle's checks, so a start does not check them again.

Parsing the YAML (with line numbers, for error messages) is most of what loading the policies
costs; checking and compiling is the rest. The cache holds what parsing gives, as plain JSON
data (mappings, lists, text, numbers, yes/no and dates tagged ``{"$date": ...}``), in
``calc_app.paths.data_dir()/cache/``. It is keyed by the content of every file under
``policies/`` and by the parser (PyYAML's version, the engine's loader module), so an edited,
added or removed file, or another parser, makes a new key and the files are parsed again.

The file is two lines: a header (format, key, the SHA-256 of the second line, and the check
mark) and the parsed files. A file whose second line does not match its digest (cut short,
damaged) is ignored as a whole and written again.

The check mark (:func:`check_key`) records that a bundle of exactly this content passed every
check of the loader — the expressions' kinds and bounds (:mod:`calc_app.engine.typecheck`), the
quotes against the seed files, the placeholders, the references, the presumed values of the
input descriptions — with this program's engine and models (every ``.py`` file under
``calc_app/engine`` and ``calc_app/models``), these versions of pydantic and PyYAML, and these
seed files. Where the mark matches, those checks are not run again; the files are still
validated by their pydantic models and their expressions compiled, as always (the checks are
functions of the content, the code and the seeds alone, which the mark names). A change to any
of them, or a program whose sources cannot be read, makes the checks run again.

Nothing in it is executed: it is read with ``json.loads``, and what it holds goes through the
same schema validation and expression compiling as freshly parsed files. A cache file that cannot
be read, is not JSON, has another key or the wrong shape is ignored and written again. A bundle
with a problem is never marked (its messages need the line numbers only a fresh parse has), and
its measure files are never cached. ``RELIEF_POLICY_CACHE=0`` switches it off.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

FORMAT = 2
FILE_NAME = f"policies-parsed.v{FORMAT}.json"  # another format never overwrites this one


def enabled() -> bool:
    return os.environ.get("RELIEF_POLICY_CACHE", "1") not in ("0", "false", "no")


def cache_path() -> Path:
    from calc_app.paths import data_dir
    return data_dir() / "cache" / FILE_NAME


def files_under(folder: Path, suffix: str = "") -> list[tuple[str, str]]:
    """(the name relative to ``folder`` with ``/``, the path) of every file under ``folder`` whose
    name ends in ``suffix``, ``__pycache__`` left out, in the order ``sorted(folder.rglob("*" +
    suffix))`` gives (by the names' parts); symbolic links to folders are not followed, as ``rglob``
    does not. Made with ``os.scandir``: pathlib's walk and sorting were half of hashing the policies."""
    out: list[tuple[str, str]] = []

    def walk(d: str, rel: str) -> None:
        with os.scandir(d) as entries:
            for e in entries:
                r = rel + e.name
                if e.is_dir() and not e.is_symlink():
                    if e.name != "__pycache__":
                        walk(e.path, r + "/")
                elif e.name.endswith(suffix) and e.is_file():
                    out.append((r, e.path))
    walk(str(folder), "")
    out.sort(key=lambda x: x[0].split("/"))
    return out


STAMP_FILE = "code-stamp.json"
"""In a frozen build, beside its data: what its sources gave :func:`code_stamp` when it was built."""


def code_stamp() -> dict[str, str]:
    """The YAML parser's identity and the checking code's digest as this source tree gives them.
    A frozen build has no sources to read, so build.spec writes this beside its data
    (:data:`STAMP_FILE`) and the build names them by it: without it, it could neither key the
    parse cache nor trust a check mark, and parsed and checked every policy file at every start."""
    code = _code_digest()
    if code is None:
        raise OSError("the sources under calc_app/engine and calc_app/models cannot be read")
    return {"parser": hashlib.sha256(_parser_identity()).hexdigest(), "code": code}


@lru_cache(maxsize=1)
def _frozen_stamp() -> dict[str, str] | None:
    """The build's :func:`code_stamp` when this is a frozen build that has one, else None."""
    meipass = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or not meipass:
        return None
    try:
        got = json.loads((Path(meipass) / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(got, dict) and all(isinstance(got.get(k), str) and got[k] for k in ("parser", "code"))
    return got if ok else None


@lru_cache(maxsize=1)
def _parser_identity() -> bytes:
    """What names the YAML parser in the keys, without importing PyYAML (a start from the cache
    parses nothing): the bytes of its ``__init__.py`` (which set its ``__version__``), whether
    libyaml's extension lies beside it, and our two loader modules' bytes. Where PyYAML's files
    cannot be read (a frozen build keeps them in its archive), its version, imported; in a frozen
    build with a stamp (:func:`code_stamp`), the stamp's."""
    stamp = _frozen_stamp()
    if stamp is not None:
        return b"frozen parser " + stamp["parser"].encode()
    from calc_app.engine import yamlload
    here = Path(yamlload.__file__).parent
    ours = (Path(yamlload.__file__).read_bytes(), (here / "_yamlparse.py").read_bytes())
    spec = importlib.util.find_spec("yaml")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    try:
        init = origin.read_bytes() if origin is not None and origin.name == "__init__.py" else None
        libyaml = init is not None and any(n.startswith("_yaml.") for n in os.listdir(origin.parent))  # type: ignore[union-attr]
    except OSError:
        init = None
    if init is None:
        import yaml
        head = f"PyYAML {yaml.__version__} libyaml {yaml.__with_libyaml__}".encode()
    else:
        head = b"PyYAML " + hashlib.sha256(init).hexdigest().encode() + (b" libyaml" if libyaml else b" pure")
    return b"\0".join((head, *ours))


def content_key(root: Path) -> str:
    """The digest of every file under ``root`` (relative name and bytes) and of the parser."""
    h = hashlib.sha256()
    h.update(f"format {FORMAT}; ".encode())
    h.update(_parser_identity())
    _digest_files(h, root, "")
    return h.hexdigest()


def _digest_files(h: Any, folder: Path, suffix: str) -> None:
    for rel, path in files_under(folder, suffix):
        with open(path, "rb") as f:
            data = f.read()
        h.update(f"\0{rel}\0{len(data)}\0".encode("utf-8"))
        h.update(data)


def _tree_digest(h: Any, folder: Path, pattern: str) -> None:
    _digest_files(h, folder, pattern.lstrip("*"))


@lru_cache(maxsize=8)
def _code_digest() -> str | None:
    """The digest of the checking code: every ``.py`` under calc_app/engine and calc_app/models,
    and the versions of the libraries they use; None when the sources are not there to read (in a
    frozen build with a stamp, :func:`code_stamp`, the stamp's)."""
    stamp = _frozen_stamp()
    if stamp is not None:
        return stamp["code"]
    import platform

    import pydantic
    import pydantic_core
    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"python {platform.python_version()}; pydantic {pydantic.VERSION}; pydantic-core "
                       f"{pydantic_core.__version__}\0".encode())
    try:
        h.update(_parser_identity())
    except OSError:   # the loader's sources cannot be read
        return None
    n = 0
    for sub in ("engine", "models"):
        d = pkg / sub
        if not d.is_dir():
            return None
        before = h.copy().hexdigest()
        _tree_digest(h, d, "*.py")
        n += h.hexdigest() != before
    return h.hexdigest() if n == 2 else None


def check_key(seeds: Path | None) -> str | None:
    """What a check mark is made for: the checking code (see :func:`_code_digest`) and the seed
    files quotes are checked against (``seeds``; None: quotes not checked). None: no mark can be
    trusted (the program's sources cannot be read)."""
    code = _code_digest()
    if code is None:
        return None
    h = hashlib.sha256(f"checks {FORMAT}; code {code}; seeds {'none' if seeds is None else 'some'}\0".encode())
    if seeds is not None:
        try:
            _tree_digest(h, seeds, "*")
        except OSError:
            return None
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


_LAST: dict[Path, tuple[tuple[int, int, int], str, dict[str, Any], str | None]] = {}
"""The last cache file read, by path: (its mtime, size and inode, its key, its files, its check
mark). The input descriptions and the bundle are read one after the other at start; the file is
decoded once."""


def read_entry(key: str, path: Path | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """(the parsed files by relative name, the check mark), or (None, None) when the cache is
    absent, damaged or stale. (The same cache file read again unchanged gives the same objects:
    callers do not change them.)"""
    path = path or cache_path()
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        last = _LAST.get(path)
        if last is not None and last[0] == stamp and last[1] == key:
            return last[2], last[3]
        raw = path.read_bytes()
        head_bytes, sep, body = raw.partition(b"\n")
        if not sep:
            return None, None
        head = json.loads(head_bytes.decode("utf-8"))
        if (not isinstance(head, dict) or head.get("format") != FORMAT or head.get("key") != key
                or head.get("digest") != hashlib.sha256(body).hexdigest()):
            return None, None
        files = json.loads(body.decode("utf-8"), object_hook=_decode)
    except (OSError, UnicodeDecodeError, ValueError, TypeError):
        return None, None
    if not isinstance(files, dict):
        return None, None
    checked = head.get("checked")
    checked = checked if isinstance(checked, str) else None
    _LAST[path] = (stamp, key, files, checked)
    return files, checked


def read(key: str, path: Path | None = None) -> dict[str, Any] | None:
    """The parsed files by relative name, or None when the cache is absent, damaged or stale."""
    return read_entry(key, path)[0]


def write(key: str, files: dict[str, Any], path: Path | None = None, checked: str | None = None) -> bool:
    """Store the parsed files, with the check mark ``checked`` (atomically: a reader sees the old
    file or the new one)."""
    if not all(_representable(v) for v in files.values()):
        return False
    path = path or cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps(files, default=_encode, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        head = json.dumps({"format": FORMAT, "key": key, "digest": hashlib.sha256(body).hexdigest(),
                           "checked": checked}).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(head + b"\n" + body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        return False
    return True


class Reader:
    """``read_yaml`` for the loader: from the cache when it has the file, else parsed (and kept,
    as plain data, for :meth:`save`). ``checked``: the cache's check mark is the one of the
    default seed files (:func:`check_key`), so the checks that mark stands for may be left out."""

    def __init__(self, root: Path, files: dict[str, Any] | None, parse: Callable[[Path], Any],
                 plain: Callable[[Any], Any], key: str | None = None, mark: str | None = None):
        self.root = root
        self.files = files
        self.parse = parse
        self.plain = plain
        self.key = key
        self.mark = mark
        self.parsed: dict[str, Any] = {}
        self.hits = 0

    @property
    def checked(self) -> bool:
        if self.files is None or self.mark is None:
            return False
        if not hasattr(self, "_checked"):
            from calc_app.engine import bundlecheck
            self._checked = self.mark == check_key(bundlecheck.seeds_dir())
        return self._checked

    def __call__(self, path: Path) -> Any:
        s, r = str(path), str(self.root)
        if s.startswith(r) and s[len(r):len(r) + 1] == os.sep:  # what relative_to gives, without its cost
            rel = s[len(r) + 1:].replace(os.sep, "/")
        else:
            rel = path.relative_to(self.root).as_posix()
        if self.files is not None and rel in self.files:
            self.hits += 1
            return self.files[rel]
        data = self.parse(path)
        self.parsed[rel] = self.plain(data)
        return data

    def fresh(self) -> "Reader":
        """The same reader without the cache: every file parsed (its messages carry lines)."""
        return Reader(self.root, None, self.parse, self.plain, self.key)

    def save(self, checked: bool = False) -> None:
        """Keep what was parsed, beside what the cache holds for the same content (the input
        descriptions and the bundle are read apart; each keeps its own files). ``checked``: the
        bundle just passed every check, so the cache is marked for the default seed files; else
        the mark it had stays."""
        if self.key is None:
            return
        held, mark = read_entry(self.key)
        if checked:
            from calc_app.engine import bundlecheck
            new_mark = check_key(bundlecheck.seeds_dir())
        else:
            new_mark = mark
        if self.parsed or new_mark != mark:
            write(self.key, {**(held or {}), **(self.files or {}), **self.parsed}, checked=new_mark)


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
    files, mark = read_entry(key)
    return Reader(root, files, read_yaml, plain, key, mark)
