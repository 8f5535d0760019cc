"""Resident memory of a server under load: the sum over its process group, sampled."""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROC = Path("/proc")


def group_rss_kib(group: int) -> int:
    """The summed VmRSS of every process in process group ``group``."""
    total = 0
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != group:
                continue
            status = (entry / "status").read_text()
        except (OSError, ProcessLookupError):
            continue  # the process ended while we looked
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class Peak:
    def __init__(self) -> None:
        self.kib = 0

    @property
    def mib(self) -> float:
        return self.kib / 1024


@contextmanager
def peak_rss(group: int, interval: float = 0.2) -> Iterator[Peak]:
    """Samples the group's RSS every ``interval`` seconds while the block runs."""
    peak = Peak()
    done = threading.Event()

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
