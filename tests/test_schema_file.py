from pathlib import Path

from graphql import GraphQLNonNull

from schema.build import schema, sdl

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), "run `make schema` and commit"


def test_root_fields_that_can_be_refused_or_fail_are_nullable() -> None:
    """A non-null root field that is refused or whose source is down would null the whole
    answer, taking every other root field with it."""
    # The federation spec fixes `_entities: [_Entity]!` and `_service: _Service!`; each
    # `_entities` entry is nullable and carries its own error, and `_service` is refused
    # before execution, never during it.
    always_answer = {"me", "regions", "_entities", "_service"}
    for root in (schema._schema.query_type, schema._schema.mutation_type):
        assert root is not None
        for name, field in root.fields.items():
            if name not in always_answer:
                assert not isinstance(field.type, GraphQLNonNull), f"{root.name}.{name}"
