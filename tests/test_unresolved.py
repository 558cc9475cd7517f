"""Unresolved names gathered over a real store, and the override rows that fix them."""
from datetime import date

from claimmap import ingest
from claimmap.extract import extract_report
from claimmap.gazetteer import in_theatre, load_gazetteer
from claimmap.store import Store
from claimmap.unresolved import (alias_override, fix_options, fixable_reports, new_place_override, report_points,
                                 unresolved_names)

IZYUM = 707292

REPORTS = (
    "Russian forces captured Zarichne-Bilske, the Russian MoD said on Friday.",
    "Ukrainian troops entered Zarichne-Bilske, the General Staff said.",
    "Ukrainian troops entered Izyumsk, the General Staff said on Friday.",
)


def test_unresolved_names_over_the_store(tmp_path, gazetteer):
    store = Store.open(f"sqlite:///{tmp_path / 'u.db'}")
    for text in REPORTS:
        ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC")
    names = unresolved_names(store)
    assert list(names["name"]) == ["Zarichne-Bilske", "Izyumsk"]  # most mentioned first
    zarichne = names.iloc[0]
    assert zarichne["mentions"] == 2 and len(zarichne["report_ids"]) == 2
    assert "captured [Zarichne-Bilske], the Russian MoD" in " ".join(zarichne["contexts"])


def test_an_empty_store_has_no_unresolved_names(tmp_path):
    assert unresolved_names(Store.open(f"sqlite:///{tmp_path / 'e.db'}")).empty


def test_override_rows_are_what_the_store_accepts(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    store.add_override(alias_override(" Izyumsk ", 707292))
    store.add_override(new_place_override("Zarichne-Bilske", name="", lat=49.6, lon=37.7, country_code="ua",
                                          admin1="Kharkiv Oblast"))
    rows = store.overrides().to_dict("records")
    assert (rows[0]["alias"], rows[0]["geonameid"]) == ("Izyumsk", 707292)
    assert (rows[1]["name"], rows[1]["country_code"], rows[1]["feature"]) == ("Zarichne-Bilske", "UA", "settlement")


def unresolved_candidates(gazetteer, text: str):
    """The extractor's candidate places for the one name it could not place in `text`."""
    (name,) = extract_report(text, report_date=date(2022, 9, 10), tz="UTC", gazetteer=gazetteer,
                             report_id="r").unresolved
    return name.name, name.candidates


def test_the_fix_lists_the_theatre_first_and_preselects_only_its_one_namesake(gazetteer):
    written, candidates = unresolved_candidates(gazetteer, "Russian forces captured Troitske, the Russian MoD said.")
    options, preselected = fix_options(written, candidates)
    theatre = [in_theatre(place) for place in options]
    assert theatre == sorted(theatre, reverse=True) and any(not t for t in theatre)  # far namesakes listed, last
    assert all(place.feature != "region" for place in options)
    assert preselected is None  # a dozen villages of that name in Ukraine: the analyst decides
    far = next(place for place in options if not in_theatre(place))
    luhansk = next(place for place in options if place.name == written and place.admin1 == "Luhansk Oblast")
    assert fix_options(written, [far, luhansk]) == ([luhansk, far], 0)  # the one namesake in the theatre


def test_nothing_is_preselected_without_one_plausible_place(gazetteer):
    written, candidates = unresolved_candidates(gazetteer, "Ukrainian troops entered Izyumsk, the General Staff said.")
    options, preselected = fix_options(written, candidates)
    assert preselected is None  # only spelling neighbours
    assert [p.geonameid for p in options].index(IZYUM) < [p.name for p in options].index("Izhevsk")
    written, candidates = unresolved_candidates(gazetteer, "Russian forces captured Novoselivka, the Russian MoD said.")
    assert fix_options(written, candidates)[1] is None  # several namesakes in the theatre
    far = [place for place in candidates if not in_theatre(place)] or [gazetteer.search("Troitsk")[0]]
    assert not in_theatre(far[0]) and fix_options(far[0].name, far)[1] is None  # a far namesake alone


def test_a_spelling_neighbour_abroad_is_never_preselected(gazetteer):
    """"Kuleshovka (Rostov Oblast)" is a spelling neighbour of Klishchiivka, not its name: listed after the
    Ukrainian places, and never preselected, also when it is the largest."""
    neighbours = [c.place for c in gazetteer.resolve("Kuleshovka").candidates]
    assert any(not in_theatre(place) for place in neighbours)
    options, preselected = fix_options("Klishchiivka", neighbours, names_of=gazetteer.names_of)
    assert preselected is None and not in_theatre(options[-1])
    klishchiivka = gazetteer.resolve("Klishchiivka").place
    for written in ("Klishchiivka", "Klishchiyivka", "Кліщіївки", "Клещеевку"):  # its names, in any case
        options, preselected = fix_options(written, [*neighbours, klishchiivka], names_of=gazetteer.names_of)
        assert options[preselected] == klishchiivka == options[0], written


def test_the_report_s_other_places_pick_the_namesake(gazetteer):
    """Of Ukraine's many Andriivkas the one near Bakhmut is preselected for a report whose claims stand at
    Bakhmut; with no other place, or others as far from every Andriivka, none is."""
    andriivkas = [c.place for c in gazetteer.resolve("Andriivka").candidates]
    bakhmut, lviv = gazetteer.resolve("Bakhmut").place, gazetteer.resolve("Lviv").place
    options, preselected = fix_options("Andriivka", andriivkas, near=[(bakhmut.lat, bakhmut.lon)],
                                       names_of=gazetteer.names_of)
    assert options[preselected].raion == "Bakhmut raion"
    assert fix_options("Andriivka", andriivkas, names_of=gazetteer.names_of)[1] is None
    assert fix_options("Andriivka", andriivkas, near=[(lviv.lat, lviv.lon)], names_of=gazetteer.names_of)[1] is None


def test_where_a_names_reports_place_their_claims(tmp_path, gazetteer):
    store = Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    ingest.ingest_text(store, "Ukrainian forces liberated Izyum on Saturday, the General Staff said.",
                       gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC")
    (report_id,) = store.reports()["report_id"]
    izyum = gazetteer.get(IZYUM)
    assert report_points(store, [report_id]) == [(izyum.lat, izyum.lon)]
    assert report_points(store, []) == []


def test_the_reextract_offer_is_read_from_the_store(tmp_path, gazetteer):
    store = Store.open(f"sqlite:///{tmp_path / 'f.db'}")
    for text in REPORTS:
        ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC", title=text[:20])
    assert fixable_reports(store, gazetteer).empty
    store.add_override(alias_override("Izyumsk", IZYUM))
    fixed = load_gazetteer(extra_overrides=store.overrides())
    offer = fixable_reports(store, fixed)
    assert offer.to_dict("records") == [{"report_id": offer["report_id"].iloc[0], "title": REPORTS[2][:20],
                                         "names": ["Izyumsk"]}]
    ingest.reextract(store, offer["report_id"].iloc[0], fixed)
    assert fixable_reports(store, fixed).empty


def test_keep_an_override_then_reextract_the_reports_it_fixes(tmp_path, gazetteer):
    from claimmap.unresolved import keep_override, reextract_reports

    store = Store.open(f"sqlite:///{tmp_path / 'k.db'}")
    for text in REPORTS:
        ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC")
    reloaded = []

    def reload():
        reloaded.append(load_gazetteer(extra_overrides=store.overrides()))
        return reloaded[-1]

    kind, message = keep_override(store, alias_override("Izyumsk", IZYUM), reload)
    assert kind == "success" and message.startswith("Saved: reports' 'Izyumsk' now means Izyum (")
    fixable = list(fixable_reports(store, reloaded[-1])["report_id"])
    assert len(fixable) == 1
    steps = []
    failed, summary = reextract_reports(store, fixable, reloaded[-1], progress=lambda *step: steps.append(step))
    assert failed == [] and summary == "Re-extracted 1 reports: 1 claims added or changed." and steps == [(1, 1)]
    assert IZYUM in set(store.claims(report_id=fixable[0])["geonameid"])
    assert fixable_reports(store, reloaded[-1]).empty             # fixed: no longer offered
    store.close()
