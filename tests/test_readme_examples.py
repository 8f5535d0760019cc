"""Every GraphQL example in the README is valid against the schema and within the default
limits, so a reader who pastes one into GraphiQL is not refused."""

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from auth.policy import Limits
from schema.build import schema
from schema.complexity import measure

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_example_is_valid_and_within_the_default_limits(example: str) -> None:
    document = parse(example, max_tokens=Limits().tokens)
    assert validate(schema._schema, document) == []
    limits = Limits()
    for definition in document.definitions:
        name = getattr(definition, "name", None)
        measured = measure(schema._schema, document, name.value if name else None, {})
        assert measured.depth <= limits.depth
        assert measured.aliases <= limits.aliases
        assert measured.cost <= limits.cost
