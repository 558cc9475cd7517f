"""Claims for the map tests: the seed report's hand-checked claims, and a hostile report.

The map tests seed a real store with these directly, so they test the map and
not the extractor (which has its own tests against the same expected CSV).
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from claimmap.schema import Claim, claim_id_for, claims_frame, report_id_for

REPO_TESTS = Path(__file__).resolve().parent
SEED_TEXT = REPO_TESTS.parent / "data" / "reports" / "000_db0048478dc47eb0.txt"
SEED_EXPECTED = REPO_TESTS / "reports" / "000_db0048478dc47eb0.expected.csv"
SEED_DAY = date(2022, 9, 10)
SEED_TZ = ZoneInfo("America/New_York")
ADMIN1 = {703656: "Kharkiv Oblast", 707292: "Kharkiv Oblast", 704204: "Donetsk Oblast", 702972: "Luhansk Oblast"}

XSS = "<img src=x onerror=\"window.__pwned=1\">${window.__pwned=2}`"
XSS_TEXT = f"Claimant {XSS} says: Ukrainian troops entered Balakliia {XSS}."


def seed_claims() -> list[Claim]:
    """The expected claims of the seed report as Claim objects (times from the report's zone)."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    report_id = report_id_for(text)
    expected = pd.read_csv(SEED_EXPECTED, dtype=str, keep_default_na=False)
    claims = []
    for row in expected.itertuples(index=False):
        local = datetime.combine(SEED_DAY, datetime.strptime(row.local_time or "12:00", "%H:%M").time(), SEED_TZ)
        start = max(text.find(row.evidence), 0)
        geonameid = int(row.geonameid)
        claims.append(Claim(
            claim_id=claim_id_for(report_id, geonameid, row.place, start, row.change, row.claimant),
            report_id=report_id, place=row.place, place_text=row.place, geonameid=geonameid,
            lat=float(row.lat), lon=float(row.lon), country_code="UA", admin1=ADMIN1[geonameid],
            time_utc=local.astimezone(ZoneInfo("UTC")), time_text=row.local_time,
            time_precision="minute" if row.local_time else "report",
            claimed_controller=row.claimed_controller, change=row.change,
            actor="UA" if row.claimed_controller == "UA" else "RU", claimant=row.claimant,
            claimant_side=row.claimant_side, stance=row.stance, hedged=row.hedged == "true",
            admission=row.claimant_side == "RU" and row.claimed_controller == "UA",
            evidence=row.evidence, char_start=start, char_end=start + len(row.evidence),
        ))
    return claims


def xss_claim() -> Claim:
    """A claim whose claimant, place and evidence carry HTML and template-literal payloads."""
    report_id = report_id_for(XSS_TEXT)
    return Claim(
        claim_id=claim_id_for(report_id, 711660, "Balakliia", 0, "entered", XSS),
        report_id=report_id, place=f"Balakliia {XSS}", place_text="Balakliia", geonameid=711660,
        lat=49.46, lon=36.86, country_code="UA", admin1=f"Kharkiv Oblast {XSS}",
        time_utc=datetime(2022, 9, 8, 12, 0, tzinfo=ZoneInfo("UTC")), time_text="", time_precision="report",
        claimed_controller="UA", change="entered", actor="UA", claimant=XSS, claimant_side="UA",
        stance="asserts", hedged=False, admission=False, evidence=XSS_TEXT, char_start=0, char_end=len(XSS_TEXT),
    )


def seed_frame() -> pd.DataFrame:
    """The seed claims as a store-like claims frame (with report columns)."""
    return claims_frame(seed_claims()).assign(report_title="Seed report", report_source="seed",
                                              report_url="", corrected=False, rejected=False)


def seed_store(url: str, *, hostile: bool = True):
    """A real store at `url` holding the seed report and its claims (and the hostile report)."""
    from claimmap.store import Store

    store = Store.open(url)
    text = SEED_TEXT.read_text(encoding="utf-8")
    report_id, _, _ = store.add_report(text, title="Kharkiv counteroffensive live updates", source="seed",
                                       report_date=SEED_DAY, tz="America/New_York")
    store.save_claims(report_id, seed_claims())
    if hostile:
        hostile_id, _, _ = store.add_report(XSS_TEXT, title=f"Hostile {XSS}", source=f"src {XSS}",
                                            report_date=date(2022, 9, 8))
        store.save_claims(hostile_id, [xss_claim()])
    return store
