"""English phrasings met in real published text (issue 16), each in a sentence written for this test: the
phenomenon, not any article's words."""
from __future__ import annotations

from datetime import date

import pytest

from claimmap.extract import extract_report


def rows(text: str, gazetteer) -> list[tuple]:
    claims = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer).claims
    return [(c.place, c.claimed_controller, c.change, c.claimant_side, c.stance) for c in claims]


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
