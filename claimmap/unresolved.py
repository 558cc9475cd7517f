"""Names the extractor could not place, gathered over the stored reports, and the overrides that fix them.

Extraction keeps each report's unresolved names (with candidate places) in the
store. The analyst fixes a name once, as a gazetteer override: an alias of a
place the gazetteer knows, or a new place. Re-extracting the reports that
mention the name then resolves it there.
"""
from __future__ import annotations

import pandas as pd

UNRESOLVED_COLUMNS = ("name", "mentions", "report_ids", "candidates", "contexts")
CONTEXT_CHARS = 80  # characters either side of a mention shown to the analyst


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
