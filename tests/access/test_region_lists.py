"""Lists and their totals hold only the caller's regions, on the dotted boundary."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.access.support import REGENCY, Caller, ids, nodes, related, under
from tests.conftest import EVERY_SCOPE, GraphQLClient, SourceDatabases


@dataclass(frozen=True)
class Listing:
    field: str
    # The node selection; ``codes`` reads the region codes out of one node.
    selection: str
    codes: Callable[[dict[str, Any]], list[str]]
    # (agency, SQL yielding ``id`` and ``code``): every record and where it lies.
    truth: tuple[str, str]
    # Events, warehouses and offices may sit above the caller and still serve it.
    above_too: bool = False


def _code(name: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda node: [node[name]]


LISTINGS = [
    Listing(
        "households",
        "id villageCode",
        _code("villageCode"),
        ("registry", "SELECT id, village_code AS code FROM households"),
    ),
    Listing(
        "persons",
        "id household { villageCode }",
        lambda node: [node["household"]["villageCode"]],
        (
            "registry",
            "SELECT p.id, h.village_code AS code FROM persons p"
            " JOIN households h ON h.id = p.household_id",
        ),
    ),
    Listing(
        "verificationVisits",
        "id villageCode",
        _code("villageCode"),
        ("regional", "SELECT id, village_code AS code FROM verification_visits"),
    ),
    Listing(
        "complaints",
        "id villageCode",
        _code("villageCode"),
        ("regional", "SELECT id, village_code AS code FROM complaints"),
    ),
    Listing(
        "kubeGroups",
        "id villageCode",
        _code("villageCode"),
        ("regional", "SELECT id, village_code AS code FROM kube_groups"),
    ),
    Listing(
        "rehabilitationCases",
        "id villageCode",
        _code("villageCode"),
        ("regional", "SELECT id, village_code AS code FROM rehabilitation_cases"),
    ),
    Listing(
        "institutions",
        "id villageCode",
        _code("villageCode"),
        ("institutions", "SELECT id, village_code AS code FROM institutions"),
    ),
    Listing(
        "shipments",
        "id post { villageCode }",
        lambda node: [node["post"]["villageCode"]],
        (
            "logistics",
            "SELECT s.id, p.village_code AS code FROM shipments s"
            " JOIN emergency_posts p ON p.id = s.post_id",
        ),
    ),
    Listing(
        "disasterEvents",
        "id regions { code }",
        lambda node: [region["code"] for region in node["regions"]],
        ("logistics", "SELECT event_id AS id, region_code AS code FROM event_regions"),
        above_too=True,
    ),
    Listing(
        "warehouses",
        "id regionCode",
        _code("regionCode"),
        ("logistics", "SELECT id, region_code AS code FROM warehouses"),
        above_too=True,
    ),
    Listing(
        "socialOffices",
        "id regionCode",
        _code("regionCode"),
        ("regional", "SELECT id, region_code AS code FROM social_offices"),
        above_too=True,
    ),
]
VILLAGE_LISTINGS = [listing for listing in LISTINGS if not listing.above_too]
# String prefixes of seeded codes that are no region's dotted prefix of them.
NEIGHBOURS = ["3", "32.0", "32.7", "32.04.3"]


def _operation(listing: Listing) -> str:
    return (
        f"{{ {listing.field}(first: 500) {{ totalCount pageInfo {{ hasNextPage }}"
        f" edges {{ node {{ {listing.selection} }} }} }} }}"
    )


def _visible(listing: Listing, code: str, prefix: str) -> bool:
    return related(code, prefix) if listing.above_too else under(code, prefix)


async def _truth(databases: SourceDatabases, listing: Listing) -> list[tuple[int, str]]:
    return [(row.id, row.code) for row in await databases.rows(*listing.truth)]


def _regency_for(rows: list[tuple[int, str]]) -> str:
    """The anchor regency when it holds some of ``rows``, else a regency holding some but not
    all of them, else the anchor regency (which then must see none)."""
    regencies = [REGENCY, *sorted({code[:5] for _, code in rows if code.count(".") >= 1})]
    for regency in regencies:
        held = sum(under(code, regency) for _, code in rows)
        if 0 < held < len(rows):
            return regency
    return REGENCY


async def _listed(client: GraphQLClient, listing: Listing) -> dict[str, Any]:
    data = await client.data(_operation(listing))
    connection: dict[str, Any] = data[listing.field]
    assert connection["pageInfo"]["hasNextPage"] is False
    return connection


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.field)
async def test_regency_token_lists_exactly_the_records_of_its_regency(
    caller: Caller, databases: SourceDatabases, listing: Listing
) -> None:
    rows = await _truth(databases, listing)
    regency = _regency_for(rows)
    expected = sorted({key for key, code in rows if _visible(listing, code, regency)})
    connection = await _listed(caller(scopes=EVERY_SCOPE, regions=[regency]), listing)
    assert len(expected) < len({key for key, _ in rows})
    assert sorted(ids(nodes(connection))) == expected


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.field)
async def test_regency_token_total_count_counts_only_its_regency(
    caller: Caller, databases: SourceDatabases, listing: Listing
) -> None:
    rows = await _truth(databases, listing)
    regency = _regency_for(rows)
    expected = {key for key, code in rows if _visible(listing, code, regency)}
    connection = await _listed(caller(scopes=EVERY_SCOPE, regions=[regency]), listing)
    assert connection["totalCount"] == len(expected)


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.field)
async def test_regency_token_sees_no_code_outside_its_regency(
    caller: Caller, databases: SourceDatabases, listing: Listing
) -> None:
    regency = _regency_for(await _truth(databases, listing))
    connection = await _listed(caller(scopes=EVERY_SCOPE, regions=[regency]), listing)
    for node in nodes(connection):
        assert all(_visible(listing, code, regency) for code in listing.codes(node)), node


@pytest.mark.parametrize("prefix", NEIGHBOURS)
@pytest.mark.parametrize("listing", VILLAGE_LISTINGS, ids=lambda listing: listing.field)
async def test_string_prefix_token_matches_no_record_across_the_dot(
    caller: Caller, databases: SourceDatabases, listing: Listing, prefix: str
) -> None:
    connection = await _listed(caller(scopes=EVERY_SCOPE, regions=[prefix]), listing)
    assert connection["totalCount"] == 0
    assert connection["edges"] == []


@pytest.mark.parametrize("prefix", NEIGHBOURS)
async def test_string_prefix_neighbours_exist_in_the_seed(
    databases: SourceDatabases, prefix: str
) -> None:
    codes = [row.code for row in await databases.rows(*LISTINGS[0].truth)]
    assert any(code.startswith(prefix) for code in codes)
    assert not any(under(code, prefix) for code in codes)


@pytest.mark.parametrize("prefix", NEIGHBOURS)
@pytest.mark.parametrize(
    "listing", [listing for listing in LISTINGS if listing.above_too], ids=lambda x: x.field
)
async def test_string_prefix_token_sees_only_regions_on_its_dotted_line(
    caller: Caller, listing: Listing, prefix: str
) -> None:
    connection = await _listed(caller(scopes=EVERY_SCOPE, regions=[prefix]), listing)
    for node in nodes(connection):
        assert all(related(code, prefix) for code in listing.codes(node)), node
