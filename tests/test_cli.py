"""The command line as scripts and operators use it: piping into a reader that stops early is not
an error, and every mistake in options, sidecars or output paths is a clear error."""
import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, SEED_REPORT


def test_output_piped_into_a_reader_that_stops_early(tmp_path):
    env = {**os.environ, "CLAIMMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    # More claims than a pipe buffers (64 KiB), so the exporter is still writing when the reader leaves.
    reports = [str(SEED_REPORT.parent), str(REPO / "tests" / "reports")]
    subprocess.run([sys.executable, "-m", "claimmap", "ingest", *reports], cwd=REPO, env=env, check=True,
                   capture_output=True)
    # `export | head -c 10`: the reader closes the pipe after a few bytes.
    exporter = subprocess.Popen([sys.executable, "-m", "claimmap", "export", "--format", "geojson"], cwd=REPO,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    exporter.stdout.read(10)
    exporter.stdout.close()
    _, stderr = exporter.communicate(timeout=60)
    assert exporter.returncode == 0
    assert b"error" not in stderr and b"Traceback" not in stderr


# -- operators' mistakes: each is a clear error, never a traceback or lost data ----------------

def run(*args, env, cwd=REPO, input=None):
    return subprocess.run([sys.executable, "-m", "claimmap", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, input=input)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """A SQLite store holding the seed report; the environment that points the commands at it."""
    folder = tmp_path_factory.mktemp("store")
    env = {**os.environ, "CLAIMMAP_DATABASE_URL": f"sqlite:///{folder / 'claimmap.db'}"}
    assert run("ingest", str(SEED_REPORT), env=env).returncode == 0
    return folder, env


def test_export_refuses_to_write_onto_a_database(seed_store, tmp_path):
    folder, env = seed_store
    store = folder / "claimmap.db"
    before = store.read_bytes()
    other = tmp_path / "other.db"
    other.write_bytes(before)
    for target in (store, folder / "claimmap.db-wal", folder / "claimmap.db-shm", other, other.with_name("other.db-wal")):
        done = run("export", "--output", str(target), env=env)
        assert done.returncode == 1, target
        assert "export to another file" in done.stderr and "Traceback" not in done.stderr
    assert store.read_bytes() == before and other.read_bytes() == before
    assert run("export", "--output", str(tmp_path / "claims.csv"), env=env).returncode == 0


@pytest.mark.parametrize("until", ["2022-09-10", "2022-9-10", "20220910", "10 September 2022"])
def test_every_way_of_writing_a_date_means_the_whole_day(seed_store, until):
    _, env = seed_store
    whole_day = run("export", "--until", "2022-09-10T23:59:59.999999", env=env)
    assert whole_day.stdout.count("\n") > 2
    assert run("export", "--until", until, env=env).stdout == whole_day.stdout


@pytest.mark.parametrize("option, value, message", [
    ("--since", "-1", "not a whole date"),
    ("--since", "nan", "not a date"),
    ("--until", "18:00", "not a whole date"),
    ("--since", "0001-01-01T00:00+05:00", "out of range"),
    ("--place", "99999999999999999999999", "not a geonameid"),
])
def test_bad_export_options_are_usage_errors(seed_store, option, value, message):
    _, env = seed_store
    done = run("export", option, value, env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"argument {option}: " in done.stderr and message in done.stderr


@pytest.mark.parametrize("sidecar, field", [
    ({"report_date": 20220910}, "report_date must be text"),
    ({"title": ["a", "list"]}, "title must be text"),
    ({"source": {"name": "x"}}, "source must be text"),
    ({"report_date": "10.09.2022"}, "report_date '10.09.2022' is not a date"),
    ({"tz": "Mars/Olympus"}, "tz 'Mars/Olympus' is not a time zone"),
])
def test_a_badly_typed_sidecar_is_one_files_error(tmp_path, sidecar, field):
    folder = tmp_path / "reports"
    folder.mkdir()
    text = SEED_REPORT.read_text(encoding="utf-8")
    (folder / "a_bad.txt").write_text("Kyiv said Ukrainian troops entered Izyum.", encoding="utf-8")
    (folder / "a_bad.json").write_text(json.dumps(sidecar), encoding="utf-8")
    (folder / "b_good.txt").write_text(text, encoding="utf-8")  # after the bad one: still ingested
    env = {**os.environ, "CLAIMMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    done = run("ingest", str(folder), env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"a_bad.txt: unreadable: metadata file a_bad.json: {field}" in done.stderr
    assert "reports: 1 new, 0 already stored, 0 failed, 0 timed out, 1 unreadable" in done.stdout
    extracted = run("extract", str(folder / "a_bad.txt"), env=env)
    assert extracted.returncode == 1 and f"error: metadata file a_bad.json: {field}" in extracted.stderr


def test_escape_sequences_in_a_report_never_reach_the_output(tmp_path):
    env = {**os.environ, "CLAIMMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    report = "The General Staff said \u009b2JUkrainian troops entered \x1b[31mIzyum\x1b[0m on 10 September.\n"
    for format in ("csv", "json"):
        done = run("extract", "-", "--report-date", "2022-09-10", "--format", format, env=env, input=report)
        assert done.returncode == 0, done.stderr
        assert "Izyum" in done.stdout
        assert not any(char in done.stdout for char in "\x1b\x07\x9b"), done.stdout
