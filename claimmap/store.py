"""The store: reports with their verbatim text, their claims, analyst corrections and overrides.

One SQL schema (SQLAlchemy Core, migrated by Alembic on open) for SQLite and
PostgreSQL. The default is the SQLite file `data/claimmap.db` in the repository;
`CLAIMMAP_DATABASE_URL` points elsewhere (e.g. postgresql+psycopg://...).

Concurrency: every write runs in a transaction that first takes the store's one
write lock (SQLite: BEGIN IMMEDIATE, waiting up to the busy timeout; PostgreSQL:
an advisory transaction lock), so read-then-write sequences cannot interleave.
Reads never wait for writers (SQLite in WAL mode, PostgreSQL MVCC).

Derived data: `place_status` holds each place's control status after each of its
claims (`claimmap.control` rules), refreshed in the same transaction as any
change to that place's claims, so "every place as of T" is one index lookup per place.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql, sqlite

from claimmap import control, roles
from claimmap.placeids import known_place_ids
from claimmap.roles import PermissionDenied, User
from claimmap.schema import CLAIM_COLUMNS, CLAIM_DTYPES, EXTRACTOR_VERSION, OVERRIDE_COLUMNS, Claim, report_id_for
from claimmap.tables import (audit_log, claim_corrections, claims, database_url, engine_for, gazetteer_overrides,
                             now_utc, place_status, places, reports, store_meta)

MIGRATIONS = Path(__file__).with_name("migrations")
REPORT_STATUSES = ("pending", "extracted", "failed", "timed_out")  # timed_out: past the time limit
# Claim fields an analyst may correct; the ids and the extractor's version stay as extracted.
CORRECTABLE = tuple(c for c in CLAIM_COLUMNS if c not in ("claim_id", "report_id", "extractor_version"))
INSERT_CHUNK = 20_000
REFRESH_PLACES = 50  # places whose status a bulk ingest refreshes at once
_STALE = "stale_status:"  # store_meta key prefix: places a bulk ingest run has yet to refresh
_WRITE_LOCK = 0x636C6D70  # PostgreSQL advisory lock class ("clmp"), taken per schema


_STATUS_STATE = list(control.STATE_COLUMNS)
_REPORT_EXTRAS = {"report_title": "string", "report_source": "string", "report_url": "string",
                  "corrected": "boolean", "rejected": "boolean", "uploaded_by": "string", "corrected_by": "string"}


@dataclass(frozen=True)
class Extracted:
    """One report's extraction, to be saved: its claims and the names left unresolved."""

    report_id: str
    claims: list[Claim]
    unresolved: list[dict] = field(default_factory=list)
    extractor_version: str = EXTRACTOR_VERSION


@dataclass(frozen=True)
class ClaimChanges:
    """What (re-)extraction changed in a report's claims, by claim id."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    kept_corrections: list[str] = field(default_factory=list)  # analyst-corrected claims left as they were


def _records(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain Python values for the database driver (missing -> None)."""
    plain = frame.astype(object)
    return plain.where(frame.notna(), None).to_dict("records")


def _insert_frame(connection: sa.Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    # In chunks: a million rows as Python dicts at once would take gigabytes.
    for start in range(0, len(frame), INSERT_CHUNK):
        connection.execute(table.insert(), _records(frame.iloc[start:start + INSERT_CHUNK]))


def _json_value(value):
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def _as_json(record: dict) -> str:
    return json.dumps({key: _json_value(value) for key, value in record.items()}, ensure_ascii=False)


_REPORT_METADATA = ("title", "source", "url", "report_date", "tz", "language", "raw")
_MARK_EXTRACTED = reports.update().where(reports.c.report_id == sa.bindparam("b_report_id")).values(
    status="extracted", error="", unresolved=sa.bindparam("b_unresolved"),
    extractor_version=sa.bindparam("b_version"))


def _report_row(text: str, *, title: str = "", source: str = "", url: str = "", report_date: date | None = None,
                tz: str = "UTC", language: str = "", raw: str | None = None, uploaded_by: str = "") -> dict:
    """A new report's row, status `pending`."""
    return dict(report_id=report_id_for(text), sha256=_sha256(text), title=title, source=source, url=url,
                report_date=report_date, tz=tz, language=language, text=text, raw=raw,
                status="pending", error="", unresolved="[]", ingested_at=now_utc(), extractor_version="",
                uploaded_by=uploaded_by)


def _targets(ids) -> str:
    """What a refused write was about, for the audit log: the one id, or how many."""
    ids = list(ids)
    return ids[0] if len(ids) == 1 else f"{len(ids)} reports"


def _claim_changes(item: Extracted, old: dict[str, dict]) -> tuple[ClaimChanges, list[dict]]:
    """What saving this extraction over the report's `old` claims changes, and the rows to insert
    (claims an analyst corrected or rejected are kept as they are)."""
    incoming: dict[str, dict] = {}
    for claim in item.claims:
        if claim.report_id != item.report_id:
            raise ValueError(f"claim {claim.claim_id} belongs to report {claim.report_id}, not {item.report_id}")
        incoming.setdefault(claim.claim_id, {name: getattr(claim, name) for name in CLAIM_COLUMNS})
    kept = {claim_id for claim_id, row in old.items() if row["corrected"] or row["rejected"]}
    changes = ClaimChanges(
        added=sorted(incoming.keys() - old.keys()),
        removed=sorted(old.keys() - incoming.keys() - kept),
        changed=sorted(claim_id for claim_id in incoming.keys() & old.keys() - kept
                       if any(old[claim_id][k] != v for k, v in incoming[claim_id].items())),
        kept_corrections=sorted(kept),
    )
    return changes, [row for claim_id, row in incoming.items() if claim_id not in kept]


class Store:
    """Open with `Store.open()`; every method opens and closes its own transaction.

    A store acts for one user (`acting_as`; by default the local user, an admin): every write
    checks that user's role (`claimmap.roles`), records them as who did it, and adds an entry
    to the audit log in the same transaction; a refused write is logged too.
    """

    def __init__(self, engine: sa.Engine, user: User | None = None):
        self.engine = engine
        self.user = user or roles.local_user()

    @classmethod
    def open(cls, url: str | None = None, user: User | None = None) -> Store:
        """Open (creating and migrating to the latest schema if need be) the store at `url`."""
        store = cls(engine_for(database_url(url)), user)
        store.migrate()
        return store

    def acting_as(self, user: User) -> Store:
        """The same store (same engine and connections), acting for `user`."""
        return Store(self.engine, user)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """A transaction holding the store's write lock (one writer at a time, across processes)."""
        with self.engine.connect().execution_options(claimmap_write=True) as connection:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Advisory locks are database-wide: key them by schema too, so stores in other
                    # schemas of the same database (tests, benchmarks) do not wait for this one.
                    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
                                       {"key": _WRITE_LOCK})
                yield connection

    def _audit(self, connection: sa.Connection, action: str, target: str = "", detail: str = "",
               outcome: str = "done") -> None:
        connection.execute(audit_log.insert().values(at=now_utc(), who=self.user.name, role=self.user.role,
                                                     action=action, target=str(target), detail=detail,
                                                     outcome=outcome))

    def require(self, action: str, target: str = "") -> None:
        """Refuse (and log the refusal of) an action the acting user's role does not allow."""
        if roles.allowed(self.user.role, action):
            return
        with self._writing() as connection:
            self._audit(connection, action, target, roles.refusal(self.user, action), outcome="refused")
        raise PermissionDenied(roles.refusal(self.user, action))

    def _signed(self, given: str | None) -> str:
        """Who to record: the signed-in user; only the local user of a run without accounts may name
        someone else (the CLI's and tests' analysts)."""
        if self.user.local and given and given.strip():
            return given.strip()
        return self.user.name

    def record(self, action: str, target: str = "", detail: str = "") -> None:
        """Check and log an action whose work happens elsewhere (a re-extraction, a sign-in, a user change)."""
        self.require(action, target)
        with self._writing() as connection:
            self._audit(connection, action, target, detail)

    def record_refused_sign_in(self, name: str, reason: str) -> None:
        """A sign-in refused (a wrong name or password, a header not from a trusted proxy), logged
        under the name given, with no role."""
        with self._writing() as connection:
            connection.execute(audit_log.insert().values(at=now_utc(), who=name.strip()[:64] or "(no name)", role="",
                                                         action="sign_in", target="", detail=reason,
                                                         outcome="refused"))

    def _insert(self, table: sa.Table):
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to `revision`, then refresh derived status if the control rules changed."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("path_separator", "os")
        with self._writing() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if revision == "head":
                rules = connection.execute(
                    sa.select(store_meta.c.value).where(store_meta.c.key == "control_rules")).scalar()
                if rules != control.RULES_VERSION:
                    self._refresh_status(connection, None)
                    connection.execute(store_meta.delete().where(store_meta.c.key == "control_rules"))
                    connection.execute(store_meta.insert().values(key="control_rules",
                                                                  value=control.RULES_VERSION))
                self._refresh_stale(connection)  # left by a bulk ingest that was killed (or is still running)

    # -- reading ------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(reports.c.report_id).limit(1)).first() is None

    def reports(self) -> pd.DataFrame:
        """Report metadata (no text), newest first, with each report's number of (unrejected) claims."""
        n_claims = (sa.select(sa.func.count())
                    .where(claims.c.report_id == reports.c.report_id, claims.c.rejected == sa.false())
                    .correlate(reports).scalar_subquery())
        columns = [c for c in reports.c if c.name not in ("text", "raw", "unresolved")]
        query = sa.select(*columns, n_claims.label("n_claims")).order_by(reports.c.ingested_at.desc())
        with self.engine.connect() as connection:
            frame = pd.read_sql(query, connection)
        frame["ingested_at"] = pd.to_datetime(frame["ingested_at"], utc=True)
        frame["extracted_at"] = pd.to_datetime(frame["extracted_at"], utc=True)
        return frame

    def report(self, report_id: str) -> dict:
        """One report's metadata, verbatim `text`, `raw` markup, `unresolved` names and `n_claims`."""
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(reports).where(reports.c.report_id == report_id)).mappings().first()
            n_claims = connection.execute(sa.select(sa.func.count()).where(
                claims.c.report_id == report_id, claims.c.rejected == sa.false())).scalar()
        if row is None:
            raise KeyError(f"no report {report_id!r} in the store")
        return {**row, "unresolved": json.loads(row["unresolved"]), "n_claims": n_claims}

    def unresolved(self) -> list[tuple[str, list[dict]]]:
        """(report_id, unresolved names) of each report with names the gazetteer could not place,
        newest first; one query, without the texts (see `report` for those)."""
        query = (sa.select(reports.c.report_id, reports.c.unresolved).where(reports.c.unresolved != "[]")
                 .order_by(reports.c.ingested_at.desc()))
        with self.engine.connect() as connection:
            return [(report_id, json.loads(names)) for report_id, names in connection.execute(query)]

    def claims(self, since=None, until=None, place: str | None = None, geonameid: int | None = None,
               report_id: str | None = None, include_rejected: bool = False) -> pd.DataFrame:
        """Stored claims in time order: CLAIM_COLUMNS, then report title/source/url, corrected/rejected,
        the report's uploader and the analyst of the claim's latest correction ("" where none)."""
        corrected_by = (sa.select(claim_corrections.c.analyst).where(claim_corrections.c.claim_id == claims.c.claim_id)
                        .order_by(claim_corrections.c.id.desc()).limit(1).correlate(claims).scalar_subquery())
        query = (sa.select(*[claims.c[name] for name in CLAIM_COLUMNS],
                           reports.c.title.label("report_title"), reports.c.source.label("report_source"),
                           reports.c.url.label("report_url"), claims.c.corrected, claims.c.rejected,
                           reports.c.uploaded_by,
                           # looked up only for the few corrected claims: the map reads millions
                           sa.case((claims.c.corrected | claims.c.rejected, sa.func.coalesce(corrected_by, "")),
                                   else_="").label("corrected_by"))
                 .join_from(claims, reports).order_by(claims.c.time_utc, claims.c.claim_id))
        if since is not None:
            query = query.where(claims.c.time_utc >= control.as_utc(since).to_pydatetime())
        if until is not None:
            query = query.where(claims.c.time_utc <= control.as_utc(until).to_pydatetime())
        if place:
            query = query.where(sa.func.lower(claims.c.place) == place.strip().lower())
        if geonameid is not None:
            query = query.where(claims.c.geonameid == int(geonameid))
        if report_id is not None:
            query = query.where(claims.c.report_id == report_id)
        if not include_rejected:
            query = query.where(claims.c.rejected == sa.false())
        with self.engine.connect() as connection:
            frame = pd.read_sql(query, connection)
        frame["time_utc"] = pd.to_datetime(frame["time_utc"], utc=True)
        return frame.astype({**CLAIM_DTYPES, **_REPORT_EXTRAS})

    def status_as_of(self, as_of) -> pd.DataFrame:
        """`control.status_as_of` for all stored claims, straight from the saved per-place status."""
        latest = place_status.alias("latest")
        latest_seq = (sa.select(latest.c.seq)
                      .where(latest.c.geonameid == places.c.geonameid,
                             latest.c.time_utc <= control.as_utc(as_of).to_pydatetime())
                      .order_by(latest.c.time_utc.desc(), latest.c.seq.desc()).limit(1)
                      .correlate(places).scalar_subquery())
        query = (sa.select(*[places.c[name] for name in control.PLACE_COLUMNS],
                           *[place_status.c[name] for name in _STATUS_STATE])
                 .join_from(places, place_status, sa.and_(place_status.c.geonameid == places.c.geonameid,
                                                          place_status.c.seq == latest_seq))
                 .order_by(places.c.geonameid))
        with self.engine.connect() as connection:
            frame = pd.read_sql(query, connection)
        for column in ("first_claim_utc", "first_admission_utc", "last_claim_utc"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        return frame.astype({c: control.DTYPES[c] for c in control.STATUS_COLUMNS})

    def place_history(self, geonameid: int) -> pd.DataFrame:
        """`control.place_history` over the stored claims of one place."""
        return control.place_history(self.claims(geonameid=geonameid), geonameid)

    def corrections(self, claim_id: str | None = None) -> pd.DataFrame:
        """The analysts' corrections and rejections, oldest first, with the claim as it was before."""
        query = sa.select(claim_corrections).order_by(claim_corrections.c.id)
        if claim_id is not None:
            query = query.where(claim_corrections.c.claim_id == claim_id)
        with self.engine.connect() as connection:
            frame = pd.read_sql(query, connection)
        frame["corrected_at"] = pd.to_datetime(frame["corrected_at"], utc=True)
        return frame

    def overrides(self, with_authors: bool = False) -> pd.DataFrame:
        """The analysts' gazetteer overrides (OVERRIDE_COLUMNS; with_authors: then who added each and
        when, `added_by`, `added_at`), in the order they were added."""
        authors = ("added_by", "added_at") if with_authors else ()
        query = sa.select(*[gazetteer_overrides.c[name] for name in (*OVERRIDE_COLUMNS, *authors)]).order_by(
            gazetteer_overrides.c.id)
        with self.engine.connect() as connection:
            frame = pd.read_sql(query, connection)
        if with_authors:
            frame["added_at"] = pd.to_datetime(frame["added_at"], utc=True)
        return frame.astype({"geonameid": "Int64", "lat": "Float64", "lon": "Float64"})

    def report_status(self, text: str) -> str | None:
        """The status of the report with this verbatim text, None if it is not stored."""
        with self.engine.connect() as connection:
            return connection.execute(sa.select(reports.c.status).where(
                reports.c.sha256 == _sha256(text))).scalar()

    # -- writing ------------------------------------------------------------------------------

    def add_report(self, text: str, *, title: str = "", source: str = "", url: str = "",
                   report_date: date | None = None, tz: str = "UTC", language: str = "",
                   raw: str | None = None) -> tuple[str, bool, str]:
        """Store a report's text (status `pending`) unless the same text is stored already.

        A stored report not yet extracted (`pending`, `failed`, `timed_out`) takes the metadata given now.
        Returns (report_id, created, status). Safe to call from many processes at once:
        the unique sha256 decides, and only one of them gets created=True.
        """
        return self.add_reports([dict(text=text, title=title, source=source, url=url, report_date=report_date,
                                      tz=tz, language=language, raw=raw)])[0]

    def add_reports(self, incoming: list[dict]) -> list[tuple[str, bool, str]]:
        """`add_report` for many reports (each a dict of its arguments) in one transaction; the same
        text twice is stored once, with the metadata given last."""
        rows = [_report_row(**report, uploaded_by=self.user.name) for report in incoming]
        self.require("upload", _targets(row["report_id"] for row in rows))
        with self._writing() as connection:  # the write lock: no other writer between the read and the insert
            stored = {row.report_id: (row.sha256, row.status) for row in connection.execute(
                sa.select(reports.c.report_id, reports.c.sha256, reports.c.status).where(
                    reports.c.report_id.in_({row["report_id"] for row in rows})))}
            new: dict[str, dict] = {}
            updates: dict[str, dict] = {}
            added = []
            for row in rows:
                report_id = row["report_id"]
                sha256, status = stored.get(report_id) or (new[report_id]["sha256"] if report_id in new else None,
                                                           "pending")
                if sha256 is None:
                    new[report_id] = row
                    added.append((report_id, True, "pending"))
                    continue
                if sha256 != row["sha256"]:
                    raise RuntimeError(f"report id {report_id} is taken by another text (sha256 prefix collision)")
                if report_id in new:
                    new[report_id].update({key: row[key] for key in _REPORT_METADATA})
                elif status != "extracted":
                    # Not extracted yet: the metadata given now (a fixed time zone, say) is what the re-run uses.
                    updates[report_id] = {key: row[key] for key in _REPORT_METADATA}
                added.append((report_id, False, status))
            if new:
                connection.execute(reports.insert(), list(new.values()))
            for report_id, metadata in updates.items():
                connection.execute(reports.update().where(reports.c.report_id == report_id).values(metadata))
            for row, (report_id, created, status) in zip(rows, added):
                self._audit(connection, "upload", report_id,
                            row["title"] if created else f"{row['title']} (already stored, {status})".strip())
        return added

    def save_claims(self, report_id: str, new_claims: Iterable[Claim], unresolved: list[dict] | None = None,
                    extractor_version: str = EXTRACTOR_VERSION) -> ClaimChanges:
        """Replace a report's claims with a new extraction, all or none, and mark it `extracted`.

        Claims an analyst corrected or rejected are left as the analyst made them.
        """
        return self.save_extractions([Extracted(report_id, list(new_claims), unresolved or [], extractor_version)])[0]

    def save_extractions(self, extracted: list[Extracted], run: str | None = None) -> list[ClaimChanges]:
        """`save_claims` for many reports (each once) in one transaction. With `run` (a bulk ingest's id),
        the places' saved status is not refreshed now but marked stale for that run: `refresh_stale(run)`
        refreshes them once at its end, and a store opened after the run died refreshes them then."""
        report_ids = [item.report_id for item in extracted]
        if len(set(report_ids)) != len(report_ids):
            raise ValueError("save_extractions takes each report once")
        if not extracted:
            return []
        self.require("extract", _targets(report_ids))
        with self._writing() as connection:
            old: dict[str, dict[str, dict]] = {report_id: {} for report_id in report_ids}
            for row in connection.execute(sa.select(claims).where(claims.c.report_id.in_(report_ids))).mappings():
                old[row["report_id"]][row["claim_id"]] = dict(row)
            done = [_claim_changes(item, old[item.report_id]) for item in extracted]
            for item, (changes, _) in zip(extracted, done):
                if old[item.report_id]:  # re-extraction: the claims it no longer finds go, corrected ones stay
                    connection.execute(claims.delete().where(claims.c.report_id == item.report_id,
                                                             claims.c.claim_id.not_in(changes.kept_corrections)))
            rows = [row for _, report_rows in done for row in report_rows]
            if rows:
                connection.execute(claims.insert(), rows)
            connection.execute(_MARK_EXTRACTED.values(extracted_at=now_utc()), [
                {"b_report_id": item.report_id, "b_version": item.extractor_version,
                 "b_unresolved": json.dumps(item.unresolved, ensure_ascii=False)} for item in extracted])
            touched = {row["geonameid"] for claims_before in old.values() for row in claims_before.values()}
            touched |= {row["geonameid"] for row in rows}
            if run is None:
                self._refresh_status(connection, touched)
            else:
                self._mark_stale(connection, run, touched)
        return [changes for changes, _ in done]

    def mark_failed(self, report_id: str, error: str, status: str = "failed") -> None:
        """Record that extraction failed (or, status `timed_out`, was stopped at the time limit);
        the report and any claims it had stay as they were, to be re-run."""
        if status not in REPORT_STATUSES or status in ("pending", "extracted"):
            raise ValueError(f"not a failure status: {status!r}")
        self.require("extract", report_id)
        with self._writing() as connection:
            connection.execute(reports.update().where(reports.c.report_id == report_id).values(
                status=status, error=error, extracted_at=now_utc()))

    def correct_claim(self, claim_id: str, changes: dict, analyst: str | None = None) -> None:
        """Change fields of a claim; the claim as it was and who changed it when are kept.
        Who: the acting user (`analyst` only names someone else for the local user)."""
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise ValueError(f"cannot correct {sorted(unknown)}; correctable fields: {', '.join(CORRECTABLE)}")
        if "time_utc" in changes:
            changes = {**changes, "time_utc": control.as_utc(changes["time_utc"]).to_pydatetime()}
        self._record_correction(claim_id, analyst, "correct", changes, reason="")

    def reject_claim(self, claim_id: str, analyst: str | None = None, reason: str = "") -> None:
        """Take a claim out of the map and the exports; it stays stored, marked rejected."""
        self._record_correction(claim_id, analyst, "reject", {}, reason=reason)

    def _record_correction(self, claim_id: str, analyst: str | None, action: str, changes: dict,
                           reason: str) -> None:
        self.require(action, claim_id)
        analyst = self._signed(analyst)
        with self._writing() as connection:
            row = connection.execute(sa.select(claims).where(claims.c.claim_id == claim_id)).mappings().first()
            if row is None:
                raise KeyError(f"no claim {claim_id!r} in the store")
            before = dict(row)
            after = {**{name: before[name] for name in CLAIM_COLUMNS}, **changes}
            Claim(**after)  # raises ValueError for values the schema does not allow
            connection.execute(claim_corrections.insert().values(
                claim_id=claim_id, report_id=before["report_id"], action=action, changes=_as_json(changes),
                reason=reason, original=_as_json(before), analyst=analyst, corrected_at=now_utc()))
            self._audit(connection, action, claim_id, reason if action == "reject" else _as_json(changes))
            flags = {"corrected": True} if action == "correct" else {"rejected": True}
            connection.execute(claims.update().where(claims.c.claim_id == claim_id).values(**changes, **flags))
            self._refresh_status(connection, {before["geonameid"], after["geonameid"]})

    def add_override(self, row: dict, added_by: str | None = None) -> None:
        """Add a gazetteer override: an alias for a known place (alias + geonameid), or a new place
        (alias + name + lat + lon), a placement. Who: the acting user (as in `correct_claim`)."""
        unknown = set(row) - set(OVERRIDE_COLUMNS)
        if unknown:
            raise ValueError(f"unknown override fields {sorted(unknown)}; expected {', '.join(OVERRIDE_COLUMNS)}")
        values = {key: value for key, value in row.items() if value is not None and not pd.isna(value)}
        if not str(values.get("alias", "")).strip():
            raise ValueError("an override needs an alias (the name as reports write it)")
        new_place = all(str(values.get(key, "")).strip() for key in ("name", "lat", "lon"))
        if "geonameid" not in values and not new_place:
            raise ValueError("an override needs a geonameid (alias of a known place) or name, lat and lon (a new place)")
        if new_place and not (-90 <= float(values["lat"]) <= 90 and -180 <= float(values["lon"]) <= 180):
            raise ValueError(f"lat/lon out of range: {values['lat']}, {values['lon']}")
        if not new_place:
            self._check_place_id(values["geonameid"])
        action = "placement" if new_place else "override"
        self.require(action, values["alias"])
        with self._writing() as connection:
            connection.execute(gazetteer_overrides.insert().values(**values, added_at=now_utc(),
                                                                   added_by=self._signed(added_by)))
            where = f"{values['lat']}, {values['lon']}" if new_place else f"geonameid {values['geonameid']}"
            self._audit(connection, action, values["alias"], where)

    def _check_place_id(self, geonameid) -> None:
        """An alias must name a place the gazetteer holds: one naming none would break its every load."""
        try:
            number = int(float(geonameid))
        except ValueError:
            raise ValueError(f"geonameid {geonameid!r} is not a number") from None
        if number not in known_place_ids(self.overrides()):
            raise ValueError(f"no place with geonameid {geonameid} in the gazetteer, its overrides or the store's; "
                             "give the geonameid `resolve` or the Gazetteer page shows, or name, lat and lon for a new place")

    def place_corrected_claims(self, geonameid: int, lat: float, lon: float, location_precision: str) -> int:
        """Put the analyst-corrected (or rejected) claims about a place at its new point, as re-extraction
        puts the others (it leaves those as the analyst made them); how many there were."""
        kept = sa.and_(claims.c.geonameid == int(geonameid), sa.or_(claims.c.corrected, claims.c.rejected))
        self.require("placement", str(geonameid))
        with self._writing() as connection:
            moved = connection.execute(claims.update().where(kept).values(
                lat=lat, lon=lon, location_precision=location_precision)).rowcount
            self._refresh_status(connection, {geonameid})
            if moved:
                self._audit(connection, "placement", str(geonameid), f"{moved} corrected claim(s) moved to {lat}, {lon}")
        return moved

    def bulk_add_claims(self, frame: pd.DataFrame) -> None:
        """Load many claims of already stored reports at once, then refresh all status (benchmarks, imports)."""
        self.require("extract")
        with self._writing() as connection:
            _insert_frame(connection, claims, frame.loc[:, list(CLAIM_COLUMNS)])
            self._refresh_status(connection, None)

    # -- derived status -----------------------------------------------------------------------

    def refresh_stale(self, run: str) -> None:
        """Refresh the saved status of the places a bulk ingest `run` marked stale (`save_extractions`)."""
        with self._writing() as connection:
            self._refresh_stale(connection, [_STALE + run])

    def _mark_stale(self, connection: sa.Connection, run: str, geonameids: set) -> None:
        key = _STALE + run
        marked = connection.execute(sa.select(store_meta.c.value).where(store_meta.c.key == key)).scalar()
        stale = set(json.loads(marked or "[]")) | {int(g) for g in geonameids if g is not None and not pd.isna(g)}
        connection.execute(store_meta.delete().where(store_meta.c.key == key))
        connection.execute(store_meta.insert().values(key=key, value=json.dumps(sorted(stale))))

    def _refresh_stale(self, connection: sa.Connection, keys: list[str] | None = None) -> None:
        """Refresh the places marked stale under these keys (None: every run's, a run that died included)."""
        query = sa.select(store_meta.c.key, store_meta.c.value)
        query = query.where(store_meta.c.key.in_(keys)) if keys is not None else query.where(
            store_meta.c.key.startswith(_STALE))
        marked = connection.execute(query).all()
        if marked:
            stale = sorted(set().union(*(json.loads(value) for _, value in marked)))
            for start in range(0, len(stale), REFRESH_PLACES):  # a few places' claims in memory at a time
                self._refresh_status(connection, set(stale[start:start + REFRESH_PLACES]))
            connection.execute(store_meta.delete().where(store_meta.c.key.in_([key for key, _ in marked])))

    def _refresh_status(self, connection: sa.Connection, geonameids: set | None) -> None:
        """Recompute the saved status of these places (None: all) from their claims."""
        if geonameids is not None:
            geonameids = sorted(int(g) for g in geonameids if g is not None and not pd.isna(g))
            if not geonameids:
                return
        wanted = [claims.c[name] for name in ("claim_id", *control.PLACE_COLUMNS, "time_utc", "claimant",
                                               "claimant_side", "stance", "claimed_controller", "admission")]
        query = sa.select(*wanted).where(claims.c.rejected == sa.false(), claims.c.geonameid.is_not(None))
        if geonameids is not None:
            query = query.where(claims.c.geonameid.in_(geonameids))
            connection.execute(place_status.delete().where(place_status.c.geonameid.in_(geonameids)))
            connection.execute(places.delete().where(places.c.geonameid.in_(geonameids)))
        else:
            connection.execute(place_status.delete())
            connection.execute(places.delete())
        current = pd.read_sql(query, connection)
        if current.empty:
            return
        current["time_utc"] = pd.to_datetime(current["time_utc"], utc=True)
        history = control.histories(current)
        latest = history.groupby("geonameid", sort=False).tail(1)
        _insert_frame(connection, places, latest.loc[:, list(control.PLACE_COLUMNS)])
        _insert_frame(connection, place_status, history.loc[:, ["geonameid", "seq", "claim_id", "time_utc",
                                                                *_STATUS_STATE]])


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
