"""In real Chromium: an analyst uploads a new report on the Upload page and sees its place on the map;
a report whose only place could not be found is a warning naming it, never a success.

Reuses the browser helpers of `test_browser.py` (server on a free port, offline page, map frame).
"""
from __future__ import annotations

import pytest

from claimmap import assets
from claimmap.store import Store
from test_browser import ARTIFACTS, IZYUM, map_frame, offline_page, place_point, streamlit_app

pytestmark = pytest.mark.browser
UNPLACED = "Ukrainian troops entered Izyumsk, the General Staff said on Friday."
REPORT = b"Ukrainian troops entered Balakliia on Thursday, the General Staff of the Armed Forces of Ukraine said.\n"


def test_uploaded_report_appears_on_the_map(tmp_path, chromium_path):
    if not all(source.exists() for source in assets.VENDOR_SOURCES.values()):
        pytest.skip("offline map assets not installed: run `npm ci` (README set-up)")
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url}) as app, offline_page(chromium_path) as (page, watch):
        # From the map, as a user would: the sidebar leads to the upload page. (A first request straight
        # to /upload would run the page without app.py: Streamlit treats a pages/ folder as v1 pages
        # until the first st.navigation call of the server.)
        page.goto(app)
        map_frame(page)
        page.get_by_role("link", name="Upload reports").click()
        page.get_by_text("Add reports: paste text or upload files").wait_for(timeout=60_000)
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "balakliia.txt", "mimeType": "text/plain", "buffer": REPORT}])
        page.get_by_text("balakliia.txt", exact=True).first.wait_for()
        page.get_by_role("button", name="Find the claims").click()
        page.get_by_text("1 claims found").wait_for(timeout=30_000)
        page.get_by_role("button", name="Save 1 report(s)").click()
        page.get_by_text("balakliia.txt: saved, 1 claims").wait_for(timeout=30_000)

        store = Store.open(url)
        report_id = store.reports().set_index("title").loc["balakliia.txt", "report_id"]
        geonameid = int(store.claims(report_id=report_id)["geonameid"].iloc[0])
        store.close()

        page.get_by_role("link", name="Map").click()
        frame = map_frame(page)
        frame.wait_for_selector("path.leaflet-interactive")
        assert place_point(frame, geonameid) is not None, "the uploaded report's place is not on the map"
        assert place_point(frame, IZYUM) is not None, "the bundled sample is gone from the map"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_after_upload.png"))
        assert watch.dialogs == []


def test_an_unplaced_name_is_a_warning_and_a_placed_report_a_success(tmp_path, chromium_path):
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url}) as app, offline_page(chromium_path) as (page, watch):
        page.goto(app)
        map_frame(page)  # from the map, as a user would (see above)
        page.get_by_role("link", name="Upload reports").click()
        page.get_by_text("Add reports: paste text or upload files").wait_for(timeout=60_000)
        page.get_by_label("…or paste a report").fill(UNPLACED)
        page.get_by_role("button", name="Find the claims").click()
        warning = page.locator("[data-testid=stAlertContentWarning]").filter(has_text="'Izyumsk' not placed")
        warning.wait_for(timeout=60_000)
        assert "0 claims found" in warning.inner_text() and "Izyum (Kharkiv Oblast" in warning.inner_text()
        page.get_by_text("Where is Izyumsk?").wait_for()  # the fix, in the preview
        assert page.locator("[data-testid=stAlertContentSuccess]").count() == 0
        page.get_by_text("Where is Izyumsk?").scroll_into_view_if_needed()  # the warning and its fix in view
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "upload_warning.png"))  # docs/upload-warning.png is a copy
        page.get_by_role("button", name="Save 1 report(s)").click()
        saved = page.locator("[data-testid=stAlertContentWarning]").filter(has_text="saved, 0 claims")
        saved.wait_for(timeout=60_000)
        assert "'Izyumsk' not placed" in saved.inner_text()
        assert page.locator("[data-testid=stAlertContentSuccess]").count() == 0

        page.get_by_label("…or paste a report").fill(REPORT.decode())
        page.get_by_role("button", name="Find the claims").click()
        page.get_by_text("1 claims found").wait_for(timeout=60_000)
        page.get_by_role("button", name="Save 1 report(s)").click()
        page.locator("[data-testid=stAlertContentSuccess]").filter(has_text="saved, 1 claims").wait_for(timeout=60_000)
        assert watch.dialogs == []
