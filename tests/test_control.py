"""Control status rules, on claims written the way an analyst reads the seed report."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from claimmap import control
from claimmap.schema import Claim, claim_id_for, claims_frame

EASTERN = ZoneInfo("America/New_York")
END_OF_DAY = datetime(2022, 9, 10, 23, 59, tzinfo=EASTERN)
KUPYANSK, LYMAN, IZYUM, LYSYCHANSK = 703656, 704204, 707292, 702972


def claim(report_id="r1", *, geonameid=1, place="Place", time, controller="UA", change="entered",
          claimant="someone", side="unknown", stance="asserts", admission=None, evidence="text",
          char_start=0) -> Claim:
    if admission is None:  # the losing side speaking, as the extractor marks it
        admission = stance == "asserts" and side in ("UA", "RU") and controller in ("UA", "RU") and side != controller
    return Claim(
        claim_id=claim_id_for(report_id, geonameid, place, char_start, change, claimant),
        report_id=report_id, place=place, place_text=place, geonameid=geonameid, lat=49.0, lon=37.0,
        country_code="UA", admin1="Kharkiv Oblast", time_utc=time.astimezone(timezone.utc),
        time_text="", time_precision="minute", claimed_controller=controller, change=change, actor="UA",
        claimant=claimant, claimant_side=side, stance=stance, hedged=False, admission=admission,
        evidence=evidence, char_start=char_start, char_end=char_start + len(evidence))


def expected_claims(seed_expected: pd.DataFrame) -> pd.DataFrame:
    """The analyst's reading of the seed report as claims (untimed ones take the report's date)."""
    made = []
    for index, row in seed_expected.iterrows():
        hour, minute = map(int, (row["local_time"] or "00:00").split(":"))
        made.append(claim(
            "seed", geonameid=int(row["geonameid"]), place=row["place"],
            time=datetime(2022, 9, 10, hour, minute, tzinfo=EASTERN), controller=row["claimed_controller"],
            change=row["change"], claimant=row["claimant"], side=row["claimant_side"], stance=row["stance"],
            evidence=row["evidence"], char_start=index))
    return claims_frame(made)


def test_seed_control_history(seed_expected):
    status = control.status_as_of(expected_claims(seed_expected), END_OF_DAY).set_index("geonameid")
    assert tuple(status.reset_index().columns) == control.STATUS_COLUMNS

    kupyansk = status.loc[KUPYANSK]
    assert (kupyansk.controller, kupyansk.admitted, kupyansk.disputed) == ("UA", True, False)
    assert kupyansk.first_claim_utc == pd.Timestamp("2022-09-10 01:35", tz=EASTERN)
    assert kupyansk.first_admission_utc == pd.Timestamp("2022-09-10 02:45", tz=EASTERN)

    izyum = status.loc[IZYUM]
    assert (izyum.controller, izyum.admitted, izyum.disputed) == ("UA", True, True)
    assert izyum.n_claimants_UA == 1 and izyum.n_claimants_RU == 3

    lyman = status.loc[LYMAN]
    assert lyman.controller == "UA" and lyman.n_claimants_RU == 2 and lyman.n_claimants_UA == 0

    assert status.loc[LYSYCHANSK].controller == "contested"


def test_status_before_any_claim_and_in_between(seed_expected):
    claims = expected_claims(seed_expected)
    assert control.status_as_of(claims, datetime(2022, 9, 9, tzinfo=EASTERN)).empty
    early = control.status_as_of(claims, datetime(2022, 9, 10, 2, 0, tzinfo=EASTERN)).set_index("geonameid")
    # At 02:00 only the unofficial reports on Kupyansk are in: claimed, not yet admitted.
    assert early.loc[KUPYANSK, "controller"] == "UA"
    assert not early.loc[KUPYANSK, "admitted"]
    assert pd.isna(early.loc[KUPYANSK, "first_admission_utc"])


def test_disagreeing_claimants_make_a_place_contested_until_the_window_passes():
    start = datetime(2022, 9, 1, tzinfo=timezone.utc)
    disagreeing = [
        claim(time=start, controller="RU", claimant="Russian MoD", side="RU", change="holds", char_start=1),
        claim(time=start + timedelta(hours=5), controller="UA", claimant="General Staff", side="UA", char_start=2),
    ]
    assert control.status_as_of(claims_frame(disagreeing), start + timedelta(hours=6)).controller[0] == "contested"
    settled = disagreeing + [claim(time=start + control.RECENT + timedelta(days=1), controller="UA",
                                   claimant="General Staff", side="UA", char_start=9)]
    assert control.status_as_of(claims_frame(settled), start + timedelta(days=30)).controller[0] == "UA"


def test_a_claimant_updating_their_own_story_is_not_a_disagreement():
    start = datetime(2022, 9, 1, tzinfo=timezone.utc)
    claims = claims_frame([
        claim(time=start, controller="contested", change="approaching", claimant="Governor Haidai", side="UA"),
        claim(time=start + timedelta(hours=3), controller="UA", change="entered", claimant="governor  haidai",
              side="UA", char_start=5),
    ])
    status = control.status_as_of(claims, start + timedelta(hours=4))
    assert status.controller[0] == "UA" and status.n_claimants_UA[0] == 1


def test_a_denial_alone_leaves_the_last_assertion_standing_but_disputed():
    start = datetime(2022, 9, 1, tzinfo=timezone.utc)
    claims = claims_frame([
        claim(time=start, controller="UA", claimant="General Staff", side="UA"),
        claim(time=start + timedelta(days=10), controller="RU", change="holds", claimant="Russian MoD",
              side="RU", stance="denies", char_start=3),
    ])
    status = control.status_as_of(claims, start + timedelta(days=11))
    assert (status.controller[0], status.disputed[0], status.n_claims[0]) == ("UA", True, 2)


def test_rejected_and_unlocated_claims_take_no_part(seed_expected):
    claims = expected_claims(seed_expected)
    claims["rejected"] = claims["place"] == "Lysychansk"
    claims.loc[claims["place"] == "Lyman", "geonameid"] = pd.NA
    places = set(control.status_as_of(claims, END_OF_DAY)["geonameid"])
    assert places == {KUPYANSK, IZYUM}


def test_place_history_has_a_row_per_claim_with_the_claim_beside_it(seed_expected):
    history = control.place_history(expected_claims(seed_expected), IZYUM)
    assert list(history["seq"]) == [0, 1, 2, 3]
    assert list(history["n_claims"]) == [1, 2, 3, 4]
    assert history["time_utc"].is_monotonic_increasing
    assert {"claimant", "evidence", "stance"} <= set(history.columns)
    assert history.iloc[-1]["controller"] == "UA"


@pytest.mark.parametrize("as_of", ["2022-09-10T23:59-04:00", pd.Timestamp("2022-09-11 03:59"), END_OF_DAY])
def test_as_of_accepts_strings_naive_utc_and_aware_moments(seed_expected, as_of):
    assert len(control.status_as_of(expected_claims(seed_expected), as_of)) == 4
