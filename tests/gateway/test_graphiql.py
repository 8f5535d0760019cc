"""GraphiQL is served at GET /graphql with the saved example operations."""

import json
import re

from gateway.graphiql import examples
from tests.conftest import GraphQLClient


async def test_get_without_query_serves_graphiql_with_examples(client: GraphQLClient) -> None:
    response = await client.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    config = re.search(
        r'<script id="simpul-config" type="application/json">(.*?)</script>', response.text, re.S
    )
    assert config is not None
    tabs = json.loads(config.group(1))["examples"]
    assert [tab["query"] for tab in tabs] == list(examples().values())


async def test_every_saved_example_runs_without_errors(client: GraphQLClient) -> None:
    response = await client.http.get("/graphql", headers={"accept": "text/html"})
    config = re.search(r'type="application/json">(.*?)</script>', response.text, re.S)
    assert config is not None
    for tab in json.loads(config.group(1))["examples"]:
        variables = json.loads(tab["variables"] or "{}")
        data = await client.data(tab["query"], variables)
        assert all(value is not None for value in data.values()), tab["query"]
