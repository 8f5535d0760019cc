"""Regions come from the official Kemendagri list shipped with the hub."""

from tests.conftest import GraphQLClient

REGION = """
query Region($code: RegionCode!) {
  region(code: $code) {
    code name level kind
    parent { code name }
    children { code level }
    socialOffice { name region { code } }
  }
}
"""
REGIONS = "query Regions($parent: RegionCode) { regions(parentCode: $parent) { code level } }"


async def test_regions_without_parent_are_the_38_provinces(client: GraphQLClient) -> None:
    regions = (await client.data(REGIONS))["regions"]
    assert len(regions) == 38
    assert {r["level"] for r in regions} == {"PROVINCE"}
    assert "32" in {r["code"] for r in regions}


async def test_regency_has_its_province_parent_and_district_children(client: GraphQLClient) -> None:
    region = (await client.data(REGION, {"code": "32.04"}))["region"]
    assert region["name"] == "Kabupaten Bandung"
    assert region["kind"] == "kabupaten"
    assert region["level"] == "REGENCY"
    assert region["parent"] == {"code": "32", "name": "Jawa Barat"}
    assert len(region["children"]) == 31
    assert all(
        c["code"].startswith("32.04.") and c["level"] == "DISTRICT" for c in region["children"]
    )


async def test_village_kind_comes_from_its_code(client: GraphQLClient) -> None:
    village = (await client.data(REGION, {"code": "32.04.05.2001"}))["region"]
    assert village["level"] == "VILLAGE"
    assert village["kind"] == "desa"
    assert village["children"] == []


async def test_regency_links_to_its_social_office(client: GraphQLClient) -> None:
    region = (await client.data(REGION, {"code": "35.78"}))["region"]
    assert region["socialOffice"]["region"]["code"] == "35.78"
    assert "Surabaya" in region["socialOffice"]["name"]


async def test_children_of_a_district_are_its_villages(client: GraphQLClient) -> None:
    villages = (await client.data(REGIONS, {"parent": "32.04.05"}))["regions"]
    assert villages and all(v["level"] == "VILLAGE" for v in villages)
