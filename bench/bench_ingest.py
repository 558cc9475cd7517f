"""Archive ingest benchmark: `python -m claimmap ingest ARCHIVE --jobs N` over 10,000 real-size reports.

    python bench/bench_ingest.py [--reports 10000] [--jobs 1,2] [--stores sqlite,postgresql]

Builds (once, in bench/out/) an archive of --reports report files made as bench_extract makes
its reports (15-45 paragraphs of the hand-checked test reports, about 4 kB each, a fixed seed),
then runs the real command on it into a fresh SQLite file and a fresh PostgreSQL schema
(CLAIMMAP_TEST_DATABASE_URL, default the local `test` database), once per --jobs value, and
prints for each run: wall time of the whole command (start-up included), reports/s, MB/s, the
speed-up over the first --jobs value, and the peak memory of the command's process tree (the
sum of its processes' proportional set sizes, so pages the forked workers share are counted
once, and the largest single RSS), and the CPU seconds its main process (reading, storing) and its
extraction workers used: unlike the wall time, these hardly change with the other work on the
machine. `--project DIR` (repeatable) runs the command of another checkout on the same archive in
the same run (e.g. a copy of the commit before: `git archive HEAD~3 | tar -x -C /tmp/before`), so
that before and after meet the same load. Targets: the whole archive in <= 30 s on 2 cores, >= 1.7x
from 1 to 2 jobs. The machine's load average is printed before and after: on a shared machine
the other work takes cores from the runs, and the speed-up can only be measured on a quiet one.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO / "bench"))

from bench_extract import make_reports  # noqa: E402

PG_URL = os.environ.get("CLAIMMAP_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPORT_DATE, TZ = "2022-09-10", "Europe/Kyiv"  # as bench_extract dates its reports


def archive(count: int, seed: int) -> Path:
    """The archive folder, built once per size and seed (a complete one is marked by `.done`)."""
    folder = OUT / f"archive-{count}-{seed}"
    if not (folder / ".done").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for i, report in enumerate(make_reports(count, seed)):
            (folder / f"report-{i:05d}.txt").write_text(report, encoding="utf-8")
        (folder / ".done").touch()
    return folder


def _tree(root: int) -> list[int]:
    """The process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):  # ended meanwhile
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB, (0, 0) if it has ended."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    except (OSError, ValueError):
        return 0, 0
    return int(fields["Pss"].split()[0]), int(fields["Rss"].split()[0])


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a process has used so far, 0 if it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


class PeakMemory:
    """Samples a process tree's memory, and each process's CPU time, every 0.2 s while it runs."""

    def __init__(self, pid: int):
        self.pid, self.pss_kb, self.rss_kb = pid, 0, 0
        self.cpu: dict[int, float] = {}  # the last CPU seconds seen per process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            tree = _tree(self.pid)
            sizes = [_memory_kb(pid) for pid in tree]
            for pid in tree:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))
            self.pss_kb = max(self.pss_kb, sum(pss for pss, _ in sizes))
            self.rss_kb = max(self.rss_kb, max((rss for _, rss in sizes), default=0))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def fresh_store(kind: str) -> tuple[str, callable]:
    """A URL to an empty store of this kind, and what removes it afterwards."""
    if kind == "sqlite":
        path = OUT / f"ingest-{uuid.uuid4().hex[:8]}.db"

        def remove() -> None:
            for leftover in OUT.glob(path.name + "*"):
                leftover.unlink()
        return f"sqlite:///{path}", remove
    server = sa.create_engine(PG_URL)
    schema = f"bench_ingest_{uuid.uuid4().hex[:8]}"
    with server.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with server.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()
    return server.url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False), drop


def run_ingest(folder: Path, kind: str, jobs: int, project: Path = REPO) -> dict:
    url, remove = fresh_store(kind)
    command = [sys.executable, "-m", "claimmap", "ingest", str(folder), "--jobs", str(jobs),
               "--report-date", REPORT_DATE, "--tz", TZ]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, env={**os.environ, "CLAIMMAP_DATABASE_URL": url},
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    memory = PeakMemory(process.pid)
    stdout, _ = process.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    remove()
    if process.returncode != 0:
        raise SystemExit(f"ingest --jobs {jobs} into {kind} failed (exit {process.returncode}):\n{stdout}")
    summary = re.search(r"reports: (\d+) new.*\nclaims: (\d+)", stdout)
    main_cpu = memory.cpu.pop(process.pid, 0.0)
    return dict(seconds=seconds, reports=int(summary.group(1)), claims=int(summary.group(2)),
                pss_mb=memory.pss_kb / 1024, rss_mb=memory.rss_kb / 1024,
                main_cpu=main_cpu, workers_cpu=sum(memory.cpu.values()))


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to compare")
    parser.add_argument("--stores", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--project", action="append", type=Path,
                        help="the checkout whose command runs (repeat to compare; default this one)")
    args = parser.parse_args()
    projects = [path.resolve() for path in args.project or [REPO]]
    jobs = [int(value) for value in args.jobs.split(",")]

    folder = archive(args.reports, args.seed)
    megabytes = sum(path.stat().st_size for path in folder.glob("*.txt")) / 1e6
    print(f"archive:   {args.reports} reports, {megabytes:.1f} MB ({folder.relative_to(REPO)})")
    print(f"machine:   {os.cpu_count()} cores, load average {load()} (1, 5, 15 min) before")
    for number, project in enumerate(projects):
        print(f"project {number}: {project}")
    print(f"{'store':<11}{'proj':>5}{'jobs':>5}{'seconds':>9}{'reports/s':>11}{'MB/s':>7}{'speed-up':>10}"
          f"{'peak PSS MB':>13}{'max RSS MB':>12}{'CPU s main':>12}{'workers':>9}{'claims':>9}")
    for kind in args.stores.split(","):
        for number, project in enumerate(projects):
            first = None
            for n in jobs:
                run = run_ingest(folder, kind, n, project)
                first = first or run
                print(f"{kind:<11}{number:>5}{n:>5}{run['seconds']:>9.1f}{run['reports'] / run['seconds']:>11.0f}"
                      f"{megabytes / run['seconds']:>7.2f}{first['seconds'] / run['seconds']:>9.2f}x"
                      f"{run['pss_mb']:>13.0f}{run['rss_mb']:>12.0f}{run['main_cpu']:>12.1f}"
                      f"{run['workers_cpu']:>9.1f}{run['claims']:>9}", flush=True)
                if run["claims"] != first["claims"] or run["reports"] != args.reports:
                    raise SystemExit(f"--jobs {n} stored {run['reports']} reports, {run['claims']} claims: "
                                     f"not what --jobs {jobs[0]} stored")
    print(f"load average {load()} after; targets: the archive in <= 30 s on 2 cores, >= 1.7x from 1 to 2 jobs")


if __name__ == "__main__":
    main()
