"""The store's queries: reports, claims, status, corrections and overrides as DataFrames and dicts.

`StoreReads` is the reading half of `claimmap.store.Store` (which adds the writes): each query
opens its own connection and never waits for a writer (SQLite in WAL mode, PostgreSQL MVCC).
"""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import sqlalchemy as sa

from claimmap import control
from claimmap.placestatus import STATE
from claimmap.schema import CLAIM_COLUMNS, CLAIM_DTYPES, OVERRIDE_COLUMNS
from claimmap.tables import claim_corrections, claims, gazetteer_overrides, place_status, places, reports

# The columns `claims()` adds to CLAIM_COLUMNS, and their dtypes.
REPORT_EXTRAS = {"report_title": "string", "report_source": "string", "report_url": "string",
                 "corrected": "boolean", "rejected": "boolean", "uploaded_by": "string", "corrected_by": "string"}


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StoreReads:
    """The queries of a store reached through `self.engine`."""

    engine: sa.Engine

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
        return frame.astype({**CLAIM_DTYPES, **REPORT_EXTRAS})

    def status_as_of(self, as_of) -> pd.DataFrame:
        """`control.status_as_of` for all stored claims, straight from the saved per-place status."""
        latest = place_status.alias("latest")
        latest_seq = (sa.select(latest.c.seq)
                      .where(latest.c.geonameid == places.c.geonameid,
                             latest.c.time_utc <= control.as_utc(as_of).to_pydatetime())
                      .order_by(latest.c.time_utc.desc(), latest.c.seq.desc()).limit(1)
                      .correlate(places).scalar_subquery())
        query = (sa.select(*[places.c[name] for name in control.PLACE_COLUMNS],
                           *[place_status.c[name] for name in STATE])
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
                reports.c.sha256 == sha256_of(text))).scalar()
