"""Extraction in a worker process with a time limit: no report can stall the caller.

A `Worker` keeps one child process that runs `extract_report`; the caller waits for
the answer at most `time_limit` seconds. A report that takes longer is abandoned: the
child is killed (a regex or a parser stuck in C code cannot be interrupted any other
way), `ExtractionTimedOut` is raised, and the next report gets a fresh child. The
caller's thread only waits on a pipe meanwhile, so other threads (other users of the
app) keep running.

The child is forked, so it shares the caller's gazetteer without loading or pickling
it; a worker given another gazetteer (an override added) starts a new child.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import threading
import time
import traceback
from datetime import date

from claimmap.extract import Extraction, extract_report
from claimmap.timeparse import warm_up

# Seconds one report may take; CLAIMMAP_EXTRACT_TIME_LIMIT overrides it. A long real
# report takes well under a second, so a minute means something is wrong with the input.
DEFAULT_TIME_LIMIT = 60.0
TIMED_OUT = "timed_out"  # the report status it leads to
# Read once before the children are forked, so that none of them builds the patterns again: a paragraph per
# script the phrase scans are built for (Latin, Cyrillic, both), each built at its first use.
_WARM_UP = ("Ukrainian troops entered Izyum on Saturday, the General Staff said.\n\n"
            "Российские войска вошли в Изюм, заявили в Минобороны.\n\n"
            "Ukrainian troops entered Izyum. Українські війська увійшли в Ізюм.")


class ExtractionTimedOut(Exception):
    """Extraction of one report took longer than the time limit and was stopped."""


def time_limit_from_environment() -> float:
    value = os.environ.get("CLAIMMAP_EXTRACT_TIME_LIMIT", "")
    try:
        limit = float(value) if value.strip() else DEFAULT_TIME_LIMIT
    except ValueError:
        raise ValueError(f"CLAIMMAP_EXTRACT_TIME_LIMIT must be a number of seconds, not {value!r}") from None
    return checked_time_limit(limit, "CLAIMMAP_EXTRACT_TIME_LIMIT")


def checked_time_limit(limit: float, name: str = "the time limit") -> float:
    if not 0 < limit < math.inf:
        raise ValueError(f"{name} must be a number of seconds above 0, not {limit!r}")
    return limit


def _serve(connection, parents_end, gazetteer, niceness: int) -> None:
    """The child: extract each report sent, answer with the extraction or the error. The parent's end of
    the pipe, inherited by the fork, is closed here, so that the child sees the end when the parent goes."""
    parents_end.close()
    if niceness:
        os.nice(niceness)
    while True:
        try:
            job = connection.recv()
        except EOFError:  # the parent closed its end: done
            return
        try:
            answer = ("ok", extract_report(gazetteer=gazetteer, **job))
        except Exception as error:  # sent back whole, raised in the caller as extraction's own error
            if not _picklable(error):
                error = RuntimeError(f"{type(error).__name__}: {error}")
            error.add_note("in the extraction process:\n" + "".join(traceback.format_exc()))
            answer = ("error", error)
        connection.send(answer)


def _picklable(error: Exception) -> bool:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # any failure means: send a plain description instead
        return False
    return True


class Worker:
    """One extraction child process with a per-report time limit; safe to share between threads
    (reports are extracted one at a time)."""

    def __init__(self, gazetteer, time_limit: float | None = None, niceness: int = 0):
        """`niceness` > 0 runs the child at a lower CPU priority than the caller: in the app, a page
        being drawn for one user then gets the cores before another user's extraction."""
        self.gazetteer = gazetteer
        self.niceness = niceness
        self.time_limit = checked_time_limit(time_limit) if time_limit is not None else time_limit_from_environment()
        self._lock = threading.Lock()
        self._process = None
        self._connection = None
        self._warm = False

    def extract(self, text: str, *, report_date: date | None, tz: str, gazetteer=None,
                report_id: str | None = None) -> Extraction:
        """`extract_report` in the child; raises ExtractionTimedOut past the time limit."""
        job = {"text": text, "report_date": report_date, "tz": tz, "report_id": report_id}
        with self._lock:
            if gazetteer is not None and gazetteer is not self.gazetteer:
                self._stop()
                self.gazetteer, self._warm = gazetteer, False
            if self._process is None or not self._process.is_alive():
                self._start()
            started = time.monotonic()
            self._connection.send(job)
            if not self._connection.poll(self.time_limit):
                self._stop()
                raise self._timed_out()
            try:
                kind, value = self._connection.recv()
            except EOFError:  # the child died (out of memory, killed): this report is the cause
                self._stop()
                raise RuntimeError("the extraction process ended without an answer") from None
        # An answer already waiting when the limit passed is as late as none (poll returns at once then).
        if time.monotonic() - started > self.time_limit:
            raise self._timed_out()
        if kind == "error":
            raise value
        return value

    def _timed_out(self) -> ExtractionTimedOut:
        return ExtractionTimedOut(f"extraction stopped after the time limit of {self.time_limit:g} s "
                                  "(set CLAIMMAP_EXTRACT_TIME_LIMIT to change it)")

    def start(self) -> None:
        """Fork the child now (else at the first report): before the caller starts threads of its own."""
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()

    def _start(self) -> None:
        if not self._warm:  # lexicon, patterns and date parser set up here once, shared by every child forked after
            extract_report(_WARM_UP, report_date=None, tz="UTC", gazetteer=self.gazetteer)
            warm_up()
            self._warm = True
        context = multiprocessing.get_context("fork")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, self._connection, self.gazetteer, self.niceness),
                                        daemon=True, name="claimmap-extract")
        self._process.start()
        child.close()

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._connection.close()
        self._process = self._connection = None

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
