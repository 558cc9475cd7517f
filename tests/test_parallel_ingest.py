"""`ingest --jobs N`: extraction in a pool of worker processes, one writer. The same reports,
claims, statuses and saved control status as one job; the per-report time limit holds in the
pool; a run killed half-way leaves no place with a stale status. Real files (the hand-checked
test reports), the real gazetteer and extractor, a real SQLite file and real PostgreSQL."""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

import pandas as pd

from claimmap import control, ingest
from claimmap.store import Extracted, Store
from conftest import REPO
from test_store import store_url, synthetic_claims  # noqa: F401  (store_url: an empty store on SQLite and PostgreSQL)

FAR_FUTURE = "2100-01-01"


def report_folder(target, n: int = 40):
    """n test reports with their sidecars, one unreadable file and one text given twice."""
    target.mkdir()
    for text in sorted((REPO / "tests" / "reports").glob("*.txt"))[:n]:
        for companion in (text, text.with_suffix(".json")):
            if companion.exists():
                shutil.copy2(companion, target / companion.name)
    (target / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    shutil.copy2(sorted(target.glob("*.txt"))[0], target / "zz_same_text_again.txt")
    return target


def outcome(results) -> list[tuple]:
    return [(r.path, r.created, r.status, r.n_claims, sorted(n["name"] for n in r.unresolved), r.error)
            for r in results]


def stored(store: Store) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    claims = store.claims().sort_values("claim_id").reset_index(drop=True)
    reports = store.reports().loc[:, ["report_id", "status", "error", "n_claims"]]
    status = store.status_as_of(FAR_FUTURE).sort_values("geonameid").reset_index(drop=True)
    return claims, reports.sort_values("report_id").reset_index(drop=True), status


def test_two_jobs_store_what_one_job_stores(store_url, tmp_path, gazetteer):  # noqa: F811
    folder = report_folder(tmp_path / "reports")
    one = Store.open(f"sqlite:///{tmp_path / 'one.db'}")
    by_one = ingest.ingest_paths(one, [folder], gazetteer=gazetteer, tz="Europe/Kyiv", jobs=1)
    two = Store.open(store_url)
    by_two = ingest.ingest_paths(two, [folder], gazetteer=gazetteer, tz="Europe/Kyiv", jobs=2)

    assert outcome(by_two) == outcome(by_one)
    statuses = [r.status for r in by_two]
    assert statuses.count("unreadable") == 1 and statuses.count("extracted") == len(statuses) - 1
    assert [r.created for r in by_two].count(False) == 2  # the unreadable file and the text given twice
    for mine, theirs in zip(stored(two), stored(one)):
        pd.testing.assert_frame_equal(mine.drop(columns=["extracted_at"], errors="ignore"),
                                      theirs.drop(columns=["extracted_at"], errors="ignore"))
    saved = stored(two)[2]
    assert len(saved) > 10  # the saved status was refreshed at the end of the run, and is what the claims say
    pd.testing.assert_frame_equal(saved, control.status_as_of(two.claims(), FAR_FUTURE), check_like=True)

    again = ingest.ingest_paths(two, [folder], gazetteer=gazetteer, tz="Europe/Kyiv", jobs=2)
    assert [(r.created, r.status, r.n_claims) for r in again] == [
        (False, r.status, r.n_claims) for r in by_two]
    one.close()
    two.close()


def test_the_time_limit_holds_for_each_report_in_the_pool(store_url, tmp_path, gazetteer):  # noqa: F811
    folder = report_folder(tmp_path / "reports", n=6)
    store = Store.open(store_url)
    stopped = ingest.ingest_paths(store, [folder], gazetteer=gazetteer, jobs=2, time_limit=0.000001)
    readable = [r for r in stopped if r.status != "unreadable"]
    assert {r.status for r in readable} == {"timed_out"} and all("time limit" in r.error for r in readable)
    assert set(store.reports()["status"]) == {"timed_out"} and store.claims().empty  # texts kept, nothing half-saved

    rerun = ingest.ingest_paths(store, [folder], gazetteer=gazetteer, jobs=2)
    assert {r.status for r in rerun if r.status != "unreadable"} == {"extracted"}
    assert set(store.reports()["status"]) == {"extracted"} and not store.claims().empty
    store.close()


def test_a_run_killed_before_its_status_refresh_is_refreshed_when_the_store_opens(store_url):  # noqa: F811
    text = "Ukrainian troops entered Izyum on Saturday, the General Staff said."
    store = Store.open(store_url)
    report_id, _, _ = store.add_report(text, report_date=date(2022, 9, 10))
    store.save_extractions([Extracted(report_id, synthetic_claims(text, 6))], run="killed-run")  # ...and the process dies here
    assert store.status_as_of(FAR_FUTURE).empty
    store.close()

    reopened = Store.open(store_url)
    status = reopened.status_as_of(FAR_FUTURE)
    assert set(status["geonameid"]) == set(reopened.claims()["geonameid"]) and len(status) > 1
    reopened.close()


def test_jobs_below_one_is_a_usage_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "claimmap", "ingest", str(tmp_path), "--jobs", "0"],
                         capture_output=True, text=True, cwd=REPO, timeout=300,
                         env={"CLAIMMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}", "PATH": ""})
    assert run.returncode == 1 and "--jobs must be at least 1" in run.stderr and "Traceback" not in run.stderr
