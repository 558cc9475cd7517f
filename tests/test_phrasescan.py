"""PhraseScan finds exactly its pattern's matches, only faster."""
import re
from pathlib import Path

import pytest

from claimmap.extract import attribution, patterns, triggers, words
from claimmap.phrasescan import PhraseScan, alternatives, letter_first, letter_trie
from claimmap.reporttext import decode_report, lowercase, report_text

REPORTS = sorted((Path(__file__).parent / "reports").glob("*.txt"))


def _found(matches):
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def test_alternatives_split_at_the_top_level_only():
    assert alternatives(r"""took|fell\ to
        |(?:raised|hoisted)\ flag|[|)]x""") == [r"took", r"fell\ to", r"(?:raised|hoisted)\ flag", "[|)]x"]


def test_leading_groups_are_multiplied_out_and_lookbehinds_dropped():
    assert letter_first(r"(?:raised|hoisted)\ flag") == [r"raised\ flag", r"hoisted\ flag"]
    assert letter_first(r"(?:heavy\ |fierce\ )?fighting") == [r"heavy\ fighting", r"fierce\ fighting", "fighting"]
    assert letter_first(r"(?<!the\ )(?<!in\ )occupied") == ["occupied"]
    assert letter_first(r"\b(?:on|last)\ monday") == [r"on\ monday", r"last\ monday"]
    assert letter_first(r"(?:[\w-]+\ )+held") == [r"(?:[\w-]+\ )+held"]  # repeated: left alone


def test_letter_trie_keeps_every_alternative():
    assert letter_trie(["entered", "enters?", "evacuated", "took"]) == "e(?:n(?:tered|ters?)|v(?:acuated))|t(?:o(?:ok))"


def test_a_left_out_lookbehind_still_holds():
    scan = PhraseScan(r"(?<!the\ )occupied|took")
    text = "the occupied town, which they occupied and took"
    assert _found(scan.finditer(text)) == _found(scan.pattern.finditer(text)) == [(30, 38, None), (43, 47, None)]
    assert scan.search(text, 0, 20) is None


_SCRIPTS = [frozenset(scripts) for scripts in (("latin",), ("cyrillic",), ("latin", "cyrillic"))]


@pytest.mark.parametrize("scan", [*map(triggers._triggers_for, _SCRIPTS), attribution._REPORT_CUE], ids=lambda s: s.pattern.pattern[:40])
def test_the_extractors_scans_match_their_patterns_on_every_test_report(scan):
    for path in REPORTS:
        text = lowercase(report_text(decode_report(path.read_bytes())))
        assert _found(scan.finditer(text)) == _found(scan.pattern.finditer(text)), path.name
        middle = len(text) // 2
        assert _found(scan.finditer(text, 5, middle)) == _found(scan.pattern.finditer(text, 5, middle)), path.name


# Every way the coreference pattern may start, in both cases: its leading class of first letters must let each through.
_COREFERENCES = ("the city", "this town", "that village", "the settlement", "the locality", "the urban-type settlement",
                 "из города", "в городе", "у місті", "з міста", "до села", "от села", "від міста", "над селом",
                 "под городом", "під містом", "город", "городом", "місто", "село", "селе", "селище", "поселок",
                 "посёлок", "поселка")


def test_the_coreference_patterns_first_letters_let_every_phrase_through():
    """`_COREFERENCE` opens with a class of its first letters (a speed-up); without it, the same matches."""
    leading = re.match(r"\(\?=\[[^\]]+\]\)", patterns._COREFERENCE.pattern)
    assert leading, "the pattern opens with its first letters"
    plain = re.compile(patterns._COREFERENCE.pattern[leading.end():], patterns._COREFERENCE.flags)
    phrases = ". ".join(f"{p}. {p[:1].upper() + p[1:]}. {p.upper()}" for p in _COREFERENCES) + "."
    texts = [phrases] + [report_text(decode_report(path.read_bytes())) for path in REPORTS]
    for text in texts:
        assert [m.span() for m in patterns._COREFERENCE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    found = {m.group() for m in patterns._COREFERENCE.finditer(phrases)}
    assert set(_COREFERENCES) <= found and {"Город", "ПОСЁЛОК", "Під містом"} <= found  # the Russian/Ukrainian ones in any case


def test_searches_at_the_end_of_a_window_are_left_out_only_where_they_cannot_match():
    """`_NOT_YET` and `_DESCRIPTION` end at the end of the text searched; a cheap look at its last words decides
    whether to search (a speed-up). Wherever a pattern matches, the look must say yes. (A claimant's filler
    tail, `_subject_tail_start`, is stripped from the end without a regex, so it needs no such look.)
    `_SLOT_BEFORE`'s words are looked for in the last words first: the same start as a search of the whole."""
    examples = ["units would ", "forces will soon ", "troops were ordered to ", "orders ", "войска будут ",
                "подразделения планируют ", "він планирует вскоре ", "сили мають намір ", "decided to ",
                "a village located ", "the town that lies ", "the key hub ", "the ministry has", "strelkov, who",
                "the mod, which had also", "kyiv officials continued to", "the brigade went on to", "воно також",
                "izyum had already reportedly been fully ", "лиман уже полностью "]
    texts = examples + [lowercase(report_text(decode_report(path.read_bytes()))) for path in REPORTS]
    for text in texts:
        ends = [len(text)] + [m.end() for m in re.finditer(r"\s+", text)]
        for end in ends:
            start = max(0, end - 80)
            window = text[start:end]
            if patterns._NOT_YET.search(text, start, end):
                assert words._may_say_not_yet(window), window
            if triggers._DESCRIPTION.search(text, start, end):
                assert text.endswith(triggers._DESCRIPTION_ENDS, start, end), window
            assert words._fillers_before(text, start, end) == words._SLOT_BEFORE.search(text, start, end).start()
    assert all(patterns._NOT_YET.search(e) or triggers._DESCRIPTION.search(e)
               or words._subject_tail_start(e) < len(e) for e in examples)  # each example is a match: the looks above were put to the test
