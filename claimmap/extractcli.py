"""`python -m claimmap extract` and `lexicon`: a report's claims, and the lexicon files checked."""
from __future__ import annotations

import argparse
import os
import sys

from claimmap import cliargs
from claimmap.cliargs import SIDECAR_RULE, UserError


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
    tz = metadata.get("tz") or cliargs.time_zone(args.tz or "UTC")  # the sidecar's are checked already
    report_date = metadata.get("report_date") or cliargs.report_date(args.report_date)
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


def add_parsers(commands) -> None:
    """`extract`, `lexicon`."""
    extract = commands.add_parser("extract", help="print the control claims in a report")
    extract.add_argument("path", help="report file, or - for standard input")
    extract.add_argument("--report-date", help=f"YYYY-MM-DD: the report's publication date ({SIDECAR_RULE})")
    extract.add_argument("--tz", help=f"the report's time zone, an IANA name; default UTC ({SIDECAR_RULE})")
    extract.add_argument("--format", choices=("csv", "json"), default="csv")
    extract.set_defaults(run=cmd_extract)

    lexicon = commands.add_parser("lexicon", help="check the control-phrase lexicon files and run their examples")
    lexicon.add_argument("files", nargs="*", help="your own lexicon files (TOML) to check with the built-in ones")
    lexicon.add_argument("--table", action="store_true", help="print the phrase table of docs/extraction.md instead")
    lexicon.set_defaults(run=cmd_lexicon)
