"""Command line: `python -m claimmap COMMAND ...`.

Each command is a small function that parses nothing itself: it takes the
argparse namespace, calls the package, and prints. Errors the user can fix
are raised as `UserError` and printed on stderr with exit code 1.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime

from claimmap import usercli


# One rule for every command that reads report files.
SIDECAR_RULE = "a NAME.json beside a report file gives its own date and zone, which win"


def default_jobs() -> int:
    """ingest's --jobs: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class UserError(Exception):
    """A problem with the user's input: printed as one clear line, exit 1."""


def cmd_gazetteer_build(args: argparse.Namespace) -> int:
    from claimmap.gazetteer import GAZETTEER_PATH
    from claimmap.gazetteer_build import build_gazetteer, write_gazetteer

    countries = [code for code in args.countries.split(",") if code.strip()]
    if not countries or any(len(code.strip()) != 2 or not code.strip().isalpha() for code in countries):
        raise UserError(f"--countries wants ISO two-letter codes like UA,RU,BY, got {args.countries!r}")
    try:
        frame = build_gazetteer(countries)
    except ValueError as error:
        raise UserError(str(error)) from None
    write_gazetteer(frame, GAZETTEER_PATH)
    regions = int((frame["feature"] == "region").sum())
    print(f"wrote {GAZETTEER_PATH}: {len(frame) - regions} settlements, {regions} regions "
          f"({', '.join(sorted(frame['country_code'].unique()))})")
    return 0


def _place_json(place) -> dict:
    placed = place.location_precision != "unplaced"  # an unplaced village has no point: null, not NaN
    return {"geonameid": place.geonameid, "name": place.name, "lat": place.lat if placed else None,
            "lon": place.lon if placed else None, "country_code": place.country_code, "admin1": place.admin1,
            "raion": place.raion, "hromada": place.hromada, "location_precision": place.location_precision,
            "placed_at": place.placed_at, "feature": place.feature, "population": place.population}


def cmd_resolve(args: argparse.Namespace) -> int:
    import json

    from claimmap.gazetteer import load_gazetteer

    from claimmap import geocode_online

    try:
        gazetteer = load_gazetteer()
    except (FileNotFoundError, ValueError) as error:  # no gazetteer.csv, or a bad override row
        raise UserError(str(error)) from None
    resolution = gazetteer.resolve(args.name, context=args.context)
    candidates = [{**_place_json(c.place), "score": c.score, "reasons": c.reasons}
                  for c in resolution.candidates]
    if resolution.place is None and geocode_online.enabled():
        place = geocode_online.lookup(args.name)  # opted in: CLAIMMAP_ONLINE_GEOCODE=1
        if place is not None:
            print(json.dumps({**_place_json(place), "score": 0.5, "candidates": [],
                              "source": "OpenStreetMap Nominatim (online)"}, ensure_ascii=False))
            return 0
    if resolution.place is None:
        listed = "; ".join(f"{c['name']} ({c['admin1']}, {c['country_code']}, {c['geonameid']})"
                           for c in candidates[:5])
        raise UserError(f"{args.name!r} is not resolved" + (
            f"; candidates: {listed}; give --context, or add an alias in data/gazetteer_overrides.csv"
            if listed else ": no such place in the gazetteer"))
    print(json.dumps({**_place_json(resolution.place), "score": resolution.score, "candidates": candidates},
                     ensure_ascii=False))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the claims of one report (file or stdin) as CSV (schema columns) or JSON records."""
    from datetime import datetime, timezone
    from pathlib import Path

    from claimmap.extract import extract_report
    from claimmap.extract.lexicon import LexiconError
    from claimmap.gazetteer import load_gazetteer
    from claimmap.ingest import REPORT_KINDS, read_metadata
    from claimmap.reporttext import ReportInputError, decode_report, report_text

    metadata: dict = {}
    if args.path == "-":
        data, kind = sys.stdin.buffer.read(), "auto"
    else:
        path = Path(args.path)
        if not path.is_file():
            raise UserError(f"no such file: {path}")
        data, kind = path.read_bytes(), REPORT_KINDS.get(path.suffix.lower(), "auto")
        try:
            metadata = read_metadata(path)
        except ReportInputError as error:
            raise UserError(str(error)) from None
    try:
        text = report_text(decode_report(data), kind)
    except ReportInputError as error:
        raise UserError(f"{args.path}: {error}") from None
    tz = metadata.get("tz") or _time_zone(args.tz or "UTC")  # the sidecar's are checked already
    report_date = metadata.get("report_date") or _report_date(args.report_date)
    if report_date is None:
        report_date = datetime.now(timezone.utc).date()
        print(f"note: no --report-date, reading times against today ({report_date})", file=sys.stderr)
    try:
        extraction = extract_report(text, report_date=report_date, tz=tz, gazetteer=load_gazetteer())
    except LexiconError as error:  # an analyst's own lexicon file ($CLAIMMAP_LEXICON) that cannot be used
        raise UserError(str(error)) from None
    for warning in extraction.warnings:  # the claims below are the rest of the report's
        print(f"warning: {warning}", file=sys.stderr)
    frame = extraction.frame()
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=2) + "\n")
    return 0


def cmd_lexicon(args: argparse.Namespace) -> int:
    """Check lexicon files (the built-in ones, $CLAIMMAP_LEXICON's and those named): load them and run their examples,
    and those of the time-word files (data/lexicon/*.time.toml)."""
    from claimmap.extract.examples import example_failures
    from claimmap.extract.lexicon import ENVIRONMENT, LexiconError, load_phrases, phrase_table
    from claimmap.gazetteer import load_gazetteer
    from claimmap.timeexamples import time_example_failures
    from claimmap.timewords import time_word_files

    extra = os.pathsep.join([p for p in os.environ.get(ENVIRONMENT, "").split(os.pathsep) if p] + args.files)
    try:  # a file missing, unreadable or wrong is named with the reason
        phrases = load_phrases(extra)
    except LexiconError as error:
        raise UserError(str(error)) from None
    if args.table:
        sys.stdout.write(phrase_table(phrases))
        return 0
    os.environ[ENVIRONMENT] = extra  # the extraction that runs the examples reads these files too
    failures = example_failures(phrases, load_gazetteer())
    for failure in failures:
        print(failure)
    examples = sum(len(p.examples) + len(p.not_examples) for p in phrases)
    print(f"{len(phrases)} phrases, {examples} examples: {len(failures) or 'none'} failed", file=sys.stderr)
    time_examples, time_failures = time_example_failures(time_word_files())
    for failure in time_failures:
        print(failure)
    print(f"time words: {time_examples} examples: {len(time_failures) or 'none'} failed", file=sys.stderr)
    return 1 if failures or time_failures else 0


def _open_store(user=None):
    # Store commands load only what they need: the CLI's other commands stay quick to start.
    import sqlalchemy

    from claimmap.store import Store
    from claimmap.tables import database_url

    try:
        return Store.open(user=user)
    except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.ArgumentError) as error:
        raise UserError(f"cannot open the store at {database_url()}: {error.__class__.__name__}: "
                        f"{str(error).splitlines()[0]}") from None


def _open_store_and_gazetteer(user=None):
    from claimmap.gazetteer import load_gazetteer

    store = _open_store(user)
    return store, load_gazetteer(extra_overrides=store.overrides())


def _report_date(text: str | None):
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise UserError(f"--report-date {text!r} is not a date (YYYY-MM-DD)") from None


def _time_zone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"--tz {name!r} is not a time zone (an IANA name such as Europe/Kyiv or UTC)") from None
    return name


@dataclass(frozen=True)
class Moment:
    """A --since/--until value: a UTC moment, and whether the text gave a time of day."""

    at: pd.Timestamp
    has_time: bool


# Two defaults differing in every field: a field the text leaves out differs between the parses.
_EARLY, _LATE = datetime(2001, 1, 1, 0, 0, 0), datetime(2002, 2, 2, 23, 59, 59, 999999)


def moment(text: str) -> Moment:
    """Parse a date, or a date and time (UTC unless the text gives a zone): an argparse type.

    Any way of writing a date alone (2022-09-10, 2022-9-10, 20220910) has no time of day;
    "18:00" without a date, or a date without its day, is refused rather than guessed."""
    import pandas as pd
    from dateutil import parser

    try:
        early, late = parser.parse(text, default=_EARLY), parser.parse(text, default=_LATE)
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date or time (e.g. 2022-09-10 or 2022-09-10T18:00)") from None
    if (early.year, early.month, early.day) != (late.year, late.month, late.day):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole date: give year, month and day (e.g. 2022-09-10)")
    at = pd.Timestamp(early)
    at = at.tz_localize("UTC") if at.tzinfo is None else at
    try:
        at.tz_convert("UTC").to_pydatetime()  # as the store compares it
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"{text!r} is out of range") from None
    return Moment(at, has_time=early.hour == late.hour)


def end_of(value: Moment | None) -> pd.Timestamp | None:
    """An --until moment: a date alone means to the end of that day."""
    import pandas as pd

    if value is None:
        return None
    return value.at if value.has_time else value.at + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)


# geonameids are stored as 64-bit integers.
_MAX_GEONAMEID = 2**63 - 1


def place(text: str) -> str | int:
    """A --place value: a geonameid (digits) or a place name; an argparse type."""
    text = text.strip()
    if not text:
        raise argparse.ArgumentTypeError("give a place name or a geonameid")
    if re.fullmatch(r"[0-9]+", text):
        if int(text) > _MAX_GEONAMEID:
            raise argparse.ArgumentTypeError(f"{text} is not a geonameid (too large)")
        return int(text)
    return text


def cmd_ingest(args: argparse.Namespace) -> int:
    from claimmap import ingest
    from claimmap.worker import checked_time_limit, time_limit_from_environment

    report_date, tz = _report_date(args.report_date), _time_zone(args.tz)
    if args.jobs < 1:
        raise UserError(f"--jobs must be at least 1, not {args.jobs}")
    try:
        time_limit = (time_limit_from_environment() if args.time_limit is None
                      else checked_time_limit(args.time_limit, "--time-limit"))
    except ValueError as error:
        raise UserError(str(error)) from None
    store, gazetteer = _open_store_and_gazetteer(_uploader(args.as_user))
    try:
        results = ingest.ingest_paths(store, args.paths, gazetteer=gazetteer, report_date=report_date, tz=tz,
                                      source=args.source, url=args.url, progress=True, jobs=args.jobs,
                                      time_limit=time_limit)
    except (FileNotFoundError, PermissionError) as error:
        raise UserError(str(error)) from None
    for result in results:
        if result.error:
            print(f"{result.path}: {result.status}: {result.error}", file=sys.stderr)
        for warning in result.warnings:
            print(f"{result.path}: warning: {warning}", file=sys.stderr)
    count = {status: sum(r.status == status for r in results) for status in ("failed", "timed_out", "unreadable")}
    new = sum(r.created and r.status == "extracted" for r in results)
    already = sum(not r.created and r.status == "extracted" for r in results)
    unresolved = sorted({name["name"] for r in results for name in r.unresolved})
    print(f"reports: {new} new, {already} already stored, {count['failed']} failed, "
          f"{count['timed_out']} timed out, {count['unreadable']} unreadable")
    print(f"claims: {sum(r.n_claims for r in results)} in the {new + already} stored reports")
    print(f"unresolved names: {len(unresolved)}" + (f" ({', '.join(unresolved)})" if unresolved else ""))
    return 1 if any(count.values()) else 0


def _uploader(name: str | None):
    """`ingest --as NAME`: that user of the accounts file; without it, the local user."""
    from claimmap import users

    if name is None:
        return None
    try:
        return users.user_named(users.AuthConfig.from_environment(), name)
    except ValueError as error:
        raise UserError(str(error)) from None


def cmd_export(args: argparse.Namespace) -> int:
    import contextlib

    from claimmap import exports

    from claimmap.tables import database_url

    if args.format == "parquet" and not args.output:
        raise UserError("parquet is binary: give --output FILE")
    if args.output:
        try:
            exports.check_output_path(args.output, database_url())
        except ValueError as error:
            raise UserError(str(error)) from None
    by_id = isinstance(args.place, int)
    claims = _open_store().claims(since=args.since.at if args.since else None, until=end_of(args.until),
                                  place=None if by_id else args.place, geonameid=args.place if by_id else None)
    try:
        if args.format == "parquet":
            exports.write_parquet(claims, args.output)
        else:
            write = {"csv": exports.write_csv, "geojson": exports.write_geojson, "acled": exports.write_acled}
            with (open(args.output, "w", encoding="utf-8", newline="") if args.output
                  else contextlib.nullcontext(sys.stdout)) as out:
                write[args.format](claims, out)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UserError(f"cannot write {args.output}: {error.strerror or error}") from None
    print(f"exported {len(claims)} claims", file=sys.stderr)
    return 0


def cmd_import_acled(args: argparse.Namespace) -> int:
    from claimmap import ingest
    from claimmap.exports import AcledFormatError
    from claimmap.reporttext import ReportInputError

    store, gazetteer = _open_store_and_gazetteer()
    try:
        result, parsed = ingest.ingest_acled(store, args.file, gazetteer)
    except FileNotFoundError:
        raise UserError(f"no such file: {args.file}") from None
    except (AcledFormatError, ReportInputError) as error:
        raise UserError(f"{args.file}: {error}") from None
    located = sum(claim.geonameid is not None for claim in parsed.claims)
    print(f"{'new' if result.created else 'already stored'} report {result.report_id}: "
          f"{len(parsed.claims)} territory-change events as claims ({located} matched to gazetteer places), "
          f"{parsed.n_skipped} other events skipped")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m claimmap", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    gazetteer = commands.add_parser("gazetteer", help="build or inspect the gazetteer")
    gazetteer_commands = gazetteer.add_subparsers(dest="gazetteer_command", required=True)
    build = gazetteer_commands.add_parser("build", help="regenerate gazetteer.csv from GeoNames data")
    build.add_argument("--countries", default="UA,RU,BY", help="comma-separated ISO country codes")
    build.set_defaults(run=cmd_gazetteer_build)

    resolve = commands.add_parser("resolve", help="resolve a settlement name to a GeoNames place (JSON)")
    resolve.add_argument("name")
    resolve.add_argument("--context", default="", help="text around the name, for disambiguation")
    resolve.set_defaults(run=cmd_resolve)

    extract = commands.add_parser("extract", help="print the control claims in a report")
    extract.add_argument("path", help="report file, or - for standard input")
    extract.add_argument("--report-date", help=f"YYYY-MM-DD: the report's publication date ({SIDECAR_RULE})")
    extract.add_argument("--tz", help=f"the report's time zone, an IANA name; default UTC ({SIDECAR_RULE})")
    extract.add_argument("--format", choices=("csv", "json"), default="csv")
    extract.set_defaults(run=cmd_extract)

    ingest = commands.add_parser("ingest", help="store reports and their claims")
    ingest.add_argument("paths", nargs="+", help="report files or folders")
    ingest.add_argument("--report-date", help=f"YYYY-MM-DD ({SIDECAR_RULE})")
    ingest.add_argument("--tz", default="UTC", help=f"IANA time zone, default UTC ({SIDECAR_RULE})")
    ingest.add_argument("--source", default="")
    ingest.add_argument("--url", default="")
    ingest.add_argument("--time-limit", type=float, metavar="SECONDS",
                        help="stop extracting a report after this long and store it as timed_out "
                             "(default: CLAIMMAP_EXTRACT_TIME_LIMIT or 60)")
    ingest.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help="extract N reports at once, each in its own process (default: the cores, "
                             f"here {default_jobs()})")
    ingest.add_argument("--as", dest="as_user", metavar="NAME",
                        help="record NAME (a user of the accounts file) as the uploader; default: you")
    ingest.set_defaults(run=cmd_ingest)

    export = commands.add_parser("export", help="write the stored claims")
    export.add_argument("--format", choices=("csv", "geojson", "parquet", "acled"), default="csv")
    export.add_argument("--since", type=moment, help="a date, or date and time (UTC unless given)")
    export.add_argument("--until", type=moment, help="a date (the whole day), or date and time")
    export.add_argument("--place", type=place, help="place name or geonameid")
    export.add_argument("--output", help="write to this file instead of standard output")
    export.set_defaults(run=cmd_export)

    lexicon = commands.add_parser("lexicon", help="check the control-phrase lexicon files and run their examples")
    lexicon.add_argument("files", nargs="*", help="your own lexicon files (TOML) to check with the built-in ones")
    lexicon.add_argument("--table", action="store_true", help="print the phrase table of docs/extraction.md instead")
    lexicon.set_defaults(run=cmd_lexicon)
    usercli.add_parser(commands)

    import_acled = commands.add_parser("import-acled", help="import ACLED territory-change events as claims")
    import_acled.add_argument("file")
    import_acled.set_defaults(run=cmd_import_acled)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error of ours. Python would
        # complain again when flushing stdout at exit, so point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
