"""The subgraph schema of each agency that can run its own node, and its request context."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from auth.caller_context import CallerContext
from auth.regions import RegionScope
from auth.spent_tokens import SpentTokens
from resolvers.institutions.loaders import InstitutionLoaders
from resolvers.logistics.loaders import LogisticsLoaders
from resolvers.regional.loaders import RegionalLoaders
from resolvers.registry.loaders import RegistryLoaders
from resolvers.source import Reader
from schema.node.agency_writes import AgencyWritesMutation
from schema.node.context import (
    InstitutionsNodeContext,
    NodeCall,
    NodeContext,
    RegionalNodeContext,
    RegistryNodeContext,
)
from schema.node.institutions import INSTITUTIONS_ENTITIES, InstitutionsNodeQuery
from schema.node.logistics import LOGISTICS_ENTITIES
from schema.node.logistics_lists import LogisticsNodeQuery
from schema.node.regional import REGIONAL_ENTITIES
from schema.node.regional_lists import RegionalNodeQuery
from schema.node.registry import REGISTRY_ENTITIES
from schema.node.registry_lists import RegistryNodeQuery


@dataclass(frozen=True, slots=True)
class NodeAgency:
    agency: str
    query: type
    entities: tuple[type, ...]
    # The agency's context type and loaders, made per call under the caller's regions.
    context_type: Callable[..., NodeCall]
    loaders: Callable[[Reader, RegionScope], Any]

    def context(self, caller: CallerContext, reader: Reader, spent: SpentTokens) -> NodeCall:
        loaders = self.loaders(reader, caller.principal.regions)
        return self.context_type(self.agency, caller, reader, spent, loaders)


NODE_AGENCIES: dict[str, NodeAgency] = {
    node.agency: node
    for node in (
        NodeAgency(
            "logistics", LogisticsNodeQuery, LOGISTICS_ENTITIES, NodeContext, LogisticsLoaders
        ),
        NodeAgency(
            "institutions",
            InstitutionsNodeQuery,
            INSTITUTIONS_ENTITIES,
            InstitutionsNodeContext,
            InstitutionLoaders,
        ),
        NodeAgency(
            "regional", RegionalNodeQuery, REGIONAL_ENTITIES, RegionalNodeContext, RegionalLoaders
        ),
        NodeAgency(
            "registry", RegistryNodeQuery, REGISTRY_ENTITIES, RegistryNodeContext, RegistryLoaders
        ),
    )
}


class NodeSchema(strawberry.federation.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # The node shapes and logs errors itself (gateway.agency_node), without values.
        return None


def node_schema(agency: str) -> NodeSchema:
    chosen = NODE_AGENCIES[agency]
    return NodeSchema(query=chosen.query, mutation=AgencyWritesMutation, types=chosen.entities)
