"""Adding reports as the Upload page does it, without Streamlit, so the CLI could run it too:
find the claims in a batch of checked report files, then save the batch with the analyst's
checks (edited rows become corrections, dropped rows rejections, picked places overrides).
The analyst is the store's acting user (`Store.acting_as`): in the app the signed-in user, on
the command line the one `--as` names; the store records them with every change.

Saving checks everything first and saves nothing when an edit is wrong; then each report's
text is stored before its claims (`ingest.ingest_text`), so a failed extraction loses nothing.
A batch is a dict: `items` (one per file: `file`, `report_id`, `claims`, `unresolved`,
`failure`, `warnings`) and `meta` (report_date, tz, title, source, url).
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from claimmap import ingest
from claimmap.preview import PreviewResult, apply_preview
from claimmap.schema import report_id_for
from claimmap.unresolved import alias_override
from claimmap.uploads import ReportFile
from claimmap.worker import ExtractionTimedOut, Worker

Progress = Callable[[int, int], None]  # (done, total), after each report


def report_title(report: ReportFile) -> str:
    """A file's name, or a pasted report's first line."""
    return report.name if report.name != "pasted text" else report.text.strip().splitlines()[0][:120]


def find_claims(read: list[ReportFile], meta: dict, gazetteer, worker: Worker | None = None,
                progress: Progress | None = None) -> dict:
    """The batch: the claims found in each readable report (with the worker's time limit when
    given); a report whose extraction fails says why, and can still be saved."""
    items = []
    for done, report in enumerate(read, start=1):
        item = {"file": report, "report_id": "", "claims": [], "unresolved": [], "failure": "", "warnings": []}
        if report.ok:
            item["report_id"] = report_id_for(report.text)
            try:
                extraction = ingest.extract_text(report.text, report_date=meta["report_date"], tz=meta["tz"],
                                                 gazetteer=gazetteer, report_id=item["report_id"], worker=worker)
                item["claims"], item["unresolved"] = extraction.claims, extraction.unresolved
                item["warnings"] = extraction.warnings  # sentences it could not read; the claims are the rest's
            except ExtractionTimedOut as error:
                item["failure"] = f"it took too long and was stopped ({error})"
            except Exception as error:  # shown, and the text can still be saved and re-run later
                item["failure"] = f"{type(error).__name__}: {error}"
        items.append(item)
        if progress:
            progress(done, len(read))
    return {"items": items, "meta": meta}


def check_batch(batch: dict, edited: dict[str, pd.DataFrame], gazetteer) -> tuple[dict[str, PreviewResult], list[str]]:
    """The analyst's edits read back per report id, and every reason not to save (each naming
    its file and row); an empty list: the batch can be saved."""
    good = [item for item in batch["items"] if item["file"].ok]
    previews = {item["report_id"]: apply_preview(item["claims"], edited[item["report_id"]], gazetteer)
                for item in good if item["report_id"] in edited}
    errors = [f"{item['file'].name}: {error}" for item in good
              for error in (previews[item["report_id"]].errors if item["report_id"] in previews else [])]
    return previews, errors


def keep_picks(store, picks: dict[str, int]) -> None:
    """The places the analyst picked for unresolved names, kept as gazetteer overrides (as on the
    Gazetteer page), so this save and every later extraction place those names."""
    for name, geonameid in picks.items():
        store.add_override(alias_override(name, geonameid, note="picked in the Upload preview"))


def apply_edits(store, preview: PreviewResult) -> str:
    """The analyst's edits as corrections and dropped rows as rejections of the saved claims (kept
    through later re-extractions); what was done, in words."""
    missing = 0
    for claim_id in [*preview.changes, *preview.dropped]:
        try:
            if claim_id in preview.changes:
                store.correct_claim(claim_id, preview.changes[claim_id])
            else:
                store.reject_claim(claim_id, reason="dropped in the upload preview")
        except KeyError:  # the extraction at save time no longer gives this claim (gazetteer changed)
            missing += 1
    notes = [f"{len(preview.changes)} edited", f"{len(preview.dropped)} dropped"]
    return ", ".join(notes + ([f"{missing} edits not applied: their claims changed since the preview"]
                              if missing else []))


def save_batch(store, batch: dict, edited: dict[str, pd.DataFrame], picks: dict[str, int], *,
               gazetteer, reload_gazetteer: Callable[[], object], worker: Worker | None = None,
               progress: Progress | None = None) -> tuple[list[str], list[dict]]:
    """Save every readable report of the batch with the analyst's checks: (errors, results).
    With errors (an edit outside the schema, a place the gazetteer does not know, a pick the store
    refuses) nothing is saved. `reload_gazetteer` gives the gazetteer with the
    picks kept. Results: per file its name, report_id, status, created, notes, error (a file
    that could not be read: status `rejected`)."""
    previews, errors = check_batch(batch, edited, gazetteer)
    if errors:
        return errors, []
    try:
        keep_picks(store, picks)
    except ValueError as error:
        return [str(error)], []
    gazetteer = reload_gazetteer() if picks else gazetteer
    meta, good = batch["meta"], [item for item in batch["items"] if item["file"].ok]
    results = []
    for done, item in enumerate(good, start=1):
        report = item["file"]
        # The extraction runs again at save time so the store keeps its unresolved names too;
        # the analyst's edits then become corrections that later re-extractions keep.
        result = ingest.ingest_text(store, report.text, gazetteer=gazetteer, report_date=meta["report_date"],
                                    tz=meta["tz"], title=meta["title"] or report_title(report),
                                    source=meta["source"], url=meta["url"],
                                    raw=report.raw if report.raw != report.text else None, worker=worker)
        preview = previews.get(item["report_id"])
        notes = apply_edits(store, preview) if preview and result.status == "extracted" else ""
        results.append({"name": report.name, "report_id": result.report_id, "status": result.status,
                        "created": result.created, "notes": notes, "error": result.error})
        if progress:
            progress(done, len(good))
    rejected = [{"name": item["file"].name, "status": "rejected", "error": item["file"].error}
                for item in batch["items"] if not item["file"].ok]
    return [], results + rejected
