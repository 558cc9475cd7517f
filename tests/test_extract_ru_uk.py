"""Russian and Ukrainian phrasings met in real published text (issue 16), each in a sentence written for
this test: the phenomenon, not any article's words."""
from __future__ import annotations

from datetime import date

import pytest

from claimmap.extract import extract_report


def rows(text: str, gazetteer) -> list[tuple]:
    claims = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer).claims
    return [(c.place, c.claimed_controller, c.change, c.claimant_side, c.stance) for c in claims]


@pytest.mark.parametrize("text, expected", [
    # "просунувся у": either preposition, any person and number of the verb
    ("Противник просунувся у Вовчанську та Куп'янську, повідомили аналітики DeepState.",
     [("Vovchansk", "contested", "contested", "UA", "asserts"), ("Kupyansk", "contested", "contested", "UA", "asserts")]),
    ("Российские войска продвинулись в Купянске, сообщил Пушилин.", [("Kupyansk", "contested", "contested", "RU", "asserts")]),
    # the place before "йдуть бої", the Ukrainian verb as well as the Russian one
    ("Речник наголосив, що за Бахмут йдуть запеклі бої.", [("Bakhmut", "contested", "contested", "unknown", "asserts")]),
])
def test_advancing_in_and_fighting_for_a_place(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # "half of it", "partly": a share of the place, fighting for the rest
    ("Половина Бахмута перебуває під контролем росіян, заявила Маляр.", [("Bakhmut", "contested", "contested", "UA", "asserts")]),
    ("Вовчанськ частково контролюється російськими силами, повідомили в DeepState.",
     [("Vovchansk", "contested", "contested", "UA", "asserts")]),
    ("Росіяни частково контролюють Вовчанськ, повідомили в DeepState.", [("Vovchansk", "contested", "contested", "UA", "asserts")]),
    # the passive with the holder in the instrumental
    ("Купянск контролируется украинскими войсками, сообщил Пушилин.", [("Kupyansk", "UA", "holds", "RU", "asserts")]),
])
def test_passive_and_partial_control(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected
