"""Times in report text: find the phrases, resolve them to UTC.

A report says "0135 EST", "Update (1039 EST)", "at 7 a.m. Kyiv time", "on
Saturday", "yesterday", "September 10", "in May 2023" (month precision),
"2022-09-10T07:00Z", "moments later", "the next day", "two days later" or just
"At 0245". `find_times` finds such phrases with their offsets; `resolve_time`
turns one into a UTC instant with a precision, against the report's date and
time zone, the day the text is currently talking about and the previous
resolved time (for "moments later" and "two days later").

Zone abbreviations are read as wall clocks, not fixed offsets: writers put
"EST" on summer times meaning "US Eastern time". Each abbreviation belongs to
a family ({EST, EDT, ET, Eastern} ...). If the report's own zone uses an
abbreviation of that family it is read as the report zone's local clock;
otherwise as the family's reference zone's local clock (America/New_York for
the Eastern family). So "0135 EST" on 2022-09-10 is 01:35 EDT = 05:35 UTC.
A clock time without a zone ("At 0245") is in the report's zone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

from claimmap.phrasescan import letter_trie, phrase_starts
from claimmap.reporttext import lowercase
from claimmap.timewords import TIME_WORDS


def _either(patterns: tuple[str, ...]) -> str:
    """One group of a list of patterns (the files give lists, the scan wants alternations)."""
    return "(?:" + "|".join(patterns) + ")"


# The words come from data/lexicon/<language>.time.toml (see `claimmap.timewords`).
_WORDS = TIME_WORDS
# Zone word -> its family: every zone word meaning the same zone's clock, as one pattern read in any case.
_ZONE_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile("|".join(p for p, z in _WORDS.zones if z == zone), re.IGNORECASE), zone)
    for zone in dict.fromkeys(zone for _, zone in _WORDS.zones))
_ZONE = "(?P<zone>" + "|".join(pattern for pattern, _ in _WORDS.zones) + ")"
_MONTHS = "|".join(_WORDS.months_with_day)
_CONTEXT = {name: _either(words) for name, words in _WORDS.context.items()}
_AMPM = rf"(?:(?P<am>{_CONTEXT['clock_am']})|(?P<pm>{_CONTEXT['clock_pm']}))"
_MONTH_PREPOSITION = re.compile(rf"(?<![\w-]){_CONTEXT['month_prepositions']}\s+{_CONTEXT['month_qualifiers']}?$")
_WEEKDAY_PATTERNS = {number: re.compile(names) for number, names in enumerate(_WORDS.weekdays)}
_NUMBER_WORDS = _WORDS.number_words
# "two days ago": a whole count, as a digit or one of the words above (their values are read from there).
_WHOLE_COUNTS = "|".join(sorted((word for word, value in _NUMBER_WORDS.items() if value == int(value)), key=len, reverse=True))
_COUNTS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))


# Phrases that start with digits, matched as written (zone abbreviations are upper case).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)\b")),
    ("clock", re.compile(rf"\b(?P<h>[01]\d|2[0-3])[:.]?(?P<m>[0-5]\d)\s*{_CONTEXT['clock_hours']}?\s*\(?{_ZONE}\b")),
    ("clock", re.compile(rf"(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])(?:\s*{_AMPM})?(?:\s*\(?{_ZONE}\b)?")),
    ("day", re.compile(r"(?<![\d.])(?P<dd>[0-3]?\d)\.(?P<mm>[01]?\d)\.(?P<yyyy>(?:19|20)\d{2})(?![\d.])")),  # 22.09.2024
)
# Phrases with words, matched against the lower-cased text (fast; see reporttext.lowercase).
_WORD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(source.lower().replace("(?p<", "(?P<"))) for kind, source in (
    ("clock", rf"\b(?P<h>1[0-2]|0?[1-9])\s*{_AMPM}(?:\s*\(?{_ZONE}\b)?"),
    ("clock", r"\b(?P<named>" + "|".join(_WORDS.named_hours) + r")\b"),
    ("clock", rf"\b{_CONTEXT['clock_prepositions']}\s+(?:{_CONTEXT['clock_approximately']}\s+)?"
              r"(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\b"
              rf"(?!\s*\(?{_ZONE}\b)"
              rf"(?!\s*(?:[a-z]*\s)?{_CONTEXT['not_after_clock']})"),
    ("later", r"\b" + _either(_WORDS.relative["moments_later"]) + r"\b"),
    ("later", rf"\b(?P<n>\d+|{_COUNTS}) {_either(_WORDS.relative['hours_later'])}\b"),
    # "The next day", "two days later": days after the time before, at day precision.
    ("later", rf"\b(?P<days>\d{{1,2}}|{_WHOLE_COUNTS}) {_either(_WORDS.relative['days_later'])}\b"),
    ("later", r"\b(?P<next_day>" + "|".join(_WORDS.relative["next_day"]) + r")(?!\w)"),
    ("day", rf"\b(?P<monthday>(?:{_MONTHS})\s+\d{{1,2}}{_CONTEXT['day_suffixes']}?"
            rf"|\d{{1,2}}{_CONTEXT['day_suffixes']}?\s+(?:{_CONTEXT['month_after_day']}\s+)?(?:{_MONTHS}))"
            r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b"),
    # "May" is a verb too: a month without its year counts after its preposition only (see find_times).
    ("month", r"\b(?P<month>" + "|".join(_WORDS.month_numbers) + r")(?:\s+(?P<year>(?:19|20)\d{2}))?\b(?!\s*\d)"),
    ("day", rf"\b(?P<last>{_CONTEXT['weekday_last']}\s+)?(?:{_CONTEXT['weekday_prepositions']}\s+)?(?P<weekday>"
            + "|".join(_WORDS.weekdays) + r")\b"),
    ("day", r"\b(?P<relday>" + "|".join(sorted(_WORDS.day_offsets, key=len, reverse=True)) + r")\b"),
    ("day", rf"\b(?P<ago>\d{{1,2}}|{_WHOLE_COUNTS}) {_either(_WORDS.relative['days_ago'])}\b"),
))

# Where to try the patterns: the text is scanned for places where a phrase may start, and the patterns are
# matched there only (the scans were the cost). Every phrase in _PATTERNS starts at the first digit of a
# number, and so do word phrases whose first word is a number ("5 pm", "10 September", "2 hours later").
# The other word phrases start at a word (each pattern begins with \b) that begins like one of their first
# words: those as a trie of first letters (see `phrasescan`); there only the patterns with a first word of
# that letter are tried.
_NUMBER = re.compile(r"\d\d*")  # not \d+: a pattern that opens with a digit lets `re` skip from digit to digit


def _first_words(pattern: re.Pattern[str]) -> list[str]:
    """A word pattern's alternatives, each from its first character: groups in front multiplied out, \\b dropped."""
    return phrase_starts(pattern.pattern.replace(" ", r"\ "))  # `phrase_starts` reads verbose patterns


_WORD_FIRSTS = [(kind, pattern, _first_words(pattern)) for kind, pattern in _WORD_PATTERNS]
# (kind, pattern, matched against the lower-cased text)
_AT_NUMBER: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple((kind, pattern, False) for kind, pattern in _PATTERNS) + tuple(
    (kind, pattern, True) for kind, pattern, firsts in _WORD_FIRSTS if any(not first[0].isalpha() for first in firsts))
_AT_LETTER: dict[str, tuple[tuple[str, re.Pattern[str], bool], ...]] = {
    letter: tuple((kind, pattern, True) for kind, pattern, firsts in _WORD_FIRSTS if any(first[0] == letter for first in firsts))
    for letter in {first[0] for _, _, firsts in _WORD_FIRSTS for first in firsts if first[0].isalpha()}}
_LETTER_FIRST_WORDS = letter_trie([first for _, _, firsts in _WORD_FIRSTS for first in firsts if first[0].isalpha()])
# A word is found by the non-word character before it: `re` then skips from one such character to the next in
# one step, faster than trying (?<!\w) at every character. The text's first word has none before it.
_AFTER_SEPARATOR = re.compile(rf"\W(?={_LETTER_FIRST_WORDS})")
_AT_TEXT_START = re.compile(_LETTER_FIRST_WORDS)


@dataclass(frozen=True)
class TimePhrase:
    """A time phrase as written, with what it says (not yet resolved)."""

    start: int
    end: int
    text: str
    kind: str                   # "clock", "day", "month", "later" (after the time before) or "iso"
    fields: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        return dict(self.fields).get(name)


@dataclass(frozen=True)
class ResolvedTime:
    utc: datetime
    text: str
    precision: str              # "minute", "hour", "day" or "report"
    day: date                   # the local date the phrase talks about


def find_times(text: str, start: int = 0, end: int | None = None, *, lowered: str | None = None) -> list[TimePhrase]:
    """Time phrases in text[start:end], in order, longest first where they overlap.

    `lowered` is `reporttext.lowercase(text)` where the caller already has it.
    """
    end = len(text) if end is None else end
    lowered = lowercase(text) if lowered is None else lowered
    places = [(number.start(), _AT_NUMBER) for number in _NUMBER.finditer(text, start, end)]
    if start == 0 and _AT_TEXT_START.match(lowered, 0, end):
        places.append((0, _AT_LETTER[lowered[0]]))
    places += [(separator.end(), _AT_LETTER[lowered[separator.end()]])
               for separator in _AFTER_SEPARATOR.finditer(lowered, max(start - 1, 0), end)]  # from the one before `start`
    found: list[TimePhrase] = []
    for position, patterns in places:
        for kind, pattern, in_lowered in patterns:
            match = pattern.match(lowered if in_lowered else text, position, end)
            if match and kind == "month" and not match.group("year") and not _MONTH_PREPOSITION.search(
                    lowered, max(0, position - 12), position):
                continue  # "may attack", but "in May", "в феврале", "in early March"
            if match:
                fields = tuple((k, text[match.start(k):match.end(k)]) for k, v in match.groupdict().items() if v)
                found.append(TimePhrase(match.start(), match.end(), text[match.start():match.end()].strip(), kind, fields))
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[TimePhrase] = []
    for phrase in found:
        if not kept or phrase.start >= kept[-1].end:
            kept.append(phrase)
    return kept


def zone_for(abbreviation: str | None, report_tz: str, on: date) -> ZoneInfo:
    """The zone whose wall clock a zone word means, by the family rule in the module doc."""
    for family, reference in _ZONE_FAMILIES if abbreviation else ():
        if family.fullmatch(abbreviation):
            if reference == "local" or any(map(family.fullmatch, _abbreviations_of(report_tz, on.year))):
                return ZoneInfo(report_tz)
            return ZoneInfo(reference)
    return ZoneInfo(report_tz)


@lru_cache(maxsize=256)
def _abbreviations_of(tz: str, year: int) -> frozenset[str]:
    zone = ZoneInfo(tz)
    return frozenset(datetime(year, month, 15, 12, tzinfo=zone).tzname() for month in (1, 7))


@lru_cache(maxsize=4096)
def local_noon(day: date, tz: str) -> datetime:
    """The instant that stands for a whole local day: its noon, so it stays on that day in UTC too.
    (Remembered: reports name the same few days.)"""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)


def resolve_time(phrase: TimePhrase, *, report_date: date, tz: str, day: date | None = None,
                 previous: ResolvedTime | None = None) -> ResolvedTime | None:
    """The UTC instant a phrase means, or None where it cannot be placed ("moments later" with nothing before)."""
    day = day or report_date
    if phrase.kind == "later":
        if previous is None:
            return None
        days = "1" if phrase.get("next_day") else phrase.get("days")
        if days is not None:
            the_day = previous.day + timedelta(days=int(_NUMBER_WORDS.get(days.lower(), days)))
            # after a month ("in May 2023 ... the next day") the day is no better known than the month
            precision = "month" if previous.precision == "month" else "day"
            return ResolvedTime(local_noon(the_day, tz), phrase.text, precision, the_day)
        hours = phrase.get("n")
        if hours is None:
            return ResolvedTime(previous.utc, phrase.text, previous.precision, previous.day)
        delta = timedelta(hours=float(_NUMBER_WORDS.get(hours.lower(), hours)))
        utc = previous.utc + delta
        return ResolvedTime(utc, phrase.text, previous.precision, utc.astimezone(ZoneInfo(tz)).date())
    if phrase.kind == "clock":
        named = phrase.get("named")
        hour, minute = (_WORDS.named_hours[named.lower()], 0) if named else (int(phrase.get("h")), int(phrase.get("m") or 0))
        if phrase.get("pm") and hour < 12:
            hour += 12
        elif phrase.get("am") and hour == 12:
            hour = 0
        zone = zone_for(phrase.get("zone"), tz, day)
        local = datetime.combine(day, time(hour, minute), tzinfo=zone)
        precision = "minute" if phrase.get("m") else "hour"
        return ResolvedTime(local.astimezone(timezone.utc), phrase.text, precision, day)
    if phrase.kind == "iso":
        value = datetime.fromisoformat(phrase.get("iso").replace("Z", "+00:00"))
        if isinstance(value, datetime) and len(phrase.get("iso")) > 10:
            if value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(tz))
            return ResolvedTime(value.astimezone(timezone.utc), phrase.text, "minute",
                                value.astimezone(ZoneInfo(tz)).date())
        the_day = value.date() if isinstance(value, datetime) else value
        return ResolvedTime(local_noon(the_day, tz), phrase.text, "day", the_day)
    if phrase.kind == "month":
        the_day = _mid_month(phrase, report_date)
        return ResolvedTime(local_noon(the_day, tz), phrase.text, "month", the_day)
    the_day = _day_of(phrase, report_date)
    if the_day is None:
        return None
    return ResolvedTime(local_noon(the_day, tz), phrase.text, "day", the_day)


def _mid_month(phrase: TimePhrase, report_date: date) -> date:
    """The day that stands for a month: its 15th, or the report date in the report's own month if earlier. Without
    a year the latest such month up to the report's."""
    month = _WORDS.month_numbers[phrase.get("month").lower()]
    year = int(phrase.get("year") or (report_date.year if month <= report_date.month else report_date.year - 1))
    return min(date(year, month, 15), report_date) if (year, month) == (report_date.year, report_date.month) \
        else date(year, month, 15)


def _day_of(phrase: TimePhrase, report_date: date) -> date | None:
    if phrase.get("ago"):  # "two days ago", "три дня назад"
        written = phrase.get("ago").lower()
        return report_date - timedelta(days=int(_NUMBER_WORDS.get(written, written)))
    if phrase.get("relday"):
        return report_date + timedelta(days=_WORDS.day_offsets[phrase.get("relday").lower()])
    if phrase.get("weekday"):
        name = phrase.get("weekday").lower()
        weekday = next(n for n, pattern in _WEEKDAY_PATTERNS.items() if pattern.fullmatch(name))
        back = (report_date.weekday() - weekday) % 7
        if back == 0 and phrase.get("last"):
            back = 7
        return report_date - timedelta(days=back)
    if phrase.get("dd"):
        try:
            return date(int(phrase.get("yyyy")), int(phrase.get("mm")), int(phrase.get("dd")))
        except ValueError:
            return None
    return _month_day(phrase.get("monthday"), phrase.get("year"), report_date)


def warm_up() -> None:
    """Pay dateparser's one-time set-up now rather than at a report's first written date ("September 10").

    dateparser compiles its time-zone patterns and each language's data on first use: about 0.1 s
    in all (zones 35 ms, English 35 ms, Russian and Ukrainian 20 ms each), whatever it is asked for.
    For a server before its first request, or a benchmark before it starts timing; dates parse
    the same without it.
    """
    for written in ("September 10", "10 сентября", "10 вересня"):
        _month_day.__wrapped__(written, None, date(2022, 9, 10))  # past the cache: no date is remembered


@lru_cache(maxsize=4096)
def _month_day(text: str, year: str | None, report_date: date) -> date | None:
    """A written date ("September 10", "10 сентября"): dateparser, year from the report when absent."""
    parsed = dateparser.parse(f"{text} {year}" if year else text,
                              languages=list(_WORDS.languages),
                              settings={"RELATIVE_BASE": datetime.combine(report_date, time(23, 59)),
                                        "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]})
    return parsed.date() if parsed else None
