"""The analysts' overrides (`data/gazetteer_overrides.csv` and the store's rows) and the curated
border villages, applied to the gazetteer's rows before they are indexed."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

from claimmap import names
from claimmap.border_places import border_places
from claimmap.gazetteer.places import override_id
from claimmap.gazetteer_build import ALIAS_SEPARATOR, GAZETTEER_COLUMNS
from claimmap.schema import OVERRIDE_COLUMNS, checked_point


def read_overrides(path: Path | None, extra: pd.DataFrame | None) -> pd.DataFrame:
    frames = []
    if path is not None and Path(path).exists():
        frames.append(pd.read_csv(path, dtype=str, keep_default_na=False, comment="#"))
    if extra is not None and len(extra):
        frames.append(extra.astype(str).replace({"nan": "", "<NA>": "", "None": ""}))
    if not frames:
        return pd.DataFrame(columns=list(OVERRIDE_COLUMNS))
    frame = pd.concat(frames, ignore_index=True).reindex(columns=list(OVERRIDE_COLUMNS)).fillna("")
    return frame.apply(lambda column: column.str.strip())


def _override_id(row) -> int:
    try:
        return int(float(row.geonameid))
    except ValueError:
        raise ValueError(f"override {row.alias or row.name!r}: geonameid {row.geonameid!r} is not a number") from None


def apply_overrides(frame: pd.DataFrame, overrides: pd.DataFrame
                     ) -> tuple[pd.DataFrame, dict[int, list[str]], dict[int, list[str]]]:
    """Add the overrides' new places to the rows; return them with the GeoNames alternate
    names per place and the names analysts gave per place (aliases, and the names of the
    places they added). A row that cannot be read is a clear ValueError naming it."""
    admin1_codes = dict(zip(zip(frame["country_code"], frame["admin1"]), frame["admin1_code"]))
    new_rows = []
    for row in overrides.itertuples():
        if not row.name:
            continue
        lat, lon = checked_point(f"override {row.name!r}", row.lat, row.lon)
        if row.feature not in ("", "settlement", "region"):
            raise ValueError(f"override {row.name!r}: feature must be settlement or region, not {row.feature!r}")
        geonameid = _override_id(row) if row.geonameid else override_id(row.name, lat, lon)
        new_rows.append({"geonameid": geonameid, "name": row.name, "ascii_name": names.ascii_name(row.name),
                         "alternate_names": row.alias if row.alias != row.name else "", "lat": lat,
                         "lon": lon, "country_code": row.country_code.upper(),
                         "admin1_code": admin1_codes.get((row.country_code.upper(), row.admin1), ""),
                         "admin1": row.admin1, "feature": row.feature or "settlement", "population": 0,
                         "raion": "", "hromada": "", "location_precision": "exact", "placed_at": ""})
    # An analyst's pin for a known place (a village placed approximately, or unplaced) moves it and
    # keeps what was known of it: its other names, raion and hromada. Its own name does not become the
    # analyst's choice (a pinned Andriivka is not every Andriivka); an alias given beside it does.
    known_rows = frame.set_index("geonameid")
    analyst_names: dict[int, list[str]] = defaultdict(list)
    for new in new_rows:
        analyst_names[new["geonameid"]] += list(filter(None, [new["alternate_names"]]))
        if new["geonameid"] in known_rows.index:
            old = known_rows.loc[new["geonameid"]]
            new["alternate_names"] = ALIAS_SEPARATOR.join(filter(None, [old["alternate_names"], new["alternate_names"]]))
            new["raion"], new["hromada"] = old["raion"], old["hromada"]
            new["population"] = int(old["population"])
        else:
            analyst_names[new["geonameid"]].insert(0, new["name"])
    if new_rows:
        frame = pd.concat([frame[~frame["geonameid"].isin([r["geonameid"] for r in new_rows])],
                           pd.DataFrame(new_rows)], ignore_index=True)
    aliases = {int(gid): alts.split(ALIAS_SEPARATOR) for gid, alts in zip(frame["geonameid"], frame["alternate_names"])
               if alts}
    known = set(frame["geonameid"].astype(int))
    for row in overrides.itertuples():
        if row.alias and not row.name:
            if not row.geonameid:
                raise ValueError(f"override alias {row.alias!r}: give the geonameid of its place, or name/lat/lon")
            geonameid = _override_id(row)
            if geonameid not in known:
                raise ValueError(f"override alias {row.alias!r}: no place with geonameid {geonameid}")
            analyst_names[geonameid].append(row.alias)
    return frame, aliases, dict(analyst_names)


def with_border_places(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with the curated villages of Russia's border regions (see border_places) beside them."""
    border = border_places()
    if border.empty:
        return frame
    admin1_codes = dict(zip(zip(frame["country_code"], frame["admin1"]), frame["admin1_code"]))
    border["admin1_code"] = [admin1_codes.get(key, "") for key in zip(border["country_code"], border["admin1"])]
    return pd.concat([frame, border.reindex(columns=list(GAZETTEER_COLUMNS))], ignore_index=True)
