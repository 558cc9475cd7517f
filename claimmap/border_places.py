"""Villages of Russia's border regions that reports name and GeoNames' cities500 lacks.

`data/places_border_ru.csv` is curated by hand (each row with its district, its point's precision,
where it stands and the source of that point) and loaded beside `gazetteer.csv` at every load, like
the overrides: a rebuild of the gazetteer keeps them. An analyst pins one exactly with an override row
giving its geonameid (`border_place_id`, shown by `resolve`), name, lat and lon.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import pandas as pd

from claimmap import names
from claimmap.schema import LOCATION_PRECISIONS, checked_point

BORDER_PLACES_PATH = Path(__file__).resolve().parents[1] / "data" / "places_border_ru.csv"
COLUMNS = ("name", "alternate_names", "country_code", "admin1", "district", "lat", "lon",
           "location_precision", "placed_at", "source")


def border_place_id(name: str, district: str) -> int:
    """700,000,000 + crc32("name|district") mod 10^8: stable while the row names the same village
    (never a GeoNames id, below 20,000,000, an override's, 800,000,000+, or a region's, 900,000,000+)."""
    return 700_000_000 + zlib.crc32(f"{name.strip()}|{district.strip()}".encode()) % 100_000_000


def border_places(path: Path | None = None) -> pd.DataFrame:
    """The curated rows as gazetteer rows (the gazetteer's columns, `admin1_code` left to the caller).
    A row that cannot be read is a clear ValueError naming it."""
    path = Path(path or BORDER_PLACES_PATH)
    if not path.exists():
        return pd.DataFrame()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    missing = set(COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
    rows = []
    for row in frame.itertuples():
        lat, lon = checked_point(f"{path.name}: {row.name!r}", row.lat, row.lon)
        if row.location_precision not in LOCATION_PRECISIONS[:2]:
            raise ValueError(f"{path.name}: {row.name!r}: location_precision must be exact or approximate")
        rows.append({"geonameid": border_place_id(row.name, row.district), "name": row.name,
                     "ascii_name": names.ascii_name(row.name), "alternate_names": row.alternate_names,
                     "lat": lat, "lon": lon, "country_code": row.country_code.upper(), "admin1": row.admin1,
                     "feature": "settlement", "population": 0, "raion": row.district, "hromada": "",
                     "location_precision": row.location_precision, "placed_at": row.placed_at})
    return pd.DataFrame(rows)
