"""Eight `python -m claimmap ingest` processes started together on a fresh checkout (no gazetteer
cache yet) and the same folder, half of them with a pool of two extraction processes (`--jobs 2`),
half with one: all succeed, each report is stored once and extracted once, and
its claims are those a single ingester stores; a report whose extracting process died is taken over.
Real processes, a real SQLite file, real PostgreSQL."""
from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date

import pytest
import sqlalchemy as sa

from claimmap import ingest, reportlocks
from claimmap.store import Store
from conftest import REPO
from test_store import store_url  # noqa: F401  (fixture: an empty store on SQLite and PostgreSQL)

N_PROCESSES, N_REPORTS = 8, 24
FORK = multiprocessing.get_context("fork")
# Every time a report turns `extracted`, a row here: how many times each report was extracted.
COUNT_EXTRACTIONS = {
    "sqlite": ["CREATE TABLE extraction_log (report_id TEXT)",
               "CREATE TRIGGER count_extractions AFTER UPDATE OF status ON reports WHEN NEW.status = 'extracted' "
               "BEGIN INSERT INTO extraction_log VALUES (NEW.report_id); END"],
    "postgresql": ["CREATE TABLE extraction_log (report_id TEXT)",
                   "CREATE FUNCTION log_extraction() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   "IF NEW.status = 'extracted' THEN INSERT INTO extraction_log VALUES (NEW.report_id); END IF; "
                   "RETURN NEW; END $$",
                   "CREATE TRIGGER count_extractions AFTER UPDATE OF status ON reports "
                   "FOR EACH ROW EXECUTE FUNCTION log_extraction()"],
}


def fresh_checkout(target):
    """The package, gazetteer and data files a clone has (no data/cache, no store), and a folder of reports."""
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                              "claimmap", "data", "gazetteer.csv"], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name)
    reports = target / "incoming"
    reports.mkdir()
    for text in sorted((REPO / "tests" / "reports").glob("*.txt"))[:N_REPORTS]:
        for companion in (text, text.with_suffix(".json")):
            if companion.exists():
                shutil.copy2(companion, reports / companion.name)
    return reports


@pytest.mark.slow
def test_eight_ingest_processes_started_together_on_a_fresh_checkout(store_url, tmp_path, gazetteer):
    checkout = tmp_path / "checkout"
    reports = fresh_checkout(checkout)
    assert not (checkout / "data" / "cache").exists()
    store = Store.open(store_url)
    with store.engine.begin() as connection:
        for statement in COUNT_EXTRACTIONS[store.dialect]:
            connection.execute(sa.text(statement))

    env = {**os.environ, "CLAIMMAP_DATABASE_URL": store_url}
    processes = [subprocess.Popen([sys.executable, "-m", "claimmap", "ingest", str(reports), "--jobs", str(1 + i % 2)],
                                  cwd=checkout, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in range(N_PROCESSES)]
    outputs = [process.communicate(timeout=1200) for process in processes]
    for process, (stdout, stderr) in zip(processes, outputs):
        assert process.returncode == 0, stderr[-2000:]
        assert "Traceback" not in stderr
        assert f"{N_REPORTS} stored reports" in stdout
    new = [int(re.search(r"reports: (\d+) new", stdout).group(1)) for stdout, _ in outputs]
    assert sum(new) == N_REPORTS

    stored = store.reports()
    assert len(stored) == N_REPORTS and set(stored["status"]) == {"extracted"}
    with store.engine.connect() as connection:
        extractions = connection.execute(sa.text(
            "SELECT report_id, count(*) FROM extraction_log GROUP BY report_id")).all()
        stale = connection.execute(sa.text("SELECT count(*) FROM store_meta WHERE key LIKE 'stale_status:%'")).scalar()
    assert stale == 0, "a run left places whose saved status it did not refresh"
    assert len(extractions) == N_REPORTS
    assert {count for _, count in extractions} == {1}, "a report was extracted more than once"

    # Claims complete: the same rows as one ingester alone stores.
    alone = Store.open(f"sqlite:///{tmp_path / 'alone.db'}")
    ingest.ingest_paths(alone, [reports], gazetteer=gazetteer)
    assert sorted(store.claims()["claim_id"]) == sorted(alone.claims()["claim_id"])
    assert not store.status_as_of("2100-01-01").empty
    assert store.status_as_of("2100-01-01").equals(alone.status_as_of("2100-01-01"))
    alone.close()
    store.close()


def _hold_and_hang(url: str, report_id: str, holding) -> None:
    store = Store.open(url)
    with reportlocks.extraction_lock(store.engine, report_id):
        holding.set()
        time.sleep(600)  # "extracting" until killed


def test_a_report_whose_extracting_process_died_is_taken_over(store_url, gazetteer):
    text = "Kyiv said Ukrainian troops entered Izyum on 10 September."
    store = Store.open(store_url)
    report_id, _, _ = store.add_report(text, report_date=date(2022, 9, 10))
    holding = FORK.Event()
    holder = FORK.Process(target=_hold_and_hang, args=(store_url, report_id, holding))
    holder.start()
    try:
        assert holding.wait(timeout=120)
        meanwhile = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC",
                                       wait=False)
        assert meanwhile.status == "busy"  # another process is on it: left for later, not extracted twice
    finally:
        holder.kill()                      # dies mid-"extraction": no cleanup of any kind
        holder.join()
    taken_over = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC",
                                    wait=False)
    assert taken_over.status == "extracted" and taken_over.n_claims > 0
    store.close()
