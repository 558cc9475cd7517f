"""Extraction benchmark: end-to-end report text to claims, the gazetteer loaded and the date parser set up once.

    python bench/bench_extract.py [--reports 1000] [--seed 7]

Builds --reports reports deterministically from the hand-checked test reports
(tests/reports and the seed): each is 15-45 of their paragraphs (about 4 kB, the
length of a news article or daily assessment), drawn with a fixed random seed, in English, Russian and
Ukrainian, plain text, Markdown and HTML-derived text alike. Runs `extract_report` over all of them
on one core, --passes times (3 unless told), and prints reports/s and MB/s (UTF-8 bytes) of the
fastest pass with every pass's figure, claims found, and the process's peak resident memory.
Target: at least 2 MB/s. The fastest pass is the figure, as `timeit` takes its minimum: on a shared
machine the slower passes measure the other work on it, not the extractor (the first pass fills no
cache that the others miss: they measure alike). It also prints the split between the gazetteer's
place matching (`find_mentions`, timed alone over the same reports) and the extractor's own work
(the rest), so each owner sees their part.

`--project DIR` (repeatable) also times the extractor of another checkout (e.g. a worktree of the
commit before a change: `git worktree add /tmp/before 73ca24a --detach`) on the same reports, built
from this checkout's corpus: each checkout's extractor runs in its own process, loaded once, and
they take turns every 20 reports, so that both meet the same load. It prints each one's fastest pass
and its ratio to this checkout's.

`--dump FILE` writes, instead of timing, every report's full claim rows (and unresolved names) as JSON lines,
so that a change meant to be faster can be shown to give the same output: dump before and after, `cmp` the files.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))



def corpus_paragraphs() -> list[str]:
    from claimmap.reporttext import decode_report, paragraphs, report_text

    found = []
    for meta_path in sorted((REPO / "tests" / "reports").glob("*.json")) + [REPO / "data" / "reports" / "000_db0048478dc47eb0.json"]:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        source = meta_path.parent / meta.get("file", meta_path.with_suffix(".txt").name)
        text = report_text(decode_report(source.read_bytes()))
        found += [text[start:end] for start, end in paragraphs(text)]
    return found


def make_reports(count: int, seed: int) -> list[str]:
    pool = corpus_paragraphs()
    rng = random.Random(seed)
    return ["\n\n".join(rng.choices(pool, k=rng.randint(15, 45))) for _ in range(count)]


def extract(report: str, gazetteer):
    """One report's extraction, dated and zoned as every bench report is."""
    from claimmap.extract import extract_report

    return extract_report(report, report_date=date(2022, 9, 10), tz="Europe/Kyiv", gazetteer=gazetteer)


def serve_passes(reports_file: str) -> None:
    """A checkout's extractor (first on sys.path) over the reports in the file: per line read ("first last"),
    those reports; it answers with their CPU seconds and claims."""
    import claimmap
    from claimmap.gazetteer import load_gazetteer
    from claimmap.timeparse import warm_up

    assert Path(claimmap.__file__).parents[1] == Path(sys.path[0]).resolve(), claimmap.__file__
    gazetteer = load_gazetteer()
    warm_up()
    reports = json.loads(Path(reports_file).read_text(encoding="utf-8"))
    extract(reports[0], gazetteer)  # warm caches
    print("ready", flush=True)
    for line in sys.stdin:
        first, last = map(int, line.split())
        started = time.process_time()
        claims = sum(len(extract(report, gazetteer).claims) for report in reports[first:last])
        print(json.dumps([time.process_time() - started, claims]), flush=True)


def dump_rows(reports: list[str], path: Path) -> None:
    """Each report's claims, every field, and its unresolved names: one JSON line per report."""
    from dataclasses import asdict

    from claimmap.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    with path.open("w", encoding="utf-8") as out:
        for report in reports:
            extraction = extract(report, gazetteer)
            rows = [asdict(claim) for claim in extraction.claims]
            names = [(u.name, u.char_start, u.char_end, [str(c) for c in u.candidates]) for u in extraction.unresolved]
            out.write(json.dumps([rows, names, extraction.warnings], default=str, ensure_ascii=False) + "\n")


_CHUNK = 20  # reports per turn: the checkouts take turns often, so that a change in the machine's load meets both


def compare(projects: list[Path], reports: list[str], passes: int) -> None:
    """The same reports through each checkout's extractor, turns alternated; fastest pass and ratio."""
    megabytes = sum(len(r.encode("utf-8")) for r in reports) / 1e6
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as out:
        json.dump(reports, out)
    workers = [subprocess.Popen([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import bench_extract;"
                                 " sys.path.insert(0, sys.argv[2]); bench_extract.serve_passes(sys.argv[3])",
                                 str(REPO / "bench"), str(project), out.name],
                                cwd=project, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for project in projects]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    times: list[list[float]] = [[] for _ in projects]
    claims = [0] * len(projects)
    for _ in range(max(1, passes)):
        for i in range(len(workers)):
            times[i].append(0.0)
            claims[i] = 0
        for first in range(0, len(reports), _CHUNK):
            for i, worker in enumerate(workers):
                worker.stdin.write(f"{first} {first + _CHUNK}\n")
                worker.stdin.flush()
                seconds, found = json.loads(worker.stdout.readline())
                times[i][-1] += seconds
                claims[i] += found
    for worker in workers:
        worker.stdin.close()
        worker.wait()
    Path(out.name).unlink()
    print(f"reports:             {len(reports)} ({megabytes:.2f} MB), the checkouts taking turns every {_CHUNK}")
    for project, passes_of, found in zip(projects, times, claims):
        best = min(passes_of)
        ratio = "" if project == projects[0] else f", this checkout {best / min(times[0]):.2f}x its throughput"
        print(f"{project}: {megabytes / best:.2f} MB/s, {len(reports) / best:.0f} reports/s, {found} claims{ratio}"
              f" (passes: {', '.join(f'{megabytes / p:.2f}' for p in passes_of)} MB/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--passes", type=int, default=3, help="passes over the reports; the fastest is reported")
    parser.add_argument("--project", type=Path, action="append", default=[],
                        help="another checkout whose extractor runs on the same reports, passes alternated")
    parser.add_argument("--dump", type=Path, help="write every report's claim rows as JSON lines to this file, no timing")
    args = parser.parse_args()
    if args.dump:
        dump_rows(make_reports(args.reports, args.seed), args.dump)
        return
    if args.project:
        compare([REPO] + [p.resolve() for p in args.project], make_reports(args.reports, args.seed), args.passes)
        return

    from claimmap.gazetteer import load_gazetteer
    from claimmap.timeparse import warm_up

    started = time.perf_counter()
    gazetteer = load_gazetteer()
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    warm_up()  # dateparser's one-time set-up, as the app pays it at start
    warm_up_seconds = time.perf_counter() - started
    reports = make_reports(args.reports, args.seed)
    megabytes = sum(len(r.encode("utf-8")) for r in reports) / 1e6

    extract(reports[0], gazetteer)  # warm caches
    passes = []
    for _ in range(max(1, args.passes)):
        started = time.process_time()
        claims = unresolved = 0
        for report in reports:
            extraction = extract(report, gazetteer)
            claims += len(extraction.claims)
            unresolved += len(extraction.unresolved)
        passes.append(time.process_time() - started)
    seconds = min(passes)
    started = time.process_time()
    for report in reports:  # the share of the gazetteer's place matching in the above, called as the extractor does
        gazetteer.find_mentions(report, reasons=False)
    matching = time.process_time() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"gazetteer load:      {load_seconds:.2f} s (once)")
    print(f"date parser set-up:  {warm_up_seconds:.2f} s (once, timeparse.warm_up)")
    print(f"reports:             {len(reports)} ({megabytes:.2f} MB, {megabytes * 1e3 / len(reports):.1f} kB each)")
    print(f"claims found:        {claims} ({unresolved} unresolved names)")
    print(f"CPU time:            {seconds:.2f} s on one core (fastest of {len(passes)} passes)")
    print(f"throughput:          {len(reports) / seconds:.0f} reports/s, {megabytes / seconds:.2f} MB/s (target >= 2 MB/s)")
    print(f"  passes:            {', '.join(f'{megabytes / p:.2f}' for p in passes)} MB/s (the fastest above)")
    rest = seconds - matching
    print(f"  gazetteer:         {matching:.2f} s, {matching / seconds:.0%} in Gazetteer.find_mentions ({megabytes / matching:.2f} MB/s alone)")
    print(f"  extractor:         {rest:.2f} s, {rest / seconds:.0%} in the rest ({megabytes / rest:.2f} MB/s alone, target >= 4 MB/s):"
          " phrases, times, claimants, claims")
    print(f"peak memory (RSS):   {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
