"""The update proposals, read of a registry node: the same questions as ``ProposalLoaders``
asks in SQL. A proposal carries its household's village, which decides the region."""

from typing import Any

from auth.regions import RegionScope
from resolvers.paging import Page, PageRequest
from resolvers.registry import AGENCY
from resolvers.registry.filters import ProposalFilter
from resolvers.registry.remote_shapes import (
    PROPOSAL,
    PROPOSAL_FIELDS,
    PROPOSAL_OF_VISIT,
    PROPOSAL_PAGE,
    PROPOSAL_TALLY,
    PROPOSALS_OF_HOUSEHOLD,
)
from resolvers.remote import RemoteReader
from resolvers.remote_batch import RemoteBatch
from resolvers.remote_reads import RemoteLoaders, at, belongs, entries
from resolvers.remote_records import RemoteRecord

_WHAT = "update proposal"


class RemoteProposalLoaders(RemoteLoaders):
    def __init__(self, reader: RemoteReader, scope: RegionScope, batch: RemoteBatch) -> None:
        super().__init__(AGENCY, reader, scope, batch)
        self.by_id = self._lookup(self._by_id)
        self.by_visit = self._lookup(self._by_visit)
        self.by_household = self._lookup(self._by_household)

    async def page(self, where: ProposalFilter, request: PageRequest) -> Page[Any]:
        keeps = at(self._narrowed(where.region_code).allows, "village_code")
        return await self._page_of(PROPOSAL_PAGE, where, request, PROPOSAL.record, keeps, _WHAT)

    async def count(self, where: ProposalFilter) -> int:
        scope = self._narrowed(where.region_code)
        return await self._count_of(
            PROPOSAL_TALLY, where, lambda codes: all(map(scope.allows, codes))
        )

    async def _by_id(self, key: int) -> RemoteRecord | None:
        found = await self._batch.entity(PROPOSAL_FIELDS, key)
        return self._visible(found, "id", key)

    async def _by_visit(self, key: int) -> RemoteRecord | None:
        found = await self._batch.root(PROPOSAL_OF_VISIT, visitId=str(key))
        return self._visible(found, "source_visit_id", key)

    async def _by_household(self, key: int) -> list[RemoteRecord]:
        found = await self._batch.entity(PROPOSALS_OF_HOUSEHOLD, key)
        proposals = [PROPOSAL.record(entry) for entry in entries(found, "updateProposals")]
        belongs(proposals, "household_id", key)
        kept = self._kept(proposals, _WHAT, self._in_scope)
        return sorted(kept, key=lambda record: int(record.id))

    def _visible(self, found: Any, column: str, key: int) -> RemoteRecord | None:
        if found is None:
            return None
        record = PROPOSAL.record(found)
        belongs([record], column, key)
        return self._one(record, _WHAT, self._in_scope)

    def _in_scope(self, record: RemoteRecord) -> bool:
        return self._scope.allows(record.village_code)
