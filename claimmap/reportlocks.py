"""Who extracts a stored report: one process at a time, and a dead one never blocks it.

Ingesters started together on the same folder each store the same reports (the
unique sha256 makes that safe) and would each extract every one of them. Before
extracting, a process takes the report's lock; one that finds it taken moves on
and comes back when the holder is done. The locks belong to a live process or
database session, so a process killed while extracting releases its lock at once
and the next ingest takes the report over: no lease to expire, no column in the store.

- PostgreSQL: a session advisory lock keyed by schema and report id, on a
  connection held while extracting (outside any transaction).
- SQLite: a byte-range lock (fcntl.lockf) in a lock file beside the database, at
  an offset given by the report id. POSIX locks belong to a process, so the
  threads of one process (the app's sessions) are kept apart by a set as well.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

_ADVISORY_CLASS = 0x636C6D78  # "clmx": apart from the store's write lock
LOCK_FILE_SUFFIX = ".extracting"

_guard = threading.Condition()
_held_here: set[tuple[str, int]] = set()  # (lock file, offset) held by a thread of this process
_descriptors: dict[str, int] = {}  # kept open: closing any descriptor of a file drops this process's locks on it


def _forget_after_fork() -> None:
    # A forked child holds none of its parent's POSIX locks (closing its copies drops none of them).
    global _guard
    _guard = threading.Condition()
    _held_here.clear()
    for descriptor in _descriptors.values():
        os.close(descriptor)
    _descriptors.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


@contextmanager
def extraction_lock(engine: sa.Engine, report_id: str, *, wait: bool = True) -> Iterator[bool]:
    """Hold the right to extract `report_id` in the store behind `engine`.

    Yields True while held; with `wait=False`, yields False at once when another
    process (or thread) holds it, instead of waiting for it to finish.
    """
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, report_id, wait) as held:
            yield held
    else:
        with _file_lock(f"{engine.url.database}{LOCK_FILE_SUFFIX}", report_id, wait) as held:
            yield held


_KEY = "(:cls, hashtext(current_schema() || '/' || :report_id))"  # the advisory lock's two keys


def _key_values(report_id: str) -> dict:
    return {"cls": _ADVISORY_CLASS, "report_id": report_id}


def _offset(report_id: str) -> int:
    """The report's byte in the lock file."""
    return int(hashlib.sha256(report_id.encode()).hexdigest()[:15], 16)


@contextmanager
def _advisory_lock(engine: sa.Engine, report_id: str, wait: bool) -> Iterator[bool]:
    values = _key_values(report_id)
    with engine.connect() as connection:
        if wait:
            connection.execute(sa.text(f"SELECT pg_advisory_lock{_KEY}"), values)
            held = True
        else:
            held = connection.execute(sa.text(f"SELECT pg_try_advisory_lock{_KEY}"), values).scalar()
        connection.commit()  # a session lock: no transaction stays open while extracting
        try:
            yield bool(held)
        finally:
            if held:
                connection.execute(sa.text(f"SELECT pg_advisory_unlock{_KEY}"), values)
                connection.commit()


@contextmanager
def _file_lock(path: str, report_id: str, wait: bool) -> Iterator[bool]:
    offset = _offset(report_id)
    key = (path, offset)
    if not _enter(key, wait):
        yield False
        return
    try:
        descriptor = _descriptor(path)
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB, 1, offset)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):  # "held by another process"
                raise
            yield False
            return
        try:
            yield True
        finally:
            fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, offset)
    finally:
        _leave(key)


def _enter(key: tuple[str, int], wait: bool) -> bool:
    """Take `key` among this process's threads; False if another holds it and `wait` is off."""
    with _guard:
        while key in _held_here:
            if not wait:
                return False
            _guard.wait()
        _held_here.add(key)
        return True


def _leave(key: tuple[str, int]) -> None:
    with _guard:
        _held_here.discard(key)
        _guard.notify_all()


def _descriptor(path: str) -> int:
    with _guard:
        if path not in _descriptors:
            _descriptors[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        return _descriptors[path]


class HeldLocks:
    """The extraction locks of many reports held at once by one process (a bulk ingest with
    several reports in flight), taken without waiting and released one by one. On PostgreSQL
    they all belong to one session, so the connection pool is not drained by them."""

    def __init__(self, engine: sa.Engine):
        self._postgres = engine.dialect.name == "postgresql"
        self._connection = engine.connect() if self._postgres else None
        self._path = f"{engine.url.database}{LOCK_FILE_SUFFIX}"
        self._held: set[str] = set()

    def holds(self, report_id: str) -> bool:
        return report_id in self._held

    def take(self, report_id: str) -> bool:
        """Take the report's lock if no one holds it (this set included); False if one does."""
        if report_id in self._held:  # PostgreSQL would grant a session's lock to it again
            return False
        if self._postgres:
            held = self._connection.execute(sa.text(f"SELECT pg_try_advisory_lock{_KEY}"), _key_values(report_id))
            taken = bool(held.scalar())
            self._connection.commit()
            if taken:
                self._held.add(report_id)
            return taken
        key = (self._path, _offset(report_id))
        if not _enter(key, wait=False):
            return False
        try:
            fcntl.lockf(_descriptor(self._path), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, key[1])
        except OSError as error:
            _leave(key)
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            return False
        self._held.add(report_id)
        return True

    def release(self, report_id: str) -> None:
        self._held.discard(report_id)
        if self._postgres:
            self._connection.execute(sa.text(f"SELECT pg_advisory_unlock{_KEY}"), _key_values(report_id))
            self._connection.commit()
            return
        offset = _offset(report_id)
        fcntl.lockf(_descriptor(self._path), fcntl.LOCK_UN, 1, offset)
        _leave((self._path, offset))

    def close(self) -> None:
        """Release every lock still held (a run that stopped on an error) and close the session."""
        for report_id in list(self._held):
            self.release(report_id)
        if self._connection is not None:
            self._connection.close()
