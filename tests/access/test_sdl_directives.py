"""The SDL tells a partner which scope each field needs: walk it and check nothing is bare."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from graphql import (
    DocumentNode,
    FieldDefinitionNode,
    ListTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    StringValueNode,
    TypeNode,
    parse,
)

from auth.scopes import SCOPES
from schema.build import sdl

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
OPEN_ROOTS = {"me", "region", "regions", "cekBansos"}
# The router's fields: each `_entities` entry requires the read scope of its type's root
# field (tests/federation/test_entities_access.py); `_service` is introspection.
FEDERATION_ROOTS = {"_entities", "_service"}
AUDIT = "audit"

# Who owns the data of each object type (its connection and edge types follow it);
# None for what the hub itself answers to anyone: the caller, the gazetteer, paging.
OWNERS: dict[str, str | None] = {
    "Query": None,
    "Mutation": None,
    "_Service": None,
    "NotFound": None,
    "InvalidInput": None,
    "IdempotencyKeyReused": None,
    "IllegalTransition": None,
    "OutsideAuthority": None,
    "CekBansosResult": None,
    "BansosMatch": None,
    "BansosProgramme": None,
    "UpdateProposal": "registry",
    "UpdateProposalDecided": "registry",
    "VerificationVisitRecorded": "regional",
    "ComplaintFiled": "regional",
    "ComplaintResolved": "regional",
    "ComplaintReceipt": "regional",
    "StockMovement": "logistics",
    "Anomaly": "oversight",
    "AnomalyEvidence": "oversight",
    "AnomalyCount": "oversight",
    "AnomalyRegionCount": "oversight",
    "AnomalySummary": "oversight",
    "ProgrammeSummary": "oversight",
    "ProgrammeCoverage": "oversight",
    "CoverageFigures": "oversight",
    "SuppressedInt": "oversight",
    "SuppressedMoney": "oversight",
    "InsufficientStock": "logistics",
    "AidDistributionRecorded": "logistics",
    "ShipmentDispatched": "logistics",
    "ShipmentReceived": "logistics",
    "Me": None,
    "PageInfo": None,
    "Region": None,
    "AccessReport": AUDIT,
    "AuditRecord": AUDIT,
    "Household": "registry",
    "Person": "registry",
    "Enrolment": "registry",
    "PkhComponentGrant": "registry",
    "Disbursement": "registry",
    "SocialOffice": "regional",
    "VerificationVisit": "regional",
    "RehabilitationCase": "regional",
    "Complaint": "regional",
    "KubeGroup": "regional",
    "KubeMember": "regional",
    "KubeGrant": "regional",
    "Institution": "institutions",
    "Placement": "institutions",
    "DisasterEvent": "logistics",
    "EmergencyPost": "logistics",
    "AidDistribution": "logistics",
    "Warehouse": "logistics",
    "Shipment": "logistics",
    "ItemQuantity": "logistics",
    "StockLevel": "logistics",
}

# DESIGN §6: specific personal data, refused without the PII scope.
SENSITIVE = {
    ("Person", "disability"): "registry:pii",
    ("Disbursement", "bankAccount"): "registry:pii",
    ("Person", "rehabilitationCases"): "regional:pii",
    ("Person", "institutionPlacements"): "institutions:pii",
    ("Institution", "residents"): "institutions:pii",
    ("Query", "rehabilitationCases"): "regional:pii",
}
# Personal fields shown masked (or null) without the PII scope.
PERSONAL = {
    ("Person", "nik"),
    ("Person", "name"),
    ("Person", "birthDate"),
    ("Household", "noKk"),
    ("Household", "address"),
    ("VerificationVisit", "subjectNik"),
    ("VerificationVisit", "notes"),
    ("RehabilitationCase", "clientNik"),
    ("KubeMember", "nik"),
    ("Placement", "residentNik"),
    ("Placement", "reason"),
    ("Complaint", "summary"),
    ("UpdateProposal", "subjectNik"),
}


@dataclass(frozen=True)
class Field:
    parent: str
    name: str
    returns: str
    requires: frozenset[str] | None
    masked_without: str | None


def _named(node: TypeNode) -> str:
    while isinstance(node, NonNullTypeNode | ListTypeNode):
        node = node.type
    return str(node.name.value)  # type: ignore[attr-defined]


def _field(parent: str, node: FieldDefinitionNode) -> Field:
    requires: frozenset[str] | None = None
    masked: str | None = None
    for directive in node.directives or ():
        values = {argument.name.value: argument.value for argument in directive.arguments or ()}
        if directive.name.value == "requiresScopes":
            listed = values["scopes"]
            requires = frozenset(
                str(item.value)
                for item in getattr(listed, "values", ())
                if isinstance(item, StringValueNode)
            )
        elif directive.name.value == "maskedWithout":
            scope = values["scope"]
            masked = scope.value if isinstance(scope, StringValueNode) else None
    return Field(parent, node.name.value, _named(node.type), requires, masked)


def _fields(document: DocumentNode) -> list[Field]:
    return [
        _field(definition.name.value, field)
        for definition in document.definitions
        if isinstance(definition, ObjectTypeDefinitionNode)
        for field in definition.fields or ()
    ]


def _object_types(document: DocumentNode) -> set[str]:
    return {d.name.value for d in document.definitions if isinstance(d, ObjectTypeDefinitionNode)}


def _base(type_name: str) -> str:
    for suffix in ("Connection", "Edge"):
        if type_name.endswith(suffix) and type_name.removesuffix(suffix) in OWNERS:
            return type_name.removesuffix(suffix)
    return type_name


def _owner(type_name: str) -> str | None:
    return OWNERS.get(_base(type_name))


def _scope_to_reach(owner: str) -> str:
    return "audit:read" if owner == AUDIT else f"{owner}:read"


def _gate(field: Field) -> bool:
    """Only a caller allowed personal data (or the audit log) passes this field."""
    return bool(field.requires) and any(
        scope.endswith(":pii") or scope == "audit:read" for scope in field.requires or ()
    )


def _open_types(fields: list[Field], objects: set[str]) -> set[str]:
    """Object types reachable from Query without passing a PII or audit gate."""
    reached, frontier = {"Query"}, ["Query"]
    while frontier:
        parent = frontier.pop()
        for field in fields:
            if (
                field.parent == parent
                and not _gate(field)
                and field.returns in objects
                and field.returns not in reached
            ):
                reached.add(field.returns)
                frontier.append(field.returns)
    return reached


@pytest.fixture(params=["live", "committed"])
def document(request: pytest.FixtureRequest) -> DocumentNode:
    text = sdl() if request.param == "live" else SCHEMA_FILE.read_text(encoding="utf-8")
    return parse(text)


def test_every_object_type_has_a_known_owner(document: DocumentNode) -> None:
    unknown = sorted(name for name in _object_types(document) if _base(name) not in OWNERS)
    assert not unknown, f"classify these types in OWNERS: {unknown}"


def test_every_root_field_but_me_and_regions_requires_scopes(document: DocumentNode) -> None:
    roots = [field for field in _fields(document) if field.parent == "Query"]
    exempt = OPEN_ROOTS | FEDERATION_ROOTS
    bare = [field.name for field in roots if field.name not in exempt and not field.requires]
    assert not bare
    assert {field.name for field in roots} > OPEN_ROOTS


def test_every_root_field_requires_the_read_scope_of_the_data_it_returns(
    document: DocumentNode,
) -> None:
    for field in _fields(document):
        owner = _owner(field.returns)
        if field.parent == "Query" and owner is not None:
            assert field.requires and _scope_to_reach(owner) in field.requires, field


def test_every_link_into_another_agency_requires_that_agency_read_scope(
    document: DocumentNode,
) -> None:
    crossing = [
        field
        for field in _fields(document)
        if _owner(field.returns) is not None and _owner(field.returns) != _owner(field.parent)
    ]
    bare = [
        f"{field.parent}.{field.name}"
        for field in crossing
        if not field.requires or _scope_to_reach(str(_owner(field.returns))) not in field.requires
    ]
    assert crossing
    assert not bare


def test_every_nik_field_is_masked_or_behind_a_pii_requirement(document: DocumentNode) -> None:
    fields = _fields(document)
    open_types = _open_types(fields, _object_types(document))
    bare = [
        f"{field.parent}.{field.name}"
        for field in fields
        if field.returns == "NIK"
        and field.masked_without is None
        and not _gate(field)
        and field.parent in open_types
    ]
    assert not bare


def test_every_personal_field_is_masked_without_its_own_agency_pii(document: DocumentNode) -> None:
    found = {(field.parent, field.name): field for field in _fields(document)}
    for key in PERSONAL:
        assert found[key].masked_without == f"{OWNERS[key[0]]}:pii", key


# Oversight shows other agencies' personal data: each such field names that agency's scope.
MASKED_BY_SOURCE = {("Anomaly", "subjectNik"): "registry:pii"}


def test_masking_directives_name_the_pii_scope_of_the_owning_agency(
    document: DocumentNode,
) -> None:
    for field in _fields(document):
        if field.masked_without is not None:
            expected = MASKED_BY_SOURCE.get((field.parent, field.name))
            assert field.masked_without == (expected or f"{_owner(field.parent)}:pii"), field


def test_specific_personal_data_requires_its_pii_scope(document: DocumentNode) -> None:
    found = {(field.parent, field.name): field for field in _fields(document)}
    for key, scope in SENSITIVE.items():
        requires = found[key].requires
        assert requires is not None and scope in requires, key


def test_directives_name_only_real_scopes(document: DocumentNode) -> None:
    for field in _fields(document):
        assert (field.requires or frozenset()) <= SCOPES, field
        assert field.masked_without is None or field.masked_without in SCOPES, field
