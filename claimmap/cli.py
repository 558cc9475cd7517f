"""Command line: `python -m claimmap COMMAND ...`.

Each command is a small function that parses nothing itself: it takes the
argparse namespace, calls the package, and prints. Errors the user can fix
are raised as `UserError` and printed on stderr with exit code 1. The commands
live by group: `gazetteercli` (gazetteer build, resolve), `extractcli` (extract,
lexicon), `storecli` (ingest, export, import-acled), `usercli` (users); what they
share (option types, opening the store) in `cliargs`.
"""
from __future__ import annotations

import argparse
import os
import sys

from claimmap import extractcli, gazetteercli, storecli, usercli
from claimmap.cliargs import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m claimmap", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for group in (gazetteercli, extractcli, storecli, usercli):  # one module per group of commands
        group.add_parsers(commands)
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
