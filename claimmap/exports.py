"""Claims out (CSV, GeoJSON, Parquet, ACLED-like CSV) and ACLED's CSV export in.

Every writer takes a claims DataFrame (`Store.claims()` or `schema.claims_frame()`),
CLAIM_COLUMNS first. CSV cells that a spreadsheet would run as a formula are
defused with a leading single quote (OWASP's advice for CSV injection).

ACLED in: territory-change events ("Government regains territory", "Non-state
actor overtakes territory") become claims by the claimant "ACLED" (side unknown,
change `captured`, controller from actor1), each pointing at its CSV record in
the imported file, which is stored as the report's verbatim text.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO

import pandas as pd
from geopy.distance import geodesic

from claimmap.reportlocks import LOCK_FILE_SUFFIX
from claimmap.schema import BELLIGERENTS, CLAIM_COLUMNS, Claim, claim_id_for, opposite, report_id_for

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# RFC 4180 line ends; with them the csv writer also quotes fields holding a lone CR.
CSV_LINE_END = "\r\n"

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
                 "geo_precision", "source", "notes", "timestamp")
ACLED_REQUIRED = ("event_id_cnty", "event_date", "sub_event_type", "actor1", "location", "latitude", "longitude")
ACLED_TERRITORY_CHANGES = ("Government regains territory", "Non-state actor overtakes territory")
ACLED_EXTRACTOR = "acled-import"
ACLED_MAX_BYTES = 500_000_000
ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")
# The gazetteer's place stands for ACLED's location only if it lies this close to ACLED's point.
ACLED_MATCH_KM = 15.0
# ACLED's geo_precision: 1 the place itself, 2 near it or within its district, 3 a larger region.
ACLED_GEO_PRECISION = {"exact": 1, "approximate": 2, "unplaced": 3}
MILITARY_FORCES = {"UA": "Military Forces of Ukraine", "RU": "Military Forces of Russia"}
COUNTRY_NAMES = {"UA": "Ukraine", "RU": "Russia", "BY": "Belarus"}
# Lower-case fragments of ACLED actor names and the side they fight for.
ACTOR_SIDES = (
    ("ukrain", "UA"),
    ("russia", "RU"), ("wagner", "RU"), ("donetsk people", "RU"), ("luhansk people", "RU"),
)


class AcledFormatError(ValueError):
    """The file is not an ACLED CSV export we can read; the message says where and why."""


# -- where claims go -------------------------------------------------------------------------

SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite keeps beside a database while it is in use.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:  # absent, a folder, unreadable: not a database we could harm
        return False


def check_output_path(output: str | Path, store_url: str) -> None:
    """Raise ValueError if writing an export to `output` would overwrite a database: the
    store's SQLite file or a file beside it, any other SQLite database, or its -wal/-shm/-journal."""
    import sqlalchemy as sa

    output = Path(output).resolve()
    url = sa.make_url(store_url)
    if url.get_backend_name() == "sqlite" and url.database:
        store = Path(url.database).resolve()
        store_files = {store.with_name(store.name + suffix) for suffix in ("", *SQLITE_COMPANIONS, LOCK_FILE_SUFFIX)}
        if output in store_files:
            raise ValueError(f"{output} is the store ({store}) or one of its files: export to another file")
    if _is_sqlite(output):
        raise ValueError(f"{output} is a SQLite database: export to another file")
    for companion in SQLITE_COMPANIONS:
        if output.name.endswith(companion) and _is_sqlite(output.with_name(output.name[:-len(companion)])):
            raise ValueError(f"{output} belongs to a SQLite database: export to another file")


# -- claims out ------------------------------------------------------------------------------

def ordered(claims: pd.DataFrame) -> pd.DataFrame:
    """CLAIM_COLUMNS first, then whatever else the frame carries (report title, corrected...)."""
    extra = [column for column in claims.columns if column not in CLAIM_COLUMNS]
    return claims.loc[:, [*CLAIM_COLUMNS, *extra]]


def defuse(value):
    """A text cell a spreadsheet would read as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_datetime64_any_dtype(safe[column])):
            safe[column] = safe[column].astype(object).map(defuse)
    return safe


def write_csv(claims: pd.DataFrame, out: IO[str] | str | Path) -> None:
    """Claims as CSV (times in ISO 8601 UTC), safe to open in a spreadsheet."""
    spreadsheet_safe(ordered(claims)).to_csv(out, index=False, date_format="%Y-%m-%dT%H:%M:%SZ",
                                              lineterminator=CSV_LINE_END)


def _plain(value):
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def geojson(claims: pd.DataFrame) -> dict:
    """A FeatureCollection with a Point per located claim; properties are the claim columns.
    Claims without coordinates (unresolved places) have no point and are left out."""
    located = ordered(claims)
    located = located[located["lat"].notna() & located["lon"].notna()]
    features = [
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
         "properties": {key: _plain(value) for key, value in row.items()}}
        for row in located.astype(object).to_dict("records")
    ]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(claims: pd.DataFrame, out: IO[str]) -> None:
    json.dump(geojson(claims), out, ensure_ascii=False)


def write_parquet(claims: pd.DataFrame, path: str | Path) -> None:
    ordered(claims).to_parquet(path, engine="pyarrow", index=False)


def _acled_sub_event(change: str, controller: str) -> tuple[str, str]:
    if change in ("captured", "entered", "withdrew") and controller in MILITARY_FORCES:
        # ACLED codes the Ukrainian state's gains as the government regaining territory.
        return "Battles", ("Government regains territory" if controller == "UA"
                           else "Non-state actor overtakes territory")
    return "Battles", "Armed clash"


def acled_frame(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims in ACLED's export columns (ACLED_COLUMNS), for tools that read ACLED data."""
    rows = []
    for claim in claims.itertuples(index=False):
        event_type, sub_event_type = _acled_sub_event(claim.change, claim.claimed_controller)
        gaining = claim.claimed_controller if claim.claimed_controller in MILITARY_FORCES else claim.actor
        other = opposite(gaining) if gaining in BELLIGERENTS else ""
        rows.append({
            "event_id_cnty": f"CM{claim.claim_id}",
            "event_date": claim.time_utc.strftime("%Y-%m-%d"),
            "year": claim.time_utc.year,
            "time_precision": 3 if claim.time_precision == "month" else 1,  # ACLED: 1 day, 2 week, 3 month
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actor1": MILITARY_FORCES.get(gaining, ""),
            "actor2": MILITARY_FORCES.get(other, ""),
            "country": COUNTRY_NAMES.get(claim.country_code, claim.country_code),
            "admin1": claim.admin1,
            "location": claim.place,
            "latitude": claim.lat,
            "longitude": claim.lon,
            "geo_precision": ACLED_GEO_PRECISION.get(claim.location_precision, 3) if pd.notna(claim.geonameid) else 3,
            "source": claim.claimant,
            "notes": f"{claim.claimant} ({claim.claimant_side}) {claim.stance}"
                     f"{' (hedged)' if claim.hedged else ''}: {claim.evidence}",
            "timestamp": int(claim.time_utc.timestamp()),
        })
    return pd.DataFrame(rows, columns=list(ACLED_COLUMNS))


def write_acled(claims: pd.DataFrame, out: IO[str] | str | Path) -> None:
    spreadsheet_safe(acled_frame(claims)).to_csv(out, index=False, lineterminator=CSV_LINE_END)


# -- ACLED in --------------------------------------------------------------------------------

@dataclass(frozen=True)
class AcledImport:
    claims: list[Claim]
    n_events: int        # records in the file
    n_skipped: int       # records that are not territory changes
    last_date: date | None


class _CountingLines:
    """Lines of a text for csv.reader, remembering where the last line handed out ends."""

    def __init__(self, text: str):
        self._lines = io.StringIO(text, newline="")
        self.end = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.end += len(line)
        return line


def csv_records(text: str):
    """(line number, fields, start, end) of each CSV record, with its character span in `text`."""
    lines = _CountingLines(text)
    reader = csv.reader(lines, strict=True)
    start = 0
    try:
        for fields in reader:
            end = len(text[start:lines.end].rstrip("\r\n")) + start
            yield reader.line_num, fields, start, end
            start = lines.end
    except csv.Error as error:
        raise AcledFormatError(f"line {reader.line_num}: malformed CSV ({error})") from error


def actor_side(actor: str) -> str:
    lowered = actor.lower()
    return next((side for fragment, side in ACTOR_SIDES if fragment in lowered), "unknown")


def _event_date(text: str, line: int) -> date:
    for pattern in ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise AcledFormatError(f"line {line}: event_date {text!r} is not a date (expected e.g. 2022-09-10)")


def _coordinate(text: str, name: str, limit: float, line: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise AcledFormatError(f"line {line}: {name} {text!r} is not a number") from None
    if not -limit <= value <= limit:
        raise AcledFormatError(f"line {line}: {name} {value} is out of range")
    return value


def _place_near(gazetteer, location: str, context: str, lat: float, lon: float):
    """The gazetteer's settlement for ACLED's location name, if it is where ACLED puts it."""
    place = gazetteer.resolve(location, context=context).place
    if place is None or geodesic((lat, lon), (place.lat, place.lon)).km > ACLED_MATCH_KM:
        return None
    return place


def acled_claims(text: str, gazetteer) -> AcledImport:
    """Claims from the text of an ACLED CSV export; raises AcledFormatError on malformed input."""
    records = csv_records(text)
    header = next(records, None)
    if header is None:
        raise AcledFormatError("the file is empty")
    columns = [name.strip().lower() for name in header[1]]
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:  # which of two columns would be the event's is anyone's guess: refuse both
        raise AcledFormatError(f"line 1: column(s) {', '.join(repeated)} appear more than once")
    missing = [name for name in ACLED_REQUIRED if name not in columns]
    if missing:
        raise AcledFormatError(f"not an ACLED export: missing column(s) {', '.join(missing)}")
    report_id = report_id_for(text)
    claims: list[Claim] = []
    n_events = n_skipped = 0
    last_date = None
    for line, fields, start, end in records:
        if not any(value.strip() for value in fields):
            continue
        if len(fields) != len(columns):
            raise AcledFormatError(f"line {line}: {len(fields)} fields, the header has {len(columns)}")
        event = dict(zip(columns, fields))
        n_events += 1
        if event["sub_event_type"].strip() not in ACLED_TERRITORY_CHANGES:
            n_skipped += 1
            continue
        day = _event_date(event["event_date"], line)
        last_date = max(last_date or day, day)
        lat = _coordinate(event["latitude"], "latitude", 90, line)
        lon = _coordinate(event["longitude"], "longitude", 180, line)
        location = event["location"].strip()
        admin1 = event.get("admin1", "").strip()
        place = _place_near(gazetteer, location, f"{admin1}, {event.get('country', '')}", lat, lon)
        controller = actor_side(event["actor1"])
        record_text = text[start:end]
        notes = event.get("notes", "").strip()
        # Evidence is ACLED's note as the file writes it (quotes doubled inside a quoted field),
        # else the whole record.
        written = notes.replace('"', '""')
        offset = record_text.find(written) if notes else -1
        evidence_start, evidence_end = ((start + offset, start + offset + len(written)) if offset >= 0
                                        else (start, end))
        geonameid = place.geonameid if place else None
        claims.append(Claim(
            claim_id=claim_id_for(report_id, geonameid, location, evidence_start, "captured", "ACLED"),
            report_id=report_id,
            place=place.name if place else location,
            place_text=location,
            geonameid=geonameid,
            lat=place.lat if place else lat,
            lon=place.lon if place else lon,
            country_code=place.country_code if place else "",
            admin1=place.admin1 if place else admin1,
            location_precision=place.location_precision if place else "exact",  # else ACLED's own point
            time_utc=datetime(day.year, day.month, day.day, tzinfo=timezone.utc),
            time_text=event["event_date"].strip(),
            time_precision="day",
            claimed_controller=controller,
            change="captured",
            actor=controller,
            claimant="ACLED",
            claimant_side="unknown",
            stance="asserts",
            hedged=False,
            admission=False,
            evidence=text[evidence_start:evidence_end],
            char_start=evidence_start,
            char_end=evidence_end,
            extractor_version=ACLED_EXTRACTOR,
        ))
    return AcledImport(claims, n_events, n_skipped, last_date)
