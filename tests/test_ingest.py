"""Ingestion end to end: real report files, the real gazetteer and extractor, a real store."""
from __future__ import annotations

import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from claimmap import ingest
from claimmap.schema import EXTRACTOR_VERSION, report_id_for
from test_store import store, store_url  # noqa: F401  (fixtures: a store on SQLite and PostgreSQL)

SEED = ingest.SAMPLE_DIR / "000_db0048478dc47eb0.txt"
END_OF_DAY = datetime(2022, 9, 10, 23, 59, tzinfo=ZoneInfo("America/New_York"))
KUPYANSK, LYMAN, IZYUM, LYSYCHANSK = 703656, 704204, 707292, 702972


def test_bundled_sample_gives_the_seed_control_history(store, gazetteer):
    results = ingest.ingest_bundled_sample(store, gazetteer)
    assert [(r.created, r.status) for r in results] == [(True, "extracted")]
    report = store.report(results[0].report_id)
    assert report["text"] == SEED.read_text(encoding="utf-8")
    assert (report["report_date"].isoformat(), report["tz"]) == ("2022-09-10", "America/New_York")
    assert report["title"].startswith("Ukrainian Troops Reportedly Enter")

    status = store.status_as_of(END_OF_DAY).set_index("geonameid")
    kupyansk, izyum, lyman = status.loc[KUPYANSK], status.loc[IZYUM], status.loc[LYMAN]
    assert kupyansk.controller == "UA" and kupyansk.admitted
    assert kupyansk.first_admission_utc >= kupyansk.first_claim_utc
    assert izyum.controller == "UA" and izyum.admitted and izyum.disputed and izyum.n_claimants_RU >= 2
    assert lyman.controller == "UA" and lyman.n_claimants_RU >= 1 and lyman.n_claimants_UA == 0
    assert status.loc[LYSYCHANSK].controller == "contested"

    again = ingest.ingest_bundled_sample(store, gazetteer)
    assert [(r.created, r.status, r.n_claims) for r in again] == [(False, "extracted", results[0].n_claims)]
    assert len(store.claims()) == results[0].n_claims


def test_corrections_survive_reextraction(store, gazetteer):
    report_id = ingest.ingest_bundled_sample(store, gazetteer)[0].report_id
    claims = store.claims().set_index("claim_id")
    lysychansk = claims.index[claims["geonameid"] == LYSYCHANSK][0]
    denial = claims.index[claims["stance"] == "denies"][0]
    store.correct_claim(lysychansk, {"claimed_controller": "RU", "change": "holds"}, analyst="ana")
    store.reject_claim(denial, analyst="ana", reason="a rumour")

    rerun = ingest.reextract(store, report_id, gazetteer)
    assert rerun.status == "extracted" and not rerun.error
    assert set(rerun.changes.kept_corrections) == {lysychansk, denial}
    assert not rerun.changes.added and not rerun.changes.removed and not rerun.changes.changed
    after = store.claims(include_rejected=True).set_index("claim_id")
    assert after.loc[lysychansk, ["claimed_controller", "change"]].tolist() == ["RU", "holds"]
    assert after.loc[denial, "rejected"]
    status = store.status_as_of(END_OF_DAY).set_index("geonameid")
    assert status.loc[LYSYCHANSK, "controller"] == "RU" and not status.loc[IZYUM, "disputed"]


def test_a_failing_extraction_stores_the_report_as_failed_and_a_rerun_finishes_it(store, gazetteer):
    text = "Ukrainian troops entered Kupyansk on Saturday."
    failed = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=None, tz="Nowhere/Land")
    assert (failed.created, failed.status) == (True, "failed") and "Nowhere/Land" in failed.error
    assert store.report(failed.report_id)["text"] == text and store.claims().empty

    # Uploading it again with the time zone fixed finishes it under the new metadata.
    retried = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=None, tz="Europe/Kyiv")
    assert (retried.report_id, retried.created, retried.status) == (failed.report_id, False, "extracted")
    assert retried.n_claims >= 1 and store.report(failed.report_id)["tz"] == "Europe/Kyiv"
    assert ingest.reextract(store, failed.report_id, gazetteer).changes.added == []

    # Or the analyst fixes the stored time zone and re-runs extraction on the report.
    other = ingest.ingest_text(store, "Russian forces captured Bakhmut.", gazetteer=gazetteer,
                               report_date=None, tz="Nowhere/Land")
    with store.engine.begin() as connection:
        connection.exec_driver_sql(f"UPDATE reports SET tz = 'UTC' WHERE report_id = '{other.report_id}'")
    rerun = ingest.reextract(store, other.report_id, gazetteer)
    assert (rerun.status, rerun.error, len(rerun.changes.added)) == ("extracted", "", 1)
    assert store.report(other.report_id)["extractor_version"] == EXTRACTOR_VERSION


def test_folders_sidecars_and_unreadable_files(store, gazetteer, tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    shutil.copy(SEED.with_suffix(".json"), tmp_path / "seed.json")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "note.md").write_text("# Update\n\nRussian forces captured Lyman.\n", encoding="utf-8")
    (tmp_path / "nested" / "page.html").write_text(
        "<html><body><p>Ukrainian troops entered <b>Izyum</b>.</p><script>alert(1)</script></body></html>",
        encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "ignored.csv").write_text("not,a,report\n", encoding="utf-8")

    results = {r.path.rsplit("/", 1)[-1]: r for r in ingest.ingest_paths(
        store, [tmp_path], gazetteer=gazetteer, tz="Europe/Kyiv", source="analyst upload")}
    assert set(results) == {"seed.txt", "note.md", "page.html", "binary.txt"}
    assert results["binary.txt"].status == "unreadable" and results["binary.txt"].error
    assert all(r.status == "extracted" for name, r in results.items() if name != "binary.txt")
    assert len(store.reports()) == 3

    seed = store.report(results["seed.txt"].report_id)
    assert seed["tz"] == "America/New_York"            # the sidecar wins over the default
    note = store.report(results["note.md"].report_id)
    assert (note["tz"], note["source"], note["title"]) == ("Europe/Kyiv", "analyst upload", "note")
    page = store.report(results["page.html"].report_id)
    assert "<script>" not in page["text"] and "<script>" in page["raw"]
    assert page["report_id"] == report_id_for(page["text"])


def test_missing_paths_are_an_error(store, gazetteer, tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such"):
        ingest.ingest_paths(store, [tmp_path / "no-such"], gazetteer=gazetteer)


def test_a_failing_reextraction_keeps_the_claims_it_had(store, gazetteer):
    report_id = ingest.ingest_bundled_sample(store, gazetteer)[0].report_id
    n_claims = len(store.claims())
    with store.engine.begin() as connection:  # a broken time zone makes the extractor raise
        connection.exec_driver_sql(f"UPDATE reports SET tz = 'Nowhere/Land' WHERE report_id = '{report_id}'")
    rerun = ingest.reextract(store, report_id, gazetteer)
    assert rerun.status == "failed" and "Nowhere/Land" in rerun.error
    assert store.report(report_id)["status"] == "failed" and len(store.claims()) == n_claims
