"""The context of a request to an agency node: the verified caller and the agency's loaders."""

from dataclasses import dataclass

import strawberry

from auth.caller_context import CallerContext
from resolvers.logistics.loaders import LogisticsLoaders
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


NodeInfo = strawberry.Info[NodeContext, None]
RegistryNodeInfo = strawberry.Info[RegistryNodeContext, None]
