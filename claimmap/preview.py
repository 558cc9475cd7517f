"""The analyst's check of extracted claims before they are saved.

`preview_frame` lays claims out as an editable table (one row per claim, keyed
by claim id); `apply_preview` reads the edited table back. An edit is checked
like any claim (the schema's value lists), a changed place is looked up in the
gazetteer, and a bad edit is reported per row instead of being saved half-right.

Edits come back as changes per claim id, so the page can save them as analyst
corrections (`Store.correct_claim`, `Store.reject_claim`): claim ids stay those
of the extraction, and re-extracting the report later keeps what the analyst fixed.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from claimmap.schema import Claim, claims_frame

# The columns the analyst sees, in order; only EDITABLE ones can be changed.
PREVIEW_COLUMNS = (
    "place", "geonameid", "place_text", "time_utc", "time_text", "claimed_controller", "change",
    "actor", "claimant", "claimant_side", "stance", "hedged", "admission", "evidence",
)
EDITABLE = (
    "place", "geonameid", "claimed_controller", "change", "actor", "claimant", "claimant_side",
    "stance", "hedged", "admission",
)


@dataclass(frozen=True)
class PreviewResult:
    claims: list[Claim]              # the kept rows, as the analyst left them (ids as extracted)
    changes: dict[str, dict]         # claim id -> {field: new value}, only for edited rows
    dropped: list[str]               # claim ids of the rows the analyst removed
    errors: list[str]                # one line per row that could not be applied


def preview_frame(claims: list[Claim]) -> pd.DataFrame:
    """The claims as the analyst edits them: indexed by claim id, schema dtypes."""
    frame = claims_frame(claims).set_index("claim_id")
    return frame[list(PREVIEW_COLUMNS)]


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _cell(value):
    """An edited cell as a plain Python value (numpy/pandas scalars unwrapped, blanks as None)."""
    if _blank(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _place_fields(claim: Claim, row: pd.Series, gazetteer) -> dict:
    """The place columns for an edited row: a new geonameid wins over a new name; {} if unchanged."""
    geonameid, name = _cell(row["geonameid"]), _cell(row["place"])
    if geonameid is not None and int(geonameid) != claim.geonameid:
        place = gazetteer.get(int(geonameid))
        if place is None:
            raise ValueError(f"no place with geonameid {int(geonameid)} in the gazetteer")
    elif name is not None and str(name).strip() != claim.place:
        place = gazetteer.resolve(str(name).strip(), context=claim.evidence).place
        if place is None:
            raise ValueError(f"{str(name).strip()!r} is not a place the gazetteer knows "
                             "(add it on the Gazetteer page, or give its geonameid)")
    else:
        return {}
    return {"place": place.name, "geonameid": place.geonameid, "lat": place.lat, "lon": place.lon,
            "country_code": place.country_code, "admin1": place.admin1}


def _edited_claim(claim: Claim, row: pd.Series, gazetteer) -> Claim:
    changes = {field: _cell(row[field]) for field in EDITABLE if field not in ("place", "geonameid")}
    changes["claimant"] = (changes["claimant"] or "").strip()
    # The extractor leaves the claimant empty where the report names none (its own words, an
    # unattributed post): kept as it came. Only a claimant the analyst cleared is an error.
    if not changes["claimant"] and claim.claimant.strip():
        raise ValueError("claimant is empty (type who makes the claim, or drop the row)")
    if not changes["claimant"]:
        changes["claimant"] = claim.claimant
    changes.update(_place_fields(claim, row, gazetteer))
    return dataclasses.replace(claim, **changes)  # the schema checks the value lists


def apply_preview(claims: list[Claim], edited: pd.DataFrame, gazetteer) -> PreviewResult:
    """The claims as the analyst left the preview: rows missing from `edited` are dropped."""
    kept, changes, dropped, errors = [], {}, [], []
    for claim in claims:
        if claim.claim_id not in edited.index:
            dropped.append(claim.claim_id)
            continue
        try:
            edited_claim = _edited_claim(claim, edited.loc[claim.claim_id], gazetteer)
        except (ValueError, TypeError) as error:
            errors.append(f"{claim.place_text} ({claim.evidence[:60]}…): {error}")
            continue
        kept.append(edited_claim)
        changed = {field: value for field, value in dataclasses.asdict(edited_claim).items()
                   if getattr(claim, field) != value}
        if changed:
            changes[claim.claim_id] = changed
    return PreviewResult(kept, changes, dropped, errors)
