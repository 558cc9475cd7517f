"""The saved control status of each place after each of its claims (`place_status`, `places`).

Derived data: `claimmap.control`'s rules applied to a place's stored claims, so that "every
place as of T" is one index lookup per place. The store refreshes a place's rows in the same
transaction as any change to its claims. A bulk ingest instead marks the places it touches
stale under its run's key in `store_meta` and refreshes them once at its end; a store opened
after such a run died refreshes them then.
"""
from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from claimmap import control
from claimmap.tables import INSERT_CHUNK, claims, insert_frame, place_status, places, store_meta

REFRESH_PLACES = 50  # places whose status a bulk ingest refreshes at once
STALE = "stale_status:"  # store_meta key prefix: places a bulk ingest run has yet to refresh
STATE = list(control.STATE_COLUMNS)
# place_status's columns, and where each is in a history row.
_STATUS_AT = [(name, control.HISTORY_COLUMNS.index(name)) for name in ("geonameid", "seq", "claim_id", "time_utc", *STATE)]
# The claim fields the rules read.
_WANTED = ("claim_id", *control.PLACE_COLUMNS, "time_utc", "claimant", "claimant_side", "stance",
           "claimed_controller", "admission")


def _ids(geonameids) -> set[int]:
    return {int(g) for g in geonameids if g is not None and not pd.isna(g)}


def mark_stale(connection: sa.Connection, run: str, geonameids) -> None:
    """Add these places to those the bulk ingest `run` has yet to refresh."""
    key = STALE + run
    marked = connection.execute(sa.select(store_meta.c.value).where(store_meta.c.key == key)).scalar()
    stale = set(json.loads(marked or "[]")) | _ids(geonameids)
    connection.execute(store_meta.delete().where(store_meta.c.key == key))
    connection.execute(store_meta.insert().values(key=key, value=json.dumps(sorted(stale))))


def refresh_stale(connection: sa.Connection, runs: list[str] | None = None) -> None:
    """Refresh the places these bulk ingest runs marked stale (None: every run's, a run that died included)."""
    query = sa.select(store_meta.c.key, store_meta.c.value)
    query = query.where(store_meta.c.key.in_([STALE + run for run in runs])) if runs is not None else query.where(
        store_meta.c.key.startswith(STALE))
    marked = connection.execute(query).all()
    if marked:
        stale = sorted(set().union(*(json.loads(value) for _, value in marked)))
        for start in range(0, len(stale), REFRESH_PLACES):  # a few places' claims in memory at a time
            refresh(connection, set(stale[start:start + REFRESH_PLACES]))
        connection.execute(store_meta.delete().where(store_meta.c.key.in_([key for key, _ in marked])))


def refresh(connection: sa.Connection, geonameids: set | None) -> None:
    """Recompute the saved status of these places (None: all) from their claims."""
    if geonameids is not None:
        geonameids = sorted(_ids(geonameids))
        if not geonameids:
            return
    query = sa.select(*[claims.c[name] for name in _WANTED]).where(
        claims.c.rejected == sa.false(), claims.c.geonameid.is_not(None))
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
    # The rules' rows written as they come (a DataFrame and back would cost more than the rules).
    history = control.history_rows(current)
    latest = [row for row, after in zip(history, [*history[1:], None]) if after is None or after[0] != row[0]]
    places_frame = pd.DataFrame(latest, columns=list(control.HISTORY_COLUMNS)).loc[:, list(control.PLACE_COLUMNS)]
    insert_frame(connection, places, places_frame)  # (a place without a point: its NaN as NULL)
    for start in range(0, len(history), INSERT_CHUNK):
        connection.execute(place_status.insert(), [{name: row[at] for name, at in _STATUS_AT}
                                                   for row in history[start:start + INSERT_CHUNK]])
