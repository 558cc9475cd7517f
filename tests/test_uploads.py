"""Upload rules (per file) and reading an analyst's preview edits back into claims."""
from datetime import date

import pandas as pd
import pytest

from claimmap.extract import extract_report
from claimmap.preview import apply_preview, preview_frame
from claimmap import ingest
from claimmap.store import Store
from claimmap.uploads import (MAX_UPLOAD_MB, preview_verdict, read_pasted_text, read_report_file, read_report_files,
                              saved_verdict, verdict)

REPORT = "Ukrainian troops entered Izyum on Saturday, the General Staff said."


def test_several_files_each_get_their_own_result():
    results = read_report_files([("a.txt", REPORT.encode()), ("b.exe", b"MZ\x90\x00"), ("c.md", b"# Front\n\nText")])
    assert [r.ok for r in results] == [True, False, True]
    assert results[0].text == REPORT and results[2].kind == "md"
    assert "b.exe" in results[1].error and "accepted" in results[1].error


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1251", "koi8-r"])
def test_legacy_and_unicode_encodings_are_decoded(encoding):
    text = "Украинские войска вошли в Изюм, сообщил Генштаб ВСУ в субботу вечером. " * 3
    assert read_report_file("r.txt", text.encode(encoding)).text == text


@pytest.mark.parametrize("data, words", [
    (b"Izyum\x00\x00\x00 entered", "NUL"),
    (b"\x89PNG\r\n\x1a\n" + bytes(300), "PNG"),
    (b"", "empty"),
])
def test_binary_and_empty_files_are_rejected_with_the_reason(data, words):
    result = read_report_file("x.txt", data)
    assert not result.ok and result.error.startswith("x.txt") and words in result.error


def test_a_file_above_the_limit_is_rejected_with_its_size():
    result = read_report_file("big.txt", b"a" * (MAX_UPLOAD_MB * 1024 * 1024 + 1))
    assert not result.ok and f"above the {MAX_UPLOAD_MB} MB limit per file" in result.error
    assert read_report_file("small.txt", b"a" * 2048, max_mb=1).ok


def test_html_becomes_text_without_scripts():
    html = b"<html><body><script>alert(1)</script><p>Ukrainian troops entered <b>Izyum</b>.</p></body></html>"
    result = read_report_file("page.html", html)
    assert result.text == "Ukrainian troops entered Izyum." and "<script>" in result.raw


def test_pasted_text_is_read_like_a_file():
    assert read_pasted_text(REPORT).text == REPORT
    assert not read_pasted_text("  \n").ok


@pytest.fixture(scope="module")
def claims(gazetteer):
    return extract_report(REPORT, report_date=date(2022, 9, 10), tz="Europe/Kyiv", gazetteer=gazetteer,
                          report_id="r").claims


def edit(claims, **changes) -> pd.DataFrame:
    frame = preview_frame(claims).astype(object)
    for column, value in changes.items():
        frame.iloc[0, frame.columns.get_loc(column)] = value
    return frame


def test_an_untouched_preview_gives_the_claims_back(claims, gazetteer):
    result = apply_preview(claims, preview_frame(claims), gazetteer)
    assert result.claims == claims and not result.changes and not result.dropped and not result.errors


def test_edits_are_applied_and_listed(claims, gazetteer):
    result = apply_preview(claims, edit(claims, claimant_side="RU", hedged=True, place="Kupyansk"), gazetteer)
    claim = result.claims[0]
    assert (claim.claimant_side, claim.hedged, claim.place, claim.geonameid) == ("RU", True, "Kupyansk", 703656)
    assert claim.claim_id == claims[0].claim_id and claim.place_text == claims[0].place_text
    assert set(result.changes[claim.claim_id]) >= {"claimant_side", "hedged", "place", "geonameid", "lat", "lon"}


def test_a_geonameid_edit_moves_the_claim(claims, gazetteer):
    claim = apply_preview(claims, edit(claims, geonameid=704204), gazetteer).claims[0]
    assert (claim.place, claim.admin1) == ("Lyman", "Donetsk Oblast")


def _test_report(name: str) -> tuple[str, date]:
    import json
    from pathlib import Path

    from claimmap.reporttext import decode_report, report_text

    folder = Path(__file__).parent / "reports"
    meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    body = next(p for p in folder.glob(f"{name}.*") if p.suffix in (".txt", ".md", ".html"))
    return report_text(decode_report(body.read_bytes()), "auto"), date.fromisoformat(meta["report_date"])


@pytest.mark.parametrize("name", ["005_telegram_uk_official", "024_telegram_en_breaking", "062_isw_advances_october",
                                  "067_markdown_links"])
def test_an_untouched_preview_keeps_the_extractors_empty_claimants(gazetteer, name):
    text, report_date = _test_report(name)
    found = extract_report(text, report_date=report_date, tz="UTC", gazetteer=gazetteer, report_id="r").claims
    assert any(not claim.claimant for claim in found)  # the case: claims the report attributes to no one
    result = apply_preview(found, preview_frame(found), gazetteer)
    assert not result.errors and result.claims == found and not result.changes
    as_the_editor_returns_it = preview_frame(found).astype(object).replace({"": None})  # blank cells come back as None
    assert apply_preview(found, as_the_editor_returns_it, gazetteer).claims == found


def test_dropped_rows_are_listed(claims, gazetteer):
    result = apply_preview(claims, preview_frame(claims).iloc[0:0], gazetteer)
    assert result.claims == [] and result.dropped == [c.claim_id for c in claims]


@pytest.mark.parametrize("changes, words", [
    ({"claimant_side": "NATO"}, "claimant_side='NATO'"),
    ({"change": "liberated"}, "change='liberated'"),
    ({"place": "Nowhereville-on-Sea"}, "Nowhereville-on-Sea"),
    ({"geonameid": 1}, "no place with geonameid 1"),
    ({"claimant": " "}, "claimant is empty"),
])
def test_bad_edits_are_errors_not_claims(claims, gazetteer, changes, words):
    result = apply_preview(claims, edit(claims, **changes), gazetteer)
    assert not result.claims and len(result.errors) == 1 and words in result.errors[0]


def test_one_size_limit_for_the_cli_the_upload_page_and_its_widget():
    import tomllib
    from pathlib import Path

    from claimmap.reporttext import MAX_REPORT_BYTES, MAX_REPORT_MB

    repo = Path(__file__).resolve().parents[1]
    config = tomllib.loads((repo / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB == MAX_REPORT_MB
    assert f"{MAX_REPORT_MB} MiB ({MAX_REPORT_BYTES:,} bytes)" in (repo / "README.md").read_text(encoding="utf-8")
    assert read_report_file("limit.txt", b"a" * MAX_REPORT_BYTES).ok


def test_a_file_showing_nothing_is_refused_as_empty():
    for data in ("\u200b".encode(), "\ufeff\u200b\n \u2060".encode("utf-16")):
        result = read_report_file("blank.txt", data)
        assert not result.ok and "empty" in result.error


def extraction(gazetteer, text: str):
    return extract_report(text, report_date=date(2022, 9, 10), tz="UTC", gazetteer=gazetteer, report_id="r")


def test_a_report_whose_place_was_not_found_is_a_warning_naming_it_with_candidates(gazetteer):
    found = extraction(gazetteer, "Ukrainian troops entered Izyumsk, the General Staff said on Friday.")
    outcome = preview_verdict("pasted text", found.claims, found.unresolved)
    assert not outcome.ok
    assert "pasted text: 0 claims found" in outcome.message and "'Izyumsk' not placed" in outcome.message
    assert "Izyum (Kharkiv Oblast, UA" in outcome.message and "Pick the place" in outcome.message


def test_claims_all_placed_are_a_success_and_none_at_all_a_warning(gazetteer):
    found = extraction(gazetteer, REPORT)
    assert preview_verdict("a.txt", found.claims, found.unresolved).ok
    quiet = extraction(gazetteer, "The weather in Kharkiv was fine on Saturday.")
    outcome = preview_verdict("b.txt", quiet.claims, quiet.unresolved)
    assert not outcome.ok and "no control claim found" in outcome.message


def test_a_claim_about_a_place_without_a_point_is_a_warning():
    outcome = verdict("c.txt: saved, 1 claims", 1, [], ["Sverdlikovo"], "Fix it.")
    assert not outcome.ok and "'Sverdlikovo' is known without a point" in outcome.message


def test_the_saved_verdict_reads_the_store(tmp_path, gazetteer):
    store = Store.open(f"sqlite:///{tmp_path / 'v.db'}")
    text = "Ukrainian troops entered Izyumsk, the General Staff said on Friday."
    result = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC")
    outcome = saved_verdict(store, gazetteer, result.report_id, "r.txt", "saved")
    assert not outcome.ok and "'Izyumsk' not placed" in outcome.message and "Gazetteer page" in outcome.message
    result = ingest.ingest_text(store, REPORT, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC")
    assert saved_verdict(store, gazetteer, result.report_id, "s.txt", "saved").ok
