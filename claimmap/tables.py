"""The store's tables and how to reach them: the SQL schema (SQLAlchemy Core) at the head
migration, the database URL, and engines that lock the same way on SQLite and PostgreSQL.

`claimmap.store` reads and writes through these; `claimmap.mapdata` builds its window queries on
them. Tests check that the tables and the migrations agree.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PATH = REPO / "data" / "claimmap.db"
URL_VARIABLE = "CLAIMMAP_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_S = 60
INSERT_CHUNK = 20_000  # rows converted to Python values, and inserted, at once


_SQLITE_DATETIME = "%04d-%02d-%02d %02d:%02d:%02d.%06d"  # SQLAlchemy's SQLite DATETIME storage format


class UTCDateTime(sa.TypeDecorator):
    """Timezone-aware UTC datetimes in Python, naive UTC in the database (same on both dialects)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is not None and value.tzinfo is not timezone.utc:
            value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None)

    def bind_processor(self, dialect):
        """On SQLite, straight to the text the dialect stores (its default storage format): bulk
        inserts bind tens of thousands of times, and two Python steps per value cost more than the insert."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value):
            if value is None:
                return None
            if value.tzinfo is not None and value.tzinfo is not timezone.utc:
                value = value.astimezone(timezone.utc)
            return _SQLITE_DATETIME % (value.year, value.month, value.day, value.hour, value.minute, value.second,
                                       value.microsecond)
        return process

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


# The schema at the head migration (migrations/versions); tests check they agree.
metadata = sa.MetaData()
reports = sa.Table(
    "reports", metadata,
    sa.Column("report_id", sa.String(16), primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("url", sa.Text, nullable=False, server_default=""),
    sa.Column("report_date", sa.Date, nullable=True),
    sa.Column("tz", sa.String(64), nullable=False, server_default="UTC"),
    sa.Column("language", sa.String(16), nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("raw", sa.Text, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("error", sa.Text, nullable=False, server_default=""),
    sa.Column("unresolved", sa.Text, nullable=False, server_default="[]"),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
    sa.Column("extracted_at", UTCDateTime, nullable=True),
    sa.Column("extractor_version", sa.String(32), nullable=False, server_default=""),
    sa.Column("uploaded_by", sa.Text, nullable=False, server_default=""),
)
claims = sa.Table(
    "claims", metadata,
    sa.Column("claim_id", sa.String(16), primary_key=True),
    sa.Column("report_id", sa.String(16), sa.ForeignKey("reports.report_id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("place_text", sa.Text, nullable=False),
    sa.Column("geonameid", sa.BigInteger, nullable=True),
    sa.Column("lat", sa.Float, nullable=True),
    sa.Column("lon", sa.Float, nullable=True),
    sa.Column("country_code", sa.String(8), nullable=False),
    sa.Column("admin1", sa.Text, nullable=False),
    sa.Column("time_utc", UTCDateTime, nullable=False, index=True),
    sa.Column("time_text", sa.Text, nullable=False),
    sa.Column("time_precision", sa.String(16), nullable=False),
    sa.Column("claimed_controller", sa.String(16), nullable=False),
    sa.Column("change", sa.String(16), nullable=False),
    sa.Column("actor", sa.String(16), nullable=False),
    sa.Column("claimant", sa.Text, nullable=False),
    sa.Column("claimant_side", sa.String(16), nullable=False),
    sa.Column("stance", sa.String(16), nullable=False),
    sa.Column("hedged", sa.Boolean, nullable=False),
    sa.Column("admission", sa.Boolean, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("char_start", sa.Integer, nullable=False),
    sa.Column("char_end", sa.Integer, nullable=False),
    sa.Column("location_precision", sa.String(16), nullable=False, server_default="exact"),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("corrected", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("rejected", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_claims_geonameid_time", "geonameid", "time_utc"),
)
gazetteer_overrides = sa.Table(
    "gazetteer_overrides", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alias", sa.Text, nullable=False),
    sa.Column("geonameid", sa.BigInteger, nullable=True),
    sa.Column("name", sa.Text, nullable=False, server_default=""),
    sa.Column("lat", sa.Float, nullable=True),
    sa.Column("lon", sa.Float, nullable=True),
    sa.Column("country_code", sa.String(8), nullable=False, server_default=""),
    sa.Column("admin1", sa.Text, nullable=False, server_default=""),
    sa.Column("feature", sa.String(16), nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("added_at", UTCDateTime, nullable=False),
    sa.Column("added_by", sa.Text, nullable=False, server_default=""),
)
claim_corrections = sa.Table(
    "claim_corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("claim_id", sa.String(16), nullable=False, index=True),
    sa.Column("report_id", sa.String(16), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("changes", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("original", sa.Text, nullable=False),
    sa.Column("analyst", sa.Text, nullable=False),
    sa.Column("corrected_at", UTCDateTime, nullable=False),
)
places = sa.Table(
    "places", metadata,
    sa.Column("geonameid", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("lat", sa.Float, nullable=True),
    sa.Column("lon", sa.Float, nullable=True),
    sa.Column("country_code", sa.String(8), nullable=False),
    sa.Column("admin1", sa.Text, nullable=False),
    sa.Column("location_precision", sa.String(16), nullable=False, server_default="exact"),
)
place_status = sa.Table(
    "place_status", metadata,
    sa.Column("geonameid", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("claim_id", sa.String(16), nullable=False),
    sa.Column("time_utc", UTCDateTime, nullable=False),
    sa.Column("controller", sa.String(16), nullable=False),
    sa.Column("admitted", sa.Boolean, nullable=False),
    sa.Column("disputed", sa.Boolean, nullable=False),
    sa.Column("n_claims", sa.Integer, nullable=False),
    sa.Column("n_claimants_UA", sa.Integer, nullable=False),
    sa.Column("n_claimants_RU", sa.Integer, nullable=False),
    sa.Column("n_claimants_unknown", sa.Integer, nullable=False),
    sa.Column("first_claim_utc", UTCDateTime, nullable=False),
    sa.Column("first_admission_utc", UTCDateTime, nullable=True),
    sa.Column("last_claim_utc", UTCDateTime, nullable=False),
    sa.Index("ix_place_status_as_of", "geonameid", "time_utc", "seq"),
)
# Who did what when: every upload, correction, override and placement, and every refusal.
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("who", sa.Text, nullable=False, index=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("target", sa.Text, nullable=False, server_default=""),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
    sa.Column("outcome", sa.String(16), nullable=False),
)
store_meta = sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


def records(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain Python values for the database driver (missing -> None)."""
    plain = frame.astype(object)
    return plain.where(frame.notna(), None).to_dict("records")


def insert_frame(connection: sa.Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    """Insert a DataFrame's rows (columns named as the table's) in chunks: a million rows as Python
    dicts at once would take gigabytes."""
    for start in range(0, len(frame), INSERT_CHUNK):
        connection.execute(table.insert(), records(frame.iloc[start:start + INSERT_CHUNK]))


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def database_url(url: str | None = None) -> str:
    """The given URL, else $CLAIMMAP_DATABASE_URL, else the SQLite file data/claimmap.db in the repo."""
    return url or os.environ.get(URL_VARIABLE) or f"sqlite:///{DEFAULT_PATH}"


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN (pysqlite's own implicit BEGIN is deferred and
    # would let a read-then-write transaction fail with "database is locked" under concurrency).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    writing = connection.get_execution_options().get("claimmap_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def engine_for(url: str) -> sa.Engine:
    """An engine for the store at `url`; SQLite files get WAL, a busy timeout and immediate write locks."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)
    if not parsed.database or parsed.database == ":memory:":
        raise ValueError("the store needs a SQLite file (sqlite:///path/to/file.db), not an in-memory database")
    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine
