"""The map page under Streamlit's AppTest, on a real SQLite store in tmp_path."""
from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mapseed import seed_store

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    seed_store(url).close()
    monkeypatch.setenv("CLAIMMAP_DATABASE_URL", url)
    st.cache_resource.clear()  # the app caches its store per process
    st.cache_data.clear()
    return url


def open_map(**params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, app.exception
    return app


def counts(app: AppTest) -> str:
    return next(c.value for c in app.caption if "in the window" in c.value)


CARD = re.compile(r'<article class="claimmap-card"[^>]*><header>(?P<when>.*?) · <b>(?P<place>.*?)</b>.*?</header>'
                  r'<div class="claim">(?P<claim>.*?)</div><div>(?P<claimant>.*?)</div>')


def panel(app: AppTest) -> pd.DataFrame:
    """The claim cards beside the map, as the page sent them (values unescaped)."""
    body = next(element.proto.body for element in app.get("html") if "claimmap-card" in element.proto.body)
    rows = [{key: html.unescape(value) for key, value in match.groupdict().items()} for match in CARD.finditer(body)]
    return pd.DataFrame(rows, columns=["when", "place", "claim", "claimant"])


def test_map_page_shows_the_seed_claims(store_url):
    app = open_map()
    assert counts(app).startswith("11 claims about 5 places in the window; 5 places on the map")
    assert len(panel(app)) == 11
    assert "Claims in the window" in [s.value for s in app.subheader]
    # the window's ends are explicit, so the link keeps showing these claims as reports arrive
    assert dict(app.query_params) in ({"since": "2022-09-08T12:00Z", "until": "2022-09-10T16:00Z"},
                                      {"since": ["2022-09-08T12:00Z"], "until": ["2022-09-10T16:00Z"]})


def test_filters_change_what_is_shown_and_go_into_the_url(store_url):
    app = open_map()
    app.multiselect(key="map_filter_sides").set_value(["RU"]).run()
    assert counts(app).startswith("6 claims about 3 places")
    assert panel(app)["claim"].str.startswith("Russian source").all()
    assert app.query_params["sides"] == ["RU"] or app.query_params["sides"] == "RU"
    app.text_input(key="map_filter_search").set_value("Izyum").run()
    assert counts(app).startswith("3 claims about 1 place in the window")
    assert app.session_state["filter_sides"] == ["RU"]  # shared with the other pages


def timeline_claims(app: AppTest) -> int:
    """How many claims the timeline under the map counts (its bars' data, as sent to the browser)."""
    import pyarrow as pa

    chart = app.get("vega_lite_chart")[0].proto
    tables = [pa.ipc.open_stream(dataset.data.data).read_all() for dataset in chart.datasets]
    return sum(sum(table.column("claims").to_pylist()) for table in tables if "claims" in table.column_names)


def test_the_timeline_follows_the_filters(store_url):
    app = open_map()
    assert timeline_claims(app) == 11
    app.multiselect(key="map_filter_sides").set_value(["RU"]).run()
    assert timeline_claims(app) == 6                      # as the map: "6 claims about 3 places"
    assert any(c.value.startswith("The claims the filters keep over time") for c in app.caption)
    app.text_input(key="map_filter_search").set_value("Izyum").run()
    assert timeline_claims(app) == 3
    app.multiselect(key="map_filter_sides").set_value([]).run()
    app.text_input(key="map_filter_search").set_value("").run()
    assert timeline_claims(app) == 11 and any(c.value.startswith("All claims over time") for c in app.caption)


def test_window_changes_what_is_shown(store_url):
    app = open_map()
    next(b for b in app.button if b.label == "last 24 h").click().run()
    assert counts(app).startswith("10 claims about 4 places")
    assert "Balakliia" not in " ".join(panel(app)["place"])
    assert "since" in app.query_params


def type_as_of(app: AppTest, moment: datetime) -> None:
    app.date_input(key="map_as_of_day").set_value(moment.date())
    app.time_input(key="map_as_of_time").set_value(moment.time()).run()


def step(app: AppTest, label: str) -> None:
    next(b for b in app.button if b.label == label).click().run()


def test_status_as_of_an_earlier_moment(store_url):
    app = open_map()
    type_as_of(app, datetime(2022, 9, 10, 6, 0))
    assert "2 places on the map (status as of 2022-09-10 06:00 UTC)" in counts(app)  # Balakliia, Kupyansk
    assert app.query_params["as_of"] in ("2022-09-10T06:00Z", ["2022-09-10T06:00Z"])
    app.multiselect(key="map_filter_sides").set_value(["RU"]).run()
    assert "0 places on the map" in counts(app)  # no Russian-side claim yet at 06:00
    type_as_of(app, datetime(2022, 9, 10, 7, 0))
    assert "1 place on the map" in counts(app)  # Kupyansk's administration, 06:45


def shown_as_of(app: AppTest) -> str:
    return counts(app).rsplit("(status as of ", 1)[1].removesuffix(" UTC)")


def test_step_the_status_claim_by_claim(store_url):
    from mapseed import seed_claims, xss_claim

    claims = [*seed_claims(), xss_claim()]
    every = sorted({f"{c.time_utc:%Y-%m-%d %H:%M}" for c in claims})
    russian = sorted({f"{c.time_utc:%Y-%m-%d %H:%M}" for c in claims if c.claimant_side == "RU"})
    app = open_map()
    type_as_of(app, datetime(2022, 9, 8))             # before every claim: the span's start
    assert shown_as_of(app) == every[0]
    for expected in every[1:]:                        # each claim time in turn, then no more
        step(app, "next claim ▶")
        assert shown_as_of(app) == expected
    assert app.time_input(key="map_as_of_time").value.strftime("%H:%M") == every[-1][-5:]
    step(app, "next claim ▶")
    assert shown_as_of(app) == every[-1] and any(c.value == "No later claim." for c in app.caption)
    step(app, "◀ previous claim")
    assert shown_as_of(app) == every[-2]
    assert app.query_params["as_of"] in (every[-2].replace(" ", "T") + "Z", [every[-2].replace(" ", "T") + "Z"])
    app.multiselect(key="map_filter_sides").set_value(["RU"]).run()
    type_as_of(app, datetime(2022, 9, 8))
    for expected in russian:                          # with a side filter, only that side's claims
        step(app, "next claim ▶")
        assert shown_as_of(app) == expected


def test_a_shared_link_reproduces_the_view(store_url):
    app = open_map(place="707292", until="2022-09-10T12:00Z", mode="playback")
    assert "Claims about the selected place" in [s.value for s in app.subheader]
    shown = panel(app)
    assert len(shown) == 3 and set(shown["place"]) == {"Izyum"}  # the 16:00 claim is after the window
    assert app.radio(key="map_mode").value == "playback"
    next(b for b in app.button if b.label == "Show all places").click().run()
    assert len(panel(app)) == 9 and "place" not in app.query_params


def test_report_strings_are_shown_as_text(store_url):
    app = open_map(q="Balakliia")
    assert panel(app)["claimant"].iloc[0].startswith("<img src=x")  # escaped in the card: shown as text
    for element in (*app.markdown, *app.caption, *app.subheader, *app.text):
        assert "<img" not in element.value


@pytest.fixture
def kyiv_server(monkeypatch):
    """The server's local time zone is not UTC (as on an analyst's own machine)."""
    import time

    monkeypatch.setenv("TZ", "Europe/Kyiv")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_moments_do_not_follow_the_servers_time_zone(store_url, kyiv_server):
    from mapseed import seed_claims

    times = sorted({f"{c.time_utc:%Y-%m-%d %H:%M}" for c in seed_claims()})
    app = open_map()
    assert shown_as_of(app) == times[-1]                   # the window's end, in UTC
    assert app.time_input(key="map_as_of_time").value.strftime("%H:%M") == times[-1][-5:]
    step(app, "◀ previous claim")
    assert shown_as_of(app) == times[-2]
    next(b for b in app.button if b.label == "last 24 h").click().run()  # a new window: as of its end
    assert shown_as_of(app) == times[-1]
