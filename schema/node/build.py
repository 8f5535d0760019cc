"""The subgraph schema of each agency that can run its own node, and its request context."""

from collections.abc import Callable
from dataclasses import dataclass

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from auth.caller_context import CallerContext
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
    query: type
    entities: tuple[type, ...]
    # The request's context: the agency's loaders under the caller's regions.
    context: Callable[
        [CallerContext, Reader],
        NodeCall,
    ]


NODE_AGENCIES: dict[str, NodeAgency] = {
    "logistics": NodeAgency(
        LogisticsNodeQuery,
        LOGISTICS_ENTITIES,
        lambda caller, reader: NodeContext(
            "logistics", caller, reader, LogisticsLoaders(reader, caller.principal.regions)
        ),
    ),
    "institutions": NodeAgency(
        InstitutionsNodeQuery,
        INSTITUTIONS_ENTITIES,
        lambda caller, reader: InstitutionsNodeContext(
            "institutions", caller, reader, InstitutionLoaders(reader, caller.principal.regions)
        ),
    ),
    "regional": NodeAgency(
        RegionalNodeQuery,
        REGIONAL_ENTITIES,
        lambda caller, reader: RegionalNodeContext(
            "regional", caller, reader, RegionalLoaders(reader, caller.principal.regions)
        ),
    ),
    "registry": NodeAgency(
        RegistryNodeQuery,
        REGISTRY_ENTITIES,
        lambda caller, reader: RegistryNodeContext(
            "registry", caller, reader, RegistryLoaders(reader, caller.principal.regions)
        ),
    ),
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
