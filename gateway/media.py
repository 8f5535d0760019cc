"""Which media type a GraphQL response is written in, chosen from the request's ``Accept``
header as GraphQL over HTTP asks (the middleware is in ``gateway.negotiation``).

``application/graphql-response+json`` is chosen when the client prefers it; legacy
``application/json`` when the client prefers that, offers only wildcards (``*/*``,
``application/*``) or sends no ``Accept`` at all. A header that accepts neither is refused
with 406 before anything else is looked at, except a browser's plain GET for GraphiQL.
"""

from collections.abc import Mapping
from typing import Any

from starlette.types import Scope

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
STATE_KEY = "media_type"


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or ``None`` when ``accept`` allows neither."""
    if accept is None or not accept.strip():
        return JSON
    ranges = [parsed for part in accept.split(",") if (parsed := _media_range(part))]
    graphql_quality, graphql_specificity = _quality(GRAPHQL_RESPONSE, ranges)
    json_quality, json_specificity = _quality(JSON, ranges)
    # Quality decides, then the more specific range; on a full tie the legacy type wins
    # unless the client named the GraphQL one itself.
    named = 1 if graphql_specificity == 2 else -1
    graphql_rank = (graphql_quality, graphql_specificity, named)
    json_rank = (json_quality, json_specificity, 0)
    if max(graphql_quality, json_quality) <= 0:
        return None
    return GRAPHQL_RESPONSE if graphql_rank > json_rank else JSON


def _media_range(part: str) -> tuple[str, str, float] | None:
    """``type``, ``subtype`` and quality of one element of an Accept header; ``None`` for an
    element that is not a media range (it is ignored, as if absent)."""
    media, *parameters = (piece.strip() for piece in part.split(";"))
    kind, slash, subtype = media.lower().partition("/")
    if not slash or not kind or not subtype or (kind == "*" and subtype != "*"):
        return None
    quality = 1.0
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return None
            if not 0 <= quality <= 1:
                return None
    return kind, subtype, quality


def _quality(media: str, ranges: list[tuple[str, str, float]]) -> tuple[float, int]:
    """The quality the most specific matching range gives ``media``, and how specific it is
    (2 named, 1 ``type/*``, 0 ``*/*``); ``(0, -1)`` when none matches."""
    kind, _, subtype = media.partition("/")
    found = (0.0, -1)
    for range_kind, range_subtype, quality in ranges:
        if (range_kind, range_subtype) == (kind, subtype):
            specificity = 2
        elif (range_kind, range_subtype) == (kind, "*"):
            specificity = 1
        elif (range_kind, range_subtype) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > found[1]:
            found = (quality, specificity)
    return found


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media == GRAPHQL_RESPONSE else media


def media_type_of(scope: Scope) -> str:
    """The media type chosen for this request (legacy JSON where none was negotiated)."""
    state: Mapping[str, Any] = scope.get("state") or {}
    media = state.get(STATE_KEY)
    return media if isinstance(media, str) else JSON


def wants_graphiql(method: str, params: Mapping[str, Any], accept: str) -> bool:
    """A browser's plain GET of the endpoint, answered with GraphiQL; a GET carrying a query
    or a persisted query runs it."""
    return (
        method == "GET"
        and params.get("query") is None
        and params.get("extensions") is None
        and "text/html" in accept
    )
