"""Worst-case benchmark: extraction time per kB over adversarial inputs at several sizes.

    python bench/bench_worstcase.py [--sizes 2,8,32,128] [--time-limit 60]

Each generator builds an input of about the size asked (kB of UTF-8): runs of commas and spaces
in a claimant, whitespace-only lines, long lists of places, deep quotes and brackets, unclosed
<p> and nested <div> (through the HTML conversion), one endless sentence, punctuation soup, and
random Unicode. Each input goes from report text to claims (`report_text` then `extract_report`)
(the extraction in a `Worker`), so an input that stalls is reported as such at the time limit instead of hanging
the run. Prints ms per kB for each generator and size (fastest of --passes runs, as `timeit`
does, since the machine is shared), the worst figure found, and whether time grows linearly:
the time per kB at the largest size at most --linear-factor times that at the smallest (a
quadratic path grows it by the size ratio, 64x from 2 to 128 kB). Target: linear, under 50 ms per kB.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimmap.gazetteer import load_gazetteer  # noqa: E402
from claimmap.reporttext import report_text  # noqa: E402
from claimmap.timeparse import warm_up  # noqa: E402
from claimmap.worker import ExtractionTimedOut, Worker  # noqa: E402

SENTENCE = "Ukrainian troops entered Izyum on Saturday, the General Staff said. "
PLACES = ["Izyum", "Kupyansk", "Balakliia", "Lyman", "Bakhmut", "Soledar", "Avdiivka", "Vuhledar"]


def _repeat(unit: str, size: int, prefix: str = "", suffix: str = "") -> str:
    return prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit.encode("utf-8"))) + suffix


GENERATORS = {
    "claimant commas": lambda n: _repeat(", ", n, "Officials ", "x, said Ukrainian troops entered Izyum."),
    "claimant spaces": lambda n: _repeat(" ", n, "Officials", "said Ukrainian troops entered Izyum."),
    "blank lines": lambda n: _repeat("   \n", n, "", SENTENCE),
    "place list": lambda n: "Russian forces captured " + _repeat(", ".join(PLACES) + ", ", n) + "and Izyum.",
    "place list, and": lambda n: "Ukrainian troops liberated " + _repeat("Izyum and ", n) + "Lyman, officials said.",
    "nested quotes": lambda n: _repeat("«(“", n // 2) + SENTENCE + _repeat("”)»", n // 2),
    "dash runs": lambda n: _repeat(" - ", n, "Officials", " said Ukrainian troops entered Izyum."),
    "one sentence": lambda n: _repeat(SENTENCE.replace(".", ","), n),
    "report repeated": lambda n: _repeat(SENTENCE, n),
    "html unclosed <p>": lambda n: _repeat("<p>" + SENTENCE, n),
    "html nested <div>": lambda n: _repeat("<div>", n // 2) + SENTENCE + _repeat("</div>", n // 2),
    "punctuation soup": lambda n: "".join(random.Random(n).choice([", ", ". ", "«", "»", "(", ")", " - ", "\n", "Izyum ",
                                                                   "said ", "entered ", "the city "])
                                          for _ in range(n // 4)),
    "random unicode": lambda n: "".join(chr(random.Random(n + i).randrange(32, 0x3000)) for i in range(n // 2)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,8,32,128", help="input sizes in kB, comma-separated")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per input before it counts as a stall")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--linear-factor", type=float, default=3.0,
                        help="largest/smallest ms per kB above which growth is called super-linear")
    parser.add_argument("--only", default="", help="generators whose name contains this")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    gazetteer = load_gazetteer()
    warm_up()
    worst, super_linear, stalled = (0.0, ""), [], []
    print(f"{'generator':22}" + "".join(f"{f'{s} kB':>12}" for s in sizes) + "   (ms per kB)")
    with Worker(gazetteer, time_limit=args.time_limit) as worker:
        worker.extract(SENTENCE, report_date=date(2022, 9, 10), tz="UTC")  # the child's start is no input's cost
        for name, generate in GENERATORS.items():
            if args.only not in name:
                continue
            per_kb = []
            for size in sizes:
                raw = generate(size * 1024)
                kb = len(raw.encode("utf-8")) / 1024
                best = None
                for _ in range(args.passes):
                    started = time.perf_counter()
                    try:  # as an upload: the HTML conversion here, the extraction in the worker
                        text = report_text(raw, "auto")
                        worker.extract(text, report_date=date(2022, 9, 10), tz="UTC")
                    except ExtractionTimedOut:
                        best = None
                        break
                    elapsed = time.perf_counter() - started
                    best = elapsed if best is None else min(best, elapsed)
                if best is None:
                    stalled.append(f"{name} at {size} kB")
                    per_kb.append(float("inf"))
                    continue
                per_kb.append(best * 1000 / kb)
                worst = max(worst, (per_kb[-1], f"{name} at {size} kB"))
            cells = "".join(f"{'stalled':>12}" if v == float("inf") else f"{v:12.2f}" for v in per_kb)
            print(f"{name:22}{cells}", flush=True)
            if per_kb[-1] > args.linear_factor * max(per_kb[0], 0.05):  # below 0.05 ms/kB: start-up noise
                super_linear.append(name)
    print(f"\nworst: {worst[0]:.2f} ms per kB ({worst[1]}); target under 50 ms per kB: "
          f"{'met' if worst[0] < 50 and not stalled else 'NOT met'}")
    print("growth: linear" if not super_linear and not stalled else
          f"growth: super-linear for {', '.join(super_linear + stalled)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
