"""The time words in data/lexicon/<language>.time.toml: every example reads as its file says, per language,
and a file the parser cannot use is refused with its name and the reason."""
from __future__ import annotations

import re

import pytest

from claimmap.lexiconfile import LEXICON_DIR, LexiconError
from claimmap.timeexamples import time_example_failures
from claimmap.timewords import TIME_WORDS, read_time_words, time_word_files


@pytest.mark.parametrize("file", time_word_files(), ids=lambda file: file.name)
def test_every_example_reads_as_its_file_says_and_no_counter_example_holds_a_time(file):
    count, failures = time_example_failures([file])
    assert count >= 10 and failures == []


def test_an_example_that_reads_otherwise_is_named(tmp_path):
    own = tmp_path / "mine.time.toml"
    own.write_text('language = "en"\nnot = ["Troops left at noon."]\n[[example]]\ntext = "on Friday"\n'
                   'written = "on Friday"\nmeans = "2022-09-10"\nprecision = "day"\n', encoding="utf-8")
    count, failures = time_example_failures([own])
    assert count == 2
    assert failures == [f"{own} [[example]] 1: 'on Friday' reads as ('on Friday', '2022-09-09', 'day'), "
                        "not ('on Friday', '2022-09-10', 'day')", f"{own} not: 'Troops left at noon.' holds ['noon']"]


@pytest.mark.parametrize("language", TIME_WORDS.languages)
def test_every_language_names_its_months_weekdays_and_relative_days(language):
    words = read_time_words([LEXICON_DIR / f"{language}.time.toml"])
    assert len(words.months_with_day) == 12 and len(set(words.month_numbers.values())) == 12
    assert all(words.weekdays) and words.day_offsets and words.named_hours and words.relative["next_day"]


@pytest.mark.parametrize("text, message", [
    ('language = "xx"', "`language` must be a language code dateparser knows"),
    ('language = "en"\nweekdays = ["monday"]', "`weekdays` must list 7 entries"),
    ('language = "en"\n[day_offsets]\nyesterday = "one"', "[day_offsets] 'yesterday' must be a number"),
    ('language = "en"\n[relative]\nlast_week = ["last week"]', "[relative] 'last_week' is none of"),
    ('language = "en"\n[context]\nbefore_noon = ["in the"]', "[context] 'before_noon' is none of"),
    ('language = "en"\n[[zone]]\nmatch = ["EST"]', "[[zone]] 1 needs `zone`"),
    ('language = "en"\n[relative]\nnext_day = ["the next (day"]', "missing ), unterminated subpattern"),
    ('language = "en"\n[named_hours\n', "mine.time.toml"),
])
def test_a_bad_time_words_file_is_refused_with_where_and_why(tmp_path, text, message):
    own = tmp_path / "mine.time.toml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape(message)):
        read_time_words([own])


def test_a_word_added_to_a_file_is_read(tmp_path):
    own = tmp_path / "mine.time.toml"
    own.write_text('language = "en"\n[named_hours]\ndawn = 5\n[[zone]]\nzone = "Asia/Tokyo"\nmatch = ["JST"]\n',
                   encoding="utf-8")
    words = read_time_words([LEXICON_DIR / "en.time.toml", own])
    assert words.named_hours["dawn"] == 5 and words.named_hours["noon"] == 12
    assert ("JST", "Asia/Tokyo") in words.zones


def test_a_new_languages_file_is_read_after_the_built_in_ones(tmp_path):
    for name in ("uk", "de", "en", "ru"):
        (tmp_path / f"{name}.time.toml").write_text(f'language = "{name}"\n', encoding="utf-8")
    (tmp_path / "de.toml").write_text('language = "de"\n', encoding="utf-8")  # a phrase file: not a time file
    files = time_word_files(tmp_path)
    assert [file.name for file in files] == ["en.time.toml", "ru.time.toml", "uk.time.toml", "de.time.toml"]
    assert read_time_words(files).languages == ("en", "ru", "uk", "de")


def test_the_lexicon_command_runs_the_time_word_examples_too():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "claimmap", "lexicon"], capture_output=True, text=True,
                            cwd=LEXICON_DIR.parents[1])
    count, _ = time_example_failures(time_word_files())
    assert result.returncode == 0, result.stdout
    assert f"time words: {count} examples: none failed" in result.stderr
