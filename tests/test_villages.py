"""Every settlement of Ukraine by name (KATOTTG), its spellings, hierarchy and location precision."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from claimmap import translit
from claimmap.schema import LOCATION_PRECISIONS

from test_gazetteer import run_cli

# Front-line settlements named in reports since 2023, most of them villages that GeoNames cities500
# lacks: (Ukrainian name, English spelling, Russian spelling, the raion a report gives, or the hromada
# where two of the name share the raion).
FRONT_LINE = [
    ("Роботине", "Robotyne", "Работино", "Polohy"),
    ("Кліщіївка", "Klishchiivka", "Клещеевка", "Bakhmut"),
    ("Андріївка", "Andriivka", "Андреевка", "Bakhmut"),
    ("Новомихайлівка", "Novomykhailivka", "Новомихайловка", "Pokrovsk"),
    ("Тоненьке", "Tonenke", "Тоненькое", "Pokrovsk"),
    ("Бердичі", "Berdychi", "Бердычи", "Pokrovsk"),
    ("Прогрес", "Prohres", "Прогресс", "Pokrovsk"),
    ("Вовче", "Vovche", "Волчье", "Pokrovsk"),
    ("Синьківка", "Synkivka", "Синьковка", "Kupiansk"),
    ("Піщане", "Pishchane", "Песчаное", "Petropavlivka hromada"),
    ("Крохмальне", "Krokhmalne", "Крохмальное", "Kupiansk"),
    ("Очеретине", "Ocheretyne", "Очеретино", "Pokrovsk"),
    ("Мар'їнка", "Marinka", "Марьинка", "Pokrovsk"),
    ("Красногорівка", "Krasnohorivka", "Красногоровка", "Pokrovsk"),
    ("Новобахмутівка", "Novobakhmutivka", "Новобахмутовка", "Pokrovsk"),
    ("Степове", "Stepove", "Степовое", "Pokrovsk"),
    ("Первомайське", "Pervomaiske", "Первомайское", "Pokrovsk"),
    ("Невельське", "Nevelske", "Невельское", "Pokrovsk"),
    ("Опитне", "Opytne", "Опытное", "Bakhmut"),
    ("Іванівське", "Ivanivske", "Ивановское", "Bakhmut"),
    ("Богданівка", "Bohdanivka", "Богдановка", "Bakhmut"),
    ("Курдюмівка", "Kurdiumivka", "Курдюмовка", "Bakhmut"),
    ("Зайцеве", "Zaitseve", "Зайцево", "Bakhmut hromada"),
    ("Уманське", "Umanske", "Уманское", "Pokrovsk"),
    ("Архангельське", "Arkhanhelske", "Архангельское", "Pokrovsk"),
    ("Керамік", "Keramik", "Керамик", "Pokrovsk"),
    ("Семенівка", "Semenivka", "Семеновка", "Pokrovsk"),
    ("Кругляківка", "Kruhliakivka", "Кругляковка", "Kupiansk"),
    ("Гродівка", "Hrodivka", "Гродовка", "Pokrovsk"),
    ("Селидове", "Selydove", "Селидово", "Pokrovsk"),
    ("Курахове", "Kurakhove", "Курахово", "Pokrovsk"),
    ("Вугледар", "Vuhledar", "Угледар", "Volnovakha"),
    ("Старомайорське", "Staromaiorske", "Старомайорское", "Volnovakha"),
    ("Урожайне", "Urozhaine", "Урожайное", "Volnovakha"),
    ("Макарівка", "Makarivka", "Макаровка", "Volnovakha"),
    ("Благодатне", "Blahodatne", "Благодатное", "Volnovakha"),
    ("Нескучне", "Neskuchne", "Нескучное", "Volnovakha"),
    ("Вербове", "Verbove", "Вербовое", "Polohy"),
    ("Новопрокопівка", "Novoprokopivka", "Новопрокоповка", "Polohy"),
    ("Мала Токмачка", "Mala Tokmachka", "Малая Токмачка", "Polohy"),
    ("Кринки", "Krynky", "Крынки", "Kherson"),
    ("Серебрянка", "Serebrianka", "Серебрянка", "Kramatorsk"),
    ("Торське", "Torske", "Торское", "Kramatorsk"),
    ("Терни", "Terny", "Терны", "Kramatorsk"),
    ("Білогорівка", "Bilohorivka", "Белогоровка", "Sievierodonetsk"),
    ("Табаївка", "Tabaivka", "Табаевка", "Kupiansk"),
    ("Липці", "Liptsi", "Липцы", "Kharkiv"),
    ("Часів Яр", "Chasiv Yar", "Часов Яр", "Bakhmut"),
    ("Новоселівка Перша", "Novoselivka Persha", "Новоселовка Первая", "Pokrovsk"),
    ("Водяне", "Vodiane", "Водяное", "Pokrovsk"),
    ("Петропавлівка", "Petropavlivka", "Петропавловка", "Kupiansk"),
    ("Новокалинове", "Novokalynove", "Новокалиново", "Pokrovsk"),
    ("Кислівка", "Kyslivka", "Кисловка", "Kupiansk"),
    ("Старомлинівка", "Staromlynivka", "Старомлиновка", "Volnovakha"),
    ("Новодарівка", "Novodarivka", "Новодаровка", "Polohy"),
    ("Левадне", "Levadne", "Левадное", "Malynivka hromada"),
]


def test_national_and_older_romanisations():
    assert translit.national("Кліщіївка") == "Klishchiivka"
    assert translit.latin_names("Кліщіївка") == ["Klishchiivka", "Klishchiyivka"]
    assert translit.national("Єнакієве") == "Yenakiieve"
    assert translit.national("Мар'їнка") == "Marinka"
    assert translit.national("Згурівка") == "Zghurivka"  # зг is zgh, not zh


def test_russian_spellings():
    assert "Клещеевка" in translit.russian_names("Кліщіївка")
    assert "Тоненькое" in translit.russian_names("Тоненьке")
    assert "Угледар" in translit.russian_names("Вугледар")
    assert "Малая Токмачка" in translit.russian_names("Мала Токмачка")
    assert "Часов Яр" in translit.russian_names("Часів Яр")


def test_one_village_in_four_spellings(gazetteer):
    found = {name: gazetteer.resolve(name) for name in ("Кліщіївка", "Klishchiivka", "Klishchiyivka", "Клещеевка")}
    ids = {resolution.place.geonameid for resolution in found.values() if resolution.place}
    assert len(ids) == 1, found
    place = gazetteer.get(ids.pop())
    assert place.admin1 == "Donetsk Oblast" and place.raion == "Bakhmut raion" and place.hromada == "Bakhmut hromada"
    assert place.location_precision in LOCATION_PRECISIONS


def _front_line(gazetteer, spelling: int) -> dict[str, object]:
    """Per front-line name in one spelling (0 Ukrainian, 1 English, 2 Russian): the place resolved
    with its raion as context, or None."""
    found = {}
    for row in FRONT_LINE:
        unit = row[3] if row[3].endswith(" hromada") else f"{row[3]} raion"
        resolution = gazetteer.resolve(row[spelling], context=unit)
        found[row[spelling]] = resolution.place
    return found


@pytest.mark.parametrize("spelling", [0, 1])
def test_every_front_line_name_is_found_in_ukrainian_and_english(gazetteer, spelling):
    """All of them, except a Ukrainian name that is an ordinary Ukrainian word ("Прогрес", "Опитне"):
    such a word makes no mention (docs/gazetteer.md), so Latin letters are needed for it."""
    found = _front_line(gazetteer, spelling)
    missing = [name for name, place in found.items()
               if (place is None or place.country_code != "UA") and not gazetteer.is_ordinary_word(name)]
    assert not missing
    for place in filter(None, found.values()):
        assert place.raion and place.location_precision in LOCATION_PRECISIONS, place


def test_most_front_line_names_are_found_in_russian(gazetteer):
    found = _front_line(gazetteer, 2)
    missing = [name for name, place in found.items() if place is None or place.country_code != "UA"]
    assert len(FRONT_LINE) - len(missing) >= 50, missing


def test_same_place_in_every_spelling(gazetteer):
    ukrainian, english = _front_line(gazetteer, 0), _front_line(gazetteer, 1)
    for row in FRONT_LINE:
        if not gazetteer.is_ordinary_word(row[0]):  # (an ordinary word makes no mention: see above)
            assert ukrainian[row[0]] == english[row[1]], row


def test_raion_settles_a_common_village_name(gazetteer):
    """Dozens of Andriivkas: the one of Bakhmut raion when the report says so."""
    place = gazetteer.resolve("Andriivka", context="Bakhmut raion").place
    assert place is not None and place.raion == "Bakhmut raion"
    assert gazetteer.resolve("Andriivka").place is None  # alone: not one place


def test_unplaced_village_is_listed_without_a_point(gazetteer):
    unplaced = [p for p in gazetteer.places if p.location_precision == "unplaced"]
    assert unplaced, "every KATOTTG settlement was placed: this test needs an unplaced one"
    village = unplaced[0]
    assert math.isnan(village.lat) and math.isnan(village.lon) and village.raion
    answer = json.loads(run_cli("resolve", village.name, "--context", village.raion.removesuffix(" raion")).stdout or "{}")
    if answer.get("geonameid") == village.geonameid:
        assert answer["lat"] is None and answer["location_precision"] == "unplaced"


def test_approximate_village_says_where_it_stands(gazetteer):
    place = gazetteer.resolve("Krokhmalne", context="Kupiansk raion").place
    assert place.location_precision == "approximate"
    assert place.placed_at.startswith("the centre of its hromada") or place.placed_at.startswith("the centre of its raion")


def test_resolve_cli_gives_raion_and_precision():
    answer = json.loads(run_cli("resolve", "Klishchiivka").stdout)
    assert answer["raion"] == "Bakhmut raion" and answer["location_precision"] in LOCATION_PRECISIONS


def test_no_village_from_an_ordinary_word(gazetteer):
    """KATOTTG villages named after ordinary words (Перемога, Прогрес, Мирне...) make no mentions of them."""
    text = ("Перемога буде за нами. Прогрес очевидний, Мирне життя повернеться. "
            "The progress was slow; Victory is near; Peace talks failed. Мирное население пострадало.")
    assert [m.surface for m in gazetteer.find_mentions(text) if m.place is not None] == []


@pytest.mark.parametrize("name, region", [
    ("Plekhovo", "Kursk Oblast"), ("Плехово", "Kursk Oblast"), ("Sverdlikovo", "Kursk Oblast"),
    ("Nikolaevo-Darino", "Kursk Oblast"), ("Николаево-Дарьино", "Kursk Oblast"), ("Malaya Loknya", "Kursk Oblast"),
    ("Малая Локня", "Kursk Oblast"), ("Russkoye Porechnoye", "Kursk Oblast"), ("Olgovka", "Kursk Oblast"),
    ("Giri", "Kursk Oblast"), ("Гирьи", "Kursk Oblast"), ("Tolsty Lug", "Kursk Oblast"),
    ("Glotovo", "Belgorod Oblast"), ("Глотово", "Belgorod Oblast"), ("Gora-Podol", "Belgorod Oblast"),
    ("Demidovka", "Belgorod Oblast"), ("Prilesye", "Belgorod Oblast"), ("Nekhoteevka", "Belgorod Oblast"),
    ("Lyubechane", "Bryansk Oblast"), ("Сушаны", "Bryansk Oblast")])
def test_villages_of_russias_border_regions(gazetteer, name, region):
    """data/places_border_ru.csv: villages of Russia's border regions that cities500 lacks, each at its own point
    where a cited source gives one, else at its district's centre, and saying which."""
    place = gazetteer.resolve(name, context=region).place
    assert place is not None and place.country_code == "RU" and place.admin1 == region
    if place.location_precision == "approximate":
        assert place.placed_at.startswith("the centre of its district")
    else:
        assert place.location_precision == "exact" and not place.placed_at


def test_every_border_village_says_where_its_point_comes_from():
    from claimmap.border_places import BORDER_PLACES_PATH

    rows = pd.read_csv(BORDER_PLACES_PATH, dtype=str, keep_default_na=False, comment="#")
    assert set(rows["admin1"]) == {"Kursk Oblast", "Belgorod Oblast", "Bryansk Oblast"}
    assert all(rows["source"].str.len() > 10)
    exact = rows[rows["location_precision"] == "exact"]
    assert exact["source"].str.contains("Wikipedia").all()  # the village's own point, from a citable page
    assert (rows.loc[rows["location_precision"] == "approximate", "source"].str.startswith("district centre")).all()


def test_a_bad_border_row_is_a_clear_error(tmp_path):
    from claimmap.border_places import COLUMNS, border_places

    path = tmp_path / "places.csv"
    path.write_text(",".join(COLUMNS) + "\nPlekhovo,,RU,Kursk Oblast,Sudzhansky district,north,35.2,approximate,,\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="Plekhovo.*lat/lon"):
        border_places(path)


def _read(text, gazetteer):
    from datetime import date

    from claimmap.extract import extract_report

    return extract_report(text, report_date=date(2024, 9, 1), tz="Europe/Kyiv", gazetteer=gazetteer).claims


def test_a_claim_about_an_approximate_village_says_so(gazetteer):
    claim, = _read("Ukrainian forces liberated Krokhmalne in Kupiansk raion, the General Staff said.", gazetteer)
    assert claim.place == "Krokhmalne" and claim.location_precision == "approximate" and claim.lat is not None


def test_a_claim_about_an_unplaced_village_is_kept_without_a_point(gazetteer):
    from collections import Counter

    from claimmap import names

    keys = [names.key(p.name) for p in gazetteer.places]
    counts = Counter(keys)
    village = next(p for p, key in zip(gazetteer.places, keys) if p.location_precision == "unplaced"
                   and counts[key] == 1 and not gazetteer.is_ordinary_word(p.name) and " " not in p.name)
    claims = _read(f"Russian forces captured {village.name}, the Russian Defence Ministry said.", gazetteer)
    assert [(c.geonameid, c.lat, c.lon, c.location_precision) for c in claims] == [
        (village.geonameid, None, None, "unplaced")]
