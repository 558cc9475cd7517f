"""What a report says round its place names decides between namesakes (issue 16's place recall on real text).

Every sentence here is made up for the phenomenon it tests; the real gazetteer is used throughout."""
from __future__ import annotations

import pytest

from claimmap import katottg


def _places(gazetteer, text: str) -> dict[str, tuple[str, str] | None]:
    return {m.surface: m.place and (m.place.name, m.place.admin1) for m in gazetteer.find_mentions(text)}


# -- a region named in the sentence ---------------------------------------------------------------

@pytest.mark.parametrize("text, surface, region", [
    # The region after a list, with the raion between: the Rivne Oblast Demydivka (a GeoNames village) is not it.
    ("Украинские военные зашли в Демидовку и Поповку Краснояружского района Белгородской области.",
     "Демидовку", "Belgorod Oblast"),
    ("Украинские военные зашли в Демидовку и Поповку Краснояружского района Белгородской области.",
     "Поповку", "Belgorod Oblast"),
    # The region first, then the verb and the list.
    ("В Курской области освобождены Плехово и Гирьи.", "Плехово", "Kursk Oblast"),
    # A region noun ("на Донеччині") anywhere in the sentence.
    ("Сили оборони відбили Макарівку, повідомили на Донеччині.", "Макарівку", "Donetsk Oblast"),
    # A region in the sentence but not right after the name.
    ("Ukrainian troops liberated Makarivka in the south of the Donetsk Oblast on Sunday.",
     "Makarivka", "Donetsk Oblast"),
])
def test_a_region_named_in_the_sentence_decides(gazetteer, text, surface, region):
    assert _places(gazetteer, text)[surface][1] == region


def test_a_notable_town_is_not_moved_by_a_region_in_its_sentence(gazetteer):
    """"Lyman" beside a sentence's other region stays the town of 20,000: only small namesakes elsewhere are
    ruled out by the sentence's region."""
    text = "Russian forces took Lyman, while fighting continued in Luhansk Oblast."
    assert _places(gazetteer, text)["Lyman"] == ("Lyman", "Donetsk Oblast")


def test_a_region_that_qualifies_one_name_still_sets_the_scene_where_named_again(gazetteer):
    """"Lyman, Donetsk Oblast" qualifies Lyman alone; the same region named on its own in a later
    sentence still settles that sentence's village."""
    text = ("Fighting went on near Lyman, Donetsk Oblast. "
            "Ukrainian troops liberated Makarivka in the south of the Donetsk Oblast on Sunday.")
    assert _places(gazetteer, text)["Makarivka"] == ("Makarivka", "Donetsk Oblast")


def test_villages_listed_in_a_city_named_as_its_oblast_are_the_oblasts(gazetteer):
    """"in Zaporizhzhia" after a list of villages is the oblast: the Donetsk Oblast town of Dobropillia is not
    the Dobropillia of that list."""
    found = _places(gazetteer, "Moscow said its troops had taken Zelenyi Hai and Dobropillia in Zaporizhzhia.")
    assert found["Zelenyi Hai"][1] == found["Dobropillia"][1] == "Zaporizhzhia Oblast"


def test_a_larger_namesake_the_text_places_in_another_region_does_not_block_the_one_it_means(gazetteer):
    """The Donetsk Oblast town of Dobropillia outscores the Zaporizhzhia village by its population, and Pokrovsk and
    Myrnohrad in the text pull towards it; but the text puts this Dobropillia in Zaporizhzhia, so the village is
    the answer, not no answer at all."""
    text = ("Fighting went on around Pokrovsk and Myrnohrad. Separately, Moscow claimed the capture of Dobropillia "
            "and Novoivanivka in Zaporizhzhia.")
    assert _places(gazetteer, text)["Dobropillia"] == ("Dobropillia", "Zaporizhzhia Oblast")


def test_one_name_in_a_city_may_be_a_part_of_it(gazetteer):
    found = _places(gazetteer, "Boats struck near Khortytsia in Zaporizhzhia.")
    assert found["Khortytsia"] is None  # the island, or one of two villages: nothing says


# -- where an approximate village stands ----------------------------------------------------------

@pytest.mark.parametrize("unit, members, centre", [
    ("Великоновосілківська", [("Рівнопіль", "C"), ("Велика Новосілка", "T")], "Велика Новосілка"),
    ("Гуляйпільська", [("Затишшя", "C"), ("Гуляйполе", "M")], "Гуляйполе"),
    ("Шахівська", [("Кучерів Яр", "C"), ("Шахове", "C")], "Шахове"),
    ("Маловисківська", [("Мала Виска", "M"), ("Лутківка", "C")], "Мала Виска"),
    ("Староушицька", [("Стара Ушиця", "X"), ("Рункошів", "C")], "Стара Ушиця"),
    # A raion so found is named after a town; Дністровський is the Dniester's, not a village's.
    ("Дністровський", [("Дністрівка", "C"), ("Кельменці", "X")], None),
    ("Бахмутська", [("Кліщіївка", "C"), ("Курдюмівка", "C")], None),
])
def test_a_hromada_centre_found_by_its_consonants(unit, members, centre):
    found = katottg._centre_by_outline(unit, [{"name": name, "category": kind} for name, kind in members])
    assert (found and found["name"]) == centre


def test_a_town_the_outline_finds_governs_where_the_village_named_after_the_hromada_has_no_point():
    """Гуляйпільська громада has a village Гуляйпільське, which its name's start finds, but GeoNames has a point
    only for the town Гуляйполе: the town places the hromada's villages, not the raion's centre."""
    town, village = {"code": "T1", "name": "Гуляйполе", "category": "M"}, {"code": "V1", "name": "Гуляйпільське", "category": "C"}
    centres = katottg._placed_centres({"H": village, "R": town}, {"H": town, "R": town}, {"T1": (47.6, 36.2, "Hulyaypole")})
    assert centres == {"H": town, "R": town}
    # A centre with a point stays, whatever the outline finds.
    assert katottg._placed_centres({"H": village}, {"H": town}, {"V1": (1, 2, "v"), "T1": (3, 4, "t")}) == {"H": village}


def test_villages_of_a_hromada_named_after_a_town_stand_at_the_town(gazetteer):
    placed = {c.place.placed_at for c in gazetteer.resolve("Pryvilne").candidates
              if c.place.hromada == "Huliaipilske hromada"}
    assert placed == {"the centre of its hromada, Hulyaypole"}


def test_a_village_stands_at_its_hromadas_centre_where_the_hromada_has_a_two_word_name(gazetteer):
    """Rivnopil (Velykonovosilkivska hromada) stands at Velyka Novosilka, a few km away, not at the raion's
    centre, Volnovakha, 50 km off; its hromada keeps the name reports give it."""
    rivnopils = [c.place for c in gazetteer.resolve("Rivnopil").candidates
                 if c.place.hromada == "Velykonovosilkivska hromada"]
    assert rivnopils and rivnopils[0].placed_at == "the centre of its hromada, Velyka Novosilka"


# -- how a name is written ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Бої тривають на околицях Покровська.", "Бои идут под Покровском.",
                                  "ЗСУ вийшли з Курахового та Покровська."])
def test_a_case_form_of_a_prominent_town_is_that_town(gazetteer, text):
    """"Покровська" (genitive) is Pokrovsk of Donetsk Oblast: that it is also, letter for letter, an alternate
    name of the Yakut Pokrovsk does not make that one's own name an exact match."""
    assert next(m.place for m in gazetteer.find_mentions(text) if m.surface.startswith("Покровськ")
                or m.surface.startswith("Покровск")).geonameid == 704422


@pytest.mark.parametrize("text, surface, name", [
    ("Россия заявила о взятии Работино.", "Работино", "Robotyne"),
    ("Бои за Песчаное в Харьковской области продолжаются.", "Песчаное", "Pishchane"),
])
def test_a_russian_spelling_of_another_root_finds_the_village(gazetteer, text, surface, name):
    mention = next(m for m in gazetteer.find_mentions(text) if m.surface == surface)
    assert name in {c.place.name for c in mention.candidates}


def test_a_village_named_victory_is_found_under_its_russian_name(gazetteer):
    """A Ukrainian Перемога is Победа in Russian (and many were so named till 2016 or 2024): the translated root is
    a spelling of the village's name, not a former name to leave out, so the Marinka hromada village is among the
    candidates of "село Победа"."""
    mention = next(m for m in gazetteer.find_mentions("Штурмовики вышли к окраине села Победа в Донецкой области.")
                   if m.surface == "Победа")
    assert "Marinka hromada" in {c.place.hromada for c in mention.candidates if c.place.name == "Peremoha"}


# -- villages named by an ordinary word -----------------------------------------------------------

@pytest.mark.parametrize("text, surface, region", [
    ("ЗСУ звільнили село Прогрес біля Покровська.", "Прогрес", "Donetsk Oblast"),
    ("Окупанти захопили селище Опитне біля Бахмута.", "Опитне", "Donetsk Oblast"),
])
def test_a_settlement_noun_makes_an_ordinary_word_a_village(gazetteer, text, surface, region):
    assert _places(gazetteer, text)[surface][1] == region  # "Прогрес", "Опитне" alone are ordinary words


def test_an_ordinary_word_without_the_noun_stays_a_word(gazetteer):
    found = _places(gazetteer, "Прогрес очевидний. Досвід опитне не замінить; Мирне життя повернеться.")
    assert "Прогрес" not in found and "Опитне" not in found and found.get("Мирне") is None


# -- a Latin word that spells one place and inflects another ---------------------------------------

def test_a_latin_word_is_the_place_it_spells_not_one_it_would_inflect(gazetteer):
    """English does not inflect names: "Umanske" (and its Russian-style "Umanskoye") is the Donetsk village it
    spells, not a case of Umanskaya, a former name of a Kuban town, whatever that town's size."""
    text = "Moscow's troops said they had entered Umanskoye; Kyiv said Umanske, near Ocheretyne, was still contested."
    found = _places(gazetteer, text)
    assert found["Umanskoye"] == found["Umanske"] == ("Umanske", "Donetsk Oblast")


def test_prominence_does_not_speak_where_the_text_does(gazetteer):
    """A prominent town of the name decides only where the text is silent: beside Kharkiv Oblast and its villages,
    "Borysivka" is not the Belgorod town of that name (the village there, or unresolved, never the town)."""
    text = "In Kharkiv Oblast, Russian units pushed into Strilecha and Borysivka, a local official said."
    assert _places(gazetteer, text)["Borysivka"] in (None, ("Borysivka", "Kharkiv Oblast"))


@pytest.mark.parametrize("text, surface", [
    ("Бої точилися біля Зеленого Гаю Запорізької області.", "Зеленого Гаю"),   # -ю of a short last word in -й
    ("Россияне закрепились у Зеленого Гая в Запорожской области.", "Зеленого Гая"),
    ("Оборонці утримують позиції в Зеленому Гаї на Запоріжжі.", "Зеленому Гаї"),
])
def test_a_short_last_word_in_its_case_forms(gazetteer, text, surface):
    """A stem keeps three letters, so "Гай" keeps its й and the cases of a name ending in it are indexed beside it."""
    assert surface in _places(gazetteer, text)


@pytest.mark.parametrize("text, region", [
    ("Обстріли тривали по всій Запорізькій області.", "Zaporizhzhia Oblast"),  # ж becomes з before -ськ-
    ("Ворог атакував прикордоння Сумської області.", "Sumy Oblast"),           # Суми: no "Сумиська"
    ("Тривога оголошена в Черкаській області.", "Cherkasy Oblast"),
])
def test_an_oblast_by_its_adjective(gazetteer, text, region):
    assert region in {place and place[0] for place in _places(gazetteer, text).values()}
