"""The time-word files' own examples run through the time parser: what `python -m claimmap lexicon` and
tests/test_timewords.py check. An `[[example]]`'s text, read as a report of Saturday 2022-09-10 from Kyiv
(each phrase after the one before it, as "later" needs), must end with the phrase `written`, meaning
`means` on the report zone's clock at `precision`; a `not` text must hold no time phrase."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from claimmap.lexiconfile import read_toml
from claimmap.timeparse import ResolvedTime, find_times, resolve_time

REPORT_DATE, TZ = date(2022, 9, 10), "Europe/Kyiv"


def time_example_failures(files: list[Path]) -> tuple[int, list[str]]:
    """(how many examples the files hold, one line per example that reads otherwise than its file says)."""
    count, failures = 0, []
    for file in files:
        data = read_toml(file)
        for number, example in enumerate(data.get("example", []), 1):
            count += 1
            got = read_example(example["text"])
            wanted = (example.get("written"), example.get("means"), example.get("precision"))
            if got != wanted:
                failures.append(f"{file} [[example]] {number}: {example['text']!r} reads as {got}, not {wanted}")
        for text in data.get("not", []):
            count += 1
            if find_times(text):
                failures.append(f"{file} not: {text!r} holds {[phrase.text for phrase in find_times(text)]}")
    return count, failures


def read_example(text: str) -> tuple[str, str, str] | None:
    """The text's last time phrase as (written, meaning on the report's clock, precision); None without one."""
    resolved, phrase = None, None
    for phrase in find_times(text):
        resolved = resolve_time(phrase, report_date=REPORT_DATE, tz=TZ, previous=resolved) or resolved
    if phrase is None or resolved is None:
        return None
    return phrase.text, _on_the_report_clock(resolved), resolved.precision


def _on_the_report_clock(resolved: ResolvedTime) -> str:
    if resolved.precision in ("minute", "hour"):
        return resolved.utc.astimezone(ZoneInfo(TZ)).strftime("%Y-%m-%dT%H:%M")
    return resolved.day.isoformat()
