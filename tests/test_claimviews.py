"""The shared filters and the per-day counts the Claims and Place pages draw."""
from datetime import datetime, timezone

import pandas as pd

from claimmap.claimviews import claims_per_day, filter_claims
from claimmap.schema import claims_frame

FILTERS = {"filter_sides": [], "filter_changes": [], "filter_hedged": "all", "filter_min_claimants": 1,
           "filter_sources": [], "filter_search": ""}


def claim(place, geonameid, day, side, claimant, change="entered", hedged=False, evidence=""):
    return {"claim_id": f"{place}{day}{claimant}", "report_id": "r1", "place": place, "place_text": place,
            "geonameid": geonameid, "lat": 49.0, "lon": 37.0, "country_code": "UA", "admin1": "Kharkiv Oblast",
            "time_utc": datetime(2022, 9, day, 12, tzinfo=timezone.utc), "time_text": "",
            "time_precision": "report", "claimed_controller": "UA", "change": change, "actor": "UA",
            "claimant": claimant, "claimant_side": side, "stance": "asserts", "hedged": hedged,
            "admission": side == "RU", "evidence": evidence or f"{claimant} says {place}", "char_start": 0,
            "char_end": 10, "extractor_version": "test"}


CLAIMS = claims_frame(records=[
    claim("Izyum", 707292, 10, "UA", "Honcharenko", evidence="Ukrainian forces were inside Izyum"),
    claim("Izyum", 707292, 10, "RU", "Strelkov", change="withdrew"),
    claim("Kupyansk", 703656, 10, "unknown", "unofficial reports", hedged=True),
    claim("Lyman", 704204, 12, "RU", "Telegram accounts", hedged=True),
])


def test_no_filter_keeps_everything():
    assert len(filter_claims(CLAIMS, FILTERS)) == 4


def test_sides_changes_and_hedging_filter():
    russian = filter_claims(CLAIMS, FILTERS | {"filter_sides": ["RU"]})
    assert set(russian["claimant"]) == {"Strelkov", "Telegram accounts"}
    assert list(filter_claims(CLAIMS, FILTERS | {"filter_changes": ["withdrew"]})["claimant"]) == ["Strelkov"]
    assert set(filter_claims(CLAIMS, FILTERS | {"filter_hedged": "hedged"})["place"]) == {"Kupyansk", "Lyman"}
    assert set(filter_claims(CLAIMS, FILTERS | {"filter_hedged": "unhedged"})["place"]) == {"Izyum"}


def test_search_is_case_insensitive_literal_text():
    assert list(filter_claims(CLAIMS, FILTERS | {"filter_search": "INSIDE izyum"})["claimant"]) == ["Honcharenko"]
    assert filter_claims(CLAIMS, FILTERS | {"filter_search": "(["}).empty  # not a regex


def test_min_claimants_counts_distinct_claimants_per_place():
    kept = filter_claims(CLAIMS, FILTERS | {"filter_min_claimants": 2})
    assert set(kept["place"]) == {"Izyum"} and len(kept) == 2


def test_claims_per_day_by_side_fills_missing_days():
    days = claims_per_day(CLAIMS)
    assert list(days.columns) == ["UA", "RU", "unknown"]
    assert list(days.index.strftime("%Y-%m-%d")) == ["2022-09-10", "2022-09-11", "2022-09-12"]
    assert days.loc["2022-09-10"].tolist() == [1, 1, 1]
    assert days.loc["2022-09-11"].sum() == 0
    assert days.loc["2022-09-12"].tolist() == [0, 1, 0]


def test_claims_per_day_of_nothing_is_empty():
    assert claims_per_day(claims_frame()).empty


def test_downloads_are_valid_csv_geojson_and_parquet():
    import io
    import json

    from claimmap.claimviews import download_bytes

    csv = pd.read_csv(io.BytesIO(download_bytes(CLAIMS, "csv")))
    assert len(csv) == 4 and list(csv.columns[:3]) == ["claim_id", "report_id", "place"]
    collection = json.loads(download_bytes(CLAIMS, "geojson"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 4
    assert collection["features"][0]["geometry"]["coordinates"] == [37.0, 49.0]
    parquet = pd.read_parquet(io.BytesIO(download_bytes(CLAIMS, "parquet")))
    assert parquet["geonameid"].tolist() == CLAIMS["geonameid"].tolist()


def test_status_changes_keep_the_first_row_and_each_change():
    from claimmap.claimviews import status_changes

    history = pd.DataFrame({"seq": range(5), "controller": ["RU", "RU", "contested", "UA", "UA"]}).astype(
        {"controller": "string"})  # as control.place_history gives it
    assert status_changes(history)["seq"].tolist() == [0, 2, 3]
    assert status_changes(history.iloc[0:0]).empty


def test_only_web_links_stay_clickable():
    from claimmap.claimviews import web_links

    urls = pd.Series(["https://example.org/a", "HTTP://x.test", "javascript:alert(1)", "data:text/html,x", "", None],
                     dtype="string")
    assert web_links(urls).fillna("").tolist() == ["https://example.org/a", "HTTP://x.test", "", "", "", ""]


def test_search_looks_in_place_claimant_and_evidence_only():
    # the box says "Search place, claimant, evidence": a report title naming another place does not match
    titled = CLAIMS.assign(report_title="Izyum and around: the day's reports")
    kept = filter_claims(titled, FILTERS | {"filter_search": "Izyum"})
    assert set(kept["place"]) == {"Izyum"}
    assert list(filter_claims(titled, FILTERS | {"filter_search": "telegram"})["place"]) == ["Lyman"]


def test_history_points_put_same_minute_claims_side_by_side():
    from claimmap.claimviews import history_points

    same = claims_frame(records=[claim("Izyum", 707292, 10, "RU", "Strelkov"), claim("Izyum", 707292, 10, "RU", "Bezsonov"),
                                 claim("Izyum", 707292, 10, "UA", "Honcharenko")])
    points = history_points(same)
    assert sorted(points.loc[points["side"] == "Russian", "slot"]) == [0, 1]
    assert list(points.loc[points["side"] == "Ukrainian", "slot"]) == [0]
    assert set(points["when"]) == {"10 Sep 2022"}  # known to the report's day only


def test_ids_of_added_places_are_not_shown_as_geonames_ids():
    from claimmap import vocabulary

    ids = pd.Series([707292, 884227211, None], dtype="Int64")
    assert vocabulary.geonames_ids(ids).tolist()[0] == 707292
    assert vocabulary.geonames_ids(ids).isna().tolist() == [False, True, True]
    assert vocabulary.place_id_text(884227211) == "no GeoNames id"
    assert vocabulary.place_id_text(707292) == "GeoNames 707292"
    assert vocabulary.count(1, "claim") + " about " + vocabulary.count(1, "place") == "1 claim about 1 place"
