"""The audit trail: who uploaded, corrected, rejected, overrode, placed or re-extracted what, when;
who signed in or changed users; and every action a role refused.

The store writes the entries (`Store._audit`, in the same transaction as the work);
this module reads them for a reader: an admin reads everyone's, an analyst their own,
a viewer none. Filters: who, action, outcome, a UTC date range; CSV for download.
"""
from __future__ import annotations

import io
from datetime import date, datetime, time, timezone

import pandas as pd
import sqlalchemy as sa

from claimmap import exports, roles
from claimmap.roles import PermissionDenied, User
from claimmap.store import Store
from claimmap.tables import audit_log

COLUMNS = ("at", "who", "role", "action", "target", "detail", "outcome")
OUTCOMES = ("done", "refused")
ACTION_HELP = {
    "upload": "a report's text stored", "extract": "claims stored for a report",
    "correct": "a claim's fields changed", "reject": "a claim taken off the map",
    "override": "a gazetteer alias for a known place", "placement": "a new place with its point",
    "reextract": "a report's extraction re-run", "reextract_all": "every report re-extracted",
    "sign_in": "signed in", "sign_in_locked": "a sign-in refused unchecked: too many failed ones",
    "manage_users": "a user added, removed or given a role",
}


def readable_by(reader: User) -> str | None:
    """Whose entries `reader` may read: None for everyone's (admin), else their own name."""
    if roles.allowed(reader.role, "audit_all"):
        return None
    if roles.allowed(reader.role, "audit_own"):
        return reader.name
    raise PermissionDenied(roles.refusal(reader, "audit_own"))


def _day_start(day: date | datetime) -> datetime:
    return day if isinstance(day, datetime) else datetime.combine(day, time.min, timezone.utc)


def _day_end(day: date | datetime) -> datetime:
    return day if isinstance(day, datetime) else datetime.combine(day, time.max, timezone.utc)


def entries(store: Store, reader: User, *, who: list[str] | None = None, actions: list[str] | None = None,
            outcome: str | None = None, since: date | datetime | None = None,
            until: date | datetime | None = None) -> pd.DataFrame:
    """The audit entries `reader` may read, newest first, filtered; `since`/`until` as dates
    include the whole UTC day. An analyst asking for someone else's entries is refused."""
    own = readable_by(reader)
    if own is not None and who and set(who) != {own}:
        raise PermissionDenied(roles.refusal(reader, "audit_all"))
    query = sa.select(*[audit_log.c[name] for name in COLUMNS]).order_by(audit_log.c.id.desc())
    if own is not None or who:
        query = query.where(audit_log.c.who.in_([own] if own is not None else who))
    if actions:
        query = query.where(audit_log.c.action.in_(actions))
    if outcome:
        query = query.where(audit_log.c.outcome == outcome)
    if since is not None:
        query = query.where(audit_log.c.at >= _day_start(since))
    if until is not None:
        query = query.where(audit_log.c.at <= _day_end(until))
    with store.engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame


def people(store: Store, reader: User) -> list[str]:
    """The names in the audit entries `reader` may read (for the filter)."""
    own = readable_by(reader)
    if own is not None:
        return [own]
    with store.engine.connect() as connection:
        return list(connection.execute(sa.select(audit_log.c.who).distinct().order_by(audit_log.c.who)).scalars())


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Entries as CSV (UTC ISO times), safe to open in a spreadsheet (no formula cells)."""
    out = io.StringIO()
    exports.spreadsheet_safe(frame).to_csv(out, index=False, date_format="%Y-%m-%dT%H:%M:%SZ",
                                           lineterminator=exports.CSV_LINE_END)
    return out.getvalue().encode("utf-8")
