"""Ingestion: report files and texts into the store, without ever losing a report.

The order of events is what makes it safe:
1. the verbatim text is committed (status `pending`) before anything can fail;
2. extraction runs outside any transaction;
3. the claims are written in one transaction with the status `extracted`, or the
   report is marked `failed` with the error (`timed_out` when a `worker.Worker` stopped
   it at its time limit), to be re-run later.
A process killed between 1 and 3 leaves a `pending` report; ingesting the same
text again (or `reextract`) finishes it. The same text is stored once however
many processes ingest it at the same time (the unique sha256 decides), and
extracted once: step 2 runs under the report's extraction lock (`reportlocks`).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from claimmap import exports, reportlocks
from claimmap.extract import extract_report
from claimmap.reporttext import ReportInputError, decode_report, report_text
from claimmap.schema import EXTRACTOR_VERSION, Claim
from claimmap.store import ClaimChanges, Store
from claimmap.tables import REPO
from claimmap.worker import TIMED_OUT, ExtractionTimedOut, Worker

SAMPLE_DIR = REPO / "data" / "reports"
# File suffixes read as reports when a folder is ingested, and how their text is read.
REPORT_KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
# What a report's `.json` sidecar may give (all text): its own metadata, ahead of the command's.
SIDECAR_FIELDS = ("title", "source", "url", "report_date", "tz", "language")


@dataclass
class IngestResult:
    """What happened to one report. `status`: extracted | failed | timed_out | pending, `unreadable`
    for input that could not be read as a report at all (nothing stored), or `busy`
    (only when not waiting): stored, and another process is extracting it right now."""

    report_id: str
    created: bool
    status: str
    n_claims: int = 0
    unresolved: list[dict] = field(default_factory=list)
    error: str = ""
    path: str = ""
    warnings: list[str] = field(default_factory=list)  # sentences extraction could not read (the rest was)


@dataclass
class Reextraction:
    """What re-running extraction on a stored report changed."""

    report_id: str
    status: str
    changes: ClaimChanges
    error: str = ""


def unresolved_record(name) -> dict:
    """An extractor's UnresolvedName as plain data for the store: candidate places by geonameid."""
    return {"name": name.name, "char_start": name.char_start, "char_end": name.char_end,
            "candidates": [place.geonameid for place in name.candidates]}


def extract_text(text: str, *, report_date: date | None, tz: str, gazetteer, report_id: str, worker: Worker | None):
    """Extraction in the worker (with its time limit) when there is one, else here."""
    if worker is not None:
        return worker.extract(text, report_date=report_date, tz=tz, gazetteer=gazetteer, report_id=report_id)
    return extract_report(text, report_date=report_date, tz=tz, gazetteer=gazetteer, report_id=report_id)


def _failure(store: Store, report_id: str, error: Exception) -> tuple[str, str]:
    """Record why extraction did not finish; (status, message)."""
    status = TIMED_OUT if isinstance(error, ExtractionTimedOut) else "failed"
    message = f"{type(error).__name__}: {error}"
    store.mark_failed(report_id, message, status)
    return status, message


def ingest_text(store: Store, text: str, *, gazetteer, report_date: date | None, tz: str,
                title: str = "", source: str = "", url: str = "", raw: str | None = None,
                claims: list[Claim] | None = None, language: str = "", wait: bool = True,
                worker: Worker | None = None) -> IngestResult:
    """Store one report and its claims. `claims` saves these (an analyst-checked preview)
    instead of running extraction; `worker` runs it with a time limit. A report already
    stored and extracted is left as it is. A report another process is extracting is
    waited for, or with `wait=False` left `busy`."""
    report_id, created, status = store.add_report(text, title=title, source=source, url=url,
                                                  report_date=report_date, tz=tz, language=language, raw=raw)
    if status == "extracted":
        return _stored_result(store, report_id, created)
    with reportlocks.extraction_lock(store.engine, report_id, wait=wait) as mine:
        if not mine:
            return IngestResult(report_id, created, "busy")
        if store.report(report_id)["status"] != status:  # the process we waited for finished it
            return _stored_result(store, report_id, created)
        return _extract_and_save(store, report_id, created, text, gazetteer=gazetteer,
                                 report_date=report_date, tz=tz, claims=claims, worker=worker)


def _stored_result(store: Store, report_id: str, created: bool) -> IngestResult:
    stored = store.report(report_id)
    return IngestResult(report_id, created, stored["status"], n_claims=stored["n_claims"],
                        unresolved=stored["unresolved"], error=stored["error"])


def _extract_and_save(store: Store, report_id: str, created: bool, text: str, *, gazetteer,
                      report_date: date | None, tz: str, claims: list[Claim] | None,
                      worker: Worker | None) -> IngestResult:
    # New, or left `pending`/`failed` by an earlier run: (re-)extract. Saving replaces the
    # report's claims, so two processes finishing the same report write the same rows.
    try:
        unresolved: list[dict] = []
        warnings: list[str] = []
        if claims is None:
            extraction = extract_text(text, report_date=report_date, tz=tz, gazetteer=gazetteer,
                                  report_id=report_id, worker=worker)
            claims, warnings = extraction.claims, extraction.warnings
            unresolved = [unresolved_record(name) for name in extraction.unresolved]
        store.save_claims(report_id, claims, unresolved)
    except Exception as error:  # whatever the pipeline raises, the report stays stored and says why
        status, message = _failure(store, report_id, error)
        return IngestResult(report_id, created, status, error=message)
    return IngestResult(report_id, created, "extracted", n_claims=len({c.claim_id for c in claims}),
                        unresolved=unresolved, warnings=warnings)


def reextract(store: Store, report_id: str, gazetteer, worker: Worker | None = None) -> Reextraction:
    """Run extraction again on a stored report (after a pipeline change) and replace its claims.

    Analyst-corrected claims are kept as corrected. If extraction fails, the report is
    marked failed and keeps the claims it had. Needs the analyst role; recorded in the audit trail.
    """
    store.require("reextract", report_id)
    report = store.report(report_id)
    try:
        unresolved: list[dict] = []
        if report["extractor_version"] == exports.ACLED_EXTRACTOR:
            claims, version = exports.acled_claims(report["text"], gazetteer).claims, exports.ACLED_EXTRACTOR
        else:  # the report now carries the version of the extractor that just ran
            extraction = extract_text(report["text"], report_date=report["report_date"], tz=report["tz"],
                                  gazetteer=gazetteer, report_id=report_id, worker=worker)
            claims, version = extraction.claims, EXTRACTOR_VERSION
            unresolved = [unresolved_record(name) for name in extraction.unresolved]
        changes = store.save_claims(report_id, claims, unresolved, extractor_version=version)
    except Exception as error:  # as in ingest_text: record the failure, lose nothing
        status, message = _failure(store, report_id, error)
        store.record("reextract", report_id, f"{status}: {message}")
        return Reextraction(report_id, status, ClaimChanges(), message)
    store.record("reextract", report_id, f"{len(changes.added)} claims added, {len(changes.removed)} removed, "
                                         f"{len(changes.changed)} changed")
    return Reextraction(report_id, "extracted", changes)


def reextract_many(store: Store, report_ids: list[str], gazetteer, worker: Worker | None = None,
                   progress=None) -> list[Reextraction]:
    """`reextract` each report in turn; `progress(done, total)` is called after each."""
    results = []
    for done, report_id in enumerate(report_ids, start=1):
        results.append(reextract(store, report_id, gazetteer, worker))
        if progress:
            progress(done, len(report_ids))
    return results


def reextract_all(store: Store, gazetteer, worker: Worker | None = None, progress=None) -> list[Reextraction]:
    """Re-extract every stored report (an admin's action, e.g. after a gazetteer rebuild);
    `progress(done, total)` is called after each report."""
    store.require("reextract_all")
    results = reextract_many(store, list(store.reports()["report_id"]), gazetteer, worker, progress)
    failed = sum(result.status != "extracted" for result in results)
    store.record("reextract_all", "", f"{len(results)} reports re-extracted, {failed} failed")
    return results


def report_files(paths: Iterable[str | Path]) -> list[Path]:
    """The report files named, and those inside named folders (by suffix), in a stable order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_KINDS))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def read_metadata(path: Path) -> dict:
    """The report's metadata sidecar (`name.json` beside `name.txt`), {} if there is none.

    Its SIDECAR_FIELDS must be text (or null, the same as absent); `report_date` is returned
    as a date and `tz` must name a time zone. Other fields are left alone. A sidecar that
    breaks these rules raises `ReportInputError` saying which field is wrong."""
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    try:
        metadata = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReportInputError(f"metadata file {sidecar.name} is not valid JSON: {error}") from error
    if not isinstance(metadata, dict):
        raise ReportInputError(f"metadata file {sidecar.name} must hold a JSON object")
    for name in SIDECAR_FIELDS:
        value = metadata.get(name)
        if value is not None and not isinstance(value, str):
            raise ReportInputError(f"metadata file {sidecar.name}: {name} must be text, "
                                   f"not {type(value).__name__} {json.dumps(value)[:80]}")
    if metadata.get("report_date"):
        try:
            metadata["report_date"] = date.fromisoformat(metadata["report_date"])
        except ValueError:
            raise ReportInputError(f"metadata file {sidecar.name}: report_date {metadata['report_date']!r} "
                                   "is not a date (YYYY-MM-DD)") from None
    if metadata.get("tz"):
        try:
            ZoneInfo(metadata["tz"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ReportInputError(f"metadata file {sidecar.name}: tz {metadata['tz']!r} is not a time zone "
                                   "(an IANA name such as Europe/Kyiv or UTC)") from None
    return metadata


def read_report_file(path: Path, *, report_date: date | None = None, tz: str = "UTC", source: str = "",
                     url: str = "") -> dict:
    """A report file read as `Store.add_report`'s arguments (text first): its `.json` sidecar's
    title/source/url/report_date/tz/language take precedence over the defaults given here.
    Raises `ReportInputError` or `OSError` for a file that cannot be read as a report."""
    metadata = read_metadata(path)
    raw = decode_report(path.read_bytes())
    text = report_text(raw, REPORT_KINDS.get(path.suffix.lower(), "auto"))
    return dict(text=text, report_date=metadata.get("report_date") or report_date, tz=metadata.get("tz") or tz,
                title=metadata.get("title") or path.stem, source=metadata.get("source") or source,
                url=metadata.get("url") or url, raw=raw if raw != text else None,
                language=metadata.get("language", ""))


def ingest_file(store: Store, path: Path, *, gazetteer, report_date: date | None = None, tz: str = "UTC",
                source: str = "", url: str = "", wait: bool = True, worker: Worker | None = None) -> IngestResult:
    """One report file (`read_report_file`), stored and extracted."""
    try:
        report = read_report_file(path, report_date=report_date, tz=tz, source=source, url=url)
    except (ReportInputError, OSError) as error:
        return IngestResult("", False, "unreadable", error=str(error), path=str(path))
    result = ingest_text(store, gazetteer=gazetteer, wait=wait, worker=worker, **report)
    result.path = str(path)
    return result


def ingest_paths(store: Store, paths: Iterable[str | Path], *, gazetteer, report_date: date | None = None,
                 tz: str = "UTC", source: str = "", url: str = "", progress: bool = False,
                 worker: Worker | None = None, jobs: int | None = None,
                 time_limit: float | None = None) -> list[IngestResult]:
    """Ingest report files and folders (a progress bar on stderr if asked), in `bulkingest`'s pipeline.

    `jobs`: extract in that many worker processes at once, each with `time_limit` (default: from
    the environment); else in `worker` if given, else in this process. A report another process
    is extracting is left for the end of the run and then waited for: ingesters started together
    on the same folder share the extraction work."""
    from claimmap import bulkingest  # it builds on this module

    files = report_files(paths)
    options = dict(report_date=report_date, tz=tz, source=source, url=url)
    if jobs is None:
        return bulkingest.ingest_files(store, files, gazetteer=gazetteer, workers=[worker], progress=progress,
                                       **options)
    with ExitStack() as stack:
        workers = [stack.enter_context(Worker(gazetteer, time_limit)) for _ in range(jobs)]
        return bulkingest.ingest_files(store, files, gazetteer=gazetteer, workers=workers, progress=progress,
                                       **options)


def ingest_bundled_sample(store: Store, gazetteer) -> list[IngestResult]:
    """The sample reports shipped in data/reports, so a new store shows a populated map."""
    return ingest_paths(store, [SAMPLE_DIR], gazetteer=gazetteer)


def ingest_acled(store: Store, path: str | Path, gazetteer) -> tuple[IngestResult, exports.AcledImport]:
    """An ACLED CSV export as one report whose claims are its territory-change events.

    The whole file is checked before anything is written: a malformed file raises
    `exports.AcledFormatError` and stores nothing.
    """
    path = Path(path)
    text = decode_report(path.read_bytes(), max_bytes=exports.ACLED_MAX_BYTES)
    parsed = exports.acled_claims(text, gazetteer)
    report_id, created, status = store.add_report(
        text, title=f"ACLED export {path.name}", source="ACLED", report_date=parsed.last_date, tz="UTC")
    if status == "extracted":
        return IngestResult(report_id, created, status, n_claims=store.report(report_id)["n_claims"]), parsed
    store.save_claims(report_id, parsed.claims, extractor_version=exports.ACLED_EXTRACTOR)
    return IngestResult(report_id, created, "extracted", n_claims=len(parsed.claims)), parsed
