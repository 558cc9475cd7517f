"""Command line: `python -m claimmap COMMAND ...`.

Each command is a small function that parses nothing itself: it takes the
argparse namespace, calls the package, and prints. Errors the user can fix
are raised as `UserError` and printed on stderr with exit code 1.
"""
from __future__ import annotations

import argparse
import sys


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
    return {"geonameid": place.geonameid, "name": place.name, "lat": place.lat, "lon": place.lon,
            "country_code": place.country_code, "admin1": place.admin1, "feature": place.feature,
            "population": place.population}


def cmd_resolve(args: argparse.Namespace) -> int:
    import json

    from claimmap.gazetteer import load_gazetteer

    from claimmap import geocode_online

    resolution = load_gazetteer().resolve(args.name, context=args.context)
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
    raise UserError("extract: not implemented yet")


def cmd_ingest(args: argparse.Namespace) -> int:
    raise UserError("ingest: not implemented yet")


def cmd_export(args: argparse.Namespace) -> int:
    raise UserError("export: not implemented yet")


def cmd_import_acled(args: argparse.Namespace) -> int:
    raise UserError("import-acled: not implemented yet")


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
    extract.add_argument("--report-date", help="YYYY-MM-DD: the report's publication date")
    extract.add_argument("--tz", default="UTC", help="the report's time zone (IANA name)")
    extract.add_argument("--format", choices=("csv", "json"), default="csv")
    extract.set_defaults(run=cmd_extract)

    ingest = commands.add_parser("ingest", help="store reports and their claims")
    ingest.add_argument("paths", nargs="+", help="report files or folders")
    ingest.add_argument("--report-date")
    ingest.add_argument("--tz", default="UTC")
    ingest.add_argument("--source", default="")
    ingest.add_argument("--url", default="")
    ingest.set_defaults(run=cmd_ingest)

    export = commands.add_parser("export", help="write the stored claims")
    export.add_argument("--format", choices=("csv", "geojson", "parquet", "acled"), default="csv")
    export.add_argument("--since")
    export.add_argument("--until")
    export.add_argument("--place")
    export.set_defaults(run=cmd_export)

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
