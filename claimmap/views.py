"""What the map page shows: its view state, time window, places, playback frames and claims panel.

Pure functions over claims DataFrames (`store.claims()` columns) and per-place
status frames (`control.status_as_of()` columns). The page only reads widgets,
calls these, and draws. The shared filters themselves are `claimviews.filter_claims`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pandas as pd

from claimmap import claimviews, vocabulary
from claimmap.schema import CHANGES, SIDES

QUICK_WINDOWS: dict[str, timedelta | None] = {
    "all": None,
    "last 24 h": timedelta(hours=24),
    "last 7 days": timedelta(days=7),
    "last 30 days": timedelta(days=30),
}
MODES = ("status", "playback")
HEDGED_CHOICES = ("all", "hedged", "unhedged")
# Playback buckets, finest first: the finest that keeps the layer small wins.
PLAYBACK_BUCKETS = ("1h", "6h", "1D", "7D", "30D", "365D")
PLAYBACK_MAX_FRAMES = 3000
HIGHLIGHT = ("⟦", "⟧")


@dataclass(frozen=True)
class View:
    """Everything that decides what the map page shows; round-trips through the URL."""

    since: datetime | None = None       # window start (None: the claims' first time)
    until: datetime | None = None       # window end (None: the claims' last time)
    as_of: datetime | None = None       # status moment (None: the window end)
    filters: dict = field(default_factory=dict)  # appstate.FILTER_DEFAULTS keys
    place: int | None = None            # selected geonameid
    mode: str = "status"                # status | playback
    zoom: int | None = None             # the map's zoom (None: its default)
    center: tuple[float, float] | None = None  # the map's centre, (lat, lon) (None: its default)


# --- the URL --------------------------------------------------------------------------

_LIST_PARAMS = {"sides": ("filter_sides", SIDES), "changes": ("filter_changes", CHANGES)}


def view_to_params(view: View) -> dict[str, str]:
    """Query parameters that reproduce `view` (filter defaults left out, so links stay short).

    The window's ends are always written, so a shared link shows the same claims after new
    reports arrive; the as-of moment only when it is not the window's end."""
    params: dict[str, str] = {}
    for name in ("since", "until", "as_of"):
        moment = getattr(view, name)
        if moment is not None and not (name == "as_of" and moment == view.until):
            params[name] = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    for name, (key, _) in _LIST_PARAMS.items():
        if view.filters.get(key):
            params[name] = ",".join(view.filters[key])
    if view.filters.get("filter_sources"):
        params["sources"] = "\n".join(view.filters["filter_sources"])
    if view.filters.get("filter_hedged", "all") != "all":
        params["hedged"] = view.filters["filter_hedged"]
    if int(view.filters.get("filter_min_claimants") or 1) > 1:
        params["min_claimants"] = str(int(view.filters["filter_min_claimants"]))
    if view.filters.get("filter_search"):
        params["q"] = view.filters["filter_search"]
    if view.place is not None:
        params["place"] = str(view.place)
    if view.mode != "status":
        params["mode"] = view.mode
    if view.zoom is not None:
        params["zoom"] = str(int(view.zoom))
    if view.center is not None:
        params["center"] = f"{view.center[0]:.4f},{view.center[1]:.4f}"
    return params


def view_from_params(params: dict[str, str], defaults: dict) -> View:
    """The view a link asks for; values that do not parse fall back to the defaults."""
    filters = dict(defaults)
    for name, (key, allowed) in _LIST_PARAMS.items():
        if params.get(name):
            filters[key] = [v for v in params[name].split(",") if v in allowed]
    if params.get("sources"):
        filters["filter_sources"] = [s for s in params["sources"].split("\n") if s]
    if params.get("hedged") in HEDGED_CHOICES:
        filters["filter_hedged"] = params["hedged"]
    if params.get("min_claimants", "").isdigit():
        filters["filter_min_claimants"] = max(1, int(params["min_claimants"]))
    if params.get("q"):
        filters["filter_search"] = params["q"]
    place = params.get("place", "")
    return View(
        since=_parse_moment(params.get("since")),
        until=_end_of_minute(_parse_moment(params.get("until"))),
        as_of=_end_of_minute(_parse_moment(params.get("as_of"))),
        filters=filters,
        place=int(place) if place.isdigit() else None,
        mode=params.get("mode") if params.get("mode") in MODES else "status",
        zoom=int(params["zoom"]) if params.get("zoom", "").isdigit() and 0 < int(params["zoom"]) <= 18 else None,
        center=_parse_center(params.get("center", "")),
    )


def _parse_center(text: str) -> tuple[float, float] | None:
    """'lat,lon' within the world's bounds, else None."""
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _parse_moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = pd.Timestamp(text)
    except ValueError:
        return None
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")
    return moment.to_pydatetime()


def _end_of_minute(moment: datetime | None) -> datetime | None:
    """A link's window end or as-of moment, written to the minute, covers that whole minute, as
    when it was typed (`typed_window`): a claim at 16:00:30 stays in a window shared as "16:00"."""
    if moment is None or moment.second or moment.microsecond:
        return moment
    return moment + timedelta(minutes=1) - timedelta(microseconds=1)


# --- the time window ------------------------------------------------------------------

def time_span(status: pd.DataFrame) -> tuple[datetime, datetime] | None:
    """First and last claim time (UTC) over the places of a status frame, or None without any.

    A moment alone is widened by an hour each way, so a window can still move."""
    if status.empty:
        return None
    start = status["first_claim_utc"].min().to_pydatetime()
    end = status["last_claim_utc"].max().to_pydatetime()
    if start == end:
        return start - timedelta(hours=1), end + timedelta(hours=1)
    return start, end


def quick_window(choice: str, span: tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    """The window a quick choice means, ending at the latest claim (not at the wall clock,
    so that an archive of past reports still shows its last day)."""
    start, end = span
    length = QUICK_WINDOWS[choice]
    return (start if length is None else max(start, end - length)), end


def typed_window(since_day, since_time, until_day, until_time) -> tuple[datetime, datetime]:
    """A window typed as UTC days and minutes: from the start of its first minute to the end of
    its last (a claim at 16:00:30 is in a window typed to end at 16:00); typed backwards, swapped."""
    ends = sorted((datetime.combine(since_day, since_time.replace(second=0, microsecond=0), timezone.utc),
                   datetime.combine(until_day, until_time.replace(second=0, microsecond=0), timezone.utc)))
    return ends[0], ends[1] + timedelta(minutes=1) - timedelta(microseconds=1)


def typed_moment(day, minute) -> datetime:
    """A moment typed as a UTC day and minute: the end of that minute, so a status "as of 16:00"
    takes in a claim made at 16:00:30, as a typed window's end does."""
    return typed_window(day, minute, day, minute)[1]


def resolve_window(view: View, span: tuple[datetime, datetime]) -> tuple[datetime, datetime, datetime]:
    """(since, until, as_of) of `view`, clamped into the claims' span; defaults: the whole span."""
    start, end = span
    since = min(max(view.since or start, start), end)
    until = max(min(view.until or end, end), since)
    as_of = min(max(view.as_of or until, start), end)
    return since, until, as_of


# --- places ---------------------------------------------------------------------------

def latest_per_place(window_claims: pd.DataFrame) -> pd.DataFrame:
    """Each located place's latest claim in the window: claimant, side, evidence."""
    located = window_claims[window_claims["geonameid"].notna()]
    return (located.sort_values("time_utc", kind="stable").groupby("geonameid").tail(1)
            .loc[:, ["geonameid", "claimant", "claimant_side", "evidence"]]
            .rename(columns={"claimant": "latest_claimant", "claimant_side": "latest_side",
                             "evidence": "latest_evidence"}).reset_index(drop=True))


def places_shown(status: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """Status rows of the places with claims in the window (those in `latest`, see
    `latest_per_place`) that have a position to draw, with their latest claim."""
    drawable = status[status["lat"].notna() & status["lon"].notna()]
    return drawable.merge(latest, on="geonameid", how="inner").reset_index(drop=True)


def why_no_card(place: dict | None, drawn: bool, filtered: bool, playback: bool) -> str | None:
    """Why the selected place's card does not open on the map (None: it opens). `place`: its row
    of the store's places (`mapdata.place_of`; None: no claim names it); `drawn`: the map shows
    it. A shared link can name a place the map does not draw: the page says so, never nothing."""
    if playback:
        return "Its card opens on the map in the \"status as of\" view."
    if drawn:
        return None
    if place is None:
        return "It is not on the map: no claim names this place."
    if place["lat"] is None or place["lon"] is None or pd.isna(place["lat"]) or pd.isna(place["lon"]):
        return "It is not on the map: it has no point yet (unplaced)."
    kept = " that the filters keep" if filtered else ""
    return f"It is not on the map: no claim about it in this window{kept}. Widen the window to see it."


def is_firm(status: pd.DataFrame) -> pd.Series:
    """Admitted by the losing side, or said by claimants of more than one side without dispute:
    drawn filled; everything else is a claim only, drawn hollow."""
    sides = sum((status[f"n_claimants_{side}"] > 0).astype(int) for side in SIDES)
    return (status["admitted"].astype(bool) | ((sides >= 2) & ~status["disputed"].astype(bool))).fillna(False)


def marker_radius(n_claims: pd.Series) -> pd.Series:
    """Pixels: grows with the log of the number of claims, so one busy town does not hide a region."""
    return (5 + 3 * n_claims.clip(lower=1).map(math.log2)).clip(upper=22).round(1)


# --- playback -------------------------------------------------------------------------

def playback_frames(claims: pd.DataFrame, until: datetime,
                    max_frames: int = PLAYBACK_MAX_FRAMES) -> pd.DataFrame:
    """One frame per place and time bucket: what the latest claim of that bucket says, shown
    from the bucket's start until the place's next frame (or `until`).

    The bucket is the finest of PLAYBACK_BUCKETS that keeps at most `max_frames` frames,
    so the layer's size follows places x buckets, not the number of claims.
    """
    columns = ["geonameid", "place", "lat", "lon", "controller", "n_claims", "start", "end"]
    located = claims[claims["geonameid"].notna() & claims["lat"].notna()]
    if located.empty:
        return pd.DataFrame(columns=columns)
    bucket = _playback_bucket(located, max_frames)
    ordered = located.assign(start=located["time_utc"].dt.floor(bucket)).sort_values("time_utc", kind="stable")
    frames = ordered.groupby(["geonameid", "start"], sort=True).agg(
        place=("place", "last"), lat=("lat", "last"), lon=("lon", "last"),
        controller=("claimed_controller", "last"), n_claims=("claimed_controller", "size")).reset_index()
    # a place's last frame lasts past `until`, so the window's end shows every place
    frames["end"] = frames.groupby("geonameid")["start"].shift(-1).fillna(pd.Timestamp(until) + pd.Timedelta(bucket))
    return frames[columns]


def _playback_bucket(located: pd.DataFrame, max_frames: int) -> str:
    places = located["geonameid"].astype("int64").to_numpy()
    nanoseconds = located["time_utc"].dt.as_unit("ns").astype("int64").to_numpy()
    for bucket in PLAYBACK_BUCKETS[:-1]:
        index = nanoseconds // pd.Timedelta(bucket).value
        # one int64 per (place, bucket): geonameids < 1e8 and bucket indices < 1e10
        if len(pd.unique(places * 10**10 + (index - index.min()))) <= max_frames:
            return bucket
    return PLAYBACK_BUCKETS[-1]


# --- the claims panel -----------------------------------------------------------------

PANEL_COLUMNS = ["time_utc", "when", "place", "claimant", "side", "stance", "hedged", "controller", "claim",
                 "evidence", "report", "report_url"]


def highlight(evidence: str, phrase: str) -> str:
    """`evidence` with the first occurrence of `phrase` (the place as written) marked ⟦…⟧.

    Plain text on purpose: the page shows it as text, never as HTML."""
    if not evidence or not phrase:
        return evidence or ""
    at = evidence.casefold().find(phrase.casefold())
    if at < 0:
        return evidence
    end = at + len(phrase)
    return f"{evidence[:at]}{HIGHLIGHT[0]}{evidence[at:end]}{HIGHLIGHT[1]}{evidence[end:]}"


def claims_panel(claims: pd.DataFrame, place: int | None = None, limit: int | None = None) -> pd.DataFrame:
    """The source claims beside the map, newest first (at most `limit`): of `place` if given, else all.

    `when` is the time as far as it is known (`vocabulary.at_precision`), `claim` what the
    claim says in words ('Russian source denies: Ukraine holds')."""
    if place is not None:
        claims = claims[claims["geonameid"] == place]
    claims = claims.sort_values(["time_utc", "claim_id"], ascending=False).head(limit)
    report = claims["report_title"] if "report_title" in claims else claims["report_id"]
    report = report.astype("string").where(report.astype("string").str.len() > 0, claims["report_id"])
    urls = claims["report_url"] if "report_url" in claims else pd.Series("", index=claims.index, dtype="string")
    evidence = [highlight(e, p) for e, p in zip(claims["evidence"].fillna(""), claims["place_text"].fillna(""))]
    return pd.DataFrame({
        "time_utc": claims["time_utc"],
        "when": vocabulary.times_at_precision(claims["time_utc"], claims["time_precision"]),
        "place": claims["place"],
        "claimant": claims["claimant"],
        "side": claims["claimant_side"],
        "stance": claims["stance"],
        "hedged": claims["hedged"].fillna(False).astype(bool),
        "controller": claims["claimed_controller"],
        "claim": [vocabulary.claim_sentence(*row) for row in zip(
            claims["claimant_side"], claims["stance"], claims["claimed_controller"], claims["change"])],
        "evidence": evidence,
        "report": report,
        "report_url": claimviews.web_links(urls.fillna("")),
    }, columns=PANEL_COLUMNS).reset_index(drop=True)


def latest_per_side(panel: pd.DataFrame) -> pd.DataFrame:
    """The newest claim of each claimant side in a claims panel (newest first): Ukrainian,
    Russian, other, in that order, a side without claims left out (a place's card on the map)."""
    newest = panel.drop_duplicates("side")
    order = newest["side"].map({side: rank for rank, side in enumerate(SIDES)})
    return newest.iloc[order.argsort(kind="stable")].reset_index(drop=True)
