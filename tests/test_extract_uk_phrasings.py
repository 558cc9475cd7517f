"""Ukrainian phrasings met in real published text (issue 16), each in a sentence written for this test: the
phenomenon, not any article's words."""
from __future__ import annotations

from datetime import date

import pytest

from claimmap.extract import extract_report
from test_extract_ru_uk import rows  # the same rows, read the same way


@pytest.mark.parametrize("text, expected", [
    # an operation named after a region or town is neither: "це місто" is the town named before it
    ("Українські військові увійшли в Суджу на третій день Курської операції. Тепер це місто повністю під контролем ЗСУ.",
     [("Sudzha", "UA", "entered", "unknown", "asserts"), ("Sudzha", "UA", "holds", "unknown", "asserts")]),
    # a relative clause with its preposition ("міста, в яке зайшли"): the town it is about
    ("Кореспонденти побували в Ізюмі. Вони показали центр міста, в яке зайшли українські війська.",
     [("Izyum", "UA", "entered", "unknown", "asserts")]),
    # the noun "захід" (entry into), not "на захід" (westward)
    ("Того ж дня з'явилися дані про захід ЗСУ у Херсон.", [("Kherson", "UA", "entered", "unknown", "asserts")]),
    ("Колона рушила на захід у бік Херсона.", []),
])
def test_the_town_named_before_and_an_entry_named_as_a_noun(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # two phrases joined by "та" / "або" share the place after the second
    ("Росіяни заявили про оточення та захоплення Вовчанська, повідомив Пушилін.",
     [("Vovchansk", "contested", "encircled", "RU", "asserts"), ("Vovchansk", "RU", "captured", "RU", "asserts")]),
])
def test_coordinated_phrases_share_their_place(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # an area in square kilometres of a place is a part of it; "not encircled", naming no encircler, still contested
    ("Генштаб повідомив, що наші війська досі утримують 12 км² Покровська, і що Мирноград не перебуває в оточенні.",
     [("Pokrovsk", "contested", "contested", "UA", "asserts"), ("Myrnohrad", "contested", "encircled", "UA", "denies")]),
    ("The General Staff said Ukrainian troops hold 9 square kilometres of Pokrovsk.",
     [("Pokrovsk", "contested", "contested", "unknown", "asserts")]),
    # a denied capture and encirclement together: the capture's denial, one claim
    ("Синєгубов наголосив, що ніякого захоплення чи оточення Вовчанська немає.", [("Vovchansk", "UA", "captured", "UA", "denies")]),
])
def test_an_area_of_a_place_and_a_denied_encirclement(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


def claimants(text: str, gazetteer) -> list[tuple]:
    claims = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer).claims
    return [(c.place, c.claimed_controller, c.change, c.claimant, c.claimant_side) for c in claims]


@pytest.mark.parametrize("text, expected", [
    # "до самого міста": the town itself
    ("Росіяни вийшли майже впритул до самого Гуляйполя, повідомив Волошин.",
     [("Hulyaypole", "contested", "approaching", "Волошин", "UA")]),
    # "за їхніми даними": the speaker named before; a list after a negated phrase is no example of it
    ("Аналітики DeepState повідомили, що ворог просунувся у Вовчанську. За їхніми словами, не йдеться про захоплення інших сіл: "
     "Кліщіївка залишається під контролем ЗСУ.",
     [("Vovchansk", "contested", "contested", "Аналітики DeepState", "UA"),
      ("Klishchiivka", "UA", "holds", "Аналітики DeepState", "UA")]),
    # a Russian group of forces named by its adjective is Russia's
    ("Південним угрупованням військ звільнено Торецьк, заявило Міноборони РФ.",
     [("Toretsk", "RU", "captured", "Міноборони РФ", "RU")]),
    # "..., йдеться у звіті X" in the next sentence: the report's words too
    ("Українські підрозділи досі зберігають позиції на заході Торецька. Росіяни провели кілька атак поблизу міста, "
     "йдеться у звіті Інституту вивчення війни.",
     [("Toretsk", "contested", "contested", "Інституту вивчення війни", "unknown")]),
    # two facilities joined, and the source's date left out of its name
    ("ЗСУ контролюють окремі об'єкти та приватний сектор у Торецьку. Про це повідомили 3 травня в Міноборони України.",
     [("Toretsk", "contested", "contested", "Міноборони України", "UA")]),
])
def test_speakers_parts_and_lists_in_ukrainian_reports(text, expected, gazetteer):
    assert claimants(text, gazetteer) == expected


def test_a_part_of_a_place_as_a_later_list_item(gazetteer):
    # the listed villages' surroundings are no item; "кілька кварталів на сході X" is a part of X
    assert rows("Гвардійці звільнили Кіндрашівку, Радьківку та їхні околиці та кілька кварталів на сході Вовчанська.", gazetteer) == [
        ("Kindrashivka", "UA", "captured", "unknown", "asserts"), ("Radkivka", "UA", "captured", "unknown", "asserts"),
        ("Vovchansk", "contested", "contested", "unknown", "asserts")]


@pytest.mark.parametrize("text, expected", [
    # one body under two names ("Генеральний штаб ЗСУ", then "Генштаб"): its repeat is no second claim
    ("Сили оборони звільнили Вовчанськ, повідомив Генеральний штаб ЗСУ. Згодом Генштаб додав, що під час звільнення "
     "міста в полон потрапили троє окупантів.", [("Vovchansk", "UA", "captured", "Генеральний штаб ЗСУ", "UA")]),
    # holding the place just said to be taken, referred back to, restates the capture
    ("Генштаб повідомив, що українські військові звільнили Вовчанськ. За даними Генштабу, місто повністю під контролем наших сил.",
     [("Vovchansk", "UA", "captured", "Генштаб", "UA")]),
    # holding a place named again is a claim of its own
    ("Генштаб повідомив, що українські військові звільнили Вовчанськ. За даними Генштабу, Куп'янськ і далі під контролем наших сил.",
     [("Vovchansk", "UA", "captured", "Генштаб", "UA"), ("Kupyansk", "UA", "holds", "Генштабу", "UA")]),
])
def test_one_body_under_two_names_and_a_hold_restating_a_capture(text, expected, gazetteer):
    assert claimants(text, gazetteer) == expected


def test_a_report_named_by_a_nominal_clause_is_not_the_speaker(gazetteer):
    # "Те, що X написав, ...": X's report is the topic; the phrase after the clause is the quoted speaker's
    text = "«Те, що російський пропагандист написав про це, нічого не означає, і ніякого захоплення Вовчанська немає», – сказав Синєгубов."
    assert claimants(text, gazetteer) == [("Vovchansk", "UA", "captured", "Синєгубов", "UA")]


@pytest.mark.parametrize("text, expected", [
    # the place opens the clause in the locative, its subject (a side) between it and the phrase
    ("За словами речника, у Часовому Яру ЗСУ вдається відвойовувати окремі позиції.",
     [("Chasiv Yar", "contested", "contested", "unknown", "asserts")]),
    ("Сили оборони відвойовують позиції у Куп'янську.", [("Kupyansk", "contested", "contested", "unknown", "asserts")]),
    # a phrase with an object of its own ("контролюють вокзал") says nothing of the whole place
    ("У Куп'янську ЗСУ контролюють вокзал.", []),
])
def test_regaining_positions_with_the_place_before_its_subject(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # "цю територію", "эту территорию" after a place: that place; a bare "території" is any area
    ("ЗСУ звільнили Вовчанськ. Росіяни окупували цю територію ще навесні.",
     [("Vovchansk", "UA", "captured", "unknown", "asserts"), ("Vovchansk", "RU", "captured", "unknown", "asserts")]),
    ("Российские войска заняли Торецк. Ранее ВСУ оставили эту территорию.",
     [("Toretsk", "RU", "captured", "unknown", "asserts"), ("Toretsk", "RU", "withdrew", "unknown", "asserts")]),
    ("Ворог захопив 200 км² території біля Вовчанська.", []),
])
def test_this_territory_is_the_place_named_before(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected
