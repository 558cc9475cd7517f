"""Shared fixtures: the real gazetteer, the seed report, a real SQLite file, the
real PostgreSQL server and real Chromium (the last two skip with a reason when absent)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_ID = "000_db0048478dc47eb0"
SEED_REPORT = REPO / "data" / "reports" / f"{SEED_ID}.txt"
SEED_EXPECTED = REPO / "tests" / "reports" / f"{SEED_ID}.expected.csv"
PG_URL = os.environ.get("CLAIMMAP_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CHROMIUM = os.environ.get("CLAIMMAP_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def gazetteer():
    from claimmap.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_expected() -> pd.DataFrame:
    return pd.read_csv(SEED_EXPECTED, dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of the real PostgreSQL server; skips the test where none answers."""
    import sqlalchemy as sa

    engine = sa.create_engine(PG_URL)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
    except Exception as error:  # any failure to connect means: no server here
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {error.__class__.__name__}")
    finally:
        engine.dispose()
    return PG_URL


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install -y chromium; .ci/run does)")
    pytest.importorskip("playwright.sync_api", reason="Python Playwright not installed")
    return CHROMIUM
