"""In real Chromium, the Upload page with reports that once could not be saved or could stall it:
a report whose claims name no claimant is saved as it is, and one that exceeds the extraction
time limit is stored as `timed_out` with a clear message, its text kept.

Reuses the browser helpers of `test_browser.py` (server on a free port, offline page, map frame).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from claimmap.schema import report_id_for
from claimmap.store import Store
from test_browser import map_frame, offline_page, streamlit_app

pytestmark = pytest.mark.browser
# A Telegram post that attributes its claims to no one: the extractor leaves their claimant empty.
UNATTRIBUTED = (Path(__file__).parent / "reports" / "024_telegram_en_breaking.txt").read_text(encoding="utf-8")


def _paste_and_find(page, app: str, text: str) -> None:
    page.goto(app)
    map_frame(page)  # from the map, as a user would (see test_browser_upload.py)
    page.get_by_role("link", name="Upload reports").click()
    page.get_by_text("Add reports: paste text or upload files").wait_for(timeout=60_000)
    page.get_by_label("…or paste a report").fill(text)
    page.get_by_role("button", name="Find the claims").click()


def test_a_report_without_claimants_is_saved_from_the_upload_page(tmp_path, chromium_path):
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url}) as app, offline_page(chromium_path) as (page, watch):
        _paste_and_find(page, app, UNATTRIBUTED)
        page.get_by_text("2 claims found").wait_for(timeout=60_000)
        page.get_by_role("button", name="Save 1 report(s)").click()
        page.get_by_text("saved, 2 claims").wait_for(timeout=60_000)
        assert page.get_by_text("claimant is empty").count() == 0

        store = Store.open(url)
        report = store.report(report_id_for(UNATTRIBUTED))
        claims = store.claims(report_id=report["report_id"])
        store.close()
        assert report["status"] == "extracted" and len(claims) == 2 and (claims["claimant"] == "").any()
        assert watch.dialogs == []


def test_a_report_past_the_time_limit_is_stored_as_timed_out(tmp_path, chromium_path):
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    text = "Ukrainian troops entered Balakliia on Thursday, the General Staff said."
    # A limit no extraction can meet stands in for an input that would run for minutes.
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url, "CLAIMMAP_EXTRACT_TIME_LIMIT": "0.000001"}) as app, \
            offline_page(chromium_path) as (page, watch):
        _paste_and_find(page, app, text)
        page.get_by_text("it took too long and was stopped").wait_for(timeout=60_000)
        page.get_by_role("button", name="Save 1 report(s)").click()
        page.get_by_text("but extraction timed out (stopped at the time limit)").wait_for(timeout=60_000)

        store = Store.open(url)
        report = store.report(report_id_for(text))
        store.close()
        assert report["status"] == "timed_out" and "time limit" in report["error"]
        assert watch.dialogs == []
