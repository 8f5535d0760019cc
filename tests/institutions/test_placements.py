"""Placements: an institution's residents, their registry records, and a person's placements."""

from typing import Any

from tests.conftest import GraphQLClient, SourceDatabases

RESIDENTS = """
query Residents($id: ID!) {
  institution(id: $id) {
    occupancy
    residents {
      id admittedOn dischargedOn reason residentNik
      institution { id }
      resident { nik household { id } }
    }
  }
}
"""

PERSON_PLACEMENTS = """
query PersonPlacements($nik: NIK!) {
  person(nik: $nik) { institutionPlacements { id residentNik institution { id } } }
}
"""

BUSIEST = (
    "SELECT institution_id FROM placements GROUP BY institution_id"
    " ORDER BY count(*) DESC, institution_id LIMIT 1"
)


async def _residents(client: GraphQLClient, key: int) -> dict[str, Any]:
    return dict((await client.data(RESIDENTS, {"id": str(key)}))["institution"])


async def test_institution_residents_are_its_placements_earliest_first(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = int(await databases.value("institutions", BUSIEST))
    stored = await databases.rows(
        "institutions",
        "SELECT * FROM placements WHERE institution_id = :id ORDER BY admitted_on, id",
        id=key,
    )
    residents = (await _residents(client, key))["residents"]
    assert [
        (r["id"], r["admittedOn"], r["dischargedOn"], r["reason"], r["residentNik"])
        for r in residents
    ] == [
        (
            str(p.id),
            str(p.admitted_on),
            None if p.discharged_on is None else str(p.discharged_on),
            p.reason,
            p.resident_nik,
        )
        for p in stored
    ]
    assert {r["institution"]["id"] for r in residents} == {str(key)}


async def test_institution_occupancy_counts_residents_not_yet_discharged(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = int(
        await databases.value(
            "institutions",
            "SELECT institution_id FROM placements GROUP BY institution_id"
            " HAVING count(discharged_on) > 0 AND count(*) > count(discharged_on)"
            " ORDER BY institution_id LIMIT 1",
        )
    )
    present = await databases.value(
        "institutions",
        "SELECT count(*) FROM placements WHERE institution_id = :id AND discharged_on IS NULL",
        id=key,
    )
    assert (await _residents(client, key))["occupancy"] == present


async def test_placement_resident_is_the_first_registry_person_with_that_nik(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    key = int(await databases.value("institutions", BUSIEST))
    residents = (await _residents(client, key))["residents"]
    expected = []
    for placement in residents:
        found = await databases.rows(
            "registry",
            "SELECT nik, household_id FROM persons WHERE nik = :nik ORDER BY id LIMIT 1",
            nik=placement["residentNik"],
        )
        expected.append(
            {"nik": found[0].nik, "household": {"id": str(found[0].household_id)}}
            if found
            else None
        )
    assert any(expected)
    assert [placement["resident"] for placement in residents] == expected


async def test_person_institution_placements_are_the_placements_of_that_nik(
    client: GraphQLClient, databases: SourceDatabases
) -> None:
    nik = await databases.value(
        "institutions", "SELECT resident_nik FROM placements ORDER BY id LIMIT 1"
    )
    stored = await databases.rows(
        "institutions",
        "SELECT id, institution_id FROM placements WHERE resident_nik = :nik"
        " ORDER BY admitted_on, id",
        nik=nik,
    )
    person = (await client.data(PERSON_PLACEMENTS, {"nik": nik}))["person"]
    assert person["institutionPlacements"] == [
        {"id": str(p.id), "residentNik": nik, "institution": {"id": str(p.institution_id)}}
        for p in stored
    ]
