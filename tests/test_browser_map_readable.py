"""Issue 18 in real Chromium, as an analyst does it: the map read offline (no tiles), its
labels and tooltips, the claims beside it, and the page's vocabulary.

Requests off 127.0.0.1 are blocked (see `test_browser.offline_page`)."""
from __future__ import annotations

import pytest

from test_browser import (ARTIFACTS, IZYUM, MAP_IFRAME, app_url, caption_with, click_place,  # noqa: F401
                          map_frame, offline_page)

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
