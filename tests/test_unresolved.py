"""Unresolved names gathered over a real store, and the override rows that fix them."""
from datetime import date

from claimmap import ingest
from claimmap.store import Store
from claimmap.unresolved import alias_override, new_place_override, unresolved_names

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
