"""Roles enforced by the store, and the audit trail, on SQLite and PostgreSQL."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import pytest

from claimmap import audit, ingest
from claimmap.roles import PermissionDenied, User, allowed
from test_store import store, store_url, synthetic_claims  # noqa: F401  (fixtures: a store on both)

VIEWER, ANALYST, OTHER, ADMIN = (User("vera", "viewer"), User("ana", "analyst"), User("bob", "analyst"),
                                 User("root", "admin"))
TEXT = "Ukrainian troops entered Kupyansk and Izyum."


def stored(store, user=ANALYST) -> tuple[str, list[str]]:
    acting = store.acting_as(user)
    report_id, _, _ = acting.add_report(TEXT, title="=HYPERLINK(\"x\")")
    claims = synthetic_claims(TEXT, 4)
    acting.save_claims(report_id, claims)
    return report_id, [claim.claim_id for claim in claims]


def test_each_role_has_what_the_one_before_it_has():
    assert allowed("viewer", "sign_in") and not allowed("viewer", "upload")
    assert allowed("analyst", "upload") and allowed("analyst", "placement") and not allowed("analyst", "reextract_all")
    assert all(allowed("admin", action) for action in ("upload", "correct", "reextract_all", "manage_users"))
    assert not allowed("admin", "no such action")  # nothing is allowed by accident
    with pytest.raises(ValueError):
        allowed("superuser", "upload")


def test_a_viewer_is_refused_every_write_and_each_refusal_is_logged(store):
    report_id, claim_ids = stored(store)
    viewer = store.acting_as(VIEWER)
    attempts = [
        ("upload", lambda: viewer.add_report("Russian troops entered Lyman.")),
        ("extract", lambda: viewer.save_claims(report_id, [])),
        ("correct", lambda: viewer.correct_claim(claim_ids[0], {"claimed_controller": "RU"})),
        ("reject", lambda: viewer.reject_claim(claim_ids[1], reason="forged")),
        ("override", lambda: viewer.add_override({"alias": "Izium", "geonameid": 707292})),
        ("placement", lambda: viewer.add_override({"alias": "Hill 1", "name": "Hill 1", "lat": 49.0, "lon": 37.0})),
        ("reextract", lambda: ingest.reextract(viewer, report_id, gazetteer=None)),
    ]
    for action, attempt in attempts:
        with pytest.raises(PermissionDenied, match="vera \\(viewer\\) may not"):
            attempt()
    # Nothing changed...
    assert store.is_empty() is False and len(store.reports()) == 1
    claims = store.claims()
    assert len(claims) == 4 and not claims["corrected"].any() and store.overrides().empty
    # ...and every attempt is in the audit trail as refused, under the viewer's name.
    refused = audit.entries(store, ADMIN, outcome="refused")
    assert list(refused["action"])[::-1] == [action for action, _ in attempts]
    assert set(refused["who"]) == {"vera"} and set(refused["role"]) == {"viewer"}


def test_the_signed_in_analyst_is_who_corrects_uploads_and_overrides(store):
    report_id, claim_ids = stored(store)
    ana = store.acting_as(ANALYST)
    ana.correct_claim(claim_ids[0], {"claimed_controller": "RU"}, analyst="someone else")  # free text: ignored
    ana.reject_claim(claim_ids[1], reason="not a claim")
    ana.add_override({"alias": "Izium", "geonameid": 707292})
    ana.add_override({"alias": "Hill 1", "name": "Hill 1", "lat": 49.0, "lon": 37.0}, added_by="someone else")

    claims = store.claims(include_rejected=True).set_index("claim_id")
    assert claims.loc[claim_ids[0], "corrected_by"] == "ana" and claims.loc[claim_ids[1], "corrected_by"] == "ana"
    assert claims.loc[claim_ids[2], "corrected_by"] == "" and set(claims["uploaded_by"]) == {"ana"}
    assert set(store.corrections()["analyst"]) == {"ana"}
    assert store.reports().loc[0, "uploaded_by"] == "ana"
    entries = audit.entries(store, ADMIN)
    assert list(entries["action"])[::-1] == ["upload", "correct", "reject", "override", "placement"]
    assert set(entries["who"]) == {"ana"} and set(entries["outcome"]) == {"done"}
    assert entries.loc[entries["action"] == "placement", "detail"].item() == "49.0, 37.0"
    assert entries["at"].dt.tz is not None


def test_the_local_user_of_a_run_without_accounts_may_name_the_analyst(store):
    """The CLI and scripts act as the local user (admin); the analyst they name is recorded."""
    report_id, claim_ids = stored(store)
    assert store.user.local and store.user.role == "admin"
    store.correct_claim(claim_ids[0], {"claimed_controller": "RU"}, analyst="ana")
    assert store.corrections()["analyst"].tolist() == ["ana"]
    assert audit.entries(store, ADMIN, actions=["correct"])["who"].item() == store.user.name


def test_an_analyst_reads_only_their_own_entries_and_a_viewer_none(store):
    stored(store, ANALYST)
    store.acting_as(OTHER).add_report("Russian troops entered Lyman.")
    assert set(audit.entries(store, ADMIN)["who"]) == {"ana", "bob"}
    assert set(audit.entries(store, ANALYST)["who"]) == {"ana"}
    assert audit.people(store, ANALYST) == ["ana"] and audit.people(store, ADMIN) == ["ana", "bob"]
    with pytest.raises(PermissionDenied):
        audit.entries(store, ANALYST, who=["bob"])
    with pytest.raises(PermissionDenied):
        audit.entries(store, VIEWER)


def test_audit_filters_and_csv(store):
    stored(store, ANALYST)
    store.acting_as(OTHER).add_report("Russian troops entered Lyman.")
    today = pd.Timestamp.now(tz="UTC").date()
    assert len(audit.entries(store, ADMIN, who=["bob"])) == 1
    assert len(audit.entries(store, ADMIN, actions=["upload"], since=today, until=today)) == 2
    assert audit.entries(store, ADMIN, until=today - timedelta(days=1)).empty
    assert audit.entries(store, ADMIN, since=date(2100, 1, 1)).empty
    written = pd.read_csv(io.BytesIO(audit.csv_bytes(audit.entries(store, ADMIN))), dtype=str)
    assert list(written.columns) == list(audit.COLUMNS)
    assert written["at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").all()
    # A report title is untrusted text: a spreadsheet must not read it as a formula.
    assert written.loc[written["who"] == "ana", "detail"].item().startswith("'=HYPERLINK")


def test_reextracting_everything_is_an_admins_and_is_recorded(store, gazetteer):
    stored(store, ANALYST)
    with pytest.raises(PermissionDenied):
        ingest.reextract_all(store.acting_as(ANALYST), gazetteer)
    done = []
    results = ingest.reextract_all(store.acting_as(ADMIN), gazetteer, progress=lambda n, total: done.append((n, total)))
    assert [r.status for r in results] == ["extracted"] and done == [(1, 1)]
    entries = audit.entries(store, ADMIN, outcome="done")
    assert list(entries["action"][:2]) == ["reextract_all", "reextract"]
    assert entries["detail"].iloc[0] == "1 reports re-extracted, 0 failed"
