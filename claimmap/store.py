"""The store: reports with their verbatim text, their claims, analyst corrections and overrides.

One SQL schema (SQLAlchemy Core, migrated by Alembic on open) for SQLite and
PostgreSQL. The default is the SQLite file `data/claimmap.db` in the repository;
`CLAIMMAP_DATABASE_URL` points elsewhere (e.g. postgresql+psycopg://...).

Concurrency: every write runs in a transaction that first takes the store's one
write lock (SQLite: BEGIN IMMEDIATE, waiting up to the busy timeout; PostgreSQL:
an advisory transaction lock), so read-then-write sequences cannot interleave.
Reads never wait for writers (SQLite in WAL mode, PostgreSQL MVCC).

Derived data: `place_status` holds each place's control status after each of its
claims (`claimmap.placestatus`), refreshed in the same transaction as any
change to that place's claims, so "every place as of T" is one index lookup per place.
The queries are `claimmap.storereads`; this module adds the writes.
"""
from __future__ import annotations

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

from claimmap import control, placestatus, roles
from claimmap.placeids import known_place_ids
from claimmap.roles import PermissionDenied, User
from claimmap.schema import CLAIM_COLUMNS, EXTRACTOR_VERSION, OVERRIDE_COLUMNS, Claim, report_id_for
from claimmap.storereads import StoreReads, sha256_of
from claimmap.tables import (audit_log, claim_corrections, claims, database_url, engine_for, gazetteer_overrides,
                             insert_frame, now_utc, reports, store_meta)

MIGRATIONS = Path(__file__).with_name("migrations")
REPORT_STATUSES = ("pending", "extracted", "failed", "timed_out")  # timed_out: past the time limit
# Claim fields an analyst may correct; the ids and the extractor's version stay as extracted.
CORRECTABLE = tuple(c for c in CLAIM_COLUMNS if c not in ("claim_id", "report_id", "extractor_version"))
_WRITE_LOCK = 0x636C6D70  # PostgreSQL advisory lock class ("clmp"), taken per schema


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
    return dict(report_id=report_id_for(text), sha256=sha256_of(text), title=title, source=source, url=url,
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


class Store(StoreReads):
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
        self._audit_many(connection, action, [(target, detail)], outcome)

    def _audit_many(self, connection: sa.Connection, action: str, entries: list[tuple[str, str]],
                    outcome: str = "done") -> None:
        """One audit row per (target, detail), in one statement (a batch of uploads: one, not one per report)."""
        at = now_utc()
        connection.execute(audit_log.insert(), [
            dict(at=at, who=self.user.name, role=self.user.role, action=action, target=str(target), detail=detail,
                 outcome=outcome) for target, detail in entries])

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

    def record_refused_sign_in(self, name: str, reason: str, client: str, action: str = "sign_in") -> None:
        """A sign-in refused (a wrong name or password, a header not from a trusted proxy, a lockout:
        `claimmap.signin`), logged under the name given, with no role, the client's address as target."""
        with self._writing() as connection:
            connection.execute(audit_log.insert().values(at=now_utc(), who=name, role="", action=action,
                                                         target=client, detail=reason, outcome="refused"))

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
                    placestatus.refresh(connection, None)
                    connection.execute(store_meta.delete().where(store_meta.c.key == "control_rules"))
                    connection.execute(store_meta.insert().values(key="control_rules",
                                                                  value=control.RULES_VERSION))
                placestatus.refresh_stale(connection)  # left by a bulk ingest that was killed (or is still running)

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
            self._audit_many(connection, "upload", [
                (report_id, row["title"] if created else f"{row['title']} (already stored, {status})".strip())
                for row, (report_id, created, status) in zip(rows, added)])
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
                placestatus.refresh(connection, touched)
            else:
                placestatus.mark_stale(connection, run, touched)
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
            placestatus.refresh(connection, {before["geonameid"], after["geonameid"]})

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
            placestatus.refresh(connection, {geonameid})
            if moved:
                self._audit(connection, "placement", str(geonameid), f"{moved} corrected claim(s) moved to {lat}, {lon}")
        return moved

    def bulk_add_claims(self, frame: pd.DataFrame) -> None:
        """Load many claims of already stored reports at once, then refresh all status (benchmarks, imports)."""
        self.require("extract")
        with self._writing() as connection:
            insert_frame(connection, claims, frame.loc[:, list(CLAIM_COLUMNS)])
            placestatus.refresh(connection, None)

    # -- derived status -----------------------------------------------------------------------

    def refresh_stale(self, run: str) -> None:
        """Refresh the saved status of the places a bulk ingest `run` marked stale (`save_extractions`)."""
        with self._writing() as connection:
            placestatus.refresh_stale(connection, [run])
