"""App benchmark: the server's memory with the map loaded, and a second user's page load while a
first user's upload is being extracted.

    python bench/bench_app.py [--reports 1000] [--upload-mb 3]

Fills a fresh SQLite store with --reports reports of bench_ingest's archive (`ingest --jobs 2`),
starts `streamlit run app.py` headless on a free local port (as the browser tests do), and in
real Chromium (requests off 127.0.0.1 blocked):

1. user A opens the map; printed: the time until the map is drawn, then the server's memory
   (RSS of the Streamlit process, and the PSS of it with its extraction process, so shared pages
   count once);
2. user B's page load with the server idle: the health endpoint, the page's HTML, and the map
   drawn in a new browser context (a new session);
3. the same while user A's upload (--upload-mb of report files, 8 files) is being extracted,
   with the time the extraction took, so it can be seen that B's load fell inside it.
The figures are printed side by side (idle, during the upload), with the machine's load average.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from bench_ingest import OUT, _memory_kb, _tree, archive, load  # noqa: E402
from test_browser import map_frame, offline_page, streamlit_app  # noqa: E402

CHROMIUM = os.environ.get("CLAIMMAP_CHROMIUM", "/usr/bin/chromium")
N_UPLOAD_FILES = 8


def seeded_store(count: int) -> str:
    url = f"sqlite:///{OUT / f'app-{uuid.uuid4().hex[:8]}.db'}"
    subprocess.run([sys.executable, "-m", "claimmap", "ingest", str(archive(count, 7)), "--jobs", "2",
                    "--report-date", "2022-09-10", "--tz", "Europe/Kyiv"], cwd=REPO, check=True,
                   env={**os.environ, "CLAIMMAP_DATABASE_URL": url}, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return url


def upload_files(megabytes: float) -> list[dict]:
    """N_UPLOAD_FILES report files of the archive's reports joined, --upload-mb in all."""
    reports = sorted(archive(1000, 7).glob("*.txt"))
    each = int(megabytes * 1e6 / N_UPLOAD_FILES)
    files, cursor = [], 0
    for i in range(N_UPLOAD_FILES):
        text = ""
        while len(text.encode("utf-8")) < each:
            text += reports[cursor % len(reports)].read_text(encoding="utf-8") + "\n\n"
            cursor += 1
        files.append({"name": f"upload-{i}.txt", "mimeType": "text/plain", "buffer": text.encode("utf-8")})
    return files


def server_pid(port: int) -> int:
    """The `streamlit run` process serving this port, found by its command line."""
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0") if entry.name.isdigit() else []
        except OSError:
            continue
        if b"streamlit" in b" ".join(command) and str(port).encode() in command:
            return int(entry.name)
    raise SystemExit(f"no streamlit process serves port {port}")


def server_memory(server: int) -> tuple[float, float]:
    """(RSS of the Streamlit server, PSS of it and its children) in MB."""
    sizes = [_memory_kb(pid) for pid in _tree(server)]
    return _memory_kb(server)[1] / 1024, sum(pss for pss, _ in sizes) / 1024


def timed_get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as answer:
        answer.read()
    return time.perf_counter() - started


def second_user(browser, app: str) -> dict:
    """User B's page load: health endpoint, the HTML, and the map drawn in a new session."""
    figures = {"health": timed_get(app + "_stcore/health"), "html": timed_get(app)}
    context = browser.new_context(viewport={"width": 1500, "height": 1150})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1:")
                  else route.abort())
    page = context.new_page()
    started = time.perf_counter()
    page.goto(app)
    map_frame(page, timeout=300_000)
    figures["map"] = time.perf_counter() - started
    context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="reports in the store")
    parser.add_argument("--upload-mb", type=float, default=3.0, help="size of user A's upload")
    args = parser.parse_args()

    url = seeded_store(args.reports)
    files = upload_files(args.upload_mb)
    print(f"store:     {args.reports} reports (SQLite); upload: {N_UPLOAD_FILES} files, {args.upload_mb:g} MB")
    print(f"machine:   {os.cpu_count()} cores, load average {load()} before")
    with streamlit_app({"CLAIMMAP_DATABASE_URL": url}, timeout=300) as app, \
            offline_page(CHROMIUM) as (page, _watch):
        started = time.perf_counter()
        page.goto(app)
        map_frame(page, timeout=300_000)
        first_map = time.perf_counter() - started
        server = server_pid(int(app.rsplit(":", 1)[1].strip("/")))
        rss, pss = server_memory(server)
        browser = page.context.browser

        idle = second_user(browser, app)
        page.get_by_role("link", name="Upload reports").click()
        page.get_by_text("Add reports: paste text or upload files").wait_for(timeout=300_000)
        page.locator("input[type=file]").set_input_files(files=files)
        page.get_by_text(files[-1]["name"], exact=True).first.wait_for(timeout=300_000)
        started = time.perf_counter()
        page.get_by_role("button", name="Find the claims").click()
        time.sleep(0.5)  # the extraction under way
        busy = second_user(browser, app)
        busy_end = time.perf_counter() - started
        page.get_by_role("button", name=f"Save {N_UPLOAD_FILES} report(s)").wait_for(timeout=600_000)
        extraction = time.perf_counter() - started
        rss_after, pss_after = server_memory(server)

    print(f"user A's first map:      {first_map:.1f} s (server start-up and gazetteer load included)")
    print(f"server memory, map shown: RSS {rss:.0f} MB; PSS with its extraction process {pss:.0f} MB")
    print(f"  after the upload:       RSS {rss_after:.0f} MB; PSS with its extraction process {pss_after:.0f} MB")
    print(f"user A's upload:         extracted in {extraction:.1f} s; user B loaded from 0.5 s to {busy_end:.1f} s "
          f"into it ({'inside' if busy_end < extraction else 'NOT all inside'} the extraction)")
    print(f"{'user B':<24}{'idle':>8}{'during upload':>16}")
    for key, label in (("health", "health endpoint"), ("html", "page HTML"), ("map", "map drawn (new session)")):
        print(f"{label:<24}{idle[key]:>7.2f}s{busy[key]:>15.2f}s")
    print(f"load average {load()} after")


if __name__ == "__main__":
    main()
