"""`python -m claimmap ingest`, `export` and `import-acled`: the store from the command line."""
from __future__ import annotations

import argparse
import sys

from claimmap import cliargs
from claimmap.cliargs import SIDECAR_RULE, UserError, default_jobs, end_of, moment, place


def cmd_ingest(args: argparse.Namespace) -> int:
    from claimmap import ingest
    from claimmap.worker import checked_time_limit, time_limit_from_environment

    report_date, tz = cliargs.report_date(args.report_date), cliargs.time_zone(args.tz)
    if args.jobs < 1:
        raise UserError(f"--jobs must be at least 1, not {args.jobs}")
    try:
        time_limit = (time_limit_from_environment() if args.time_limit is None
                      else checked_time_limit(args.time_limit, "--time-limit"))
    except ValueError as error:
        raise UserError(str(error)) from None
    store, gazetteer = cliargs.open_store_and_gazetteer(_uploader(args.as_user))
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
    claims = cliargs.open_store().claims(since=args.since.at if args.since else None, until=end_of(args.until),
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

    store, gazetteer = cliargs.open_store_and_gazetteer()
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


def add_parsers(commands) -> None:
    """`ingest`, `export`, `import-acled`."""
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

    import_acled = commands.add_parser("import-acled", help="import ACLED territory-change events as claims")
    import_acled.add_argument("file")
    import_acled.set_defaults(run=cmd_import_acled)
