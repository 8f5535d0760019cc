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

_VARIABLE = re.compile(
    r"^Variable '\$(?P<name>\w+)' (?:has|got) invalid value(?: at (?P<at>[^:\s]+))?"
)
_SCALAR_REASON = re.compile(r"encountered error '(?P<reason>[^']*)'")


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


def shape(
    error: GraphQLError, document: DocumentNode | None, request_id: str | None
) -> GraphQLError:
    if code_of(error):
        return error
    if error.path is None:
        # Raised before execution: the document or its variables are at fault.
        return _bad_input(error, _request_error_message(error, document))
    logger.error(
        "unexpected error in request %s at %s",
        request_id,
        error.path,
        exc_info=error.original_error,
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


def _request_error_message(error: GraphQLError, document: DocumentNode | None) -> str:
    node = error.nodes[0] if error.nodes else None
    names = _arguments_of(document, node) if document is not None and node is not None else []
    variable = _VARIABLE.match(error.message)
    if variable:
        at = variable["at"] or ""
        subject = f"argument '{names[0]}{at}'" if names else f"variable '${variable['name']}{at}'"
        return f"Invalid value for {subject}: {_reason(error)}"
    if isinstance(error.original_error, InvalidScalar):
        subject = f"argument '{names[0]}'" if names else "an argument"
        return f"Invalid value for {subject}: {error.original_error}"
    return error.message


def _reason(error: GraphQLError) -> str:
    """Why a variable was refused, never quoting its value (it may be personal data)."""
    if isinstance(error.original_error, InvalidScalar):
        return str(error.original_error)
    if scalar := _SCALAR_REASON.search(error.message):
        return scalar["reason"]
    if "was not provided" in error.message or "non-null type" in error.message:
        return "a value is required"
    return "the value does not fit the expected type"


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
