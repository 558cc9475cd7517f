"""What the command line's commands share: the error a user can fix (`UserError`: one line on
stderr, exit 1), the option types (report dates, time zones, --since/--until moments, places),
and opening the store.
"""
from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass
from datetime import datetime

# One rule for every command that reads report files.
SIDECAR_RULE = "a NAME.json beside a report file gives its own date and zone, which win"


def default_jobs() -> int:
    """ingest's --jobs: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class UserError(Exception):
    """A problem with the user's input: printed as one clear line, exit 1."""



def open_store(user=None):
    # Store commands load only what they need: the CLI's other commands stay quick to start.
    import sqlalchemy

    from claimmap.store import Store
    from claimmap.tables import database_url

    try:
        return Store.open(user=user)
    except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.ArgumentError) as error:
        raise UserError(f"cannot open the store at {database_url()}: {error.__class__.__name__}: "
                        f"{str(error).splitlines()[0]}") from None


def open_store_and_gazetteer(user=None):
    from claimmap.gazetteer import load_gazetteer

    store = open_store(user)
    return store, load_gazetteer(extra_overrides=store.overrides())


def report_date(text: str | None):
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise UserError(f"--report-date {text!r} is not a date (YYYY-MM-DD)") from None


def time_zone(name: str) -> str:
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
