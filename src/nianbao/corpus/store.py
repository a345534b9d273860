"""The corpus store: one SQLite file holding every parsed report, error, verified copy pair and
sentence embedding, so a second run reuses what has not changed and a crash loses nothing
that was committed (each report is committed on its own; WAL journal).

One run at a time: a store is opened under an exclusive lock on ``<db>.lock``; a second run
on the same database waits for it, then gives up with ``StoreBusy``."""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nianbao.corpus import codec
from nianbao.errors import DAMAGED_STORE_HINT, NianbaoError, StoreFault, fault
from nianbao.records import CopyPair, Passage, Report
from nianbao.stages import version
from nianbao.workers import after_fork

# the reading pipeline's version (``stages``): stored reports of another one are read again
PIPELINE_VERSION = version("read")
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, sha1 TEXT NOT NULL, size INTEGER, status TEXT NOT NULL,
    error TEXT, text_hash TEXT, report BLOB, unit_key TEXT, year INTEGER, updated REAL
);
CREATE INDEX IF NOT EXISTS files_sha1 ON files (sha1);
CREATE TABLE IF NOT EXISTS pairs (sha_a TEXT, sha_b TEXT, version TEXT, data BLOB, PRIMARY KEY (sha_a, sha_b));
CREATE TABLE IF NOT EXISTS cache (kind TEXT, sha1 TEXT, data BLOB, PRIMARY KEY (kind, sha1));
CREATE TABLE IF NOT EXISTS compared (sha1 TEXT, version TEXT, PRIMARY KEY (sha1, version));
"""


def file_sha1(path: Path) -> str:
    h = hashlib.sha1()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class LazyReport:
    """A stored report with its path and meta at hand; the rest is unpickled on first use and
    kept only among the most recently used (``_load``), so that a run over 10,000 reports holds
    a few in memory rather than all. Pickles as the full report."""

    __slots__ = ("_db", "meta", "path", "sha1")

    def __init__(self, path: str, meta, sha1: str, db: str) -> None:
        self.path, self.meta, self.sha1, self._db = path, meta, sha1, db

    def __getattr__(self, name: str):
        return getattr(_load(self._db, self.path, self.sha1), name)

    def __reduce__(self):
        return _load, (self._db, self.path, self.sha1)

    def __repr__(self) -> str:
        return f"LazyReport({self.path!r}, {self.sha1})"


_readers: dict[str, sqlite3.Connection] = {}
_readers_lock = threading.Lock()
_inherited: list[dict[str, sqlite3.Connection]] = []  # a forked child's, from its parent


def _read_only(db: str, query: str, args: tuple) -> tuple | None:
    """One row, through a read-only connection of this process (usable after the run's store
    is closed: what was committed stays readable)."""
    with _readers_lock:
        if db not in _readers:
            _readers[db] = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        return _readers[db].execute(query, args).fetchone()


def close_readers() -> None:
    """Close this process's read-only connections (``Store.close`` has already folded the
    write-ahead log into the database file)."""
    with _readers_lock:
        for connection in _readers.values():
            connection.close()
        _readers.clear()
    _load.cache_clear()


def _forget_readers() -> None:
    """In a forked child: the parent's connections are not this process's to use or close
    (SQLite forbids carrying one across fork), so they are kept, untouched, and the child
    opens its own when it needs one."""
    global _readers, _readers_lock
    _inherited.append(_readers)
    _readers, _readers_lock = {}, threading.Lock()
    _load.cache_clear()


@lru_cache(maxsize=64)
def _load(db: str, path: str, sha1: str) -> Report:
    row = _read_only(db, "SELECT report FROM files WHERE path=? AND sha1=?", (path, sha1))
    if row is None or row[0] is None:
        raise NianbaoError(path, "报告已不在数据库中 (report no longer in the database)")
    return _loads(db, row[0])


after_fork(_forget_readers)


def cached_entry(db: str, kind: str, key: str) -> object:
    """One cached entry, read when it is needed (see ``Store.cached``)."""
    row = _read_only(db, "SELECT data FROM cache WHERE kind=? AND sha1=?", (kind, key))
    if row is None:
        raise NianbaoError(Path(db), f"缓存条目已不在数据库中 (cache entry gone): {kind} {key}")
    return _loads(db, row[0])


class StoreDamaged(NianbaoError):
    """The database holds something nianbao did not write."""


def _loads(db: str | Path, data: bytes) -> object:
    try:
        return codec.loads(data)
    except codec.Damaged as exc:
        raise StoreDamaged(
            db, f"数据库内容已损坏或被改动，不是 nianbao 写入的数据（{exc}）", DAMAGED_STORE_HINT
        ) from None


@dataclass(frozen=True)
class Entry:
    path: str
    sha1: str
    status: str  # ok | error | duplicate
    error: str | None
    report: Report | LazyReport | None
    duplicate_of: str | None = None


class StoreBusy(NianbaoError):
    """Another run holds the database."""


def _lock(path: Path, wait: float):
    """An exclusive lock on ``path`` (``filelock``: released when the process dies, so a killed
    run never leaves the store locked)."""
    from filelock import FileLock, Timeout

    lock = FileLock(path)
    try:
        lock.acquire(timeout=wait, poll_interval=0.2)
    except Timeout:
        raise StoreBusy(
            path.with_suffix(""),
            f"数据库正被另一个评估任务使用，等待 {wait:g} 秒后放弃 "
            "(another nianbao run is using this database)",
        ) from None
    return lock


class Store:
    def __init__(self, path: str | Path, wait: float = 600.0) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreFault(self.path, "这是一个文件夹，不是数据库文件", "用 --db 指定一个文件")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.lock = _lock(self.path.with_name(self.path.name + ".lock"), wait)
        except OSError as exc:
            raise fault(self.path.parent, exc) from None
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
            stored = dict(db.execute("SELECT key, value FROM meta"))
        except (sqlite3.Error, OSError) as exc:
            if db is not None:
                db.close()
            self.lock.release()
            raise fault(self.path, exc) from None
        self.db = db
        # what an older nianbao wrote (a pickle, or records with other fields) is never read:
        # it is dropped unread and read again from the reports
        self.notice = ""
        if stored.get("pipeline") != PIPELINE_VERSION or stored.get("format") != codec.FORMAT:
            if self.db.execute("SELECT 1 FROM files LIMIT 1").fetchone():
                self.notice = (
                    f"{self.path}：数据库由另一版本的 nianbao 写成，其中保存的结果已清空，"
                    "本次重新读取全部报告"
                )
            with self.db:
                self.db.execute("DELETE FROM files")
                self.db.execute("DELETE FROM pairs")
                self.db.execute("DELETE FROM compared")
                self.db.execute("DELETE FROM cache")
                self.db.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [("pipeline", PIPELINE_VERSION), ("format", codec.FORMAT)],
                )

    def drop_stale(self, versions: set[str], copies: str) -> None:
        """Forget what stages of other versions stored (``stages``: their code or models have
        changed since), and the pairs of other copy versions."""
        kinds = [k for (k,) in self.db.execute("SELECT DISTINCT kind FROM cache")]
        stale = [
            k
            for k in kinds
            if set(re.findall(r"(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])", k)) - versions
        ]
        with self.db:
            self.db.executemany("DELETE FROM cache WHERE kind=?", [(k,) for k in stale])
            self.db.execute("DELETE FROM pairs WHERE version!=?", (copies,))
            self.db.execute("DELETE FROM compared WHERE version!=?", (copies,))

    def close(self) -> None:
        # fold the write-ahead log into the file, without waiting for readers: the file alone
        # then holds everything (so does a copy of it)
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self.db.close()
        self.lock.release()

    def known(self) -> dict[str, str]:
        """path → sha1 of what is stored."""
        return dict(self.db.execute("SELECT path, sha1 FROM files"))

    def put_report(self, path: str, sha1: str, size: int, report: Report) -> None:
        # same text, same report; two non-reports (list pages of two counties, empty once
        # their chrome is gone) are the same only when their bytes are
        text_hash = (
            hashlib.sha1(report.document.text.encode("utf-8")).hexdigest()
            if report.meta.kind != "not_report"
            else None
        )
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, 'ok', NULL, ?, ?, ?, ?, ?)",
                (path, sha1, size, text_hash, codec.dumps(report),
                 _unit_key(report), report.meta.year, time.time()),
            )  # fmt: skip
            self.db.execute(
                "INSERT OR REPLACE INTO cache VALUES ('meta', ?, ?)",
                (sha1, codec.dumps(report.meta)),
            )

    def put_error(self, path: str, sha1: str, size: int, error: str) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, 'error', ?, NULL, NULL, NULL, NULL, ?)",
                (path, sha1, size, error, time.time()),
            )

    def forget(self, paths: list[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM files WHERE path=?", [(p,) for p in paths])

    def entries(self, lazy: bool = False) -> list[Entry]:
        """Every stored file; the second and later files with the same text are duplicates.
        ``lazy``: reports as ``LazyReport`` (loaded when used)."""
        # lazy: each report's meta (kept beside it by put_report) instead of the report
        body = "cache.data" if lazy else "files.report"
        rows = self.db.execute(
            f"SELECT path, files.sha1, status, error, text_hash, {body} FROM files "
            "LEFT JOIN cache ON cache.kind='meta' AND cache.sha1=files.sha1 ORDER BY path"
        ).fetchall()
        seen: dict[str, str] = {}
        out: list[Entry] = []
        for path, sha1, status, error, text_hash, blob in rows:
            if status != "ok":
                out.append(Entry(path, sha1, status, error, None))
                continue
            key = text_hash or sha1
            if key in seen:
                out.append(Entry(path, sha1, "duplicate", None, None, seen[key]))
                continue
            seen[key] = path
            if not lazy:
                report: Report | LazyReport = _loads(self.path, blob)
            elif blob is not None:
                report = LazyReport(path, _loads(self.path, blob), sha1, str(self.path.resolve()))
            else:  # stored before metas were kept
                report = _load(str(self.path.resolve()), path, sha1)
            out.append(Entry(path, sha1, "ok", None, report))
        return out

    def pairs(self, version: str, path_of: dict[str, str]) -> dict[tuple[str, str], list[CopyPair]]:
        """Stored pairs between the reports of ``path_of`` (content hash → path), their
        passages named by path."""
        out: dict[tuple[str, str], list[CopyPair]] = {}
        rows = self.db.execute("SELECT sha_a, sha_b, data FROM pairs WHERE version=?", (version,))
        for a, b, data in rows:
            if a in path_of and b in path_of:
                out[(a, b)] = [_pair(row, path_of) for row in _loads(self.path, data)]
        return out

    def put_pairs(
        self,
        version: str,
        items: dict[tuple[str, str], list[CopyPair]],
        compared: list[str],
        sha_of: dict[str, str],
    ) -> None:
        """Store the pairs found by report pair (content hashes), and which reports have now
        been compared with all others; a report pair found to share nothing loses what it had.
        Stored passages name their report by content hash (``sha_of``: path → hash), so a
        renamed file keeps its pairs."""
        with self.db:
            self.db.executemany(
                "DELETE FROM pairs WHERE sha_a=? AND sha_b=?",
                [k for k, v in items.items() if not v],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO pairs VALUES (?, ?, ?, ?)",
                [(a, b, version, codec.dumps([_row(p, sha_of) for p in v]))
                 for (a, b), v in items.items() if v],
            )  # fmt: skip
            self.db.executemany(
                "INSERT OR IGNORE INTO compared VALUES (?, ?)", [(s, version) for s in compared]
            )

    def cached(self, kind: str, keys: list[str] | None = None) -> dict[str, object]:
        """What is cached of ``kind``: all of it, or the entries of ``keys``."""
        if keys is None:
            rows = self.db.execute("SELECT sha1, data FROM cache WHERE kind=?", (kind,))
            return {s: _loads(self.path, d) for s, d in rows}
        out: dict[str, object] = {}
        for lo in range(0, len(keys), 500):
            chunk = keys[lo : lo + 500]
            rows = self.db.execute(
                f"SELECT sha1, data FROM cache WHERE kind=? AND sha1 IN ({','.join('?' * len(chunk))})",
                (kind, *chunk),
            )
            out.update((s, _loads(self.path, d)) for s, d in rows)
        return out

    def put_cached(self, kind: str, items: dict[str, object]) -> None:
        self.put_cached_many({kind: items})

    def put_cached_many(self, kinds: dict[str, dict[str, object]]) -> None:
        with self.db:
            for kind, items in kinds.items():
                self.db.executemany(
                    "INSERT OR REPLACE INTO cache VALUES (?, ?, ?)",
                    [(kind, s, codec.dumps(v)) for s, v in items.items()],
                )

    def compared(self, version: str) -> set[str]:
        return {
            s for (s,) in self.db.execute("SELECT sha1 FROM compared WHERE version=?", (version,))
        }


def _row(p: CopyPair, sha_of: dict[str, str]) -> tuple:
    """A pair as plain tuples: pickled and unpickled many times faster than the records."""
    return (
        (sha_of[p.a.report], p.a.span, p.a.text, p.a.source_span, p.a.shared),
        (sha_of[p.b.report], p.b.span, p.b.text, p.b.source_span, p.b.shared),
        p.similarity, p.kind, p.relation, p.strength,
    )  # fmt: skip


def _pair(row: tuple, path_of: dict[str, str]) -> CopyPair:
    a, b, similarity, kind, relation, strength = row
    return CopyPair(
        Passage(path_of[a[0]], *a[1:]), Passage(path_of[b[0]], *b[1:]), similarity, kind,
        relation, strength,
    )  # fmt: skip


def _unit_key(report: Report) -> str | None:
    from nianbao.segment.meta import unit_key

    return unit_key(report.meta.unit)
