"""No input can stall a process: inputs that once took minutes, and the per-report time limit.

Inputs are extracted in a `Worker`, so that a regression fails as a timed-out report after a
generous limit instead of hanging the suite; the limits are far above what the inputs need
(measured speed lives in bench/bench_worstcase.py)."""
from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from claimmap import ingest
from claimmap.reporttext import furniture_spans, report_text
from claimmap.worker import ExtractionTimedOut, Worker
from test_store import store, store_url  # noqa: F401  (fixtures: a store on SQLite and PostgreSQL)

HANG_GUARD_S = 30  # before the fixes these inputs took minutes to years
IZYUM = 707292


@pytest.fixture(scope="module")
def worker(gazetteer):
    with Worker(gazetteer, time_limit=HANG_GUARD_S) as running:
        yield running


@pytest.mark.parametrize("commas", [13, 30, 200])
def test_a_claimant_followed_by_a_run_of_commas_extracts(worker, commas):
    text = "Officials " + ", " * commas + "x, said Ukrainian troops entered Izyum."
    claims = worker.extract(text, report_date=date(2022, 9, 10), tz="UTC").claims
    assert [(c.geonameid, c.change, c.claimed_controller) for c in claims] == [(IZYUM, "entered", "UA")]
    assert claims[0].claimant.startswith("Officials")


def test_whitespace_only_lines_extract(worker):
    text = "   \n" * 25_000 + "Ukrainian troops entered Izyum, the General Staff said.\n"  # 100 kB; took minutes
    claims = worker.extract(text, report_date=date(2022, 9, 10), tz="UTC").claims
    assert [c.geonameid for c in claims] == [IZYUM]


PLACES = ["Izyum", "Kupyansk", "Balakliia", "Lyman"]


def test_a_list_of_thousands_of_places_extracts(worker):
    def listing(times: int) -> str:
        return "Russian forces captured " + ", ".join(PLACES * times) + " and Izyum, the ministry said."

    def read(text: str) -> set:
        return {(c.geonameid, c.change) for c in worker.extract(text, report_date=date(2022, 9, 10), tz="UTC").claims}

    assert read(listing(3_000)) == read(listing(1))  # 100 kB; the places a short list gives


def test_a_run_on_sentence_extracts(worker):
    clause = "Ukrainian troops entered Izyum on Saturday, the General Staff said, "
    claims = worker.extract(clause * 900, report_date=date(2022, 9, 10), tz="UTC").claims  # 60 kB, one sentence
    assert claims and {c.geonameid for c in claims} == {IZYUM}


def _in_child(function, *args, limit: float = HANG_GUARD_S):
    """`function(*args)` in a forked process, None if it has not returned within `limit` seconds."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send(function(*args)), daemon=True)
    child.start()
    answer = receive.recv() if receive.poll(limit) else None
    child.kill()
    child.join()
    return answer


@pytest.mark.parametrize("html, kind", [
    ("<p>Ukrainian troops entered Izyum. " * 27_000, "unclosed <p>"),      # ~950 kB, once half a minute
    ("<div>" * 40_000 + "Ukrainian troops entered Izyum." + "</div>" * 40_000, "nested <div>"),
])
def test_deeply_nested_html_converts(html, kind):
    text = _in_child(report_text, html, "html", limit=2 * HANG_GUARD_S)
    assert text is not None, f"{kind}: no answer within {2 * HANG_GUARD_S} s"
    assert text.startswith("Ukrainian troops entered Izyum.") and text.endswith("Izyum.")


def test_a_line_of_spaces_ending_in_a_bracket_is_read():
    line = "Overview" + " " * 100_000 + ")"  # the title rule's trailing-parenthesis search was quadratic here
    assert _in_child(furniture_spans, line) is not None


def test_a_report_over_the_time_limit_is_stored_as_timed_out_and_can_be_rerun(store, gazetteer):  # noqa: F811
    text = "Ukrainian troops entered Izyum on Saturday, the General Staff said."
    with Worker(gazetteer, time_limit=1e-6) as hasty:
        result = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC",
                                    worker=hasty)
        assert result.status == "timed_out" and "time limit" in result.error
        report = store.report(result.report_id)
        assert (report["status"], report["text"]) == ("timed_out", text)
        assert "ExtractionTimedOut" in report["error"]
        # the stopped child is replaced: the worker still answers with a sensible limit
        hasty.time_limit = HANG_GUARD_S
        assert hasty.extract(text, report_date=date(2022, 9, 10), tz="UTC").claims

    rerun = ingest.reextract(store, result.report_id, gazetteer)
    assert rerun.status == "extracted"
    assert store.report(result.report_id)["status"] == "extracted" and store.report(result.report_id)["n_claims"]
    again = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC")
    assert (again.created, again.status) == (False, "extracted")


def test_a_timed_out_report_is_finished_by_ingesting_it_again(store, gazetteer):  # noqa: F811
    text = "Russian forces withdrew from Izyum, the ministry said."
    with Worker(gazetteer, time_limit=1e-6) as hasty:
        first = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC",
                                   worker=hasty)
    assert first.status == "timed_out"
    with Worker(gazetteer, time_limit=HANG_GUARD_S) as patient:
        second = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC",
                                    worker=patient)
    assert (second.created, second.status) == (False, "extracted") and second.n_claims


def test_the_workers_child_ends_when_its_parent_dies_without_closing_it(tmp_path):
    """A server stopped by a signal runs no clean-up: its extraction child must see the pipe close and end."""
    script = ("import os\nfrom datetime import date\nfrom claimmap.gazetteer import load_gazetteer\n"
              "from claimmap.worker import Worker\nworker = Worker(load_gazetteer(), time_limit=60)\n"
              "worker.extract('Ukrainian troops entered Izyum.', report_date=date(2022, 9, 10), tz='UTC')\n"
              "print(worker._process.pid, flush=True)\nos._exit(0)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[1])
    child = int(run.stdout.split()[-1])
    for _ in range(300):  # it ends at once; waits only for a busy machine
        if not Path(f"/proc/{child}").exists() or "Z" in _state(child):
            break
        time.sleep(0.1)
    else:
        os.kill(child, 9)
        pytest.fail("the extraction child outlived its parent")


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:  # gone meanwhile
        return "Z"


def test_an_error_in_the_worker_is_raised_in_the_caller(worker):
    with pytest.raises(Exception) as raised:
        worker.extract("Ukrainian troops entered Izyum.", report_date=date(2022, 9, 10), tz="Not/AZone")
    assert not isinstance(raised.value, ExtractionTimedOut)


def test_ingest_time_limit_option_stores_a_timed_out_report(tmp_path):
    report = tmp_path / "reports" / "r.txt"
    report.parent.mkdir()
    report.write_text("Ukrainian troops entered Izyum on Saturday.", encoding="utf-8")
    env = {"CLAIMMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    run = subprocess.run([sys.executable, "-m", "claimmap", "ingest", str(report.parent), "--report-date",
                          "2022-09-10", "--time-limit", "0.000001"],
                         capture_output=True, text=True, env={**os.environ, **env}, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "1 timed out" in run.stdout and "timed_out" in run.stderr

    bad = subprocess.run([sys.executable, "-m", "claimmap", "ingest", str(report.parent), "--time-limit", "0"],
                         capture_output=True, text=True, env={**os.environ, **env}, timeout=300)
    assert bad.returncode != 0 and "--time-limit" in bad.stderr and "Traceback" not in bad.stderr



def test_the_apps_extraction_process_runs_below_the_servers_cpu_priority(gazetteer):
    with Worker(gazetteer, niceness=10) as background:
        extraction = background.extract("Ukrainian troops entered Izyum.", report_date=date(2022, 9, 10), tz="UTC")
        assert [claim.geonameid for claim in extraction.claims] == [IZYUM]
        child = os.getpriority(os.PRIO_PROCESS, background._process.pid)  # it has served a report: set up
        assert child == min(os.getpriority(os.PRIO_PROCESS, 0) + 10, 19)
