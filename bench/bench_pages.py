"""The analyst's pages at scale: server time of the Claims and Place pages, and what they send.

    python bench/bench_pages.py [--sizes 1000,100000,1000000] [--places 2000]

Uses the synthetic stores of bench_map.py (bench/out/, made once and reused).
Each page runs under Streamlit's AppTest as the analyst uses it: the Claims
page loads, then a search narrows it, then the CSV download is clicked; the
Place page opens the place with the most claims; the Upload and Gazetteer pages
load. Printed per size: each run's time and the bytes of the tables sent.
Targets at 1,000,000 claims: Claims and Place pages < 5 s, their tables < 5 MB.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_map import bench_store  # noqa: E402

from claimmap import claimviews  # noqa: E402
from claimmap.store import Store  # noqa: E402


def timed_run(app, action=None) -> float:
    """Wall seconds of one rerun of the page (after `action`, a widget change)."""
    started = time.perf_counter()
    (action() if action else app).run()
    assert not app.exception, app.exception
    return time.perf_counter() - started


def table_bytes(app) -> int:
    return sum(d.proto.ByteSize() for d in app.dataframe)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--places", type=int, default=2000)
    args = parser.parse_args()
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    print(f"{'claims':>10} {'claims page':>12} {'search':>8} {'csv':>8} {'table bytes':>12}"
          f" {'place page':>11} {'place bytes':>12} {'upload page':>12} {'gazetteer page':>15}")
    for n in (int(s) for s in args.sizes.split(",")):
        n_places = min(args.places, max(1, n // 5))
        url = bench_store(n, n_places)
        os.environ["CLAIMMAP_DATABASE_URL"] = url
        st.cache_resource.clear()
        claims_page = AppTest.from_file(str(REPO / "pages" / "claims.py"), default_timeout=600)
        first = timed_run(claims_page)
        search = timed_run(claims_page, lambda: claims_page.text_input(key="claims_filter_search").set_value("Place 7"))
        shown = table_bytes(claims_page)
        store = Store.open(url)
        everything = store.claims()
        started = time.perf_counter()
        claimviews.download_bytes(everything, "csv")
        csv = time.perf_counter() - started
        busiest = int(everything["geonameid"].value_counts().index[0])
        place_page = AppTest.from_file(str(REPO / "pages" / "place.py"), default_timeout=600)
        place_page.query_params["place"] = str(busiest)
        place = timed_run(place_page)
        upload = timed_run(AppTest.from_file(str(REPO / "pages" / "upload.py"), default_timeout=600))
        gazetteer = timed_run(AppTest.from_file(str(REPO / "pages" / "gazetteer.py"), default_timeout=600))
        print(f"{n:>10,} {first * 1000:>10.0f}ms {search * 1000:>6.0f}ms {csv * 1000:>6.0f}ms {shown:>12,}"
              f" {place * 1000:>9.0f}ms {table_bytes(place_page):>12,} {upload * 1000:>10.0f}ms"
              f" {gazetteer * 1000:>13.0f}ms")


if __name__ == "__main__":
    main()
