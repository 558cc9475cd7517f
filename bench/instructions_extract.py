"""Extraction cost in CPU instructions, a figure that a busy or throttled machine does not move.

    python bench/instructions_extract.py [--reports 100]

`bench_extract.py` measures CPU seconds, which on a shared machine drift by 10-20% from hour to hour
and halve on a slow day, so two commits are only comparable when timed back to back. This counts
the instructions (valgrind's callgrind, which must be installed: `apt-get install valgrind`) that
extracting --reports of the same generated reports takes, after one warm-up pass over 300 of them
(the memos of names, claimants and days filled, as in a long run). Counts repeat to within 0.1% from
run to run, so a change of 0.5% is real. It takes a few minutes: valgrind runs the gazetteer load
too, uncounted. Fewer instructions is not always less time (cache misses are not counted), but
for pure-Python work like this the two move together.

`--project DIR` (repeatable) also counts the extractor of another checkout on the same reports (built
from this checkout's corpus) and prints the ratio: counts need no alternation.
"""
from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

# callgrind counts only inside this C function: the measured loop runs under functools.reduce.
_COUNTED = "functools_reduce"


def extract_under_count(count: int, reports_file: str) -> int:
    """Extract `count` reports (after a warm-up pass) inside functools.reduce; the number of claims."""
    import claimmap
    from bench_extract import extract
    from claimmap.gazetteer import load_gazetteer
    from claimmap.timeparse import warm_up

    assert Path(claimmap.__file__).parents[1] == Path(sys.path[0]).resolve(), claimmap.__file__
    gazetteer = load_gazetteer()
    warm_up()
    reports = json.loads(Path(reports_file).read_text(encoding="utf-8"))

    def claims_of(report: str) -> int:
        return len(extract(report, gazetteer).claims)

    for report in reports:
        claims_of(report)
    gc.collect()
    gc.disable()  # a cycle collection starts wherever an allocation count runs out: noise between commits
    return functools.reduce(lambda total, report: total + claims_of(report), reports[:count], 0)


def count_instructions(project: Path, count: int, reports_file: str) -> tuple[str, int]:
    """The inside run's output and its instructions counted, the extractor taken from `project`."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", f"--toggle-collect={_COUNTED}",
             f"--callgrind-out-file={out}", sys.executable, __file__, "--inside", "--reports", str(count),
             "--reports-file", reports_file, "--project", str(project)],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})  # same dict orders every run
        if run.returncode != 0 or not out.exists():
            sys.exit(f"valgrind failed:\n{run.stderr[-2000:]}")
        return run.stdout.strip(), int(re.search(r"^summary:\s+(\d+)", out.read_text(), re.M).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--project", type=Path, action="append", default=[],
                        help="another checkout whose extractor is counted on the same reports")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)  # the run valgrind starts
    parser.add_argument("--reports-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.reports <= 300:
        parser.error("--reports must be 1 to 300: the reports counted are those of the warm-up pass")
    if args.inside:
        import bench_extract  # noqa: F401  (puts this checkout on sys.path: the project goes before it)

        sys.path.insert(0, str(args.project[0]))  # its claimmap, imported only now
        print(f"claims found:        {extract_under_count(args.reports, args.reports_file)}")
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind); bench_extract.py measures seconds without it")
    from bench_extract import make_reports

    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as reports:
        json.dump(make_reports(300, 7), reports)
    counts = []
    try:
        for project in [REPO] + [p.resolve() for p in args.project]:
            output, instructions = count_instructions(project, args.reports, reports.name)
            counts.append(instructions)
            ratio = "" if project == REPO else f" (this checkout {instructions / counts[0]:.2f}x its throughput)"
            print(f"{project}: {output.removeprefix('claims found:').strip()} claims")
            print(f"  instructions:      {instructions / 1e6:,.1f} million ({instructions / 1e3 / args.reports:,.0f} thousand per report){ratio}")
    finally:
        Path(reports.name).unlink()
    print(f"reports:             {args.reports} (after a warm-up pass over 300)")


if __name__ == "__main__":
    main()
