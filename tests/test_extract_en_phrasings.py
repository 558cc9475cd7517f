"""English phrasings met in real published text (issue 16), each in a sentence written for this test: the
phenomenon, not any article's words."""
from __future__ import annotations

from datetime import date

import pytest

from claimmap.extract import extract_report
from test_extract_ru_uk import rows  # the same rows, read the same way


@pytest.mark.parametrize("text, expected", [
    # a foothold is an entry into a part of the place: entered, the controller contested
    ("Russian assault groups gained a foothold in Toretsk, the brigade said.",
     [("Toretsk", "contested", "entered", "unknown", "asserts")]),
    # so the same speaker's later share of the place is a second claim, not a repeat of the first
    ("Vladyslav Voloshyn said the enemy had secured a foothold in Kupiansk. Later Vladyslav Voloshyn said Ukrainian "
     "units controlled half of Kupiansk.",
     [("Kupyansk", "contested", "entered", "UA", "asserts"), ("Kupyansk", "contested", "contested", "UA", "asserts")]),
    # keeping one is holding a part: fighting there
    ("Ukrainian marines have maintained a foothold in Krynky for months.", [("Krynky", "contested", "contested", "unknown", "asserts")]),
])
def test_a_foothold_is_an_entry_into_a_part(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # "the capital of X" names X as "the city of X" does
    ("Ukrainian defenders repelled a Russian attempt to storm the regional capital of Kharkiv in May.",
     [("Kharkiv", "UA", "holds", "unknown", "asserts")]),
    # a clause whose subject is "they" acts for the side named before it in the sentence
    ("The autumn brought the largest gains for Ukrainian troops since they foiled an effort to capture the capital of Kyiv.",
     [("Kyiv", "UA", "holds", "unknown", "asserts")]),
])
def test_a_capital_and_a_side_named_by_they(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # a passive confirmation right after a claim is the second speaker's claim of the same
    ("Russian troops have taken Vuhledar, the Russian defence ministry said. The claim was later confirmed by Denis "
     "Pushilin on Telegram.",
     [("Vuhledar", "RU", "captured", "RU", "asserts"), ("Vuhledar", "RU", "captured", "RU", "asserts")]),
    # a passive with a "that" clause of its own is about something else
    ("Ukrainian troops entered Kherson on Friday. It was confirmed by residents that the bridge was down.",
     [("Kherson", "UA", "entered", "unknown", "asserts")]),
])
def test_a_claim_confirmed_in_the_passive_by_a_second_speaker(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, claimant", [
    # the last word of a time before the speaker, and "earlier" or "on (a date)" after it, are no part of the speaker
    ("On Friday night, Syrskyi said Ukrainian troops had retaken Kupiansk.", "Syrskyi"),
    ("Moscow earlier claimed to have taken Chasiv Yar.", "Moscow"),
    ("A Russian military blogger on Nov. 3 claimed that Russian troops captured Toretsk.", "Russian military blogger"),
    ("Evening bulletins said Russian troops captured Toretsk.", "Evening bulletins"),
])
def test_time_words_beside_a_speaker(text, claimant, gazetteer):
    claims = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer).claims
    assert [c.claimant for c in claims] == [claimant]


def test_a_standfirst_restating_the_body_is_no_claim_of_its_own(gazetteer):
    text = ("Ukraine retakes Kupiansk\n\nKyiv's troops have apparently pushed the Russian army out of Kupiansk, a rail "
            "hub on the Oskil, after a week of street fighting\n\nUkrainian forces liberated Kupiansk, the General "
            "Staff said on Friday.")
    assert rows(text, gazetteer) == [("Kupyansk", "UA", "captured", "unknown", "asserts")]


@pytest.mark.parametrize("text, expected", [
    # a side's victory in a place is its capture
    ("A Russian war blogger called Ukraine's victory in Robotyne a serious setback.",
     [("Robotyne", "UA", "captured", "unknown", "asserts")]),
    # a victory hoped for, or nobody's, is none
    ("Zelensky hopes for a victory in Kherson.", []),
])
def test_a_sides_victory_in_a_place(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # pulling back to a town's outskirts is leaving the town; reaching them is approaching it
    ("Ukrainian units pulled back to the outskirts of Vuhledar, the brigade said.",
     [("Vuhledar", "RU", "withdrew", "unknown", "asserts")]),
    ("Russian troops reached the outskirts of Kupiansk.", [("Kupyansk", "contested", "approaching", "unknown", "asserts")]),
])
def test_withdrawing_to_the_outskirts(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, claimant", [
    # words said by someone, named inside the subject: the speaker is the one after "by"
    ("The briefing came after remarks by Russian army chief Valery Gerasimov, who claimed Kupiansk had been taken.",
     "Russian army chief Valery Gerasimov"),
    ("It followed a statement by the defence ministry, which said Russian troops had taken Siversk.", "defence ministry"),
])
def test_the_speaker_of_remarks_by_someone(text, claimant, gazetteer):
    claims = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer).claims
    assert [c.claimant for c in claims] == [claimant]


@pytest.mark.parametrize("text, expected", [
    # "the post said": the speaker before it; one who cited someone else passes on that person's words
    ("Syrskyi said Ukrainian troops had retaken Kupiansk. The army published the news in a post on Sunday, citing "
     "Syrskyi. The post said Ukrainian troops had retaken Kupiansk.",
     [("Kupyansk", "UA", "captured", "UA", "asserts")]),
    ("Russian troops took Siversk, the Kremlin said. The post said Russian troops had also entered Lyman.",
     [("Siversk", "RU", "captured", "RU", "asserts"), ("Lyman", "RU", "entered", "RU", "asserts")]),
])
def test_a_post_speaks_for_its_author_or_the_one_it_cites(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # troops filmed in a place, pointed to by a named speaker, are there; footage on its own is no speaker
    ("The institute said geolocated footage of Russian troops in Toretsk showed them near the mine.",
     [("Toretsk", "RU", "entered", "unknown", "asserts")]),
    ("Footage published on Friday shows Russian troops raising a flag in Kupiansk.", []),
])
def test_footage_of_troops_in_a_place(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected
