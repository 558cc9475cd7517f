"""The timeline under the map: counts by the database (SQLite and PostgreSQL), the chart, the brush."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pandas as pd
import pytest

from claimmap import claimviews, mapdata, timeline, views
from mapseed import seed_store

UTC = timezone.utc


def by_pandas(store, bucket: str, filters: dict | None = None) -> pd.DataFrame:
    """The timeline's counts as pandas makes them from every claim the filters keep."""
    claims = claimviews.filter_claims(store.claims(), filters or {})
    starts = claims["time_utc"].dt.floor("h" if bucket == "hour" else "D")
    counts = claims.groupby([starts.rename("start"), claims["claimed_controller"].rename("controller")]).size()
    return counts.rename("n_claims").reset_index().astype({"controller": "string", "n_claims": "int64"})


def sorted_rows(frame: pd.DataFrame) -> list[tuple]:
    return sorted((row.start.isoformat(), row.controller, row.n_claims) for row in frame.itertuples(index=False))


@pytest.mark.parametrize("bucket", ["hour", "day"])
def test_claims_over_time_is_counted_by_sqlite_as_pandas_would(tmp_path, bucket):
    store = seed_store(f"sqlite:///{tmp_path / 'claims.db'}")
    counted = mapdata.claims_over_time(store, bucket)
    assert sorted_rows(counted) == sorted_rows(by_pandas(store, bucket))
    assert counted["n_claims"].sum() == len(store.claims())  # every claim counted, no claim row sent


def test_claims_over_time_on_postgresql(pg_url):
    import uuid

    import sqlalchemy as sa

    server = sa.create_engine(pg_url)
    schema = f"test_{uuid.uuid4().hex[:12]}"  # a schema of its own: other tests share the database
    with server.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = server.url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    store = seed_store(url)
    try:
        for bucket in ("hour", "day"):
            assert sorted_rows(mapdata.claims_over_time(store, bucket)) == sorted_rows(by_pandas(store, bucket))
        for filters in FILTERS:  # the filters' conditions in PostgreSQL's SQL, and the pandas path on it
            assert sorted_rows(mapdata.claims_over_time(store, "hour", filters)) == sorted_rows(by_pandas(store, "hour", filters))
        # the as-of steps and a place's card read the same on PostgreSQL
        times = sorted(store.claims()["time_utc"].drop_duplicates())
        assert mapdata.claim_time_beside(store, times[1], later=True) == times[2].to_pydatetime()
        assert mapdata.claim_time_beside(store, times[1], later=False) == times[0].to_pydatetime()
        assert mapdata.claim_time_beside(store, times[-1], later=True) is None
        card = mapdata.latest_by_side(store, times[0], times[-1], 707292)
        assert list(card["claimant"]) == ["Honcharenko (Ukrainian MP)", "dissenting Russian telegram pages"]
    finally:
        store.close()
        with server.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


def test_bucket_follows_the_span():
    assert timeline.bucket_for((datetime(2022, 9, 8, tzinfo=UTC), datetime(2022, 9, 10, tzinfo=UTC))) == "hour"
    assert timeline.bucket_for((datetime(2022, 9, 8, tzinfo=UTC), datetime(2023, 9, 10, tzinfo=UTC))) == "day"


def test_chart_marks_window_and_as_of(tmp_path):
    store = seed_store(f"sqlite:///{tmp_path / 'claims.db'}")
    since, until = datetime(2022, 9, 9, tzinfo=UTC), datetime(2022, 9, 10, 16, tzinfo=UTC)
    counts = mapdata.claims_over_time(store, "day")
    kept = timeline.timeline_spec(counts, "day")
    spec = timeline.with_window(kept, since, until, datetime(2022, 9, 10, 6, tzinfo=UTC))
    ms = lambda moment: int(moment.timestamp() * 1000)  # noqa: E731
    assert spec["datasets"]["window"] == [{"start": ms(since), "end": ms(until)}]
    assert spec["datasets"]["moment"] == [{"start": ms(datetime(2022, 9, 10, 6, tzinfo=UTC)), "label": "as of"}]
    assert "window" not in kept["datasets"]  # the kept spec is not changed
    bars = spec["datasets"][spec["layer"][1]["data"]["name"]]
    assert sum(row["claims"] for row in bars) == len(store.claims()) and len(bars) == len(counts)
    assert [param["name"] for param in spec["params"]] == [timeline.BRUSH]


def test_brushed_window_reads_milliseconds_or_dates():
    ms = [pd.Timestamp("2022-09-10T05:00Z").value // 10**6, pd.Timestamp("2022-09-09T17:00Z").value // 10**6]
    assert timeline.brushed_window({"selection": {"window": {"start": ms}}}) == (
        datetime(2022, 9, 9, 17, tzinfo=UTC), datetime(2022, 9, 10, 5, tzinfo=UTC))
    assert timeline.brushed_window({"selection": {"window": {"start": ["2022-09-09T17:00:00Z", "2022-09-10"]}}}) \
        == (datetime(2022, 9, 9, 17, tzinfo=UTC), datetime(2022, 9, 10, tzinfo=UTC))
    assert timeline.brushed_window({"selection": {"window": {}}}) is None
    assert timeline.brushed_window(None) is None


def test_typed_window_covers_its_last_minute_and_swaps_backwards_ends():
    since, until = views.typed_window(date(2022, 9, 10), time(5, 35), date(2022, 9, 10), time(16, 0))
    assert since == datetime(2022, 9, 10, 5, 35, tzinfo=UTC)
    assert until > datetime(2022, 9, 10, 16, 0, 59, tzinfo=UTC) and until < datetime(2022, 9, 10, 16, 1, tzinfo=UTC)
    assert views.typed_window(date(2022, 9, 10), time(16, 0), date(2022, 9, 8), time(12, 0))[0] == \
        datetime(2022, 9, 8, 12, tzinfo=UTC)


FILTERS = [{"filter_sides": ["RU"]}, {"filter_changes": ["withdrew", "holds"]}, {"filter_hedged": "hedged"},
           {"filter_hedged": "unhedged", "filter_sides": ["UA"]}, {"filter_sources": ["seed"]},
           {"filter_search": "izyum"}, {"filter_min_claimants": 3}, {"filter_search": "Russian", "filter_sides": ["RU"]}]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k[7:]}={v}" for k, v in f.items()))
def test_the_timeline_counts_only_what_the_filters_keep(tmp_path, filters):
    store = seed_store(f"sqlite:///{tmp_path / 'claims.db'}")
    counted = mapdata.claims_over_time(store, "hour", filters)
    assert sorted_rows(counted) == sorted_rows(by_pandas(store, "hour", filters))
    assert 0 < counted["n_claims"].sum() < len(store.claims())  # each filter here keeps some claims, not all
    store.close()


def store_with_other_scripts(url: str):
    """The seed store plus made-up claims in Ukrainian, with letters whose case is special, search
    syntax in their text, and an unlocated place."""
    from dataclasses import replace

    from claimmap.schema import claim_id_for
    from mapseed import xss_claim

    store = seed_store(url)
    text = "Зведення: made-up claims for the search tests."
    report_id, _, _ = store.add_report(text, title="Зведення", source="uk", report_date=date(2022, 9, 11))
    made_up = [("Ізюм", 707292, "Генштаб ЗСУ", "ЗСУ увійшли в ІЗЮМ вранці"),
               ("Izyum", 707292, "ſome claimant, 50% a_b [x] *star*", "Straße to Izyum, K sign"),
               ("Невідоме село", None, "Генштаб ЗСУ", "ЗСУ тримають Невідоме село"),
               ("Невідоме село", None, "Інший мовець", "Невідоме село під контролем ЗСУ")]
    claims = [replace(xss_claim(), report_id=report_id, place=place, place_text=place, geonameid=geonameid,
                      lat=None if geonameid is None else 49.2, lon=None if geonameid is None else 37.3,
                      admin1="Kharkiv Oblast", claimant=claimant, evidence=evidence,
                      char_start=i, char_end=i + 1, time_utc=datetime(2022, 9, 11, 6 + i, tzinfo=UTC),
                      claim_id=claim_id_for(report_id, geonameid or 0, place, i, "entered", claimant))
              for i, (place, geonameid, claimant, evidence) in enumerate(made_up)]
    store.save_claims(report_id, claims)
    return store


SEARCHES = [{"filter_search": term} for term in
            ("ізюм", "ІЗЮМ", "зсу", "Невідоме", "50%", "a_b", "[x]", "*star*", "SOME", "strasse", "straße", "k sign",
             "izyum", "no such words")] + [{"filter_search": "зсу", "filter_min_claimants": 2},
                                          {"filter_min_claimants": 2}, {"filter_min_claimants": 2, "filter_sides": ["UA"]}]


def test_search_and_claimants_are_counted_by_the_database_as_pandas_would(tmp_path, pg_url):
    """Case-insensitive in every script, search syntax taken literally, on SQLite and PostgreSQL."""
    import uuid

    import sqlalchemy as sa

    server = sa.create_engine(pg_url)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with server.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    pg = server.url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    stores = [store_with_other_scripts(f"sqlite:///{tmp_path / 'claims.db'}"), store_with_other_scripts(pg)]
    try:
        for store in stores:
            for filters in SEARCHES:
                counted = mapdata.claims_over_time(store, "hour", filters)
                assert sorted_rows(counted) == sorted_rows(by_pandas(store, "hour", filters)), (store.dialect, filters)
        for term in ("ізюм", "ІЗЮМ", "Ізюм"):  # the one claim in Cyrillic, whatever the case typed
            assert mapdata.claims_over_time(stores[0], "hour", {"filter_search": term})["n_claims"].sum() == 1
    finally:
        for store in stores:
            store.close()
        with server.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()
