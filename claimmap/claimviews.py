"""What the analyst's pages show of a claims table: the shared filters, counts per day by side, downloads.

Pure functions over a claims DataFrame (`store.claims()` columns); the pages
only draw what comes back.
"""
from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd

from claimmap import exports
from claimmap.schema import SIDES
from claimmap import vocabulary
from claimmap.vocabulary import COLUMN_LABELS  # noqa: F401  (the Upload page reads it from here)

# Columns a free-text search looks in: what its box says, "place, claimant, evidence" (the place
# also as written in the report).
SEARCHED = ("place", "place_text", "claimant", "evidence")


def web_links(urls: pd.Series) -> pd.Series:
    """Only http(s) addresses stay clickable: a stored `javascript:` or `data:` URL becomes empty."""
    return urls.where(urls.astype("string").str.match(r"(?i)https?://", na=False), "")


def filter_claims(claims: pd.DataFrame, filters: dict) -> pd.DataFrame:
    """The claims the analyst's shared filters keep (keys as `appstate.FILTER_DEFAULTS`; empty lists keep all)."""
    keep = pd.Series(True, index=claims.index)
    if filters.get("filter_sides"):
        keep &= claims["claimant_side"].isin(filters["filter_sides"])
    if filters.get("filter_changes"):
        keep &= claims["change"].isin(filters["filter_changes"])
    hedged = filters.get("filter_hedged", "all")
    if hedged != "all":
        keep &= claims["hedged"].fillna(False) == (hedged == "hedged")
    if filters.get("filter_sources") and "report_source" in claims:
        keep &= claims["report_source"].isin(filters["filter_sources"])
    search = (filters.get("filter_search") or "").strip()
    if search:
        found = pd.Series(False, index=claims.index)
        for column in SEARCHED:
            if column in claims:
                found |= claims[column].astype("string").str.contains(search, case=False, regex=False).fillna(False)
        keep &= found
    kept = claims[keep]
    min_claimants = int(filters.get("filter_min_claimants") or 1)
    if min_claimants > 1:
        # A place counts when that many different claimants speak of it (among the kept claims).
        place_key = kept["geonameid"].astype("string").fillna(kept["place"])
        claimants = kept.groupby(place_key)["claimant"].transform("nunique")
        kept = kept[claimants >= min_claimants]
    return kept


ALL_DAYS_UP_TO = 200_000  # located claims the Claims page reads at once by default
LATEST_DAYS = 30          # what it starts with beyond that


def default_days(first: date, last: date, n_claims: int) -> tuple[date, date]:
    """The Claims page's first choice of days: all of them, unless the store is too big to read at once."""
    if n_claims <= ALL_DAYS_UP_TO:
        return first, last
    return max(first, last - timedelta(days=LATEST_DAYS - 1)), last


def claims_per_day(claims: pd.DataFrame, side: str = "claimant_side") -> pd.DataFrame:
    """Claims per UTC day, one column per side (UA, RU, unknown), days without claims as 0."""
    if claims.empty:
        return pd.DataFrame(columns=list(SIDES), index=pd.DatetimeIndex([], name="day"), dtype="int64")
    days = claims["time_utc"].dt.tz_convert("UTC").dt.tz_localize(None).dt.floor("D").rename("day")
    counts = claims.groupby([days, claims[side].astype(str)]).size().unstack(fill_value=0)
    every_day = pd.date_range(counts.index.min(), counts.index.max(), freq="D", name="day")
    return counts.reindex(index=every_day, columns=list(SIDES), fill_value=0)


# Download formats: file suffix -> (name, MIME type, the exports writer, the buffer it writes into).
DOWNLOADS = {
    "csv": ("CSV", "text/csv", exports.write_csv, io.StringIO),
    "geojson": ("GeoJSON", "application/geo+json", exports.write_geojson, io.StringIO),
    "parquet": ("Parquet", "application/vnd.apache.parquet", exports.write_parquet, io.BytesIO),
}


def download_bytes(claims: pd.DataFrame, fmt: str) -> bytes:
    """The claims as a file of this format (a key of DOWNLOADS), written by the exports module."""
    _, _, write, buffer_type = DOWNLOADS[fmt]
    buffer = buffer_type()
    write(claims, buffer)
    data = buffer.getvalue()
    return data.encode("utf-8") if isinstance(data, str) else data


def status_changes(history: pd.DataFrame) -> pd.DataFrame:
    """The rows of a place's history (`control.place_history`) where its controller changed, the first included."""
    changed = history["controller"].ne(history["controller"].shift()).fillna(True).astype(bool)  # first: NA
    return history[changed]


def history_points(claims: pd.DataFrame) -> pd.DataFrame:
    """A place's claims as points of its history chart, in words: time, time as known, claimant
    side, claimed controller, stance, and `slot`, the claim's rank among claims of the same
    minute and side, so that two such claims sit side by side instead of one on the other."""
    minute = claims["time_utc"].dt.floor("min")
    side = claims["claimant_side"].astype(str)
    return pd.DataFrame({
        "time_utc": claims["time_utc"],
        "when": vocabulary.times_at_precision(claims["time_utc"], claims["time_precision"]),
        "side": side.map(lambda s: vocabulary.SIDE_LABELS.get(s, s)),
        "controller": claims["claimed_controller"].astype(str).map(lambda c: vocabulary.CONTROLLER_LABELS.get(c, c)),
        "stance": claims["stance"].astype(str),
        "slot": claims.groupby([minute, side]).cumcount(),
        "claimant": claims["claimant"].astype(str),
        "change": claims["change"].astype(str),
        "hedged": claims["hedged"].fillna(False).astype(bool),
        "evidence": claims["evidence"].astype(str),
    })
