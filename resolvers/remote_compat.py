"""Does a node's SDL offer what the hub asks of it?

The node's ``_service { sdl }`` omits the federation machinery (``_Any``, ``_Entity``,
``_entities``), so it is added back as the specification defines it, with every type
that declares a ``@key`` in the entity union. Then each document the hub sends is
validated against that schema: the first error names the missing type, field or argument.
"""

from collections.abc import Iterable

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    build_ast_schema,
    parse,
    validate,
)

from resolvers.remote_batch import Entities, Fetch, probe_document


def incompatibility(sdl: str, required: Iterable[Fetch | str]) -> str | None:
    """Why the node's schema cannot serve the hub, or None when it can: it must answer
    every fetch, and every document (a write) given as text."""
    try:
        document = parse(sdl)
        schema = _schema(sdl, document)
    except GraphQLError as error:
        return f"its SDL does not build: {error.message}"
    except TypeError as error:
        return f"its SDL does not build: {error}"
    entities = _entity_names(document)
    for fetch in required:
        if isinstance(fetch, Entities) and fetch.typename not in entities:
            return f"type '{fetch.typename}' is not an entity (it has no @key)"
        probe = fetch if isinstance(fetch, str) else probe_document(fetch)
        errors = validate(schema, parse(probe))
        if errors:
            return errors[0].message
    return None


def _schema(sdl: str, document: DocumentNode) -> GraphQLSchema:
    bare = build_ast_schema(document, assume_valid_sdl=True)
    query = bare.query_type
    entities = sorted(_entity_names(document))
    if query is None or "_entities" in query.fields or not entities:
        return bare
    machinery = [] if "_Any" in bare.type_map else ["scalar _Any"]
    machinery.append(f"union _Entity = {' | '.join(entities)}")
    machinery.append(
        f"extend type {query.name} {{ _entities(representations: [_Any!]!): [_Entity]! }}"
    )
    return build_ast_schema(parse(sdl + "\n" + "\n".join(machinery)), assume_valid_sdl=True)


def _entity_names(document: DocumentNode) -> set[str]:
    return {
        definition.name.value
        for definition in document.definitions
        if isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode)
        and any(directive.name.value == "key" for directive in definition.directives or ())
    }
