"""Optional online fallback: ask OpenStreetMap's Nominatim for a name the gazetteer lacks.

Off by default and never used in tests: claimmap works fully offline. It is used
only where a caller asks for it (`python -m claimmap resolve` with the environment
variable CLAIMMAP_ONLINE_GEOCODE=1). Requests go through geopy's RateLimiter (one a
second, Nominatim's usage policy) and every answer, found or not, is cached on disk
so a name is asked once.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from claimmap.atomicfile import write_bytes_atomically
from claimmap.gazetteer import CACHE_DIR, Place, override_id

CACHE_PATH = CACHE_DIR / "geocode_online.json"
USER_AGENT = "claimmap/0.1 (conflict claim mapping tool)"


def enabled() -> bool:
    return os.environ.get("CLAIMMAP_ONLINE_GEOCODE") == "1"


def lookup(name: str, country_codes: tuple[str, ...] = ("ua", "ru", "by"),
           cache_path: Path = CACHE_PATH) -> Place | None:
    """The settlement Nominatim finds for `name` in those countries, or None."""
    cache = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    key = f"{name.strip().casefold()}|{','.join(country_codes)}"
    if key not in cache:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        geocode = RateLimiter(Nominatim(user_agent=USER_AGENT, timeout=10).geocode, min_delay_seconds=1.0)
        found = geocode(name, country_codes=list(country_codes), addressdetails=True, featuretype="settlement")
        cache[key] = found.raw if found else None
        # Whole or not at all: another process may be reading it (a lost entry is only asked again).
        write_bytes_atomically(cache_path, json.dumps(cache, ensure_ascii=False).encode("utf-8"))
    raw = cache[key]
    if not raw:
        return None
    lat, lon = float(raw["lat"]), float(raw["lon"])
    address = raw.get("address", {})
    place_name = raw.get("name") or raw["display_name"].split(",")[0]
    return Place(override_id(place_name, lat, lon), place_name, place_name, lat, lon,
                 address.get("country_code", "").upper(), "", address.get("state", ""), "settlement", 0)
