"""The control phrases in data/lexicon/: every entry's examples give its claim, its `not` examples do not.

Each example is a sentence written for the lexicon (not copied from any report); `claimmap.extract.examples`
says what running one checks.
"""
from __future__ import annotations

import re
from datetime import date

import pytest

from claimmap.extract import extract_report
from claimmap.extract.examples import example_failures
from claimmap.extract.lexicon import CHANGES, LANGUAGES, LexiconError, lemma_forms, load_phrases, phrase_table, read_phrases
from claimmap.extract.words import _NOT_YET_INFIX, _NOT_YET_LAST_WORDS
from claimmap.lexiconfile import CYRILLIC, word_class
from claimmap.phrasescan import alternatives

PHRASES = load_phrases("")


def _changes(text: str, gazetteer) -> set[str]:
    return {claim.change for claim in extract_report(text, report_date=date(2024, 3, 1), tz="Europe/Kyiv",
                                                     gazetteer=gazetteer).claims}


def test_every_language_has_phrases_for_every_change_and_every_entry_an_example():
    for language in LANGUAGES:
        changes = {phrase.gives for phrase in PHRASES if phrase.language == language}
        assert changes == set(CHANGES), language
    assert [phrase.origin for phrase in PHRASES if not phrase.examples] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_examples_give_their_claim_and_the_counter_examples_do_not(language, gazetteer):
    assert example_failures([p for p in PHRASES if p.language == language], gazetteer) == []


def test_a_lemma_stands_for_its_forms():
    assert set(lemma_forms("ru", "освободить", "VERB,past")) == {"освободил", "освободила", "освободило", "освободили"}
    assert "отошел" in lemma_forms("ru", "отойти", "VERB,past")  # "ё" is often written "е"
    assert set(lemma_forms("uk", "звільнити", "VERB,past")) == {"звільнив", "звільнила", "звільнило", "звільнили"}


def test_an_analysts_own_lexicon_file_adds_phrases(tmp_path, monkeypatch, gazetteer):
    sentence = "Ukrainian marines planted their flag in Krynky."
    assert "captured" not in _changes(sentence, gazetteer)
    own = tmp_path / "mine.toml"
    own.write_text('language = "en"\n[[phrase]]\nchange = "captured"\nmatch = ["planted (?:their|the|a) flag in"]\n'
                   f'examples = ["{sentence}"]\n', encoding="utf-8")
    monkeypatch.setenv("CLAIMMAP_LEXICON", str(own))
    assert "captured" in _changes(sentence, gazetteer)
    assert load_phrases()[-1].origin.startswith(str(own))


@pytest.mark.parametrize("text, message", [
    ('language = "xx"', "`language` must be one of"),
    ('language = "en"\n[[phrase]]\nchange = "took"\nmatch = ["took"]', "'took' is none of"),
    ('language = "en"\n[[phrase]]\nchange = "captured"\nmatch = ["took ("]', "missing ), unterminated subpattern"),
    ('language = "en"\n[[phrase]]\nchange = "captured"\nmatch = ["took {place}"]', "no word class {place}"),
    ('language = "ru"\n[[phrase]]\nchange = "captured"\nmatch = ["<взятьщ:VERB,past>"]', "pymorphy3 knows no"),
    ('language = "en"\n[[phrase]\n', "mine.toml"),
])
def test_a_bad_lexicon_file_is_refused_with_where_and_why(tmp_path, text, message):
    own = tmp_path / "mine.toml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape(message)):
        read_phrases(own)


def test_the_docs_phrase_table_is_the_lexicons():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[1] / "docs" / "extraction.md").read_text(encoding="utf-8")
    assert phrase_table(PHRASES) in docs, "regenerate it: python -m claimmap.extract.lexicon"



@pytest.mark.parametrize("name, words", [
    ("force", ("units", "подразделения", "підрозділи")), ("civilian", ("refugees", "жители", "мешканці")),
    ("denial_verb", ("denied", "опроверг", "спростував")), ("hedge", ("reportedly", "якобы", "нібито")),
    ("report_noun", ("statement", "сообщения", "повідомлення")), ("hedging_cue", ("claiming", "утверждения", "твердження")),
    ("direction_stem", ("центральн", "южн", "західн")), ("part_stem", ("част", "окраин", "околиц")),
    ("part_of_noun", ("neighborhoods", "outskirts", "banks")),
    ("slot_force", ("forces", "подразделениями", "військами")), ("pronoun", ("they", "мы", "вона")),
    ("enemy_genitive", ("противника", "россиян", "окупантів")),
    ("according_to", ("as reported by", "по данным", "за інформацією")), ("source_noun", ("картою", "отчёту")),
    ("subject_tail", ("continued to", "также", "також")),
    ("anaphor_form", ("поселка", "містом", "населенный пункт")), ("anaphor_preposition", ("под", "від")),
    ("intention", ("ordered the units to", "планируют", "мають намір")),
    ("ongoing", ("ведутся", "ведуться")), ("still_there", ("остаётся", "залишаються", "перебуває")),
    ("slot_place_noun", ("населённые пункты", "селищем", "пгт", "localities")),
    ("slot_opening", ("urban-type settlement of", "downtown")), ("slot_area", ("the remaining parts of", "in the")),
    ("partly", ("partially", "частично", "частково")),
    ("share", ("two-thirds", "большую часть", "половину")), ("area_unit", ("sq km", "кв. км", "квадратних кілометрів")),
    ("clause_break", ("followed by", "чтобы", "після")), ("subject_break", ("although", "которые", "яке")),
    ("subject_lead", ("moments later", "кроме того", "нагадаємо")), ("statement_locative", ("звіті", "отчёте")),
    ("negation", ("failed to", "нет", "немає")), ("no_determiner", ("no", "никакого", "ніяких")),
    ("falsehood", ("was untrue", "не соответствует действительности", "брехня")), ("disjunction", ("or", "либо", "чи")),
    ("and_word", ("&", "й", "и")), ("surroundings", ("outskirts", "околиці", "окрестности")),
    ("according_to_them", ("по её словам", "за його даними")),
    ("denial_verb", ("disputes", "спростовують", "отрицает")), ("contrast", ("even though", "хотя", "проте")),
    ("settlement_plural", ("villages", "населённых пунктов", "селища")), ("region_word", ("people's", "области", "напрямку")),
    ("filler", ("continuing", "по-прежнему", "перебувають", "ожесточённые")),
    ("including", ("such as", "в их числе", "зокрема")), ("road", ("motorway", "трассе", "трасі")),
    ("it_object", ("the news", "эти данные", "цю інформацію")),
    ("wanting", ("hurried", "хотят", "хочуть")),
    ("side_of_it", ("на заході", "в сході", "на севере")),
])
def test_a_word_class_holds_every_languages_words(name, words):
    pattern = re.compile(rf"(?:{word_class(name)})", re.X)
    assert [word for word in words if not pattern.fullmatch(word)] == []


def test_a_word_class_may_be_read_for_some_languages_only():
    assert re.fullmatch(word_class("about", CYRILLIC), "майже")
    assert not re.fullmatch(word_class("about", CYRILLIC), "about")


def test_the_not_yet_shortcut_knows_the_last_word_of_every_intention():
    """words._may_say_not_yet skips the _NOT_YET search unless a last word of the `intention` class ends the words
    before a phrase: a word added to the class must be one it knows."""
    lasts = [alternative.split("\\ ")[-1] for alternative in alternatives(word_class("intention"))]
    assert [last for last in lasts if _NOT_YET_INFIX not in last
            and not any(re.fullmatch(last, word) for word in _NOT_YET_LAST_WORDS)] == []


def test_a_word_class_nobody_wrote_is_an_error():
    with pytest.raises(LexiconError, match="no word class 'tanks'"):
        word_class("tanks")


def test_the_lexicon_command_checks_an_analysts_file_and_names_what_fails(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    own = tmp_path / "mine.toml"
    own.write_text('language = "en"\n[[phrase]]\nchange = "captured"\nlabel = "planted a flag in"\n'
                   'match = ["planted (?:their|the|a) flag in"]\n'
                   'examples = ["Ukrainian marines planted their flag in Krynky."]\n'
                   'not = ["Ukrainian marines planted the flag in Krynky on Friday."]\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "claimmap", "lexicon", str(own)], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    # The counter-example is written wrong (it is a capture too): the command names it, and fails.
    assert result.returncode == 1
    assert f"{own} [1] 'planted a flag in': a captured claim from" in result.stdout
    assert "1 failed" in result.stderr
    table = subprocess.run([sys.executable, "-m", "claimmap", "lexicon", "--table", str(own)], capture_output=True,
                           text=True, cwd=Path(__file__).resolve().parents[1])
    assert table.returncode == 0 and "planted a flag in" in table.stdout


def test_extract_refuses_an_unusable_lexicon_file_with_its_name_and_reason(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    own = tmp_path / "mine.toml"
    own.write_text('language = "en"\n[[phrase]]\nchange = "grabbed"\nmatch = ["grabbed"]\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "claimmap", "extract", "-", "--report-date", "2024-03-01"],
                            input="Russian troops entered Izium.", capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[1], env={**os.environ, "CLAIMMAP_LEXICON": str(own)})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: {own} [1]: 'grabbed' is none of")
