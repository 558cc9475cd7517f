"""Ingesting many report files: extraction in a pool of worker processes, one writer.

The main thread is the only writer. It reads the files and stores their texts (a batch
per transaction, status `pending`), takes each report's extraction lock and queues the
report for the pool. One thread per `worker.Worker` (one child process with the
per-report time limit) sends it reports and waits on its pipe, so the children extract
in parallel while the main thread saves the finished reports, a batch per transaction,
and releases their locks. A report the time limit stopped is stored `timed_out`, one
that failed `failed`, as `ingest.ingest_text` does.

The places' saved status is refreshed once at the end of the run: refreshed per report,
every claim of a busy place would be read and its history rewritten again for each
report that mentions it. Until then the run's places are marked stale in the store, so
a run killed half-way leaves them to be refreshed when the store is next opened.

A report another process is extracting is left for the end of the run, then waited for.
"""
from __future__ import annotations

import queue
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tqdm import tqdm

from claimmap import reportlocks
from claimmap.extract import Extraction
from claimmap.ingest import (IngestResult, _failure, _stored_result, extract_text, ingest_file, read_report_file,
                             unresolved_record)
from claimmap.reporttext import ReportInputError
from claimmap.schema import report_id_for
from claimmap.store import Extracted, Store
from claimmap.worker import Worker

BATCH = 64  # reports stored, and extractions saved, per transaction
IN_FLIGHT = 4 * BATCH  # reports stored and queued but not yet saved, at most


@dataclass(frozen=True)
class _Job:
    index: int  # the file's place in the run
    report_id: str
    created: bool
    text: str
    report_date: date | None
    tz: str


@dataclass(frozen=True)
class _Done:
    job: _Job
    extraction: Extraction | None
    error: Exception | None


def _extract_jobs(worker: Worker | None, gazetteer, jobs: queue.Queue, done: queue.Queue) -> None:
    """A pool thread: extract the queued reports in its worker until told to stop (None)."""
    while (job := jobs.get()) is not None:
        try:
            extraction = extract_text(job.text, report_date=job.report_date, tz=job.tz, gazetteer=gazetteer,
                                      report_id=job.report_id, worker=worker)
            done.put(_Done(job, extraction, None))
        except Exception as error:  # recorded against the report by the writer, as ingest_text does
            done.put(_Done(job, None, error))


class _Run:
    """One bulk ingest's state, kept by the main thread (the writer)."""

    def __init__(self, store: Store, files: list[Path], gazetteer, bar: tqdm):
        self.store, self.files, self.gazetteer, self.bar = store, files, gazetteer, bar
        self.results: list[IngestResult | None] = [None] * len(files)
        self.busy: list[int] = []  # files whose report another process was extracting
        self.run = uuid.uuid4().hex
        self.locks = reportlocks.HeldLocks(store.engine)
        self.jobs: queue.Queue = queue.Queue()
        self.done: queue.Queue = queue.Queue()
        self.in_flight = 0
        self.finished: list[_Done] = []

    def _result(self, index: int, result: IngestResult) -> None:
        result.path = str(self.files[index])
        self.results[index] = result
        self.bar.update()

    def store_batch(self, indexes: range, options: dict) -> None:
        """Read these files, store their texts in one transaction, queue those to extract."""
        read: dict[int, dict] = {}
        ids: set[str] = set()
        for index in indexes:
            try:
                report = read_report_file(self.files[index], **options)
            except (ReportInputError, OSError) as error:
                self._result(index, IngestResult("", False, "unreadable", error=str(error)))
                continue
            report_id = report_id_for(report["text"])
            if self.locks.holds(report_id) or report_id in ids:
                # The same text again while it is in flight: after it, as one report at a time would.
                self.results[index] = IngestResult(report_id, False, "busy")
                self.busy.append(index)
            else:
                read[index] = report
                ids.add(report_id)
        stored = self.store.add_reports(list(read.values())) if read else []
        for (index, report), (report_id, created, status) in zip(read.items(), stored):
            if status == "extracted":
                self._result(index, _stored_result(self.store, report_id, created))
            elif self.locks.take(report_id):
                self.jobs.put(_Job(index, report_id, created, report["text"], report["report_date"], report["tz"]))
                self.in_flight += 1
            else:
                self.results[index] = IngestResult(report_id, created, "busy")
                self.busy.append(index)

    def collect(self, keep_in_flight: int) -> None:
        """Take the pool's finished reports (waiting while more than `keep_in_flight` are out), saving
        them a batch at a time."""
        while self.in_flight:
            try:
                finished = self.done.get(block=self.in_flight > keep_in_flight)
            except queue.Empty:
                return
            self.in_flight -= 1
            self.finished.append(finished)
            if len(self.finished) >= BATCH or not self.in_flight:
                self.save()

    def save(self) -> None:
        """Save the finished reports in one transaction (one at a time if that fails, so that
        only the report at fault is marked failed), then release their locks."""
        extracted = [done for done in self.finished if done.error is None]
        failed = [done for done in self.finished if done.error is not None]
        items = [Extracted(done.job.report_id, done.extraction.claims,
                           [unresolved_record(name) for name in done.extraction.unresolved]) for done in extracted]
        try:
            self.store.save_extractions(items, run=self.run)
        except Exception:  # noqa: BLE001 - retried one by one below, each failure recorded
            for done, item in zip(list(extracted), items):
                try:
                    self.store.save_extractions([item], run=self.run)
                except Exception as error:
                    extracted.remove(done)
                    failed.append(_Done(done.job, None, error))
        for done, item in zip(extracted, items):
            self._result(done.job.index, IngestResult(item.report_id, done.job.created, "extracted",
                                                      n_claims=len({c.claim_id for c in item.claims}),
                                                      unresolved=item.unresolved))
        for done in failed:
            status, message = _failure(self.store, done.job.report_id, done.error)
            self._result(done.job.index, IngestResult(done.job.report_id, done.job.created, status, error=message))
        for done in self.finished:
            self.locks.release(done.job.report_id)
        self.finished = []


def ingest_files(store: Store, files: list[Path], *, gazetteer, workers: list[Worker | None],
                 report_date: date | None = None, tz: str = "UTC", source: str = "", url: str = "",
                 progress: bool = False) -> list[IngestResult]:
    """Ingest these report files, extracting in `workers` (None: in this process) at once."""
    options = dict(report_date=report_date, tz=tz, source=source, url=url)
    for worker in workers:
        if worker is not None:
            worker.start()  # forked before this process starts threads
    with tqdm(total=len(files), unit="report", file=sys.stderr, disable=not progress) as bar:
        run = _Run(store, files, gazetteer, bar)
        threads = [threading.Thread(target=_extract_jobs, args=(worker, gazetteer, run.jobs, run.done),
                                    name="claimmap-ingest", daemon=True) for worker in workers]
        for thread in threads:
            thread.start()
        try:
            for start in range(0, len(files), BATCH):
                run.store_batch(range(start, min(start + BATCH, len(files))), options)
                run.collect(keep_in_flight=IN_FLIGHT)
            run.collect(keep_in_flight=0)
            store.refresh_stale(run.run)
        finally:
            while not run.jobs.empty():  # stopped by an error: extract nothing more
                run.jobs.get_nowait()
            for _ in threads:
                run.jobs.put(None)
            for thread in threads:
                thread.join()
            run.locks.close()
        for index in run.busy:  # now wait for the other process, or take the report over
            result = ingest_file(store, files[index], gazetteer=gazetteer, worker=workers[0], **options)
            result.created = run.results[index].created  # stored by the first pass, if by this run
            run.results[index] = result
            bar.update()
    return run.results
