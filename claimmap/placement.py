"""Placing a village exactly: the analyst's pin for a place known only approximately or not at all.

The gazetteer knows every Ukrainian settlement by name, but places most villages only at the
centre of their hromada or raion (`approximate`) or not at all (`unplaced`). The analyst clicks
where the village is, or confirms a point an online lookup proposed (`geocode_online.propose`);
the pin is kept as a gazetteer override (the place's own geonameid and name, the point, the note
"analyst pin", who and when), so it survives rebuilds of gazetteer.csv, and re-extracting the
stored reports with claims about the place gives those claims the exact point.

Pure functions and store calls; the Gazetteer page only draws. Who placed it is a plain
parameter (`placed_by`): the app passes its signed-in analyst, else the local user name.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
from geopy.distance import great_circle

from claimmap.gazetteer import Place
from claimmap.schema import checked_point

PIN_SOURCE = "analyst pin"
IMPRECISE = ("approximate", "unplaced")
# A pin this far from the point the place's hromada or raion gives it asks for a second look: a
# hromada spans some 10-30 km, a raion up to about 80 km from its centre.
FAR_KM = 60.0
IMPRECISE_COLUMNS = ("geonameid", "place", "raion", "admin1", "country_code", "location_precision",
                     "placed_at", "claims", "pinned")
EVERYTHING = datetime(2200, 1, 1, tzinfo=timezone.utc)  # "as of" after every claim


@dataclass(frozen=True)
class Pin:
    """A proposed exact point for a place, and where the point came from."""

    place: Place
    lat: float
    lon: float
    source: str = PIN_SOURCE  # a click ("analyst pin"), or an online lookup the analyst confirmed

    @property
    def distance_km(self) -> float | None:
        """How far the pin is from the place's approximate point (None for an unplaced place)."""
        if not self.place.placed:
            return None
        return great_circle((self.place.lat, self.place.lon), (self.lat, self.lon)).km

    def warning(self) -> str:
        """A reason to look again before saving, or ''."""
        distance = self.distance_km
        if distance is None or distance <= FAR_KM:
            return ""
        return (f"The point is {distance:,.0f} km from {self.place.placed_at or 'where the gazetteer had it'}: "
                f"check that it is this {self.place.name} ({where(self.place)}).")


def where(place: Place) -> str:
    """Its raion (or district), oblast and country: what tells namesakes apart."""
    return ", ".join(part for part in (place.raion, place.admin1, place.country_code) if part)


def place_label(place: Place) -> str:
    """A place as an analyst picks it for placing: name, where, how it is placed now."""
    return f"{place.name} ({where(place)}; {place.location_precision})"


def pin(place: Place | None, lat, lon, source: str = PIN_SOURCE) -> Pin:
    """The analyst's point for `place`, checked (a clear ValueError for a bad one)."""
    if place is None:
        raise ValueError("no such place in the gazetteer")
    if place.feature == "region":
        raise ValueError(f"{place.name} is a region, not a settlement: only settlements are placed by a pin")
    lat, lon = checked_point(f"the point for {place.name}", lat, lon)
    return Pin(place, lat, lon, source.strip() or PIN_SOURCE)


def pin_override(pinned: Pin) -> dict:
    """The override row that keeps the pin: the place's own id and name, at the point, exact."""
    place = pinned.place
    return {"alias": place.name, "geonameid": place.geonameid, "name": place.name,
            "lat": round(pinned.lat, 5), "lon": round(pinned.lon, 5), "country_code": place.country_code,
            "admin1": place.admin1, "feature": "settlement", "note": pinned.source}


def reports_about(store, geonameid: int) -> list[str]:
    """The stored reports with claims about the place (rejected ones too: re-extraction keeps them so)."""
    claims = store.claims(geonameid=int(geonameid), include_rejected=True)
    return sorted(set(claims["report_id"]))


def save_pin(store, pinned: Pin, placed_by: str) -> list[str]:
    """Keep the pin as an override by `placed_by` (the time is recorded), and move the claims an analyst
    corrected there (re-extraction keeps those as they are); the reports to re-extract."""
    row = pin_override(pinned)
    store.add_override(row, added_by=placed_by)
    store.place_corrected_claims(pinned.place.geonameid, row["lat"], row["lon"], "exact")
    return reports_about(store, pinned.place.geonameid)


def imprecise_places(store, gazetteer) -> pd.DataFrame:
    """The places with claims whose claims stand at an approximate point or at none, most claims first
    (IMPRECISE_COLUMNS). `pinned`: the gazetteer now has it exactly (an analyst placed it), and its
    reports still wait for re-extraction."""
    status = store.status_as_of(EVERYTHING)
    status = status[status["location_precision"].isin(IMPRECISE)]
    rows = []
    for row in status.itertuples():
        place = gazetteer.get(int(row.geonameid))
        rows.append({"geonameid": int(row.geonameid), "place": row.place,
                     "raion": place.raion if place else "", "admin1": row.admin1,
                     "country_code": row.country_code, "location_precision": row.location_precision,
                     "placed_at": place.placed_at if place else "", "claims": int(row.n_claims),
                     "pinned": place is not None and place.location_precision == "exact"})
    frame = pd.DataFrame(rows, columns=list(IMPRECISE_COLUMNS))
    return frame.sort_values(["claims", "place"], ascending=[False, True], ignore_index=True)
