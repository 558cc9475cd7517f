"""Report files an analyst uploads: checked, decoded and turned into report text.

Every file gets its own result, so one bad file is reported by name and never
stops (or half-saves) the others. Decoding and HTML/Markdown handling are the
extraction stage's (`reporttext`); this module adds the upload rules on top:
which kinds of file are accepted and how large one may be.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from claimmap.ingest import REPORT_KINDS
from claimmap.reporttext import MAX_REPORT_MB, ReportInputError, decode_report, report_text

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
