"""The time parser's words, one file per language: data/lexicon/<language>.time.toml.

Month and weekday names, day offsets ("yesterday", "вчера"), named hours ("noon", "опівдні"), count words,
relative phrases ("the next day", "на следующий день") and zone words with the zone whose wall clock each
means. `TIME_WORDS` holds every language's words merged, read once at import; `claimmap.timeparse` builds
its patterns from it. Adding a language's time words is editing (or adding) one file: every
`*.time.toml` there is read, English, Russian and Ukrainian first, then the others by name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dateparser.data.languages_info import language_order as DATEPARSER_LANGUAGES

from claimmap.lexiconfile import LEXICON_DIR, LexiconError, read_toml

FIRST_LANGUAGES = ("en", "ru", "uk")
RELATIVE = ("moments_later", "next_day", "days_later", "hours_later", "days_ago")
CONTEXT = ("month_prepositions", "month_qualifiers", "weekday_prepositions", "weekday_last", "clock_prepositions",
           "clock_approximately", "not_after_clock", "day_suffixes", "month_after_day", "clock_am", "clock_pm",
           "clock_hours")
_LISTS = {"months_with_day": 12, "months_alone": 12, "weekdays": 7}
_NUMBERS = {"day_offsets": int, "named_hours": int, "number_words": (int, float)}


@dataclass(frozen=True)
class TimeWords:
    """Every language's time words; a list's patterns in file order (English, Russian, Ukrainian, others)."""
    languages: tuple[str, ...]              # as the files name them, for dateparser's written dates
    months_with_day: tuple[str, ...]        # patterns, for a month written with its day
    month_numbers: dict[str, int]           # a month written alone -> its number
    weekdays: tuple[str, ...]               # Monday first, each an alternation of every language's patterns
    day_offsets: dict[str, int]
    named_hours: dict[str, int]
    number_words: dict[str, float]
    relative: dict[str, tuple[str, ...]]    # by the names in RELATIVE
    context: dict[str, tuple[str, ...]]     # by the names in CONTEXT, each word once
    zones: tuple[tuple[str, str], ...]      # (pattern as written, the zone it means or "local")


def read_time_words(files: list[Path]) -> TimeWords:
    """The words of `files`, merged in order; a file that cannot be used raises LexiconError naming it."""
    tables = [_checked(read_toml(file), file) for file in files]
    months = [[] for _ in range(12)]
    weekdays = [[] for _ in range(7)]
    for data in tables:
        for number, words in enumerate(data.get("months_alone", ())):
            months[number] += words.split("|")
        for number, pattern in enumerate(data.get("weekdays", ())):
            weekdays[number].append(pattern)
    return TimeWords(
        languages=tuple(dict.fromkeys(data["language"] for data in tables)),
        months_with_day=tuple(pattern for data in tables for pattern in data.get("months_with_day", ())),
        month_numbers={word: number for number, words in enumerate(months, 1) for word in words},
        weekdays=tuple("|".join(patterns) for patterns in weekdays),
        **{name: {word: value for data in tables for word, value in data.get(name, {}).items()} for name in _NUMBERS},
        relative={name: tuple(p for data in tables for p in data.get("relative", {}).get(name, ())) for name in RELATIVE},
        context={name: tuple(dict.fromkeys(p for data in tables for p in data.get("context", {}).get(name, ()))) for name in CONTEXT},
        zones=tuple((pattern, zone["zone"]) for data in tables for zone in data.get("zone", ()) for pattern in zone["match"]))


def _checked(data: dict, file: Path) -> dict:
    """The file's tables, after checking what the parser relies on: list lengths, numbers, patterns that compile."""
    if data.get("language") not in DATEPARSER_LANGUAGES:  # dateparser reads its written dates ("10 сентября")
        raise LexiconError(f"{file}: `language` must be a language code dateparser knows (en, ru, uk, de...), "
                           f"not {data.get('language')!r}")
    for name, length in _LISTS.items():
        if name in data and len(data[name]) != length:
            raise LexiconError(f"{file}: `{name}` must list {length} entries in order, not {len(data[name])}")
    for name, kind in _NUMBERS.items():
        for word, value in data.get(name, {}).items():
            if not isinstance(value, kind) or isinstance(value, bool):
                raise LexiconError(f"{file}: [{name}] {word!r} must be a number, not {value!r}")
    for table, known in (("relative", RELATIVE), ("context", CONTEXT)):
        for name in data.get(table, {}):
            if name not in known:
                raise LexiconError(f"{file}: [{table}] {name!r} is none of {known}")
    for number, zone in enumerate(data.get("zone", ()), 1):
        if not isinstance(zone.get("zone"), str) or not zone.get("match"):
            raise LexiconError(f"{file}: [[zone]] {number} needs `zone` (a zone name or \"local\") and `match`")
    patterns = [*data.get("months_with_day", ()), *data.get("weekdays", ()),
                *(p for table in ("relative", "context") for ps in data.get(table, {}).values() for p in ps),
                *(p for z in data.get("zone", ()) for p in z["match"])]
    for pattern in patterns:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise LexiconError(f"{file}: {error} in {pattern!r}") from error
    return data


def time_word_files(directory: Path = LEXICON_DIR) -> list[Path]:
    """The time-word files of `directory`: en, ru, uk first (their order is the patterns'), then any other by name."""
    def rank(file: Path) -> tuple[int, str]:
        language = file.name.split(".")[0]
        return (FIRST_LANGUAGES.index(language) if language in FIRST_LANGUAGES else len(FIRST_LANGUAGES), file.name)

    return sorted(directory.glob("*.time.toml"), key=rank)


TIME_WORDS = read_time_words(time_word_files())
