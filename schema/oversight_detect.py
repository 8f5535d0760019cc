"""Runs the checks a request asks for and keeps what passes its filter, in page order."""

import asyncio
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from auth.regions import RegionScope
from schema.context import Context
from schema.oversight_findings import AnomalyType, Finding
from schema.oversight_joins import FINDERS as JOINED
from schema.oversight_registry import FINDERS as REGISTRY_ONLY


@dataclass(frozen=True, slots=True)
class Criteria:
    types: frozenset[AnomalyType]
    observed_from: date | None = None
    observed_to: date | None = None

    def admits(self, finding: Finding) -> bool:
        observed = finding.observed_on
        if self.observed_from is None and self.observed_to is None:
            return True
        if observed is None:
            return False
        if self.observed_from is not None and observed < self.observed_from:
            return False
        return self.observed_to is None or observed <= self.observed_to


async def detect(context: Context, scope: RegionScope, criteria: Criteria) -> list[Finding]:
    """The caller's anomalies, sorted by type, region code and subject. The checks run
    together, so that an agency node gets each round of their reads as one call."""
    chosen = [finder for kind, finder in (*REGISTRY_ONLY, *JOINED) if kind in criteria.types]
    found: list[Finding] = []
    for findings in await _together(finder(context.ask, scope) for finder in chosen):
        found.extend(_kept(findings, criteria))
    found.sort(key=lambda finding: finding.sort_key)
    return found


async def _together(checks: Iterable[Coroutine[Any, Any, list[Finding]]]) -> list[list[Finding]]:
    """Every check's findings; when one fails (a source unavailable), the others are stopped
    and waited for before its error goes on, so none outlives the request."""
    tasks = [asyncio.ensure_future(check) for check in checks]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _kept(findings: Iterable[Finding], criteria: Criteria) -> list[Finding]:
    return [finding for finding in findings if criteria.admits(finding)]
