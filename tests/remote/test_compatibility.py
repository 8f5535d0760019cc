"""The hub's check of a node's SDL names what is missing: a type, a field or an argument."""

import re

from resolvers.logistics.remote_shapes import REQUIRED
from resolvers.remote_compat import incompatibility
from tests.remote.support import node_sdl


def _sdl() -> str:
    return node_sdl("logistics")


def test_the_reference_node_offers_everything_the_hub_asks() -> None:
    assert incompatibility(_sdl(), REQUIRED) is None


def test_a_missing_field_is_named_with_its_type() -> None:
    sdl = _sdl().replace("  postVillageCode: String!\n", "")
    assert incompatibility(sdl, REQUIRED) == (
        "Cannot query field 'postVillageCode' on type 'Shipment'."
    )


def test_a_missing_argument_is_named() -> None:
    sdl = _sdl().replace(
        "disasterEventPage(first: Int!, filter: DisasterEventFilter = null, after: Int = null)",
        "disasterEventPage(first: Int!, filter: DisasterEventFilter = null)",
    )
    problem = incompatibility(sdl, REQUIRED)
    assert problem is not None
    assert problem.startswith("Unknown argument 'after' on field 'Query.disasterEventPage'.")


def test_a_type_that_is_not_an_entity_cannot_be_fetched_by_key() -> None:
    sdl = _sdl().replace('type Household @key(fields: "id")', "type Household")
    assert incompatibility(sdl, REQUIRED) == "type 'Household' is not an entity (it has no @key)"


def test_an_sdl_without_the_federation_machinery_is_completed_before_the_check() -> None:
    sdl = re.sub(r"  _entities\(representations: \[_Any!\]!\): \[_Entity\]!\n", "", _sdl())
    sdl = re.sub(r"union _Entity = .*\n", "", sdl)
    assert "_entities" not in sdl
    assert incompatibility(sdl, REQUIRED) is None


def test_an_sdl_that_does_not_parse_is_reported() -> None:
    problem = incompatibility("type Query {", REQUIRED)
    assert problem is not None
    assert problem.startswith("its SDL does not build: Syntax Error")
