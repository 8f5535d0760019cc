"""What a server under load uses: resident memory (sampled) and CPU time, summed over its
process group. CPU time per request is the figure that a busy, shared machine disturbs least."""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROC = Path("/proc")


TICKS = os.sysconf("SC_CLK_TCK")


def _members(group: int) -> Iterator[Path]:
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == group:
                    yield entry
            except ProcessLookupError:
                continue  # the process ended while we looked


def _owned_by(uid: int) -> Iterator[Path]:
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    yield entry
            except OSError:
                continue


def group_rss_kib(group: int) -> int:
    """The summed VmRSS of every process in process group ``group``."""
    total = 0
    for member in _members(group):
        try:
            status = (member / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _cpu_seconds(processes: Iterator[Path]) -> float:
    ticks = 0
    for process in processes:
        try:
            fields = (process / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / TICKS


def group_cpu_seconds(group: int) -> float:
    """User and system CPU time of the group's live processes (and their reaped children)."""
    return _cpu_seconds(_members(group))


def user_cpu_seconds(uid: int) -> float:
    """CPU time of every live process of user ``uid`` (the database server's)."""
    return _cpu_seconds(_owned_by(uid))


class Usage:
    def __init__(self) -> None:
        self.kib = 0
        self.cpu_seconds = 0.0
        self.database_cpu_seconds = 0.0

    @property
    def mib(self) -> float:
        return self.kib / 1024


@contextmanager
def usage(group: int, database_uid: int, interval: float = 0.2) -> Iterator[Usage]:
    """The group's peak RSS (sampled every ``interval`` s) and CPU time, and the database
    server's CPU time, while the block runs."""
    peak = Usage()
    done = threading.Event()
    cpu_before = group_cpu_seconds(group)
    database_before = user_cpu_seconds(database_uid)

    def sample() -> None:
        while True:
            peak.kib = max(peak.kib, group_rss_kib(group))
            if done.wait(interval):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()
        peak.cpu_seconds = group_cpu_seconds(group) - cpu_before
        peak.database_cpu_seconds = user_cpu_seconds(database_uid) - database_before
