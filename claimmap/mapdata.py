"""What the map page reads from the store for a time window, answered in SQL.

With no filter set, the map needs only aggregates of the window: how many
claims, each place's latest claim, the newest claims for the panel, and for
playback only the columns it animates. Reading every claim of a long window into pandas would take seconds at
a million claims; these queries use the claims' (geonameid, time) and time
indexes instead, so their cost follows the number of places and rows shown.
Filters (free-text search, minimum claimants...) take the pandas path,
`store.claims()` + `claimviews.filter_claims`, and `views` derives the same
frames from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from claimmap import claimviews, control, sqlsearch, views
from claimmap import tables as stored  # the tables its window queries are built on
from claimmap.schema import CLAIM_COLUMNS, CLAIM_DTYPES, SIDES
from claimmap.store import Store

_CLAIMS = stored.claims
_REPORTS = stored.reports
_LATEST = ["geonameid", "latest_claimant", "latest_side", "latest_evidence"]


@dataclass
class WindowData:
    """What the map shows of a window: counts, the places drawn with their status and latest
    claim, and (filters set) the window's kept claims, which then also feed the panel and playback."""

    n_claims: int
    n_places: int
    status: pd.DataFrame              # every place's status as of the moment (control columns)
    shown: pd.DataFrame               # views.places_shown rows
    claims: pd.DataFrame | None       # the kept claims (None: read from SQL as needed)


def read_window(store: Store, since: datetime, until: datetime, as_of: datetime, filters: dict,
                defaults: dict) -> WindowData:
    """The window as the map shows it. Without a filter (`filters` == `defaults`), aggregates come
    straight from SQL and the status from the store's saved history: fast however long the window.
    With one, the window's claims are read and filtered in pandas, and the status is what the kept
    claims say up to `as_of`."""
    if all(filters.get(key) == default for key, default in defaults.items()):
        latest = latest_per_place(store, since, until)
        status = store.status_as_of(as_of)
        return WindowData(window_count(store, since, until), len(latest), status,
                          views.places_shown(status, latest), None)
    kept = claimviews.filter_claims(store.claims(since=since, until=until), filters)
    status = control.status_as_of(kept, as_of)
    return WindowData(len(kept), kept["geonameid"].nunique(), status,
                      views.places_shown(status, views.latest_per_place(kept)), kept)


def panel_claims(store: Store, data: WindowData, since: datetime, until: datetime, place: int | None,
                 limit: int) -> pd.DataFrame:
    """The claims for the panel beside the map (of `place` if given; `views.claims_panel` picks
    and orders them): the kept claims when filters are set, else the newest `limit` by SQL."""
    return data.claims if data.claims is not None else newest_claims(store, since, until, place, limit=limit)


def playback_points(store: Store, data: WindowData, since: datetime, until: datetime) -> pd.DataFrame:
    """The claims playback animates (`views.playback_frames`): the kept claims when filters are
    set, else only the columns it needs, read by SQL."""
    return data.claims if data.claims is not None else window_points(store, since, until)


def _in_window(since: datetime, until: datetime, table=_CLAIMS):
    return sa.and_(table.c.time_utc >= since, table.c.time_utc <= until, table.c.rejected == sa.false())


def window_count(store: Store, since: datetime, until: datetime) -> int:
    """How many claims the window holds (its located places: `len(latest_per_place(...))`)."""
    query = sa.select(sa.func.count()).select_from(_CLAIMS).where(_in_window(since, until))
    with store.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def latest_per_place(store: Store, since: datetime, until: datetime) -> pd.DataFrame:
    """Each located place's latest claim in the window (`views.latest_per_place` columns).

    One index lookup per known place, whatever the window's length."""
    inner = _CLAIMS.alias("inner")
    latest_id = (sa.select(inner.c.claim_id)
                 .where(inner.c.geonameid == stored.places.c.geonameid, _in_window(since, until, inner))
                 .order_by(inner.c.time_utc.desc(), inner.c.claim_id.desc()).limit(1)
                 .correlate(stored.places).scalar_subquery())
    query = (sa.select(_CLAIMS.c.geonameid, _CLAIMS.c.claimant.label("latest_claimant"),
                       _CLAIMS.c.claimant_side.label("latest_side"), _CLAIMS.c.evidence.label("latest_evidence"))
             .select_from(stored.places).join(_CLAIMS, _CLAIMS.c.claim_id == latest_id))
    with store.engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    return frame.loc[:, _LATEST].astype({"geonameid": "Int64"})


def newest_claims(store: Store, since: datetime, until: datetime, geonameid: int | None = None,
                  limit: int = 500, side: str | None = None) -> pd.DataFrame:
    """The newest claims of the window (of one place, of one claimant side if given), as `store.claims()` rows."""
    query = (sa.select(*[_CLAIMS.c[name] for name in CLAIM_COLUMNS],
                       _REPORTS.c.title.label("report_title"), _REPORTS.c.source.label("report_source"),
                       _REPORTS.c.url.label("report_url"))
             .join_from(_CLAIMS, _REPORTS).where(_in_window(since, until))
             .order_by(_CLAIMS.c.time_utc.desc(), _CLAIMS.c.claim_id.desc()).limit(limit))
    if geonameid is not None:
        query = query.where(_CLAIMS.c.geonameid == int(geonameid))
    if side is not None:
        query = query.where(_CLAIMS.c.claimant_side == side)
    with store.engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    frame["time_utc"] = pd.to_datetime(frame["time_utc"], utc=True)
    return frame.astype({**CLAIM_DTYPES, "report_title": "string", "report_source": "string",
                         "report_url": "string"})


def latest_by_side(store: Store, since: datetime, until: datetime, geonameid: int,
                   kept: pd.DataFrame | None = None) -> pd.DataFrame:
    """The newest claim of each claimant side about one place in the window, as a claims panel
    (`views.latest_per_side`): from the `kept` claims when filters are set, else by one index
    lookup per side (a place with a million claims costs no more than one with three)."""
    if kept is not None:
        return views.latest_per_side(views.claims_panel(kept, geonameid))
    newest = [newest_claims(store, since, until, geonameid, limit=1, side=side) for side in SIDES]
    found = [frame for frame in newest if len(frame)] or newest[:1]
    return views.latest_per_side(views.claims_panel(pd.concat(found, ignore_index=True)))


def window_points(store: Store, since: datetime, until: datetime) -> pd.DataFrame:
    """The window's located claims with only what playback animates (`views.playback_frames`):
    three columns read per claim, the place's name and position joined on afterwards."""
    # time as stored, parsed by pandas at once: the store's UTC type converts row by row
    query = (sa.select(_CLAIMS.c.geonameid, sa.type_coerce(_CLAIMS.c.time_utc, sa.String()).label("time_utc"),
                       _CLAIMS.c.claimed_controller)
             .where(_in_window(since, until), _CLAIMS.c.geonameid.is_not(None)))
    places = sa.select(*[stored.places.c[name] for name in ("geonameid", "place", "lat", "lon")])
    with store.engine.connect() as connection:
        claims = pd.read_sql(query, connection)
        located = pd.read_sql(places, connection)
    claims["time_utc"] = pd.to_datetime(claims["time_utc"], utc=True, format="ISO8601")
    return claims.merge(located, on="geonameid").astype(
        {name: CLAIM_DTYPES[name] for name in ("geonameid", "place", "lat", "lon", "claimed_controller")})


def claims_over_time(store: Store, bucket: str, filters: dict | None = None) -> pd.DataFrame:
    """Claims per time bucket ("day" or "hour", UTC) and claimed controller, over the whole store:
    columns start (UTC), controller, n_claims; one row per bucket and controller that has claims
    (the timeline under the map; only counts leave the server, no claim row goes to the browser).

    With `filters` (`appstate.FILTER_DEFAULTS` keys), only the claims they keep are counted, by the
    database: side, change, hedging and source are conditions of its GROUP BY, and so is a minimum
    of claimants per place (counted over all claims, as the timeline spans them all). A text search
    narrows the claims in the database too (`sqlsearch`: every script's case spelled out); the few
    it keeps are read, only the searched columns, and filtered and counted exactly in pandas."""
    filters = filters or {}
    kept = sa.and_(_CLAIMS.c.rejected == sa.false(), *_filter_conditions(filters))
    search = (filters.get("filter_search") or "").strip()
    if search:
        found = sqlsearch.contains_any_case([_CLAIMS.c[name] for name in claimviews.SEARCHED], search,
                                            store.engine.dialect.name)
        return _counted_in_pandas(store, sa.and_(kept, found), filters, bucket)
    min_claimants = int(filters.get("filter_min_claimants") or 1)
    if min_claimants > 1:
        kept = sa.and_(kept, _places_with_claimants(kept, min_claimants))
    time_utc = _CLAIMS.c.time_utc
    if store.engine.dialect.name == "postgresql":
        start = sa.func.to_char(sa.func.date_trunc(bucket, time_utc), "YYYY-MM-DD HH24:00")
    else:  # SQLite keeps "YYYY-MM-DD HH:MM:SS...": its first 10 or 13 characters are the bucket
        start = sa.func.substr(sa.type_coerce(time_utc, sa.String()), 1, 10 if bucket == "day" else 13)
    query = (sa.select(start.label("start"), _CLAIMS.c.claimed_controller.label("controller"),
                       sa.func.count().label("n_claims"))
             .where(kept).group_by(start, _CLAIMS.c.claimed_controller))
    with store.engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    text = frame["start"].astype(str).str.slice(0, 13 if bucket == "hour" else 10)
    frame["start"] = pd.to_datetime(text + (":00" if bucket == "hour" else ""), utc=True)
    return frame.astype({"controller": "string", "n_claims": "int64"})


def _places_with_claimants(kept, n: int):
    """The claims `kept` keeps about places that at least `n` different claimants speak of among them
    (`claimviews.filter_claims`' minimum of claimants: a place is its geonameid, else its name)."""
    def speaking(key):
        return (sa.select(key).where(kept).group_by(key)
                .having(sa.func.count(sa.distinct(_CLAIMS.c.claimant)) >= n).correlate(None))
    geonameid, place = _CLAIMS.c.geonameid, _CLAIMS.c.place
    return sa.or_(sa.and_(geonameid.is_not(None), geonameid.in_(speaking(geonameid))),
                  sa.and_(geonameid.is_(None), place.in_(speaking(place).where(geonameid.is_(None)))))


def _filter_conditions(filters: dict) -> list:
    """The shared filters that are plain column conditions, as SQL (`claimviews.filter_claims`
    keeps the same claims): claimant side, change, hedging, report source."""
    conditions = []
    if filters.get("filter_sides"):
        conditions.append(_CLAIMS.c.claimant_side.in_(filters["filter_sides"]))
    if filters.get("filter_changes"):
        conditions.append(_CLAIMS.c.change.in_(filters["filter_changes"]))
    if filters.get("filter_hedged", "all") != "all":
        conditions.append(sa.func.coalesce(_CLAIMS.c.hedged, sa.false()) == (filters["filter_hedged"] == "hedged"))
    if filters.get("filter_sources"):
        conditions.append(_CLAIMS.c.report_id.in_(
            sa.select(_REPORTS.c.report_id).where(_REPORTS.c.source.in_(filters["filter_sources"]))))
    return conditions


def _counted_in_pandas(store: Store, kept, filters: dict, bucket: str) -> pd.DataFrame:
    """`claims_over_time` for a text search: the claims the database narrowed it to, filtered again
    (the search exactly, and a minimum of claimants among what it finds) and counted in pandas."""
    columns = ["geonameid", *claimviews.SEARCHED, "claimed_controller"]
    query = sa.select(*[_CLAIMS.c[name] for name in columns],
                      sa.type_coerce(_CLAIMS.c.time_utc, sa.String()).label("time_utc")).where(kept)
    with store.engine.connect() as connection:
        claims = pd.read_sql(query, connection).astype({name: CLAIM_DTYPES[name] for name in columns})
    rest = {"filter_search": filters.get("filter_search"), "filter_min_claimants": filters.get("filter_min_claimants")}
    claims = claimviews.filter_claims(claims, rest)
    starts = pd.to_datetime(claims["time_utc"], utc=True, format="ISO8601").dt.floor("h" if bucket == "hour" else "D")
    counts = claims.groupby([starts.rename("start"), claims["claimed_controller"].rename("controller")]).size()
    return counts.rename("n_claims").reset_index().astype({"controller": "string", "n_claims": "int64"})


def claim_time_beside(store: Store, moment: datetime, later: bool, filters: dict | None = None) -> datetime | None:
    """The time of the nearest claim strictly after `moment` (`later`) or before it, among the
    claims the plain filters keep (side, change, hedging, source; `_filter_conditions`), or None:
    where the status as of the moment steps next. One lookup in the claims' time index."""
    time_utc = _CLAIMS.c.time_utc
    query = (sa.select(sa.type_coerce(time_utc, sa.String()))
             .where(time_utc > moment if later else time_utc < moment, _CLAIMS.c.rejected == sa.false(),
                    *_filter_conditions(filters or {}))
             .order_by(time_utc if later else time_utc.desc()).limit(1))
    with store.engine.connect() as connection:
        found = connection.execute(query).scalar()
    return None if found is None else control.as_utc(found).to_pydatetime()


def place_of(store: Store, geonameid: int) -> dict | None:
    """A place the store has claims about (name, admin1, lat, lon, location_precision), whatever
    the window and moment, or None: for a selected place the map does not draw."""
    query = sa.select(stored.places).where(stored.places.c.geonameid == int(geonameid))
    with store.engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return dict(row) if row else None


def report_sources(store: Store) -> list[str]:
    """Every report source in the store, for the source filter."""
    query = sa.select(_REPORTS.c.source).where(_REPORTS.c.source != "").distinct()
    with store.engine.connect() as connection:
        return sorted(connection.execute(query).scalars())
