"""Store benchmark: bulk ingest (claims/s, SQLite and PostgreSQL) and the as-of status query
over 1,000,000 claims (target on SQLite: every place's status at a moment in < 200 ms).

    python bench/bench_store.py              # all of it; the 1M-claim SQLite store is built once, then reused
    python bench/bench_store.py --rebuild    # build the 1M-claim store again
    python bench/bench_store.py --postgres-million   # also load 1M claims into PostgreSQL and time the query there

Synthetic claims over real gazetteer places (the 2,000 largest Ukrainian settlements),
a year of war, 50 claimants a side. Data goes to bench/out/ (ignored by git); the
PostgreSQL runs use a throwaway schema on the CLAIMMAP_TEST_DATABASE_URL server.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimmap import ingest  # noqa: E402
from claimmap.gazetteer import load_gazetteer  # noqa: E402
from claimmap.schema import CLAIM_DTYPES, Claim, claim_id_for, report_id_for  # noqa: E402
from claimmap.store import Store  # noqa: E402

OUT = REPO / "bench" / "out"
PG_URL = os.environ.get("CLAIMMAP_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
START = datetime(2022, 2, 24, tzinfo=timezone.utc)
YEAR_MINUTES = 365 * 24 * 60
SIDES = ("UA", "RU", "unknown")
CONTROLLERS = ("UA", "RU", "UA", "RU", "contested")
CHANGES = ("entered", "captured", "withdrew", "holds", "approaching")


def settlements(n: int = 2000) -> list:
    places = [p for p in load_gazetteer().places if p.feature == "settlement" and p.country_code == "UA"]
    return sorted(places, key=lambda p: -p.population)[:n]


def synthetic_claims(text: str, n: int, places: list, rng: random.Random) -> list[Claim]:
    """n claims of the report with this text, as the extractor would hand them over."""
    report_id = report_id_for(text)
    made = []
    for i in range(n):
        place, side, controller = rng.choice(places), rng.choice(SIDES), rng.choice(CONTROLLERS)
        change, claimant = rng.choice(CHANGES), f"{side} source {rng.randrange(50)}"
        made.append(Claim(
            claim_id=claim_id_for(report_id, place.geonameid, place.name, i, change, claimant), report_id=report_id,
            place=place.name, place_text=place.name, geonameid=place.geonameid, lat=place.lat, lon=place.lon,
            country_code=place.country_code, admin1=place.admin1,
            time_utc=START + timedelta(minutes=rng.randrange(YEAR_MINUTES)), time_text="", time_precision="minute",
            claimed_controller=controller, change=change, actor="UA" if controller == "contested" else controller,
            claimant=claimant, claimant_side=side, stance="asserts", hedged=rng.random() < 0.3,
            admission=side in ("UA", "RU") and controller in ("UA", "RU") and side != controller,
            evidence=text[:40], char_start=0, char_end=min(40, len(text))))
    return made


def synthetic_frame(report_ids: list[str], n: int, places: list, seed: int) -> pd.DataFrame:
    """The same kind of claims as a DataFrame, built column-wise (a million Claim objects is slow)."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame([(p.geonameid, p.name, p.lat, p.lon, p.country_code, p.admin1) for p in places],
                         columns=["geonameid", "place", "lat", "lon", "country_code", "admin1"])
    frame = table.iloc[rng.integers(len(table), size=n)].reset_index(drop=True)
    side = rng.choice(SIDES, n)
    controller = rng.choice(CONTROLLERS, n)
    frame["claim_id"] = [f"{seed:03x}{i:013x}" for i in range(n)]  # unique per seed: loads can share a store
    frame["report_id"] = rng.choice(report_ids, n)
    frame["place_text"] = frame["place"]
    frame["time_utc"] = pd.Timestamp(START) + pd.to_timedelta(rng.integers(YEAR_MINUTES, size=n), unit="min")
    frame["time_text"], frame["time_precision"] = "", "minute"
    frame["claimed_controller"] = controller
    frame["change"] = rng.choice(CHANGES, n)
    frame["actor"] = np.where(controller == "contested", "UA", controller)
    frame["claimant"] = pd.Series(side).str.cat(rng.integers(50, size=n).astype(str), sep=" source ")
    frame["claimant_side"] = side
    frame["stance"] = np.where(rng.random(n) < 0.05, "denies", "asserts")
    frame["hedged"] = rng.random(n) < 0.3
    frame["admission"] = (frame["stance"] == "asserts") & (side != "unknown") & (controller != "contested") & (
        side != controller)
    frame["evidence"], frame["char_start"], frame["char_end"] = "synthetic evidence", 0, 18
    frame["extractor_version"] = "bench"
    return frame.loc[:, list(CLAIM_DTYPES)].astype(CLAIM_DTYPES)


def load_frame(store: Store, n: int, places: list, seed: int) -> float:
    """Store 100 reports and n claims among them with the bulk path; seconds taken."""
    report_ids = [store.add_report(f"Synthetic report {i} {uuid.uuid4()}")[0] for i in range(100)]
    frame = synthetic_frame(report_ids, n, places, seed)
    started = time.perf_counter()
    store.bulk_add_claims(frame)
    return time.perf_counter() - started


def bench_ingest(store: Store, label: str, places: list, n_reports: int = 200, per_report: int = 50) -> None:
    rng = random.Random(1)
    reports = []
    for i in range(n_reports):
        text = f"Synthetic report {i} for the store benchmark ({uuid.uuid4()})."
        reports.append((text, synthetic_claims(text, per_report, places, rng)))
    started = time.perf_counter()
    for text, claims in reports:  # claims given: this times the store, not the extractor
        ingest.ingest_text(store, text, gazetteer=None, report_date=None, tz="UTC", claims=claims)
    elapsed = time.perf_counter() - started
    n = n_reports * per_report
    print(f"{label}: ingest_text, {n_reports} reports x {per_report} claims: {elapsed:.2f} s = "
          f"{n / elapsed:,.0f} claims/s ({n_reports / elapsed:,.1f} reports/s, each its own transactions)")
    n_bulk = 100_000
    elapsed = load_frame(store, n_bulk, places, seed=3)
    print(f"{label}: bulk load of {n_bulk:,} claims with saved status: {elapsed:.2f} s = {n_bulk / elapsed:,.0f} claims/s")


def time_as_of(store: Store, label: str) -> None:
    moments = [START + timedelta(days=d) for d in (30, 120, 200, 300, 364)]
    store.status_as_of(moments[0])  # warm the page cache once
    timings, sizes = [], []
    for moment in moments:
        for _ in range(3):
            started = time.perf_counter()
            status = store.status_as_of(moment)
            timings.append((time.perf_counter() - started) * 1000)
        sizes.append(len(status))
    print(f"{label}: status_as_of (every place at a moment, {min(sizes)}-{max(sizes)} places, "
          f"{len(timings)} runs): median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms")


def explain(store: Store) -> None:
    """SQLite's plan for the status query, captured from the statement status_as_of really sends."""
    sent = []

    def capture(connection, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    sa.event.listen(store.engine, "before_cursor_execute", capture)
    store.status_as_of(START + timedelta(days=200))
    sa.event.remove(store.engine, "before_cursor_execute", capture)
    statement, parameters = next((s, p) for s, p in sent if "place_status" in s)
    with store.engine.connect() as connection:
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    print("EXPLAIN QUERY PLAN (SQLite):")
    for row in plan:
        print("   ", row[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the 1M-claim SQLite store again")
    parser.add_argument("--postgres-million", action="store_true", help="also time 1M claims on PostgreSQL")
    parser.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    places = settlements()

    ingest_path = OUT / "ingest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{ingest_path}{suffix}").unlink(missing_ok=True)
    bench_ingest(Store.open(f"sqlite:///{ingest_path}"), "SQLite", places)

    server = sa.create_engine(PG_URL)
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        with server.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL: skipped ({error.__class__.__name__}: no server at {PG_URL})")
        server = None
    if server is not None:
        try:
            url = server.url.update_query_dict({"options": f"-csearch_path={schema}"})
            pg_store = Store.open(url.render_as_string(hide_password=False))
            bench_ingest(pg_store, "PostgreSQL", places)
            if args.postgres_million:
                elapsed = load_frame(pg_store, args.claims, places, seed=7)
                print(f"PostgreSQL: bulk load of {args.claims:,} claims: {elapsed:.0f} s")
                time_as_of(pg_store, f"PostgreSQL, {args.claims:,} claims")
            pg_store.close()
        finally:
            with server.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))

    million = OUT / "million.db"
    if args.rebuild or not million.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{million}{suffix}").unlink(missing_ok=True)
        store = Store.open(f"sqlite:///{million}")
        elapsed = load_frame(store, args.claims, places, seed=7)
        print(f"SQLite: bulk load of {args.claims:,} claims with saved status: {elapsed:.0f} s")
    else:
        store = Store.open(f"sqlite:///{million}")
        print(f"SQLite: reusing {million.relative_to(REPO)} (--rebuild to build it again)")
    with store.engine.connect() as connection:
        n = connection.exec_driver_sql("SELECT count(*) FROM claims").scalar()
    time_as_of(store, f"SQLite, {n:,} claims")
    explain(store)
    store.close()


if __name__ == "__main__":
    main()
