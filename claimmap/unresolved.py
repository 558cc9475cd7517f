"""Names the extractor could not place, gathered over the stored reports, and the overrides that fix them.

Extraction keeps each report's unresolved names (with candidate places) in the
store. The analyst fixes a name once, as a gazetteer override: an alias of a
place the gazetteer knows, or a new place. Re-extracting the reports that
mention the name then resolves it there: the reports to offer for that are read from the store
(`fixable_reports`), so the offer outlives the browser session that made the fix. Keeping a fix
(`keep_override`) and re-extracting the reports it fixes (`reextract_reports`) are the Gazetteer
page's flows, here so the CLI could run them too.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import pandas as pd
from geopy.distance import great_circle

from claimmap import ingest
from claimmap import names as namekeys
from claimmap.gazetteer import Place, in_theatre

UNRESOLVED_COLUMNS = ("name", "mentions", "report_ids", "candidates", "contexts")
CONTEXT_CHARS = 80  # characters either side of a mention shown to the analyst
# A namesake this close to the report's other places, and twice as close as the next, is the one preselected.
NEAR_KM = 100.0


def _context(text: str, start: int, end: int) -> str:
    """The passage around a mention, whole words only, the mention in [brackets]."""
    before = text[max(0, start - CONTEXT_CHARS):start]
    after = text[end:end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS:
        before = "…" + before.split(maxsplit=1)[-1] if " " in before.strip() else before
    if end + CONTEXT_CHARS < len(text):
        after = after.rsplit(maxsplit=1)[0] + "…" if " " in after.strip() else after
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def unresolved_names(store) -> pd.DataFrame:
    """One row per unresolved name (as written), most mentioned first: how often, in which reports,
    the candidate geonameids the extractor saw, and a few passages around it."""
    found: dict[str, dict] = {}
    texts: dict[str, str] = {}  # read only for the passages shown: a store may hold many reports
    for report_id, unresolved in store.unresolved():
        for name in unresolved:
            entry = found.setdefault(name["name"], {"name": name["name"], "mentions": 0, "report_ids": [],
                                                    "candidates": [], "contexts": []})
            entry["mentions"] += 1
            if report_id not in entry["report_ids"]:
                entry["report_ids"].append(report_id)
            entry["candidates"] += [g for g in name["candidates"] if g not in entry["candidates"]]
            if len(entry["contexts"]) < 3:
                if report_id not in texts:
                    texts[report_id] = store.report(report_id)["text"]
                entry["contexts"].append(_context(texts[report_id], name["char_start"], name["char_end"]))
    frame = pd.DataFrame(list(found.values()), columns=list(UNRESOLVED_COLUMNS))
    return frame.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)


def alias_override(alias: str, geonameid: int, note: str = "") -> dict:
    """An override row saying reports' `alias` means the known place `geonameid`."""
    return {"alias": alias.strip(), "geonameid": int(geonameid), "note": note}


def new_place_override(alias: str, *, name: str, lat: float, lon: float, country_code: str, admin1: str,
                       note: str = "") -> dict:
    """An override row adding a settlement the gazetteer lacks, written in reports as `alias`."""
    return {"alias": alias.strip(), "name": (name or alias).strip(), "lat": float(lat), "lon": float(lon),
            "country_code": country_code.strip().upper(), "admin1": admin1.strip(), "feature": "settlement",
            "note": note}


def place_label(place: Place) -> str:
    """A place as an analyst picks it: name, where, size and id."""
    where = ", ".join(part for part in (place.admin1, place.country_code) if part)
    return f"{place.name} ({where}; pop. {place.population:,}; id {place.geonameid})"


def fix_options(written: str, candidates: list[Place], near: Iterable[tuple[float, float]] = (),
                names_of: Callable[[Place], list[str]] | None = None) -> tuple[list[Place], int | None]:
    """The places an analyst may pick for the unresolved name `written`, best first, and the one to preselect.

    Settlements only (claims are about them), each once, ranked: those in the theatre of the war
    first; among them the same name family first (the name, or one of `names_of(place)`, in any
    case or romanisation: "Кліщіївки" and "Klishchiyivka" are Klishchiivka's; a spelling neighbour
    such as Kulishivka is not); then the nearest to the report's other places (`near`, their
    lat/lon), else in the extractor's order. Preselected is only a plausible place, a namesake in the theatre: the one
    there is, or the one clearly nearest the report's other places (within NEAR_KM, the next at
    least twice as far). Never a far namesake or a spelling neighbour ("Kuleshovka (Rostov Oblast)"
    for "Klishchiivka"), and nothing when no place, or several alike, are plausible: None then.
    """
    unique = {place.geonameid: place for place in candidates if place is not None and place.feature != "region"}
    points = [(lat, lon) for lat, lon in near if lat == lat and lon == lon]  # (NaN: an unplaced place)
    family = {geonameid: _same_family(written, place, names_of) for geonameid, place in unique.items()}
    distance = {geonameid: _nearest_km(place, points) for geonameid, place in unique.items()}
    ordered = sorted(unique.values(), key=lambda place: (  # stable: the extractor's order breaks ties
        not in_theatre(place), not family[place.geonameid], distance[place.geonameid]))
    plausible = [i for i, place in enumerate(ordered) if family[place.geonameid] and in_theatre(place)]
    if len(plausible) == 1:
        return ordered, plausible[0]
    if len(plausible) > 1 and points:
        first, second = (distance[ordered[i].geonameid] for i in plausible[:2])
        if first <= NEAR_KM and second >= 2 * first:
            return ordered, plausible[0]
    return ordered, None


def _same_family(written: str, place: Place, names_of: Callable[[Place], list[str]] | None) -> bool:
    """Is `place` named `written`: one of its names in any romanisation, and in Cyrillic in any case form
    ("Кліщіївки")? English does not inflect names: "Izyumsk" is no form of Izyum, nor of Izyumske."""
    inflected = not written.isascii()
    key = (namekeys.stem if inflected else str)(namekeys.fold(written))
    own = [place.name, place.ascii_name, *(names_of(place) if names_of else [])]
    return any((namekeys.stem if inflected else str)(namekeys.fold(name)) == key for name in own if name)


def _nearest_km(place: Place, points: list[tuple[float, float]]) -> float:
    """Kilometres from `place` to the nearest of `points` (inf without a point on either side)."""
    if not points or not place.placed:
        return math.inf
    return min(great_circle((place.lat, place.lon), point).km for point in points)


def report_points(store, report_ids: list[str], limit: int = 5) -> list[tuple[float, float]]:
    """Where the claims of (the first `limit` of) these stored reports stand: what a fix is ranked near."""
    points = []
    for report_id in report_ids[:limit]:
        located = store.claims(report_id=report_id)[["lat", "lon"]].dropna()
        points += list(zip(located["lat"].astype(float), located["lon"].astype(float)))
    return points


def fixable_reports(store, gazetteer) -> pd.DataFrame:
    """Stored reports with unresolved names that an analyst's override now resolves (report_id, title,
    names), newest first: the reports to re-extract so the fix shows on the map."""
    aliases = {namekeys.fold(alias) for alias in store.overrides()["alias"]}
    rows = []
    for report_id, unresolved in store.unresolved() if aliases else ():
        fixed = sorted({name["name"] for name in unresolved if namekeys.fold(name["name"]) in aliases
                        and gazetteer.resolve(name["name"]).place is not None})
        if fixed:
            rows.append({"report_id": report_id, "names": fixed})
    frame = pd.DataFrame(rows, columns=["report_id", "names"])
    titles = store.reports().set_index("report_id")["title"] if rows else pd.Series(dtype=str)
    return frame.assign(title=frame["report_id"].map(titles))[["report_id", "title", "names"]]


def keep_override(store, row: dict, reload_gazetteer: Callable[[], object]) -> tuple[str, str]:
    """Keep an override row and reload the gazetteer with it (`reload_gazetteer` gives the new one):
    ("success", what the name now means), or ("warning", why it still does not resolve). A row the
    store refuses raises its ValueError, and nothing is kept."""
    store.add_override(row)
    resolved = reload_gazetteer().resolve(row["alias"]).place
    if resolved is None:  # saved, but other places share the name and the gazetteer still cannot tell them apart
        return "warning", (f"Saved, but {row['alias']!r} is still ambiguous to the gazetteer "
                           "(other places share the name).")
    return "success", f"Saved: reports' {row['alias']!r} now means {place_label(resolved)}."


def reextract_reports(store, report_ids: list[str], gazetteer, worker=None,
                      progress: Callable[[int, int], None] | None = None) -> tuple[list[str], str]:
    """Re-run extraction on the stored reports (those an override now fixes, `fixable_reports`):
    (one line per report that failed, a summary of what changed)."""
    results = ingest.reextract_many(store, report_ids, gazetteer, worker, progress)
    failed = [f"{r.report_id}: {r.error}" for r in results if r.status != "extracted"]
    changed = sum(len(r.changes.added) + len(r.changes.changed) for r in results)
    return failed, f"Re-extracted {len(results) - len(failed)} reports: {changed} claims added or changed."
