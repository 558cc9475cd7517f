"""A place's card on the map (its popup) and the claim cards beside it: one code, every value inert."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pandas as pd
import pytest

from claimmap import claimcards, mapdata, mapview, views
from mapseed import XSS, seed_store

UTC = timezone.utc
IZYUM, BALAKLIIA = 707292, 711660
SINCE, UNTIL = datetime(2022, 9, 8, tzinfo=UTC), datetime(2022, 9, 11, tzinfo=UTC)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = seed_store(f"sqlite:///{tmp_path_factory.mktemp('cards') / 'claims.db'}")
    yield store
    store.close()


def shown_places(store) -> pd.DataFrame:
    status = store.status_as_of(UNTIL)
    return views.places_shown(status, mapdata.latest_per_place(store, SINCE, UNTIL)).assign(
        firm=lambda frame: views.is_firm(frame))


def test_latest_claim_of_each_side_same_by_sql_and_pandas(store):
    by_sql = mapdata.latest_by_side(store, SINCE, UNTIL, IZYUM)
    by_pandas = mapdata.latest_by_side(store, SINCE, UNTIL, IZYUM, store.claims(since=SINCE, until=UNTIL))
    # Izyum: the Ukrainian MP at 09:00 UTC; of the three Russian claims the newest, the denial known to the day
    assert list(by_sql["side"]) == ["UA", "RU"]
    assert list(by_sql["claimant"]) == ["Honcharenko (Ukrainian MP)", "dissenting Russian telegram pages"]
    assert by_sql.drop(columns="time_utc").equals(by_pandas.drop(columns="time_utc"))
    assert mapdata.latest_by_side(store, SINCE, datetime(2022, 9, 8, 1, tzinfo=UTC), IZYUM).empty


def test_place_card_says_the_status_then_each_sides_latest_claim(store):
    place = next(shown_places(store).query("geonameid == @IZYUM").itertuples(index=False))
    card = claimcards.place_card(place, UNTIL, mapdata.latest_by_side(store, SINCE, UNTIL, IZYUM))
    text = re.sub(r"<[^>]+>", " ", card.split("</style>", 1)[1])
    assert "Izyum" in text and "Kharkiv Oblast" in text
    assert "As of 11 Sep 2022 00:00 UTC: held by Ukraine" in text
    assert "4 claims; claimants: Ukrainian 1 · Russian 3" in text
    assert card.count('<article class="claimmap-card"') == 2  # one per side, as the cards beside the map
    denial = card.split("dissenting Russian telegram pages")[0].rsplit("<article", 1)[1]
    assert "10 Sep 2022 · " in denial and "10 Sep 2022 1" not in denial  # known to the day only
    assert "Russian source denies: held by Russia (holds)" in card
    assert "<mark>Izyum</mark>" in card


def test_only_the_selected_place_carries_its_card(store):
    shown = shown_places(store).drop(columns="firm")
    card = mapview.PlaceCard(UNTIL, mapdata.latest_by_side(store, SINCE, UNTIL, IZYUM))
    features = mapview.places_geojson(shown, selected=IZYUM, card=card)["features"]
    popups = {f["properties"]["geonameid"]: f["properties"].get("popup") for f in features}
    assert popups.pop(IZYUM).count("claimmap-card\"") == 2 and set(popups.values()) == {None}
    page = mapview.standalone_html(mapview.base_map(), mapview.places_layer(shown, IZYUM, card))
    assert "bindPopup" in page and "claimmap-place" in page


def test_a_hostile_report_in_the_card_runs_nothing(store, tmp_path, monkeypatch):
    sentinel = tmp_path / "ran"
    monkeypatch.setenv("CLAIMMAP_SENTINEL", str(sentinel))
    jinja = "{{ lipsum.__globals__.os.mkdir(lipsum.__globals__.os.environ.CLAIMMAP_SENTINEL) }}"
    shown = shown_places(store).drop(columns="firm")
    shown["place"] = shown["place"].where(shown["geonameid"] != BALAKLIIA, f"Balakliia {jinja}")
    latest = mapdata.latest_by_side(store, SINCE, UNTIL, BALAKLIIA)
    assert XSS in latest["claimant"].tolist()
    card = mapview.PlaceCard(UNTIL, latest)
    popup = next(f["properties"]["popup"] for f in mapview.places_geojson(shown, BALAKLIIA, card)["features"]
                 if f["properties"]["geonameid"] == BALAKLIIA)
    body = re.sub(r"</?(div|h4|small|p|b|br|article|header|span|blockquote|footer|mark|a)\b[^>]*>", "",
                  popup.split("</style>", 1)[1])
    assert not set("<>`${}") & set(body), body
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&#36;&#123;window.__pwned=2&#125;&#96;" in popup
    page = mapview.standalone_html(mapview.base_map(), mapview.places_layer(shown, BALAKLIIA, card))
    assert not sentinel.exists() and "{{" not in page.split("<body>", 1)[1]


def test_cards_beside_the_map_and_in_the_popup_are_one_code(store):
    latest = mapdata.latest_by_side(store, SINCE, UNTIL, IZYUM)
    place = next(shown_places(store).query("geonameid == @IZYUM").itertuples(index=False))
    beside = claimcards.cards_html(latest).split("</style>", 1)[1]
    for row in latest.itertuples(index=False):
        assert claimcards.card(row) in beside and claimcards.card(row) in claimcards.place_card(place, UNTIL, latest)
