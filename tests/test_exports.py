"""Exports (CSV, GeoJSON, Parquet, ACLED-like), ACLED import, and the store commands."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import datetime, timezone

import pandas as pd
import pytest

from claimmap import exports
from claimmap.cli import main
from claimmap.schema import CLAIM_COLUMNS, Claim, claim_id_for, claims_frame

SEED_DIR = "data/reports"


def a_claim(**changes) -> Claim:
    base = Claim(
        claim_id=claim_id_for("r1", 703656, "Kupyansk", 0, "entered", "General Staff"), report_id="r1",
        place="Kupyansk", place_text="Kupiansk", geonameid=703656, lat=49.71003, lon=37.61581, country_code="UA",
        admin1="Kharkiv Oblast", time_utc=datetime(2022, 9, 10, 5, 35, tzinfo=timezone.utc), time_text="0135 EST",
        time_precision="minute", claimed_controller="UA", change="entered", actor="UA", claimant="General Staff",
        claimant_side="UA", stance="asserts", hedged=False, admission=False,
        evidence="Ukrainian troops entered Kupyansk", char_start=0, char_end=33)
    return dataclasses.replace(base, **changes)


def test_csv_puts_claim_columns_first_and_defuses_formulas():
    frame = claims_frame([
        a_claim(claimant="=HYPERLINK(\"http://evil\",\"x\")", evidence="+1 battalion", place_text="@Kupiansk"),
        a_claim(claim_id="b", claimant="-cmd", evidence="\tTAB", place_text="\rCR", lon=-12.5, lat=-3.0),
    ])
    frame["report_title"] = ["=1+1", "fine"]
    out = io.StringIO()
    exports.write_csv(frame, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0][:len(CLAIM_COLUMNS)]) == CLAIM_COLUMNS and rows[0][-1] == "report_title"
    first, second = (dict(zip(rows[0], row)) for row in rows[1:])
    assert first["claimant"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert (first["evidence"], first["place_text"], first["report_title"]) == ("'+1 battalion", "'@Kupiansk", "'=1+1")
    assert (second["claimant"], second["evidence"], second["place_text"]) == ("'-cmd", "'\tTAB", "'\rCR")
    assert (second["lon"], second["lat"]) == ("-12.5", "-3.0")       # numbers stay numbers
    assert first["time_utc"] == "2022-09-10T05:35:00Z"


def test_geojson_has_a_point_per_located_claim():
    frame = claims_frame([a_claim(), a_claim(claim_id="u", geonameid=None, lat=None, lon=None, place="Hill 5")])
    collection = json.loads(json.dumps(exports.geojson(frame)))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 1
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.61581, 49.71003]}
    assert list(feature["properties"]) == list(CLAIM_COLUMNS)
    assert feature["properties"]["time_utc"] == "2022-09-10T05:35:00+00:00"
    assert feature["properties"]["geonameid"] == 703656 and feature["properties"]["hedged"] is False


def test_parquet_round_trip(tmp_path):
    frame = claims_frame([a_claim(), a_claim(claim_id="u", geonameid=None, lat=None, lon=None)])
    exports.write_parquet(frame, tmp_path / "claims.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "claims.parquet").astype(frame.dtypes), frame)


ACLED_EXPORT = '''event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
UKR12345,10 September 2022,2022,1,Political violence,Battles,Government regains territory,Military Forces of Ukraine (2019-),,8,Military Forces of Russia (2000-),,8,88,,804,Europe,Ukraine,Kharkiv,Kupianskyi,Kupianska,Kupiansk,49.7106,37.6156,1,Ukrinform,National,"On 10 September 2022, Ukrainian forces regained control of Kupiansk, ""liberated"" per officials.",0,,1663000000
UKR12346,2022-09-10,2022,1,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),,8,Military Forces of Ukraine (2019-),,8,88,,804,Europe,Ukraine,Donetsk,Kramatorskyi,Lymanska,Lyman,48.9890,37.8022,1,Ukrinform,National,"Clashes near Lyman.
A second line of notes.",0,,1663000001
UKR12347,2022-07-03,2022,1,Political violence,Battles,Non-state actor overtakes territory,Military Forces of Russia (2000-),Wagner Group,8,Military Forces of Ukraine (2019-),,8,88,,804,Europe,Ukraine,Luhansk,Sievierodonetskyi,Lysychanska,Lysychansk,48.9042,38.4423,1,Russian MoD,National,Russian forces took control of Lysychansk.,0,,1657000000
'''


def test_acled_territory_changes_become_acled_claims(gazetteer):
    parsed = exports.acled_claims(ACLED_EXPORT, gazetteer)
    assert (parsed.n_events, parsed.n_skipped, str(parsed.last_date)) == (3, 1, "2022-09-10")
    kupyansk, lysychansk = parsed.claims
    assert (kupyansk.geonameid, kupyansk.place, kupyansk.place_text) == (703656, "Kupyansk", "Kupiansk")
    assert (kupyansk.claimed_controller, lysychansk.claimed_controller, lysychansk.geonameid) == ("UA", "RU", 702972)
    assert {(c.claimant, c.claimant_side, c.change, c.stance) for c in parsed.claims} == {
        ("ACLED", "unknown", "captured", "asserts")}
    assert kupyansk.time_utc == datetime(2022, 9, 10, tzinfo=timezone.utc) and kupyansk.time_precision == "day"
    # Each claim points at its words in the imported file.
    assert ACLED_EXPORT[kupyansk.char_start:kupyansk.char_end] == kupyansk.evidence
    assert kupyansk.evidence.startswith("On 10 September 2022") and '""liberated""' in kupyansk.evidence


def test_acled_export_reads_back_as_acled_claims(gazetteer):
    frame = claims_frame([a_claim(), a_claim(claim_id="b", claimed_controller="RU", change="captured",
                                             claimant="=Russian MoD", evidence="troops took \"the city\", twice")])
    out = io.StringIO()
    exports.write_acled(frame, out)
    back = exports.acled_claims(out.getvalue(), gazetteer)
    assert [c.claimed_controller for c in back.claims] == ["UA", "RU"]
    assert [c.geonameid for c in back.claims] == [703656, 703656]
    assert "'=Russian MoD" in out.getvalue()


def test_acled_export_writes_acleds_precision_codes():
    frame = claims_frame([a_claim(), a_claim(claim_id="b", time_text="in May 2023", time_precision="month")])
    out = io.StringIO()
    exports.write_acled(frame, out)
    assert pd.read_csv(io.StringIO(out.getvalue()))["time_precision"].tolist() == [1, 3]  # day, month


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("event_id_cnty,event_date\nUKR1,2022-09-10\n", "missing column"),
    (ACLED_EXPORT.replace("49.7106", "north"), "line 2: latitude 'north'"),
    (ACLED_EXPORT.replace("10 September 2022", "someday"), "line 2: event_date"),
    (ACLED_EXPORT.replace(",Russian MoD,", ",Russian MoD,extra,"), "fields"),
    (ACLED_EXPORT.replace("location,", "location,Location,", 1).replace("Kupiansk,4", "Kupiansk,Moscow,4"),
     "line 1: column.s. location appear more than once"),
])
def test_malformed_acled_files_are_refused(gazetteer, text, message):
    with pytest.raises(exports.AcledFormatError, match=message):
        exports.acled_claims(text, gazetteer)


# -- commands --------------------------------------------------------------------------------

@pytest.fixture
def cli_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CLAIMMAP_DATABASE_URL", url)
    return url


def test_ingest_then_export_in_every_format(cli_store, tmp_path, capsys):
    assert main(["ingest", SEED_DIR]) == 0
    summary = capsys.readouterr().out
    assert "reports: 1 new, 0 already stored, 0 failed" in summary and "claims: " in summary
    assert main(["ingest", SEED_DIR]) == 0
    assert "0 new, 1 already stored" in capsys.readouterr().out

    assert main(["export", "--format", "csv"]) == 0
    all_claims = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert tuple(all_claims.columns[:len(CLAIM_COLUMNS)]) == CLAIM_COLUMNS and len(all_claims) >= 8

    assert main(["export", "--format", "geojson", "--place", "Izyum"]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    assert features and {f["properties"]["place"] for f in features} == {"Izyum"}

    assert main(["export", "--format", "csv", "--place", "703656", "--until", "2022-09-10"]) == 0
    kupyansk = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert set(kupyansk["place"]) == {"Kupyansk"}
    assert main(["export", "--since", "2022-09-11"]) == 0
    assert pd.read_csv(io.StringIO(capsys.readouterr().out)).empty

    assert main(["export", "--format", "parquet", "--output", str(tmp_path / "c.parquet")]) == 0
    assert len(pd.read_parquet(tmp_path / "c.parquet")) == len(all_claims)
    assert main(["export", "--format", "acled", "--output", str(tmp_path / "acled.csv")]) == 0
    assert list(pd.read_csv(tmp_path / "acled.csv").columns) == list(exports.ACLED_COLUMNS)


def test_command_errors_are_one_clear_line(cli_store, tmp_path, capsys):
    assert main(["export", "--format", "parquet"]) == 1
    assert "error: parquet is binary" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # argparse's usage error, before anything is opened
        main(["export", "--since", "last tuesday"])
    assert refused.value.code == 2
    assert "error: argument --since: 'last tuesday' is not a date" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "missing.txt")]) == 1
    assert "error: no such file or folder" in capsys.readouterr().err
    assert main(["ingest", SEED_DIR, "--tz", "Mars/Olympus"]) == 1
    assert "error: --tz 'Mars/Olympus'" in capsys.readouterr().err


def test_import_acled_command(cli_store, tmp_path, capsys):
    from claimmap.store import Store

    good, bad = tmp_path / "acled.csv", tmp_path / "broken.csv"
    good.write_text(ACLED_EXPORT, encoding="utf-8")
    bad.write_text(ACLED_EXPORT.replace("49.7106", "north"), encoding="utf-8")
    assert main(["import-acled", str(bad)]) == 1
    assert "line 2: latitude" in capsys.readouterr().err
    assert Store.open(cli_store).is_empty()                  # nothing half-written

    assert main(["import-acled", str(good)]) == 0
    out = capsys.readouterr().out
    assert "new report" in out and "2 territory-change events" in out and "1 other events skipped" in out
    assert main(["import-acled", str(good)]) == 0
    assert "already stored" in capsys.readouterr().out
    store = Store.open(cli_store)
    claims = store.claims()
    assert len(claims) == 2 and set(claims["claimant"]) == {"ACLED"}
    assert store.status_as_of("2022-09-11").set_index("geonameid").loc[703656, "controller"] == "UA"
