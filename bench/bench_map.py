"""Map page at scale: server time to rebuild after a window change, and the size of what is sent.

    python bench/bench_map.py [--sizes 1000,100000,1000000] [--places 2000]

For each size, a SQLite store under bench/out/ gets that many synthetic claims
(made once, then reused) over a year at `--places` places in Ukraine. The real
page (pages/map.py) runs under Streamlit's AppTest: first with the whole span,
then the analyst picks "last 7 days" and moves that week back a day at a time (typing both days).
Then, on that week, the analyst selects a place (its card opens on the map), sets a claimant-side
filter (the pandas path) and switches to playback.
`--timeline` instead times the timeline's counts alone (`mapdata.claims_over_time`, hourly over the
whole store, as the page's first load or a filter change pays them) with no filter, a side filter,
a text search (typed in another case than stored) and a minimum of 2 claimants per place.
Printed per size: the time of each rerun (the median of five moves), the bytes of the map component's
arguments (script, header, html, feature group: what goes to the browser for
the map), of the claim cards beside it and of the timeline chart under it. Target at 1,000,000 claims: < 300 ms, < 1.5 MB.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))

from claimmap.schema import CLAIM_COLUMNS, claim_id_for  # noqa: E402
from claimmap.store import Store  # noqa: E402

START = pd.Timestamp("2023-01-01", tz="UTC")
REPORTS = 500
CONTROLLERS = np.array(["UA", "RU", "contested", "unknown"])
SIDES = np.array(["UA", "RU", "unknown"])
CHANGES = np.array(["entered", "captured", "withdrew", "holds", "approaching"])
PLACE_IDS = 90_000_000  # the synthetic places' geonameids count up from here


def synthetic_claims(n: int, n_places: int, report_ids: list[str], seed: int = 5) -> pd.DataFrame:
    """`n` claims over a year: each place changes hands a few times; claimants mostly agree."""
    rng = np.random.default_rng(seed)
    place = rng.integers(0, n_places, n)
    seconds = np.sort(rng.integers(0, 365 * 86400, n))
    flips = rng.integers(0, 4, n_places)  # in which quarter of the year each place changes hands
    controller = np.where(seconds // (91 * 86400) >= flips[place], "UA", "RU")
    dissent = rng.random(n) < 0.1
    controller = np.where(dissent, rng.choice(CONTROLLERS, n), controller)
    side = rng.choice(SIDES, n, p=[0.45, 0.4, 0.15])
    geonameid = PLACE_IDS + place
    reports = np.array(report_ids)[rng.integers(0, len(report_ids), n)]
    evidence = np.char.add("Forces reported movement near settlement number ", place.astype(str))
    frame = pd.DataFrame({
        "report_id": reports, "place": np.char.add("Place ", place.astype(str)),
        "geonameid": geonameid, "lat": 46.5 + (place % 97) * 0.05 + rng.random(n_places)[place] * 0.01,
        "lon": 30.0 + (place // 97) * 0.4, "location_precision": "exact", "country_code": "UA", "admin1": "Synthetic Oblast",
        "time_utc": START + pd.to_timedelta(seconds, unit="s"), "time_text": "", "time_precision": "minute",
        "claimed_controller": controller, "change": rng.choice(CHANGES, n), "actor": "UA",
        "claimant": np.char.add("claimant ", rng.integers(0, 300, n).astype(str)), "claimant_side": side,
        "stance": np.where(rng.random(n) < 0.05, "denies", "asserts"), "hedged": rng.random(n) < 0.3,
        "admission": (side == "RU") & (controller == "UA"), "evidence": evidence,
        "char_start": np.arange(n) % 10_000, "char_end": np.arange(n) % 10_000 + 40, "extractor_version": "bench",
        "location_precision": "exact",
    })
    frame["place_text"] = frame["place"]
    frame["claim_id"] = [claim_id_for(r, g, "", s, c, k) for r, g, s, c, k in zip(
        frame["report_id"], frame["geonameid"], np.arange(n), frame["change"], frame["claimant"])]
    return frame.loc[:, list(CLAIM_COLUMNS)]


def bench_store(n: int, n_places: int) -> str:
    path = OUT / f"map_{n}_{n_places}.db"
    url = f"sqlite:///{path}"
    if path.exists():
        return url
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store = Store.open(url)
    report_ids = [store.add_report(f"Synthetic report {i} for the map benchmark.", source=f"source {i % 7}",
                                   report_date=date(2023, 1, 1) + timedelta(days=i % 365))[0]
                  for i in range(REPORTS)]
    store.bulk_add_claims(synthetic_claims(n, n_places, report_ids))
    store.close()
    print(f"  made store with {n:,} claims in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return url


def component_bytes(app) -> int:
    """Bytes of the map component's arguments in the last run (what the browser receives for the map)."""
    total, stack = 0, [app._tree]
    while stack:
        element = stack.pop()
        stack.extend(getattr(element, "children", {}).values())
        if type(getattr(element, "proto", None)).__name__ == "ComponentInstance":
            total += len(element.proto.json_args.encode()) + sum(a.ByteSize() for a in element.proto.special_args)
    return total


def timed_run(app, action=None) -> tuple[float, float]:
    """(wall, CPU) seconds of one rerun; CPU time is what the server spends whatever else runs."""
    wall, cpu = time.perf_counter(), time.process_time()
    (action() if action else app).run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert not app.exception, app.exception
    return wall, cpu


def ms(timing: tuple[float, float]) -> str:
    return f"{timing[0] * 1000:.0f}/{timing[1] * 1000:.0f} ms"


TIMELINE_FILTERS = {"no filter": {}, "side RU": {"filter_sides": ["RU"]},
                    "search": {"filter_search": "NUMBER 17"}, "min 2 claimants": {"filter_min_claimants": 2}}


def bench_timeline(sizes: list[int], n_places: int) -> None:
    """The timeline's counts alone under each filter: wall/CPU ms and the claims counted."""
    from claimmap import mapdata

    print(f"{'claims':>10} " + " ".join(f"{name:>24}" for name in TIMELINE_FILTERS))
    for n in sizes:
        store = Store.open(bench_store(n, min(n_places, max(1, n // 5))))
        cells = []
        for filters in TIMELINE_FILTERS.values():
            wall, cpu = time.perf_counter(), time.process_time()
            counted = int(mapdata.claims_over_time(store, "hour", filters)["n_claims"].sum())
            cells.append(f"{ms((time.perf_counter() - wall, time.process_time() - cpu))} ({counted:,})")
        store.close()
        print(f"{n:>10,} " + " ".join(f"{cell:>24}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--places", type=int, default=2000)
    parser.add_argument("--timeline", action="store_true", help="time only the timeline's counts under each filter")
    args = parser.parse_args()
    if args.timeline:
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; times are wall/CPU")
        return bench_timeline([int(s) for s in args.sizes.split(",")], args.places)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; times are wall/CPU")
    print(f"{'claims':>10} {'places':>7} {'first load':>15} {'last 7 days':>15} {'move (median of 5)':>19}"
          f" {'map bytes':>10} {'cards bytes':>12} {'timeline bytes':>15} {'select a place':>15} {'map bytes then':>15}"
          f" {'side filter':>15} {'playback':>15}"
          f" {'playback bytes':>15}")
    for n in (int(s) for s in args.sizes.split(",")):
        n_places = min(args.places, max(1, n // 5))
        os.environ["CLAIMMAP_DATABASE_URL"] = bench_store(n, n_places)
        st.cache_resource.clear()  # the page's store is cached per process
        app = AppTest.from_file(str(REPO / "pages" / "map.py"), default_timeout=600)
        first = timed_run(app)
        week = timed_run(app, next(b for b in app.button if b.label == "last 7 days").click)
        moves = []
        for day in range(1, 6):  # the analyst moves the week back, a day at a time (types both days)
            def move():
                for name in ("since", "until"):
                    typed = app.date_input(key=f"map_{name}_day")
                    typed.set_value(typed.value - timedelta(days=1))
                return app
            moves.append(timed_run(app, move))
        cards = sum(len(h.proto.body.encode()) for h in app.get("html"))
        chart = sum(c.proto.ByteSize() for c in app.get("vega_lite_chart"))
        map_bytes = component_bytes(app)
        print("  ", next(c.value for c in app.caption if "in the window" in c.value), file=sys.stderr)
        newest = re.search(r"<b>Place (\d+)</b>", app.get("html")[0].proto.body).group(1)

        def select():  # what a click on a marker does: the page reruns with the place selected
            app.session_state["map_place"] = PLACE_IDS + int(newest)  # the newest claim's place: on the map
            return app
        selected = timed_run(app, select)
        selected_bytes = component_bytes(app)
        app.session_state["map_place"] = None
        side = timed_run(app, app.multiselect(key="map_filter_sides").set_value(["RU"]).run)
        app.multiselect(key="map_filter_sides").set_value([]).run()
        playback = timed_run(app, app.radio(key="map_mode").set_value("playback").run)
        median = (statistics.median(m[0] for m in moves), statistics.median(m[1] for m in moves))
        print(f"{n:>10,} {n_places:>7,} {ms(first):>15} {ms(week):>15} {ms(median):>19}"
              f" {map_bytes:>10,} {cards:>12,} {chart:>15,} {ms(selected):>15} {selected_bytes:>15,}"
              f" {ms(side):>15} {ms(playback):>15}"
              f" {component_bytes(app):>15,}")


if __name__ == "__main__":
    main()
