"""Choosing the response media type from an Accept header, as GraphQL over HTTP asks."""

import pytest

from gateway.media import GRAPHQL_RESPONSE, JSON, negotiate

CHOSEN = [
    (None, JSON),
    ("", JSON),
    ("*/*", JSON),
    ("application/*", JSON),
    ("application/json", JSON),
    ("APPLICATION/JSON; charset=utf-8", JSON),
    ("application/graphql-response+json", GRAPHQL_RESPONSE),
    ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE),
    ("application/json, application/graphql-response+json", GRAPHQL_RESPONSE),
    ("application/json, application/graphql-response+json;q=0.9", JSON),
    ("application/graphql-response+json, */*", GRAPHQL_RESPONSE),
    ("application/graphql-response+json;q=0.5, */*;q=0.8", JSON),
    ("application/json;q=0, */*", GRAPHQL_RESPONSE),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
    ("text/html, nonsense, application/json", JSON),
]
REFUSED = [
    "text/html",
    "application/xml",
    "application/json;q=0",
    "*/*;q=0",
    "application/graphql-response+json;q=0, application/json;q=0",
    "nonsense",
    "application/json;q=high",
    "*/json",
]


@pytest.mark.parametrize(("accept", "media"), CHOSEN)
def test_the_preferred_acceptable_media_type_is_chosen(accept: str | None, media: str) -> None:
    assert negotiate(accept) == media


@pytest.mark.parametrize("accept", REFUSED)
def test_a_header_accepting_neither_type_chooses_none(accept: str) -> None:
    assert negotiate(accept) is None
