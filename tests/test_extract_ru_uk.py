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


def claimants(text: str, gazetteer) -> list[tuple]:
    claims = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer).claims
    return [(c.place, c.claimed_controller, c.claimant, c.claimant_side) for c in claims]


@pytest.mark.parametrize("text, expected", [
    # any form of a reporting verb, the speaker before it ...
    ("Министр обороны России доложил о взятии под контроль Купянска.", [("Kupyansk", "RU", "Министр обороны России", "RU")]),
    ("Пушилин подчеркнул, что ВСУ оставили Купянск.", [("Kupyansk", "RU", "Пушилин", "RU")]),
    ("Синєгубов наголосив, що Сили оборони утримують Куп'янськ.", [("Kupyansk", "UA", "Синєгубов", "UA")]),
    # ... or after it, past an opening that is no speaker
    ("Как отметили в Министерстве обороны России, войска заняли Купянск.",
     [("Kupyansk", "RU", "Министерстве обороны России", "RU")]),
    ("Однако Минобороны подтвердило взятие Купянска.", [("Kupyansk", "RU", "Минобороны", "RU")]),
    # "где ему доложили": reported to someone, by nobody named
    ("Президент посетил штаб, где ему доложили о взятии Купянска российскими войсками.", [("Kupyansk", "RU", "", "unknown")]),
])
def test_russian_and_ukrainian_reporting_verbs_and_their_speakers(text, expected, gazetteer):
    assert claimants(text, gazetteer) == expected


@pytest.mark.parametrize("text", [
    "Взятие этих сёл важно для дальнейшего освобождения Купянска, отметили в Минобороны.",
    "Росіяни стягують резерви для захоплення Куп'янська, повідомив Трегубов.",
    "Ворог прагне захопити Куп'янськ, заявив Трегубов.",
])
def test_a_purpose_is_no_claim(text, gazetteer):
    assert rows(text, gazetteer) == []


def test_settlements_in_the_plural_are_not_the_one_named_last(gazetteer):
    text = "Российские войска освободили Купянск. В Минобороны подчеркнули, что освобождение населенных пунктов важно."
    assert [c.place for c in extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv",
                                            gazetteer=gazetteer).claims] == ["Kupyansk"]


@pytest.mark.parametrize("text, expected", [
    # a liberation, or "taking under control", that the speaker reports without naming who: its own side's
    ("Генштаб ЗСУ повідомив про звільнення Куп'янська.", [("Kupyansk", "UA", "Генштаб ЗСУ", "UA")]),
    ("Российские войска вошли в Бахмут. Генштаб ЗСУ повідомив про звільнення Куп'янська.",
     [("Bakhmut", "RU", "", "unknown"), ("Kupyansk", "UA", "Генштаб ЗСУ", "UA")]),  # not the actor of the claim before
    ("Пушилин сообщил о взятии под контроль Купянска.", [("Kupyansk", "RU", "Пушилин", "RU")]),
    # a denial of a capture says the place is the denier's
    ("Генштаб ЗСУ спростував захоплення Куп'янська.", [("Kupyansk", "UA", "Генштаб ЗСУ", "UA")]),
])
def test_a_liberation_reported_without_an_actor_is_the_speakers(text, expected, gazetteer):
    assert claimants(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # the examples after "среди которых", "у тому числі"; the places after "чотири села —"; the enemy cleared out
    ("За неделю российские войска освободили 5 населенных пунктов, среди которых Богородичное и Купянск, сообщил Пушилин.",
     [("Bohorodychne", "RU", "captured", "RU", "asserts"), ("Kupyansk", "RU", "captured", "RU", "asserts")]),
    ("Наші війська зачистили від ворога два села — Богородичне та Куп'янськ, повідомив Сирський.",
     [("Bohorodychne", "UA", "captured", "UA", "asserts"), ("Kupyansk", "UA", "captured", "UA", "asserts")]),
    # the enemy it is cleared of, or in the genitive, is not who acts
    ("Спецпідрозділ ЗСУ повністю зачистив від окупантів населений пункт Богородичне, наголосив Синєгубов.",
     [("Bohorodychne", "UA", "captured", "UA", "asserts")]),
    ("Российские войска, преодолевая сопротивление противника, освободили Купянск, сообщил Пушилин.",
     [("Kupyansk", "RU", "captured", "RU", "asserts")]),
    # de-occupied, returned under its own control, blocked
    ("Синєгубов повідомив, що ЗСУ повернули під свій контроль Богородичне.", [("Bohorodychne", "UA", "captured", "UA", "asserts")]),
    ("Синєгубов повідомив, що наші захисники деокупували Богородичне.", [("Bohorodychne", "UA", "captured", "UA", "asserts")]),
    ("Российские войска блокировали город Лисичанск с юга, сообщил Конашенков.",
     [("Lysychansk", "contested", "encircled", "RU", "asserts")]),
])
def test_lists_cleared_places_and_more_capture_verbs(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


def test_a_relative_clause_is_about_the_places_before_it(gazetteer):
    text = "Бои идут за Купянск и Боровую, которые пока под контролем ВСУ."
    assert rows(text, gazetteer) == [
        ("Kupyansk", "contested", "contested", "unknown", "asserts"), ("Borova", "contested", "contested", "unknown", "asserts"),
        ("Kupyansk", "UA", "holds", "unknown", "asserts"), ("Borova", "UA", "holds", "unknown", "asserts")]
    assert rows("У Богородичному, який наші захисники деокупували, встановили прапор.", gazetteer) == [
        ("Bohorodychne", "UA", "captured", "unknown", "asserts")]
    # the relative word in the genitive, after a preposition and a part of the place it owns, and a region between
    assert rows("Корреспондент снял улицы Торецка, из которого отступили ВСУ.", gazetteer) == [
        ("Toretsk", "RU", "withdrew", "unknown", "asserts")]
    assert rows("Опубликованы снимки города Торецк в ДНР, из восточных кварталов которого отходят ВСУ.", gazetteer) == [
        ("Toretsk", "contested", "contested", "unknown", "asserts")]


@pytest.mark.parametrize("text, expected", [
    # a part of the place named last, nothing after it; "in small groups" are troops
    ("Речник угруповання розповів про ситуацію в Мирнограді. За його словами, росіяни увійшли невеликими групами на "
     "північні околиці, але їх відрізали від постачання.", [("Myrnohrad", "contested", "contested", "UA", "asserts")]),
    ("Пушилин рассказал о ситуации в Торецке: украинские военные зашли малыми группами на южные окраины, но были остановлены.",
     [("Toretsk", "contested", "contested", "RU", "asserts")]),
])
def test_entering_a_part_of_the_place_named_before(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # the kind of place in the genitive plural before a list of names; a bare number of places is still no claim
    ("Минобороны России сообщило об освобождении сел Курахово и Угледар на южном направлении.",
     [("Kurakhove", "RU", "captured", "RU", "asserts"), ("Vuhledar", "RU", "captured", "RU", "asserts")]),
    ("Генштаб ЗСУ повідомив про звільнення сіл Ізюм та Балаклія.",
     [("Izyum", "UA", "captured", "UA", "asserts"), ("Balakliya", "UA", "captured", "UA", "asserts")]),
    ("Минобороны России сообщило об освобождении 5 населенных пунктов на южном направлении.", []),
])
def test_places_named_after_their_kind_in_the_plural(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("region, name", [
    ("Донеччина", "Donetsk Oblast"), ("на Донеччині", "Donetsk Oblast"), ("Харківщини", "Kharkiv Oblast"),
    ("Курщина", "Kursk Oblast"), ("Белгородчина", "Belgorod Oblast"), ("Луганщину", "Luhansk Oblast"),
])
def test_a_region_named_as_one_noun(region, name, gazetteer):
    place = gazetteer.resolve(region).place
    assert (place.name, place.feature) == (name, "region")


@pytest.mark.parametrize("text, expected", [
    # a capture called unreliable, made up or a provocation: denied, the place the denier's
    ("Інформація про захоплення міста Куп'янськ – недостовірна, повідомив Синєгубов.", [("Kupyansk", "UA", "captured", "UA", "denies")]),
    ("Сообщения о взятии Купянска — выдумка, заявил Синегубов.", [("Kupyansk", "UA", "captured", "UA", "denies")]),
    ("Генштаб ЗСУ назвав заяву РФ провокацією і підкреслив: Куп'янськ перебуває під контролем Сил оборони України.",
     [("Kupyansk", "UA", "holds", "UA", "denies")]),
])
def test_a_rebuttal_carries_the_speakers_position(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("name, place", [
    ("Дзержинск", "Toretsk"), ("Красноармейска", "Pokrovsk"), ("Артёмовск", "Bakhmut"), ("Артемовске", "Bakhmut"),
])
def test_soviet_names_russian_sources_use(name, place, gazetteer):
    assert gazetteer.resolve(name).place.name == place  # not Dzerzhinsk near Nizhny Novgorod


@pytest.mark.parametrize("text, expected", [
    ("Российские штурмовики выбили украинских боевиков из села Богородичное, сообщил Пушилин.",
     [("Bohorodychne", "RU", "captured", "RU", "asserts")]),  # the side ousted does not take it
    ("Российская армия полностью установила контроль над селом Богородичное, написал Пушилин.",
     [("Bohorodychne", "RU", "captured", "RU", "asserts")]),
    # the captured place is the slot: "включая" further on lists no example of it (Кисловка, once unknown, is a
    # KATOTTG village now, so the capture the sentence takes for granted is Pushilin's claim)
    ("Захват Кисловки создает условия для давления на оборону противника, включая Богородичное, отметил Пушилин.",
     [("Kyslivka", "RU", "captured", "RU", "asserts")]),
])
def test_ousting_and_what_a_list_is_of(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # still occupied: Russia holds it
    ("Богородичне залишається окупованим уже тривалий час, повідомили в DeepState.", [("Bohorodychne", "RU", "holds", "UA", "asserts")]),
    ("Купянск по-прежнему остаётся оккупированным, заявил Синегубов.", [("Kupyansk", "RU", "holds", "UA", "asserts")]),
])
def test_a_place_that_remains_occupied(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


def test_a_reminder_opening_is_no_speaker(gazetteer):
    text = "Нагадаємо, раніше Сирський повідомив, що українські війська утримують Куп'янськ."
    assert claimants(text, gazetteer) == [("Kupyansk", "UA", "Сирський", "UA")]


@pytest.mark.parametrize("text, expected", [
    # a share of the place after the verb, with or without a size word: fighting for the rest
    ("ЗСУ контролюють частину Бахмута, заявила Маляр.", [("Bakhmut", "contested", "contested", "UA", "asserts")]),
    ("Росіяни захопили значну частину Бахмута, заявила Маляр.", [("Bakhmut", "contested", "contested", "UA", "asserts")]),
    # a quarter or a fortified area of it, or one side of it ("на заході", not "на захід від")
    ("Українські війська контролюють приватний сектор у Бахмуті.", [("Bakhmut", "contested", "contested", "unknown", "asserts")]),
    ("Наші бійці зберігають свої позиції в укріпрайоні на заході Бахмута.",
     [("Bakhmut", "contested", "contested", "unknown", "asserts")]),
    ("Українські війська утримують позиції на захід від Бахмута.", []),
    # "keep positions" is holding, as "hold positions" is
    ("Українські війська зберігають позиції у Бахмуті.", [("Bakhmut", "UA", "holds", "unknown", "asserts")]),
    ("Российские войска сохраняют позиции в Купянске.", [("Kupyansk", "RU", "holds", "unknown", "asserts")]),
])
def test_part_of_a_place_and_keeping_positions(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # "відповідно до / згідно з / согласно" and a source noun (data, map, report): the source named after it speaks
    ("Відповідно до мапи DeepState, росіяни захопили Торецьк.", [("Toretsk", "RU", "DeepState", "UA")]),
    ("Згідно з даними DeepState, половина Бахмута під контролем росіян.", [("Bakhmut", "contested", "DeepState", "UA")]),
    ("Согласно данным Минобороны России, войска заняли Торецк.", [("Toretsk", "RU", "Минобороны России", "RU")]),
    # a law or a plan is no source
    ("Відповідно до закону, росіяни захопили Торецьк.", [("Toretsk", "RU", "", "unknown")]),
])
def test_according_to_a_sources_data(text, expected, gazetteer):
    assert claimants(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # "йдеться у (свіжому) звіті X", "говорится в сводке X": the report's author speaks, not the report
    ("Наші війська зберігають позиції у Бахмуті, йдеться у свіжому звіті ISW.", [("Bakhmut", "UA", "ISW", "unknown")]),
    ("Российские войска заняли Торецк, говорится в сводке Минобороны России.", [("Toretsk", "RU", "Минобороны России", "RU")]),
])
def test_the_author_of_a_report_named_after_it(text, expected, gazetteer):
    assert claimants(text, gazetteer) == expected


def claimants(text: str, gazetteer) -> list[tuple]:
    claims = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer).claims
    return [(c.place, c.claimed_controller, c.claimant, c.claimant_side) for c in claims]


@pytest.mark.parametrize("text, expected", [
    # a quoted statement "йдеться в повідомленні": the body that "повідомило" in the sentence before
    ("Командування Сил оборони повідомило про успіхи. «Звільнено Роботине», – йдеться в повідомленні.",
     [("Robotyne", "UA", "Командування Сил оборони", "UA")]),
    ("Минобороны России сообщило об успехах. «Освобождена Марьинка», – говорится в сообщении.",
     [("Mar'yinka", "RU", "Минобороны России", "RU")]),
    # nobody named before it: the report's own voice, not the word "повідомленні"; a liberation in Ukrainian is Ukraine's
    ("«Звільнено Роботине», – йдеться в повідомленні.", [("Robotyne", "UA", "", "unknown")]),
    ("Звільнено Кліщіївку.", [("Klishchiivka", "UA", "", "unknown")]),
    # the imperfective past of a reporting verb
    ("Генштаб ЗСУ повідомляв про звільнення Роботиного.", [("Robotyne", "UA", "Генштаб ЗСУ", "UA")]),
])
def test_a_statement_is_its_authors_and_imperfective_reporting_verbs(text, expected, gazetteer):
    assert claimants(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # an occupation is Russia's, whoever reports it; living through one is no claim
    ("Генштаб ЗСУ повідомив про окупацію Вугледара.", [("Vuhledar", "RU", "Генштаб ЗСУ", "UA")]),
    ("Речь идёт об оккупации российскими войсками Торецка, сообщили в DeepState.", [("Toretsk", "RU", "DeepState", "UA")]),
    ("Мешканці Ізюма пережили окупацію.", []),
])
def test_the_occupation_of_a_place(text, expected, gazetteer):
    assert claimants(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # a withdrawal named as a noun ("вывод войск из"), "сдали" (the subject gave the place up), present-tense retreats
    ("Генштаб ВСУ подтвердил вывод украинских подразделений из Марьинки.", [("Mar'yinka", "RU", "withdrew", "UA", "asserts")]),
    ("Военкор написал, что всушники сдали Марьинку.", [("Mar'yinka", "RU", "withdrew", "RU", "asserts")]),
    ("ВСУ отступают из Торецка, сообщил Пушилин.", [("Toretsk", "RU", "withdrew", "RU", "asserts")]),
    # "удалось освободить": an infinitive that says it was done, not an intention
    ("Российским военным удалось освободить Марьинку, сообщил Пушилин.", [("Mar'yinka", "RU", "captured", "RU", "asserts")]),
    # a flag set up on a building of the place
    ("На здании администрации Курахово установили флаг России, сообщил Пушилин.", [("Kurakhove", "RU", "captured", "RU", "asserts")]),
])
def test_withdrawals_and_captures_in_other_words(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # "Про це повідомили у X": the source, named in a sentence of its own after the claim (here a paragraph later)
    ("Українські підрозділи залишили Вугледар. Місто під обстрілами.\n\nПро це повідомили у Генштабі ЗСУ.",
     [("Vuhledar", "RU", "withdrew", "UA", "asserts")]),
    ("Российские войска заняли Торецк. Об этом сообщили в Минобороны РФ.", [("Toretsk", "RU", "captured", "RU", "asserts")]),
    # "з посиланням на заяву X": the one cited, not the outlet citing
    ("Сили оборони звільнили Кліщіївку. Про це пише видання з посиланням на заяву Генштабу ЗСУ.",
     [("Klishchiivka", "UA", "captured", "UA", "asserts")]),
    # a sentence with claims of its own between them: the source is no longer about the first
    ("Окупанти зайшли в Торецьк. Росіяни заявили, що захопили Часів Яр. Про це повідомили в DeepState.",
     [("Toretsk", "RU", "entered", "unknown", "asserts"), ("Chasiv Yar", "RU", "captured", "RU", "asserts")]),
])
def test_the_source_named_in_the_sentence_after(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # fighting named after the suburbs it is in; a distance from the place; fighting as "о боях в"; a blockade as a noun
    ("В пригородах Торецка и районах вокруг него ведутся боевые действия, заявил Сырский.",
     [("Toretsk", "contested", "approaching", "UA", "asserts")]),
    ("Российские подразделения стоят в нескольких километрах от Покровска, заявил Пушилин.",
     [("Pokrovsk", "contested", "approaching", "RU", "asserts")]),
    ("Пушилин рассказал о боях в Торецке.", [("Toretsk", "contested", "contested", "RU", "asserts")]),
    ("Минобороны сообщило о блокировании Угледара.", [("Vuhledar", "contested", "encircled", "RU", "asserts")]),
    # an advance in a place's direction is an approach, even one a capture made possible; an attempt at it is none
    ("Это позволило российским войскам продвинуться в направлении Мирнограда, пишет ISW.",
     [("Myrnohrad", "contested", "approaching", "unknown", "asserts")]),
    ("Пушилин рассказал, что противник пытается продвинуться в сторону Покровска.", []),
])
def test_approach_fighting_and_blockade_in_other_words(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # fighting "in the area of" a place is fighting near it, no claim about it
    ("У районі Бахмута тривають запеклі бої.", []),
    ("Бои идут в районе Торецка, а в самом Часовом Яре бои продолжаются.", [("Chasiv Yar", "contested", "contested", "unknown", "asserts")]),
    # a place's region between it and the phrase after it
    ("Місто Куп'янськ Харківської області залишається під контролем ЗСУ.", [("Kupyansk", "UA", "holds", "unknown", "asserts")]),
    # stopped at the approaches, within reach of the town
    ("Російські штурмові групи зупинили на підступах до Гуляйполя.", [("Hulyaypole", "contested", "approaching", "unknown", "asserts")]),
    ("Загарбники вийшли майже впритул до Покровська.", [("Pokrovsk", "contested", "approaching", "unknown", "asserts")]),
])
def test_the_area_of_a_place_its_region_and_its_approaches(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # "Об этом сообщили в X", "Про це повідомив X": the next sentence names who said this one
    ("Российские военные взяли под контроль город Курахово. Об этом вечером сообщили в Минобороны РФ.",
     [("Kurakhove", "RU", "captured", "RU", "asserts")]),
    ("Российские военные взяли под контроль город Курахово. Об этом Пушилин заявил в эфире.",
     [("Kurakhove", "RU", "captured", "RU", "asserts")]),
    ("Сили оборони звільнили Куп'янськ. Про це повідомили у Генштабі ЗСУ.", [("Kupyansk", "UA", "captured", "UA", "asserts")]),
])
def test_the_speaker_named_in_the_next_sentence(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # a quotation of two sentences, its speaker after "», —" (the comma after the closing mark), named before as "он"
    ("Российские войска выбили ВСУ из Торецка, сообщил военкор Иван Петров.\n\n"
     "«Российские войска полностью установили контроль над Торецком. Это подтверждают несколько источников», — написал он.",
     [("Toretsk", "RU", "captured", "RU", "asserts")]),
    # one speaker named twice in other words ("Герасимов на командном пункте", "начальник Генштаба Валерий Герасимов")
    ("Герасимов на командном пункте доложил о взятии Торецка. «Российские войска освободили Торецк», — сказал начальник "
     "Генштаба Валерий Герасимов.", [("Toretsk", "RU", "captured", "RU", "asserts")]),
    # the report restating its own claim, the second time saying whose troops: one claim, the one that says
    ("Вооруженные силы освободили Марьинку. Кроме того, российским военным удалось освободить Марьинку.",
     [("Mar'yinka", "RU", "captured", "unknown", "asserts")]),
])
def test_one_speaker_restating_a_claim_is_one_claim(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # the holder named before the place, which follows ("под контролем X находится вся территория Y")
    ("Как уточнил Пушилин, под контролем российских подразделений находится вся территория города Торецка.",
     [("Toretsk", "RU", "holds", "RU", "asserts")]),
    ("Под контролем ВСУ остаются Купянск и Боровая, сообщил Пушилин.",
     [("Kupyansk", "UA", "holds", "RU", "asserts"), ("Borova", "UA", "holds", "RU", "asserts")]),
    # the taker in the instrumental between the noun and the place
    ("Пушилин подтвердил взятие под контроль российскими войсками города Торецка.", [("Toretsk", "RU", "captured", "RU", "asserts")]),
    # a pocket formed in the place; troops pushed out of its centre (a part of it)
    ("В центре Торецка образован котёл, сообщил Пушилин.", [("Toretsk", "contested", "encircled", "RU", "asserts")]),
    ("Украинские подразделения были вытеснены из центральной части Торецка, сообщил Пушилин.",
     [("Toretsk", "contested", "contested", "RU", "asserts")]),
    # "освобожден от всего живого" is no liberation
    ("Город Марьинка освобожден от всего живого.", []),
])
def test_holders_takers_and_parts_in_russian_word_order(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


def test_a_quotation_closed_without_a_dash_is_read_without_warnings(gazetteer):
    text = "«Так выглядит Марьинка сейчас. Город освобожден от всего живого» Военкор показал кадры из города."
    extraction = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer)
    assert extraction.warnings == []


@pytest.mark.parametrize("text, expected", [
    # an aside between the places and the phrase locates them; the place inside it is no slot
    ("По данным Пушилина, Курахово и Марьинка, находящиеся примерно в 20 км к западу от Донецка, также перешли "
     "под контроль российских сил.", [("Kurakhove", "RU", "captured", "RU", "asserts"), ("Mar'yinka", "RU", "captured", "RU", "asserts")]),
    ("Kurakhove, located 30 km west of Donetsk, was captured by Russian forces, the ministry said.",
     [("Kurakhove", "RU", "captured", "unknown", "asserts")]),
    # the same without a word of lying: a reference point ("near", "40 km from"), also before a relative clause
    ("Izium, near Balakliia, has also been retaken by Ukrainian troops, the army said.", [("Izyum", "UA", "captured", "unknown", "asserts")]),
    ("Izium, some 40 km from Kupiansk, which Ukrainian forces retook in September, is quiet now.",
     [("Izyum", "UA", "captured", "unknown", "asserts")]),
    ("Лиман, розташований неподалік від Слов'янська, теж звільнили українські військові.", [("Lyman", "UA", "captured", "unknown", "asserts")]),
    # "озвучило сведения о том, что": a reporting verb
    ("Минобороны озвучило сведения о том, что военные РФ установили контроль над городом Украинск.",
     [("Ukrayinsk", "RU", "captured", "RU", "asserts")]),
    # "в ведомстве" after a statement by the ministry is the ministry: one claim
    ("Российские военные взяли под контроль город Курахово. Об этом сообщили в телеграм-канале Минобороны РФ.\n\n"
     "«Освобожден населенный пункт Курахово», — рассказали в ведомстве.", [("Kurakhove", "RU", "captured", "RU", "asserts")]),
])
def test_asides_and_the_ministry_named_again(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # two sides of a place joined ("северной и южной частей"), then the place
    ("Минобороны сообщило о блокировании западной и восточной частей Торецка.", [("Toretsk", "contested", "encircled", "RU", "asserts")]),
    # the participle with its agent says who took it; without one it is no claim
    ("Военкор опубликовал видео из Торецка, оккупированного россиянами год назад.", [("Toretsk", "RU", "captured", "unknown", "asserts")]),
    ("Президент посетил оккупированный Мелитополь.", []),
    # the agent right after the participle acts, not the side of the journalist named before (nor is the journalist
    # a civilian moving)
    ("Украинский журналист опубликовал видео из разрушенного Торецка, оккупированного россиянами год назад.",
     [("Toretsk", "RU", "captured", "unknown", "asserts")]),
])
def test_sides_of_a_place_and_the_occupying_participle(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # a past occupation, in a relative clause after the place and its region: the writer's word on how it stood
    ("Захисники звільнили місто Ізюм на Харківщині, що з весни перебувало в російській окупації.",
     [("Izyum", "UA", "captured", "unknown", "asserts"), ("Izyum", "RU", "holds", "unknown", "asserts")]),
    # a flag set over a town freed "from the (Russian) occupiers": they are whom it was freed of, not who acts
    ("Бійці ЗСУ встановили прапор над звільненим від рашистських окупантів містом Балаклія.",
     [("Balakliya", "UA", "captured", "unknown", "asserts")]),
])
def test_a_past_occupation_and_a_flag_set_over_a_freed_town(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # a side's word that it holds a place the other side claims to have captured disputes that claim, before or after it
    ("Місто Торецьк залишається під контролем Сил оборони, повідомив речник угруповання. Раніше Міноборони РФ заявило, що "
     "російські війська захопили Торецьк.",
     [("Toretsk", "UA", "holds", "UA", "denies"), ("Toretsk", "RU", "captured", "RU", "asserts")]),
    # an entry is no capture: holding the town beside the other side's entry is no dispute
    ("Місто Торецьк залишається під контролем Сил оборони, повідомив речник угруповання. Раніше Міноборони РФ заявило, що "
     "російські війська зайшли в Торецьк.",
     [("Toretsk", "UA", "holds", "UA", "asserts"), ("Toretsk", "RU", "entered", "RU", "asserts")]),
])
def test_a_hold_against_the_other_sides_capture_disputes_it(text, expected, gazetteer):
    assert rows(text, gazetteer) == expected


def test_an_adverbial_participle_takes_the_clauses_subject(gazetteer):
    # "having entered X, the Russians ...": who entered is the subject after the comma
    assert rows("Увійшовши у Вугледар, російські штурмовики потрапили в засідку.", gazetteer) == [
        ("Vuhledar", "RU", "entered", "unknown", "asserts")]


def claimant_rows(text: str, gazetteer) -> list[tuple]:
    claims = extract_report(text, report_date=date(2025, 3, 10), tz="Europe/Kyiv", gazetteer=gazetteer).claims
    return [(c.place, c.claimed_controller, c.change, c.claimant, c.claimant_side) for c in claims]


@pytest.mark.parametrize("text, expected", [
    # the object first, the confirming speaker after the verb: the speaker's own claim of what the sentence before said
    ("Минобороны России сообщило, что военные взяли под контроль Торецк. Ранее эту информацию подтвердил глава ДНР "
     "Денис Пушилин, который говорил о боях в этом районе.",
     [("Toretsk", "RU", "captured", "Минобороны России", "RU"), ("Toretsk", "RU", "captured", "глава ДНР Денис Пушилин", "RU")]),
    ("Генштаб повідомив, що українські військові звільнили Вовчанськ. Це також підтвердив Сирський.",
     [("Vovchansk", "UA", "captured", "Генштаб", "UA"), ("Vovchansk", "UA", "captured", "Сирський", "UA")]),
])
def test_a_confirmation_with_the_speaker_after_the_verb(text, expected, gazetteer):
    assert claimant_rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # an adverb between the comma and the trailing reporting verb is no speaker; the speaker follows the verb
    ("Про те, що ЗСУ звільнили Вовчанськ, раніше повідомив Синєгубов.", [("Vovchansk", "UA", "captured", "Синєгубов", "UA")]),
    ("О том, что ВСУ оставили Торецк, ранее сообщил Пушилин.", [("Toretsk", "RU", "withdrew", "Пушилин", "RU")]),
])
def test_a_trailing_speaker_after_an_adverb(text, expected, gazetteer):
    assert claimant_rows(text, gazetteer) == expected


@pytest.mark.parametrize("text, expected", [
    # "накануне", "напередодні" (the day before) open the sentence; no part of the speaker
    ("Накануне Минобороны России сообщило, что военные взяли под контроль Торецк.",
     [("Toretsk", "RU", "captured", "Минобороны России", "RU")]),
    ("Напередодні Генштаб повідомив, що українські військові звільнили Вовчанськ.", [("Vovchansk", "UA", "captured", "Генштаб", "UA")]),
])
def test_the_day_before_is_no_part_of_the_speaker(text, expected, gazetteer):
    assert claimant_rows(text, gazetteer) == expected
