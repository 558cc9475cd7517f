"""Upload reports: paste or upload report texts, check the claims found in them, then save.

Widgets and drawing only. Files are checked by `claimmap.uploads`; finding the claims
and saving the batch with the analyst's edits, picks and drops is `claimmap.uploadflow`
(the text first, so a failed extraction loses nothing). Report text is shown with `st.text`, never as Markdown or HTML.
"""
from __future__ import annotations

import zoneinfo
from datetime import date

import pandas as pd
import streamlit as st

import appstate
import pagekit
from claimmap import claimviews, ingest, uploadflow
from claimmap.preview import EDITABLE, PREVIEW_COLUMNS, preview_frame
from claimmap.schema import CHANGES, CONTROLLERS, SIDES, STANCES
from claimmap.unresolved import fix_options, fixable_reports, place_label
from claimmap.uploads import (MAX_UPLOAD_MB, UPLOAD_TYPES, Verdict, preview_verdict, read_pasted_text,
                              read_report_files, saved_verdict)

appstate.enter_page(__file__)
appstate.require("upload")  # an analyst's page: a viewer who types its address is refused (and logged)

ZONES = sorted(zoneinfo.available_timezones())
DEFAULT_ZONE = "Europe/Kyiv" if "Europe/Kyiv" in ZONES else "UTC"
LABELS = claimviews.COLUMN_LABELS
PREVIEW_CONFIG = {
    **pagekit.claim_columns(),
    "place": st.column_config.TextColumn(LABELS["place"], help="type another name to move the claim there"),
    "geonameid": st.column_config.NumberColumn(LABELS["geonameid"], format="%d", help="or give the place's id"),
    "claimant": st.column_config.TextColumn(LABELS["claimant"], required=True),
    **{column: st.column_config.SelectboxColumn(LABELS[column], options=options, required=True)
       for column, options in (("claimed_controller", CONTROLLERS), ("change", CHANGES), ("actor", SIDES),
                               ("claimant_side", SIDES), ("stance", STANCES))},
}


def progress_bar(done_text: str):
    """A progress bar for a flow of several reports (`uploadflow.Progress`), drawn at its first step."""
    bars = []

    def step(done: int, total: int) -> None:
        if total > 1:
            if not bars:
                bars.append(st.progress(0.0))
            bars[0].progress(done / total, text=f"{done_text} {done} of {total} reports")
    return step


def extract_batch(files, pasted: str, meta: dict) -> None:
    """Check every file, find the claims in each good one, and keep the batch for the preview."""
    read = read_report_files((f.name, f.getvalue()) for f in files or ())
    if pasted.strip():
        read.append(read_pasted_text(pasted))
    st.session_state["upload_batch"] = uploadflow.find_claims(
        read, meta, appstate.get_gazetteer(), appstate.get_worker(), progress=progress_bar("Read"))
    st.session_state.pop("upload_results", None)


def show(verdict: Verdict) -> None:
    (st.success if verdict.ok else st.warning)(pagekit.plain(verdict.message))


def save_batch(batch: dict, edited: dict[str, pd.DataFrame], picks: dict[str, int]) -> None:
    """Save every good report of the batch with the signed-in user's edits; nothing at all if an edit is wrong."""
    errors, results = uploadflow.save_batch(
        appstate.get_store(), batch, edited, picks, gazetteer=appstate.get_gazetteer(),
        reload_gazetteer=appstate.reload_gazetteer, worker=appstate.get_worker(), progress=progress_bar("Saved"))
    if errors:
        st.session_state["upload_errors"] = errors
        return
    st.session_state["upload_results"] = results
    st.session_state.pop("upload_batch", None)


def rerun_extraction(*report_ids: str) -> None:
    for report_id in report_ids:
        result = ingest.reextract(appstate.get_store(), report_id, appstate.get_gazetteer(), appstate.get_worker())
        st.session_state.setdefault("upload_rerun", []).append((report_id, result.status, result.error))


def pick_places(item: dict) -> dict[str, int]:
    """Per unresolved name of a report, the analyst's pick of the place it means (names left unpicked omitted)."""
    picks = {}
    for name in dict.fromkeys(n.name for n in item["unresolved"]):
        candidates = next(n.candidates for n in item["unresolved"] if n.name == name)
        # Ranked near the places the report's claims stand at, the same name's family first.
        options, preselected = fix_options(name, candidates, near=[(claim.lat, claim.lon) for claim in item["claims"]
                                                                    if claim.lat is not None],
                                           names_of=appstate.get_gazetteer().names_of)
        labels = {place.geonameid: place_label(place) for place in options}
        picked = st.selectbox(f"Where is {pagekit.plain(name)}?", [None, *labels],
                              index=0 if preselected is None else preselected + 1,
                              format_func=lambda g: "— leave it unplaced —" if g is None else labels[g],
                              key=f"upload_pick_{item['report_id']}_{name}",
                              help="kept as a gazetteer override, so later reports place this name too")
        if picked is not None:
            picks[name] = picked
    return picks


st.title("Upload reports")
st.caption("Add reports: paste text or upload files, check the claims found in them, then save them to the store.")
store = appstate.get_store()

with st.form("upload_form"):
    kinds = ", ".join("." + suffix for suffix in UPLOAD_TYPES)
    files = st.file_uploader(f"Report files ({kinds}; up to {MAX_UPLOAD_MB} MB each)", type=UPLOAD_TYPES,
                             accept_multiple_files=True, max_upload_size=MAX_UPLOAD_MB, key="upload_files")
    pasted = st.text_area("…or paste a report", height=160, key="upload_pasted")
    columns = st.columns(2)
    report_date = columns[0].date_input("Report date (publication)", value=date.today(), key="upload_date")
    tz = columns[1].selectbox("Time zone of the times in the report", ZONES, index=ZONES.index(DEFAULT_ZONE),
                              key="upload_tz")
    title = columns[0].text_input("Title (default: the file name)", key="upload_title")
    source = columns[1].text_input("Source", key="upload_source")
    url = st.text_input("URL", key="upload_url")
    if st.form_submit_button("Find the claims", type="primary"):
        if not files and not pasted.strip():
            st.warning("Upload a file or paste a report first.")
        elif url.strip() and not claimviews.web_links(pd.Series([url.strip()])).iloc[0]:
            st.error("The URL must start with http:// or https://.")
        else:
            extract_batch(files, pasted, {"report_date": report_date, "tz": tz, "title": title.strip(),
                                          "source": source.strip(), "url": url.strip()})

batch = st.session_state.get("upload_batch")
if batch:
    edited: dict[str, pd.DataFrame] = {}
    picks: dict[str, int] = {}
    for item in batch["items"]:
        report = item["file"]
        if not report.ok:
            st.error(f"Rejected, nothing saved: {pagekit.plain(report.error)}")
            continue
        st.subheader(pagekit.plain(report.name))
        with st.expander(f"Report text ({len(report.text):,} characters)"):
            st.text(report.text)
        if item["failure"]:
            st.error(f"Extraction failed: {pagekit.plain(item['failure'])}. "
                     "Saving keeps the text; re-run the extraction later.")
            continue
        show(preview_verdict(report.name, item["claims"], item["unresolved"]))
        for warning in item.get("warnings", ()):  # the claims shown are the rest of the report's
            st.warning(f"Part of the report could not be read: {pagekit.plain(warning)}")
        st.caption("Fix a place, side or change in the table; select rows and delete them to drop them.")
        edited[item["report_id"]] = st.data_editor(
            preview_frame(item["claims"]), key=f"preview_{item['report_id']}", num_rows="delete",
            hide_index=True, width="stretch", column_config=PREVIEW_CONFIG,
            disabled=[c for c in PREVIEW_COLUMNS if c not in EDITABLE])
        picks.update(pick_places(item))
    good = [item for item in batch["items"] if item["file"].ok]
    for error in st.session_state.pop("upload_errors", []):
        st.error(pagekit.plain(error))
    if good:
        # The store records the signed-in user with the edits.
        st.caption(f"Your edits are recorded as {pagekit.plain(appstate.current_user().name)}'s.")
        if st.button(f"Save {len(good)} report(s)", type="primary", key="upload_save"):
            save_batch(batch, edited, picks)
            st.rerun()

for result in st.session_state.get("upload_results", []):
    if result["status"] == "rejected":
        st.error(f"Rejected, nothing saved: {pagekit.plain(result['error'])}")
        continue
    where = "already stored" if not result["created"] else "saved"
    if result["status"] == "extracted":
        outcome = saved_verdict(store, appstate.get_gazetteer(), result["report_id"], result["name"], where)
        notes = f" Your edits: {result['notes']}." if result["notes"] else ""
        show(Verdict(outcome.ok, outcome.message + notes + (" See them on the Map or Claims page." if outcome.ok else "")))
    else:
        failed = "timed out (stopped at the time limit)" if result["status"] == "timed_out" else "failed"
        st.error(f"{pagekit.plain(result['name'])}: text {where}, but extraction {failed}: "
                 f"{pagekit.plain(result['error'])}")
        st.button("Re-run the extraction", key=f"rerun_{result['report_id']}", on_click=rerun_extraction,
                  args=(result["report_id"],))

st.subheader("Reports in the store")
for report_id, status, error in st.session_state.pop("upload_rerun", []):
    (st.success if status == "extracted" else st.error)(pagekit.plain(f"Re-ran {report_id}: {status} {error}".strip()))
fixable = fixable_reports(store, appstate.get_gazetteer())
if not fixable.empty:
    st.info(pagekit.plain(f"{len(fixable)} stored report(s) have names an override now places ("
                          + "; ".join(f"{row.title}: {', '.join(row.names)}" for row in fixable.itertuples())
                          + "). Re-extract them so the fix shows on the map."))
    st.button(f"Re-extract {len(fixable)} report(s)", on_click=rerun_extraction, args=tuple(fixable["report_id"]),
              key="upload_reextract_fixed", type="primary")
reports = store.reports()
st.dataframe(reports[["title", "source", "report_date", "tz", "status", "n_claims", "error", "ingested_at",
                      "report_id"]], hide_index=True, width="stretch",
             column_config={"ingested_at": st.column_config.DatetimeColumn("Saved (UTC)", format="YYYY-MM-DD HH:mm")})
unfinished = reports[reports["status"] != "extracted"]
if not unfinished.empty:
    report_id = st.selectbox("Report whose extraction failed or did not finish", unfinished["report_id"],
                             format_func=lambda r: f"{unfinished.set_index('report_id').loc[r, 'title']} ({r})",
                             key="upload_unfinished")
    st.button("Re-run its extraction", on_click=rerun_extraction, args=(report_id,), key="upload_rerun_button")
