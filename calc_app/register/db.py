"""The applicant register: one SQLite file in the user data folder (``calc_app.paths.data_dir()``).

- WAL journal, ``synchronous=FULL``, foreign keys on, a busy timeout so the window and a script can
  share the file;
- the schema is migrated with ``PRAGMA user_version`` (``MIGRATIONS[i]`` takes version i to i+1, each
  in one transaction); a file from a newer program is refused, never downgraded;
- a case is a row of ``cases``; every save adds a row to ``versions`` (nothing is updated in place but
  the case's pointer to its latest version), in one transaction: a process killed at any moment leaves
  either the whole save or none of it;
- backup and restore use SQLite's online backup API (``Connection.backup``).
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import zlib
from pathlib import Path
from typing import Any, Iterator

from calc_app.register.applicant import FIELDS as APPLICANT_FIELDS

FILE_NAME = "register.sqlite3"

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1
    """
    CREATE TABLE cases (
        id            INTEGER PRIMARY KEY,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        latest        INTEGER,                 -- versions.id of the newest version
        name          TEXT NOT NULL,           -- copied from the newest version, for search and lists
        credit_code   TEXT,
        jurisdiction  TEXT NOT NULL,
        FOREIGN KEY (latest) REFERENCES versions(id) DEFERRABLE INITIALLY DEFERRED
    );
    CREATE TABLE versions (
        id             INTEGER PRIMARY KEY,
        case_id        INTEGER NOT NULL REFERENCES cases(id),
        version        INTEGER NOT NULL,
        saved_at       TEXT NOT NULL,
        name           TEXT NOT NULL,
        credit_code    TEXT,
        contact        TEXT,
        notes          TEXT,
        staff          TEXT,
        jurisdiction   TEXT NOT NULL,
        as_of          TEXT NOT NULL,
        scenario       TEXT NOT NULL,          -- the contract's JSON object
        result         BLOB NOT NULL,          -- evaluate()'s JSON object as computed at the save (zlib; text in old files)
        totals         TEXT NOT NULL,          -- result.totals, for lists and rechecks
        policy_version TEXT,
        policy_date    TEXT,
        UNIQUE (case_id, version)
    );
    CREATE INDEX versions_case ON versions(case_id, version);
    CREATE INDEX cases_name ON cases(name);
    CREATE INDEX cases_code ON cases(credit_code);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class RegisterError(Exception):
    """The register cannot be used as asked (unknown case, foreign file, newer schema)."""


def default_path() -> Path:
    from calc_app.paths import data_dir
    return data_dir() / FILE_NAME


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _dumps(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def _pack(result: dict[str, Any]) -> bytes:
    """A stored result: its JSON, zlib-compressed (about a tenth of the text; the steps repeat a lot)."""
    return zlib.compress(_dumps(result).encode("utf-8"), 6)


def _unpack(stored: bytes | str) -> dict[str, Any]:
    text = zlib.decompress(stored).decode("utf-8") if isinstance(stored, bytes) else stored
    return json.loads(text, parse_float=str)


def policy_of(result: dict[str, Any]) -> tuple[str | None, str | None]:
    """(policy version, date of the law it reflects) as the result names them."""
    version = result.get("policy_version")
    date = result.get("policy_date")
    if date is None and isinstance(result.get("policy"), dict):
        date = result["policy"].get("date")
    return (str(version) if version is not None else None), (str(date) if date is not None else None)


class Register:
    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = _connect(self.path)
        try:
            migrate(self.conn)
        except BaseException:
            self.conn.close()
            raise

    # -- lifetime
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Register":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing
    def save(self, scenario: dict[str, Any], result: dict[str, Any], applicant: dict[str, str],
             case_id: int | None = None) -> tuple[int, int]:
        """A new version of case ``case_id`` (a new case when None): (case id, version number).

        ``applicant`` must have been cleaned (``applicant.clean``) and have a name."""
        name = (applicant.get("name") or "").strip()
        if not name:
            raise RegisterError("the applicant's name is required")
        unknown = set(applicant) - set(APPLICANT_FIELDS)
        if unknown:
            raise RegisterError(f"unknown applicant fields: {sorted(unknown)}")
        pv, pd = policy_of(result)
        now = _now()
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if case_id is None:
                cur = c.execute("INSERT INTO cases (created_at, updated_at, name, credit_code, jurisdiction) "
                                "VALUES (?, ?, ?, ?, ?)", (now, now, name, applicant.get("credit_code"),
                                                          scenario["jurisdiction"]))
                case_id = int(cur.lastrowid)
                version = 1
            else:
                row = c.execute("SELECT max(version) FROM versions WHERE case_id = ?", (case_id,)).fetchone()
                if row[0] is None and c.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                    raise RegisterError(f"no case {case_id}")
                version = int(row[0] or 0) + 1
            cur = c.execute(
                "INSERT INTO versions (case_id, version, saved_at, name, credit_code, contact, notes, staff, "
                "jurisdiction, as_of, scenario, result, totals, policy_version, policy_date) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, version, now, name, applicant.get("credit_code"), applicant.get("contact"),
                 applicant.get("notes"), applicant.get("staff"), scenario["jurisdiction"], scenario["as_of"],
                 _dumps(scenario), _pack(result), _dumps(result.get("totals", {})), pv, pd))
            c.execute("UPDATE cases SET latest = ?, updated_at = ?, name = ?, credit_code = ?, jurisdiction = ? "
                      "WHERE id = ?", (cur.lastrowid, now, name, applicant.get("credit_code"),
                                       scenario["jurisdiction"], case_id))
            _before_commit()
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return case_id, version

    # -- reading
    def cases(self, query: str = "", limit: int | None = None) -> list[dict[str, Any]]:
        """Cases, the most recently saved first; ``query`` matches name or credit code (any part)."""
        sql = ("SELECT c.id, c.name, c.credit_code, c.jurisdiction, c.created_at, c.updated_at, v.version, "
               "v.as_of, v.staff, v.contact, v.totals, v.policy_version, v.policy_date FROM cases c "
               "JOIN versions v ON v.id = c.latest")
        args: list[Any] = []
        q = query.strip()
        if q:
            like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            sql += " WHERE c.name LIKE ? ESCAPE '\\' OR c.credit_code LIKE ? ESCAPE '\\'"
            args += [like, "%" + "".join(q.split()).upper().replace("%", "") + "%"]
        sql += " ORDER BY c.latest DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        return [_case_row(r) for r in self.conn.execute(sql, args)]

    def recent(self, limit: int = 10) -> list[dict[str, Any]]:
        return self.cases(limit=limit)

    def get(self, case_id: int, version: int | None = None) -> dict[str, Any]:
        """One version of a case (the newest when ``version`` is None), with scenario and result."""
        if version is None:
            row = self.conn.execute("SELECT v.* FROM versions v JOIN cases c ON v.id = c.latest WHERE c.id = ?",
                                    (case_id,)).fetchone()
        else:
            row = self.conn.execute("SELECT * FROM versions WHERE case_id = ? AND version = ?",
                                    (case_id, version)).fetchone()
        if row is None:
            raise RegisterError(f"no case {case_id}" + (f" version {version}" if version is not None else ""))
        created = self.conn.execute("SELECT created_at FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
        d = dict(row)
        d["created_at"] = created
        d["applicant"] = {k: d[k] for k in APPLICANT_FIELDS if d.get(k)}
        d["scenario"] = json.loads(d["scenario"], parse_float=str)
        d["result"] = _unpack(d["result"])
        d["totals"] = json.loads(d["totals"])
        d["version_id"] = d.pop("id")
        return d

    def history(self, case_id: int) -> list[dict[str, Any]]:
        """Every version of a case, oldest first (without the scenario and result bodies)."""
        rows = self.conn.execute(
            "SELECT version, saved_at, name, credit_code, staff, jurisdiction, as_of, totals, policy_version, "
            "policy_date FROM versions WHERE case_id = ? ORDER BY version", (case_id,)).fetchall()
        if not rows:
            raise RegisterError(f"no case {case_id}")
        out = []
        for r in rows:
            d = dict(r)
            d["totals"] = json.loads(d["totals"])
            out.append(d)
        return out

    def latest_versions(self) -> Iterator[dict[str, Any]]:
        for (cid,) in self.conn.execute("SELECT id FROM cases ORDER BY id").fetchall():
            yield self.get(cid)

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM cases").fetchone()[0])

    def integrity(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- backup and restore (the online backup API)
    def backup(self, path: str | os.PathLike) -> None:
        """A consistent copy of the register at ``path`` (replaced whole: written beside, then renamed)."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.partial")
        if tmp.exists():
            tmp.unlink()
        dst = sqlite3.connect(str(tmp))
        try:
            self.conn.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        os.replace(tmp, path)

    def restore(self, path: str | os.PathLike) -> Path:
        """Replace the register's content by the backup at ``path``; returns where the content it had
        was saved first (``register.before-restore-<time>.sqlite3`` beside the register)."""
        path = Path(path)
        if not path.is_file():
            raise RegisterError(f"{path}: no such file")
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            try:
                v = src.execute("PRAGMA user_version").fetchone()[0]
                tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            except sqlite3.DatabaseError as e:
                raise RegisterError(f"{path}: not a register backup ({e})") from None
            if not {"cases", "versions"} <= tables or not 1 <= v:
                raise RegisterError(f"{path}: not a register backup (no cases/versions tables)")
            if v > SCHEMA_VERSION:
                raise RegisterError(f"{path}: made by a newer version of the program (schema {v} > {SCHEMA_VERSION})")
            ok = src.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise RegisterError(f"{path}: the backup is damaged ({ok})")
            stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            keep = self.path.with_name(f"{self.path.stem}.before-restore-{stamp}{self.path.suffix}")
            self.backup(keep)
            src.backup(self.conn)
        finally:
            src.close()
        migrate(self.conn)
        return keep


def _before_commit() -> None:
    """Called inside every save's transaction just before COMMIT (tests stop a writer here)."""


def _case_row(r: sqlite3.Row) -> dict[str, Any]:
    d = dict(r)
    d["totals"] = json.loads(d["totals"])
    return d


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=10.0)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as e:
        conn.close()
        raise RegisterError(f"{path}: not a register ({e})") from None
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step; the version reached."""
    v = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if v > SCHEMA_VERSION:
        raise RegisterError(f"the register was made by a newer version of the program (schema {v}, "
                            f"this program knows {SCHEMA_VERSION}); it is left untouched")
    while v < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            now = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if now != v:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                v = now
                continue
            for stmt in _statements(MIGRATIONS[v]):
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {v + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        v += 1
    return v


def _statements(script: str) -> list[str]:
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            s = buf.strip()
            if s:
                out.append(s)
            buf = ""
    return out
