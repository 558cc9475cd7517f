"""The words and colours every page uses for the claims, written once.

Column headings, help texts, what a controller, side, stance or change is called,
the colours of controllers and sides, counts with their nouns, and times shown at the
precision they are known to. The pages and the map take them from here, so that the
map, the claims table and a place's history speak alike.
"""
from __future__ import annotations

import pandas as pd

# Who holds a place, by a claim or by the status; the map's colours.
CONTROLLER_LABELS = {"UA": "Ukraine", "RU": "Russia", "contested": "contested", "unknown": "unknown"}
COLOURS = {"UA": "#1f5fbf", "RU": "#d62728", "contested": "#f28e0c", "unknown": "#7f7f7f"}
# Whose word a claim is (a claimant's side).
SIDE_LABELS = {"UA": "Ukrainian", "RU": "Russian", "unknown": "other"}
# How a stance is drawn in charts, and its legend's words (a Vega expression over the stance).
STANCE_SHAPES = {"asserts": "circle", "denies": "square"}
STANCE_LEGEND = "datum.label == 'denies' ? 'denies (says it is NOT so)' : 'asserts'"
# What a claim says of the place, by its claimed controller.
HOLDER_PHRASES = {"UA": "held by Ukraine", "RU": "held by Russia", "contested": "contested",
                  "unknown": "holder unknown"}

# Column headings in the analyst's words, for every table of claims or place status.
COLUMN_LABELS = {
    "time_utc": "Time (UTC)", "place": "Place", "place_text": "As written", "admin1": "Oblast",
    "geonameid": "GeoNames id", "claimed_controller": "Controller after", "change": "Change",
    "actor": "Troops of", "claimant": "Claimant", "claimant_side": "Claimant side", "stance": "Stance",
    "hedged": "Hedged", "admission": "Admission", "evidence": "Evidence", "time_text": "Time as written",
    "time_precision": "Time precision", "report_title": "Report", "report_source": "Source",
    "report_url": "Report link", "corrected": "Corrected", "claim_id": "Claim id",
    "controller": "Status after", "admitted": "Admitted", "disputed": "Disputed",
    "n_claimants_UA": "UA claimants", "n_claimants_RU": "RU claimants", "n_claimants_unknown": "Other claimants",
    "n_claims": "Claims", "report_date": "Report date", "uploaded_by": "Uploaded by",
    "corrected_by": "Corrected by",
}
HELP = {
    "claimed_controller": "who holds the place, by this claim",
    "hedged": "the text itself marks the claim as unconfirmed",
    "admission": "made by the side that, by the claim, loses the place",
    "controller": "controller by the claims made up to then",
    "stance": "'denies': the claimant says the claimed controller does NOT hold the place",
    "corrected_by": "the analyst who last corrected or rejected the claim",
}
# Ids that are not GeoNames': analyst-added places (gazetteer.override_id, 800,000,000+)
# and regions (900,000,000+).
OWN_IDS_FROM = 800_000_000
FIRM = "admitted or corroborated"
CLAIMED_ONLY = "claimed only"
APPROXIMATE = "approximate location: drawn at its hromada's or raion's centre"
APPROXIMATE_SHORT = "approximate location"

# strftime formats of a claim's time, by what the text says of it (schema.TIME_PRECISIONS).
TIME_FORMATS = {"minute": "%-d %b %Y %H:%M", "hour": "%-d %b %Y %H:00", "day": "%-d %b %Y",
                "month": "%b %Y", "report": "%-d %b %Y"}

_PLURALS = {"claim": "claims", "place": "places", "claimant": "claimants", "report": "reports"}


def count(n: int, noun: str) -> str:
    """'1 claim', '2 claims', '1,234 places'."""
    return f"{n:,} {noun if n == 1 else _PLURALS.get(noun, noun + 's')}"


def at_precision(moment, precision) -> str:
    """A time as far as it is known: '14 Sep 2023' for a day, '14 Sep 2023 09:30' for a minute."""
    if moment is None or pd.isna(moment):
        return ""
    return pd.Timestamp(moment).strftime(TIME_FORMATS.get(str(precision), TIME_FORMATS["minute"]))


def times_at_precision(moments: pd.Series, precisions: pd.Series) -> pd.Series:
    """`at_precision` over columns (UTC times and their precisions)."""
    return pd.Series([at_precision(m, p) for m, p in zip(moments, precisions)], index=moments.index, dtype="string")


def claim_sentence(claimant_side, stance, controller, change) -> str:
    """What a claim says, readable at a glance: 'Russian source denies: held by Russia (holds)'."""
    side = SIDE_LABELS.get(str(claimant_side), str(claimant_side))
    says = "source denies:" if str(stance) == "denies" else "source:"
    holder = HOLDER_PHRASES.get(str(controller), str(controller))
    return f"{side.capitalize()} {says} {holder} ({change})"


def claimants_by_side(place) -> str:
    """How many claimants of each side speak of a place (a status row): 'Ukrainian 2 · Russian 1'."""
    counts = ((side, getattr(place, f"n_claimants_{side}")) for side in SIDE_LABELS)
    return " · ".join(f"{SIDE_LABELS[side]} {n}" for side, n in counts if n)


def place_id_text(geonameid) -> str:
    """How a place's id is shown: GeoNames ids as such, never an id of our own as if it were one."""
    if geonameid is None or pd.isna(geonameid):
        return "not placed"
    return "no GeoNames id" if int(geonameid) >= OWN_IDS_FROM else f"GeoNames {int(geonameid)}"


def geonames_ids(ids: pd.Series) -> pd.Series:
    """A column of place ids with only GeoNames' own left (ours, of added places and regions, blank)."""
    return ids.where(ids < OWN_IDS_FROM)
