"""Every root field and every cross-agency link refuses a token lacking its agency's scope."""

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.access.support import SOME_NIK, Caller, codes_at, dig, errors_of, without
from tests.conftest import GraphQLClient, SourceDatabases


@dataclass(frozen=True)
class Root:
    field: str
    selection: str
    scope: str
    # A root field of another agency asked alongside, which must still answer.
    neighbour: str = "institutions { totalCount }"


ROOTS = [
    Root("household", 'household(id: "1") { id }', "registry:read"),
    Root("person", f'person(nik: "{SOME_NIK}") {{ id }}', "registry:read"),
    Root("households", "households { totalCount }", "registry:read"),
    Root("persons", "persons { totalCount }", "registry:read"),
    Root("socialOffices", "socialOffices { totalCount }", "regional:read"),
    Root("verificationVisits", "verificationVisits { totalCount }", "regional:read"),
    Root("rehabilitationCases", "rehabilitationCases { totalCount }", "regional:read"),
    Root("rehabilitationCases", "rehabilitationCases { totalCount }", "regional:pii"),
    Root("complaints", "complaints { totalCount }", "regional:read"),
    Root("kubeGroups", "kubeGroups { totalCount }", "regional:read"),
    Root(
        "institution", 'institution(id: "1") { id }', "institutions:read", "persons { totalCount }"
    ),
    Root(
        "institutions", "institutions { totalCount }", "institutions:read", "persons { totalCount }"
    ),
    Root("warehouses", "warehouses { totalCount }", "logistics:read"),
    Root("shipments", "shipments { totalCount }", "logistics:read"),
    Root("disasterEvent", 'disasterEvent(id: "1") { id }', "logistics:read"),
    Root("disasterEvents", "disasterEvents { totalCount }", "logistics:read"),
    Root("auditLog", "auditLog { totalCount }", "audit:read"),
    Root("accessReport", f'accessReport(nik: "{SOME_NIK}") {{ nik }}', "audit:read"),
]
PROTECTED = [root for root in ROOTS if root.scope.endswith(":read")]


def _document(root: Root) -> str:
    return f"{{ me {{ clientId }} regions {{ code }} {root.selection} {root.neighbour} }}"


@pytest.mark.parametrize("root", ROOTS, ids=lambda root: f"{root.field}-{root.scope}")
async def test_root_field_refuses_a_token_without_its_scope(caller: Caller, root: Root) -> None:
    body = await caller(scopes=without(root.scope)).post(_document(root))
    assert body["data"][root.field] is None
    assert codes_at(body) == {(root.field,): "FORBIDDEN"}
    assert root.scope in errors_of(body)[0]["extensions"]["scopes"]


@pytest.mark.parametrize("root", ROOTS, ids=lambda root: f"{root.field}-{root.scope}")
async def test_other_root_fields_answer_beside_a_refused_one(caller: Caller, root: Root) -> None:
    body = await caller(scopes=without(root.scope)).post(_document(root))
    neighbour = root.neighbour.split()[0]
    assert body["data"]["me"]["clientId"] == "test-operator"
    assert len(body["data"]["regions"]) == 38
    assert body["data"][neighbour]["totalCount"] > 0


@pytest.mark.parametrize("root", PROTECTED, ids=lambda root: root.field)
async def test_anonymous_caller_is_unauthenticated_on_every_protected_root_field(
    http: httpx.AsyncClient, root: Root
) -> None:
    response = await http.post("/graphql", json={"query": f"{{ {root.selection} }}"})
    body = response.json()
    assert response.status_code == 401
    assert body["data"] is None or body["data"][root.field] is None
    assert codes_at(body) == {(root.field,): "UNAUTHENTICATED"}


async def test_anonymous_caller_still_gets_me_and_regions_beside_refused_fields(
    anonymous: GraphQLClient,
) -> None:
    body = await anonymous.post(
        "{ me { authenticated } regions { code } households { totalCount } }"
    )
    assert body["data"]["me"] == {"authenticated": False}
    assert len(body["data"]["regions"]) == 38
    assert body["data"]["households"] is None
    assert codes_at(body) == {("households",): "UNAUTHENTICATED"}


async def test_token_without_any_scope_is_forbidden_not_unauthenticated(caller: Caller) -> None:
    body = await caller(scopes=[]).post("{ households { totalCount } persons { totalCount } }")
    assert body["data"] == {"households": None, "persons": None}
    assert codes_at(body) == {("households",): "FORBIDDEN", ("persons",): "FORBIDDEN"}


# -- links from one agency's record to another's ----------------------------------------------


@dataclass(frozen=True)
class Link:
    name: str
    operation: str
    withheld: str
    # Where the parent record sits; it must still answer.
    parent: tuple[str | int, ...]
    # SQL (agency, statement) yielding the operation's one variable, $key.
    key: tuple[str, str]


LINKS = [
    Link(
        "Household.verificationVisits",
        "query($key: ID!) { household(id: $key) { id verificationVisits { id } } }",
        "regional:read",
        ("household",),
        ("regional", "SELECT household_id FROM verification_visits ORDER BY id"),
    ),
    Link(
        "Household.aidReceived",
        "query($key: ID!) { household(id: $key) { id aidReceived { id } } }",
        "logistics:read",
        ("household",),
        ("logistics", "SELECT household_id FROM aid_distributions ORDER BY id"),
    ),
    Link(
        "Region.socialOffice",
        "query($key: RegionCode!) { region(code: $key) { code socialOffice { id } } }",
        "regional:read",
        ("region",),
        ("regional", "SELECT region_code FROM social_offices ORDER BY id"),
    ),
    Link(
        "DisasterEvent.affectedHouseholds",
        "query($key: ID!) { disasterEvent(id: $key) { id affectedHouseholds { totalCount } } }",
        "registry:read",
        ("disasterEvent",),
        ("logistics", "SELECT id FROM disaster_events ORDER BY id"),
    ),
    Link(
        "Placement.resident",
        "query($key: ID!) { institution(id: $key) { id residents { id resident { id } } } }",
        "registry:read",
        ("institution", "residents", 0),
        ("institutions", "SELECT institution_id FROM placements ORDER BY id"),
    ),
    Link(
        "VerificationVisit.household",
        "query($key: RegionCode) { verificationVisits(filter: {regionCode: $key}) {"
        " edges { node { id household { id } } } } }",
        "registry:read",
        ("verificationVisits", "edges", 0, "node"),
        ("regional", "SELECT village_code FROM verification_visits ORDER BY id"),
    ),
    Link(
        "RehabilitationCase.person",
        "query($key: RegionCode) { rehabilitationCases(filter: {regionCode: $key}) {"
        " edges { node { id person { id } } } } }",
        "registry:read",
        ("rehabilitationCases", "edges", 0, "node"),
        ("regional", "SELECT village_code FROM rehabilitation_cases ORDER BY id"),
    ),
    Link(
        "Complaint.household",
        "query($key: RegionCode) { complaints(filter: {regionCode: $key}) {"
        " edges { node { id household { id } } } } }",
        "registry:read",
        ("complaints", "edges", 0, "node"),
        (
            "regional",
            "SELECT village_code FROM complaints WHERE household_id IS NOT NULL ORDER BY id",
        ),
    ),
    Link(
        "KubeMember.member",
        "query($key: RegionCode) { kubeGroups(filter: {regionCode: $key}) {"
        " edges { node { id members { id member { id } } } } } }",
        "registry:read",
        ("kubeGroups", "edges", 0, "node", "members", 0),
        ("regional", "SELECT village_code FROM kube_groups ORDER BY id"),
    ),
    Link(
        "Person.rehabilitationCases",
        "query($key: NIK!) { person(nik: $key) { id rehabilitationCases { id } } }",
        "regional:read",
        ("person",),
        ("regional", "SELECT client_nik FROM rehabilitation_cases ORDER BY id"),
    ),
    Link(
        "Person.institutionPlacements",
        "query($key: NIK!) { person(nik: $key) { id institutionPlacements { id } } }",
        "institutions:read",
        ("person",),
        ("institutions", "SELECT resident_nik FROM placements ORDER BY id"),
    ),
]


async def _refused_link(caller: Caller, databases: SourceDatabases, link: Link) -> dict[str, Any]:
    key = await databases.value(*link.key)
    body: dict[str, Any] = await caller(scopes=without(link.withheld)).post(
        link.operation, {"key": str(key)}
    )
    return body


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.name)
async def test_cross_agency_link_refuses_a_token_without_the_target_agency_scope(
    caller: Caller, databases: SourceDatabases, link: Link
) -> None:
    body = await _refused_link(caller, databases, link)
    field = link.name.split(".")[1]
    codes = codes_at(body)
    assert codes, "the link answered without its scope"
    assert set(codes.values()) == {"FORBIDDEN"}
    assert all(path[-1] == field for path in codes)
    assert all(dig(body["data"], path) is None for path in codes)
    assert all(link.withheld in error["extensions"]["scopes"] for error in errors_of(body))


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.name)
async def test_the_record_holding_a_refused_link_still_answers(
    caller: Caller, databases: SourceDatabases, link: Link
) -> None:
    body = await _refused_link(caller, databases, link)
    parent = dig(body["data"], link.parent)
    assert parent is not None
    assert parent.get("id") or parent.get("code")
