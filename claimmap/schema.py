"""The claim: one statement, by one claimant, about who controls one place.

This is the single definition of a claim. The extractor produces `Claim`s, the
store persists their fields as columns, exports write `CLAIM_COLUMNS` in this
order, and the app reads DataFrames with exactly these columns.
"""
from __future__ import annotations

import dataclasses
import hashlib
import zlib
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

EXTRACTOR_VERSION = "0.1.0"

# The two sides of the war; a claimant or actor of neither is "unknown", a place held by neither "contested".
BELLIGERENTS = ("UA", "RU")
SIDES = (*BELLIGERENTS, "unknown")
CONTROLLERS = (*BELLIGERENTS, "contested", "unknown")
CHANGES = ("entered", "captured", "withdrew", "holds", "approaching", "encircled", "contested")
STANCES = ("asserts", "denies")
TIME_PRECISIONS = ("minute", "hour", "day", "month", "report")
_OPPOSITE = dict(zip(BELLIGERENTS, reversed(BELLIGERENTS)))


def opposite(side: str) -> str:
    """The other belligerent ("UA" -> "RU"); "unknown" for anything else."""
    return _OPPOSITE.get(side, "unknown")


# How well lat/lon place the claim's settlement: a GeoNames point (also a village's own point from
# GeoNames' postal codes) or an analyst's pin; the centre of its hromada or raion (a village without
# a point of its own); no point (name and hierarchy only,
# or a name that stayed unresolved).
LOCATION_PRECISIONS = ("exact", "approximate", "unplaced")


@dataclass(frozen=True)
class Claim:
    """One control claim, with the words it rests on.

    Times are timezone-aware UTC. `time_text` is the phrase the time came from
    ("0135 EST"), empty when the claim has no time of its own and takes the
    report's (`time_precision == "report"`).
    """

    claim_id: str            # stable: same report, place, span and change give the same id
    report_id: str           # sha256 prefix of the verbatim report text, see `report_id_for`
    place: str               # gazetteer name of the place
    place_text: str          # the place as written in the report ("Изюме", "the city")
    geonameid: int | None
    lat: float | None
    lon: float | None
    country_code: str
    admin1: str              # admin-1 (oblast) name
    time_utc: datetime
    time_text: str
    time_precision: str      # one of TIME_PRECISIONS
    claimed_controller: str  # one of CONTROLLERS: who holds the place after this claim
    change: str              # one of CHANGES
    actor: str               # whose troops act in the claim: one of SIDES
    claimant: str            # who makes the claim, as the report names them
    claimant_side: str       # one of SIDES
    stance: str              # one of STANCES
    hedged: bool             # the text itself marks the claim as unconfirmed
    admission: bool          # made by the side that, by the claim, loses the place
    evidence: str            # the sentence (or clause) the claim comes from
    char_start: int          # offsets of `evidence` in the verbatim report text
    char_end: int
    location_precision: str = "exact"  # one of LOCATION_PRECISIONS
    extractor_version: str = EXTRACTOR_VERSION

    def __post_init__(self) -> None:
        for field, allowed in (
            ("time_precision", TIME_PRECISIONS),
            ("claimed_controller", CONTROLLERS),
            ("change", CHANGES),
            ("actor", SIDES),
            ("claimant_side", SIDES),
            ("stance", STANCES),
            ("location_precision", LOCATION_PRECISIONS),
        ):
            value = getattr(self, field)
            if value not in allowed:
                raise ValueError(f"{field}={value!r} is not one of {allowed}")
        if self.time_utc.tzinfo is None or self.time_utc.utcoffset().total_seconds() != 0:
            raise ValueError(f"time_utc must be timezone-aware UTC, got {self.time_utc!r}")
        if not 0 <= self.char_start <= self.char_end:
            raise ValueError(f"bad evidence span {self.char_start}..{self.char_end}")


CLAIM_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Claim))

# pandas dtypes for a claims DataFrame; nullable types so that a missing
# geonameid (unresolved place) does not turn the column into floats.
CLAIM_DTYPES: dict[str, str] = {
    "claim_id": "string",
    "report_id": "string",
    "place": "string",
    "place_text": "string",
    "geonameid": "Int64",
    "lat": "Float64",
    "lon": "Float64",
    "country_code": "string",
    "admin1": "string",
    "time_utc": "datetime64[ns, UTC]",
    "time_text": "string",
    "time_precision": "string",
    "claimed_controller": "string",
    "change": "string",
    "actor": "string",
    "claimant": "string",
    "claimant_side": "string",
    "stance": "string",
    "hedged": "boolean",
    "admission": "boolean",
    "evidence": "string",
    "char_start": "Int64",
    "char_end": "Int64",
    "location_precision": "string",
    "extractor_version": "string",
}
assert tuple(CLAIM_DTYPES) == CLAIM_COLUMNS

# An analyst's gazetteer override: the columns of `data/gazetteer_overrides.csv` and of the store's table.
OVERRIDE_COLUMNS = ("alias", "geonameid", "name", "lat", "lon", "country_code", "admin1", "feature", "note")


def checked_point(what: str, lat: str, lon: str) -> tuple[float, float]:
    """A hand-written WGS84 point (an override's, a curated place's) as floats; a clear ValueError
    starting with `what` (the row it came from) where it is no number or no point on Earth."""
    try:
        lat_value, lon_value = float(lat), float(lon)
    except (TypeError, ValueError):  # TypeError: none given
        raise ValueError(f"{what}: lat/lon must be numbers") from None
    if not (-90 <= lat_value <= 90 and -180 <= lon_value <= 180):
        raise ValueError(f"{what}: lat {lat_value}, lon {lon_value} is no point on Earth")
    return lat_value, lon_value


def override_id(name: str, lat: float, lon: float) -> int:
    """Id of a place an analyst adds without a GeoNames id: 800,000,000 + crc32 of
    "name|lat|lon" (4 decimals) mod 10^8 (regions use 900,000,000+, GeoNames < 20,000,000)."""
    return 800_000_000 + zlib.crc32(f"{name.strip()}|{lat:.4f}|{lon:.4f}".encode()) % 100_000_000


def report_id_for(text: str) -> str:
    """The id of a report: the first 16 hex digits of the sha256 of its verbatim text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def claim_id_for(report_id: str, geonameid: int | None, place: str, char_start: int,
                 change: str, claimant: str) -> str:
    key = f"{report_id}|{geonameid or place}|{char_start}|{change}|{claimant}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def claims_frame(claims: list[Claim] | None = None, records: list[dict] | None = None) -> pd.DataFrame:
    """A DataFrame with exactly the claim columns and dtypes, from Claims or plain dicts."""
    rows = [dataclasses.asdict(c) for c in claims or ()] + list(records or ())
    frame = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    if frame.empty:
        return frame.astype(CLAIM_DTYPES)
    frame["time_utc"] = pd.to_datetime(frame["time_utc"], utc=True)
    return frame.astype(CLAIM_DTYPES)
