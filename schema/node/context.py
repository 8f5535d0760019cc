"""The context of a request to an agency node: the verified caller and the agency's loaders."""

from dataclasses import dataclass

import strawberry

from auth.caller_context import CallerContext
from resolvers.institutions.loaders import InstitutionLoaders
from resolvers.logistics.loaders import LogisticsLoaders
from resolvers.regional.loaders import RegionalLoaders
from resolvers.registry.loaders import RegistryLoaders
from resolvers.source import Reader


@dataclass
class NodeContext:
    caller: CallerContext
    logistics: LogisticsLoaders


@dataclass
class RegistryNodeContext:
    caller: CallerContext
    registry: RegistryLoaders
    # For the counts per village, read beside the loaders under the same regions.
    reader: Reader


RegistryNodeInfo = strawberry.Info[RegistryNodeContext, None]
NodeInfo = strawberry.Info[NodeContext, None]


@dataclass
class InstitutionsNodeContext:
    caller: CallerContext
    institutions: InstitutionLoaders


InstitutionsNodeInfo = strawberry.Info[InstitutionsNodeContext, None]


@dataclass
class RegionalNodeContext:
    caller: CallerContext
    regional: RegionalLoaders


RegionalNodeInfo = strawberry.Info[RegionalNodeContext, None]
