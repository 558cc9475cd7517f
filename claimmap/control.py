"""Who controls a place at a moment, from the claims made up to then.

The rules, per place, over its claims in time order (rejected and unlocated
claims take no part):

- The *recent* claims are those made within `RECENT` before the latest one.
  Status only changes when a claim is made, so "the status as of T" is the
  status after the last claim made at or before T.
- Each claimant counts once, with their latest recent assertion (a claimant who
  first says "approaching" and then "entered" has changed their own story, not
  disagreed with anyone). If those assertions name one controller, that is the
  `controller`; if they disagree, the place is `contested`. With no recent
  assertion, the last assertion ever stands; with none at all, `unknown`.
- `disputed`: a recent denial names another controller than the one found.
- `admitted`: a recent assertion that is an admission (made by the losing side)
  names the controller found.
- `n_claimants_<side>`: distinct claimants of that side among the recent claims.
- `first_claim_utc`: the place's first claim; `first_admission_utc`: the first
  admission naming the current controller; `last_claim_utc`: the latest claim.
"""
from __future__ import annotations

from collections import deque
from datetime import datetime

import pandas as pd

from claimmap.schema import SIDES

RECENT = pd.Timedelta(days=3)
# Bump when the rules above change: stores then recompute their saved status.
RULES_VERSION = "1"

PLACE_COLUMNS = ("geonameid", "place", "lat", "lon", "country_code", "admin1")
STATE_COLUMNS = (
    "controller", "admitted", "disputed", "n_claims",
    "n_claimants_UA", "n_claimants_RU", "n_claimants_unknown",
    "first_claim_utc", "first_admission_utc", "last_claim_utc",
)
STATUS_COLUMNS = PLACE_COLUMNS + STATE_COLUMNS
HISTORY_COLUMNS = PLACE_COLUMNS + ("seq", "claim_id", "time_utc") + STATE_COLUMNS
# What the place page shows beside each status row: the claim that led to it.
CLAIM_DETAIL_COLUMNS = ("claimant", "claimant_side", "stance", "claimed_controller", "change",
                        "hedged", "evidence", "report_id")

DTYPES = {
    "geonameid": "Int64", "place": "string", "lat": "Float64", "lon": "Float64",
    "country_code": "string", "admin1": "string", "seq": "int64", "claim_id": "string",
    "time_utc": "datetime64[ns, UTC]", "controller": "string", "admitted": "bool",
    "disputed": "bool", "n_claims": "int64", "n_claimants_UA": "int64", "n_claimants_RU": "int64",
    "n_claimants_unknown": "int64", "first_claim_utc": "datetime64[ns, UTC]",
    "first_admission_utc": "datetime64[ns, UTC]", "last_claim_utc": "datetime64[ns, UTC]",
}


def as_utc(moment: datetime | str | pd.Timestamp) -> pd.Timestamp:
    """A moment as a UTC timestamp; a naive one is taken to be UTC already."""
    stamp = pd.Timestamp(moment)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def claimant_key(claimant: str) -> str:
    """Claimant names that differ only in case or spacing are one claimant."""
    return " ".join(str(claimant).split()).casefold()


def histories(claims: pd.DataFrame) -> pd.DataFrame:
    """The status of each place after each of its claims (HISTORY_COLUMNS), in time order."""
    usable = claims[claims["geonameid"].notna()]
    if "rejected" in usable:
        usable = usable[~usable["rejected"].fillna(False).astype(bool)]
    usable = usable.sort_values(["geonameid", "time_utc", "claim_id"], kind="stable")
    rows: list[tuple] = []
    for _, place_claims in usable.groupby("geonameid", sort=False):
        rows.extend(_place_rows(place_claims))
    frame = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
    for column in ("time_utc", "first_claim_utc", "first_admission_utc", "last_claim_utc"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame.astype({column: DTYPES[column] for column in HISTORY_COLUMNS})


def _place_rows(place_claims: pd.DataFrame) -> list[tuple]:
    """Walk one place's claims in time order, keeping only the recent ones in a window."""
    rows = []
    window: deque = deque()
    last_asserted = "unknown"
    first_admission: dict[str, pd.Timestamp] = {}
    first_claim = None
    for seq, claim in enumerate(place_claims.itertuples(index=False)):
        time = claim.time_utc
        first_claim = first_claim if first_claim is not None else time
        asserts = claim.stance == "asserts"
        admission = bool(claim.admission) and asserts
        if asserts:
            last_asserted = claim.claimed_controller
        if admission:
            first_admission.setdefault(claim.claimed_controller, time)
        window.append((time, claimant_key(claim.claimant), claim.claimant_side, asserts,
                       claim.claimed_controller, admission))
        while window[0][0] < time - RECENT:
            window.popleft()

        latest_assertion = {key: named for _, key, _, asserting, named, _ in window if asserting}
        asserted = set(latest_assertion.values())
        if len(asserted) > 1:
            asserted.discard("unknown")
        if not asserted:
            controller = last_asserted
        elif len(asserted) == 1:
            controller = asserted.pop()
        else:
            controller = "contested"
        disputed = any(not asserting and named != controller for _, _, _, asserting, named, _ in window)
        admitted = any(admits and named == controller for _, _, _, _, named, admits in window)
        claimants = {side: set() for side in SIDES}
        for _, key, side, *_ in window:
            claimants[side].add(key)
        rows.append((
            claim.geonameid, claim.place, claim.lat, claim.lon, claim.country_code, claim.admin1,
            seq, claim.claim_id, time,
            controller, admitted, disputed, seq + 1,
            len(claimants["UA"]), len(claimants["RU"]), len(claimants["unknown"]),
            first_claim, first_admission.get(controller), time,
        ))
    return rows


def status_as_of(claims: pd.DataFrame, as_of: datetime | str | pd.Timestamp) -> pd.DataFrame:
    """One row per place (STATUS_COLUMNS): its status from the claims made up to `as_of`."""
    up_to_then = claims[claims["time_utc"] <= as_utc(as_of)]
    history = histories(up_to_then)
    return (history.groupby("geonameid", sort=True).tail(1)
            .loc[:, list(STATUS_COLUMNS)].reset_index(drop=True))


def place_history(claims: pd.DataFrame, geonameid: int) -> pd.DataFrame:
    """The status of one place after each of its claims, beside the claim that led to it."""
    place_claims = claims[claims["geonameid"] == geonameid]
    history = histories(place_claims)
    details = place_claims.loc[:, ["claim_id", *CLAIM_DETAIL_COLUMNS]]
    return history.merge(details, on="claim_id", how="left")
