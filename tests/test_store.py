"""The store on SQLite (a file in tmp_path) and PostgreSQL (a fresh schema per test)."""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import random
import signal
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from claimmap import control
from claimmap.schema import CLAIM_COLUMNS, Claim, claim_id_for, claims_frame, report_id_for
from claimmap.store import Store
from claimmap.tables import engine_for, metadata

REPO = Path(__file__).resolve().parents[1]
PLACES = [(703656, "Kupyansk", 49.71003, 37.61581), (704204, "Lyman", 48.99012, 37.80843),
          (707292, "Izyum", 49.20697, 37.27679), (702972, "Lysychansk", 48.91211, 38.42088)]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A URL to an empty store: a new SQLite file, or a new schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    server = sa.create_engine(request.getfixturevalue("pg_url"))
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with server.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = server.url.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with server.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    server.dispose()


@pytest.fixture
def store(store_url):
    opened = Store.open(store_url)
    yield opened
    opened.close()


def synthetic_claims(text: str, n: int, start=datetime(2022, 9, 10, 5, 0, tzinfo=timezone.utc)) -> list[Claim]:
    """n well-formed claims for the report with this text, spread over the seed's places."""
    report_id = report_id_for(text)
    made = []
    for i in range(n):
        geonameid, place, lat, lon = PLACES[i % len(PLACES)]
        side = ("UA", "RU", "unknown")[i % 3]
        made.append(Claim(
            claim_id=claim_id_for(report_id, geonameid, place, i, "entered", f"claimant {i % 5}"),
            report_id=report_id, place=place, place_text=place, geonameid=geonameid, lat=lat, lon=lon,
            country_code="UA", admin1="Kharkiv Oblast", time_utc=start + timedelta(minutes=i),
            time_text="", time_precision="report", claimed_controller=("UA", "RU")[i % 7 == 0],
            change="entered", actor="UA", claimant=f"claimant {i % 5}", claimant_side=side, stance="asserts",
            hedged=i % 2 == 0, admission=side == "RU", evidence=text[:20], char_start=0, char_end=min(20, len(text))))
    return made


def add(store: Store, text: str, claims: list[Claim], **metadata) -> str:
    report_id, created, status = store.add_report(text, **metadata)
    assert (created, status) == (True, "pending")
    store.save_claims(report_id, claims)
    return report_id


# -- schema ----------------------------------------------------------------------------------

def test_models_match_the_migrations(store):
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_an_older_store_upgrades_in_place_keeping_its_data(store_url):
    """A store made at the first revision (before corrections and saved status) opens at head."""
    old = Store(engine_for(store_url))
    old.migrate("0001")
    text = "Ukrainian troops entered Kupyansk."
    report_id = report_id_for(text)
    with old.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO reports (report_id, sha256, text, status, ingested_at) "
            "VALUES (:id, :sha, :text, 'extracted', :at)"),
            {"id": report_id, "sha": "0" * 64, "text": text, "at": datetime(2022, 9, 10, 12)})
        connection.execute(sa.text(
            "INSERT INTO claims (claim_id, report_id, place, place_text, geonameid, lat, lon, country_code, "
            "admin1, time_utc, time_text, time_precision, claimed_controller, change, actor, claimant, "
            "claimant_side, stance, hedged, admission, evidence, char_start, char_end, extractor_version) "
            "VALUES ('c1', :id, 'Kupyansk', 'Kupyansk', 703656, 49.7, 37.6, 'UA', 'Kharkiv Oblast', :t, "
            "'', 'report', 'UA', 'entered', 'UA', 'reports', 'unknown', 'asserts', false, false, "
            ":text, 0, 34, '0.0.1')"),
            {"id": report_id, "t": datetime(2022, 9, 10, 5, 35), "text": text})
    old.close()

    upgraded = Store.open(store_url)
    claims = upgraded.claims()
    assert list(claims["claim_id"]) == ["c1"]
    assert claims.loc[0, "time_utc"] == pd.Timestamp("2022-09-10 05:35", tz="UTC")
    assert not claims.loc[0, "corrected"] and not claims.loc[0, "rejected"]
    assert upgraded.report(report_id)["text"] == text
    # The saved status did not exist at 0001: opening at head computed it.
    assert upgraded.status_as_of("2022-09-11").set_index("geonameid").loc[703656, "controller"] == "UA"
    upgraded.close()


# -- reports and claims ------------------------------------------------------------------------

def test_round_trip_of_a_report_and_its_claims(store):
    text = "Сводка: ВСУ вошли в Купянск.\r\nUpdate (1007 EST): troops near Lysychansk — «liberated».\n"
    claims = synthetic_claims(text, 6)
    report_id = add(store, text, claims, title="Сводка", source="Telegram", url="https://example.org/1",
                    report_date=date(2022, 9, 10), tz="Europe/Kyiv", language="ru", raw="<p>raw</p>")
    stored = store.report(report_id)
    assert stored["text"] == text and stored["raw"] == "<p>raw</p>"
    assert (stored["title"], stored["source"], stored["report_date"], stored["tz"], stored["status"]) == (
        "Сводка", "Telegram", date(2022, 9, 10), "Europe/Kyiv", "extracted")
    assert stored["n_claims"] == 6 and stored["sha256"].startswith(report_id)

    got = store.claims()
    assert tuple(got.columns[:len(CLAIM_COLUMNS)]) == CLAIM_COLUMNS
    pd.testing.assert_frame_equal(got.loc[:, list(CLAIM_COLUMNS)],
                                  claims_frame(claims).sort_values(["time_utc", "claim_id"], ignore_index=True))
    assert set(got["report_title"]) == {"Сводка"} and not got["corrected"].any()

    listed = store.reports()
    assert list(listed["report_id"]) == [report_id] and listed.loc[0, "n_claims"] == 6
    assert not store.is_empty()


def test_unresolved_names_are_listed_per_report_without_texts(store):
    name = {"name": "Robotyne", "char_start": 0, "char_end": 8, "candidates": [702658]}
    placed = add(store, "Kupyansk held.", synthetic_claims("Kupyansk held.", 1))
    report_id, _, _ = store.add_report("Robotyne was taken.")
    store.save_claims(report_id, [], unresolved=[name])
    assert store.unresolved() == [(report_id, [name])]
    assert placed not in dict(store.unresolved())


def test_claim_filters(store):
    text = "filters"
    add(store, text, synthetic_claims(text, 8))
    assert len(store.claims(place="kupyansk")) == 2
    assert len(store.claims(geonameid=704204)) == 2
    assert len(store.claims(since="2022-09-10T05:03Z", until="2022-09-10T05:05Z")) == 3
    assert len(store.claims(report_id=report_id_for(text))) == 8
    assert store.claims(report_id="nope").empty


def test_reingesting_the_same_text_is_idempotent(store):
    text = "the same report, twice"
    report_id = add(store, text, synthetic_claims(text, 3))
    assert store.add_report(text, title="again") == (report_id, False, "extracted")
    assert len(store.reports()) == 1 and len(store.claims()) == 3


def test_a_failed_extraction_keeps_the_report_with_its_error(store):
    report_id, _, _ = store.add_report("a report the pipeline chokes on")
    store.mark_failed(report_id, "ValueError: boom")
    stored = store.report(report_id)
    assert (stored["status"], stored["error"]) == ("failed", "ValueError: boom")
    assert stored["text"] == "a report the pipeline chokes on"


def test_claims_of_one_report_are_written_all_or_none(store):
    text = "all or none"
    report_id, _, _ = store.add_report(text)
    good = synthetic_claims(text, 3)
    foreign = synthetic_claims("another report", 1)
    with pytest.raises(ValueError, match="belongs to report"):
        store.save_claims(report_id, good + foreign)
    # The database refuses the last row (a geonameid no integer column holds): the others go too.
    unstorable = dataclasses.replace(synthetic_claims(text, 4)[3], geonameid=2**70)
    with pytest.raises((sa.exc.StatementError, OverflowError)):
        store.save_claims(report_id, good + [unstorable])
    assert store.claims().empty and store.report(report_id)["status"] == "pending"


def test_reextraction_reports_what_changed(store):
    text = "changing pipeline"
    report_id = add(store, text, synthetic_claims(text, 4))
    first = synthetic_claims(text, 4)
    changed = dataclasses.replace(first[1], hedged=not first[1].hedged)
    new = synthetic_claims(text, 6)[4:]
    changes = store.save_claims(report_id, [first[0], changed, first[2], *new])
    assert changes.added == sorted(c.claim_id for c in new)
    assert changes.removed == [first[3].claim_id]
    assert changes.changed == [first[1].claim_id]
    assert len(store.claims(report_id=report_id)) == 5


def test_corrections_keep_the_original_and_survive_reextraction(store):
    text = "a report an analyst checked"
    claims = synthetic_claims(text, 4)
    report_id = add(store, text, claims)
    fixed, wrong = claims[0].claim_id, claims[1].claim_id
    store.correct_claim(fixed, {"claimed_controller": "RU", "claimant": "Russian MoD"}, analyst="ana")
    store.reject_claim(wrong, analyst="bob", reason="not a control claim")
    with pytest.raises(ValueError, match="claimed_controller"):
        store.correct_claim(fixed, {"claimed_controller": "NATO"}, analyst="ana")
    with pytest.raises(ValueError, match="correct"):
        store.correct_claim(fixed, {"claim_id": "x"}, analyst="ana")

    # Re-extraction brings the claims back as first extracted: the analyst's work stays.
    changes = store.save_claims(report_id, synthetic_claims(text, 4))
    assert changes.kept_corrections == sorted([fixed, wrong]) and not changes.changed
    current = store.claims(include_rejected=True).set_index("claim_id")
    assert (current.loc[fixed, "claimed_controller"], current.loc[fixed, "claimant"]) == ("RU", "Russian MoD")
    assert current.loc[fixed, "corrected"] and current.loc[wrong, "rejected"]
    assert wrong not in set(store.claims()["claim_id"])

    history = store.corrections()
    assert list(history["action"]) == ["correct", "reject"]
    assert list(history["analyst"]) == ["ana", "bob"]
    assert json.loads(history.loc[0, "original"])["claimed_controller"] == claims[0].claimed_controller
    assert history["corrected_at"].notna().all()


def test_an_alias_for_an_unknown_place_is_refused(store):
    """An alias whose geonameid names no place would break every later load of the gazetteer: refused
    at once, nothing stored. Ids of places the gazetteer gains from overrides and border villages count."""
    from claimmap.border_places import border_places
    from claimmap.schema import override_id

    for geonameid in (1, 799_999_999, "12x"):
        with pytest.raises(ValueError, match=f"no place with geonameid {geonameid}|not a number"):
            store.add_override({"alias": "Nowhere", "geonameid": geonameid})
    assert store.overrides().empty
    store.add_override({"alias": "Hill 7", "name": "Hill 7", "lat": 48.1, "lon": 37.4})
    store.add_override({"alias": "the hill", "geonameid": override_id("Hill 7", 48.1, 37.4)})  # added in the store
    store.add_override({"alias": "Plekhove", "geonameid": int(border_places()["geonameid"].iloc[0])})
    assert list(store.overrides()["alias"]) == ["Hill 7", "the hill", "Plekhove"]


def test_overrides_round_trip_and_bad_rows_are_refused(store):
    store.add_override({"alias": "Izium", "geonameid": 707292})
    store.add_override({"alias": "Hill 123", "name": "Hill 123", "lat": 49.1, "lon": 37.2, "note": "height"})
    with pytest.raises(ValueError, match="alias"):
        store.add_override({"geonameid": 1})
    with pytest.raises(ValueError, match="geonameid"):
        store.add_override({"alias": "Nowhere"})
    overrides = store.overrides()
    assert list(overrides["alias"]) == ["Izium", "Hill 123"]
    assert overrides.loc[0, "geonameid"] == 707292 and pd.isna(overrides.loc[1, "geonameid"])


def test_overrides_have_the_gazetteer_columns(store):
    from claimmap.gazetteer import OVERRIDE_COLUMNS

    assert tuple(store.overrides().columns) == tuple(OVERRIDE_COLUMNS)


def test_the_store_does_not_load_the_gazetteer():
    """A store command (export, migrate) needs no place index: the override columns live in the schema."""
    import subprocess
    import sys

    code = "import sys, claimmap.store; print(sorted(m for m in sys.modules if m.startswith('claimmap.gazetteer')))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


# -- control status from SQL -----------------------------------------------------------------

def test_saved_status_agrees_with_the_rules_at_every_moment(store):
    for n, text in enumerate(["first report", "second report", "third report"]):
        add(store, text, synthetic_claims(text, 9, start=datetime(2022, 9, 8 + n, tzinfo=timezone.utc)))
    store.reject_claim(store.claims().claim_id[3], analyst="ana")
    claims = store.claims()
    for as_of in pd.date_range("2022-09-07", "2022-09-12", freq="7h", tz="UTC"):
        from_sql = store.status_as_of(as_of)
        from_rules = control.status_as_of(claims, as_of)
        pd.testing.assert_frame_equal(from_sql, from_rules, check_dtype=False)


# -- processes -------------------------------------------------------------------------------
# Forked children start with everything imported (quick on a busy machine); each opens
# its own store, as a separate ingesting process would.
FORK = multiprocessing.get_context("fork")


def _save_many(url: str, text: str, n: int, stored) -> None:
    store = Store.open(url)
    report_id, _, _ = store.add_report(text)
    claims = synthetic_claims(text, n)
    stored.set()
    store.save_claims(report_id, claims)


def test_a_killed_ingestion_leaves_the_store_consistent(store_url):
    text, n = "a report whose ingestion gets killed", 5_000
    Store.open(store_url).close()
    stored = FORK.Event()
    child = FORK.Process(target=_save_many, args=(store_url, text, n, stored))
    child.start()
    assert stored.wait(timeout=60)     # the text is committed, the claims are being written...
    time.sleep(0.1)
    child.kill()                       # ...when the process dies (SIGKILL: no cleanup of any kind)
    child.join()
    assert child.exitcode == -signal.SIGKILL, "the child finished before it could be killed"

    store = Store.open(store_url)
    report = store.report(report_id_for(text))
    n_claims = len(store.claims())
    assert (report["status"], n_claims) in {("pending", 0), ("extracted", n)}, "half a report's claims"
    assert report["text"] == text
    # Finishing it later is the same call again.
    store.save_claims(report["report_id"], synthetic_claims(text, n))
    assert len(store.claims()) == n and store.report(report["report_id"])["status"] == "extracted"
    store.close()


TOWNS = ("Kupyansk", "Izyum", "Bakhmut", "Balakliia", "Lysychansk", "Kherson")


def _ingest_all(url: str, gazetteer, n_reports: int, seed: int, results) -> None:
    from claimmap import ingest

    store = Store.open(url)
    texts = [f"Update {i}: Ukrainian troops entered {TOWNS[i % len(TOWNS)]}, the General Staff said."
             for i in range(n_reports)]
    random.Random(seed).shuffle(texts)
    for text in texts:  # the real extractor, with the gazetteer the parent loaded before forking
        result = ingest.ingest_text(store, text, gazetteer=gazetteer, report_date=date(2022, 9, 10), tz="UTC")
        results.put((result.report_id, result.created, result.status, result.error, result.n_claims))


def test_eight_processes_ingesting_at_once_lose_nothing_and_duplicate_nothing(store_url, gazetteer):
    n_reports, n_processes = 12, 8
    results = FORK.Queue()
    children = [FORK.Process(target=_ingest_all, args=(store_url, gazetteer, n_reports, seed, results))
                for seed in range(n_processes)]
    for child in children:
        child.start()
    rows = [results.get(timeout=120) for _ in range(n_reports * n_processes)]
    for child in children:
        child.join(timeout=60)
    assert [child.exitcode for child in children] == [0] * n_processes
    assert all(status == "extracted" and not error for _, _, status, error, _ in rows)
    created = pd.Series([report_id for report_id, was_created, *_ in rows if was_created])
    assert created.is_unique and len(created) == n_reports
    n_claims = {report_id: n for report_id, *_, n in rows}
    assert all(n > 0 for n in n_claims.values())

    store = Store.open(store_url)
    assert len(store.reports()) == n_reports
    claims = store.claims()
    assert claims["claim_id"].is_unique
    assert claims.groupby("report_id").size().to_dict() == n_claims
    store.close()


def test_sqlite_store_uses_wal(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'wal.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_default_store_lives_in_the_repo_data_folder(monkeypatch):
    from claimmap import tables

    monkeypatch.delenv("CLAIMMAP_DATABASE_URL", raising=False)
    assert tables.database_url() == f"sqlite:///{REPO / 'data' / 'claimmap.db'}"
    monkeypatch.setenv("CLAIMMAP_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert tables.database_url().startswith("postgresql")


# -- an analyst's pin (claimmap.placement) -----------------------------------------------------

def test_a_pin_keeps_who_placed_it_and_moves_the_corrected_claims_of_its_place(store):
    store.add_override({"alias": "Izyum", "geonameid": 707292, "name": "Izyum", "lat": 49.2, "lon": 37.3,
                        "note": "analyst pin"}, added_by=" analyst-a ")
    kept = store.overrides(with_authors=True).iloc[0]
    assert kept["added_by"] == "analyst-a" and kept["added_at"].tzinfo is not None
    report_id = add(store, "pin report", synthetic_claims("pin report", 12))  # three about Izyum
    izyum = store.claims(geonameid=707292)
    corrected, rejected, untouched = izyum["claim_id"].iloc[0], izyum["claim_id"].iloc[1], izyum["claim_id"].iloc[-1]
    store.correct_claim(corrected, {"hedged": True}, analyst="analyst-a")
    store.reject_claim(rejected, analyst="analyst-a")
    assert store.place_corrected_claims(707292, 49.2, 37.3, "exact") == 2
    moved = store.claims(geonameid=707292, include_rejected=True).set_index("claim_id")
    for claim_id in (corrected, rejected):
        assert tuple(moved.loc[claim_id, ["lat", "lon", "location_precision"]]) == (49.2, 37.3, "exact")
    assert moved.loc[untouched, "lat"] == 49.20697  # re-extraction's business
    assert store.report(report_id)["status"] == "extracted"
    from claimmap.roles import PermissionDenied, User

    with pytest.raises(PermissionDenied):  # a viewer moves nothing
        store.acting_as(User("vera", "viewer")).place_corrected_claims(707292, 50.0, 36.0, "exact")
    assert store.claims(geonameid=707292, include_rejected=True).set_index("claim_id").loc[corrected, "lat"] == 49.2


def test_utc_datetimes_are_stored_as_sqlalchemy_would_store_them_and_read_back_the_same(store):
    """UTCDateTime binds straight to SQLite's stored text (one step per value, for bulk inserts): the
    text is what SQLAlchemy's own two steps give, so old rows and new rows compare and sort alike."""
    from claimmap.tables import UTCDateTime

    kyiv = timezone(timedelta(hours=3))
    moments = [datetime(2022, 9, 10, 5, 0, tzinfo=timezone.utc), datetime(2022, 9, 10, 8, 30, 15, 250, tzinfo=kyiv),
               pd.Timestamp("2023-05-15 23:59:59.999999", tz="UTC"), pd.Timestamp("2022-02-24 04:00", tz="Europe/Kyiv"),
               datetime(2022, 9, 10, 5, 0)]  # naive: taken as UTC
    dialect = store.engine.dialect
    adapted = UTCDateTime().dialect_impl(dialect)  # as the engine binds it: the dialect's DateTime inside
    fused = adapted.bind_processor(dialect)
    chained = sa.TypeDecorator.bind_processor(adapted, dialect)
    for moment in moments:
        assert (fused or (lambda value: value))(moment) == (chained or (lambda value: value))(moment)
    table = sa.Table("moments", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("at", UTCDateTime))
    table.create(store.engine)
    with store.engine.begin() as connection:
        connection.execute(table.insert(), [{"id": i, "at": moment} for i, moment in enumerate(moments)])
        read = connection.execute(sa.select(table.c.at).order_by(table.c.id)).scalars().all()
    expected = [pd.Timestamp(m).tz_localize("UTC") if pd.Timestamp(m).tzinfo is None else pd.Timestamp(m) for m in moments]
    assert read == [m.to_pydatetime() for m in expected]
