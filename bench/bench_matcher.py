"""Matcher benchmark: claimmap's gazetteer matcher against flashgeotext.

    python bench/bench_matcher.py [--mb 5]

Both are built from the SAME gazetteer rows (every name the claimmap index uses,
per place), run over the same report-like text (the seed report's body and
sentences in Russian/Ukrainian/English with place names in many spellings,
varied deterministically up to --mb megabytes), and print MB/s, their ratio, and
each one's false mentions on the seed report (places an analyst would not list).
Also prints the gazetteer's load-to-ready time, from a warm cache and cold.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimmap.gazetteer import loading as gazetteer_loading  # noqa: E402
from claimmap.gazetteer import load_gazetteer  # noqa: E402

SEED = REPO / "data" / "reports" / "000_db0048478dc47eb0.txt"
# What an analyst lists from the seed: its settlements, the oblasts it names, and
# Donetsk Oblast for "Donetsk People's Republic".
SEED_PLACES = {707292, 704204, 703656, 702972, 693468}
SEED_REGIONS = {"Kharkiv Oblast", "Luhansk Oblast", "Donetsk Oblast"}

SENTENCES = [
    "Российские войска отошли из {0}, бои идут под {1}.",
    "Українські війська увійшли до {0} та наближаються до {1}.",
    "Ukrainian forces reportedly entered {0} on Tuesday, while shelling continued near {1}.",
    "The Russian MoD said units regrouped from {0} towards {1}, Donetsk Oblast.",
    "Pro-Russian Telegram channels claim {0} is surrounded; Kyiv denies fighting in {1}.",
    "At 0330 EST, reports said troops were on the outskirts of {0} and {1}.",
]
SPELLINGS = [
    "Izyum", "Izium", "Изюма", "Ізюма", "Kupyansk", "Kup'yansk", "Купянска", "Lyman", "Лиманом", "Bakhmut",
    "Artemivsk", "Бахмута", "Sievierodonetsk", "Severodonetsk", "Lysychansk", "Лисичанська", "Avdiivka",
    "Авдіївки", "Vuhledar", "Угледара", "Marinka", "Maryinka", "Soledar", "Kherson", "Херсона", "Mariupol",
    "Мариуполя", "Melitopol", "Orikhiv", "Tokmak", "Chasiv Yar", "Toretsk", "Pokrovsk", "Kreminna", "Svatove",
    "Balakliia", "Vovchansk", "Kostiantynivka", "Kramatorsk", "Sloviansk", "Siversk", "Rubizhne", "Popasna",
    "Nova Kakhovka", "Новой Каховки", "Snihurivka", "Velyka Novosilka", "Ocheretyne", "Selydove", "Kurakhove",
    "Huliaipole", "Enerhodar", "Borova", "Lyptsi", "Kozacha Lopan", "Horlivka", "Makiivka", "Yasynuvata",
]


def report_text(megabytes: float) -> str:
    """Deterministic report-like text: seed bodies and varied sentences, `megabytes` long."""
    seed_body = SEED.read_text(encoding="utf-8").split("Tessaron")[0]
    rng = random.Random(0)
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        if rng.random() < 0.2:
            part = seed_body
        else:
            part = " ".join(rng.choice(SENTENCES).format(*rng.sample(SPELLINGS, 2)) for _ in range(8)) + "\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "".join(parts)


def flashgeotext_from(gazetteer):
    """flashgeotext over the same names: one entry per place, its names as synonyms."""
    from flashgeotext.geotext import GeoText, GeoTextConfiguration
    from flashgeotext.lookup import LookupData

    data = {f"{place.name} ({place.geonameid})": gazetteer.names_of(place) for place in gazetteer.places}
    geotext = GeoText(GeoTextConfiguration(use_demo_data=False))
    geotext.add(LookupData(name="places", data=data, script="cyrillic"))
    return geotext


def timed(function, *args):
    """The result and the CPU seconds this process spent on it (other work on a shared
    machine does not count against either matcher)."""
    start = time.process_time()
    result = function(*args)
    return result, time.process_time() - start


def best_of(runs: int, function, *args):
    """The result and the fastest of `runs` timings (the machine is shared: noise only slows)."""
    timings = [timed(function, *args) for _ in range(runs)]
    return timings[0][0], min(seconds for _, seconds in timings)


def load_times() -> tuple[float, float, float]:
    """(warm-cache load in a fresh process incl. imports, warm-cache load alone, cold build)."""
    load_gazetteer()  # make sure the cache is warm
    code = "import time; t=time.perf_counter(); from claimmap.gazetteer import load_gazetteer; load_gazetteer(); " \
           "print(time.perf_counter()-t)"
    fresh = float(subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                                 check=True).stdout)
    _, warm = timed(load_gazetteer)
    with tempfile.TemporaryDirectory() as cache:
        gazetteer_loading.CACHE_DIR = Path(cache)
        _, cold = timed(load_gazetteer)
    gazetteer_loading.CACHE_DIR = REPO / "data" / "cache"
    return fresh, warm, cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="megabytes of text (default 5)")
    args = parser.parse_args()

    fresh, warm, cold = load_times()
    print(f"gazetteer load to ready matcher: {fresh:.2f} s in a fresh process (imports + warm cache; "
          f"target < 2 s), {warm:.2f} s warm, {cold:.2f} s cold (building the cache)")

    gazetteer = load_gazetteer()
    geotext, build = timed(flashgeotext_from, gazetteer)
    print(f"flashgeotext built from the same rows in {build:.1f} s")

    text = report_text(args.mb)
    megabytes = len(text.encode("utf-8")) / 1_000_000
    _, first_s = timed(gazetteer.names_in, text)  # first pass: every distinct word folded anew
    ours, ours_s = best_of(3, gazetteer.names_in, text)
    theirs, theirs_s = best_of(3, geotext.extract, text)
    theirs_n = sum(entry["count"] for entry in theirs["places"].values())
    print(f"text: {megabytes:.1f} MB")
    print(f"claimmap matcher:  {megabytes / ours_s:8.1f} MB/s  ({len(ours):,} names in {ours_s:.2f} s; "
          f"first pass over new words {megabytes / first_s:.1f} MB/s)")
    print(f"flashgeotext:      {megabytes / theirs_s:8.1f} MB/s  ({theirs_n:,} names in {theirs_s:.2f} s)")
    print(f"ratio:             {theirs_s / ours_s:8.1f} x flashgeotext (issue target: 20 x)")

    reports = [part for part in text.split("\n\n") if part.strip()]
    _, full_s = timed(lambda: [gazetteer.find_mentions(report) for report in reports])
    print(f"claimmap find_mentions (matcher + disambiguation, per report): {megabytes / full_s:.1f} MB/s "
          f"over {len(reports):,} reports")

    seed = SEED.read_text(encoding="utf-8")
    false_ours = [(m.surface, m.place.name if m.place else None) for m in gazetteer.find_mentions(seed)
                  if not m.place or not (m.place.geonameid in SEED_PLACES or m.place.name in SEED_REGIONS)]
    seed_names = {f"{gazetteer.get(g).name} ({g})" for g in SEED_PLACES} | {
        f"{p.name} ({p.geonameid})" for p in gazetteer.places if p.name in SEED_REGIONS and p.feature == "region"}
    false_theirs = [(found, name) for name, entry in geotext.extract(seed)["places"].items()
                    if name not in seed_names for found in entry["found_as"]]
    print(f"false mentions on the seed: claimmap {len(false_ours)} {false_ours}")
    print(f"false mentions on the seed: flashgeotext {len(false_theirs)} {false_theirs[:40]}")


if __name__ == "__main__":
    main()
