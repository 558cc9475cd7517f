"""Time phrases: found with offsets, resolved to UTC against the report's date and zone."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from claimmap.timeparse import find_times, resolve_time, zone_for

SEED_DAY = date(2022, 9, 10)  # a Saturday; US Eastern is on EDT (UTC-4)


def resolve(text: str, tz: str = "America/New_York", report_date: date = SEED_DAY, previous=None):
    phrase, = find_times(text)
    return phrase, resolve_time(phrase, report_date=report_date, tz=tz, previous=previous)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, written, expected, precision", [
    ("At approximately 0135 EST, unofficial reports", "0135 EST", utc(2022, 9, 10, 5, 35), "minute"),
    ("Update (1039 EST): Russian MoD announced", "1039 EST", utc(2022, 9, 10, 14, 39), "minute"),
    ("At 0245 the Russian appointed administration", "At 0245", utc(2022, 9, 10, 6, 45), "minute"),
    ("Then at 0700 EST, Self Declared", "0700 EST", utc(2022, 9, 10, 11, 0), "minute"),
    ("said at 7 a.m. Kyiv time that", "7 a.m. Kyiv time", utc(2022, 9, 10, 4, 0), "hour"),
    ("at 14:30 Moscow time", "14:30 Moscow time", utc(2022, 9, 10, 11, 30), "minute"),
    ("by 2100 UTC", "2100 UTC", utc(2022, 9, 10, 21, 0), "minute"),
    ("2022-09-10T14:20Z — Ukraine's General Staff", "2022-09-10T14:20Z", utc(2022, 9, 10, 14, 20), "minute"),
    ("on Saturday", "on Saturday", utc(2022, 9, 10, 16, 0), "day"),
    ("on Friday", "on Friday", utc(2022, 9, 9, 16, 0), "day"),
    ("yesterday", "yesterday", utc(2022, 9, 9, 16, 0), "day"),
    ("on September 10", "September 10", utc(2022, 9, 10, 16, 0), "day"),
    ("ДОНЕЦК, 10 сентября. /ТАСС/.", "10 сентября", utc(2022, 9, 10, 16, 0), "day"),
    ("повідомило ГУР у п'ятницю", "у п'ятницю", utc(2022, 9, 9, 16, 0), "day"),
    ("Two days ago Russian troops entered", "Two days ago", utc(2022, 9, 8, 16, 0), "day"),
    ("entered the town 3 days ago.", "3 days ago", utc(2022, 9, 7, 16, 0), "day"),
    ("Три дня назад ВСУ вошли", "Три дня назад", utc(2022, 9, 7, 16, 0), "day"),
    ("увійшли в Куп’янськ два дні тому", "два дні тому", utc(2022, 9, 8, 16, 0), "day"),
    ("entered the city at noon", "noon", utc(2022, 9, 10, 16, 0), "hour"),
    ("At midnight Russian forces left", "midnight", utc(2022, 9, 10, 4, 0), "hour"),
    ("Минувшей ночью ВС РФ вошли", "Минувшей ночью", utc(2022, 9, 9, 16, 0), "day"),
    ("В 14:00 по киевскому времени ВСУ вошли", "14:00 по киевскому времени", utc(2022, 9, 10, 11, 0), "minute"),
    ("14.32 BST", "14.32 BST", utc(2022, 9, 10, 13, 32), "minute"),  # a British live blog's entry time
    ("Russia captured Bakhmut in May 2023 after", "May 2023", utc(2023, 5, 15, 16, 0), "month"),  # its 15th
    ("в мае 2023 года", "мае 2023", utc(2023, 5, 15, 16, 0), "month"),
    ("took Avdiivka in February.", "February", utc(2022, 2, 15, 17, 0), "month"),  # the latest February
    ("У вересні ЗСУ звільнили", "вересні", utc(2022, 9, 10, 16, 0), "month"),  # this month: no later than the report
])
def test_phrases_resolve_to_utc(text, written, expected, precision):
    phrase, time = resolve(text)
    assert phrase.text == written
    assert text[phrase.start:phrase.end] == written
    assert (time.utc, time.precision, time.text) == (expected, precision, written)


def test_est_written_in_summer_is_the_eastern_wall_clock():
    # In September New York is on EDT; "EST" there means the local clock, not UTC-5.
    assert zone_for("EST", "America/New_York", SEED_DAY).key == "America/New_York"
    # A report from Kyiv quoting EST still means US Eastern time.
    _, time = resolve("at 0135 EST", tz="Europe/Kyiv")
    assert time.utc == utc(2022, 9, 10, 5, 35)
    # In winter the same rule gives UTC-5.
    _, time = resolve("at 0135 EST", report_date=date(2023, 1, 10))
    assert time.utc == utc(2023, 1, 10, 6, 35)


def test_eet_family_is_read_in_the_report_zone_when_it_uses_it():
    assert zone_for("EET", "Europe/Kyiv", SEED_DAY).key == "Europe/Kyiv"
    assert zone_for("EEST", "America/New_York", SEED_DAY).key == "Europe/Kyiv"
    assert zone_for(None, "Europe/Moscow", SEED_DAY).key == "Europe/Moscow"


def test_moments_later_takes_the_previous_time():
    _, before = resolve("at 0330 EST")
    phrase, later = resolve("Moments later, more accounts", previous=before)
    assert (later.utc, later.precision, phrase.text) == (before.utc, "minute", "Moments later")
    _, two_hours = resolve("two hours later", previous=before)
    assert two_hours.utc == utc(2022, 9, 10, 9, 30)
    phrase, = find_times("Moments later")
    assert resolve_time(phrase, report_date=SEED_DAY, tz="UTC", previous=None) is None


@pytest.mark.parametrize("written, days", [
    ("The next day, Zelensky announced", 1), ("the following day", 1), ("Two days later, the General Staff said", 2),
    ("a day later", 1), ("3 days later", 3), ("На следующий день ВСУ вошли", 1), ("Наступного дня ЗСУ увійшли", 1),
])
def test_days_later_count_from_the_day_before_at_day_precision(written, days):
    _, before = resolve("at 0330 EST", report_date=date(2022, 9, 6))
    phrase, later = resolve(written, previous=before)
    assert (later.day, later.precision, later.utc) == (date(2022, 9, 6 + days), "day", utc(2022, 9, 6 + days, 16, 0))  # noon
    assert resolve_time(phrase, report_date=SEED_DAY, tz="UTC", previous=None) is None  # no day before: unplaced
    _, month = resolve("in May 2023")
    assert resolve(written, previous=month)[1].precision == "month"  # a day after a month is known to the month


def test_clock_time_on_a_named_day():
    day_phrase, clock = find_times("On Friday at 0700 the governor said")
    friday = resolve_time(day_phrase, report_date=SEED_DAY, tz="Europe/Kyiv")
    time = resolve_time(clock, report_date=SEED_DAY, tz="Europe/Kyiv", day=friday.day)
    assert time.utc == utc(2022, 9, 9, 4, 0)


@pytest.mark.parametrize("text", [
    "3,000-5,000 Ukrainian troops were massing",
    "since 2014 the city",
    "in 2022 the war",
    "at 1500 troops were seen",
    "a 24-hour period",
])
def test_numbers_that_are_not_times(text):
    assert [p.text for p in find_times(text) if p.kind == "clock"] == []


def test_month_day_takes_the_year_before_a_later_report():
    # A report of 5 January writing "December 30" means the previous December.
    _, time = resolve("on December 30", report_date=date(2023, 1, 5), tz="UTC")
    assert time.day == date(2022, 12, 30)


def test_every_word_phrase_is_located_by_a_first_letter_it_must_start_with():
    """find_times tries a word's patterns by its first letter: a pattern whose first word could start
    with an optional letter ("s?...") would be missed there, so none may."""
    from claimmap.timeparse import _AT_LETTER, _WORD_FIRSTS
    for kind, pattern, firsts in _WORD_FIRSTS:
        for first in firsts:
            if first[0].isalpha():
                assert first[1:2] not in ("?", "*", "{"), (kind, first)
                assert pattern in [p for _, p, _ in _AT_LETTER[first[0]]], (kind, first)


def test_phrases_at_the_edges_of_the_searched_span():
    from claimmap.timeparse import find_times
    text = "yesterday troops left; on Monday they returned"
    assert [p.text for p in find_times(text)] == ["yesterday", "on Monday"]
    assert [p.text for p in find_times(text, 23)] == ["on Monday"]
    assert [p.text for p in find_times(text, 24)] == ["Monday"]  # "n Monday": the day alone


@pytest.mark.parametrize("text", ["Russian forces may 20 attack", "Ukraine may attack in May 10 days from now"])
def test_may_is_a_month_only_with_its_preposition_or_year(text):
    assert all(phrase.kind != "month" for phrase in find_times(text))
