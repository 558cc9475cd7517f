"""The command line as scripts use it: piping into a reader that stops early is not an error."""
import os
import subprocess
import sys

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
