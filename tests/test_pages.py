"""The analyst's pages under Streamlit's AppTest, on a real SQLite store and the real gazetteer.

Each test runs the page file itself (the app's first-start sample ingest is
`test_app_*`'s business), drives its widgets as an analyst would, and checks
the store with `Store.open` on the same file.
"""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from claimmap import ingest
from claimmap.schema import report_id_for
from claimmap.store import Store
from claimmap.uploads import MAX_UPLOAD_MB

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "reports" / "000_db0048478dc47eb0.txt"
IZYUM = 707292
PAGES = ("upload", "claims", "place", "gazetteer")
TIMEOUT = 60  # a first run loads the gazetteer


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite store for the pages; the app's cached store and gazetteer are dropped."""
    url = f"sqlite:///{tmp_path / 'claimmap.db'}"
    monkeypatch.setenv("CLAIMMAP_DATABASE_URL", url)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def seeded(db_url, gazetteer) -> str:
    ingest.ingest_paths(Store.open(db_url), [SEED], gazetteer=gazetteer)
    return db_url


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "pages" / f"{name}.py"), default_timeout=TIMEOUT)
    return at.run()


def no_exception(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def find_claims(at: AppTest, files=(), pasted: str = "", report_date=date(2022, 9, 10),
                tz: str = "America/New_York") -> AppTest:
    """Fill in the upload form and press "Find the claims"."""
    if files:
        at.file_uploader(key="upload_files").set_value(list(files))
    at.text_area(key="upload_pasted").set_value(pasted)
    at.date_input(key="upload_date").set_value(report_date)
    at.selectbox(key="upload_tz").set_value(tz)
    at.form_submit_button[0].click()
    return no_exception(at.run())


def save(at: AppTest) -> AppTest:
    at.button(key="upload_save").click()
    return no_exception(at.run())


def test_every_page_says_what_it_is_for(seeded):
    for name in PAGES:
        at = no_exception(page(name))
        assert at.caption and at.caption[0].value, f"{name} has no one-line caption"


def test_app_reaches_the_four_pages_from_the_sidebar(db_url):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT).run()
    for name in PAGES:
        no_exception(at.switch_page(f"pages/{name}.py").run())
        assert at.caption[0].value


def test_upload_of_the_seed_commits_its_claims(db_url, gazetteer, seed_text):
    at = find_claims(page("upload"), files=[("seed.txt", SEED.read_bytes(), "text/plain")])
    preview = at.data_editor[0].value
    assert len(preview) >= 8 and {"Izyum", "Kupyansk", "Lyman"} <= set(preview["place"])
    assert Store.open(db_url).is_empty(), "the preview must not save anything"

    at = save(at)
    assert any("10 claims" in s.value or "claims" in s.value for s in at.success)
    store = Store.open(db_url)
    stored = store.claims()
    assert set(stored["claim_id"]) == set(preview.index)
    report = store.report(stored["report_id"].iloc[0])
    assert report["text"] == seed_text and report["title"] == "seed.txt" and report["tz"] == "America/New_York"


@pytest.mark.parametrize("name, data, message", [
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "not text"),
    ("nul.txt", b"Ukrainian troops entered Izyum.\x00\x00\x01\x02", "NUL"),
    ("big.txt", b"Ukrainian troops entered Izyum. " * (MAX_UPLOAD_MB * 1024 * 1024 // 32 + 1), "MB limit"),
])
def test_rejected_upload_shows_an_error_and_changes_nothing(db_url, name, data, message):
    at = find_claims(page("upload"), files=[(name, data, "text/plain")])
    errors = [e.value for e in at.error]
    assert any(name in e and message in e for e in errors), errors
    assert not at.data_editor and not [b for b in at.button if b.key == "upload_save"]
    assert Store.open(db_url).is_empty()


def test_good_files_are_saved_beside_a_rejected_one(db_url):
    at = find_claims(page("upload"), files=[("seed.txt", SEED.read_bytes(), "text/plain"),
                                            ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(4000), "text/plain")])
    assert any("photo.txt" in e.value for e in at.error)
    at = save(at)
    assert len(Store.open(db_url).reports()) == 1
    assert any("seed.txt: saved" in s.value for s in at.success)
    assert any("Rejected, nothing saved: photo.txt" in e.value for e in at.error)


def test_an_edited_preview_row_is_saved_as_edited(db_url):
    at = find_claims(page("upload"), files=[("seed.txt", SEED.read_bytes(), "text/plain")])
    editor = at.data_editor[0]
    preview = editor.value
    lysychansk = preview.index[preview["place"] == "Lysychansk"][0]
    dropped = preview.index[preview["place"] == "Kupyansk"][0]
    rows = list(preview.index)
    at.session_state[editor.key] = {
        "edited_rows": {rows.index(lysychansk): {"claimed_controller": "UA", "change": "captured",
                                                 "claimant": "Governor Haidai"}},
        "added_rows": [], "deleted_rows": [rows.index(dropped)]}
    at = save(at)
    stored = Store.open(db_url).claims(include_rejected=True).set_index("claim_id")
    edited = stored.loc[lysychansk]
    assert (edited["claimed_controller"], edited["change"], edited["claimant"]) == ("UA", "captured",
                                                                                      "Governor Haidai")
    assert edited["corrected"] and stored.loc[dropped, "rejected"]
    assert dropped not in set(Store.open(db_url).claims()["claim_id"])


def test_a_bad_place_edit_saves_nothing(db_url):
    at = find_claims(page("upload"), files=[("seed.txt", SEED.read_bytes(), "text/plain")])
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"place": "Nowhereville-on-Sea"}},
                                    "added_rows": [], "deleted_rows": []}
    at = save(at)
    assert any("Nowhereville-on-Sea" in e.value for e in at.error)
    assert Store.open(db_url).is_empty()


def test_pasted_html_is_read_as_text_and_never_rendered(db_url):
    html = ("<html><head><title>Front update</title><script>alert(1)</script></head>"
            "<body><p>The Russian MoD said its forces captured <b>Kupyansk</b>.</p></body></html>")
    at = find_claims(page("upload"), pasted=html)
    assert not at.markdown or all("<script>" not in m.value for m in at.markdown)
    shown = [t.value for t in at.text]
    assert any("captured Kupyansk" in t for t in shown) and not any("alert(1)" in t for t in shown)
    save(at)
    stored = Store.open(db_url).claims()
    assert list(stored["place"]) == ["Kupyansk"] and stored["claimant_side"].iloc[0] == "RU"


def unresolved_report(db_url, report: str) -> Store:
    save(find_claims(page("upload"), pasted=report))
    store = Store.open(db_url)
    assert store.claims().empty
    return store


def reextract_from_the_page(at: AppTest) -> AppTest:
    at.button(key="gazetteer_reextract_button").click()
    at = no_exception(at.run())
    assert any("Re-extracted 1 reports" in s.value for s in at.success)
    return at


def test_a_new_place_override_resolves_a_name_on_reextraction(db_url):
    store = unresolved_report(db_url, "Russian forces captured Zarichne-Bilske, the Russian MoD said on Friday.")
    at = no_exception(page("gazetteer"))
    assert at.selectbox(key="gazetteer_name").value == "Zarichne-Bilske"
    assert any("captured [Zarichne-Bilske]" in t.value for t in at.text)
    at.number_input(key="gazetteer_lat").set_value(49.6337)
    at.number_input(key="gazetteer_lon").set_value(37.7046)
    at.text_input(key="gazetteer_admin1").set_value("Kharkiv Oblast")
    at.form_submit_button[0].click()
    at = reextract_from_the_page(no_exception(at.run()))
    assert list(store.overrides()["alias"]) == ["Zarichne-Bilske"]
    claims = store.claims()
    assert list(claims["place"]) == ["Zarichne-Bilske"] and claims["geonameid"].notna().all()
    assert (claims["lat"].iloc[0], claims["claimed_controller"].iloc[0]) == (49.6337, "RU")
    assert any("Every place name" in s.value for s in at.success)


def test_an_alias_override_resolves_a_spelling_on_reextraction(db_url):
    store = unresolved_report(db_url, "Ukrainian troops entered Izyumsk, the General Staff said on Friday.")
    at = no_exception(page("gazetteer"))
    assert at.selectbox(key="gazetteer_name").value == "Izyumsk"
    at.text_input(key="gazetteer_lookup").set_value("Izyum")
    at = no_exception(at.run())
    at.selectbox(key="gazetteer_pick").set_value(IZYUM)
    at.button(key="gazetteer_accept").click()
    at = reextract_from_the_page(no_exception(at.run()))
    claims = store.claims()
    assert list(claims["geonameid"]) == [IZYUM] and list(claims["place_text"]) == ["Izyumsk"]


def test_gazetteer_search_finds_a_place(seeded):
    at = page("gazetteer")
    at.text_input(key="gazetteer_search").set_value("Izyum")
    at = no_exception(at.run())
    assert IZYUM in list(at.dataframe[-2].value["geonameid"])


class KeptFiles(MediaFileManager):
    """The real media file manager AppTest uses, keeping a handle on itself so a test can click a download."""

    last: KeptFiles | None = None

    def __init__(self, storage):
        super().__init__(storage)
        self.storage = storage
        KeptFiles.last = self


def test_downloads_are_valid_csv_geojson_and_parquet(seeded, monkeypatch):
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", KeptFiles)
    at = no_exception(page("claims"))
    buttons = {b.key: b for b in at.get("download_button")}
    assert set(buttons) == {"claims_download_csv", "claims_download_geojson", "claims_download_parquet"}

    def content(fmt: str) -> bytes:
        """What the browser gets on a click: the page's deferred writer runs then."""
        url = KeptFiles.last.execute_deferred(buttons[f"claims_download_{fmt}"].proto.deferred_file_id)
        return KeptFiles.last.storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content

    n_claims = len(Store.open(seeded).claims())
    csv = pd.read_csv(io.BytesIO(content("csv")))
    assert len(csv) == n_claims and "evidence" in csv
    collection = json.loads(content("geojson"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == n_claims
    assert all(f["geometry"]["type"] == "Point" for f in collection["features"])
    parquet = pd.read_parquet(io.BytesIO(content("parquet")))
    assert len(parquet) == n_claims and IZYUM in set(parquet["geonameid"])


def test_claims_page_filters_by_the_shared_search(seeded):
    at = page("claims")
    at.text_input(key="claims_filter_search").set_value("lysychansk")
    at = no_exception(at.run())
    shown = at.dataframe[0].value
    assert len(shown) > 0 and set(shown["place"]) == {"Lysychansk"}
    assert at.session_state["filter_search"] == "lysychansk"  # kept for the other pages


def test_place_page_shows_izyums_history(seeded):
    at = AppTest.from_file(str(REPO / "pages" / "place.py"), default_timeout=TIMEOUT)
    at.query_params["place"] = str(IZYUM)
    at = no_exception(at.run())
    assert at.header[0].value.startswith("Izyum")
    changes, history, claims = (frame.value for frame in at.dataframe)
    izyum = Store.open(seeded).claims(geonameid=IZYUM)
    assert len(claims) == len(izyum) >= 4 and len(history) == len(izyum)
    assert 1 <= len(changes) <= len(history) and changes["controller"].iloc[-1] == history["controller"].iloc[-1]
    assert set(claims["claimant_side"]) == {"UA", "RU"}
    assert "Russian troops still control Izyum" in " ".join(claims["evidence"])
    assert at.get("vega_lite_chart"), "no timeline chart"


def test_a_report_whose_extraction_did_not_finish_can_be_rerun(db_url, seed_text):
    store = Store.open(db_url)
    report_id, _, _ = store.add_report(seed_text, title="seed", report_date=date(2022, 9, 10), tz="America/New_York")
    store.mark_failed(report_id, "RuntimeError: the extractor stopped")
    at = page("upload")
    assert at.selectbox(key="upload_unfinished").value == report_id
    at.button(key="upload_rerun_button").click()
    at = no_exception(at.run())
    assert any(f"Re-ran {report_id}: extracted" in s.value for s in at.success), [e.value for e in at.error]
    assert store.report(report_id)["status"] == "extracted" and len(store.claims()) >= 8


def test_file_names_and_report_text_never_become_markdown(db_url):
    hostile = "![x](http://evil.test/p.png)<b>x</b>"
    at = find_claims(page("upload"), files=[(f"{hostile}.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "text/plain"),
                                            (f"{hostile}.md", f"# {hostile}\n\nUkrainian troops entered Izyum.".encode(),
                                             "text/markdown")])
    shown = [e.value for kind in ("error", "warning", "success", "subheader", "markdown") for e in at.get(kind)]
    assert shown and not any("![x](" in value or "<b>" in value for value in shown), shown
    assert any("\\!\\[x\\]\\(http://evil.test/p.png\\)" in value for value in shown)
    assert any(hostile in t.value for t in at.text)  # the report itself, as plain text


def test_a_report_url_must_be_a_web_address(db_url):
    at = page("upload")
    at.text_input(key="upload_url").set_value("javascript:alert(1)")
    at = find_claims(at, files=[("seed.txt", SEED.read_bytes(), "text/plain")])
    assert any("must start with http" in e.value for e in at.error) and not at.data_editor


def test_claims_page_shows_older_claims_by_default(db_url, gazetteer):
    # a report a year after the seed's: the seed's claims stay in the default view
    store = Store.open(db_url)
    ingest.ingest_paths(store, [SEED], gazetteer=gazetteer)
    n_seed = len(store.claims())
    ingest.ingest_text(store, "Ukrainian troops entered Izyum in Kharkiv Oblast, the General Staff said.", gazetteer=gazetteer,
                       report_date=date(2023, 9, 14), tz="Europe/Kyiv", title="a year later")
    at = no_exception(page("claims"))
    assert len(at.dataframe[0].value) == n_seed + 1


IZYUMSK = "Ukrainian troops entered Izyumsk, the General Staff said on Friday."


def test_an_upload_whose_only_place_is_unresolved_is_a_warning_with_the_fix_in_the_preview(db_url):
    at = find_claims(page("upload"), pasted=IZYUMSK)
    assert not at.success
    shown = [w.value.replace("\\", "") for w in at.warning]  # Markdown escapes dropped, as a reader sees them
    assert any("'Izyumsk' not placed" in w and "Izyum (Kharkiv Oblast" in w for w in shown)
    pick = at.selectbox(key=f"upload_pick_{report_id_for(IZYUMSK)}_Izyumsk")
    assert pick.value is None  # only spelling neighbours: nothing preselected
    pick.set_value(IZYUM)
    at = save(no_exception(at.run()))
    store = Store.open(db_url)
    assert list(store.claims()["geonameid"]) == [IZYUM]
    assert list(store.overrides()["alias"]) == ["Izyumsk"]
    assert any("saved, 1 claims" in s.value for s in at.success) and not at.warning


def test_a_saved_report_with_an_unplaced_name_warns_and_the_reextract_offer_outlives_the_session(db_url):
    at = save(find_claims(page("upload"), pasted=IZYUMSK))
    assert not at.success and any("saved, 0 claims" in w.value and "Gazetteer page" in w.value for w in at.warning)
    at = no_exception(page("gazetteer"))  # the name is listed there now: the report is stored
    at.text_input(key="gazetteer_lookup").set_value("Izyum")
    at = no_exception(at.run())
    at.selectbox(key="gazetteer_pick").set_value(IZYUM)
    at.button(key="gazetteer_accept").click()
    no_exception(at.run())
    at = no_exception(page("upload"))  # another session: the offer is read from the store
    assert any("Izyumsk" in i.value for i in at.info)
    at.button(key="upload_reextract_fixed").click()
    at = no_exception(at.run())
    assert list(Store.open(db_url).claims()["geonameid"]) == [IZYUM]
    assert not [b for b in at.button if b.key == "upload_reextract_fixed"]
