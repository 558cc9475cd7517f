"""`python -m claimmap gazetteer build` and `resolve`: the gazetteer from the command line."""
from __future__ import annotations

import argparse

from claimmap.cliargs import UserError


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



def add_parsers(commands) -> None:
    """`gazetteer build`, `resolve`."""
    gazetteer = commands.add_parser("gazetteer", help="build or inspect the gazetteer")
    gazetteer_commands = gazetteer.add_subparsers(dest="gazetteer_command", required=True)
    build = gazetteer_commands.add_parser("build", help="regenerate gazetteer.csv from GeoNames data")
    build.add_argument("--countries", default="UA,RU,BY", help="comma-separated ISO country codes")
    build.set_defaults(run=cmd_gazetteer_build)

    resolve = commands.add_parser("resolve", help="resolve a settlement name to a GeoNames place (JSON)")
    resolve.add_argument("name")
    resolve.add_argument("--context", default="", help="text around the name, for disambiguation")
    resolve.set_defaults(run=cmd_resolve)
