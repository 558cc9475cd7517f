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

import itertools
from collections import Counter, deque
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

import pandas as pd

from claimmap.schema import SIDES

RECENT = pd.Timedelta(days=3)
_RECENT_NANOS = RECENT.value
# Bump when the rules above change: stores then recompute their saved status.
RULES_VERSION = "2"  # 2: places carry their location_precision

PLACE_COLUMNS = ("geonameid", "place", "lat", "lon", "country_code", "admin1", "location_precision")
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
    "country_code": "string", "admin1": "string", "location_precision": "string", "seq": "int64", "claim_id": "string",
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


# The claim fields the rules read, in the order `_place_rows` unpacks them.
_INPUT_COLUMNS = (*PLACE_COLUMNS, "claim_id", "time_utc", "claimant", "claimant_side", "stance",
                  "claimed_controller", "admission")


def histories(claims: pd.DataFrame) -> pd.DataFrame:
    """The status of each place after each of its claims (HISTORY_COLUMNS), in time order."""
    frame = pd.DataFrame(history_rows(claims), columns=list(HISTORY_COLUMNS))
    for column in ("time_utc", "first_claim_utc", "first_admission_utc", "last_claim_utc"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame.astype({column: DTYPES[column] for column in HISTORY_COLUMNS})


def history_rows(claims: pd.DataFrame) -> list[tuple]:
    """`histories` as plain tuples (HISTORY_COLUMNS), grouped by place, each place's in time order:
    for the store, which writes them as they are."""
    usable = claims[claims["geonameid"].notna()]
    if "rejected" in usable:
        usable = usable[~usable["rejected"].fillna(False).astype(bool)]
    usable = usable.sort_values(["geonameid", "time_utc", "claim_id"], kind="stable")
    # Plain Python rows: walking a DataFrame row by row costs far more than the rules themselves.
    # The window is kept in integer nanoseconds: Timestamp arithmetic per claim costs more than the rules.
    nanos = pd.DatetimeIndex(usable["time_utc"]).as_unit("ns").asi8.tolist()
    claim_rows = zip(*(usable[column].tolist() for column in _INPUT_COLUMNS), nanos)
    rows: list[tuple] = []
    for _, place_claims in itertools.groupby(claim_rows, key=lambda row: row[0]):
        rows.extend(_place_rows(place_claims))
    return rows


class _Recent(NamedTuple):
    seq: int
    nanos: int          # its time, in nanoseconds since the epoch
    claimant: str
    side: str
    asserts: bool
    named: str          # the controller the claim names
    admission: bool


class _RecentClaims:
    """One place's claims within RECENT of its latest, with running tallies: O(1) per claim
    however many claims a busy place gets within the window."""

    def __init__(self) -> None:
        self.window: deque[_Recent] = deque()
        self.claimants = {side: Counter() for side in SIDES}  # claimant -> their claims in the window
        self.latest: dict[str, _Recent] = {}                  # claimant -> their latest recent assertion
        self.asserted = Counter()   # controller -> claimants whose latest recent assertion names it
        self.denied = Counter()     # controller -> recent denials naming it
        self.admitted = Counter()   # controller -> recent admissions naming it

    def add(self, claim: _Recent) -> None:
        self.window.append(claim)
        self.claimants[claim.side][claim.claimant] += 1
        if claim.asserts:
            if (previous := self.latest.get(claim.claimant)) is not None:
                _decrement(self.asserted, previous.named)
            self.latest[claim.claimant] = claim
            self.asserted[claim.named] += 1
        else:
            self.denied[claim.named] += 1
        if claim.admission:
            self.admitted[claim.named] += 1
        while self.window[0].nanos < claim.nanos - _RECENT_NANOS:
            self._drop(self.window.popleft())

    def _drop(self, old: _Recent) -> None:
        _decrement(self.claimants[old.side], old.claimant)
        if not old.asserts:
            _decrement(self.denied, old.named)
        elif self.latest.get(old.claimant) is old:  # the oldest was their latest: none of theirs is left
            del self.latest[old.claimant]
            _decrement(self.asserted, old.named)
        if old.admission:
            _decrement(self.admitted, old.named)

    def controller(self, last_asserted: str) -> str:
        asserted = set(self.asserted)
        if len(asserted) > 1:
            asserted.discard("unknown")
        if not asserted:
            return last_asserted
        return asserted.pop() if len(asserted) == 1 else "contested"


def _decrement(counter: Counter, key) -> None:
    counter[key] -= 1
    if not counter[key]:
        del counter[key]


def _place_rows(place_claims: Iterable[tuple]) -> list[tuple]:
    """Walk one place's claims (_INPUT_COLUMNS rows and the time in nanoseconds, in time order): the status after each."""
    rows = []
    recent = _RecentClaims()
    last_asserted = "unknown"
    first_admission: dict[str, pd.Timestamp] = {}
    first_claim = None
    for seq, claim in enumerate(place_claims):
        *place, claim_id, time, claimant, side, stance, named, admission, nanos = claim
        first_claim = first_claim if first_claim is not None else time
        asserts = stance == "asserts"
        admission = bool(admission) and asserts
        if asserts:
            last_asserted = named
        if admission:
            first_admission.setdefault(named, time)
        recent.add(_Recent(seq, nanos, claimant_key(claimant), side, asserts, named, admission))
        controller = recent.controller(last_asserted)
        rows.append((
            *place, seq, claim_id, time,
            controller, recent.admitted[controller] > 0, any(other != controller for other in recent.denied),
            seq + 1, len(recent.claimants["UA"]), len(recent.claimants["RU"]), len(recent.claimants["unknown"]),
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
