"""Adding reports as the Upload page does, without Streamlit (`claimmap.uploadflow`): a real
SQLite store in tmp_path and the real gazetteer."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from claimmap import uploadflow
from claimmap.preview import preview_frame
from claimmap.roles import User
from claimmap.store import Store
from claimmap.uploads import read_pasted_text, read_report_file

META = {"report_date": date(2022, 9, 10), "tz": "Europe/Kyiv", "title": "", "source": "test", "url": ""}
TWO_PLACES = ("Ukrainian troops entered Izyum on Saturday, the General Staff said. "
              "Russian forces withdrew from Kupyansk, the Russian Ministry of Defence said.")
UNPLACED = "Ukrainian troops entered Zzyxwvutville on Saturday, the General Staff said."
ANA = User("ana", "analyst")


@pytest.fixture
def store(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'claims.db'}")
    yield store
    store.close()


@pytest.fixture
def batch(gazetteer) -> dict:
    read = [read_pasted_text(TWO_PLACES), read_report_file("scan.pdf", b"%PDF-1.4 binary")]
    steps = []
    found = uploadflow.find_claims(read, META, gazetteer, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(1, 2), (2, 2)]
    return found


def untouched(batch) -> dict[str, pd.DataFrame]:
    return {item["report_id"]: preview_frame(item["claims"]) for item in batch["items"] if item["file"].ok}


def test_find_claims_reads_each_report_and_keeps_the_refused_one_by_name(batch):
    readable, refused = batch["items"]
    assert {c.place for c in readable["claims"]} == {"Izyum", "Kupyansk"} and readable["failure"] == ""
    assert not refused["file"].ok and refused["report_id"] == "" and refused["claims"] == []
    assert uploadflow.report_title(readable["file"]) == TWO_PLACES[:120]


def test_save_batch_keeps_edits_as_corrections_and_drops_as_rejections(store, batch, gazetteer):
    edited = untouched(batch)
    report_id, frame = next(iter(edited.items()))
    kupyansk = frame.index[frame["place"] == "Kupyansk"][0]
    frame = frame.astype(object)
    frame.loc[frame["place"] == "Izyum", "hedged"] = True
    edited[report_id] = frame.drop(index=kupyansk)
    errors, results = uploadflow.save_batch(store.acting_as(ANA), batch, edited, {}, gazetteer=gazetteer,
                                            reload_gazetteer=pytest.fail)  # no pick: the gazetteer is kept
    assert errors == []
    saved, refused = results
    assert (saved["status"], saved["created"], saved["notes"]) == ("extracted", True, "1 edited, 1 dropped")
    assert refused["status"] == "rejected" and "scan.pdf" == refused["name"]
    claims = store.claims(report_id=saved["report_id"], include_rejected=True).set_index("place")
    assert bool(claims.loc["Izyum", "hedged"]) and bool(claims.loc["Izyum", "corrected"])
    assert bool(claims.loc["Kupyansk", "rejected"])
    assert set(store.claims(report_id=saved["report_id"])["place"]) == {"Izyum"}  # the map shows the kept one
    # The store's acting user (the app's signed-in user, the CLI's --as) is who uploaded and corrected.
    assert store.corrections()["analyst"].tolist() == ["ana", "ana"]
    assert store.reports()["uploaded_by"].tolist() == ["ana"]


def test_a_wrong_edit_saves_nothing(store, batch, gazetteer):
    edited = untouched(batch)
    for report_id, frame in edited.items():
        frame = frame.astype(object)
        frame.iloc[0, frame.columns.get_loc("claimant_side")] = "NATO"
        edited[report_id] = frame
    errors, results = uploadflow.save_batch(store.acting_as(ANA), batch, edited, {}, gazetteer=gazetteer,
                                            reload_gazetteer=pytest.fail)
    assert results == [] and len(errors) == 1 and "claimant_side='NATO'" in errors[0]
    assert store.reports().empty and store.overrides().empty


def test_a_picked_place_is_kept_as_an_override_and_the_report_saved_with_it(store, gazetteer):
    from claimmap.gazetteer import load_gazetteer

    batch = uploadflow.find_claims([read_pasted_text(UNPLACED)], META, gazetteer)
    item = batch["items"][0]
    assert [n.name for n in item["unresolved"]] == ["Zzyxwvutville"] and item["claims"] == []
    reloads = []

    def reload():
        reloads.append(1)
        return load_gazetteer(extra_overrides=store.overrides())

    errors, results = uploadflow.save_batch(store, batch, untouched(batch), {"Zzyxwvutville": 707292},
                                            gazetteer=gazetteer, reload_gazetteer=reload)
    assert errors == [] and reloads == [1] and results[0]["status"] == "extracted"
    assert list(store.overrides()["alias"]) == ["Zzyxwvutville"]
    assert set(store.claims(report_id=results[0]["report_id"])["geonameid"]) == {707292}
