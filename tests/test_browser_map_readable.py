"""Issue 18 in real Chromium, as an analyst does it: the map read offline (no tiles), its
labels and tooltips, the claims beside it, and the page's vocabulary.

Requests off 127.0.0.1 are blocked (see `test_browser.offline_page`)."""
from __future__ import annotations

import pytest

from test_browser import (ARTIFACTS, IZYUM, MAP_IFRAME, app_url, caption_with, click_place,  # noqa: F401
                          map_frame, offline_page, settled)

pytestmark = pytest.mark.browser


def tiles_off(page):
    """Turn the sidebar's "Background tiles (online)" off, as an offline analyst does."""
    page.get_by_text("Background tiles (online)").click()
    page.wait_for_function("""(selector) => {
        const frame = document.querySelector(selector);
        const doc = frame && frame.contentDocument;
        return doc && doc.querySelector(".claimmap-legend") && !doc.querySelector(".leaflet-tile-pane img");
    }""", arg=MAP_IFRAME)


def test_markers_stay_without_tiles(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(app_url)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        tiles_off(page)
        frame = map_frame(page)
        page.wait_for_timeout(3000)  # what the markers' scripts do (or fail to) once the map is built
        assert frame.locator("path.leaflet-interactive").count() == 5
        caption_with(page, "5 places on the map").wait_for()
        assert frame.locator(".leaflet-tile-pane img").count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_offline.png"))
        assert not [e for e in errors if "maxZoom" in e], errors
        assert all(url.startswith("https://tile.") for url in watch.blocked), watch.blocked  # before: tiles on
        assert watch.dialogs == []


VISIBLE_LABELS = """(selector) => Array.from(document.querySelectorAll(selector))
    .filter((e) => e.style.visibility !== "hidden").map((e) => {
        const r = e.getBoundingClientRect();
        return {text: e.innerText, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    })"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["left"] < b["right"] and a["right"] > b["left"] and a["top"] < b["bottom"] and a["bottom"] > b["top"]]


def test_labels_names_and_compact_tooltips(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        tiles_off(page)
        frame = map_frame(page)
        frame.wait_for_selector(".claimmap-label")
        frame.wait_for_selector(".claimmap-name")
        labels = frame.evaluate(VISIBLE_LABELS, ".claimmap-label")
        names = frame.evaluate(VISIBLE_LABELS, ".claimmap-name")
        # the places with claims are named on the map; the base map names towns around them
        assert {"Izyum", "Lyman"} <= {label["text"] for label in labels}, labels
        assert len(names) >= 5 and "Kharkiv" in {name["text"] for name in names}, names
        assert overlapping(labels + names) == []

        click_place(page, IZYUM, hover_only=True)
        tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
        tooltip.wait_for()
        width = tooltip.bounding_box()["width"]
        map_width = page.locator(MAP_IFRAME).bounding_box()["width"]
        assert width <= 280 and width < map_width / 2, width
        text = tooltip.inner_text()
        assert text.startswith("Izyum") and "Ukraine" in text and "claims" in text
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(MAP_IFRAME).screenshot(path=str(ARTIFACTS / "map_labels.png"))
        assert watch.dialogs == []


def test_claim_cards_beside_the_map_read_without_scrolling(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        caption_with(page, "11 claims about 5 places in the window").wait_for()
        click_place(page, IZYUM)
        page.get_by_text("Izyum (GeoNames 707292)").wait_for()
        caption_with(page, "4 claims, newest first").wait_for()
        cards = page.locator(".claimmap-cards")
        assert cards.evaluate("(e) => e.scrollWidth <= e.clientWidth")          # nothing cut off sideways
        assert cards.bounding_box()["x"] > page.locator(MAP_IFRAME).bounding_box()["x"]  # beside the map
        denial = page.locator(".claimmap-card", has_text="dissenting Russian telegram pages")
        assert denial.locator("header").inner_text() == "10 Sep 2022 · Izyum"  # known to the day only
        assert "Russian source denies: held by Russia (holds)" in denial.inner_text()
        assert denial.locator("mark").count() == 1
        for card in cards.locator(".claimmap-card").all():                     # every word of each card shows
            assert card.evaluate("(e) => e.scrollWidth <= e.clientWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_place_cards.png"))
        assert watch.dialogs == []


@pytest.fixture(scope="module")
def year_apart_url(tmp_path_factory, chromium_path):
    """The seed reports (September 2022) and one report a year later: the case where a slider's
    pixel was a day and 'last 7 days' stacked both handles."""
    import dataclasses
    from datetime import date, datetime, timezone

    from claimmap import assets
    from claimmap.schema import claim_id_for
    from mapseed import seed_claims, seed_store
    from test_browser import streamlit_app

    if not all(source.exists() for source in assets.VENDOR_SOURCES.values()):
        pytest.skip("offline map assets not installed: run `npm ci` (README set-up)")
    url = f"sqlite:///{tmp_path_factory.mktemp('year') / 'claims.db'}"
    store = seed_store(url, hostile=False)
    text = "A year later: Ukrainian troops hold Izyum."
    report_id, _, _ = store.add_report(text, title="A year later", source="later", report_date=date(2023, 9, 14))
    first = seed_claims()[0]
    store.save_claims(report_id, [dataclasses.replace(
        first, report_id=report_id, claim_id=claim_id_for(report_id, first.geonameid, first.place, 0, "holds", "later"),
        time_utc=datetime(2023, 9, 14, 9, 0, tzinfo=timezone.utc), time_precision="day", change="holds",
        evidence=text, claimant="later")])
    store.close()
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url}) as app:
        yield app


def brush(page, chart, start: float, end: float) -> None:
    """Drag across the timeline's plot from `start` to `end` (fractions of the chart's width)."""
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end, y, steps=10)
    page.mouse.up()


def test_timeline_presets_and_brush_pick_the_window(year_apart_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(year_apart_url)
        map_frame(page).wait_for_selector("path.leaflet-interactive")
        caption_with(page, "11 claims about 4 places in the window").wait_for()
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.wait_for()
        page.get_by_role("button", name="last 7 days").click()
        caption_with(page, "1 claim about 1 place in the window").wait_for()
        page.wait_for_url(lambda url: "since=2023-09-07T09" in url and "until=2023-09-14T09" in url)
        assert "2023" in page.get_by_label("Window from (UTC)").first.inner_text()
        # brushing the left end of the year picks the September 2022 claims again
        brush(page, chart, 0.06, 0.12)
        caption_with(page, "10 claims about 4 places in the window").wait_for()
        page.wait_for_url(lambda url: "since=2022-" in url and "until=2022-" in url)
        ARTIFACTS.mkdir(exist_ok=True)
        chart.screenshot(path=str(ARTIFACTS / "map_timeline.png"))
        page.screenshot(path=str(ARTIFACTS / "map_timeline_page.png"))
        assert watch.dialogs == []


def test_shared_link_keeps_zoom_centre_and_window(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(app_url)
        frame = map_frame(page)
        frame.wait_for_selector("path.leaflet-interactive")
        page.wait_for_url(lambda url: "since=2022-09-08T12" in url and "until=2022-09-10T16" in url)
        page.frame_locator(MAP_IFRAME).locator(".leaflet-control-zoom-in").click()
        page.wait_for_url(lambda url: "zoom=8" in url and "center=" in url)
        link = page.url
        center = frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
    with offline_page(chromium_path) as (page, watch):
        page.goto(link)
        frame = map_frame(page)
        frame.wait_for_function("window.map.getZoom() === 8")
        settled(page, quiet_ms=3000)  # and stays there: the page once pushed the map's last view back, swinging it
        shown = frame.evaluate("[window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]")
        assert shown[0] == 8 and abs(shown[1] - center[0]) < 0.01 and abs(shown[2] - center[1]) < 0.01
        assert "zoom=8" in page.url
        caption_with(page, "11 claims about 5 places in the window").wait_for()


def test_place_history_chart_keeps_same_minute_claims_apart(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(f"{app_url}place?place={IZYUM}")
        page.get_by_role("heading", name="Izyum").first.wait_for()
        chart = page.locator(".vega-embed svg").first
        chart.wait_for()
        chart.locator(".mark-symbol path").first.wait_for()
        # Izyum's four claims, two of them (Bezsonov, Strelkov) at 11:00 from the same side: four points
        spots = chart.locator(".mark-symbol").first.locator("path").evaluate_all(
            "(paths) => paths.map((p) => p.getAttribute('transform'))")
        assert len(spots) == 4 and len(set(spots)) == 4, spots
        assert "denies (says it is NOT so)" in chart.text_content()
        assert "10 Sep 2022" in chart.text_content()  # the axis says the date, not only hours
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".vega-embed").first.screenshot(path=str(ARTIFACTS / "place_history.png"))
        assert watch.dialogs == []


def test_claims_page_search_looks_where_its_box_says(app_url, chromium_path):
    with offline_page(chromium_path) as (page, watch):
        page.goto(f"{app_url}claims")
        page.get_by_text("11 of the 11 claims made").wait_for()
        search = page.get_by_label("Search place, claimant, evidence")
        # every seed claim's report is titled "Kharkiv counteroffensive live updates": a title is not searched
        search.fill("counteroffensive")
        search.press("Enter")
        page.get_by_text("0 of the 11 claims made").wait_for()
        search.fill("Izyum")
        search.press("Enter")
        page.get_by_text("4 of the 11 claims made").wait_for()
        assert watch.dialogs == []
