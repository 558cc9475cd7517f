"""Which geonameids name a place, read without loading the gazetteer: an analyst's alias must point at
one of them, since an override naming no place would break every later load (the store checks it)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from claimmap.border_places import border_places
from claimmap.schema import override_id

REPO = Path(__file__).resolve().parents[1]
GAZETTEER_PATH = REPO / "gazetteer.csv"
OVERRIDES_PATH = REPO / "data" / "gazetteer_overrides.csv"


def _override_place_ids(rows: pd.DataFrame) -> set[int]:
    """The places override rows add or pin (those with name, lat and lon): their own id, or the one made for them."""
    ids = set()
    text = rows.astype(object).where(rows.notna(), "").astype(str)  # the store's ids come as Int64, which takes no ""
    for row in text.itertuples():
        if row.name.strip() and row.lat.strip() and row.lon.strip():
            ids.add(int(float(row.geonameid)) if row.geonameid.strip() else
                    override_id(row.name, float(row.lat), float(row.lon)))
    return ids


@lru_cache(maxsize=4)
def _gazetteer_file_ids(path: str, mtime_ns: int) -> frozenset[int]:
    """The ids of the gazetteer file, read once per version of it (every alias an analyst adds is checked)."""
    return frozenset(pd.read_csv(path, usecols=["geonameid"])["geonameid"].astype(int))


def known_place_ids(extra_overrides: pd.DataFrame | None = None, gazetteer_path: Path = GAZETTEER_PATH,
                    overrides_path: Path = OVERRIDES_PATH) -> set[int]:
    """Every place id the gazetteer will hold: its file's, the border villages', and those of the places
    the overrides file and `extra_overrides` (the store's rows) add."""
    ids = set(_gazetteer_file_ids(str(gazetteer_path), Path(gazetteer_path).stat().st_mtime_ns))
    border = border_places()
    if not border.empty:
        ids |= set(border["geonameid"].astype(int))
    frames = [pd.read_csv(overrides_path, dtype=str, keep_default_na=False, comment="#")] if overrides_path.exists() else []
    for frame in [*frames, extra_overrides]:
        if frame is not None and len(frame):
            ids |= _override_place_ids(frame)
    return ids
