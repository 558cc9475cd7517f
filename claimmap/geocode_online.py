"""Optional online lookups in OpenStreetMap's Nominatim: a name the gazetteer lacks, or a point
proposed for a village the gazetteer places only approximately.

Off by default and never used in tests: claimmap works fully offline. It is used only where
the analyst asks for it: `python -m claimmap resolve` with the environment variable
CLAIMMAP_ONLINE_GEOCODE=1, or the Gazetteer page's "place it" with online lookup switched on
(on by default there when that variable is set). Requests go through one geopy RateLimiter (one
a second, Nominatim's usage policy) and every answer, found or not, is cached on disk, so a
query is asked once. A proposed point is only a proposal: the analyst confirms it or not, and
its source (Nominatim's name for the place and its OpenStreetMap id) is kept with the pin.
"""
from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Callable

from claimmap.atomicfile import write_bytes_atomically
from claimmap.gazetteer import CACHE_DIR, Place, override_id
from claimmap.placement import PIN_SOURCE, Pin, pin

CACHE_PATH = CACHE_DIR / "geocode_online.json"
USER_AGENT = "claimmap/0.1 (conflict claim mapping tool)"
COUNTRY_CODES = ("ua", "ru", "by")
SOURCE = "OpenStreetMap Nominatim (data © OpenStreetMap contributors, ODbL)"
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")

Geocode = Callable[..., object]  # geopy's geocode: (query, **options) -> Location | None


def enabled() -> bool:
    return os.environ.get("CLAIMMAP_ONLINE_GEOCODE") == "1"


@functools.cache
def _nominatim() -> Geocode:
    """One rate-limited geocoder per process, so that every lookup keeps to one request a second."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    return RateLimiter(Nominatim(user_agent=USER_AGENT, timeout=10).geocode, min_delay_seconds=1.0)


def _answer(query: str | dict, country_codes: tuple[str, ...], cache_path: Path | None, geocode: Geocode | None
            ) -> dict | None:
    """Nominatim's raw answer (a settlement) for `query`, from the cache or else asked once and cached."""
    cache_path = cache_path or CACHE_PATH
    cache = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    text = query if isinstance(query, str) else json.dumps(query, ensure_ascii=False, sort_keys=True)
    key = f"{text.strip().casefold()}|{','.join(country_codes)}"
    if key not in cache:
        found = (geocode or _nominatim())(query, country_codes=list(country_codes), addressdetails=True,
                                          featuretype="settlement")
        cache[key] = found.raw if found else None
        # Whole or not at all: another process may be reading it (a lost entry is only asked again).
        write_bytes_atomically(cache_path, json.dumps(cache, ensure_ascii=False).encode("utf-8"))
    return cache[key]


def lookup(name: str, country_codes: tuple[str, ...] = COUNTRY_CODES, cache_path: Path | None = None,
           geocode: Geocode | None = None) -> Place | None:
    """The settlement Nominatim finds for `name` in those countries, or None."""
    raw = _answer(name, country_codes, cache_path, geocode)
    if not raw:
        return None
    lat, lon = float(raw["lat"]), float(raw["lon"])
    address = raw.get("address", {})
    place_name = raw.get("name") or raw["display_name"].split(",")[0]
    return Place(override_id(place_name, lat, lon), place_name, place_name, lat, lon,
                 address.get("country_code", "").upper(), "", address.get("state", ""), "settlement", 0)


def local_name(place: Place, names: list[str]) -> str:
    """The place's name in its country's script (OpenStreetMap's `name`): a Ukrainian spelling for
    Ukraine (with і, ї, є or ґ where one has them), else the first Cyrillic one, else its own."""
    cyrillic = [name for name in names if _CYRILLIC.search(name)]
    ukrainian = [name for name in cyrillic if _UKRAINIAN_LETTERS.search(name)]
    return next(iter((ukrainian if place.country_code == "UA" else []) + cyrillic), place.name)


def place_queries(place: Place, names: list[str]) -> list[dict]:
    """Nominatim structured queries for a settlement, most specific first: its local name in its raion
    and oblast, in its oblast, then its Latin name in its oblast (raions and oblasts carry English
    names in OpenStreetMap, "Bakhmut Raion", "Donetsk Oblast")."""
    local = local_name(place, names)
    queries = []
    for city, county in ((local, place.raion), (local, ""), (place.name, "")):
        query = {key: value for key, value in (("city", city), ("county", county), ("state", place.admin1))
                 if value}
        if query not in queries:
            queries.append(query)
    return queries


def propose(place: Place, names: list[str], cache_path: Path | None = None, geocode: Geocode | None = None
            ) -> Pin | None:
    """A point Nominatim gives for the settlement (the first query of `place_queries` it answers), as a
    pin for the analyst to confirm, its source said; None when it knows no such place."""
    country = (place.country_code.lower(),)
    for query in place_queries(place, names):
        raw = _answer(query, country, cache_path, geocode)
        if raw:
            where = f"{raw.get('display_name', '')} ({raw.get('osm_type', '')} {raw.get('osm_id', '')})"
            return pin(place, raw["lat"], raw["lon"], source=f"{PIN_SOURCE}, proposed by {SOURCE}: {where}")
    return None
