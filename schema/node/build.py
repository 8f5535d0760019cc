"""The subgraph schema of each agency that can run its own node."""

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from schema.node.logistics import LOGISTICS_ENTITIES, LogisticsNodeQuery

# Each agency that can run its own node: its root fields and its entities.
NODE_SCHEMAS: dict[str, tuple[type, tuple[type, ...]]] = {
    "logistics": (LogisticsNodeQuery, LOGISTICS_ENTITIES),
}


class NodeSchema(strawberry.federation.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # The node shapes and logs errors itself (gateway.agency_node), without values.
        return None


def node_schema(agency: str) -> NodeSchema:
    query, entities = NODE_SCHEMAS[agency]
    return NodeSchema(query=query, types=entities)
