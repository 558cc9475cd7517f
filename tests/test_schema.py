"""The claim schema is written once; the README documents exactly its columns."""
import re
from datetime import datetime, timezone

import pytest

from claimmap.schema import CLAIM_COLUMNS, Claim, claims_frame
from conftest import REPO


def test_readme_documents_every_claim_column_in_order():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The claim schema", 1)[1].split("\n## ", 1)[0]
    documented = [name for row in re.findall(r"^\| (`[^|]+`) \|", section, flags=re.M)
                  for name in re.findall(r"`([a-z_0-9]+)`", row)]
    assert documented == list(CLAIM_COLUMNS)


def _claim(**changes):
    fields = dict(
        claim_id="c1", report_id="r1", place="Izyum", place_text="Izyum", geonameid=707292,
        lat=49.2, lon=37.3, country_code="UA", admin1="Kharkiv Oblast",
        time_utc=datetime(2022, 9, 10, 11, 0, tzinfo=timezone.utc), time_text="0700 EST",
        time_precision="minute", claimed_controller="UA", change="withdrew", actor="RU",
        claimant="Igor Strelkov", claimant_side="RU", stance="asserts", hedged=False,
        admission=True, evidence="Russian troops were fleeing the city", char_start=10, char_end=46,
    )
    fields.update(changes)
    return Claim(**fields)


def test_claims_frame_has_schema_columns_and_dtypes():
    frame = claims_frame([_claim(), _claim(claim_id="c2", geonameid=None, lat=None, lon=None)])
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    assert str(frame["geonameid"].dtype) == "Int64"
    assert frame["geonameid"].isna().tolist() == [False, True]
    assert str(frame["time_utc"].dtype).startswith("datetime64") and str(frame["time_utc"].dt.tz) == "UTC"
    assert list(claims_frame().columns) == list(CLAIM_COLUMNS)


@pytest.mark.parametrize("changes", [
    {"stance": "maybe"}, {"change": "teleported"}, {"claimant_side": "NATO"},
    {"time_utc": datetime(2022, 9, 10, 11, 0)}, {"char_start": 5, "char_end": 2},
])
def test_invalid_claims_are_refused(changes):
    with pytest.raises(ValueError):
        _claim(**changes)
