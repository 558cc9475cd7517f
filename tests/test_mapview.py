"""The map's pure parts: view state and URL, window, places, playback frames, panel, folium output."""
from __future__ import annotations

import html
import json
import math
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import folium.plugins
import pandas as pd
import pytest

from claimmap import assets, control, maplabels, mapview, views
from claimmap.gazetteer import GAZETTEER_PATH
from claimmap.schema import claims_frame
from mapseed import XSS, seed_frame, xss_claim

UTC = timezone.utc
DEFAULT_FILTERS = {"filter_sides": [], "filter_changes": [], "filter_hedged": "all",
                   "filter_min_claimants": 1, "filter_sources": [], "filter_search": ""}


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    hostile = claims_frame([xss_claim()]).assign(report_title=f"Hostile {XSS}", report_source="x",
                                                 report_url="", corrected=False, rejected=False)
    return pd.concat([seed_frame(), hostile], ignore_index=True).sort_values("time_utc", ignore_index=True)


@pytest.fixture(scope="module")
def status(claims) -> pd.DataFrame:
    return control.status_as_of(claims, claims["time_utc"].max())


# --- view state and the URL ---------------------------------------------------------------

def test_view_round_trips_through_query_params():
    typed_end = timedelta(seconds=59, microseconds=999999)  # a typed end covers its whole minute
    view = views.View(
        since=datetime(2022, 9, 10, 5, 0, tzinfo=UTC), until=datetime(2022, 9, 10, 12, 0, tzinfo=UTC) + typed_end,
        as_of=datetime(2022, 9, 10, 8, 0, tzinfo=UTC) + typed_end,
        filters={**DEFAULT_FILTERS, "filter_sides": ["RU", "UA"], "filter_changes": ["entered"],
                 "filter_hedged": "unhedged", "filter_min_claimants": 2,
                 "filter_sources": ["ISW", "a, b"], "filter_search": "Izyum & co"},
        place=707292, mode="playback")
    params = views.view_to_params(view)
    assert params["place"] == "707292" and params["since"] == "2022-09-10T05:00Z"
    assert views.view_from_params(params, DEFAULT_FILTERS) == view
    # a window ending at a claim's own minute, shared, still holds a claim later in that minute
    shared = views.view_from_params(views.view_to_params(replace(view, until=view.until - typed_end)), DEFAULT_FILTERS)
    assert shared.until == view.until and shared.since == view.since


def test_default_view_has_short_url_and_bad_params_fall_back():
    assert views.view_to_params(views.View(filters=DEFAULT_FILTERS)) == {}
    span = (datetime(2022, 9, 1, tzinfo=UTC), datetime(2022, 9, 10, tzinfo=UTC))
    whole = views.View(since=span[0], until=span[1], as_of=span[1], filters=DEFAULT_FILTERS)
    # the whole span is written out too: a shared link keeps showing the same claims as reports arrive
    assert views.view_to_params(whole) == {"since": "2022-09-01T00:00Z", "until": "2022-09-10T00:00Z"}
    assert views.view_to_params(replace(whole, as_of=span[0]))["as_of"] == "2022-09-01T00:00Z"
    view = views.view_from_params({"since": "yesterday-ish", "place": "Izyum", "sides": "UA,XX",
                                   "min_claimants": "-3", "mode": "3d", "hedged": "maybe"}, DEFAULT_FILTERS)
    assert view.since is None and view.place is None and view.mode == "status"
    assert view.filters["filter_sides"] == ["UA"]
    assert view.filters["filter_min_claimants"] == 1 and view.filters["filter_hedged"] == "all"


# --- the window -------------------------------------------------------------------------------

def test_time_span_and_windows(status):
    start, end = views.time_span(status)
    assert start == datetime(2022, 9, 8, 12, 0, tzinfo=UTC) and end == datetime(2022, 9, 10, 16, 0, tzinfo=UTC)
    assert views.quick_window("all", (start, end)) == (start, end)
    assert views.quick_window("last 24 h", (start, end)) == (end - timedelta(hours=24), end)
    assert views.quick_window("last 7 days", (start, end)) == (start, end)  # clamped to the span
    assert views.time_span(status.iloc[:0]) is None
    one = status.iloc[:1]
    lone_start, lone_end = views.time_span(one)
    assert lone_end - lone_start == timedelta(hours=2)


def test_resolve_window_clamps_and_defaults():
    span = (datetime(2022, 9, 1, tzinfo=UTC), datetime(2022, 9, 10, tzinfo=UTC))
    assert views.resolve_window(views.View(), span) == (span[0], span[1], span[1])
    asked = views.View(since=datetime(2020, 1, 1, tzinfo=UTC), until=datetime(2022, 9, 5, tzinfo=UTC))
    since, until, as_of = views.resolve_window(asked, span)
    assert since == span[0] and until == as_of == datetime(2022, 9, 5, tzinfo=UTC)


# --- places -----------------------------------------------------------------------------------

def test_places_shown_are_those_with_claims_in_the_window(claims, status):
    times = claims["time_utc"]
    window = claims[(times >= pd.Timestamp("2022-09-10 09:00Z")) & (times <= pd.Timestamp("2022-09-10 12:00Z"))]
    shown = views.places_shown(status, views.latest_per_place(window))
    assert set(shown["place"]) == {"Izyum"}
    assert shown.loc[0, "latest_claimant"] in {"Igor Strelkov", "Bezsonov (DPR Deputy Information Minister)"}


def test_why_no_card_says_why_a_selected_place_is_not_on_the_map():
    izyum = {"place": "Izyum", "lat": 49.2, "lon": 37.3, "location_precision": "exact"}
    assert views.why_no_card(izyum, drawn=True, filtered=False, playback=False) is None
    assert "no claim about it in this window." in views.why_no_card(izyum, False, False, False)
    assert "that the filters keep" in views.why_no_card(izyum, False, True, False)
    assert "status as of" in views.why_no_card(izyum, True, False, playback=True)
    unplaced = {**izyum, "lat": None, "lon": None, "location_precision": "unplaced"}
    assert "no point yet (unplaced)" in views.why_no_card(unplaced, False, False, False)
    assert "no claim names this place" in views.why_no_card(None, False, False, False)


def test_place_of_reads_the_stores_places_whatever_the_window(tmp_path):
    from claimmap import mapdata
    from mapseed import seed_store

    store = seed_store(f"sqlite:///{tmp_path / 'claims.db'}")
    try:
        izyum = mapdata.place_of(store, 707292)
        assert izyum["place"] == "Izyum" and izyum["location_precision"] == "exact"
        assert mapdata.place_of(store, 1) is None
    finally:
        store.close()


def test_base_map_opens_where_it_is_told():
    page = mapview.base_map(zoom=9, center=(48.5, 37.9)).get_root().render()
    assert "center: [48.5, 37.9]," in page and '"zoom": 9,' in page


def test_firm_look_and_radius(status):
    firm = dict(zip(status["place"], views.is_firm(status)))
    assert firm["Kupyansk"] and firm["Lyman"]          # admitted by the Russian side
    assert not firm["Lysychansk"]                       # one Ukrainian claim only
    radius = views.marker_radius(pd.Series([1, 2, 8, 10_000]))
    assert list(radius[:3]) == [5.0, 8.0, 14.0] and radius.iloc[3] == 22


# --- playback ---------------------------------------------------------------------------------

def test_playback_frames_follow_places_not_claims(claims):
    until = claims["time_utc"].max()
    frames = views.playback_frames(claims, until)
    assert set(frames["geonameid"]) == set(claims["geonameid"])
    assert (frames["end"] > frames["start"]).all()
    kupyansk = frames[frames["place"] == "Kupyansk"].sort_values("start")
    assert list(kupyansk["n_claims"]) == [2, 1]          # 01:35 twice, then 02:45 (hourly buckets)
    assert kupyansk["end"].iloc[0] == kupyansk["start"].iloc[1]  # a frame lasts until the next
    last = frames.groupby("geonameid")["end"].max()
    assert (last > until).all()                                  # the window's end shows every place
    for unit in ("ns", "us", "s"):  # the bucket choice must not depend on the time resolution
        timed = claims.assign(time_utc=claims["time_utc"].dt.as_unit(unit))
        assert len(views.playback_frames(timed, until, max_frames=6)) <= 6
    empty = views.playback_frames(claims.iloc[:0], until)
    assert empty.empty and mapview.playback_geojson(empty)["features"] == []


# --- the claims panel -------------------------------------------------------------------------

def test_highlight_marks_the_place_as_plain_text():
    assert views.highlight("Ukrainian forces were inside Izyum.", "izyum") == "Ukrainian forces were inside ⟦Izyum⟧."
    assert views.highlight("fleeing the city", "Izyum") == "fleeing the city"
    assert views.highlight("", "Izyum") == ""


def test_claims_panel_for_a_place_newest_first(claims):
    panel = views.claims_panel(claims, 707292)
    assert list(panel.columns) == views.PANEL_COLUMNS
    assert len(panel) == 4 and set(panel["place"]) == {"Izyum"}
    assert list(panel["time_utc"]) == sorted(panel["time_utc"], reverse=True)
    assert "⟦Izyum⟧" in panel.loc[panel["claimant"] == "Honcharenko (Ukrainian MP)", "evidence"].iloc[0]
    assert len(views.claims_panel(claims, limit=3)) == 3


# --- folium output ----------------------------------------------------------------------------

def test_escape_neutralises_html_and_template_literals():
    escaped = mapview.escape(XSS)
    assert not set("<>`$\"") & set(escaped)
    assert mapview.escape(None) == "" and mapview.escape(3) == "3"


def test_template_syntax_in_a_place_name_is_inert_in_playback(claims, tmp_path, monkeypatch):
    sentinel = tmp_path / "ran"
    monkeypatch.setenv("CLAIMMAP_SENTINEL", str(sentinel))  # the payload names it without quotes (JSON escapes them)
    payload = "Evil{{ lipsum.__globals__.os.mkdir(lipsum.__globals__.os.environ.CLAIMMAP_SENTINEL) }}"
    for place in (payload, "Broken {{ brace", "Tag {% if 1 %} and {# note"):
        named = claims.assign(place=claims["place"].where(claims["geonameid"] != 707292, place))
        frames = views.playback_frames(named, named["time_utc"].max())
        layer = mapview.playback_layer(frames, named["time_utc"].min(), named["time_utc"].max())
        page = mapview.standalone_html(mapview.base_map(), layer)  # raised TemplateSyntaxError, or ran the payload
        assert not sentinel.exists()
        assert "L.timeline(" in page and "{{" not in _body_scripts(page) and "{%" not in _body_scripts(page)
        tooltips = [html.unescape(f["properties"]["tooltip"]) for f in mapview.playback_geojson(frames)["features"]]
        assert f"<b>{place}</b><br>" in [t[: len(place) + 11] for t in tooltips]  # shown as the literal text


def test_escape_keeps_template_syntax_as_the_same_characters():
    escaped = mapview.escape("a {{ b }} {% c %} {# d #}")
    assert not set("{}") & set(escaped) and html.unescape(escaped) == "a {{ b }} {% c %} {# d #}"


def _body_scripts(html: str) -> str:
    return html.split("<body>", 1)[1]


def test_places_layer_escapes_every_report_string(claims, status):
    shown = views.places_shown(status, views.latest_per_place(claims))
    html = mapview.standalone_html(mapview.base_map(), mapview.places_layer(shown, selected=707292))
    body = _body_scripts(html)
    assert "<img" not in body and "onerror=\"" not in body and "${window" not in body
    collection = mapview.places_geojson(shown, selected=707292)
    tooltips = [f["properties"]["tooltip"] for f in collection["features"]]
    assert all("<img" not in t and "$" not in t and "`" not in t for t in tooltips)
    assert any("&lt;img" in t for t in tooltips)


def test_places_geojson_carries_id_colour_and_look(claims, status):
    shown = views.places_shown(status, views.latest_per_place(claims))
    features = {f["properties"]["geonameid"]: f for f in mapview.places_geojson(shown, selected=707292)["features"]}
    assert set(features) == set(shown["geonameid"])
    kupyansk = features[703656]["properties"]
    assert kupyansk["colour"] == mapview.COLOURS["UA"] and kupyansk["firm"] is True
    assert features[702972]["properties"]["colour"] == mapview.COLOURS["contested"]
    assert features[707292]["properties"]["selected"] and not kupyansk.get("selected")
    assert features[703656]["geometry"]["coordinates"] == [37.61581, 49.71003]


def test_clicked_place_reads_the_geonameid():
    assert mapview.clicked_place({"last_active_drawing": {"properties": {"geonameid": 707292}}}) == 707292
    assert mapview.clicked_place({"last_active_drawing": None}) is None
    assert mapview.clicked_place(None) is None
    assert mapview.clicked_place({"last_active_drawing": {"properties": {"geonameid": "x<"}}}) is None


def test_base_map_is_identical_between_builds_and_loads_nothing_from_cdns():
    first, second = mapview.base_map(), mapview.base_map()
    for fmap in (first, second):
        assets.localize(fmap)
    render = [re.sub(r"_[0-9a-f]{32}", "_ID", m.get_root().render()) for m in (first, second)]
    assert render[0] == render[1]
    links = re.findall(r'(?:src|href)="([^"]+)"', render[0])
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert "claimmap-legend" in render[0] and "outlines.geojson" in render[0]
    assert "openstreetmap" in render[0].lower()
    assert "openstreetmap" not in mapview.base_map(tiles=False).get_root().render().lower()


def test_playback_layer_renders_timeline_and_slider(claims):
    frames = views.playback_frames(claims, claims["time_utc"].max())
    layer = mapview.playback_layer(frames, claims["time_utc"].min(), claims["time_utc"].max())
    html = mapview.standalone_html(mapview.base_map(), layer, base_path="/sub")
    assert "L.timeline(" in html and "L.timelineSliderControl(" in html
    assert '/sub/app/static/vendor/timeline/leaflet.timeline.js' in html
    features = mapview.playback_geojson(frames)["features"]
    assert len(features) == len(frames)
    assert all(f["properties"]["end"] > f["properties"]["start"] for f in features)
    assert "<img" not in _body_scripts(html)


def test_localize_refuses_unknown_cdn_resources():
    fmap = mapview.base_map()
    folium.plugins.Fullscreen().add_to(fmap)
    with pytest.raises(ValueError, match="no offline copy"):
        assets.localize(fmap)


def test_install_vendor_copies_the_npm_assets(tmp_path):
    if not all(source.exists() for source in assets.VENDOR_SOURCES.values()):
        pytest.skip("npm packages not installed (run `npm ci`)")
    folder = assets.install_vendor(tmp_path / "vendor")
    for name in ("leaflet/leaflet.js", "leaflet/images/marker-icon.png", "timeline/leaflet.timeline.js",
                 "outlines.geojson"):
        assert (folder / name).is_file()


# --- the SQL fast path agrees with the pandas path ------------------------------------------

def test_mapdata_matches_the_pandas_path(tmp_path):
    from claimmap import mapdata
    from mapseed import seed_store

    store = seed_store(f"sqlite:///{tmp_path / 'claims.db'}")
    since, until = datetime(2022, 9, 10, 5, 0, tzinfo=UTC), datetime(2022, 9, 10, 12, 0, tzinfo=UTC)
    window = store.claims(since=since, until=until)
    assert mapdata.window_count(store, since, until) == len(window) == 8
    by_sql = mapdata.latest_per_place(store, since, until).sort_values("geonameid", ignore_index=True)
    by_pandas = views.latest_per_place(window).sort_values("geonameid", ignore_index=True)
    assert list(by_sql["geonameid"]) == [703656, 704204, 707292]
    assert by_sql["latest_evidence"].tolist() == by_pandas["latest_evidence"].tolist()
    newest = mapdata.newest_claims(store, since, until, limit=3)
    assert views.claims_panel(newest).equals(views.claims_panel(window, limit=3))
    assert set(mapdata.newest_claims(store, since, until, 707292)["place"]) == {"Izyum"}
    assert mapdata.report_sources(store) == sorted(["seed", f"src {XSS}"])
    store.close()


def test_playback_from_sql_points_matches_the_pandas_path(tmp_path):
    from claimmap import mapdata
    from mapseed import seed_store

    store = seed_store(f"sqlite:///{tmp_path / 'claims.db'}")
    since, until = datetime(2022, 9, 8, tzinfo=UTC), datetime(2022, 9, 11, tzinfo=UTC)
    by_sql = views.playback_frames(mapdata.window_points(store, since, until), until)
    by_pandas = views.playback_frames(store.claims(since=since, until=until), until)
    columns = ["geonameid", "start", "end", "controller", "n_claims"]
    assert by_sql[columns].astype(str).equals(by_pandas[columns].astype(str))
    store.close()


def test_claims_panel_says_times_at_their_precision_and_claims_in_words(claims):
    panel = views.claims_panel(claims, 707292)
    by_claimant = panel.set_index("claimant")
    # a claim known only to the report's day shows the day, not an hour nobody wrote
    assert by_claimant.loc["dissenting Russian telegram pages", "when"] == "10 Sep 2022"
    assert by_claimant.loc["Honcharenko (Ukrainian MP)", "when"] == "10 Sep 2022 09:00"
    assert by_claimant.loc["dissenting Russian telegram pages", "claim"] == "Russian source denies: held by Russia (holds)"


def test_claim_cards_escape_report_text_and_mark_the_place(claims):
    from claimmap import claimcards
    from mapseed import XSS

    html = claimcards.cards_html(views.claims_panel(claims))
    assert html.count('<article class="claimmap-card"') == len(claims)
    assert "<img" not in html and "onerror=&quot;" in html
    assert "<mark>Izyum</mark>" in html
    assert XSS not in html


def test_zoom_and_centre_go_into_the_url_once_the_map_moves():
    view = views.View(since=datetime(2022, 9, 8, tzinfo=UTC),
                      until=datetime(2022, 9, 10, 0, 0, 59, 999999, tzinfo=UTC),  # typed: its whole minute
                      filters=DEFAULT_FILTERS, zoom=9, center=(49.2, 37.25))
    params = views.view_to_params(view)
    assert params["zoom"] == "9" and params["center"] == "49.2000,37.2500"
    assert views.view_from_params(params, DEFAULT_FILTERS) == replace(view, as_of=None)
    bad = views.view_from_params({"zoom": "99", "center": "91,0"}, DEFAULT_FILTERS)
    assert bad.zoom is None and bad.center is None
    default = {"zoom": mapview.DEFAULT_ZOOM, "center": {"lat": mapview.DEFAULT_CENTER[0], "lng": mapview.DEFAULT_CENTER[1]}}
    assert mapview.returned_view(default, None, None) == (None, None)
    a_pixel_off = {"zoom": mapview.DEFAULT_ZOOM, "center": {"lat": mapview.DEFAULT_CENTER[0] + 0.0008,
                                                            "lng": mapview.DEFAULT_CENTER[1] + 0.002}}
    assert mapview.returned_view(a_pixel_off, None, None) == (None, None)
    assert mapview.returned_view({"zoom": 9, "center": {"lat": 49.21234, "lng": 37.25}}, None, None) == (9, (49.2123, 37.25))
    assert mapview.returned_view(None, 8, (1.0, 2.0)) == (8, (1.0, 2.0))


def test_read_window_sql_and_pandas_paths_agree(tmp_path):
    from claimmap import mapdata
    from mapseed import seed_store

    store = seed_store(f"sqlite:///{tmp_path / 'claims.db'}")
    since, until = datetime(2022, 9, 10, 5, 0, tzinfo=UTC), datetime(2022, 9, 10, 16, 0, tzinfo=UTC)
    by_sql = mapdata.read_window(store, since, until, until, DEFAULT_FILTERS, DEFAULT_FILTERS)
    every_side = {**DEFAULT_FILTERS, "filter_sides": ["UA", "RU", "unknown"]}  # set, yet keeps every claim
    by_pandas = mapdata.read_window(store, since, until, until, every_side, DEFAULT_FILTERS)
    assert by_sql.claims is None and len(by_pandas.claims) == by_sql.n_claims == 10
    assert (by_sql.n_places, sorted(by_sql.shown["geonameid"])) == (by_pandas.n_places, sorted(by_pandas.shown["geonameid"]))
    by_id = lambda data: dict(zip(data.shown["geonameid"], data.shown["controller"]))  # noqa: E731
    assert by_id(by_sql) == by_id(by_pandas)
    # the panel beside the map and playback read the same claims whichever path the window took
    for place in (None, 707292):
        panels = [views.claims_panel(mapdata.panel_claims(store, data, since, until, place, 200), place, 200)
                  for data in (by_sql, by_pandas)]
        assert panels[0].drop(columns="time_utc").equals(panels[1].drop(columns="time_utc"))
    frames = [views.playback_frames(mapdata.playback_points(store, data, since, until), until)
              for data in (by_sql, by_pandas)]
    columns = ["geonameid", "start", "end", "controller", "n_claims"]
    assert frames[0][columns].astype(str).equals(frames[1][columns].astype(str))
    store.close()


def test_the_base_map_names_only_settlements_at_their_own_point():
    # KATOTTG villages drawn at their hromada's centre (approximate) or with no point (unplaced) name no spot on
    # the base map; a NaN among the names would be no JSON at all, and the browser would name nothing.
    rows = json.loads(maplabels.settlements_json(GAZETTEER_PATH))
    assert rows and all(math.isfinite(lat) and math.isfinite(lon) for lat, lon, _, _ in rows)
    gazetteer_rows = pd.read_csv(GAZETTEER_PATH, usecols=["feature", "location_precision"], keep_default_na=False)
    exact = gazetteer_rows[(gazetteer_rows.feature == "settlement") & (gazetteer_rows.location_precision == "exact")]
    assert len(rows) == len(exact) < (gazetteer_rows.feature == "settlement").sum()
