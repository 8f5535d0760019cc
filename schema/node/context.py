"""The context of a request to an agency node: the verified caller, the agency's database
and its loaders under the caller's regions."""

from dataclasses import dataclass

import strawberry

from auth.caller_context import CallerContext
from auth.spent_tokens import SpentTokens
from resolvers.institutions.loaders import InstitutionLoaders
from resolvers.logistics.loaders import LogisticsLoaders
from resolvers.regional.loaders import RegionalLoaders
from resolvers.registry.loaders import RegistryLoaders
from resolvers.source import Reader


@dataclass
class NodeCall:
    agency: str
    caller: CallerContext
    # The agency's database, for reads beside the loaders (tallies, the agency's reads).
    reader: Reader
    # The node's tokens already taken for a write without a key.
    spent: SpentTokens


@dataclass
class NodeContext(NodeCall):
    logistics: LogisticsLoaders


@dataclass
class RegistryNodeContext(NodeCall):
    registry: RegistryLoaders


@dataclass
class InstitutionsNodeContext(NodeCall):
    institutions: InstitutionLoaders


@dataclass
class RegionalNodeContext(NodeCall):
    regional: RegionalLoaders


NodeCallInfo = strawberry.Info[NodeCall, None]
NodeInfo = strawberry.Info[NodeContext, None]
RegistryNodeInfo = strawberry.Info[RegistryNodeContext, None]
InstitutionsNodeInfo = strawberry.Info[InstitutionsNodeContext, None]
RegionalNodeInfo = strawberry.Info[RegionalNodeContext, None]
