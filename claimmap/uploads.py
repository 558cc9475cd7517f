"""Report files an analyst uploads: checked, decoded and turned into report text.

Every file gets its own result, so one bad file is reported by name and never
stops (or half-saves) the others. Decoding and HTML/Markdown handling are the
extraction stage's (`reporttext`); this module adds the upload rules on top:
which kinds of file are accepted and how large one may be, and what the analyst
is told about a report's result: a report with no claims, or with names that
could not be placed, is a warning naming them with their candidate places,
never a success.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from claimmap.ingest import REPORT_KINDS
from claimmap.reporttext import MAX_REPORT_MB, ReportInputError, decode_report, report_text
from claimmap.unresolved import fix_options, place_label

CANDIDATES_SHOWN = 3  # per unresolved name in a message; the preview's pick lists them all

# Per file: the report size limit (MiB). The upload widget is given it so the browser
# refuses larger files before sending them, and the server checks it again.
MAX_UPLOAD_MB = MAX_REPORT_MB
# The suffixes an upload accepts are those ingest reads from folders (suffix -> report kind).
UPLOAD_TYPES = [suffix.lstrip(".") for suffix in REPORT_KINDS]


@dataclass(frozen=True)
class ReportFile:
    """One uploaded file: its report text, or why it was rejected."""

    name: str
    kind: str           # txt | md | html (or "" when the suffix is not one we read)
    size: int           # bytes as uploaded
    raw: str = ""       # the decoded file, verbatim (the HTML itself for .html)
    text: str = ""      # the report text claims point into
    error: str = ""     # non-empty: rejected, with the reason an analyst can act on

    @property
    def ok(self) -> bool:
        return not self.error


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def read_report_file(name: str, data: bytes, *, kind: str | None = None,
                     max_mb: int = MAX_UPLOAD_MB) -> ReportFile:
    """Check one uploaded file against the upload rules and turn it into report text.

    `kind` defaults to what the file's suffix says; pasted text passes "auto"
    (HTML or Markdown recognised from the text itself).
    """
    kind = kind or REPORT_KINDS.get(PurePath(name).suffix.lower(), "")
    if not kind:
        accepted = ", ".join(sorted(REPORT_KINDS))
        return ReportFile(name, "", len(data), error=f"{name}: not a report file we read (accepted: {accepted})")
    limit = max_mb * 1024 * 1024
    if len(data) > limit:
        return ReportFile(name, kind, len(data), error=(
            f"{name} is {_megabytes(len(data))}, above the {max_mb} MB limit per file; "
            "split the report or upload only its text"))
    try:
        raw = decode_report(data, max_bytes=limit)
        text = report_text(raw, kind)
    except ReportInputError as error:
        return ReportFile(name, kind, len(data), error=f"{name}: {error}")
    return ReportFile(name, kind, len(data), raw=raw, text=text)


def read_report_files(files: Iterable[tuple[str, bytes]], *, max_mb: int = MAX_UPLOAD_MB) -> list[ReportFile]:
    """Every uploaded (name, bytes) checked on its own, in upload order."""
    return [read_report_file(name, data, max_mb=max_mb) for name, data in files]


def read_pasted_text(pasted: str) -> ReportFile:
    """Pasted text follows the same rules as a file, through its UTF-8 bytes."""
    return read_report_file("pasted text", pasted.encode("utf-8"), kind="auto")


@dataclass(frozen=True)
class Verdict:
    """What a report's result tells the analyst: a success only when every claim found its place."""

    ok: bool
    message: str


def _candidates(written: str, candidates: list) -> str:
    options, _ = fix_options(written, candidates)
    if not options:
        return "no candidate place"
    return "candidates: " + "; ".join(place_label(place) for place in options[:CANDIDATES_SHOWN])


def verdict(counted: str, n_claims: int, unresolved: list[tuple[str, list]], unplaced: list[str],
            fix: str) -> Verdict:
    """The message for one report: `counted` says what happened ("a.txt: saved, 2 claims");
    `unresolved` is (name, candidate places) per name not placed, `unplaced` the places known
    without a point, `fix` what to do about them."""
    problems = [f"{written!r} not placed ({_candidates(written, candidates)})" for written, candidates in unresolved]
    problems += [f"{place!r} is known without a point, so not on the map" for place in unplaced]
    if not problems and n_claims:
        return Verdict(True, counted + ".")
    problems = problems or ["no control claim found in it"]
    return Verdict(False, f"{counted}. " + "; ".join(problems) + (f". {fix}" if unresolved or unplaced else "."))


def _unique(pairs) -> list:
    return list(dict(pairs).items())


def preview_verdict(name: str, claims: list, unresolved: list) -> Verdict:
    """The verdict on an extraction before it is saved (claims and UnresolvedNames from the extractor)."""
    return verdict(f"{name}: {len(claims)} claims found", len(claims), _unique((n.name, n.candidates) for n in unresolved),
                   sorted({c.place for c in claims if c.location_precision == "unplaced"}),
                   "Pick the place each name means below, then save.")


def saved_verdict(store, gazetteer, report_id: str, name: str, done: str) -> Verdict:
    """The verdict on a stored report, from the store (unresolved names, unplaced claims)."""
    report = store.report(report_id)
    claims = store.claims(report_id=report_id)
    unresolved = _unique((n["name"], [gazetteer.get(int(g)) for g in n["candidates"]]) for n in report["unresolved"])
    return verdict(f"{name}: {done}, {report['n_claims']} claims", report["n_claims"], unresolved,
                   sorted(set(claims.loc[claims["location_precision"] == "unplaced", "place"])),
                   "Fix them on the Gazetteer page (the report is stored now), then re-extract it below.")
