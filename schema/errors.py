"""Every error leaves with a contract code and a message that is safe to show.

Expected failures keep their message and code. Parse, validation and input errors become
``BAD_USER_INPUT`` without the offending value (it may be personal data). Anything else is
an ``INTERNAL`` error carrying only the request id; the detail goes to the server log.
"""

import logging
import re
from collections.abc import Iterator

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    Node,
    ObjectFieldNode,
    VariableDefinitionNode,
    VariableNode,
    visit,
)
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from schema.scalars import InvalidScalar

logger = logging.getLogger("simpul.errors")

_VARIABLE_VALUE = re.compile(r"^Variable '\$(?P<name>\w+)' got invalid value .*$", re.DOTALL)


def code_of(error: GraphQLError) -> str | None:
    code = (error.extensions or {}).get("code")
    return code if isinstance(code, str) else None


class ErrorShaping(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        document = self.execution_context.graphql_document
        request_id = getattr(self.execution_context.context, "request_id", None)
        result.errors = [shape(error, document, request_id) for error in result.errors]


def shape(error: GraphQLError, document: DocumentNode | None, request_id: str | None) -> GraphQLError:
    if code_of(error):
        return error
    original = error.original_error
    if isinstance(original, InvalidScalar):
        return _bad_input(error, _input_message(error, document, str(original)))
    if original is None:
        return _bad_input(error, _without_variable_value(error.message))
    logger.error(
        "unexpected error in request %s at %s", request_id, error.path, exc_info=original
    )
    return GraphQLError(
        f"Internal error; quote request id {request_id} to the operators",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "INTERNAL", "requestId": request_id},
    )


def _bad_input(error: GraphQLError, message: str) -> GraphQLError:
    return GraphQLError(
        message, nodes=error.nodes, path=error.path, extensions={"code": "BAD_USER_INPUT"}
    )


def _without_variable_value(message: str) -> str:
    matched = _VARIABLE_VALUE.match(message)
    return f"Variable '${matched['name']}' got an invalid value" if matched else message


def _input_message(error: GraphQLError, document: DocumentNode | None, reason: str) -> str:
    node = error.nodes[0] if error.nodes else None
    names = _arguments_of(document, node) if document is not None and node is not None else []
    if names:
        return f"Invalid value for argument '{names[0]}': {reason}"
    if isinstance(node, VariableDefinitionNode):
        return f"Invalid value for variable '${node.variable.name.value}': {reason}"
    return f"Invalid value: {reason}"


def _arguments_of(document: DocumentNode, node: Node) -> list[str]:
    """Names of the arguments that hold ``node`` or use the variable it defines."""
    variable = node.variable.name.value if isinstance(node, VariableDefinitionNode) else None
    finder = _ArgumentFinder(node, variable)
    visit(document, finder)
    return finder.names


class _ArgumentFinder(Visitor):
    def __init__(self, target: Node, variable: str | None) -> None:
        super().__init__()
        self.target = target
        self.variable = variable
        self.names: list[str] = []
        self._path: list[str] = []

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        self._path.append(node.name.value)

    def leave_argument(self, node: ArgumentNode, *_: object) -> None:
        self._path.pop()

    def enter_object_field(self, node: ObjectFieldNode, *_: object) -> None:
        self._path.append(node.name.value)

    def leave_object_field(self, node: ObjectFieldNode, *_: object) -> None:
        self._path.pop()

    def enter(self, node: Node, *_: object) -> None:
        self._match(node)

    def _match(self, node: Node) -> None:
        if self._path and (
            node is self.target
            or (isinstance(node, VariableNode) and node.name.value == self.variable)
        ):
            self.names.append(".".join(self._path))
