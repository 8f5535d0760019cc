"""The status and shape of a GraphQL response in its media type (GraphQL over HTTP).

Under legacy ``application/json`` every GraphQL answer is 200 and carries ``data`` (null
when nothing ran). Under ``application/graphql-response+json`` the status tells whether
execution began: 200 when it did, even with field errors; otherwise 4xx (400 for a
document that fails to parse or validate, or variables that fail coercion) and no
``data`` entry at all. In both, a request refused only for want of a token is 401.
"""

from collections.abc import Mapping
from typing import Any, cast

from starlette.responses import JSONResponse
from strawberry.http import GraphQLHTTPResponse

from gateway.media import GRAPHQL_RESPONSE, content_type

WWW_AUTHENTICATE = 'Bearer realm="simpul"'


def refusal(
    media: str,
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """A request refused before any GraphQL ran, as a typed error in ``media``."""
    body: dict[str, Any] = {
        "errors": [{"message": message, "extensions": {"code": code, **extensions}}]
    }
    if media == GRAPHQL_RESPONSE:
        # Nothing ran, so no status may say it did (a persisted document not found
        # is 200 for legacy clients only).
        status = 400 if status < 300 else status
    else:
        body = {"data": None, **body}
    headers = {"Vary": "Accept", **(headers or {})}
    return JSONResponse(body, status_code=status, headers=headers, media_type=content_type(media))


def status_of(response: GraphQLHTTPResponse, media: str) -> int:
    if _refused_for_want_of_a_token(response):
        return 401
    if media != GRAPHQL_RESPONSE or executed(response):
        return 200
    codes = {_code(error) for error in _errors(response)}
    if "INTERNAL" in codes:
        return 500
    if codes == {"FORBIDDEN"}:
        return 403
    return 400


def executed(response: GraphQLHTTPResponse) -> bool:
    """Did execution begin? Errors raised before it (parsing, validation, coercion of
    variables, limits) carry no path, and leave no data."""
    return response.get("data") is not None or any("path" in e for e in _errors(response))


def shaped_for(response: GraphQLHTTPResponse, media: str) -> GraphQLHTTPResponse:
    """``response`` as ``media`` writes it: without ``data`` when nothing ran under
    ``application/graphql-response+json``."""
    if media == GRAPHQL_RESPONSE and not executed(response):
        response.pop("data", None)
    return response


def _errors(response: GraphQLHTTPResponse) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], response.get("errors") or [])


def _code(error: Mapping[str, Any]) -> Any:
    return (error.get("extensions") or {}).get("code")


def _refused_for_want_of_a_token(response: GraphQLHTTPResponse) -> bool:
    errors = _errors(response)
    data: dict[str, Any] = dict(response.get("data") or {})
    return (
        bool(errors)
        and all(_code(error) == "UNAUTHENTICATED" for error in errors)
        and all(_nothing(value) for value in data.values())
    )


def _nothing(value: Any) -> bool:
    """Null, or a list of nulls only (``_entities`` answers one entry per representation)."""
    if isinstance(value, list):
        return bool(value) and all(item is None for item in value)
    return value is None
